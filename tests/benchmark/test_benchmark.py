"""The tutorial's claims, measured (README.md beside this file). A check fails only where the code cannot be right;
one that needs a core per worker skips, with what was measured, where the machine did not give it."""
import multiprocessing
import os
from pathlib import Path

import pytest

import benchmark_report as br
import benchmark_run as run
import benchmark_workers as bw

pytestmark = pytest.mark.benchmark


@pytest.fixture(scope="session")
def results(pytestconfig, tmp_path_factory):
    measured = run.measure(tmp_path_factory.mktemp("benchmark"))
    pytestconfig.stash[br.REPORT] = br.report(measured)
    return measured


def expect_side_by_side(pair: run.Pair, results: run.Results, who: str, processes: bool = True) -> None:
    """Fail on two workers that cannot have run side by side; skip where the machine did not give them a core each.

    A busy machine holds workers back: they wait for a core, or a VM's host takes it or shares it with work outside
    this system, which shows as a slow pace at full CPU clocks; or they are slow to start. No machine makes two
    workers run one after the other, or take turns held back by none of that: waiting for each other.
    """
    pids = [r.pid for r in pair.reports]
    assert not processes or len(set(pids)) == 2 and os.getpid() not in pids, f"{who}: PIDs {pids}, ours {os.getpid()}"
    assert br.alive_share(pair) >= 0.25, f"{who} ran one after the other: both under way {br.alive_share(pair):.0%}"
    yardstick = br.one_call_cpu(results)
    if min(br.paces(pair, yardstick)) < br.PACE_OF_A_CORE or br.start_and_join(pair) > br.START_AND_JOIN * yardstick:
        reading, blocked = f"{who} {br.reading(pair, yardstick)}", br.blocked(pair)
        assert not (blocked and min(blocked) >= 0.2 and br.both_running(pair) <= 0.05), f"{reading}: they took turns"
        pytest.skip(f"{reading}: this machine ({os.cpu_count()} CPUs) gave them less than a core each, or started "
                    "them slowly")


@pytest.mark.parametrize("method", run.METHODS)
def test_two_processes_run_side_by_side_and_beat_two_calls_in_turn(results, method):
    pair, who = results.processes[method], f"the 2 processes started by {method}"
    expect_side_by_side(pair, results, who)
    # Each call alone took at least the yardstick; the processes, at most 1.4 times it.
    assert pair.wall < sum(r.wall for r in results.solo), f"{who}: {pair.wall:.3f} s"


def test_under_the_gil_two_processes_beat_two_threads_by_1_4x(results):
    if not bw.gil_enabled():
        pytest.skip("no GIL here: threads run side by side too")
    pair = results.processes[multiprocessing.get_start_method()]
    expect_side_by_side(pair, results, "the 2 processes")
    # Taking turns, the threads took at least twice the yardstick; the processes, at most 1.4 times it.
    assert results.threads.wall >= 1.4 * pair.wall, f"threads {results.threads.wall:.3f} s, processes {pair.wall:.3f} s"


def test_under_the_gil_threads_take_turns_and_never_run_at_once(results):
    pair = results.threads if bw.gil_enabled() else results.gil_on  # there, a child's, which -X gil=1 gave a GIL
    assert br.alive_share(pair) >= 0.25, f"the threads ran one after the other: together {br.alive_share(pair):.0%}"
    # Only the thread holding the GIL runs: a busy machine can make both wait, never both run.
    assert br.both_running(pair) <= 0.05, f"both threads were running {br.both_running(pair):.0%} of the time"
    assert sum(r.cpu for r in pair.reports) <= 1.25 * pair.wall, "the threads used more than one core"


def test_without_the_gil_two_threads_run_side_by_side(results):
    if bw.gil_enabled():
        pytest.skip("this Python runs threads under a GIL: only a free-threaded build without it shows this")
    expect_side_by_side(results.threads, results, "the 2 threads", processes=False)
    assert results.threads.wall < sum(r.wall for r in results.solo), f"{results.threads.wall:.3f} s"


@pytest.mark.parametrize("method", run.METHODS)
def test_starting_a_process_costs_more_than_starting_a_thread(results, method):
    # A process's start does all that a thread's does, and more. The kinds took turns, and a busy machine only
    # delays a start, so the quickest of each is nearest its cost.
    assert min(results.startup[method]) > min(results.startup["thread"]), results.startup


@pytest.mark.parametrize("method", run.METHODS)
def test_a_small_task_is_quicker_in_plain_calls_than_in_two_processes(results, method):
    # 0.1 ms of work a call: plain calls, made as this thread wakes, fit in its time slice; processes must be started.
    assert results.sweep[0].processes[method] > results.sweep[0].plain, results.sweep[0]


def test_threads_that_sleep_a_second_each_take_one_second_not_two(results):
    # In turn, two sleeps of a second cannot take less than two, however busy the machine.
    assert 1.0 <= results.scripts["sleep"].seconds < 2.0, results.scripts["sleep"].output


def test_the_readme_offers_the_experiments_measured_here():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    experiments = ['`print("Script PID:", os.getpid())`', "`top -d 0.5`", "`import time`", "`time.sleep(1)`",
                   "`taskset -c 0 python main_multiprocessing.py`", "`10**8`", "`10**5`",
                   "`python -X gil=1 main_threading.py`"]
    assert [text for text in experiments if text not in readme] == []


def test_a_copy_printing_its_pid_shows_two_others_for_processes_and_its_own_for_threads(results):
    processes, threads = results.scripts["processes"], results.scripts["threads"]
    for script in (processes, threads):
        assert script.output.count(f"Script PID: {script.pid}\n") == 1, script.output
    assert len(set(processes.worker_pids)) == 2 and processes.pid not in processes.worker_pids, processes.output
    assert threads.worker_pids == [threads.pid] * 2, threads.output


def test_top_shows_the_threads_on_one_line_at_most_one_core_and_each_process_near_100_percent(results):
    threads, processes = results.scripts["threads"], results.scripts["processes"].top
    if not processes or not threads.top:
        pytest.skip("top's figures are read from Linux's /proc")
    # A busy machine only lowers a share; without a GIL the threads may use two cores.
    assert list(threads.top) == [threads.pid] and (not bw.gil_enabled() or threads.top[threads.pid][0] <= 1.25), threads
    assert len(processes) == 2, processes
    ran, waited = zip(*processes.values())
    if min(ran) < 0.8:
        pytest.skip(f"the processes used {br.both(ran)} of a core and waited for one {br.both(waited)} of the time "
                    f"({os.cpu_count()} CPUs)")


# A busy machine only lowers the shares top sees; it cannot make work run on more cores than it may use.
def test_held_to_one_cpu_the_two_processes_share_one_cores_worth(results):
    if "taskset" not in results.scripts or not results.scripts["taskset"].top:
        pytest.skip("no taskset, no CPU 0 for this process, or no /proc: the experiment is for Linux")
    top = results.scripts["taskset"].top
    assert len(top) == 2 and sum(ran for ran, _ in top.values()) <= 1.2, top


def test_on_a_free_threaded_build_x_gil_1_keeps_the_threads_to_one_cores_worth(results):
    if not run.FREE_THREADED_BUILD or not results.scripts["gil=1"].top:
        pytest.skip("-X gil=1 is for free-threaded builds, and top's figures are read from Linux's /proc")
    script = results.scripts["gil=1"]
    assert list(script.top) == [script.pid] and script.top[script.pid][0] <= 1.25, script


def test_the_report_fits_in_80_columns(results):
    assert [line for line in br.report(results).splitlines() if len(line) > 80] == []
