# Helpers shared by main_multiprocessing.py and main_threading.py.
# This file is the tutorial's listing, unchanged apart from these comments.
from time import perf_counter
from functools import wraps
from datetime import datetime

# Prints how long the decorated function took. perf_counter is a monotonic,
# high-resolution clock, so the figure is wall time, not CPU time.
def get_time(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        start_time = perf_counter()
        result = func(*args, **kwargs)
        end_time = perf_counter()
        print(f"Time taken by {func.__name__}: {end_time - start_time:.4f} seconds")
        return result
    return wrapper

# Local wall-clock time as HH:MM:SS: enough to see which worker ran when.
def timestamp():
    return datetime.now().strftime("%H:%M:%S")

# Pure-Python CPU-bound work that never waits on I/O: every step needs the
# GIL, so two threads running it take turns (the running one is asked to let
# go every 5 ms), while two processes, each with a GIL of its own, do not.
def kill_time():
    for _ in range(10**8):
        pass
