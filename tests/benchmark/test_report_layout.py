"""The benchmark's report fits the terminal it is printed in, 80 columns above all, and says why a speed-up is low.

Part of the default suite: the report is laid out from made-up results, so
nothing is measured and the check takes no time.
"""
import copy

import pytest

import benchmark_report as br
import benchmark_timeline as tl
import benchmark_workloads as bw
from readme_text import README

SLICE = 1e-4  # seconds per slice of work, about what a real one takes


def worker(pid: int, turns) -> bw.WorkerReport:
    """A worker that ran in TURNS, (start, end) pairs in seconds, one slice after another, and waited in between."""
    ends = [start + SLICE * step for start, end in turns for step in range(1, round((end - start) / SLICE) + 1)]
    return bw.WorkerReport(pid, turns[0][0], ends[-1], sum(end - start for start, end in turns), tuple(ends))


def timing(wall: float, reports=()) -> bw.Timing:
    return bw.Timing(wall, wall, (bw.Run(wall, wall, tuple(reports)),))


def sweep(speed_ups) -> list:
    """Made-up break-even sizes, doubling from 10**4 steps with the last kill_time()'s 10**8: a plain call
    takes 0.1 ms per 10**4 steps, and two processes take two plain calls' time divided by SPEED_UPS."""
    steps = [br.SWEEP[0] * 2**k for k in range(len(speed_ups) - 1)] + [br.KILL_TIME_STEPS]
    sizes = [br.TaskSize(n, timing(2e-8 * n), timing(2e-8 * n / speed_up)) for n, speed_up in zip(steps, speed_ups)]
    return sizes[:-1] + [kill_time_size(speed_ups[-1])]


def two_processes(seconds: float) -> tuple:
    """Two processes that each did one call's work, a second alone, in SECONDS, with a full core by their clocks."""
    return worker(101, [(0.0, seconds)]), worker(102, [(0.0, seconds)])


def kill_time_size(speed_up: float) -> br.TaskSize:
    """kill_time()'s size of a sweep, its two processes SPEED_UP times faster than two plain calls of a second."""
    return br.TaskSize(br.KILL_TIME_STEPS, timing(2.0), timing(2.0 / speed_up, two_processes(2.0 / speed_up)))


# spawn won at 10,240,000 steps, lost at 20,480,000, then won at every larger size: its break-even is
# 40,960,000. forkserver never won, to the end of its sweep: the report's longest break-even line.
SPAWN = [0.01] * 10 + [1.1, 0.9, 1.3, 1.8]
FORKSERVER = [0.01] * 13 + [0.8]


@pytest.fixture
def results(monkeypatch) -> br.Results:
    # The longest lines the real report can print, whatever this machine's default start method.
    monkeypatch.setattr(bw, "default_start_method", lambda: "forkserver")
    monkeypatch.setattr(bw, "script_workers_visible", lambda: (False, "under forkserver the workers are children "
                        "of the fork server, which the script never waits for, so their CPU time is counted nowhere"))
    processes = two_processes(1.0)
    # Two threads taking 5 ms turns for 2 s.
    threads = tuple(worker(7, [(t / 1000, t / 1000 + 0.005) for t in range(first, 2000, 10)]) for first in (0, 5))
    return br.Results(
        cpu={"1 call": timing(1.0, [worker(1, [(0.0, 1.0)])]),
             "in turn": timing(2.0, [worker(2, [(0.0, 1.0)]), worker(3, [(1.0, 2.0)])]), "2 threads": timing(2.0),
             "2 processes": timing(1.0, processes), "main_threading.py": timing(2.0),
             "main_multiprocessing.py": timing(1.1)},
        io={"in turn": timing(1.0), "2 threads": timing(0.5), "2 processes": timing(0.52)},
        small={"plain calls": timing(0.0004), "in turn": timing(0.0006), "2 threads": timing(0.0004),
               "2 processes": timing(0.02)},
        start_join={"thread": 0.00004, "spawn": 0.056, "forkserver": 0.02},
        missing_methods={"fork": "start method 'fork' is not available on win32"},
        timeline={"2 processes": processes, "2 threads": threads},
        bookkeeping=0.001,
        sweeps={"spawn": sweep(SPAWN), "forkserver": sweep(FORKSERVER)},
    )


# Two logical CPUs sharing one core's worth: each process's CPU clock says it had a whole core, yet each
# took 1.92 s for the work one call alone does in 1 s, under the default start method and under spawn.
SHARED_CORE_SECONDS = 1.92


@pytest.fixture
def shared_core_results(results) -> br.Results:
    shared = copy.deepcopy(results)
    processes = two_processes(SHARED_CORE_SECONDS)
    shared.cpu["2 processes"] = timing(SHARED_CORE_SECONDS, processes)
    shared.timeline["2 processes"] = processes
    shared.sweeps["spawn"][-1] = kill_time_size(2.0 / SHARED_CORE_SECONDS)
    # The default start method's kill_time() size is the CPU-bound table's, as in a real report.
    shared.sweeps["forkserver"][-1] = br.TaskSize(br.KILL_TIME_STEPS, shared.cpu["in turn"], shared.cpu["2 processes"])
    return shared


