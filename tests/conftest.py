"""Fixtures for the default suite: each script run once per session, under every start method,
in a terminal's place and in IDLE, with kill_time() swapped for nothing (see harness/sitecustomize.py):
these runs are looked at for their lines, not their work. test_pids.py runs the scripts whole.

The helpers they use live in script_runner.py and idle_runner.py, which tests import directly.
"""
import contextlib
import os
import shutil
import signal
import sys
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from pathlib import Path
from typing import Callable, List, Optional

import pytest

from idle_runner import ABANDON, IdleRun, display, run_in_idle
from script_runner import MULTIPROCESSING, ROOT, SKIP, START_METHODS, THREADING, Observed, Script, observe, slow
from signal_trial import CAN_FIND_MARKED, SIGNALS, Trial, signalled_run

# Every full run of a script that the fixtures below offer; each is also run in IDLE.
FULL_RUNS = [*((MULTIPROCESSING, method) for method in START_METHODS), (THREADING, None)]
# The same, as test parameters: processes-fork, ..., threads.
RUN_PARAMS = [pytest.param(run, id=f"processes-{run[1]}" if run[1] else "threads") for run in FULL_RUNS]
# Each script with one worker made the slower (see harness/sitecustomize.py), by (script, worker).
SLOW_RUNS = [(script, worker) for script in (MULTIPROCESSING, THREADING) for worker in script.workers]


# Set by signal_trial.py for the test run it signals: start only these shared runs ("idle:fork"), so that
# run starts no more than its tests need.
ONLY_RUNS = set(os.environ.get("TUTORIAL_ONLY_RUNS", "").split())

