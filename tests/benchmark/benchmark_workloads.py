"""The work the benchmark times, run in turn, in threads or in processes, each worker reporting back.

Every worker measures itself (its PID, when its task began and ended, the CPU
time it used) and sends that to the parent. So the CPU figures are real under
every start method and on Windows, where a parent cannot read the CPU time of
its children, and under forkserver, where the workers are not even its
children but the fork server's.

Everything a child process runs is a top-level function of this module, so it
can be found by name under the spawn and forkserver start methods.

For a hand check that the break-even is measured, not assumed, set
BENCHMARK_CHILD_DELAY to a number of seconds: each benchmark process then
waits that long before its task, as if it were that much slower to start.
Nothing else reads it, and the tutorial's scripts never see it.

For a hand check that the free-threaded check catches threads that take
turns, set BENCHMARK_THREADS_TAKE_TURNS=1: the benchmark's threads then hold
one shared lock for the whole of their task, as a GIL would make them, on any
build. Only in_threads() reads it.
"""
import contextlib
import multiprocessing
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from time import perf_counter
from typing import Callable, Dict, List, Optional, Sequence, Tuple

try:
    import resource  # POSIX only
except ImportError:
    resource = None

START_METHODS = ("fork", "spawn", "forkserver")
SLEEP_SECONDS = 0.5
# Seconds each benchmark process waits before its task; see the module's docstring.
CHILD_DELAY = float(os.environ.get("BENCHMARK_CHILD_DELAY") or 0)
# Threads run their tasks one at a time, under one lock; see the module's docstring.
THREADS_TAKE_TURNS = bool(os.environ.get("BENCHMARK_THREADS_TAKE_TURNS"))
# A worker that has not reported after this long is taken to be stuck.
REPORT_TIMEOUT = 300

# kill_time()'s 10**8 steps, cut into slices for the timeline. A slice takes
# about 0.1 ms, well under the 5 ms for which a thread holds the GIL before it
# must offer it to another, so the samples show each turn.
SLICES = 10**4
STEPS_PER_SLICE = 10**8 // SLICES


def small_task() -> None:
    """kill_time() cut 10,000 times: 10**4 steps instead of 10**8."""
    for _ in range(10**4):
        pass


def count_steps(steps: int) -> None:
    """kill_time()'s loop with STEPS steps: the break-even's task, given its size with functools.partial."""
    for _ in range(steps):
        pass


def sleep_task() -> None:
    """Stands in for I/O: waiting without using the CPU."""
    time.sleep(SLEEP_SECONDS)


def do_nothing() -> None:
    pass


def sliced_kill_time() -> List[float]:
    """kill_time()'s loop, 10**8 steps in all, noting the time each slice of it ends."""
    ends = []
    for _ in range(SLICES):
        for _ in range(STEPS_PER_SLICE):
            pass
        ends.append(perf_counter())
    return ends


def bookkeeping_seconds() -> float:
    """What sliced_kill_time() adds to the loop: its slices' clock readings and appends, without the steps."""
    before = perf_counter()
    ends = []
    for _ in range(SLICES):
        for _ in range(0):
            pass
        ends.append(perf_counter())
    return perf_counter() - before


@dataclass(frozen=True)
class WorkerReport:
    """What one worker says about its own run of the task."""

    pid: int
    started: float  # perf_counter(): one clock for every process on the machine
    ended: float
    cpu: float  # CPU seconds the worker used on the task: its thread's, or its process's
    slice_ends: Tuple[float, ...] = ()  # sliced_kill_time() only

    @property
    def wall(self) -> float:
        return self.ended - self.started


def _run_and_report(task: Callable[[], Optional[Sequence[float]]], cpu_clock: Callable[[], float]) -> WorkerReport:
    cpu_before, started = cpu_clock(), perf_counter()
    samples = task()
    ended, cpu_after = perf_counter(), cpu_clock()
    return WorkerReport(os.getpid(), started, ended, cpu_after - cpu_before, tuple(samples or ()))


def _process_worker(task, connection) -> None:
    if CHILD_DELAY:
        time.sleep(CHILD_DELAY)  # a slower start, outside the task's own times
    # The process's own CPU time: it runs nothing else while the task runs.
    connection.send(_run_and_report(task, time.process_time))
    connection.close()


def _start_all_then_join_all(workers) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def in_threads(task, count: int = 2) -> List[WorkerReport]:
    """COUNT threads running TASK at once."""
    reports: List[WorkerReport] = []  # list.append is atomic
    turns = threading.Lock() if THREADS_TAKE_TURNS else contextlib.nullcontext()

    def worker():
        with turns:
            reports.append(_run_and_report(task, time.thread_time))

    _start_all_then_join_all([threading.Thread(target=worker) for _ in range(count)])
    return reports


