"""Run the tutorial's scripts the way a reader does, and read what they print.

A plain module that the tests import by name (pytest puts tests/ on sys.path
through `pythonpath` in pyproject.toml); the fixtures built on it are in
conftest.py.
"""
import contextlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from typing import Callable, List, Optional, Sequence, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
HARNESS_DIR = Path(__file__).resolve().parent / "harness"

# A run takes a few seconds; the limit is there so that a hang (a deadlocked
# join, a child that never starts) fails the test instead of stalling CI.
RUN_TIMEOUT = 120

# HH:MM:SS and nothing more: the look-ahead rejects fractions or a fourth field.
TIMESTAMP = r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?![\d:.,])"
TIMING = re.compile(r"Time taken by (?P<name>\w+): (?P<seconds>\d+\.\d{4}) seconds")


# What kill_time() does instead of its loop in a test run; see harness/sitecustomize.py.
SKIP = "skip"


def slow(worker: str) -> str:
    """kill_time() sleeps half a second in WORKER and does nothing in the other: WORKER finishes last."""
    return f"slow:{worker}"


def hold(parent: Path) -> Tuple[str, Path]:
    """kill_time() waits until a file appears: (the setting, the file that lets the workers go on)."""
    go_on = Path(tempfile.mkdtemp(prefix="hold-", dir=parent)) / "go-on"
    return f"hold:{go_on}", go_on


def meet(parent: Path) -> str:
    """kill_time() waits until both workers have called it, in a new folder under PARENT: both start before either finishes."""
    return f"meet:{tempfile.mkdtemp(prefix='meet-', dir=parent)}"


