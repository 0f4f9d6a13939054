"""What the benchmark runs, in what order, and the report it prints: tables, then a timeline."""
import functools
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import benchmark_timeline as tl
import benchmark_workloads as bw
from script_runner import MULTIPROCESSING, THREADING, Script, observe
from time_utils import kill_time  # the tutorial's CPU-bound task, unchanged

# Rounds per case; the table shows the median. Timings of the same loop vary
# by 10% or more from one run to the next, so the CPU-bound and small cases get
# more rounds than the sleeps, which barely vary. Four CPU-bound rounds keep
# the whole benchmark under 90 s on a 2-core machine even with CPython 3.9.
REPEATS = {"cpu": 4, "io": 3, "small": 5, "break-even": 3}
STARTS = {"thread": 200, "fork": 50, "forkserver": 50, "spawn": 10}  # start+join cycles per median
ZOOM = (0.5, 0.05)  # (offset, length) in seconds: 50 ms from half a second in
# The break-even sweep's task sizes, in loop steps: doubling from 10**4, so the
# break-even is known within a factor of 2, up to 2**12 * 10**4 (about 0.5 s of
# work). A start method's sweep stops once processes have won at two sizes in a
# row; the tutorial's 10**8 steps are measured for every method, as the last size.
SWEEP = (10**4, 2**12 * 10**4)
WINS_TO_STOP = 2
KILL_TIME_STEPS = 10**8


@dataclass(frozen=True)
class TaskSize:
    """One size of the break-even sweep: two plain calls and two processes, each doing STEPS loop steps."""

    steps: int
    plain: bw.Timing  # two plain calls, one after the other
    processes: bw.Timing  # two processes at once, under the sweep's start method

    @property
    def task_seconds(self) -> float:
        """The work in one task, as the time one plain call of it took."""
        return self.plain.wall / 2

    @property
    def speed_up(self) -> float:
        return self.plain.wall / self.processes.wall

    @property
    def processes_won(self) -> bool:
        return self.processes.wall < self.plain.wall


@dataclass
class Results:
    cpu: Dict[str, bw.Timing] = field(default_factory=dict)
    io: Dict[str, bw.Timing] = field(default_factory=dict)
    small: Dict[str, bw.Timing] = field(default_factory=dict)
    start_join: Dict[str, float] = field(default_factory=dict)  # seconds, by "thread" or start method
    missing_methods: Dict[str, str] = field(default_factory=dict)  # start method -> why it has no row
    timeline: Dict[str, Tuple[bw.WorkerReport, ...]] = field(default_factory=dict)  # by "2 processes"/"2 threads"
    bookkeeping: float = 0.0  # seconds the timeline's slicing adds to one sliced_kill_time()
    sweeps: Dict[str, List[TaskSize]] = field(default_factory=dict)  # by start method, smallest size first
    # A free-threaded build running without the GIL only: its threads again, measured in a child with -X gil=1.
    gil_on: Dict[str, bw.Timing] = field(default_factory=dict)  # by "1 call"/"2 threads"
    gil_on_timeline: Tuple[bw.WorkerReport, ...] = ()
    gil_on_confirmed: bool = False  # whether that child's sys._is_gil_enabled() said True


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
    if not bw.gil_enabled():
        measure_with_the_gil_on(results)

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

    methods = [method for method in bw.START_METHODS if method not in results.missing_methods]
    results.sweeps = {method: [*sizes, kill_time_size(results, method)] for method, sizes in sweep(methods).items()}
    return results


GIL_ON_CHILD = Path(__file__).with_name("benchmark_gil_on.py")


def measure_with_the_gil_on(results: Results) -> None:
    """On a build without the GIL, the threads' cases again in a child whose GIL -X gil=1 switches back on."""
    progress("with the GIL on (-X gil=1): 1 call, 2 threads, timeline")
    child = subprocess.run([sys.executable, "-X", "gil=1", str(GIL_ON_CHILD), str(REPEATS["cpu"])],
                           capture_output=True, text=True, timeout=4 * bw.REPORT_TIMEOUT)
    if child.returncode != 0:
        raise RuntimeError(f"{GIL_ON_CHILD.name} with -X gil=1 failed:\n{child.stderr}")
    measured = json.loads(child.stdout)

    def report(fields) -> bw.WorkerReport:
        return bw.WorkerReport(**{**fields, "slice_ends": tuple(fields["slice_ends"])})

    for label, runs in measured["runs"].items():
        results.gil_on[label] = bw.timing_of([bw.Run(run["wall"], run["cpu"], tuple(map(report, run["reports"])))
                                              for run in runs])
    results.gil_on_timeline = tuple(map(report, measured["timeline"]))
    results.gil_on_confirmed = measured["gil_enabled"]


