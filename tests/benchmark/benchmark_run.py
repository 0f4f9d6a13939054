"""Everything the benchmark measures, once; start-ups and the break-even's cases take turns, round by round."""
import contextlib
import functools
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

import benchmark_workers as bw
from time_utils import kill_time

ROOT = Path(__file__).resolve().parents[2]
METHODS = [method for method in ("fork", "spawn", "forkserver") if method in multiprocessing.get_all_start_methods()]
# In a virtual environment on Windows, sys.executable starts the real Python as a child, with a PID of its own.
PYTHON = sys._base_executable if os.name == "nt" and sys.prefix != sys.base_prefix else sys.executable
FREE_THREADED_BUILD = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
STARTS, ROUNDS, TINY_RUNS = 15, 3, 5  # start-ups per kind; rounds per break-even size; runs per tiny script
STARTING = re.compile(r"Starting \w+: \w+, PID: (\d+)")
# Two workers started together: the caller's wall time, start-up included; what each reported; and the largest
# share of a CPU's time that went meanwhile to interrupts or to a VM's host, which no program's CPU clock counts.
Pair = NamedTuple("Pair", [("wall", float), ("reports", List[bw.Report]), ("lost", Optional[float])])
# A task size of the break-even: the quickest round of two plain calls, and of two processes by start method.
Size = NamedTuple("Size", [("steps", int), ("plain", float), ("processes", Dict[str, float])])


class Script(NamedTuple):
    pid: int
    output: str
    top: Dict[int, Tuple[float, float]]  # worker PID: shares of the time it ran, and waited for a core, as top sees

    @property
    def seconds(self) -> float:
        found = re.search(r"Time taken by main: (\d+\.\d+) seconds", self.output)
        assert found, self.output
        return float(found[1])

    @property
    def worker_pids(self) -> List[int]:
        return sorted(map(int, STARTING.findall(self.output)))


@dataclass
class Results:
    solo: List[bw.Report] = field(default_factory=list)  # kill_time() alone, before and after the pairs
    processes: Dict[str, Pair] = field(default_factory=dict)  # by start method
    threads: Optional[Pair] = None
    gil_on: Optional[Pair] = None  # without the GIL: two threads in a child given one by -X gil=1
    scripts: Dict[str, Script] = field(default_factory=dict)
    tiny: Dict[str, List[float]] = field(default_factory=lambda: {"processes": [], "threads": []})
    startup: Dict[str, List[float]] = field(default_factory=dict)
    sweep: List[Size] = field(default_factory=list)


def time_lost_by_cpu() -> List[float]:
    with contextlib.suppress(OSError):  # Linux: seconds each CPU has spent on interrupts, or been taken by a VM's host
        cpus = re.findall(r"^cpu\d+ (.*)", Path("/proc/stat").read_text(), re.M)
        return [sum(map(int, cpu.split()[5:8])) / os.sysconf("SC_CLK_TCK") for cpu in cpus]  # irq, softirq, steal
    return []


def pair(start) -> Pair:
    before = time_lost_by_cpu()
    wall, reports = bw.timed(start)
    lost = [after - earlier for earlier, after in zip(before, time_lost_by_cpu())]
    return Pair(wall, reports, max(lost) / wall if lost else None)


def ran_and_waited(pid: int) -> Tuple[float, float]:
    """Seconds the threads of process PID have run, and waited for a core, so far (Linux)."""
    totals = [0, 0]
    for stats in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        with contextlib.suppress(OSError):  # a thread that just ended
            totals = [total + int(ns) for total, ns in zip(totals, stats.read_text().split())]
    return totals[0] / 1e9, totals[1] / 1e9


