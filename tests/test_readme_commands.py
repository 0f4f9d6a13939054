"""The one-line commands in the running text of the README and TROUBLESHOOTING.md do what they say.

Each is run as given, from the repository's folder as the README says, with
the Python running the tests. kill_time() is swapped for nothing
(harness/sitecustomize.py), so timing one call takes no time.
"""
import multiprocessing
import os
import re
import shlex
import sys
import sysconfig
from concurrent.futures import ThreadPoolExecutor

import pytest

from readme_text import inline_commands
from script_runner import INNER_PYTEST, PYTHON, ROOT, SKIP, run_command, script_env

# What each `python -c` command of the README prints, by a piece of the command that names it.
PRINTS = {
    "get_time(kill_time)": r"Time taken by kill_time: \d+\.\d{4} seconds",
    "os.cpu_count()": re.escape(str(os.cpu_count())),
    "get_start_method()": multiprocessing.get_start_method(),
    "PYTHONUNBUFFERED": "None",  # where the variable is not set
    "getswitchinterval()": re.escape("0.005"),  # the 5 ms the README speaks of
    "_is_gil_enabled()": str(getattr(sys, "_is_gil_enabled", lambda: True)()),  # False only with no GIL
    # Called by hand, main() runs the script's whole run; imported, the guard keeps it from running.
    "main_multiprocessing.main()": r"(?s)Starting process: .*Time taken by main: \d+\.\d{4} seconds",
    "import main_multiprocessing": "",
}


def run_readme_command(command: str, unbuffered: bool = False):
    argv = shlex.split(command, posix=True)
    assert argv[0] == "python", command
    return run_command([PYTHON, *argv[1:]], ROOT, script_env(kill_time=SKIP, unbuffered=unbuffered))


def test_each_python_c_command_of_the_readme_is_checked_here():
    commands = inline_commands("python -c ")
    assert commands, "the README gives no `python -c` command"
    for command in commands:
        assert [piece for piece in PRINTS if piece in command], f"no expected output for: {command}"


@pytest.mark.parametrize("command", inline_commands("python -c "))
def test_the_readmes_command_prints_what_it_says(command):
    if "_is_gil_enabled()" in command and sys.version_info < (3, 13):
        pytest.skip("sys._is_gil_enabled() is new in Python 3.13, as TROUBLESHOOTING.md says")
    expected = next(output for piece, output in PRINTS.items() if piece in command)
    run = run_readme_command(command)
    assert run.returncode == 0 and re.fullmatch(expected, run.stdout.strip()), run.transcript


def test_the_unbuffered_check_prints_1_where_the_variable_is_set():
    command = next(command for command in inline_commands("python -c ") if "PYTHONUNBUFFERED" in command)
    run = run_readme_command(command, unbuffered=True)
    assert run.stdout.strip() == "1", run.transcript


def collected(*pytest_args: str) -> list:
    """The test IDs `python -m pytest PYTEST_ARGS` would run, as `--collect-only -q` lists them."""
    run = run_command([sys.executable, "-m", "pytest", *pytest_args, "--collect-only", "-q", "-p", "no:cacheprovider"],
                      ROOT, {**os.environ, **INNER_PYTEST})
    return sorted(re.findall(r"^tests/\S+::\S+$", run.stdout, re.MULTILINE))


def test_the_readmes_dash_k_line_selects_the_whole_proof_file_and_nothing_else():
    command = next(command for command in inline_commands("python -m pytest ") if "-k" in command)
    # Both collections at once: each is a Python start-up and a collection of the whole suite.
    with ThreadPoolExecutor() as pool:
        selected, proof = pool.map(lambda args: collected(*args), [shlex.split(command)[3:], ["tests/test_pids.py"]])
    assert proof and selected == proof, f"{command} selects:\n" + "\n".join(selected)


def test_python_dash_vv_says_free_threading_build_on_a_build_without_the_gil_only():
    run = run_command([PYTHON, "-VV"], ROOT, script_env())
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    assert run.returncode == 0 and ("free-threading build" in run.stdout) == free_threaded, run.transcript
