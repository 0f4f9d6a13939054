"""Loops like kill_time()'s in threads or processes, each worker measuring itself, for a parent cannot see the CPU
time of a process a fork server started; time.perf_counter() is one clock for the machine, so times line up.
`python -X gil=1 benchmark_workers.py` prints two threads' reports: a GIL for a free-threaded build's benchmark."""
import dataclasses
import json
import multiprocessing
import os
import sys
import threading
import time
from time import perf_counter
from typing import Callable, List, Optional, Tuple

STUCK = 300  # seconds after which a worker that has not reported fails the run instead of hanging it


@dataclasses.dataclass(frozen=True)
class Report:
    pid: int
    started: float
    ended: float
    cpu: float
    waited: Optional[float]  # seconds ready to run with no core free; None where the system does not say
    slice_ends: Tuple[float, ...] = ()

    @property
    def wall(self) -> float:
        return self.ended - self.started


def waited_so_far() -> Optional[float]:
    try:
        with open("/proc/thread-self/schedstat") as stats:  # Linux: ns run, ns waiting on the run queue, ...
            return int(stats.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def count(steps: int) -> None:
    for _ in range(steps):
        pass


def sliced_kill_time() -> List[float]:
    """kill_time()'s 10**8 steps, noting when each 10**4 end: every 0.1 ms or so, far within a GIL turn of 5 ms."""
    ends = []
    for _ in range(10**4):
        for _ in range(10**4):
            pass
        ends.append(perf_counter())
    return ends


def run_and_report(task: Callable, cpu_clock: Callable[[], float]) -> Report:
    waited, cpu, started = waited_so_far(), cpu_clock(), perf_counter()
    ends = task()
    ended, cpu, waited = perf_counter(), cpu_clock() - cpu, (waited_so_far(), waited)
    return Report(os.getpid(), started, ended, cpu, None if None in waited else waited[0] - waited[1],
                  tuple(ends or ()))


def process_worker(task: Callable, connection) -> None:
    time.sleep(float(os.environ.get("BENCHMARK_CHILD_DELAY") or 0))  # a hand check of the break-even: README.md
    connection.send(run_and_report(task, time.process_time))


def in_processes(task: Callable, method: Optional[str] = None) -> List[Report]:  # None: the default start method
    context = multiprocessing.get_context(method)
    pipes = [context.Pipe(duplex=False) for _ in range(2)]
    workers = [context.Process(target=process_worker, args=(task, sender)) for _, sender in pipes]
    for worker, (_, sender) in zip(workers, pipes):
        worker.start()
        sender.close()  # a worker that dies unheard then raises EOFError below instead of hanging
    if not all(receiver.poll(STUCK) for receiver, _ in pipes):  # nor does a stuck one hang the run
        for worker in workers:
            worker.kill()
        raise TimeoutError(f"a benchmark process sent nothing in {STUCK} s")
    reports = [receiver.recv() for receiver, _ in pipes]
    for worker in workers:
        worker.join()
    return reports


def in_threads(task: Callable) -> List[Report]:
    reports: List[Report] = []
    threads = [threading.Thread(target=lambda: reports.append(run_and_report(task, time.thread_time)), daemon=True)
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    if len(reports) < 2:
        raise TimeoutError(f"a benchmark thread did not end in {STUCK} s")
    return reports


def timed(start: Callable[[], list]) -> Tuple[float, list]:  # as the caller sees it, start-up included
    before = perf_counter()
    returned = start()
    return perf_counter() - before, returned


def gil_enabled() -> bool:
    return getattr(sys, "_is_gil_enabled", lambda: True)()


if __name__ == "__main__":
    wall, reports = timed(lambda: in_threads(sliced_kill_time))
    json.dump({"gil": gil_enabled(), "wall": wall, "reports": [dataclasses.asdict(r) for r in reports]}, sys.stdout)
