"""Test-only start-up hook: adjust a tutorial script's run without editing the script.

The scripts must stay exactly as the tutorial prints them, so the tests change
how a run behaves from outside. Python imports ``sitecustomize`` at start-up
from anywhere on ``sys.path``; ``script_env`` in ``script_runner.py`` puts this
folder on PYTHONPATH and sets one or both of these variables:

TUTORIAL_START_METHOD=fork|spawn|forkserver
    Use that multiprocessing start method. Children inherit the environment
    and set the same method again, which is harmless.

TUTORIAL_KILL_TIME=skip|slow:<worker name>|meet:<folder>|hold:<file>
    Replace kill_time()'s 10**8-step loop in every worker:

    skip    with nothing, for tests that only need the workers to run.
    slow    with a 0.5 s sleep in the named worker and nothing in the other,
            so the named worker is sure to finish last. That makes a missing
            join() visible in every run, not only when the scheduler happens
            to finish the unjoined worker last.
    meet    with a wait until both workers have got there (each leaves a file
            in the folder, which must be new and empty). So both Starting
            lines are printed before either Finished line in every run: the
            live order is certain, and output that comes out grouped one
            process at a time can only be the work of buffering.

    hold    with a wait until the file named after the colon exists (a
            minute at most): the workers are sure to be at work when a test
            interrupts the run, and finish when it lets them.

    The project root must be on PYTHONPATH too, so that time_utils can be
    patched before the script imports it.
"""
import os

_method = os.environ.get("TUTORIAL_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method)

_kill_time = os.environ.get("TUTORIAL_KILL_TIME")
if _kill_time:
    import functools
    import multiprocessing
    import threading
    import time
    from pathlib import Path

    import time_utils

    # partition, not split: a Windows folder has a colon of its own.
    _mode, _, _argument = _kill_time.partition(":")

    def _skip():
        pass

    def _slow():
        if _argument in {multiprocessing.current_process().name, threading.current_thread().name}:
            time.sleep(0.5)

    def _meet():
        folder = Path(_argument)
        (folder / f"{os.getpid()}-{threading.get_ident()}").touch()
        # Give up after a minute rather than hang: the test then fails on the order it sees.
        deadline = time.monotonic() + 60
        while len(list(folder.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)

    def _hold():
        # listdir, not exists(): exists() catches an OSError each time, and a Ctrl-C landing
        # then would add that error to the traceback.
        folder, name = os.path.split(_argument)
        deadline = time.monotonic() + 60
        while name not in os.listdir(folder) and time.monotonic() < deadline:
            time.sleep(0.005)

    # Under kill_time's own name, so that get_time(kill_time) reports it as such.
    _swaps = {"skip": _skip, "slow": _slow, "meet": _meet, "hold": _hold}
    time_utils.kill_time = functools.wraps(time_utils.kill_time)(_swaps[_mode])
