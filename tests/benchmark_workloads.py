"""The work the benchmark times, and the three ways of running it: in turn, in threads, in processes.

Everything a child process runs is a top-level function of this module, so it
can be found by name under the spawn and forkserver start methods.
"""
import multiprocessing
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from time import perf_counter
from typing import Callable, Dict, List, Optional

from time_utils import kill_time  # the tutorial's CPU-bound task, unchanged

try:
    import resource  # POSIX only
except ImportError:
    resource = None

START_METHODS = ("fork", "spawn", "forkserver")
SLEEP_SECONDS = 0.5


def small_task():
    """kill_time() cut 10,000 times: 10**4 steps instead of 10**8."""
    for _ in range(10**4):
        pass


def sleep_task():
    """Stands in for I/O: waiting without using the CPU."""
    time.sleep(SLEEP_SECONDS)


def do_nothing():
    pass


def in_turn(task: Callable[[], None], count: int = 2) -> None:
    """COUNT calls one after the other, each in a new thread that ends before the next starts.

    So the only difference from in_threads() is that the calls do not overlap.
    Not in the main thread: on the machine the README's figures come from, the
    same loop often ran 10-30% slower in the main thread of a long-lived
    process than in a new thread, which would flatter every speed-up.
    """
    for _ in range(count):
        in_threads(task, count=1)


def _start_all_then_join_all(workers) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def in_threads(task: Callable[[], None], count: int = 2) -> None:
    _start_all_then_join_all([threading.Thread(target=task) for _ in range(count)])


def in_processes(task: Callable[[], None], count: int = 2, method: Optional[str] = None) -> None:
    context = multiprocessing.get_context(method)
    workers = [context.Process(target=task) for _ in range(count)]
    _start_all_then_join_all(workers)
    failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
    if failed:
        raise RuntimeError(f"a benchmark process exited with status {failed[0]}")


@dataclass(frozen=True)
class Timing:
    """Median wall time and CPU time (user + system, waited-for children included) over the repetitions."""

    wall: float
    cpu: Optional[float]
    repeats: int

    @property
    def cpu_per_wall(self) -> Optional[float]:
        return None if self.cpu is None else self.cpu / self.wall


def cpu_seconds() -> float:
    """CPU time used so far (user + system), by all our threads and by the children we have waited for."""
    own = time.process_time()
    if resource is None:  # Windows: no figure for children
        return own
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def default_start_method() -> str:
    return multiprocessing.get_context().get_start_method()


def children_cpu_visible() -> bool:
    """Whether cpu_seconds() includes our children's CPU time at all: not on Windows."""
    return resource is not None


def workers_cpu_visible(method: Optional[str] = None) -> bool:
    """Whether cpu_seconds() includes worker processes started with METHOD (None: the default method).

    Under forkserver the workers are children of the fork server, not of us.
    """
    return children_cpu_visible() and (method or default_start_method()) != "forkserver"


@dataclass(frozen=True)
class Case:
    """One row of a table: RUN does the work once.

    RUN may return a number of seconds to use as the wall time instead of the
    measured one (a script's own "Time taken by main" figure, which leaves out
    the interpreter's start-up).
    """

    label: str
    run: Callable[[], Optional[float]]
    cpu_visible: bool = True


def measure(cases: List[Case], repeats: int) -> Dict[str, Timing]:
    """Median wall and CPU time of each case over REPEATS rounds.

    The cases take turns within each round, so a slow drift in the machine's
    speed (another load, a change of clock) touches every row alike.
    """
    walls: Dict[str, List[float]] = {case.label: [] for case in cases}
    cpus: Dict[str, List[float]] = {case.label: [] for case in cases}
    for _ in range(repeats):
        for case in cases:
            cpu_before, wall_before = cpu_seconds(), perf_counter()
            reported = case.run()
            walls[case.label].append(perf_counter() - wall_before if reported is None else reported)
            cpus[case.label].append(cpu_seconds() - cpu_before)
    return {case.label: Timing(statistics.median(walls[case.label]),
                               statistics.median(cpus[case.label]) if case.cpu_visible else None, repeats)
            for case in cases}


def start_join_seconds(make_worker: Callable[[], object], count: int) -> float:
    """Median time of one start() + join() of a worker that does nothing, after one warm-up."""
    samples = []
    for _ in range(count + 1):
        worker = make_worker()
        before = perf_counter()
        worker.start()
        worker.join()
        samples.append(perf_counter() - before)
    return statistics.median(samples[1:])  # the first may pay one-off costs, e.g. starting the fork server


def thread_start_join_seconds(count: int = 200) -> float:
    return start_join_seconds(lambda: threading.Thread(target=do_nothing), count)


def process_start_join_seconds(method: str, count: int) -> float:
    context = multiprocessing.get_context(method)
    return start_join_seconds(lambda: context.Process(target=do_nothing), count)


def gil_enabled() -> bool:
    """False only on a free-threaded build running without the GIL (Python 3.13t and later)."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def cpus_available() -> int:
    """The CPUs this process may run on, which can be fewer than the machine has."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
