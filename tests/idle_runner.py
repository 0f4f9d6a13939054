"""Run a tutorial script in a real IDLE, as a reader pressing F5 does, and read what IDLE shows.

IDLE is two processes: the GUI, whose Shell window shows the output, and an
execution process that runs the script, its sys.stdout, sys.stderr and
sys.stdin forwarding each call to the GUI over a socket. harness/idle_f5.py
starts the GUI as `python -m idlelib SCRIPT` does and presses F5; this module
starts that, follows it through the report it writes, looks at the processes
involved, and ends them all.

IDLE's own standard output (the terminal it was started from, if any) goes to
a file, never a pipe: a child blocked in IDLE would hold a pipe open for ever.
"""
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import pytest

from script_runner import HARNESS_DIR, PYTHON, ROOT, RUN_TIMEOUT, SKIP, Script, in_the_background, script_env

IDLE_F5 = HARNESS_DIR / "idle_f5.py"
# What F5 writes first: "= RESTART: " and the script's whole path, which may hold spaces
# ("C:\Users\First Last\..."), between bars of "=" that IDLE shortens to one, or none, for a long path.
SCRIPT_RESTART = re.compile(r"=* RESTART: .*main_\w+\.py(?: =*)?")
SHELL_RESTART = "RESTART: Shell"  # what Shell > Restart Shell writes
# IDLE up to 3.9 writes its prompt into the Shell's text; from 3.10 it shows it in a sidebar.
PROMPT = re.compile(r"^>>> ?", re.MULTILINE)
POLL = 0.05  # seconds between looks at the report
# Children that have not moved, in state and CPU time, over this long, are blocked.
# With kill_time() swapped for nothing a working child has long finished by then.
STILL_FOR = 0.5
# Set as the test session ends: a run still under way (its tests deselected, or the session
# stopped by -x, Ctrl-C or a signal) has no one left to report to, and ends IDLE at once.
ABANDON = threading.Event()
# How long Tk may take to open its first window before the IDLE tests give up on this desktop.
TK_TIMEOUT = 30
# Where the processes are gone, how long the operating system may take to reap them.
REAP_TIMEOUT = 10


# ---------------------------------------------------------------- a display

@contextlib.contextmanager
def display() -> Iterator[Tuple[Optional[Dict[str, str]], str]]:
    """(environment for Tk to open windows with, "") or (None, why it cannot).

    On Linux without DISPLAY it starts a virtual X server, Xvfb, for as long
    as the block lasts. Windows and macOS open windows on the desktop.
    """
    if not _has_tkinter():
        yield None, "this Python has no tkinter, or no IDLE (Debian, Ubuntu: sudo apt install idle)"
        return
    env: Dict[str, str] = {}
    xvfb = None
    if os.name == "posix" and sys.platform != "darwin" and not os.environ.get("DISPLAY"):
        if not shutil.which("Xvfb"):
            yield None, "no display: DISPLAY is not set and there is no Xvfb (Debian, Ubuntu: sudo apt install xvfb)"
            return
        read_end, write_end = os.pipe()
        # -displayfd: Xvfb picks a free display number and writes it to us once it is ready.
        # A session of its own: Xvfb takes SIGHUP, which a closed terminal sends to the
        # whole job, as an order to reset, not to end. It ends with the tests instead.
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp",
                                 "-screen", "0", "1280x1024x24"], pass_fds=[write_end],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=_die_with_parent())
        os.close(write_end)
        with os.fdopen(read_end) as ready:
            number = ready.readline().strip()
        if not number:
            xvfb.kill()
            xvfb.wait()
            yield None, "Xvfb did not start"
            return
        env["DISPLAY"] = f":{number}"
    try:
        problem = _tk_problem(env)
        yield (None, f"Tk cannot open a window here: {problem}") if problem else (env, "")
    finally:
        if xvfb:
            xvfb.terminate()
            xvfb.wait()


def _die_with_parent():
    """On Linux, a preexec_fn that has the child killed when the tests' process ends, however it ends."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # loaded here, before the fork: the child only makes the call
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    pr_set_pdeathsig = 1

    def die_with_parent():
        prctl(pr_set_pdeathsig, signal.SIGKILL)
    return die_with_parent


def _has_tkinter() -> bool:
    return subprocess.run([PYTHON, "-c", "import tkinter, idlelib.pyshell"], capture_output=True).returncode == 0


def _tk_problem(display_env: Dict[str, str]) -> Optional[str]:
    """Why a Tk window cannot be opened, in Tk's words; None when it can."""
    try:
        check = subprocess.run([PYTHON, "-c", "import tkinter; tkinter.Tk().destroy()"],
                               env={**os.environ, **display_env}, capture_output=True, text=True, timeout=TK_TIMEOUT)
    except subprocess.TimeoutExpired:  # reported of macOS sessions that have no window server
        return f"no window opened within {TK_TIMEOUT} s"
    if check.returncode == 0:
        return None
    return (check.stderr.strip().splitlines() or [f"exit status {check.returncode}"])[-1]


