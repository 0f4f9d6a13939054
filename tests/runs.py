"""Run the tutorial's scripts as a reader does, and read what they print: the helpers the tests share.

Output is read as a whole, with regular expressions: lines from two processes
arrive in any order, and print() from two threads is not atomic.
"""
import contextlib
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).resolve().parent / "harness"
# In a venv on Windows, the real Python behind the venv's launcher, which would add a process of its own.
PYTHON = sys._base_executable if os.name == "nt" and sys.prefix != sys.base_prefix else sys.executable
START_METHODS = multiprocessing.get_all_start_methods()  # fork, spawn, forkserver on Linux; spawn on Windows
TIMEOUT = 120  # seconds: a run takes one or two, so a hang fails instead of stalling

STARTED = re.compile(r"Starting (?:process|thread): (\w+), PID: (\d+), Timestamp: \d\d:\d\d:\d\d")
FINISHED = re.compile(r"Finished (?:process|thread): PID: (\d+), Timestamp: \d\d:\d\d:\d\d")
TIMING = re.compile(r"Time taken by main: \d+\.\d{4} seconds")
TROUBLESHOOTING = (ROOT / "TROUBLESHOOTING.md").read_text(encoding="utf-8")  # the page many tests check


def quoted(error):
    """The messages (after "ERROR: ") that TROUBLESHOOTING.md quotes for this Python, from list items such as
    "- Python 3.9 to 3.11: `AttributeError: ...`" or "- Python 3.14 and later: `AttributeError: ...`"."""
    pattern = rf"Python 3\.(\d+)(?: to 3\.(\d+)| and later):\s+`{error}: ([^`]+)`"
    return [message for first, last, message in re.findall(pattern, TROUBLESHOOTING)
            if int(first) <= sys.version_info.minor <= int(last or 99)]


def shape(text):
    """TEXT with each Starting line as S, each Finished line as F, the timing line as T, and no white space:
    "SSFFT" is a run shown live. Anything else printed stays as it is, to be seen in a failure."""
    for pattern, letter in ((STARTED, "S"), (FINISHED, "F"), (TIMING, "T")):
        text = pattern.sub(letter, text)
    return "".join(text.split())


def harness(folder=None, start_method=None, last=None, unbuffered=True):
    """The environment of a run changed by harness/sitecustomize.py: START_METHOD, and with FOLDER, kill_time()
    doing no work, each worker waiting for the other in a new folder under FOLDER, LAST finishing last.
    UNBUFFERED: lines come out in the order printed, as in a terminal; else as a reader's file gets them."""
    settings = {"PYTHONPATH": os.pathsep.join([str(HARNESS), str(ROOT)]), "PYTHONUNBUFFERED": unbuffered and "1",
                "TUTORIAL_START_METHOD": start_method, "TUTORIAL_MEET": folder and tempfile.mkdtemp(dir=folder),
                "TUTORIAL_LAST": last}
    return {**{name: value for name, value in os.environ.items() if name not in settings},
            **{name: value for name, value in settings.items() if value}}


def run(argv, env, cwd=ROOT, stdout=subprocess.PIPE):
    """ARGV to its end: (exit status, standard output, standard errors). A hang ends it and all it started,
    and fails the test."""
    popen = subprocess.Popen(argv, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        out, err = popen.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        end(popen)
        raise
    return popen.returncode, out or "", err


def end(popen):
    """End POPEN's run and every process it started (started in a session of its own, on POSIX)."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):  # all of them gone already
            os.killpg(popen.pid, signal.SIGKILL)
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(popen.pid)], capture_output=True)


def in_a_terminal(argv, env, cwd=ROOT):
    """ARGV typed in a terminal (a pseudo-terminal): (exit status, what the terminal showed)."""
    import pty  # POSIX only
    import select

    reader, terminal = pty.openpty()
    popen = subprocess.Popen(argv, cwd=cwd, env=env, stdin=terminal, stdout=terminal, stderr=terminal,
                             start_new_session=True)
    os.close(terminal)
    shown = b""
    try:
        while select.select([reader], [], [], TIMEOUT)[0]:
            chunk = os.read(reader, 65536)  # Linux raises EIO, macOS returns b"", once every writer has gone
            if not chunk:
                break
            shown += chunk
        else:
            end(popen)
            raise subprocess.TimeoutExpired(popen.args, TIMEOUT, shown)
    except OSError:
        pass
    finally:
        os.close(reader)
    return popen.wait(timeout=TIMEOUT), shown.decode(errors="replace").replace("\r\n", "\n")