def run_script(args: List[str], cwd: Path, watch: bool = False) -> Script:
    """ARGS run in CWD; with WATCH, once two workers have said they started, half a second of them as top sees it.
    Stuck for bw.STUCK seconds, it is ended with all it started: the run then fails on its output, not hangs."""
    popen = subprocess.Popen(args, cwd=str(cwd), env=dict(os.environ, PYTHONUNBUFFERED="1"), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    watchdog = threading.Timer(bw.STUCK, lambda: os.killpg(popen.pid, 9) if os.name == "posix" else popen.kill())
    watchdog.start()
    shown, top = "", {}
    while watch and len(STARTING.findall(shown)) < 2 and (line := popen.stdout.readline()):
        shown += line
    if watch and len(STARTING.findall(shown)) == 2 and Path("/proc/self/task").is_dir():
        pids = set(map(int, STARTING.findall(shown)))
        started, before = time.perf_counter(), {pid: ran_and_waited(pid) for pid in pids}
        time.sleep(0.5)
        after = {pid: ran_and_waited(pid) for pid in pids}
        # A process that computes alone is always running or waiting for a core, so those two add up to the time
        # elapsed, however late this sampler was; never more than the time around all the readings.
        spans = {pid: min(time.perf_counter() - started, sum(after[pid]) - sum(before[pid])) or 1e-9 for pid in pids}
        top = {pid: tuple((a - b) / spans[pid] for a, b in zip(after[pid], before[pid])) for pid in pids}
    shown += popen.communicate()[0]
    watchdog.cancel()
    return Script(popen.pid, shown, top)


def copy_with(folder: Path, script: str, name: str, *changes: Tuple[str, str]) -> str:
    """A copy of SCRIPT named NAME in FOLDER, with CHANGES (old, new), beside the other two, as the README makes it."""
    folder.mkdir(exist_ok=True)
    source = (ROOT / script).read_text(encoding="utf-8")
    for old, new in changes:
        assert source.count(old) == 1, f"{script} no longer has {old!r} once"
        source = source.replace(old, new)
    (folder / name).write_text(source, encoding="utf-8")
    for other in {"time_utils.py", "main_multiprocessing.py", "main_threading.py"} - {name}:
        shutil.copy(ROOT / other, folder)
    return name


def readme_experiments(results: Results, tmp: Path) -> None:
    print("benchmark: the README's experiments")
    for kind, script in (("processes", "main_multiprocessing.py"), ("threads", "main_threading.py")):
        copy = copy_with(tmp / "pids", script, f"pids_{script}",
                         ("def main():\n", 'def main():\n    print("Script PID:", os.getpid())\n'))
        results.scripts[kind] = run_script([PYTHON, copy], tmp / "pids", watch=True)
    if shutil.which("taskset") and 0 in getattr(os, "sched_getaffinity", lambda _: ())(0):
        results.scripts["taskset"] = run_script(["taskset", "-c", "0", PYTHON, "main_multiprocessing.py"], ROOT,
                                                watch=True)
    copy_with(tmp / "sleep", "main_threading.py", "sleep.py", ("import threading\n", "import threading\nimport time\n"),
              ("    kill_time()\n", "    time.sleep(1)\n"))
    results.scripts["sleep"] = run_script([PYTHON, "sleep.py"], tmp / "sleep")
    copy_with(tmp / "tiny", "time_utils.py", "time_utils.py", ("range(10**8)", "range(10**5)"))
    for _ in range(TINY_RUNS):
        for kind, script in (("processes", "main_multiprocessing.py"), ("threads", "main_threading.py")):
            results.tiny[kind].append(run_script([PYTHON, script], tmp / "tiny").seconds)
    if FREE_THREADED_BUILD:
        results.scripts["gil=1"] = run_script([PYTHON, "-X", "gil=1", "main_threading.py"], ROOT, watch=True)


def sweep() -> List[Size]:
    """Two plain calls against two processes, the task doubling in size until processes win at two in a row."""
    sizes: List[Size] = []
    going, steps = list(METHODS), 10**4
    while going and steps <= 2**12 * 10**4:  # at most about half a second of work a task
        print(f"benchmark: break-even: tasks of {steps:,} steps ({', '.join(going)})")
        task = functools.partial(bw.count, steps)
        rounds = [[bw.timed(lambda: [task(), task()])[0],
                   *(bw.timed(lambda: bw.in_processes(task, method))[0] for method in going)] for _ in range(ROUNDS)]
        quickest = [min(case) for case in zip(*rounds)]
        sizes.append(Size(steps, quickest[0], dict(zip(going, quickest[1:]))))
        going = [m for m in going
                 if len(sizes) < 2 or not all(m in s.processes and s.processes[m] < s.plain for s in sizes[-2:])]
        steps *= 2
    return sizes


def measure(tmp: Path) -> Results:
    results, default = Results(), multiprocessing.get_start_method()  # asked here: asking fixes it, as import mustn't
    print("benchmark: kill_time() alone, in 2 processes, in 2 threads, alone again; in 2 processes by other methods")
    results.solo.append(bw.run_and_report(kill_time, time.thread_time))
    results.processes[default] = pair(lambda: bw.in_processes(bw.sliced_kill_time))
    results.threads = pair(lambda: bw.in_threads(bw.sliced_kill_time))
    results.solo.append(bw.run_and_report(kill_time, time.thread_time))
    for method in [m for m in METHODS if m != default]:
        results.processes[method] = pair(lambda: bw.in_processes(bw.sliced_kill_time, method))
    if not bw.gil_enabled():
        print("benchmark: 2 threads in a child whose GIL -X gil=1 switches on")
        child = subprocess.run([sys.executable, "-X", "gil=1", bw.__file__], capture_output=True, text=True,
                               timeout=bw.STUCK)
        assert child.returncode == 0, child.stderr
        measured = json.loads(child.stdout)
        reports = [bw.Report(**{**fields, "slice_ends": tuple(fields["slice_ends"])}) for fields in measured["reports"]]
        assert measured["gil"], "python -X gil=1 left the GIL off"
        results.gil_on = Pair(measured["wall"], reports, None)
    readme_experiments(results, tmp)
    print(f"benchmark: start-up: a thread, and a process by {', '.join(METHODS)}, {STARTS} times each, taking turns")
    results.startup = {kind: [] for kind in ("thread", *METHODS)}
    for _ in range(STARTS):
        for kind, context in [("thread", threading), *((m, multiprocessing.get_context(m)) for m in METHODS)]:
            worker = (context.Thread if kind == "thread" else context.Process)(target=bw.count, args=(0,))
            results.startup[kind].append(bw.timed(lambda: (worker.start(), worker.join()))[0])
    results.sweep = sweep()
    return results