# ---------------------------------------------------------------- processes

@dataclass(frozen=True)
class ProcessState:
    pid: int
    parent: int
    group: int
    state: str  # R running, S sleeping, Z ended but not yet reaped, ...
    cpu: float  # seconds of CPU time used so far


def process_table() -> Dict[int, ProcessState]:
    """Every process on the machine: from /proc on Linux, ps elsewhere on POSIX, tasklist on Windows."""
    if Path("/proc/self/stat").exists():
        return _from_proc()
    if os.name == "posix":
        return _from_ps()
    return _from_tasklist()


def _from_proc() -> Dict[int, ProcessState]:
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended while we looked
            continue
        fields = text[text.rindex(")") + 2:].split()  # after "pid (command name) "
        pid = int(text.split(" ", 1)[0])
        table[pid] = ProcessState(pid, int(fields[1]), int(fields[2]), fields[0],
                                  (int(fields[11]) + int(fields[12])) / ticks)
    return table


def _from_ps() -> Dict[int, ProcessState]:
    lines = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,pgid=,state=,time="], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    table = {}
    for line in lines:
        pid, parent, group, state, cpu = line.split()
        seconds = sum(float(part) * 60 ** power for power, part in enumerate(reversed(cpu.replace("-", ":").split(":"))))
        table[int(pid)] = ProcessState(int(pid), int(parent), int(group), state[0], seconds)
    return table


def _from_tasklist() -> Dict[int, ProcessState]:
    lines = subprocess.run(["tasklist", "/FO", "CSV", "/NH"], capture_output=True, text=True, check=True).stdout
    pids = [int(row.split('","')[1]) for row in lines.splitlines() if row.count('","') >= 1]
    return {pid: ProcessState(pid, -1, -1, "?", 0.0) for pid in pids}


def alive(pids, table: Dict[int, ProcessState]) -> List[int]:
    """Those of PIDS that still exist and have not ended (an unreaped zombie has)."""
    return sorted(pid for pid in pids if pid in table and table[pid].state != "Z")


def _moves(processes: Dict[int, ProcessState]) -> Dict[int, Tuple[str, float]]:
    return {pid: (p.state, p.cpu) for pid, p in processes.items()}


def blocked(before: ProcessState, after: Optional[ProcessState]) -> bool:
    """Alive, asleep at both looks, and not a tick of CPU time used in between."""
    return after is not None and before.state == after.state == "S" and after.cpu == before.cpu


# ---------------------------------------------------------------- a run

@dataclass(frozen=True)
class IdleRun:
    """What a reader sees after opening SCRIPT in IDLE and pressing F5."""

    label: str  # the start method, or "threads"
    shell: str  # the Shell window's text: at the end of the run, or once its children were found blocked
    stdout: str  # IDLE's own standard output: the terminal it was started from, if any
    finished: bool  # the Shell said the run was over
    children_before: Tuple[ProcessState, ...] = ()  # the execution process's children, first look...
    children_after: Tuple[ProcessState, ...] = ()  # ...and STILL_FOR seconds later (until_blocked runs)
    shell_after_restart: str = ""  # the Shell after Shell > Restart Shell (until_blocked runs)
    alive_after_restart: Tuple[int, ...] = ()  # which of those children outlived the restart
    left_behind: Tuple[int, ...] = ()  # IDLE's or the script's processes alive after IDLE was ended

    @property
    def shown_after_f5(self) -> str:
        """What the script made the Shell show: its text after F5's RESTART line, without prompts."""
        found = SCRIPT_RESTART.search(self.shell)
        return PROMPT.sub("", self.shell[found.end():]) if found else ""

    @property
    def transcript(self) -> str:
        return (f"\nIDLE, {self.label}, finished: {self.finished}\n--- Shell window ---\n{self.shell}\n"
                f"--- IDLE's standard output ---\n{self.stdout}\n--- children ---\n{self.children_before}\n"
                f"{self.children_after}\n--- after Restart Shell ---\n{self.shell_after_restart}\n"
                f"alive: {self.alive_after_restart}\n--- left behind ---\n{self.left_behind}\n--- end ---")


