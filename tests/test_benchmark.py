"""Opt-in benchmark: the tutorial's claims, measured side by side on this machine.

    python -m pytest -m benchmark -s

It takes about a minute. The results table is printed at the end of the run
(with -s you also see each case as it is measured). The assertions are only
those that hold on any healthy machine; the speed-up figures are reported, not
required, except that two processes must beat two threads when there are two
CPUs and a GIL.
"""
import multiprocessing
import platform
import sys
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import pytest

import benchmark_workloads as bw
from conftest import BENCHMARK_REPORT, MULTIPROCESSING, THREADING, Script, observe

pytestmark = pytest.mark.benchmark

# Rounds per case; the table shows the median. This machine's timings of the
# same loop vary by 10% or more from one run to the next, so the CPU-bound and
# small cases, where that matters, get five rounds; the sleeps barely vary.
REPEATS = {"cpu": 5, "io": 3, "small": 5}
STARTS = {"thread": 200, "fork": 50, "forkserver": 50, "spawn": 10}  # start+join cycles per median


@dataclass
class Results:
    cpu: Dict[str, bw.Timing] = field(default_factory=dict)
    io: Dict[str, bw.Timing] = field(default_factory=dict)
    small: Dict[str, bw.Timing] = field(default_factory=dict)
    start_join: Dict[str, float] = field(default_factory=dict)  # seconds, by "thread" or start method
    missing_methods: Dict[str, str] = field(default_factory=dict)  # start method -> why it has no row


def progress(message: str) -> None:
    print(f"benchmark: {message}", flush=True)  # visible with -s


def script_case(script: Script, cwd, cpu_visible: bool) -> bw.Case:
    """`python SCRIPT`, timed by the figure it prints itself."""
    def run() -> float:
        progress(f"python {script.file}")
        observed = observe(script, cwd)
        timings = observed.output.timings
        assert observed.run.returncode == 0 and timings, observed.run.transcript
        return float(timings[0]["seconds"])
    return bw.Case(script.file, run, cpu_visible)


def announced(message: str, work: Callable[[], None]) -> Callable[[], None]:
    def run():
        progress(message)
        work()
    return run


def three_ways(task, label: str) -> List[bw.Case]:
    """TASK twice: in turn, in two threads, in two processes (default start method)."""
    return [bw.Case("in turn", announced(f"{label}: in turn", lambda: bw.in_turn(task))),
            bw.Case("2 threads", announced(f"{label}: 2 threads", lambda: bw.in_threads(task))),
            bw.Case("2 processes", announced(f"{label}: 2 processes", lambda: bw.in_processes(task)),
                    bw.workers_cpu_visible())]


def measure_everything(tmp_dir) -> Results:
    results = Results()
    one_call = bw.Case("1 call", announced("CPU-bound: 1 call", lambda: bw.in_turn(bw.kill_time, count=1)))
    results.cpu = bw.measure([one_call, *three_ways(bw.kill_time, "CPU-bound"),
                              script_case(THREADING, tmp_dir, bw.children_cpu_visible()),
                              script_case(MULTIPROCESSING, tmp_dir, bw.workers_cpu_visible())],
                             REPEATS["cpu"])

    progress("start-up: thread")
    results.start_join["thread"] = bw.thread_start_join_seconds(STARTS["thread"])
    available = multiprocessing.get_all_start_methods()
    for method in bw.START_METHODS:
        if method not in available:
            results.missing_methods[method] = f"start method {method!r} is not available on {sys.platform}"
            continue
        progress(f"start-up: process ({method})")
        results.start_join[method] = bw.process_start_join_seconds(method, STARTS[method])

    results.io = bw.measure(three_ways(bw.sleep_task, "I/O-bound"), REPEATS["io"])
    results.small = bw.measure(three_ways(bw.small_task, "small task"), REPEATS["small"])
    return results


