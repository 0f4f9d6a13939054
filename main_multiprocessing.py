# Two worker *processes* run the same CPU-bound task. Each one is a separate
# Python interpreter with its own PID and its own GIL, so on a machine with
# two or more cores they run at the same time.
# This file is the tutorial's listing, unchanged apart from these comments.
import multiprocessing as mp
from time_utils import get_time, timestamp, kill_time
import os

# A top-level function: under the spawn and forkserver start methods the child
# finds its target by importing this module by name, so it cannot be a lambda
# or a nested function. `param` receives 'arg1' or 'arg2' (see args= below) and
# is never used: it only shows how a worker is handed an argument.
def worker_task(param):
    print(f"Starting process: {mp.current_process().name}, PID: {os.getpid()}, Timestamp: {timestamp()}")
    kill_time()
    print(f"Finished process: PID: {os.getpid()}, Timestamp: {timestamp()}")

@get_time
def main():
    process1 = mp.Process(name='Process_1', target=worker_task, args=('arg1',))
    process2 = mp.Process(name='Process_2', target=worker_task, args=('arg2',))

    process1.start()
    process2.start()

    # Wait for both children, so the time printed covers all of their work.
    process1.join()
    process2.join()

# Required, not decoration: under spawn (the default on Windows and macOS) and
# forkserver (Linux's default from Python 3.14) each child imports this file.
# Without the guard every child would try to start two more processes.
if __name__ == '__main__':
    main()