class _Idle:
    """One IDLE, started in HOME (its settings folder and working directory), and everything it starts."""

    def __init__(self, script: Script, home: Path, start_method: Optional[str], display_env: Dict[str, str],
                 folder: Path = ROOT):
        self.report = home / "idle-report.json"
        self.stdout_file = home / "idle-stdout.txt"
        env = {**script_env(start_method, kill_time=SKIP), **display_env,
               # IDLE keeps its settings in ~/.idlerc: a fresh one, not the user's.
               "HOME": str(home), "USERPROFILE": str(home), "IDLE_F5_GIVE_UP": str(RUN_TIMEOUT + 60)}
        with open(self.stdout_file, "w") as stdout:
            self.popen = subprocess.Popen(
                [PYTHON, str(IDLE_F5), str(folder / script.file), str(self.report)], cwd=str(home), env=env,
                stdout=stdout, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                # Its own process group, so that it can be ended with all it started, orphans included.
                start_new_session=(os.name == "posix"),
                creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0))
        in_the_background(self.popen)
        self.seen = {self.popen.pid}  # every PID of IDLE's or the script's seen so far
        self.deadline = time.monotonic() + RUN_TIMEOUT

    def look(self) -> Tuple[dict, Dict[int, ProcessState]]:
        """The latest report, and the process table, noting every process of IDLE's group."""
        if time.monotonic() > self.deadline:
            raise TimeoutError(f"IDLE did not get there within {RUN_TIMEOUT} s")
        if self.popen.poll() is not None:
            raise RuntimeError(f"IDLE ended by itself, exit status {self.popen.returncode}")
        if ABANDON.is_set():
            raise RuntimeError("the test session ended first")
        time.sleep(POLL)
        try:
            report = json.loads(self.report.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not written yet
            report = {"shell": "", "executing": False, "execution_pid": None}
        table = process_table()
        self.seen |= {p.pid for p in table.values() if p.group == self.popen.pid}  # POSIX only
        if report["execution_pid"]:
            self.seen.add(report["execution_pid"])
        return report, table

    def end(self) -> Tuple[int, ...]:
        """End IDLE and all it started; the PIDs that are still alive after REAP_TIMEOUT."""
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(self.popen.pid)], capture_output=True)
        self.popen.wait()
        deadline = time.monotonic() + REAP_TIMEOUT
        while alive(self.seen, process_table()) and time.monotonic() < deadline:
            time.sleep(POLL)
        return tuple(alive(self.seen, process_table()))


def run_in_idle(script: Script, home: Path, start_method: Optional[str], display_env: Dict[str, str],
                until_blocked: bool = False, folder: Path = ROOT) -> IdleRun:
    """Open SCRIPT in IDLE, press F5 and wait for the run to end, with kill_time() swapped for nothing.

    FOLDER: where SCRIPT is, with time_utils.py beside it. UNTIL_BLOCKED:
    stop waiting, too, once the execution process has had the same two
    children, neither changing state nor using CPU, for STILL_FOR seconds;
    then press Shell > Restart Shell and see which of them outlive it. Either
    way, IDLE and everything it started are ended before this returns, and
    whatever survived is reported.
    """
    label = start_method or "threads"
    idle = _Idle(script, home, start_method, display_env, folder)
    found: dict = {"label": label, "shell": "", "finished": False}
    failure = None
    try:
        first_look: Dict[int, ProcessState] = {}
        first_time = 0.0
        while True:
            report, table = idle.look()
            found["shell"] = report["shell"]
            if SCRIPT_RESTART.search(report["shell"]) and not report["executing"]:
                found["finished"] = True
                break
            children = {p.pid: p for p in table.values() if p.parent == report["execution_pid"]}
            if not (until_blocked and report["executing"] and len(children) == 2):
                continue
            if _moves(first_look) != _moves(children):  # a child still starting up, or a new one
                first_look, first_time = children, time.monotonic()
            elif time.monotonic() - first_time >= STILL_FOR:
                found["children_before"] = tuple(first_look.values())
                found["children_after"] = tuple(children.values())
                break
        if found.get("children_after"):
            idle.report.with_name(idle.report.name + ".restart").touch()
            while SHELL_RESTART not in report["shell"] or report["executing"]:
                report, table = idle.look()
            found["shell_after_restart"] = report["shell"]
            found["alive_after_restart"] = tuple(alive(first_look, table))
    except (TimeoutError, RuntimeError) as error:
        failure = error
    finally:
        found["left_behind"] = idle.end()
        found["stdout"] = idle.stdout_file.read_text(encoding="utf-8", errors="replace")
    if failure:
        pytest.fail(f"{failure}{IdleRun(**found).transcript}")
    return IdleRun(**found)
