"""Test-only start-up hook: adjust a tutorial script's run without editing the script.

The scripts must stay exactly as the tutorial prints them, so the tests change
how a run behaves from outside. Python imports ``sitecustomize`` at start-up
from anywhere on ``sys.path``; ``script_env`` in ``conftest.py`` puts this
folder on PYTHONPATH and sets one or both of these variables:

TUTORIAL_START_METHOD=fork|spawn|forkserver
    Use that multiprocessing start method. Children inherit the environment
    and set the same method again, which is harmless.

TUTORIAL_SLOW_WORKER=<worker name>
    Replace kill_time() with a short sleep in the named worker and with nothing
    in the other, so the named worker is sure to finish last. That makes a
    missing join() visible in every run, not only when the scheduler happens to
    finish the unjoined worker last. (The project root must be on PYTHONPATH
    too, so that time_utils can be patched before the script imports it.)

TUTORIAL_QUICK_WORKERS=1
    Replace kill_time() with nothing in every worker, for tests that only need
    the workers to run, not to burn CPU. (Project root on PYTHONPATH, as above.)
"""
import os

_method = os.environ.get("TUTORIAL_START_METHOD")
if _method:
    import multiprocessing

    multiprocessing.set_start_method(_method)

_slow_worker = os.environ.get("TUTORIAL_SLOW_WORKER")
if _slow_worker:
    import multiprocessing
    import threading
    import time

    import time_utils

    def _kill_time_unevenly():
        names = {multiprocessing.current_process().name, threading.current_thread().name}
        if _slow_worker in names:
            time.sleep(0.5)

    time_utils.kill_time = _kill_time_unevenly
elif os.environ.get("TUTORIAL_QUICK_WORKERS"):
    import time_utils

    time_utils.kill_time = lambda: None