def in_turn(task, count: int = 2) -> List[WorkerReport]:
    """COUNT calls one after the other, each in a new thread that ends before the next starts.

    So the only difference from in_threads() is that the calls do not overlap.
    """
    return [report for _ in range(count) for report in in_threads(task, count=1)]


def plain_calls(task, count: int = 2) -> List[WorkerReport]:
    """COUNT calls one after the other in this thread: no thread or process is started at all."""
    return [_run_and_report(task, time.thread_time) for _ in range(count)]


def in_processes(task, count: int = 2, method: Optional[str] = None) -> List[WorkerReport]:
    """COUNT processes running TASK at once, started with METHOD (None: the default start method)."""
    context = multiprocessing.get_context(method)
    pipes = [context.Pipe(duplex=False) for _ in range(count)]
    workers = [context.Process(target=_process_worker, args=(task, sender)) for _, sender in pipes]
    for worker in workers:
        worker.start()
    for _, sender in pipes:
        sender.close()  # ours; now a worker that dies unreported gives EOF instead of a hang
    reports = []
    for (receiver, _), worker in zip(pipes, workers):
        # Read before join(): a report larger than the pipe's buffer blocks its sender until read.
        if not receiver.poll(REPORT_TIMEOUT):
            raise RuntimeError(f"a benchmark process sent no report within {REPORT_TIMEOUT} s")
        try:
            reports.append(receiver.recv())
        except EOFError:
            worker.join()
            raise RuntimeError(f"a benchmark process ended without a report (exit status {worker.exitcode})") from None
    for worker in workers:
        worker.join()
    return reports


@dataclass(frozen=True)
class Run:
    """One run of a case: its wall time, the CPU time its workers used, and their reports."""

    wall: float
    cpu: Optional[float]  # None: the workers' CPU time cannot be seen
    reports: Tuple[WorkerReport, ...] = ()


def workers_run(start: Callable[[], List[WorkerReport]]) -> Run:
    """Time START() from the parent; the CPU time is what the workers report."""
    before = perf_counter()
    reports = start()
    wall = perf_counter() - before
    return Run(wall, sum(report.cpu for report in reports), tuple(reports))


def children_cpu_seconds() -> Optional[float]:
    """CPU time (user + system) of the child processes we have waited for, and theirs; None on Windows."""
    if resource is None:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def default_start_method() -> str:
    return multiprocessing.get_context().get_start_method()


def script_workers_visible() -> Tuple[bool, str]:
    """Whether children_cpu_seconds() covers main_multiprocessing.py's workers, and if not, why.

    The script cannot report back: it is the tutorial's listing, unchanged. So
    its row counts what the operating system says its process tree used.
    """
    if resource is None:
        return False, "Windows tells a parent nothing of its children's CPU time"
    if default_start_method() == "forkserver":
        return False, ("under forkserver the workers are children of the fork server, "
                       "which the script never waits for, so their CPU time is counted nowhere")
    return True, ""


@dataclass(frozen=True)
class Case:
    """One row of a table: RUN does the work once."""

    label: str
    run: Callable[[], Run]


@dataclass(frozen=True)
class Timing:
    """Median wall and CPU time over the repetitions, and every run behind them."""

    wall: float
    cpu: Optional[float]
    runs: Tuple[Run, ...]

    @property
    def repeats(self) -> int:
        return len(self.runs)

    @property
    def cpu_per_wall(self) -> Optional[float]:
        return None if self.cpu is None else self.cpu / self.wall


def measure(cases: List[Case], repeats: int) -> Dict[str, Timing]:
    """Median wall and CPU time of each case over REPEATS rounds.

    The cases take turns within each round, so a slow drift in the machine's
    speed (another load, a change of clock) touches every row alike.
    """
    runs: Dict[str, List[Run]] = {case.label: [] for case in cases}
    for _ in range(repeats):
        for case in cases:
            runs[case.label].append(case.run())
    return {label: timing_of(done) for label, done in runs.items()}


def timing_of(runs: Sequence[Run]) -> Timing:
    """The median wall and CPU time of RUNS; no CPU time if any run lacks it."""
    cpus = [run.cpu for run in runs]
    return Timing(statistics.median(run.wall for run in runs), None if None in cpus else statistics.median(cpus),
                  tuple(runs))


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