# For a test run of pytest inside the tests: pytest's own plugins and our conftest.py only. The
# plugins a machine may have installed have nothing to do there, and some take long to import
# (hypothesis, about half a second a run here).
INNER_PYTEST = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def script_env(start_method: Optional[str] = None, kill_time: Optional[str] = None,
               unbuffered: bool = True) -> dict:
    """The environment a script runs in, adjusted through harness/sitecustomize.py when asked.

    Unbuffered by default, so that lines appear in the order they were printed;
    with UNBUFFERED false, buffered as a reader's `> out.txt` is, whatever our
    own environment says.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    # A reader's warning filters change what some runs print (TROUBLESHOOTING.md says
    # which): the tests give the scripts Python's defaults, and set them where they check that.
    env.pop("PYTHONWARNINGS", None)
    if not unbuffered:
        del env["PYTHONUNBUFFERED"]
    hooks = {"TUTORIAL_START_METHOD": start_method, "TUTORIAL_KILL_TIME": kill_time}
    for name in hooks:
        env.pop(name, None)
    if any(hooks.values()):
        env.update({name: value for name, value in hooks.items() if value})
        # Swapping kill_time() out patches time_utils, so it needs the project root too.
        paths = [HARNESS_DIR, ROOT] if kill_time else [HARNESS_DIR]
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


def run_command(command: List[str], cwd: Path, env: dict, stdout_file: Optional[Path] = None) -> ScriptRun:
    """Run COMMAND to completion; end it and its children if it hangs.

    With STDOUT_FILE, standard output goes to that file, as `> out.txt` sends
    it, and is read back from there once the command has ended.
    """
    with contextlib.ExitStack() as files:
        stdout = files.enter_context(open(stdout_file, "w")) if stdout_file else subprocess.PIPE
        popen = subprocess.Popen(command, cwd=str(cwd), env=env, text=True, stdout=stdout, stderr=subprocess.PIPE,
                                 # Its own process group, so a hang can be ended with the children.
                                 start_new_session=(os.name == "posix"))
        try:
            out, err = popen.communicate(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(popen)
            try:
                out, err = popen.communicate(timeout=10)
            except subprocess.TimeoutExpired:  # a child outside our reach still holds the pipes
                out, err = "", ""
            pytest.fail(f"no exit within {RUN_TIMEOUT} s" + ScriptRun(command, popen.pid, popen.returncode,
                                                                       out or "", err).transcript)
    if stdout_file:
        out = stdout_file.read_text(encoding="utf-8", errors="replace")
    return ScriptRun(command, popen.pid, popen.returncode, out, err)


def in_the_background(popen: Popen) -> None:
    """Let the run POPEN, started in a session of its own, and all it starts yield the CPU to the tests waiting on theirs.

    Linux shares the CPU between sessions first (its "autogroups"), so a
    process's own nice value counts only within its session: the session's
    must be set too. Nothing here measures speed; this only lets a run that the
    tests look at late soak up a core the others leave idle.
    """
    with contextlib.suppress(AttributeError, OSError):  # no nice values (Windows), no autogroups
        os.setpriority(os.PRIO_PROCESS, popen.pid, 10)
        Path(f"/proc/{popen.pid}/autogroup").write_text("10")


def _kill_group(popen: subprocess.Popen) -> None:
    if os.name == "posix":
        os.killpg(popen.pid, signal.SIGKILL)
    else:
        popen.kill()


def run_python(args: List[str], cwd: Path, env: dict, stdout_file: Optional[Path] = None) -> ScriptRun:
    """Run `python ARGS` with the interpreter running the tests (see run_command)."""
    return run_command([PYTHON, *args], cwd, env, stdout_file)


# A pseudo-terminal (pty) is what a terminal window gives a program; Windows has none.
needs_a_terminal = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals (the pty module) are POSIX-only")


def run_in_terminal(args: List[str], cwd: Path, env: dict,
                    reactions: Sequence[Tuple[Callable[[str], bool], Callable[[Popen], None]]] = ()) -> ScriptRun:
    """`python ARGS` typed in a terminal: standard output and errors go to one
    pseudo-terminal, and come back as one text, in the order it showed them.

    The text is in ScriptRun.stdout. The terminal's line ends are turned back into "\\n".
    REACTIONS: (when, do) pairs, in order: once the text shown so far makes
    WHEN true, DO is called with the run's Popen, as a reader would react to
    what they see (see press_ctrl_c).
    """
    import pty  # imported here: it does not import on Windows
    import select

    command = [PYTHON, *args]
    try:
        reader_fd, terminal_fd = pty.openpty()
    except OSError as error:  # a container or chroot without /dev/pts
        pytest.skip(f"this system cannot open a pseudo-terminal: {error}")
    try:
        popen = subprocess.Popen(command, cwd=str(cwd), env=env, stdin=terminal_fd, stdout=terminal_fd,
                                 stderr=terminal_fd, start_new_session=True)
    finally:
        os.close(terminal_fd)
    shown = []
    deadline = time.monotonic() + RUN_TIMEOUT
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                _kill_group(popen)
                popen.wait()
                pytest.fail(f"no exit within {RUN_TIMEOUT} s" + ScriptRun(
                    command, popen.pid, popen.returncode, b"".join(shown).decode(errors="replace"), "").transcript)
            while reactions and reactions[0][0](b"".join(shown).decode("utf-8", errors="replace")):
                reactions[0][1](popen)
                reactions = reactions[1:]
            # With reactions left, look again every 50 ms: one may wait for time to pass, not for output.
            if not select.select([reader_fd], [], [], min(left, 0.05) if reactions else left)[0]:
                continue
            try:
                chunk = os.read(reader_fd, 65536)
            except OSError:  # Linux: EIO once every program has closed the terminal
                break
            if not chunk:  # macOS: end of file, likewise
                break
            shown.append(chunk)
    finally:
        os.close(reader_fd)
    returncode = popen.wait(timeout=RUN_TIMEOUT)
    text = b"".join(shown).decode("utf-8", errors="replace").replace("\r\n", "\n")
    return ScriptRun(command, popen.pid, returncode, text, "")


def press_ctrl_c(popen: Popen) -> None:
    """What Ctrl-C in a terminal does: SIGINT to every process of the foreground job, the script's process group."""
    os.killpg(popen.pid, signal.SIGINT)


def run_script(script: str, cwd: Path, start_method: Optional[str] = None,
               kill_time: Optional[str] = None) -> ScriptRun:
    """Run one of the tutorial's scripts by its path from another folder, as `python path/to/SCRIPT` does."""
    return run_python([str(ROOT / script)], cwd, script_env(start_method, kill_time))


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
            kill_time: Optional[str] = None) -> Observed:
    run = run_script(script.file, cwd, start_method, kill_time)
    return Observed(script, run, parse_output(run.stdout, script.kind))


def assert_one_timing_line_after_both_finish(output: WorkerOutput, transcript: str) -> None:
    """main() is timed once, and only after both workers have finished: what join() guarantees."""
    assert [m["name"] for m in output.timings] == ["main"], transcript
    assert len(output.finished) == 2, transcript
    assert output.timings[0].start() > max(m.end() for m in output.finished), transcript


def assert_both_started_before_either_finished(output: WorkerOutput, transcript: str) -> None:
    """The live order, for runs whose workers wait for each other (kill_time=meet(...)): lines came out as printed."""
    assert len(output.started) == len(output.finished) == 2, transcript
    assert max(m.start() for m in output.started) < min(m.start() for m in output.finished), transcript
    assert_one_timing_line_after_both_finish(output, transcript)
