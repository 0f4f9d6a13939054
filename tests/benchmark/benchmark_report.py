"""What the benchmark runs, in what order, and the report it prints: tables, then a timeline."""
import multiprocessing
import os
import platform
import statistics
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import benchmark_timeline as tl
import benchmark_workloads as bw
from script_runner import MULTIPROCESSING, THREADING, Script, observe
from time_utils import kill_time  # the tutorial's CPU-bound task, unchanged

# Rounds per case; the table shows the median. Timings of the same loop vary
# by 10% or more from one run to the next, so the CPU-bound and small cases get
# more rounds than the sleeps, which barely vary. Four CPU-bound rounds keep
# the whole benchmark under 90 s on a 2-core machine even with CPython 3.9.
REPEATS = {"cpu": 4, "io": 3, "small": 5}
STARTS = {"thread": 200, "fork": 50, "forkserver": 50, "spawn": 10}  # start+join cycles per median
ZOOM = (0.5, 0.05)  # (offset, length) in seconds: 50 ms from half a second in


@dataclass
class Results:
    cpu: Dict[str, bw.Timing] = field(default_factory=dict)
    io: Dict[str, bw.Timing] = field(default_factory=dict)
    small: Dict[str, bw.Timing] = field(default_factory=dict)
    start_join: Dict[str, float] = field(default_factory=dict)  # seconds, by "thread" or start method
    missing_methods: Dict[str, str] = field(default_factory=dict)  # start method -> why it has no row
    timeline: Dict[str, Tuple[bw.WorkerReport, ...]] = field(default_factory=dict)  # by "2 processes"/"2 threads"
    bookkeeping: float = 0.0  # seconds the timeline's slicing adds to one sliced_kill_time()


def progress(message: str) -> None:
    print(f"benchmark: {message}", flush=True)  # visible with -s


def script_case(script: Script, cwd: Path) -> bw.Case:
    """`python SCRIPT`, timed by the figure it prints itself, its CPU time read from the operating system."""
    def run() -> bw.Run:
        progress(f"python {script.file}")
        cpu_before = bw.children_cpu_seconds()
        observed = observe(script, cwd)
        cpu_after = bw.children_cpu_seconds()
        timings = observed.output.timings
        assert observed.run.returncode == 0 and timings, observed.run.transcript
        visible = cpu_before is not None and (script is THREADING or bw.script_workers_visible()[0])
        return bw.Run(float(timings[0]["seconds"]), cpu_after - cpu_before if visible else None)
    return bw.Case(script.file, run)


def workers_case(label: str, announce: str, start: Callable[[], List[bw.WorkerReport]]) -> bw.Case:
    def run() -> bw.Run:
        progress(announce)
        return bw.workers_run(start)
    return bw.Case(label, run)


def three_ways(task, name: str) -> List[bw.Case]:
    """TASK twice: in turn, in two threads, in two processes (default start method)."""
    return [workers_case("in turn", f"{name}: in turn", lambda: bw.in_turn(task)),
            workers_case("2 threads", f"{name}: 2 threads", lambda: bw.in_threads(task)),
            workers_case("2 processes", f"{name}: 2 processes", lambda: bw.in_processes(task))]


def measure_everything(tmp_dir: Path) -> Results:
    results = Results()
    one_call = workers_case("1 call", "CPU-bound: 1 call", lambda: bw.in_turn(kill_time, count=1))
    results.cpu = bw.measure([one_call, *three_ways(kill_time, "CPU-bound"),
                              script_case(THREADING, tmp_dir), script_case(MULTIPROCESSING, tmp_dir)],
                             REPEATS["cpu"])

    progress("timeline: 2 processes")
    results.timeline["2 processes"] = tuple(bw.in_processes(bw.sliced_kill_time))
    progress("timeline: 2 threads")
    results.timeline["2 threads"] = tuple(bw.in_threads(bw.sliced_kill_time))
    results.bookkeeping = statistics.median(bw.bookkeeping_seconds() for _ in range(5))

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
    plain = workers_case("plain calls", "small task: plain calls", lambda: bw.plain_calls(bw.small_task))
    results.small = bw.measure([plain, *three_ways(bw.small_task, "small task")], REPEATS["small"])
    return results


@dataclass(frozen=True)
class ParallelEvidence:
    """What the "2 processes" workers said about themselves: were they processes, and did they get a core each?"""

    own_pid: int
    worker_pids: Tuple[Tuple[int, ...], ...]  # per run
    lifetimes_overlap: float  # median, over the runs, of the part of a run in which both workers were alive
    core_share: float  # median, over the runs, of the lesser of the two workers' CPU/wall
    both_running: float  # from the timeline: the part of the time both were alive in which both ran

    @property
    def separate_processes(self) -> bool:
        return all(len(set(pids)) == len(pids) and self.own_pid not in pids for pids in self.worker_pids)

    @property
    def got_two_cores(self) -> bool:
        # On a quiet machine: about 0.99 and 0.97. With one core held by another program: about 0.65 and 0.3.
        return self.core_share >= 0.85 and self.both_running >= 0.8

    def describe(self) -> str:
        return (f"each process got {self.core_share:.0%} of a core (CPU/wall of the less lucky one, median), "
                f"and both were running {self.both_running:.0%} of the time they were both alive (timeline)")


