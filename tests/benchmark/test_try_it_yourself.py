"""The README's "Try it yourself" experiments, done as it says, showing what it says you will see.

They measure time and CPU use, so they belong to the opt-in benchmark:

    python -m pytest -m benchmark -s

Each runs the scripts as a reader does, with the Python running the tests.
A claim that a busy machine cannot show skips with what was measured.
"""
import os
import re
import shlex
import shutil
import subprocess
import sysconfig
import time
from pathlib import Path
from typing import Dict, List

import pytest

import benchmark_workloads as bw
from readme_text import README
from script_runner import MULTIPROCESSING, PYTHON, ROOT, THREADING, TIMING, Script, parse_output, run_command, script_env

pytestmark = pytest.mark.benchmark

ONE_CALL = ["-c", "from time_utils import get_time, kill_time; get_time(kill_time)()"]
SAMPLE_SECONDS = 0.4  # how long `top` is imitated: well inside one kill_time() call on any Python


def timing(command: List[str], cwd: Path = ROOT) -> float:
    """Run COMMAND to its end and return the seconds its `Time taken by ...` line reports."""
    run = run_command(command, cwd, script_env())
    found = TIMING.search(run.stdout)
    assert run.returncode == 0 and found, run.transcript
    return float(found["seconds"])


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by process PID, all its threads together, as `top` reads it on Linux."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, in clock ticks