def sweep(methods: Sequence[str]) -> Dict[str, List[TaskSize]]:
    """Two plain calls against two processes under each of METHODS, the task doubling in size.

    A method drops out once its processes have won at two sizes in a row. The
    plain calls do not depend on the start method, so each size times them
    once, taking turns with every method's processes in each round.
    """
    sizes: Dict[str, List[TaskSize]] = {method: [] for method in methods}
    going = list(methods)
    steps = SWEEP[0]
    while going:
        progress(f"break-even: tasks of {steps:,} steps ({', '.join(going)})")
        task = functools.partial(bw.count_steps, steps)
        # partial, not lambda: each case must keep this size's task and its own method.
        cases = [bw.Case("plain calls", functools.partial(bw.workers_run, functools.partial(bw.plain_calls, task)))]
        cases += [bw.Case(method, functools.partial(bw.workers_run, functools.partial(bw.in_processes, task,
                                                                                         method=method)))
                  for method in going]
        timings = bw.measure(cases, REPEATS["break-even"])
        for method in going:
            sizes[method].append(TaskSize(steps, timings["plain calls"], timings[method]))
        going = [method for method in going if not won_in_a_row(sizes[method])]
        steps *= 2
        if steps > SWEEP[1]:
            break
    return sizes


def won_in_a_row(sizes: Sequence[TaskSize]) -> bool:
    """Whether processes won at each of the last WINS_TO_STOP sizes: enough to stop a method's sweep."""
    return len(sizes) >= WINS_TO_STOP and all(size.processes_won for size in sizes[-WINS_TO_STOP:])


def kill_time_size(results: Results, method: str) -> TaskSize:
    """The tutorial's task, 10**8 steps: the CPU-bound table's in turn against two processes under METHOD.

    The default start method's two processes are already in that table; the
    others run once here, as each run takes over a second.
    """
    if method == bw.default_start_method():
        processes = results.cpu["2 processes"]
    else:
        progress(f"break-even ({method}): kill_time() in 2 processes")
        start = functools.partial(bw.in_processes, kill_time, method=method)
        processes = bw.measure([bw.Case("processes", functools.partial(bw.workers_run, start))], 1)["processes"]
    return TaskSize(KILL_TIME_STEPS, results.cpu["in turn"], processes)


def break_even(sizes: Sequence[TaskSize]) -> Optional[int]:
    """The index of the smallest size from which processes won at it and at every larger size tried; None if none."""
    first = len(sizes)
    while first > 0 and sizes[first - 1].processes_won:
        first -= 1
    return first if first < len(sizes) else None


# What two processes must show to count as having had two cores' worth of
# work: 85% of a core each, by the pace of their work and by their CPU clocks.
# The clocks alone cannot tell: on a VM a process's CPU time runs on while the
# host gives its vCPU no core, and each of two hyperthreads of one core reports
# a whole core while doing about half the work. So the pace decides too: the
# slower process's steps per second, as a share of one call alone's. At 85%
# the pair finishes 1.7x faster than the same calls in turn, which leaves the
# 1.4x check over threads room for start-up, and for threads that beat in turn
# as they did on one VM. The figures, and why not 80%:
# tests/benchmark/README.md#shared-cores.
PACE_OF_A_CORE = 0.85  # the slower process, against one call alone
CPU_CLOCK_OF_A_CORE = 0.85  # the less lucky process's own CPU/wall
BOTH_RUNNING_ON_TWO_CORES = 0.8  # the timeline's share of the time both ran


