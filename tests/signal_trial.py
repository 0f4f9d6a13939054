"""A test run ended by a closed terminal (SIGHUP) or a cancelled job (SIGTERM), and what it left running.

The run is IDLE's tests under fork, in a session of its own: it starts Xvfb,
IDLE's two processes and the script, whose two children never end by
themselves there (see test_idle.py), the hardest case to clean up. Every one of them inherits a marker in its
environment, so whatever outlives the run can be found in /proc (Linux only),
however its parent died.
"""
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Tuple

from script_runner import INNER_PYTEST, PYTHON, ROOT, in_the_background

SIGNALS = ("SIGHUP", "SIGTERM")
CAN_FIND_MARKED = Path("/proc/self/environ").exists()
MARKER = "TUTORIAL_SIGNAL_TRIAL"
# How long the run's processes may take to end once signalled: the run's own clean-up waits
# for the IDLE runs under way to finish, a few seconds each.
CLEAR_TIMEOUT = 60
START_TIMEOUT = 60  # for IDLE's execution process to appear


@dataclass(frozen=True)
class Trial:
    signal_name: str
    reached: str  # what was running when the signal was sent
    left_behind: Tuple[str, ...]  # the command lines still alive CLEAR_TIMEOUT s after the signal
    seconds_to_clear: float
    output: str

    @property
    def transcript(self) -> str:
        return (f"\n{self.signal_name} sent once {self.reached} ran; after {self.seconds_to_clear:.1f} s "
                f"still alive: {self.left_behind}\n--- the run's output ---\n{self.output}\n--- end ---")


def marked(value: str) -> Dict[int, str]:
    """The live processes whose environment holds MARKER=VALUE: PID -> command line."""
    needle = f"{MARKER}={value}".encode()
    found = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (proc / "environ").read_bytes().split(b"\0") and (proc / "stat").read_text().rsplit(
                    ") ", 1)[-1][0] != "Z":
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended while we looked, or not ours to read
            continue
    return found


def signalled_run(signal_name: str, home: Path) -> Trial:
    """Start the run, send SIGNAL_NAME once a script run in IDLE has its two children (the whole job for SIGHUP, as a terminal
    does; the pytest process alone for SIGTERM), and see what is still alive."""
    value = uuid.uuid4().hex
    log = home / "run.txt"
    env = {**os.environ, **INNER_PYTEST, MARKER: value, "TUTORIAL_ONLY_RUNS": "idle:fork"}  # see conftest.py
    with open(log, "w") as out:
        run = subprocess.Popen([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_idle.py",
                                "-k", "processes-fork and not forkserver"],
                               cwd=str(ROOT), env=env, stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    in_the_background(run)
    reached = "nothing"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and run.poll() is None:
        # Forked, the children run idlelib.run's command line too: three such processes are IDLE's
        # execution process and the script's two children, before Restart Shell or after it.
        if sum("idlelib.run" in line for line in marked(value).values()) >= 3:
            reached = "a script's children in IDLE"
            break
        time.sleep(0.02)
    signalled = time.monotonic()
    if run.poll() is None:  # else it ended first, and the test says so with its output
        if signal_name == "SIGHUP":
            os.killpg(run.pid, signal.SIGHUP)
        else:
            run.send_signal(signal.SIGTERM)
    left = marked(value)
    while left and time.monotonic() - signalled < CLEAR_TIMEOUT:
        time.sleep(0.1)
        run.poll()  # reap the run itself, so it does not count as alive
        left = marked(value)
    cleared = time.monotonic() - signalled
    for pid in left:  # nothing may outlive the test, whatever it finds
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        run.wait(timeout=CLEAR_TIMEOUT)
    except subprocess.TimeoutExpired:
        run.kill()
        run.wait()
    return Trial(signal_name, reached, tuple(left.values()), cleared, log.read_text(errors="replace"))
