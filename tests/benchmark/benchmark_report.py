"""What the measurements show: who ran when, at what pace, what held a worker back; and the report."""
import multiprocessing
import os
import platform
import statistics
import sys
from typing import List, Optional, Sequence, Tuple

import pytest

import benchmark_workers as bw
from benchmark_run import METHODS, ROUNDS, STARTS, TINY_RUNS, Pair, Results, Size

# Two workers had a core each if each kept 80% of the yardstick's pace, and starting and joining them took at
# most 0.15 of it: then together they took at most 1.4 times the yardstick. Two calls in turn, or two threads
# taking turns, take at least twice it, as no call's CPU time is less than the yardstick.
PACE_OF_A_CORE, START_AND_JOIN = 0.8, 0.15
REPORT = pytest.StashKey[str]()  # where the tests' fixture leaves the report, for conftest.py to print


def one_call_cpu(results: Results) -> float:
    """The yardstick: the least CPU time in which a worker did one call's work (a busy machine adds waits, not work)."""
    pairs = [results.threads, *results.processes.values(), *([results.gil_on] if results.gil_on else [])]
    return min(r.cpu for r in [*results.solo, *(r for p in pairs for r in p.reports)])


def paces(pair: Pair, yardstick: float) -> List[float]:
    return [yardstick / r.wall for r in pair.reports]


def start_and_join(pair: Pair) -> float:
    """The caller's time beside the slower worker's task: starting the two, and joining them."""
    return pair.wall - max(r.wall for r in pair.reports)


def alive_together(pair: Pair) -> float:
    return max(0.0, min(r.ended for r in pair.reports) - max(r.started for r in pair.reports))


def alive_share(pair: Pair) -> float:
    """Of the time from the first worker's start to the last one's end, the part in which both were under way."""
    return alive_together(pair) / (max(r.ended for r in pair.reports) - min(r.started for r in pair.reports))


def running(report: bw.Report) -> List[Tuple[float, float]]:
    """When the worker ran: the slices that took at most twice its quick ones (the tenth percentile). A longer one
    held a wait, for the GIL or a core, and counts as not running at all: this can hide that two workers ran at
    once, never invent it."""
    slices = list(zip([report.started, *report.slice_ends], report.slice_ends))
    quick = sorted(end - start for start, end in slices)[len(slices) // 10]
    return [(start, end) for start, end in slices if end - start <= 2 * quick]


def overlap(a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]) -> float:
    """Seconds covered by both of two sorted lists of disjoint intervals."""
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        i, j = (i + 1, j) if a[i][1] < b[j][1] else (i, j + 1)
    return total


def both_running(pair: Pair) -> float:
    """Of the time both workers were under way, the part in which both ran, by the timeline."""
    return overlap(*map(running, pair.reports)) / max(alive_together(pair), 1e-9)


def both(shares: Sequence[float]) -> str:
    words = [f"{share:.0%}" for share in shares]
    return words[0] if len(set(words)) == 1 else " and ".join(words)


def blocked(pair: Pair) -> Optional[List[float]]:
    """Each worker's share of its time spent neither running, nor waiting for a core, nor losing its CPU to
    interrupts or a VM's host: waiting for something else, such as a lock. None where the system does not say."""
    if pair.lost is None or any(r.waited is None for r in pair.reports):
        return None
    return [1 - (r.cpu + r.waited) / r.wall - pair.lost for r in pair.reports]


def reading(pair: Pair, yardstick: float) -> str:
    ran = [r.cpu / r.wall for r in pair.reports]
    words = (f"worked at {both(paces(pair, yardstick))} of one call's pace, both running {both_running(pair):.0%} "
             f"of the time; by their CPU clocks they ran {both(ran)}")
    if blocked(pair):
        words += (f", waited for a core {both([r.waited / r.wall for r in pair.reports])}, lost up to "
                  f"{pair.lost:.0%} to interrupts or a VM's host")
    slow_at_full_clocks = min(ran) > 0.9 and min(paces(pair, yardstick)) < PACE_OF_A_CORE
    words += "; at full clocks, on cores shared with work outside this system" if slow_at_full_clocks else ""
    return words + f"; starting and joining them took {start_and_join(pair) * 1000:.0f} ms"


def timeline(rows: Sequence[tuple], blocks: str) -> List[str]:
    """50 columns of 1 ms, from half a second after each pair's start, each as full as a worker ran in it."""
    lines = []
    for kind, pair in rows:
        origin = min(r.started for r in pair.reports) + 0.5
        for number, report in enumerate(pair.reports, 1):
            near = [i for i in running(report) if i[1] > origin and i[0] < origin + 0.05]
            cells = [overlap(near, [(origin + c / 1000, origin + (c + 1) / 1000)]) * 1000 for c in range(50)]
            lines.append(f"  {f'{kind} {number}':<15}|{''.join(blocks[round(s * 8)] for s in cells)}|")
    return lines + [f"  {'':<15}0{'50 ms':>50}"]


