"""Test-only: change a run of the tutorial's scripts from outside, as the scripts must stay the tutorial's listings.

Python imports sitecustomize as it starts, from PYTHONPATH, and children
inherit the environment. tests/runs.py's harness() sets:

TUTORIAL_START_METHOD  fork, spawn or forkserver: the start method to use.
TUTORIAL_MEET          a new, empty folder: kill_time() does no work. Each worker
                       leaves a file there and waits for the other's, so both
                       print Starting before either prints Finished. Outside a
                       worker (`get_time(kill_time)()`), it returns at once.
TUTORIAL_LAST          a worker's name: it waits 0.05 s more, so it finishes last.

Should this fail (time_utils changed, say), Python stops with a fatal error,
where it would print "Error in sitecustomize" and run the real loop.
"""
import os
import sys

try:
    if os.environ.get("TUTORIAL_START_METHOD"):
        import multiprocessing

        multiprocessing.set_start_method(os.environ["TUTORIAL_START_METHOD"])
    if os.environ.get("TUTORIAL_MEET"):
        import multiprocessing
        import threading
        import time
        from functools import wraps

        import time_utils

        @wraps(time_utils.kill_time)  # so that get_time() names it kill_time
        def meet(folder=os.environ["TUTORIAL_MEET"], last=os.environ.get("TUTORIAL_LAST")):
            in_a_child = multiprocessing.parent_process() is not None
            worker = (multiprocessing.current_process() if in_a_child else threading.current_thread()).name
            if worker == "MainThread":
                return
            open(os.path.join(folder, worker), "w").close()
            deadline = time.monotonic() + 60
            while len(os.listdir(folder)) < 2:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{worker} waited a minute in {folder} for the other worker")
                time.sleep(0.005)
            if worker == last:
                time.sleep(0.05)

        time_utils.kill_time = meet
except Exception as error:  # SystemExit is fatal in sitecustomize, where an Exception is printed and passed over
    sys.exit(f"tests/harness/sitecustomize.py could not change this run: {error!r}")
