"""The tutorial's claim about PIDs, proved by running the scripts as you run them.

A PID (process ID) is the number the operating system gives each running
program. Each worker of the tutorial prints the PID of the process it runs in,
so the tutorial can claim:

- main_multiprocessing.py: two processes, two different PIDs, and neither is
  the PID of the script itself;
- main_threading.py: two threads, one PID, the script's own.

Each test below runs a script exactly as you do, `python main_multiprocessing.py`
in the repository's folder, takes the PIDs out of the lines it printed, and
compares them with the PID the operating system gave the script when it
started it. Everything the proof uses is in this file; the tests are at the end.

Run these tests alone with:  python -m pytest tests/test_pids.py
"""
import multiprocessing
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent

# The Python running these tests; in a venv on Windows, the real one behind the venv's launcher, which would
# start the script as a process of its own, with a PID other than the one we are told.
PYTHON = sys._base_executable if os.name == "nt" and sys.prefix != sys.base_prefix else sys.executable

# All three, fork, spawn and forkserver, on Linux and macOS; spawn alone on Windows.
START_METHODS = multiprocessing.get_all_start_methods()

# A line such as "Starting process: Process_1, PID: 3425, Timestamp: 13:30:46" or "Finished thread: PID:
# 3428, Timestamp: 13:30:49". Lines from two workers can arrive in any order, or even run into each other,
# so the PIDs are found anywhere in the output rather than read line by line.
STARTED_PID = re.compile(r"Starting (?:process|thread): \w+, PID: (\d+),")
FINISHED_PID = re.compile(r"Finished (?:process|thread): PID: (\d+),")


def choose_start_method(folder: Path, method: str) -> dict:
    """The environment for a run under METHOD, chosen from outside the script, which must stay as printed.

    Python imports a file named sitecustomize.py as it starts, if it is on its
    path: this writes one in FOLDER and puts FOLDER on the path (PYTHONPATH).
    The script and every child it starts (they inherit the environment) then
    set METHOD before anything else.
    """
    (folder / "sitecustomize.py").write_text(
        f"import multiprocessing\nmultiprocessing.set_start_method({method!r})\n", encoding="utf-8")
    return dict(os.environ, PYTHONPATH=str(folder))


def start_script(script: str, env: dict) -> subprocess.Popen:
    """`python SCRIPT` in the repository's folder, in a session of its own (POSIX) so that read_output() can end
    it with its children; its output is collected by read_output()."""
    return subprocess.Popen([PYTHON, script], cwd=REPOSITORY, env=env, text=True, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def read_output(run: subprocess.Popen) -> str:
    """Wait for the script to end, two minutes at most so that a hang fails, and return what it printed,
    with a wrong exit or anything it wrote to its errors added at the end, for any failing test to show."""
    try:
        printed, errors = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(run.pid, signal.SIGKILL)
        else:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(run.pid)], capture_output=True)
        return "(did not finish within two minutes)"
    if run.returncode != 0 or errors:
        printed += f"(exit status {run.returncode})\n{errors}"
    return printed


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """(the PID the operating system gave the script, what it printed), for one run of main_multiprocessing.py
    under each start method and one of main_threading.py: all started at once, to share the machine's cores,
    and read as each ends. Every test below looks at these runs."""
    started = {method: start_script("main_multiprocessing.py",
                                    choose_start_method(tmp_path_factory.mktemp(method), method))
               for method in START_METHODS}
    started["threads"] = start_script("main_threading.py", dict(os.environ))
    return {name: (run.pid, read_output(run)) for name, run in started.items()}


@pytest.mark.parametrize("method", START_METHODS)
def test_the_start_method_is_really_chosen_from_outside(method, tmp_path):
    probe = subprocess.run([PYTHON, "-c", "import multiprocessing; print(multiprocessing.get_start_method())"],
                           env=choose_start_method(tmp_path, method), capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == method, probe.stdout + probe.stderr


@pytest.mark.parametrize("name", [*START_METHODS, "threads"])
def test_every_run_ends_cleanly(runs, name):
    script_pid, printed = runs[name]
    assert "(exit status" not in printed and "(did not finish" not in printed, printed


@pytest.mark.parametrize("method", START_METHODS)
def test_two_processes_print_two_different_pids(runs, method):
    script_pid, printed = runs[method]
    worker_pids = STARTED_PID.findall(printed)
    assert len(worker_pids) == 2, printed
    assert worker_pids[0] != worker_pids[1], printed


@pytest.mark.parametrize("method", START_METHODS)
def test_neither_process_has_the_scripts_own_pid(runs, method):
    script_pid, printed = runs[method]
    worker_pids = STARTED_PID.findall(printed)
    assert worker_pids and str(script_pid) not in worker_pids, f"the script's PID is {script_pid}\n{printed}"


@pytest.mark.parametrize("method", START_METHODS)
def test_each_process_finishes_with_the_pid_it_started_with(runs, method):
    script_pid, printed = runs[method]
    assert sorted(FINISHED_PID.findall(printed)) == sorted(STARTED_PID.findall(printed)), printed


def test_both_threads_print_the_scripts_own_pid_at_start_and_finish(runs):
    script_pid, printed = runs["threads"]
    pids = STARTED_PID.findall(printed) + FINISHED_PID.findall(printed)
    assert pids == [str(script_pid)] * 4, f"the script's PID is {script_pid}\n{printed}"