@pytest.fixture
def free_threaded_results(results, monkeypatch) -> br.Results:
    """A build without the GIL: its two threads ran side by side, and took 5 ms turns again under -X gil=1."""
    monkeypatch.setattr(bw, "gil_enabled", lambda: False)
    free = copy.deepcopy(results)
    side_by_side = (worker(8, [(0.0, 1.0)]), worker(9, [(0.0, 1.0)]))
    free.cpu["2 threads"] = timing(1.0, side_by_side)
    free.timeline["2 threads"] = side_by_side
    free.gil_on = {"1 call": timing(1.0), "2 threads": timing(2.0)}
    free.gil_on_timeline = results.timeline["2 threads"]
    free.gil_on_confirmed = True
    return free


@pytest.mark.parametrize("blocks", [tl.BLOCKS, tl.ASCII_BLOCKS], ids=["blocks", "ascii"])
@pytest.mark.parametrize("made_up", ["results", "shared_core_results", "free_threaded_results"])
def test_no_line_of_the_report_is_wider_than_an_80_column_terminal(request, made_up, blocks):
    report = br.format_report(request.getfixturevalue(made_up), blocks, width=80)
    too_wide = [line for line in report.splitlines() if len(line) > 80]
    assert not too_wide, report


@pytest.mark.parametrize("width, row", [(80, 80), (100, 100), (200, 134)])
def test_the_timeline_takes_the_width_its_labels_leave_up_to_120_columns(results, width, row):
    timeline_rows = [line for line in br.format_report(results, width=width).splitlines() if line.endswith("|")]
    assert len(timeline_rows) == 8 and {len(line) for line in timeline_rows} == {row}, timeline_rows


def test_the_readmes_timeline_is_laid_out_as_the_report_prints_it_in_80_columns(results):
    # The README quotes a few rows of a real report; they must look as printed.
    quoted = [line for line in README.splitlines() if line.endswith("|") and line.lstrip().startswith(("process", "thread"))]
    printed = [line for line in br.format_report(results, width=80).splitlines() if line.endswith("|")][-4:]
    assert quoted, "the README quotes no timeline"
    # Each row's label and frame, and its width.
    def layout(line):
        return line[:line.index("|") + 1], len(line)

    assert list(map(layout, quoted)) == list(map(layout, printed)), quoted


def test_the_break_even_table_shows_every_size_tried_and_where_processes_paid_under_each_start_method(results):
    report = br.format_report(results, width=80)
    table = report[report.index("Break-even:"):]
    for method, sizes in results.sweeps.items():
        assert all(f"{size.steps:,} steps" in table for size in sizes), table
    prose = " ".join(table.split())  # the break-even lines, unwrapped
    assert "spawn: processes paid from 40,960,000 steps, 410 ms of work a task; not at 20,480,000 (205 ms)" in (
        prose), table
    assert "forkserver: processes never paid, up to 100,000,000 steps (1000 ms a task)" in prose, table
    assert "fork skipped: start method 'fork' is not available on win32" in prose, table


def test_where_the_processes_got_one_cores_worth_the_report_says_so_beside_each_speed_up(shared_core_results):
    report = br.format_report(shared_core_results, width=80)
    prose = " ".join(report.split())  # unwrapped
    pace = "the two processes worked at 52% of one call's pace each (one run): this machine gave them about " \
        "1.0 cores' worth, not 2"
    assert f"2 processes vs 2 threads: speed-up 1.04x; {pace}" in prose, report
    for method in ("spawn", "forkserver"):  # spawn's own run; forkserver, the default, is the CPU-bound table's
        kill_time_row = f"{br.KILL_TIME_STEPS:,} steps 1000.00 2000.00 1920.00 1.04x"
        assert f"{kill_time_row} at {br.KILL_TIME_STEPS:,} steps, {pace} {method}: processes" in prose, report


def test_where_the_processes_kept_one_calls_pace_the_report_says_nothing_of_cores(results):
    assert "cores' worth" not in br.format_report(results, width=80)


def test_processes_at_half_pace_skip_even_with_full_cpu_clocks_and_say_why(shared_core_results):
    evidence = br.parallel_evidence(shared_core_results)
    assert (evidence.core_share, evidence.both_running) == pytest.approx((1.0, 1.0))  # the clocks alone would pass
    assert not evidence.got_two_cores
    assert "two logical CPUs sharing one physical core" in evidence.describe()


def test_the_slower_process_sets_the_cores_worth_the_pair_was_given():
    # As measured under spawn here once: one process at 76% of one call's pace, the other at 111%.
    processes = (worker(101, [(0.0, 1 / 0.76)]), worker(102, [(0.0, 0.9)]))
    evidence = br.evidence_from([bw.Run(1 / 0.76, None, processes)], None, solo_seconds=1.0)
    assert evidence.pace_words() == ("the two processes worked at 76% and 111% of one call's pace (one run): as the pair "
                                     "waits for the slower, this machine gave them about 1.5 cores' worth, not 2")


def test_on_a_build_without_the_gil_the_report_draws_the_threads_with_the_gil_off_and_on(free_threaded_results):
    report = br.format_report(free_threaded_results, width=80)
    rows = [line.split("|")[0].strip() for line in report.splitlines() if line.endswith("|")]
    assert rows == ["process 1", "process 2", "thread 1", "thread 2", "gil=1 thread 1", "gil=1 thread 2"] * 2, report
    prose = " ".join(report.split())  # unwrapped
    assert "threads 100% with the GIL off and 0% with it on (gil=1 thread rows), of the time both were alive" in prose, report
    assert "2 threads vs 1 call: 2.00x the time with the GIL on, 1.00x with it off" in prose, report
