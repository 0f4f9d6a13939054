"""main_multiprocessing.py's output, sent to a file or pipe, under every start method.

Its PIDs are proved in test_pids.py.

The buffering tests send the output to a file, as TROUBLESHOOTING.md's `> out.txt`
does, and make the two workers wait for each other (see
harness/sitecustomize.py), so both start before either finishes: lines that
still come out one process at a time can only have been held back by buffering.
"""
import os
import re
import shlex
import shutil

import pytest

from readme_text import commands_with
from script_runner import (MULTIPROCESSING, PYTHON, ROOT, START_METHODS, assert_both_started_before_either_finished,
                           meet, parse_output, run_command, run_python, script_env)

SCRIPT = ROOT / MULTIPROCESSING.file


@pytest.mark.parametrize("method", START_METHODS)
def test_the_tests_really_switch_start_method(method, reader_dir):
    probe = run_python(["-c", "import multiprocessing as mp; print(mp.get_start_method())"],
                       reader_dir, script_env(method))
    assert probe.stdout.strip() == method, probe.transcript


def assert_lines_come_one_process_at_a_time(stdout, transcript):
    # A child that writes to no terminal buffers its output and writes it all
    # when it exits, so its Starting and Finished lines arrive together.
    pairs = re.findall(r"^Starting process: (\w+), PID: (\d+), Timestamp: \S+\n"
                       r"Finished process: PID: \2, Timestamp: \S+\n", stdout, re.M)
    assert sorted(name for name, _ in pairs) == ["Process_1", "Process_2"], transcript
    lines = stdout.splitlines()
    assert len(lines) == 5 and lines[-1].startswith("Time taken by main: "), transcript


def redirected(method, cwd, *flags, to_file=True):
    """`python FLAGS main_multiprocessing.py > out.txt` (or into a pipe), PYTHONUNBUFFERED unset,
    the workers waiting for each other."""
    return run_python([*flags, str(SCRIPT)], cwd, script_env(method, meet(cwd), unbuffered=False),
                      stdout_file=cwd / "out.txt" if to_file else None)


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("to_file", [True, False], ids=["file", "pipe"])
def test_output_sent_to_a_file_or_pipe_comes_out_one_process_at_a_time(method, to_file, tmp_path):
    run = redirected(method, tmp_path, to_file=to_file)
    assert_lines_come_one_process_at_a_time(run.stdout, run.transcript)


@pytest.mark.parametrize("method", START_METHODS)
def test_python_dash_u_keeps_the_live_order_only_under_fork(method, tmp_path):
    # -u is not passed on to the fresh interpreters that spawn and forkserver
    # start, while PYTHONUNBUFFERED, an environment variable, is: so TROUBLESHOOTING.md
    # recommends that.
    run = redirected(method, tmp_path, "-u")
    if method == "fork":
        assert_both_started_before_either_finished(parse_output(run.stdout, "process"), run.transcript)
    else:
        assert_lines_come_one_process_at_a_time(run.stdout, run.transcript)


UNBUFFERED_LINES = [line for line in commands_with("PYTHONUNBUFFERED=1") if line.endswith("> out.txt")]
POWERSHELLS = ("powershell", "pwsh")  # Windows PowerShell 5.1, and PowerShell 7 on any system


def test_the_page_gives_the_unbuffered_line_for_posix_shells_and_for_powershell():
    assert sorted(line.startswith("$env:") for line in UNBUFFERED_LINES) == [False, True], UNBUFFERED_LINES


def powershell_quote(text):
    return "'" + text.replace("'", "''") + "'"


def shell_command(line, shell):
    """LINE, as TROUBLESHOOTING.md gives it, run by SHELL with the tests' Python and the script's full path."""
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"no {shell} on this machine")
    if shell in POWERSHELLS:
        python_call = f"& {powershell_quote(PYTHON)} {powershell_quote(str(SCRIPT))}"
        argv = [program, "-NoProfile", "-NonInteractive", "-Command"]
    else:
        python_call = f"{shlex.quote(PYTHON)} {shlex.quote(str(SCRIPT))}"
        argv = [program, "-c"]
    assert "python main_multiprocessing.py" in line, line
    return [*argv, line.replace("python main_multiprocessing.py", python_call)]


def read_out_txt(path):
    """The file a shell's `>` wrote: UTF-16 from Windows PowerShell 5.1, UTF-8 elsewhere."""
    data = path.read_bytes()
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    return text.replace("\r\n", "\n")


SHELL_RUNS = [*(pytest.param(line, shell, id=shell)
                for line in UNBUFFERED_LINES if line.startswith("$env:") for shell in POWERSHELLS),
              *(pytest.param(line, "bash", id="bash") for line in UNBUFFERED_LINES if not line.startswith("$env:"))]


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("line, shell", SHELL_RUNS)
def test_the_pages_unbuffered_line_keeps_the_live_order_in_out_txt(line, shell, method, tmp_path):
    if shell == "bash" and os.name != "posix":
        pytest.skip("the POSIX shell line is for Linux and macOS")
    command = shell_command(line, shell)
    env = script_env(method, meet(tmp_path), unbuffered=False)
    if shell == "powershell":
        # Started from PowerShell 7 (as in the hosted workflow), Windows PowerShell 5.1 would inherit 7's
        # module path and fail to load its own modules (PowerShell/PowerShell#27774); a reader's has its own.
        for name in [name for name in env if name.upper() == "PSMODULEPATH"]:  # os.environ upper-cases on Windows
            del env[name]
    run = run_command(command, tmp_path, env)
    # Not stderr: Windows PowerShell may write progress records there on its own.
    assert run.returncode == 0, run.transcript
    written = read_out_txt(tmp_path / "out.txt")
    assert_both_started_before_either_finished(parse_output(written, "process"), run.transcript + written)