@dataclass(frozen=True)
class ParallelEvidence:
    """What the "2 processes" workers said about themselves: were they processes, and did they get a core each?"""

    own_pid: int
    worker_pids: Tuple[Tuple[int, ...], ...]  # per run
    lifetimes_overlap: float  # median, over the runs, of the part of a run in which both workers were alive
    core_share: float  # median, over the runs, of the lesser of the two workers' CPU/wall
    # From the timeline: the part of the time both were alive in which both ran; None: no timeline of these runs.
    both_running: Optional[float]
    # Median, over the runs, of the slower and of the faster worker's pace: one call alone's time over its own.
    paces: Tuple[float, float]
    runs: int

    @property
    def separate_processes(self) -> bool:
        return all(len(set(pids)) == len(pids) and self.own_pid not in pids for pids in self.worker_pids)

    @property
    def cores_worth(self) -> float:
        """Two calls' work over the time the pair took, in cores: 2.0 is each keeping one call alone's pace.

        The pair ends with the slower one, so the faster one's lead buys nothing.
        """
        return 2 * self.paces[0]

    @property
    def kept_pace(self) -> bool:
        return self.paces[0] >= PACE_OF_A_CORE

    @property
    def clocks_say_two_cores(self) -> bool:
        return self.core_share >= CPU_CLOCK_OF_A_CORE and (
            self.both_running is None or self.both_running >= BOTH_RUNNING_ON_TWO_CORES)

    @property
    def got_two_cores(self) -> bool:
        return self.kept_pace and self.clocks_say_two_cores

    def pace_words(self) -> str:
        """How fast the two processes worked, and the cores' worth that makes, for a reader."""
        slower, faster = (f"{pace:.0%}" for pace in self.paces)
        paces = f"{slower} of one call's pace each" if slower == faster else f"{slower} and {faster} of one call's pace"
        runs = "one run" if self.runs == 1 else f"median of {self.runs} runs"
        waits = "" if slower == faster else "as the pair waits for the slower, "
        short = "" if self.kept_pace else ", not 2"
        return (f"the two processes worked at {paces} ({runs}): {waits}this machine gave them about "
                f"{self.cores_worth:.1f} cores' worth{short}")

    def describe(self) -> str:
        """The evidence in words, and where it falls short of two cores, what that points to."""
        timeline = ("" if self.both_running is None else
                    f", and both were running {self.both_running:.0%} of the time both were alive (timeline)")
        sentences = [self.pace_words(),
                     f"By its own CPU clock the less lucky one had {self.core_share:.0%} of a core{timeline}"]
        if not self.got_two_cores and self.clocks_say_two_cores:
            sentences.append("Full CPU clocks at a slow pace: two logical CPUs sharing one physical core, "
                             "or a VM's host taking time away, look like that")
        elif not self.got_two_cores:
            sentences.append("They waited for a core: another program, or the VM's host, had part of the machine")
        return ". ".join(sentences)


def lifetimes_overlap(reports) -> float:
    """The part of a run, from the first worker's start to the last one's end, in which all were alive."""
    span = max(r.ended for r in reports) - min(r.started for r in reports)
    return tl.alive_together(reports) / span


def solo_call_seconds(results: Results) -> float:
    """kill_time() with nothing beside it: the median of the CPU-bound table's 1 call and in turn calls.

    The yardstick of every pace, the 10**8-step checks' included: those
    compare their processes with in turn, so their pace is taken against the
    same calls, measured in the same rounds.
    """
    return statistics.median(report.wall for label in ("1 call", "in turn")
                             for run in results.cpu[label].runs for report in run.reports)


def evidence_from(runs: Sequence[bw.Run], both_running: Optional[float], solo_seconds: float) -> ParallelEvidence:
    """RUNS' two processes, each of which did one call's work, measured against one call taking SOLO_SECONDS."""
    paces = [sorted(solo_seconds / r.wall for r in run.reports) for run in runs]
    return ParallelEvidence(
        own_pid=os.getpid(),
        worker_pids=tuple(tuple(r.pid for r in run.reports) for run in runs),
        lifetimes_overlap=statistics.median(lifetimes_overlap(run.reports) for run in runs),
        core_share=statistics.median(min(r.cpu / r.wall for r in run.reports) for run in runs),
        both_running=both_running,
        paces=(statistics.median(run[0] for run in paces), statistics.median(run[-1] for run in paces)),
        runs=len(runs),
    )


def parallel_evidence(results: Results) -> ParallelEvidence:
    """The CPU-bound table's two processes (default start method), with the timeline's view of them."""
    return evidence_from(results.cpu["2 processes"].runs, tl.concurrency(*results.timeline["2 processes"]).share,
                         solo_call_seconds(results))


def kill_time_evidence(results: Results, method: str) -> ParallelEvidence:
    """The two processes of the break-even's 10**8-step size under METHOD.

    The default start method's are the CPU-bound table's, and so have the
    timeline too; the others' evidence is their own run's pace and CPU/wall.
    """
    if method == bw.default_start_method():
        return parallel_evidence(results)
    return evidence_from(results.sweeps[method][-1].processes.runs, None, solo_call_seconds(results))


