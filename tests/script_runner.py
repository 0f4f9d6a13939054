"""Run the tutorial's scripts the way a reader does, and read what they print.

A plain module that the tests import by name (pytest puts tests/ on sys.path
through `pythonpath` in pyproject.toml); the fixtures built on it are in
conftest.py.
"""
import multiprocessing
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS_DIR = Path(__file__).resolve().parent / "harness"

# A run takes a few seconds; the limit is there so that a hang (a deadlocked
# join, a child that never starts) fails the test instead of stalling CI.
RUN_TIMEOUT = 120

# HH:MM:SS and nothing more: the look-ahead rejects fractions or a fourth field.
TIMESTAMP = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?![\d:.,])"
TIMING = re.compile(r"Time taken by (?P<name>\w+): (?P<seconds>\d+\.\d{4}) seconds")


def script_env(start_method: Optional[str] = None, slow_worker: Optional[str] = None,
               quick_workers: bool = False, unbuffered: bool = True) -> dict:
    """The environment a script runs in, adjusted through harness/sitecustomize.py when asked.

    Unbuffered by default, so that lines appear in the order they were printed;
    with UNBUFFERED false, buffered as a reader's `> out.txt` is, whatever our
    own environment says.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if not unbuffered:
        del env["PYTHONUNBUFFERED"]
    hooks = {"TUTORIAL_START_METHOD": start_method, "TUTORIAL_SLOW_WORKER": slow_worker,
             "TUTORIAL_QUICK_WORKERS": "1" if quick_workers else None}
    for name in hooks:
        env.pop(name, None)
    if any(hooks.values()):
        env.update({name: value for name, value in hooks.items() if value})
        # Swapping kill_time() out patches time_utils, so it needs the project root too.
        paths = [HARNESS_DIR, ROOT] if slow_worker or quick_workers else [HARNESS_DIR]
        env["PYTHONPATH"] = os.pathsep.join([*map(str, paths), *filter(None, [env.get("PYTHONPATH")])])
    return env


@dataclass(frozen=True)
class ScriptRun:
    """What a reader sees after `python SCRIPT`: its PID, exit status and output."""

    command: List[str]
    pid: int
    returncode: int
    stdout: str
    stderr: str

    @property
    def transcript(self) -> str:
        """The whole run, for assertion messages."""
        return (f"\n$ {' '.join(self.command)}    (pid {self.pid}, exit status {self.returncode})\n"
                f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}--- end ---")


# The interpreter running the tests. In a virtual environment on Windows,
# sys.executable is a small launcher that runs the real interpreter as a child
# process, so the PID Popen reports would not be the script's; the scripts need
# only the standard library, so the real interpreter behind the venv serves.
PYTHON = sys._base_executable if os.name == "nt" and sys.prefix != sys.base_prefix else sys.executable


def run_python(args: List[str], cwd: Path, env: dict) -> ScriptRun:
    """Run `python ARGS` to completion with the interpreter running the tests; end it and its children if it hangs."""
    command = [PYTHON, *args]
    popen = subprocess.Popen(command, cwd=str(cwd), env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             # Its own process group, so a hang can be ended with the children.
                             start_new_session=(os.name == "posix"))
    try:
        stdout, stderr = popen.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(popen.pid, signal.SIGKILL)
        else:
            popen.kill()
        try:
            stdout, stderr = popen.communicate(timeout=10)
        except subprocess.TimeoutExpired:  # a child outside our reach still holds the pipes
            stdout, stderr = "", ""
        pytest.fail(f"no exit within {RUN_TIMEOUT} s"
                    + ScriptRun(command, popen.pid, popen.returncode, stdout, stderr).transcript)
    return ScriptRun(command, popen.pid, popen.returncode, stdout, stderr)


def run_script(script: str, cwd: Path, start_method: Optional[str] = None,
               slow_worker: Optional[str] = None) -> ScriptRun:
    """Run one of the tutorial's scripts by its path from another folder, as `python path/to/SCRIPT` does."""
    return run_python([str(ROOT / script)], cwd, script_env(start_method, slow_worker))


@dataclass(frozen=True)
class WorkerOutput:
    """Every recognised piece of a script's output, found anywhere in it.

    Lines from two processes arrive in any order and print() from two threads
    is not atomic (the text and its newline are separate writes), so the output
    is searched as a whole rather than read line by line.
    """

    started: List[re.Match]
    finished: List[re.Match]
    timings: List[re.Match]
    timestamps_mentioned: int
    unrecognised: str  # what is left once every recognised piece is removed

    @property
    def started_names(self) -> List[str]:
        return sorted(m["name"] for m in self.started)

    @property
    def started_pids(self) -> List[int]:
        return sorted(int(m["pid"]) for m in self.started)

    @property
    def finished_pids(self) -> List[int]:
        return sorted(int(m["pid"]) for m in self.finished)


def parse_output(stdout: str, kind: str) -> WorkerOutput:
    """Find the Starting/Finished lines of workers of KIND ('process' or 'thread') and the timing line."""
    started = re.compile(rf"Starting {kind}: (?P<name>\S+?), PID: (?P<pid>\d+), Timestamp: (?P<time>{TIMESTAMP})")
    finished = re.compile(rf"Finished {kind}: PID: (?P<pid>\d+), Timestamp: (?P<time>{TIMESTAMP})")
    leftover = stdout
    for pattern in (started, finished, TIMING):
        leftover = pattern.sub("", leftover)
    return WorkerOutput(
        started=list(started.finditer(stdout)),
        finished=list(finished.finditer(stdout)),
        timings=list(TIMING.finditer(stdout)),
        timestamps_mentioned=stdout.count("Timestamp:"),
        unrecognised=leftover.strip(),
    )


@dataclass(frozen=True)
class Script:
    """One of the tutorial's two main scripts, and how its output names its workers."""

    file: str
    kind: str  # "process" or "thread", as in "Starting process: ..."
    workers: Tuple[str, str]

    @property
    def source(self) -> str:
        return (ROOT / self.file).read_text(encoding="utf-8")


MULTIPROCESSING = Script("main_multiprocessing.py", "process", ("Process_1", "Process_2"))
THREADING = Script("main_threading.py", "thread", ("Thread_1", "Thread_2"))
START_METHODS = multiprocessing.get_all_start_methods()  # fork, spawn, forkserver on Linux


@dataclass(frozen=True)
class Observed:
    """One run of a script, with its output taken apart."""

    script: Script
    run: ScriptRun
    output: WorkerOutput


def observe(script: Script, cwd: Path, start_method: Optional[str] = None,
            slow_worker: Optional[str] = None) -> Observed:
    run = run_script(script.file, cwd, start_method, slow_worker)
    return Observed(script, run, parse_output(run.stdout, script.kind))


def assert_one_timing_line_after_both_finish(output: WorkerOutput, transcript: str) -> None:
    """main() is timed once, and only after both workers have finished: what join() guarantees."""
    assert [m["name"] for m in output.timings] == ["main"], transcript
    assert len(output.finished) == 2, transcript
    assert output.timings[0].start() > max(m.end() for m in output.finished), transcript