def lifetimes_overlap(reports) -> float:
    """The part of a run, from the first worker's start to the last one's end, in which all were alive."""
    span = max(r.ended for r in reports) - min(r.started for r in reports)
    return tl.alive_together(reports) / span


def parallel_evidence(results: Results) -> ParallelEvidence:
    runs = results.cpu["2 processes"].runs
    return ParallelEvidence(
        own_pid=os.getpid(),
        worker_pids=tuple(tuple(r.pid for r in run.reports) for run in runs),
        lifetimes_overlap=statistics.median(lifetimes_overlap(run.reports) for run in runs),
        core_share=statistics.median(min(r.cpu / r.wall for r in run.reports) for run in runs),
        both_running=tl.concurrency(*results.timeline["2 processes"]).share,
    )


def threads_both_running(results: Results) -> float:
    return tl.concurrency(*results.timeline["2 threads"]).share


def _ratio(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


LABEL_WIDTH = 27  # "  main_multiprocessing.py" and a space; four 10-wide columns follow: 67 in all


def table_header(title: str, columns: Sequence[str]) -> List[str]:
    """The title on a line of its own, then the column names over the figures."""
    return [title, " " * LABEL_WIDTH + "".join(f"{name:>10}" for name in columns)]


def table_row(label: str, cells: Sequence[str]) -> str:
    return f"  {label:<{LABEL_WIDTH - 2}}" + "".join(f"{cell:>10}" for cell in cells)


def timing_table(title: str, rows: Dict[str, bw.Timing], reference: str, unit: str = "s") -> List[str]:
    """Aligned rows, with each row's speed-up over REFERENCE (not for "1 call", which does half the work)."""
    scale = {"s": 1, "ms": 1000}[unit]

    def amount(seconds) -> str:
        return "n/a" if seconds is None else f"{seconds * scale:.4f}"

    lines = table_header(f"{title}, median of {rows[reference].repeats} rounds",
                         [f"wall {unit}", f"CPU {unit}", "speed-up", "CPU/wall"])
    for label, t in rows.items():
        speed_up = "-" if label == "1 call" else f"{rows[reference].wall / t.wall:.2f}x"
        lines.append(table_row(label, [amount(t.wall), amount(t.cpu), speed_up, _ratio(t.cpu_per_wall)]))
    return lines


def timeline_section(results: Results, blocks: str, width: int) -> List[str]:
    rows = [("process", results.timeline["2 processes"]), ("thread", results.timeline["2 threads"])]
    one_call = results.cpu["1 call"].wall
    return [
        f"Timeline: kill_time() twice at once, its loop cut into {bw.SLICES:,} slices to see",
        f"who was running when; each column: {blocks[-1]} running all of its time, {blocks[4]} half, blank none",
        *tl.draw(rows, width, blocks=blocks),
        f"The same, zoomed in on {ZOOM[1] * 1000:.0f} ms from {ZOOM[0]} s in:",
        *tl.draw(rows, width, window=ZOOM, blocks=blocks),
        f"  both running at once: processes {parallel_evidence(results).both_running:.0%}, "
        f"threads {threads_both_running(results):.0%} of the time both were alive",
        f"  slicing cost: {results.bookkeeping * 1000:.1f} ms of clock readings per run, "
        f"{results.bookkeeping / one_call:.2%} of one kill_time() call",
    ]


def fit(lines: List[str], width: int) -> List[str]:
    """Wrap every line longer than WIDTH at spaces, its continuation indented two more than it."""
    fitted = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        fitted += textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                                break_on_hyphens=False)
    return fitted


def format_report(results: Results, blocks: str = tl.BLOCKS, width: int = 80) -> str:
    """The report, for a terminal WIDTH columns wide: the timeline takes what its labels leave, and prose wraps."""
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
    ]
    visible, why = bw.script_workers_visible()
    if not visible:
        lines.append(f"  n/a: the scripts cannot report their own workers' CPU time, and here {why}")
    lines.append("")
    lines += timeline_section(results, blocks, width)
    lines += ["", *table_header("Start-up: start() + join() of a do-nothing worker", ["ms each", "x thread"])]
    thread = results.start_join["thread"]
    for kind in ("thread", *bw.START_METHODS):
        label = "thread" if kind == "thread" else f"process ({kind})"
        if kind in results.missing_methods:
            lines.append(table_row(label, []) + f"skipped: {results.missing_methods[kind]}")
        else:
            seconds = results.start_join[kind]
            lines.append(table_row(label, [f"{seconds * 1000:.3f}", f"{seconds / thread:.0f}x"]))
    lines.append("")
    lines += timing_table(f"I/O-bound: two {bw.SLEEP_SECONDS} s sleeps", results.io, reference="in turn")
    lines.append("")
    lines += timing_table("Small task: two 10**4-step loops", results.small, reference="plain calls", unit="ms")
    lines.append("  speed-up here: against plain calls, which start no thread or process")
    return "\n".join(fit(lines, width))