# What starts the runs that wait for the PID proof to end: see runs_once and pytest_runtest_setup.
LATE_STARTS: List[Callable[[], None]] = []


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    """Stop before any test where the scripts cannot run at all, with the one reason, not dozens of failures.

    And make a closed terminal (SIGHUP) or a cancelled job (SIGTERM) end the
    run as Ctrl-C does, so that the fixtures' clean-up runs: by default either
    kills pytest on the spot, leaving Xvfb, IDLE and the scripts' children
    running for ever.
    """
    for name in ("SIGHUP", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupted)
    if sys.version_info >= (3, 11) and os.environ.get("PYTHONSAFEPATH"):
        pytest.exit("PYTHONSAFEPATH is set, so `python main_multiprocessing.py` cannot import time_utils "
                    "(ModuleNotFoundError). Unset it and run the tests again: see TROUBLESHOOTING.md, "
                    "\"ModuleNotFoundError: No module named 'time_utils'\".", returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def reader_dir(tmp_path_factory) -> Path:
    """A working directory away from the scripts: they must not depend on being run from the repo root."""
    return tmp_path_factory.mktemp("reader")


@pytest.fixture(scope="session")
def idle_display():
    """(environment in which IDLE can open its windows, "") or (None, why it cannot); see idle_runner.display()."""
    with display() as found:
        yield found


@pytest.fixture(scope="session")
def runs_once(request, reader_dir, tmp_path_factory):
    """Each full run, by (kind, script, start method or slow worker), run once per session however many tests look at it.

    Each is a process of its own: the scripts in a terminal's place ("script"),
    with each worker in turn made the slower ("slow") and, when this session
    has IDLE's tests and a display, in IDLE ("idle") and the signal trials
    ("signalled"). The first two kinds start as the session starts (see
    start_the_shared_runs), alongside the PID proof. IDLE's runs and the trials
    start as the PID proof ends: its whole runs of the scripts keep both cores
    of a small machine busy, while the tests after it mostly wait on one
    process at a time, leaving a core for these runs, whose tests come last.
    Nothing in the default suite measures speed.
    """
    with_idle = any("idle_run" in item.fixturenames for item in request.session.items)
    with_signal_trials = any("signal_trial" in item.fixturenames for item in request.session.items)
    display_env = request.getfixturevalue("idle_display")[0] if with_idle or with_signal_trials else None
    with_signal_trials = with_signal_trials and display_env is not None and CAN_FIND_MARKED
    # (A signal trial's own test run has only IDLE's tests: nothing to wait for.)
    with_pid_proof = any(item.path.name == "test_pids.py" for item in request.session.items)
    with ThreadPoolExecutor(max_workers=2 * len(FULL_RUNS) + len(SLOW_RUNS) + len(SIGNALS)) as pool:
        runs = {}
        late = []  # (key, job) for each run that waits for the PID proof

        def start(kind: str, script: Optional[Script], start_method: Optional[str]) -> None:
            if ONLY_RUNS and f"{kind}:{start_method}" not in ONLY_RUNS:
                return
            if kind == "script":
                job = partial(observe, script, reader_dir, start_method, SKIP)
            elif kind == "slow":  # here start_method is the worker to make slower
                job = partial(observe, script, reader_dir, None, slow(start_method))
            elif kind == "idle":
                home = tmp_path_factory.mktemp(f"idle-{start_method or 'threads'}")
                folder = ROOT
                if script is THREADING:  # from a copy in a folder whose path has a space, as many readers' have
                    folder = home / "My Projects"
                    folder.mkdir()
                    for name in (script.file, "time_utils.py"):
                        shutil.copy(ROOT / name, folder / name)
                job = partial(run_in_idle, script, home, start_method, display_env,
                              until_blocked=start_method == "fork", folder=folder)
            else:  # "signalled": a test run of its own, sent the signal named by start_method
                job = partial(signalled_run, start_method, tmp_path_factory.mktemp(start_method))
            if kind in ("script", "slow") or not with_pid_proof:
                runs[kind, script, start_method] = pool.submit(job)
            else:
                late.append(((kind, script, start_method), job))

        def start_late() -> None:
            for key, job in late:
                runs[key] = pool.submit(job)
            late.clear()

        for run in FULL_RUNS:
            start("script", *run)
            if display_env is not None:
                start("idle", *run)
        if with_signal_trials:
            for name in SIGNALS:
                start("signalled", None, name)
        for script, worker in SLOW_RUNS:
            start("slow", script, worker)

        def run_cached(kind: str, script: Optional[Script] = None, start_method: Optional[str] = None):
            if (kind, script, start_method) not in runs:  # asked for before the PID proof ended (-x, --lf, -p randomly)
                start_late()
            run = runs[kind, script, start_method]  # for "signalled", start_method is the signal
            # Waiting in short spells: the kernel may hand a signal to one of the pool's threads,
            # and Python acts on it only once this, the main thread, runs again.
            while True:
                with contextlib.suppress(FutureTimeout):
                    return run.result(timeout=0.2)

        LATE_STARTS.append(start_late)
        try:
            yield run_cached
        finally:  # ended early (a failure with -x, Ctrl-C) before they started: they never will
            LATE_STARTS.clear()
            ABANDON.set()


@pytest.fixture(scope="session", autouse=True)
def start_the_shared_runs(request):
    """Start the runs of runs_once as the session starts, if any test of this session looks at them."""
    if any({"any_run", "idle_run", "slow_run", "signal_trial"} & set(item.fixturenames)
           for item in request.session.items):
        request.getfixturevalue("runs_once")


@pytest.fixture(scope="session")
def observe_once(runs_once):
    """observe(script, start_method), run once per session: see runs_once."""
    def observe_cached(script: Script, start_method: Optional[str] = None) -> Observed:
        return runs_once("script", script, start_method)
    return observe_cached


@pytest.fixture(params=RUN_PARAMS)
def any_run(request, observe_once) -> Observed:
    """Each run above, for what both scripts must do alike."""
    return observe_once(*request.param)


@pytest.fixture(params=[pytest.param(run, id=f"{run[0].kind}-{run[1]}") for run in SLOW_RUNS])
def slow_run(request, runs_once) -> Observed:
    """Each script with each of its workers made the slower one in turn: see harness/sitecustomize.py."""
    return runs_once("slow", *request.param)


@pytest.fixture(params=RUN_PARAMS)
def idle_run(request, idle_display, runs_once) -> IdleRun:
    """Each script opened in IDLE and run with F5, under each start method; skipped where IDLE cannot open a window.

    main_threading.py runs from a copy in a folder whose path has a space, as
    many readers' paths have ("C:\\Users\\First Last"): one IDLE run fewer than a
    run of its own for that, and the threads' tests hold there all the same.
    """
    display_env, why_not = idle_display
    if display_env is None:
        pytest.skip(why_not)
    return runs_once("idle", *request.param)


@pytest.fixture(params=SIGNALS)
def signal_trial(request, idle_display, runs_once) -> Trial:
    """A run of the IDLE tests sent SIGHUP (the whole job), or SIGTERM (pytest alone), once IDLE runs a script."""
    if not CAN_FIND_MARKED:
        pytest.skip("finding what a run left behind needs Linux's /proc")
    display_env, why_not = idle_display
    if display_env is None:
        pytest.skip(f"the trial runs the IDLE tests, and {why_not}")
    return runs_once("signalled", None, request.param)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The first test after the PID proof starts the runs that wait for it (see runs_once)."""
    if item.path.name != "test_pids.py":
        while LATE_STARTS:
            LATE_STARTS.pop()()


def pytest_collection_modifyitems(items):
    """The PID proof first, its whole runs of the scripts sharing the machine with the cheap
    shared runs that start alongside it (start_the_shared_runs); the tests of IDLE's runs
    and of the signal trials last, as those runs start only once the PID proof ends."""
    last = {"test_idle.py", "test_signals.py"}
    # A stable sort keeps the rest in order.
    items.sort(key=lambda item: 0 if item.path.name == "test_pids.py" else 2 if item.path.name in last else 1)
