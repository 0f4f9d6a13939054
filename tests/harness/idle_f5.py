"""Test-only: start IDLE as `python -m idlelib SCRIPT` does, press F5, and note what its Shell shows.

    python idle_f5.py SCRIPT REPORT

IDLE opens SCRIPT in an editor window, exactly as from the command line.
Once the main loop runs, this presses F5 in that window: a real key event,
which IDLE's key bindings turn into "Run Module". From then on, every 0.1 s it
writes REPORT (JSON, replaced whole each time) with the Shell window's text,
whether the Shell is still running the script, and the PID of IDLE's
execution process (the one that runs the script, talking to this one over a
socket). A file REPORT.restart, when it appears, is taken as a click on
Shell > Restart Shell.

Everything else is IDLE's own code: its two processes, their socket, and the
Shell's output objects. tests/idle_runner.py starts this and reads REPORT.
"""
import json
import os
import signal
import sys
import time
import tkinter

from idlelib import pyshell

script, report = sys.argv[1:3]
sys.argv = [sys.argv[0], script]  # what pyshell.main() reads: open SCRIPT in an editor window
# A safety net should the test that started IDLE die without ending it: IDLE
# ends itself and, on POSIX, its whole process group (its execution process
# and the script's children, which IDLE itself never ends).
GIVE_UP = time.monotonic() + float(os.environ.get("IDLE_F5_GIVE_UP", "300"))


def press_f5() -> None:
    editor = next(iter(pyshell.flist.inversedict))  # the only window: SCRIPT's editor
    editor.text.focus_force()
    editor.text.event_generate("<Key-F5>")
    write_report()


def write_report() -> None:
    shell = pyshell.flist.pyshell  # None until F5 has opened the Shell
    process = shell.interp.rpcsubproc if shell else None
    data = {
        "shell": shell.text.get("1.0", "end-1c") if shell else "",
        "executing": bool(shell and shell.executing),
        "execution_pid": process.pid if process else None,
    }
    with open(report + ".tmp", "w", encoding="utf-8") as file:
        json.dump(data, file)
    os.replace(report + ".tmp", report)
    if shell and os.path.exists(report + ".restart"):
        os.remove(report + ".restart")
        shell.text.event_generate("<<restart-shell>>")  # what the menu item sends
    if time.monotonic() > GIVE_UP:
        if hasattr(os, "killpg") and os.getpgrp() == os.getpid():  # never a group not our own
            os.killpg(0, signal.SIGKILL)
        os._exit(3)
    pyshell.root.after(100, write_report)


_mainloop = tkinter.Misc.mainloop


def mainloop(widget, n=0):
    """pyshell.main() ends in root.mainloop(): press F5 as soon as the loop runs."""
    tkinter.Misc.mainloop = _mainloop
    widget.after_idle(press_f5)
    _mainloop(widget, n)


tkinter.Misc.mainloop = mainloop
pyshell.main()
