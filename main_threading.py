# The same task in two *threads* of one process: they share one PID and, on a
# standard (GIL) build of CPython, take turns running Python code rather than
# running it at the same time.
# This file is the tutorial's listing, unchanged apart from these comments.
import threading
from time_utils import get_time, timestamp, kill_time
import os

# `param` receives 'arg1' or 'arg2' (see args= below) and is never used: it
# only shows how a worker is handed an argument.
def worker_task(param):
    print(f"Starting thread: {threading.current_thread().name}, PID: {os.getpid()}, Timestamp: {timestamp()}")
    kill_time()
    print(f"Finished thread: PID: {os.getpid()}, Timestamp: {timestamp()}")

@get_time
def main():
    thread1 = threading.Thread(name='Thread_1', target=worker_task, args=('arg1',))
    thread2 = threading.Thread(name='Thread_2', target=worker_task, args=('arg2',))

    thread1.start()
    thread2.start()

    # Wait for both threads, so the time printed covers all of their work.
    thread1.join()
    thread2.join()

# Threads do not re-import the script, so nothing breaks without this guard;
# it is kept to match the tutorial and the multiprocessing script.
if __name__ == '__main__':
    main()
