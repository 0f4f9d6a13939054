"""Fixtures for the default suite: each script run once per session, under every start method,
in a terminal's place and in IDLE, with kill_time() swapped for nothing (see harness/sitecustomize.py):
these runs are looked at for their lines, not their work. test_pids.py runs the scripts whole.

The helpers they use live in script_runner.py and idle_runner.py, which tests import directly.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

import pytest

from idle_runner import IdleRun, display, run_in_idle
from script_runner import MULTIPROCESSING, SKIP, START_METHODS, THREADING, Observed, Script, observe

# Every full run of a script that the fixtures below offer; each is also run in IDLE.
FULL_RUNS = [*((MULTIPROCESSING, method) for method in START_METHODS), (THREADING, None)]
# The same, as test parameters: processes-fork, ..., threads.
RUN_PARAMS = [pytest.param(run, id=f"processes-{run[1]}" if run[1] else "threads") for run in FULL_RUNS]


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
    """Each full run, by (kind, script, start method), run once per session however many tests look at it.

    The first test to ask starts them all at once, each as a process of its
    own: the scripts in a terminal's place ("script") and, when this session
    has IDLE's tests and a display, in IDLE ("idle"). Together they keep both
    cores busy instead of one at a time, which saves seconds. Nothing in the
    default suite measures speed.
    """
    with_idle = any("idle_run" in item.fixturenames for item in request.session.items)
    display_env = request.getfixturevalue("idle_display")[0] if with_idle else None
    with ThreadPoolExecutor(max_workers=2 * len(FULL_RUNS)) as pool:
        runs = {}

        def start(kind: str, script: Script, start_method: Optional[str]) -> None:
            if (kind, script, start_method) in runs:
                return
            if kind == "script":
                runs[kind, script, start_method] = pool.submit(observe, script, reader_dir, start_method, SKIP)
            else:
                home = tmp_path_factory.mktemp(f"idle-{start_method or 'threads'}")
                runs[kind, script, start_method] = pool.submit(run_in_idle, script, home, start_method, display_env,
                                                               until_blocked=start_method == "fork")

        def run_cached(kind: str, script: Script, start_method: Optional[str] = None):
            if not runs:
                for run in FULL_RUNS:
                    start("script", *run)
                    if display_env is not None:
                        start("idle", *run)
            start(kind, script, start_method)
            return runs[kind, script, start_method].result()

        yield run_cached


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


@pytest.fixture(params=RUN_PARAMS)
def idle_run(request, idle_display, runs_once) -> IdleRun:
    """Each script opened in IDLE and run with F5, under each start method; skipped where IDLE cannot open a window."""
    display_env, why_not = idle_display
    if display_env is None:
        pytest.skip(why_not)
    return runs_once("idle", *request.param)