def threads_both_running(results: Results) -> float:
    """The timeline's two threads: of the time both were alive, the part in which both ran."""
    return tl.concurrency(*results.timeline["2 threads"]).share


def threads_with_the_gil(results: Results) -> Tuple[bw.Timing, float]:
    """Two threads of kill_time() under a GIL, and the share of time both ran, from the timeline.

    This process's own, or on a build without the GIL, the child's with -X gil=1.
    """
    if results.gil_on:
        return results.gil_on["2 threads"], tl.concurrency(*results.gil_on_timeline).share
    return results.cpu["2 threads"], threads_both_running(results)


# Two threads without the GIL, on a machine that gave two processes two cores'
# worth in the same rounds, must show it too: near one call's time, about two
# cores busy by their CPU clocks, and both running most of the time (the
# timeline errs towards "not running"). Measured on 3.13.5t, 2 vCPUs: 1.01x,
# 1.98 and 90% or more; threads that take turns show 2x, 1.0 and 0%.
NO_GIL_THREADS_TIME = 1.5  # the threads' wall time, at most, in one call alone's
NO_GIL_THREADS_CPU_PER_WALL = 1.5  # at least
NO_GIL_BOTH_RUNNING = 0.5  # at least


@dataclass(frozen=True)
class ThreadsEvidence:
    """How two threads of kill_time() ran, against one call alone."""

    time_of_one_call: float  # the threads' wall time, in one call alone's
    cpu_per_wall: float
    both_running: float  # timeline

    @property
    def in_parallel(self) -> bool:
        return (self.time_of_one_call <= NO_GIL_THREADS_TIME and self.cpu_per_wall >= NO_GIL_THREADS_CPU_PER_WALL
                and self.both_running >= NO_GIL_BOTH_RUNNING)

    def describe(self) -> str:
        return (f"the two threads took {self.time_of_one_call:.2f}x one call's time, kept "
                f"{self.cpu_per_wall:.2f} cores busy by their CPU clocks, and were both running "
                f"{self.both_running:.0%} of the time both were alive (timeline)")


def threads_evidence(results: Results) -> ThreadsEvidence:
    """The CPU-bound table's two threads, this process's, against its 1 call."""
    threads = results.cpu["2 threads"]
    return ThreadsEvidence(threads.wall / results.cpu["1 call"].wall, threads.cpu_per_wall or 0.0,
                           threads_both_running(results))


