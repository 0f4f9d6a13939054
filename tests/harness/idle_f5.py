"""Test-only: `python idle_f5.py SCRIPT REPORT` starts IDLE as `python -m idlelib SCRIPT` does and presses F5.

F5 is a real key event in SCRIPT's editor window, which IDLE turns into Run
Module. Then every 0.1 s this writes REPORT (JSON): the Shell's text, whether
it is running the script, and the PID of IDLE's execution process, which runs
it. A file REPORT.restart is taken as a click on Shell > Restart Shell.
"""
import json
import os
import sys
import tkinter

from idlelib import pyshell

script, report = sys.argv[1:3]
sys.argv = [sys.argv[0], script]  # what pyshell.main() reads: open SCRIPT in an editor window


def press_f5():
    editor = next(iter(pyshell.flist.inversedict))  # the only window: SCRIPT's editor
    editor.text.focus_force()
    editor.text.event_generate("<Key-F5>")
    write_report()


def write_report():
    shell = pyshell.flist.pyshell  # None until F5 has opened the Shell
    process = shell.interp.rpcsubproc if shell else None
    with open(report + ".tmp", "w", encoding="utf-8") as file:
        json.dump({"shell": shell.text.get("1.0", "end-1c") if shell else "",
                   "executing": bool(shell and shell.executing),
                   "execution_pid": process.pid if process else None}, file)
    os.replace(report + ".tmp", report)
    if shell and os.path.exists(report + ".restart"):
        os.remove(report + ".restart")
        shell.text.event_generate("<<restart-shell>>")  # what the menu item sends
    pyshell.root.after(100, write_report)


_mainloop = tkinter.Misc.mainloop


def mainloop(widget, n=0):
    """pyshell.main() ends in root.mainloop(): press F5 as soon as the loop runs."""
    tkinter.Misc.mainloop = _mainloop
    widget.after_idle(press_f5)
    _mainloop(widget, n)


tkinter.Misc.mainloop = mainloop
pyshell.main()