def _ratio(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def timing_table(title: str, rows: Dict[str, bw.Timing], reference: str, unit: str = "s") -> List[str]:
    """Aligned rows, with each row's speed-up over REFERENCE (not for "1 call", which does half the work)."""
    scale = {"s": 1, "ms": 1000}[unit]

    def amount(seconds: Optional[float]) -> str:
        return "n/a" if seconds is None else f"{seconds * scale:.4f}"

    title = f"{title} (median of {rows[reference].repeats})"
    lines = [f"{title:<47} {'wall ' + unit:>9} {'CPU ' + unit:>9} {'speed-up':>9} {'CPU/wall':>9}"]
    for label, t in rows.items():
        speed_up = "-" if label == "1 call" else f"{rows[reference].wall / t.wall:.2f}x"
        lines.append(f"  {label:<45} {amount(t.wall):>9} {amount(t.cpu):>9} {speed_up:>9} {_ratio(t.cpu_per_wall):>9}")
    return lines


def format_report(results: Results) -> str:
    gil = "yes" if bw.gil_enabled() else "no (free-threaded build)"
    lines = [
        f"Python {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.machine()}",
        f"GIL enabled: {gil} | CPUs available: {bw.cpus_available()} | "
        f"default start method: {bw.default_start_method()}",
        "",
    ]
    lines += timing_table("CPU-bound: kill_time() x 2", results.cpu, reference="in turn")
    one_call = results.cpu["1 call"].wall
    lines += [
        f"  2 processes vs 2 threads: speed-up {results.cpu['2 threads'].wall / results.cpu['2 processes'].wall:.2f}x",
        f"  main_multiprocessing.py vs 1 call: {results.cpu['main_multiprocessing.py'].wall / one_call:.2f}x the time"
        f" (1.00x would be perfect parallelism)",
        "",
        f"{'Start-up: start() + join(), do-nothing worker':<47} {'ms each':>9} {'x thread':>9}",
    ]
    thread = results.start_join["thread"]
    for kind in ("thread", *bw.START_METHODS):
        label = "thread" if kind == "thread" else f"process ({kind})"
        if kind in results.missing_methods:
            lines.append(f"  {label:<45} skipped: {results.missing_methods[kind]}")
        else:
            seconds = results.start_join[kind]
            lines.append(f"  {label:<45} {seconds * 1000:>9.3f} {seconds / thread:>8.0f}x")
    lines.append("")
    lines += timing_table(f"I/O-bound: two {bw.SLEEP_SECONDS} s sleeps", results.io, reference="in turn")
    lines.append("")
    lines += timing_table("Small task: two 10**4-step loops", results.small, reference="in turn", unit="ms")
    if not bw.workers_cpu_visible():
        lines.append("n/a: the CPU time of child processes cannot be read here "
                     "(on Windows none can; under forkserver, not the workers')")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def results(pytestconfig, tmp_path_factory) -> Results:
    measured = measure_everything(tmp_path_factory.mktemp("benchmark"))
    report = format_report(measured)
    pytestconfig.stash[BENCHMARK_REPORT] = report  # printed by conftest at the end of the run
    return measured


def test_two_processes_beat_two_threads_on_cpu_bound_work(results):
    if bw.cpus_available() < 2:
        pytest.skip(f"only {bw.cpus_available()} CPU available: processes cannot run in parallel")
    if not bw.gil_enabled():
        pytest.skip("free-threaded build: threads run in parallel too, so processes need not beat them")
    speed_up = results.cpu["2 threads"].wall / results.cpu["2 processes"].wall
    assert speed_up >= 1.4, format_report(results)


def test_threads_do_not_run_python_code_in_parallel_under_the_gil(results):
    if not bw.gil_enabled():
        pytest.skip("free-threaded build: there is no GIL to serialise the threads")
    assert results.cpu["2 threads"].cpu_per_wall <= 1.25, format_report(results)


def test_sleeping_threads_overlap(results):
    assert results.io["2 threads"].wall < 1.6 * bw.SLEEP_SECONDS, format_report(results)


@pytest.mark.parametrize("method", bw.START_METHODS)
def test_starting_a_process_costs_more_than_starting_a_thread(results, method):
    if method in results.missing_methods:
        pytest.skip(results.missing_methods[method])
    assert results.start_join[method] > results.start_join["thread"], format_report(results)


def test_small_tasks_are_faster_without_processes(results):
    small = results.small
    assert max(small["in turn"].wall, small["2 threads"].wall) < small["2 processes"].wall, format_report(results)