def _ratio(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


LABEL_WIDTH = 27  # "  main_multiprocessing.py" and a space; four 10-wide columns follow: 67 in all


def table_header(title: str, columns: Sequence[str]) -> List[str]:
    """The title on a line of its own, then the column names over the figures."""
    return [title, " " * LABEL_WIDTH + "".join(f"{name:>10}" for name in columns)]


def table_row(label: str, cells: Sequence[str]) -> str:
    return f"  {label:<{LABEL_WIDTH - 2}}" + "".join(f"{cell:>10}" for cell in cells)


def timing_table(title: str, rows: Dict[str, bw.Timing], reference: Optional[str], unit: str = "s") -> List[str]:
    """Aligned rows, with each row's speed-up over REFERENCE (not for "1 call", which does half the work; None: none)."""
    scale = {"s": 1, "ms": 1000}[unit]

    def amount(seconds) -> str:
        return "n/a" if seconds is None else f"{seconds * scale:.4f}"

    repeats = next(iter(rows.values())).repeats
    lines = table_header(f"{title}, median of {repeats} rounds", [f"wall {unit}", f"CPU {unit}", "speed-up", "CPU/wall"])
    for label, t in rows.items():
        speed_up = "-" if label == "1 call" or reference is None else f"{rows[reference].wall / t.wall:.2f}x"
        lines.append(table_row(label, [amount(t.wall), amount(t.cpu), speed_up, _ratio(t.cpu_per_wall)]))
    return lines


GIL_ON_LABEL = "gil=1 thread"  # the timeline's rows for the threads of the child with -X gil=1


def gil_on_section(results: Results) -> List[str]:
    """On a build without the GIL, the threads with it switched back on; else nothing."""
    if not results.gil_on:
        return []
    without = threads_evidence(results).time_of_one_call
    with_gil = results.gil_on["2 threads"].wall / results.gil_on["1 call"].wall
    confirmed = "" if results.gil_on_confirmed else " (but that child said its GIL was off)"
    return ["", *timing_table(f"The same with the GIL on (python -X gil=1){confirmed}", results.gil_on, None),
            f"  2 threads vs 1 call: {with_gil:.2f}x the time with the GIL on, {without:.2f}x with it off"]


def timeline_section(results: Results, blocks: str, width: int) -> List[str]:
    rows = [("process", results.timeline["2 processes"]), ("thread", results.timeline["2 threads"])]
    threads = f"threads {threads_both_running(results):.0%}"
    if results.gil_on_timeline:
        rows.append((GIL_ON_LABEL, results.gil_on_timeline))
        threads += (f" with the GIL off and {tl.concurrency(*results.gil_on_timeline).share:.0%} with it on "
                    f"({GIL_ON_LABEL} rows),")
    one_call = results.cpu["1 call"].wall
    return [
        f"Timeline: kill_time() twice at once, its loop cut into {bw.SLICES:,} slices to see",
        f"who was running when; each column: {blocks[-1]} running all of its time, {blocks[4]} half, blank none",
        *tl.draw(rows, width, blocks=blocks),
        f"The same, zoomed in on {ZOOM[1] * 1000:.0f} ms from {ZOOM[0]} s in:",
        *tl.draw(rows, width, window=ZOOM, blocks=blocks),
        f"  both running at once: processes {parallel_evidence(results).both_running:.0%}, "
        f"{threads} of the time both were alive",
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


def slow_pace_note(evidence: ParallelEvidence, lead: str) -> str:
    """LEAD and why a speed-up is low, where the processes' pace shows they got less than two cores; else ""."""
    return "" if evidence.kept_pace else lead + evidence.pace_words()


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
        f"  2 processes vs 2 threads: speed-up {results.cpu['2 threads'].wall / results.cpu['2 processes'].wall:.2f}x"
        + slow_pace_note(parallel_evidence(results), "; "),
        f"  main_multiprocessing.py vs 1 call: {results.cpu['main_multiprocessing.py'].wall / one_call:.2f}x the time"
        f" (1.00x would be perfect parallelism)",
    ]
    visible, why = bw.script_workers_visible()
    if not visible:
        lines.append(f"  n/a: the scripts cannot report their own workers' CPU time, and here {why}")
    lines += gil_on_section(results)
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
    lines.append("")
    lines += break_even_section(results)
    return "\n".join(fit(lines, width))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def break_even_section(results: Results) -> List[str]:
    """Per start method, each task size tried, and the smallest from which two processes beat two plain calls."""
    lines = table_header(f"Break-even: 2 processes vs 2 plain calls, by task size, "
                         f"median of {REPEATS['break-even']} rounds",
                         ["task ms", "plain ms", "procs ms", "speed-up"])
    for method in bw.START_METHODS:
        if method in results.missing_methods:
            lines.append(table_row(method, []) + f"skipped: {results.missing_methods[method]}")
            continue
        sizes = results.sweeps[method]
        lines.append(table_row(method, []).rstrip())
        for size in sizes:
            lines.append(table_row(f"  {size.steps:,} steps", [_ms(size.task_seconds), _ms(size.plain.wall),
                                                               _ms(size.processes.wall), f"{size.speed_up:.2f}x"]))
        note = slow_pace_note(kill_time_evidence(results, method), f"      at {KILL_TIME_STEPS:,} steps, ")
        lines += [note] if note else []  # under the 10**8-step row's speed-up
        lines.append(f"    {method}: {describe_break_even(sizes)}")
    lines += [
        "  task ms: one plain call's time; speed-up: plain ms / procs ms",
        f"  {KILL_TIME_STEPS:,} steps: kill_time() itself; its plain calls are the CPU-bound table's in turn, "
        f"and its processes there under {bw.default_start_method()}, one run here under the others",
    ]
    return lines


def _about_ms(seconds: float) -> str:
    """Three significant figures, never in e-notation: 0.148, 9.31, 144, 1246."""
    ms = seconds * 1000
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.3g}"


def describe_break_even(sizes: Sequence[TaskSize]) -> str:
    first = break_even(sizes)
    if first is None:
        return f"processes never paid, up to {sizes[-1].steps:,} steps ({_about_ms(sizes[-1].task_seconds)} ms a task)"
    won = sizes[first]
    paid = f"processes paid from {won.steps:,} steps, {_about_ms(won.task_seconds)} ms of work a task"
    if first == 0:
        return f"{paid}, the smallest size tried"
    lost = sizes[first - 1]
    return f"{paid}; not at {lost.steps:,} ({_about_ms(lost.task_seconds)} ms)"
