"""Fixtures for the default suite: each script run once per session, under every start method.

The helpers they use live in script_runner.py, which tests import directly.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

import pytest

from script_runner import MULTIPROCESSING, START_METHODS, THREADING, Observed, Script, observe

# Every full run of a script that the fixtures below offer.
FULL_RUNS = [*((MULTIPROCESSING, method) for method in START_METHODS), (THREADING, None)]


@pytest.fixture(scope="session")
def reader_dir(tmp_path_factory) -> Path:
    """A working directory away from the scripts: they must not depend on being run from the repo root."""
    return tmp_path_factory.mktemp("reader")


@pytest.fixture(scope="session")
def observe_once(reader_dir):
    """observe(script, start_method), run once per session however many tests look at the result.

    The first test to ask starts every full run at once, each a script of its
    own as before: together they keep both cores busy instead of one at a
    time, which saves seconds. Nothing in the default suite measures speed.
    """
    with ThreadPoolExecutor(max_workers=len(FULL_RUNS)) as pool:
        runs = {}

        def start(script: Script, start_method: Optional[str]) -> None:
            if (script, start_method) not in runs:
                runs[script, start_method] = pool.submit(observe, script, reader_dir, start_method)

        def observe_cached(script: Script, start_method: Optional[str] = None) -> Observed:
            if not runs:
                for run in FULL_RUNS:
                    start(*run)
            start(script, start_method)
            return runs[script, start_method].result()

        yield observe_cached


@pytest.fixture(params=START_METHODS)
def multiprocessing_run(request, observe_once) -> Observed:
    """main_multiprocessing.py under each start method this platform offers."""
    return observe_once(MULTIPROCESSING, request.param)


@pytest.fixture
def threading_run(observe_once) -> Observed:
    return observe_once(THREADING)


@pytest.fixture(params=[*(pytest.param((MULTIPROCESSING, method), id=f"processes-{method}") for method in START_METHODS),
                        pytest.param((THREADING, None), id="threads")])
def any_run(request, observe_once) -> Observed:
    """Each run above, for what both scripts must do alike."""
    return observe_once(*request.param)
