"""What the scripts print, and in what order, in a terminal and in a file.

kill_time() does no work here, and each worker waits for the other in it (see
harness/sitecustomize.py), so both start before either finishes in every run:
a terminal must show that order, and a file that does not shows buffering.
shape() in runs.py writes a run's output as letters: SSFFT is Starting, Starting,
Finished, Finished, then the timing line.
"""
import io
import os
import re
import shlex
import shutil
import subprocess

import pytest

from runs import FINISHED, PYTHON, ROOT, START_METHODS, STARTED, TROUBLESHOOTING, harness, in_a_terminal, run, shape

RUNS = [*(("main_multiprocessing.py", method) for method in START_METHODS), ("main_threading.py", None)]
IDS = [f"processes-{method}" for method in START_METHODS] + ["threads"]
WORKERS = {"main_multiprocessing.py": ["Process_1", "Process_2"], "main_threading.py": ["Thread_1", "Thread_2"]}


@pytest.mark.parametrize("last", [0, 1], ids=["first-worker-last", "second-worker-last"])
@pytest.mark.parametrize("script, method", RUNS, ids=IDS)
def test_a_terminal_shows_each_line_as_printed_and_the_time_last_whichever_worker_ends_last(
        script, method, last, tmp_path):
    env = harness(tmp_path, method, last=WORKERS[script][last], unbuffered=False)
    if os.name == "posix":
        status, shown = in_a_terminal([PYTHON, str(ROOT / script)], env, cwd=tmp_path)
    else:  # no pseudo-terminal on Windows: unbuffered output in a pipe keeps the order printed
        status, shown, errors = run([PYTHON, str(ROOT / script)], {**env, "PYTHONUNBUFFERED": "1"}, cwd=tmp_path)
        shown += errors
    assert status == 0 and shape(shown) == "SSFFT", shown
    assert sorted(name for name, pid in STARTED.findall(shown)) == WORKERS[script], shown


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_in_a_file_or_a_pipe_each_processs_two_lines_come_out_together(into, method, tmp_path):
    env = harness(tmp_path, method, unbuffered=False)
    with open(tmp_path / "out.txt", "w") as out_txt:  # `python main_multiprocessing.py > out.txt`, or `| more`
        status, piped, errors = run([PYTHON, str(ROOT / "main_multiprocessing.py")], env, cwd=tmp_path,
                                    stdout=out_txt if into == "file" else subprocess.PIPE)
    written = piped or (tmp_path / "out.txt").read_text()
    pairs = re.findall(STARTED.pattern + r"\n" + FINISHED.pattern, written)  # Starting, then Finished of one PID
    assert status == 0 and shape(written) == "SFSFT" and [p == q for _, p, q in pairs] == [True, True], written + errors


UNBUFFERED = re.findall(r"^(.*PYTHONUNBUFFERED=1.*main_multiprocessing\.py > out\.txt)$", TROUBLESHOOTING, re.M)


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("shell", ["bash", "powershell"])
def test_the_pages_unbuffered_line_keeps_the_order_printed_in_out_txt(shell, method, tmp_path):
    line = next(line for line in UNBUFFERED if line.startswith("$env:") == (shell == "powershell"))
    program = shutil.which("pwsh") or shutil.which("powershell") if shell == "powershell" else shutil.which(shell)
    if program is None or (shell == "bash" and os.name != "posix"):
        pytest.skip(f"no {shell} here")
    script = ROOT / "main_multiprocessing.py"
    if shell == "powershell":
        line = line.replace("python main_multiprocessing.py", f"& '{PYTHON}' '{script}'")
        argv = [program, "-NoProfile", "-NonInteractive", "-Command", line]
    else:
        argv = [program, "-c", line.replace("python main_multiprocessing.py", f"{shlex.quote(PYTHON)} {script}")]
    env = harness(tmp_path, method, unbuffered=False)
    status, _, errors = run(argv, env, cwd=tmp_path)
    data = (tmp_path / "out.txt").read_bytes()
    written = data.decode("utf-16" if data[:2] == b"\xff\xfe" else "utf-8-sig")  # Windows PowerShell 5.1: UTF-16
    assert status == 0 and shape(written) == "SSFFT", written + errors


def test_print_writes_its_text_and_the_line_end_apart_so_two_threads_lines_can_run_together():
    class Writes(io.StringIO):
        def write(self, text):
            written.append(text)

    written = []
    print("Finished thread: PID: 1, Timestamp: 12:00:00", file=Writes())
    assert written == ["Finished thread: PID: 1, Timestamp: 12:00:00", "\n"]