def top_while_working(script: Script) -> Dict[int, float]:
    """Run SCRIPT; once both workers have printed their Starting line, share of a core each PID used, as `top` shows."""
    popen = subprocess.Popen([PYTHON, str(ROOT / script.file)], cwd=str(ROOT), env=script_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        printed = ""
        # Both Starting lines, found anywhere: two threads' lines may run into each other.
        while len(parse_output(printed, script.kind).started) < 2:
            line = popen.stdout.readline()
            assert line, f"{script.file} ended before both workers started:\n{printed}"
            printed += line
        pids = sorted(set(parse_output(printed, script.kind).started_pids))
        before, started = {pid: cpu_seconds(pid) for pid in pids}, time.monotonic()
        time.sleep(SAMPLE_SECONDS)
        after, elapsed = {pid: cpu_seconds(pid) for pid in pids}, time.monotonic() - started
        return {pid: (after[pid] - before[pid]) / elapsed for pid in pids}
    finally:
        popen.communicate(timeout=120)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU use from /proc, as top does on Linux")


@needs_proc
def test_top_shows_the_two_processes_at_about_100_percent_each():
    shares = top_while_working(MULTIPROCESSING)
    assert len(shares) == 2, shares
    if bw.cpus_available() < 2 or min(shares.values()) < 0.8:
        pytest.skip(f"the machine was busy: the processes used {', '.join(f'{s:.0%}' for s in shares.values())} "
                    f"of a core ({bw.cpus_available()} CPU available)")


@needs_proc
def test_top_shows_the_two_threads_as_one_line_at_most_one_cores_worth():
    if not bw.gil_enabled():
        pytest.skip("free-threaded build: there is no GIL to keep the threads to one core")
    shares = top_while_working(THREADING)
    assert len(shares) == 1 and list(shares.values())[0] <= 1.25, shares


def test_held_to_one_core_the_processes_take_about_two_calls_time():
    command = re.search(r"`(taskset [^`]+)`", README)[1]
    if shutil.which("taskset") is None:
        pytest.skip("no taskset here: the README's one-core experiment is for Linux")
    pinned = shlex.split(command)
    python_at = pinned.index("python")
    pin = pinned[:python_at]
    # One call alone, on the same core, before and after: the quicker is the fairer yardstick,
    # since a busy moment can only slow a measurement down.
    one_call = min(timing([*pin, PYTHON, *ONE_CALL]) for _ in range(2))
    together = timing([*pin, PYTHON, *pinned[python_at + 1:]])
    assert together >= 1.5 * one_call, f"{command}: {together:.2f} s; one call on that core: {one_call:.2f} s"


def test_threads_that_sleep_instead_of_working_overlap(tmp_path):
    # The copy the README describes: `import time` added, kill_time() replaced with time.sleep(1).
    source = THREADING.source
    assert source.count("    kill_time()\n") == 1, "main_threading.py no longer calls kill_time() once"
    copy = tmp_path / "sleepy_threading.py"
    copy.write_text("import time\n" + source.replace("    kill_time()\n", "    time.sleep(1)\n"), encoding="utf-8")
    shutil.copy(ROOT / "time_utils.py", tmp_path)
    took = timing([PYTHON, str(copy)], cwd=tmp_path)
    assert 1.0 <= took < 1.5, f"the sleeping threads took {took:.4f} s"
    assert "time.sleep(1)" in README and "import time" in README


def copy_with_first_line_of_main(script: Script, line: str, folder: Path) -> Path:
    """The copy the README's first experiment makes: SCRIPT with LINE as main()'s first line, indented like the rest."""
    source = script.source
    assert source.count("def main():\n") == 1, f"{script.file} no longer has one main()"
    copy = folder / f"pids_{script.file}"
    copy.write_text(source.replace("def main():\n", f"def main():\n    {line}\n"), encoding="utf-8")
    shutil.copy(ROOT / "time_utils.py", folder)
    return copy


def test_a_copy_printing_the_scripts_process_id_shows_two_others_for_processes_and_its_own_for_threads(
        tmp_path):
    line = re.search(r'`(print\("Script PID:", os\.getpid\(\)\))`', README)[1]
    for script in (MULTIPROCESSING, THREADING):
        run = run_command([PYTHON, str(copy_with_first_line_of_main(script, line, tmp_path))], tmp_path,
                          script_env())
        own = re.findall(r"^Script PID: (\d+)$", run.stdout, re.M)
        assert run.returncode == 0 and own == [str(run.pid)], run.transcript
        workers = set(parse_output(run.stdout, script.kind).started_pids)
        if script is MULTIPROCESSING:
            assert len(workers) == 2 and run.pid not in workers, run.transcript
        else:
            assert workers == {run.pid}, run.transcript


def test_a_tiny_task_takes_two_processes_longer_than_two_threads(tmp_path):
    # The README's copy: all three scripts in a new folder, 10**8 cut to 10**5 in time_utils.py.
    tiny, big = re.search(r"change\s+`(10\*\*8)`\s+to\s+`(10\*\*5)`", README).group(2, 1)
    helpers = (ROOT / "time_utils.py").read_text(encoding="utf-8")
    assert helpers.count(f"range({big})") == 1, "time_utils.py no longer loops over range(10**8)"
    (tmp_path / "time_utils.py").write_text(helpers.replace(f"range({big})", f"range({tiny})"), encoding="utf-8")
    for script in (MULTIPROCESSING, THREADING):
        shutil.copy(ROOT / script.file, tmp_path)
    # The quickest of three runs each: a busy moment can only slow a run down, never speed one up.
    took = {script.kind: min(timing([PYTHON, script.file], cwd=tmp_path) for _ in range(3))
            for script in (MULTIPROCESSING, THREADING)}
    assert took["process"] > took["thread"], f"with {tiny} steps: {took}"


def free_threaded_build() -> bool:
    """True on a CPython built without the GIL (3.13t and later), whether or not the GIL was switched back on."""
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


@pytest.mark.skipif(not free_threaded_build(), reason="needs a free-threaded build: -X gil=1 is for those only")
def test_on_a_free_threaded_build_x_gil_1_makes_the_threads_take_turns_again():
    command = shlex.split(re.search(r"`(python -X gil=1 main_threading\.py)`", README)[1])
    option = command[1:3]
    # One call alone with the GIL on, the yardstick: the build's speed differs with the GIL on and off.
    one_call = min(timing([PYTHON, *option, *ONE_CALL]) for _ in range(2))
    turns = timing([PYTHON, *command[1:]])
    assert turns >= 1.5 * one_call, f"{' '.join(command)}: {turns:.2f} s; one call with the GIL on: {one_call:.2f} s"
    # TROUBLESHOOTING.md's other way, the environment variable, does the same.
    run = run_command([PYTHON, THREADING.file], ROOT, dict(script_env(), PYTHON_GIL="1"))
    found = TIMING.search(run.stdout)
    assert run.returncode == 0 and found, run.transcript
    by_variable = float(found["seconds"])
    assert by_variable >= 1.5 * one_call, f"PYTHON_GIL=1: {by_variable:.2f} s; one call: {one_call:.2f} s"
    # Without the option the threads ran in parallel where the machine gave them two CPUs; the
    # benchmark's own check fails a build that serialises them, and tells a busy machine from that.
    free = timing([PYTHON, THREADING.file])
    if free >= 1.5 * one_call:
        pytest.skip(f"without -X gil=1 the threads took {free:.2f} s, one call {one_call:.2f} s: "
                    f"the machine gave them less than two CPUs ({bw.cpus_available()} available)")