def break_even(sizes: Sequence[Size], method: str) -> str:
    """The smallest size from which processes won at it and at every larger size tried."""
    tried = [s for s in sizes if method in s.processes]
    won = [s for i, s in enumerate(tried) if all(t.processes[method] < t.plain for t in tried[i:])]
    size, paid = (won[0], "paid from") if won else (tried[-1], "never paid, up to")
    return f"{method}: processes {paid} {size.steps:,} steps, {size.plain * 500:.1f} ms a task"


def report(results: Results) -> str:
    # How much of a column's time a worker ran, none to all; in ASCII where the output may not take the blocks.
    blocks = " ▁▂▃▄▅▆▇█" if "utf" in str(sys.stdout.encoding).lower() else " .:-=+*#@"
    method, threads, yardstick = multiprocessing.get_start_method(), results.threads, one_call_cpu(results)
    pairs = [*((f"2 processes, {m}", p) for m, p in results.processes.items()), ("2 threads", threads)]
    pairs += [("2 threads, gil=1", results.gil_on)] if results.gil_on else []
    gil = "on" if bw.gil_enabled() else "off"
    lines = [f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.system()} "
             f"{platform.machine()}, {os.cpu_count()} CPUs", f"GIL {gil}, default start method {method}", "",
             "kill_time() twice at once; alone it took " + ", then ".join(f"{r.wall:.3f} s" for r in results.solo),
             f"{'wall s':>32}  CPU/wall    pace of each   waited for a core"]
    for label, pair in pairs:
        waits = [f"{r.waited / r.wall:.0%}" if r.waited is not None else "n/a" for r in pair.reports]
        lines.append(f"  {label:<23}{pair.wall:7.3f}{sum(r.cpu for r in pair.reports) / pair.wall:10.2f}"
                     + "".join(f"{p:8.0%}" for p in paces(pair, yardstick)) + f"{waits[0]:>14}{waits[1]:>6}")
    lines += [f"  pace: one call's least CPU time, {yardstick:.3f} s, over the worker's wall time",
              f"  the threads took {threads.wall / results.processes[method].wall:.2f}x the {method} processes' time",
              "", f"Timeline, 50 ms from 0.5 s in; a column is 1 ms: {blocks[8]} ran throughout, {blocks[4]} half"]
    rows = [("process", results.processes[method]), ("thread", threads)]
    rows += [("gil=1 thread", results.gil_on)] if results.gil_on else []
    lines += timeline(rows, blocks) + ["  of the time both were under way, both ran:", "    " + ", ".join(
        f"{kind}{'es' if kind == 'process' else 's'} {both_running(pair):.0%}" for kind, pair in rows)]
    scripts = results.scripts
    lines += ["", f"The README's experiments, with this Python{'Time taken':>32}"]
    for kind, script in (("processes", "main_multiprocessing.py"), ("threads", "main_threading.py")):
        top = ", ".join(f"{ran:.0%}" for ran, _ in scripts[kind].top.values()) or "n/a"
        lines += [f"  {f'a copy of {script} printing its PID':<64}{scripts[kind].seconds:.4f} s",
                  f"    its PID {scripts[kind].pid}; the {kind}' {' '.join(map(str, scripts[kind].worker_pids))}; "
                  f"top: {top} of a core"]
    for key, what in (("taskset", "taskset -c 0 python main_multiprocessing.py"),
                      ("sleep", "a copy of main_threading.py with time.sleep(1)"),
                      ("gil=1", "python -X gil=1 main_threading.py")):
        lines += [f"  {what:<64}{scripts[key].seconds:.4f} s"] if key in scripts else []
    tiny = (("processes", "multiprocessing"), ("threads", "threading"))
    lines += [f"  {f'10**5 steps: main_{script}.py, quickest of {TINY_RUNS} runs':<64}{min(results.tiny[kind]):.4f} s"
              for kind, script in tiny]
    lines += ["", f"Start-up: start() then join() of a worker that does nothing, {STARTS} times",
              f"{'median ms':>28}  quickest ms"]
    lines += [f"  {kind:<17}{statistics.median(times) * 1000:9.3f}{min(times) * 1000:13.3f}"
              for kind, times in results.startup.items()]
    lines += ["", f"Break-even: 2 processes against 2 plain calls, in ms, quickest of {ROUNDS} rounds",
              f"  {'steps':<12}{'plain':>10}" + "".join(f"{m:>11} " for m in METHODS).rstrip()]
    kill_times = Size(10**8, sum(r.wall for r in results.solo), {m: p.wall for m, p in results.processes.items()})
    for size in [*results.sweep, kill_times]:
        lines.append(f"  {size.steps:<12,}{size.plain * 1000:10.2f}" + "".join(
            f"{size.processes[m] * 1000:11.2f}{'*' if size.processes[m] < size.plain else ' '}"
            if m in size.processes else " " * 12 for m in METHODS).rstrip())
    lines += ["  * processes won. At 10**8 steps, kill_time(): one run, the two calls alone"]
    return "\n".join(lines + [f"  {break_even(results.sweep, m)}" for m in METHODS])
