"""Opt-in benchmark: the tutorial's claims, measured side by side on this machine.

    python -m pytest -m benchmark -s

It takes a while (tests/benchmark/README.md gives each run's time). The report (tables and a timeline) is
printed at the end of the run; with -s you also see each case as it is
measured. The assertions are only those that hold on any healthy machine,
busy or not: a claim that a busy machine cannot show is skipped with the
measured reason, never failed.
"""
import pytest

import benchmark_workloads as bw
from benchmark_report import (format_report, kill_time_evidence, parallel_evidence, threads_evidence,
                              threads_with_the_gil)

pytestmark = pytest.mark.benchmark


def fail_broken_processes_then_skip_one_cpu(results, evidence, workers: str, processes: str) -> None:
    """Before any speed-up check may skip, broken code fails, on any machine and build.

    Broken: workers that are not processes, or processes run one after the
    other (alive together 0% of the time; half leaves room for a slow start,
    such as spawn's on Windows). WORKERS and PROCESSES name them in messages.
    Then a machine with one CPU skips: processes cannot run in parallel there.
    """
    assert evidence.separate_processes, (
        f"the {workers} workers reported PIDs {evidence.worker_pids}, ours is {evidence.own_pid}")
    assert evidence.lifetimes_overlap >= 0.5, (
        f"the two {processes} were alive together only {evidence.lifetimes_overlap:.0%} of the time\n"
        + format_report(results))
    if bw.cpus_available() < 2:
        pytest.skip(f"only {bw.cpus_available()} CPU available: processes cannot run in parallel")


def skip_short_of_two_cores(evidence, where: str) -> None:
    """Skip where real processes, started together, were not given two cores' worth: by their pace or their clocks.

    A shared core (two hyperthreads, or a VM's host taking time) shows in the
    pace alone; another program holding a core shows in the clocks too.
    WHERE starts the reason, such as "under spawn, ".
    """
    if not evidence.got_two_cores:
        pytest.skip(f"{where}{evidence.describe()}. Too little to count on the speed-up this check asks for")


def test_two_processes_beat_two_threads_on_cpu_bound_work(results):
    evidence = parallel_evidence(results)
    fail_broken_processes_then_skip_one_cpu(results, evidence, "'2 processes'", "processes")
    if not bw.gil_enabled():
        pytest.skip("free-threaded build: threads run in parallel too, so processes need not beat them")
    skip_short_of_two_cores(evidence, "")
    speed_up = results.cpu["2 threads"].wall / results.cpu["2 processes"].wall
    assert speed_up >= 1.4, f"{evidence.describe()}\n" + format_report(results)


def test_threads_never_run_python_code_at_the_same_moment_under_the_gil(results):
    # On a build without the GIL, these are the threads of a child that -X gil=1 gave one.
    assert results.gil_on_confirmed or bw.gil_enabled(), "python -X gil=1 left the GIL off\n" + format_report(results)
    threads, both_running = threads_with_the_gil(results)
    assert both_running <= 0.05, format_report(results)
    assert threads.cpu_per_wall <= 1.25, format_report(results)


def test_without_the_gil_two_threads_run_in_parallel_as_two_processes_do(results):
    if bw.gil_enabled():
        pytest.skip("this Python runs threads under a GIL: only a free-threaded build without it can show this")
    # The processes, measured in the same rounds, say whether the machine had two cores to give:
    # threads that take turns on a machine that gave the processes two cores' worth fail.
    evidence = parallel_evidence(results)
    fail_broken_processes_then_skip_one_cpu(results, evidence, "'2 processes'", "processes")
    skip_short_of_two_cores(evidence, "the processes measured beside the threads: ")
    threads = threads_evidence(results)
    assert threads.in_parallel, f"without the GIL, {threads.describe()}\n" + format_report(results)


def test_sleeping_threads_overlap(results):
    assert results.io["2 threads"].wall < 1.6 * bw.SLEEP_SECONDS, format_report(results)


@pytest.mark.parametrize("method", bw.START_METHODS)
def test_starting_a_process_costs_more_than_starting_a_thread(results, method):
    if method in results.missing_methods:
        pytest.skip(results.missing_methods[method])
    assert results.start_join[method] > results.start_join["thread"], format_report(results)


def test_small_tasks_are_faster_without_processes(results):
    small = results.small
    slowest_without = max(small[label].wall for label in ("plain calls", "in turn", "2 threads"))
    assert slowest_without < small["2 processes"].wall, format_report(results)


@pytest.mark.parametrize("method", bw.START_METHODS)
def test_processes_lose_to_plain_calls_at_the_smallest_task_size_tried(results, method):
    # Holds on a busy machine too: a busy core only slows the processes further.
    if method in results.missing_methods:
        pytest.skip(results.missing_methods[method])
    assert not results.sweeps[method][0].processes_won, format_report(results)


@pytest.mark.parametrize("method", bw.START_METHODS)
def test_processes_beat_plain_calls_at_kill_times_10_8_steps(results, method):
    # The break-even lies between these two sizes; where exactly is measured and reported, not asserted.
    if method in results.missing_methods:
        pytest.skip(results.missing_methods[method])
    evidence = kill_time_evidence(results, method)
    # Broken code fails first, as in the processes-vs-threads check, so a busy machine cannot hide it.
    fail_broken_processes_then_skip_one_cpu(results, evidence, method, f"{method} processes")
    skip_short_of_two_cores(evidence, f"under {method}, ")
    kill_time_size = results.sweeps[method][-1]  # every sweep ends with kill_time()'s own size
    assert kill_time_size.processes_won, f"{evidence.describe()}\n" + format_report(results)
