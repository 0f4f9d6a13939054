"""What a reader sees who opens a script in IDLE and presses F5 (Run Module).

Opt-in, on a display:  xvfb-run -a python -m pytest -m idle  (on Windows and macOS: python -m pytest -m idle)
IDLE is two processes: its windows, and an execution process that runs the
script and hands what it prints to the Shell window through a thread of its
own. A child started by fork is a copy of the execution process without that
thread, so its first use of the Shell's streams waits for ever; children
started by spawn or forkserver are new interpreters, printing to the output
IDLE itself was started with. harness/idle_f5.py starts IDLE and presses F5;
kill_time() does no work (harness/sitecustomize.py), so a run that does not
end at once is stuck, not slow.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runs import HARNESS, PYTHON, ROOT, START_METHODS, TROUBLESHOOTING, end, harness, shape

pytestmark = pytest.mark.idle
RESTART = re.compile(r"=* RESTART: .*main_\w+\.py(?: =*)?")  # F5's first line, the script's path in it


class Idle:
    """SCRIPT opened in IDLE and F5 pressed, under start method METHOD; IDLE's settings and output in FOLDER."""

    def __init__(self, script, method, folder):
        self.report, self.output = folder / "report.json", folder / "idle-output.txt"
        env = {**harness(folder, method, unbuffered=False), "HOME": str(folder), "USERPROFILE": str(folder)}
        with open(self.output, "w") as output:
            self.popen = subprocess.Popen([PYTHON, str(HARNESS / "idle_f5.py"), str(ROOT / script), str(self.report)],
                                          cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT,
                                          start_new_session=True)

    def wait_until(self, condition):
        """The Shell's first report for which CONDITION holds: its text, whether it runs the script, and the
        PID of IDLE's execution process, which runs it."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.05)
            assert self.popen.poll() is None, f"IDLE ended: {self.output.read_text()}"
            report = json.loads(self.report.read_text()) if self.report.exists() else {"shell": ""}
            if condition(report):
                return report
        pytest.fail(f"not within 60 s; the Shell shows:\n{report['shell']}")

    @staticmethod
    def finished(report):
        return RESTART.search(report["shell"]) and not report["executing"]

    @staticmethod
    def shown(report):
        """What the script made the Shell show: the text after F5's RESTART line, without IDLE 3.9's >>> prompts."""
        return re.sub(r"(?m)^>>> ?", "", RESTART.split(report["shell"], 1)[-1])


@pytest.fixture
def idle(tmp_path):
    """idle(script, method) opens SCRIPT in IDLE and presses F5; IDLE and all it started end after the test.
    Skips, saying why, where IDLE cannot open a window."""
    if os.name == "posix" and sys.platform != "darwin" and not os.environ.get("DISPLAY"):
        pytest.skip("no display: run the IDLE tests under xvfb-run -a")
    check = subprocess.run([PYTHON, "-c", "import idlelib.pyshell, tkinter; tkinter.Tk().destroy()"],
                           capture_output=True, text=True, timeout=60)
    if check.returncode:
        said = check.stderr.strip() or f"exit status {check.returncode}"
        pytest.skip(f"IDLE cannot open a window here: {said.splitlines()[-1]}")
    started = []
    yield lambda script, method=None: started.append(Idle(script, method, tmp_path)) or started[-1]
    for run in started:
        end(run.popen)


def test_threads_show_every_line_in_the_shell(idle):
    run = idle("main_threading.py")
    assert shape(run.shown(run.wait_until(run.finished))) == "SSFFT"


@pytest.mark.parametrize("method", [method for method in START_METHODS if method != "fork"])
def test_processes_show_only_the_timing_line_in_the_shell_and_their_lines_on_idles_own_output(idle, method):
    run = idle("main_multiprocessing.py", method)
    assert shape(run.shown(run.wait_until(run.finished))) == "T"
    assert sorted(shape(run.output.read_text())) == list("FFSS"), run.output.read_text()


def stat(pid):
    """(state, CPU time) of process PID, from Linux's /proc; None once it has ended (a zombie has)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()  # after "PID (name)"
    except OSError:
        return None
    return None if fields[0] == "Z" else (fields[0], fields[11], fields[12])


def children(pid):
    return {int(child): stat(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


@pytest.mark.skipif(not sys.platform.startswith("linux") or "fork" not in START_METHODS,
                    reason="fork is a start method in IDLE by default on Linux only")
def test_under_fork_the_run_never_ends_and_both_children_stay_blocked_until_the_pages_pkill_ends_them(idle):
    run = idle("main_multiprocessing.py", "fork")
    still = {"since": 0, "children": None}

    def blocked(report):
        """Both children asleep, neither using CPU time, for half a second, while the Shell runs the script."""
        assert not run.finished(report), f"the run ended: IDLE no longer hangs under fork\n{report['shell']}"
        now = children(report["execution_pid"]) if report.get("executing") else {}
        if len(now) != 2 or now != still["children"] or any(not state or state[0] != "S" for state in now.values()):
            still.update(since=time.monotonic(), children=now)
        return len(now) == 2 and time.monotonic() - still["since"] >= 0.5

    report = run.wait_until(blocked)
    assert shape(run.shown(report)) == "" and "Starting" not in run.output.read_text()
    pattern = re.search(r"`pkill -f (\S+)`", TROUBLESHOOTING)[1]  # pkill -f looks for it in each whole command line
    for pid in still["children"]:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert re.search(pattern, command_line), f"pkill -f {pattern} would not end {command_line}"
    run.report.with_name("report.json.restart").touch()  # Shell > Restart Shell
    run.wait_until(lambda report: "RESTART: Shell" in report["shell"] and not report["executing"])
    assert all(stat(pid) for pid in still["children"])
    for pid in still["children"]:
        os.kill(pid, signal.SIGTERM)  # what pkill sends
    run.wait_until(lambda report: not any(stat(pid) for pid in still["children"]))
