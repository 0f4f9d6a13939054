"""The mistakes TROUBLESHOOTING.md describes fail the way it says, in the words it quotes.

Each test recreates the situation with the running Python and checks that the
page quotes the error message this Python prints, labelled with a range of
versions that includes this one. kill_time() is swapped out where the workers
only need to run (see tests/harness/sitecustomize.py), to keep the suite quick.
"""
import re
import sys

import pytest

from readme_text import TROUBLESHOOTING, versions_printing
from script_runner import (INNER_PYTEST, MULTIPROCESSING, ROOT, SKIP, START_METHODS, needs_a_terminal, parse_output,
                           run_in_terminal, run_python, script_env)

SCRIPT = MULTIPROCESSING.source
GUARD = "if __name__ == '__main__':\n    main()"
NEEDS_A_FILE = [method for method in START_METHODS if method != "fork"]  # they import __main__ in the child


@pytest.mark.parametrize("method", NEEDS_A_FILE)
def test_the_script_run_without_a_file_fails_in_the_children_as_the_readme_says(method):
    # `python -c` leaves no file behind __main__, as a notebook cell or an
    # interactive session does; standard input is no stand-in (it fails on '<stdin>').
    run = run_python(["-c", SCRIPT], ROOT, script_env(method))
    output = parse_output(run.stdout, MULTIPROCESSING.kind)
    assert output.started == [] and [m["name"] for m in output.timings] == ["main"], run.transcript
    assert run.stderr.count("Traceback") == 2, run.transcript  # one for each child
    assert sys.version_info.minor in versions_printing(run.stderr, "AttributeError"), run.transcript


@pytest.mark.parametrize("method", NEEDS_A_FILE)
def test_warnings_turned_into_errors_change_the_wording_only_where_the_page_says(method):
    said = re.search(r"On 3\.(\d+) and 3\.(\d+), warnings turned into errors \(`python -W error`, or\s+"
                     r"`PYTHONWARNINGS=error`\) give the 3\.(\d+) wording", TROUBLESHOOTING)
    assert said, "TROUBLESHOOTING.md no longer says which Pythons change the AttributeError's wording"
    changed, wording_of = {int(said[1]), int(said[2])}, int(said[3])
    run = run_python(["-c", SCRIPT], ROOT, {**script_env(method), "PYTHONWARNINGS": "error"})
    expected = wording_of if sys.version_info.minor in changed else sys.version_info.minor
    assert expected in versions_printing(run.stderr, "AttributeError"), run.transcript


@needs_a_terminal
@pytest.mark.parametrize("method", NEEDS_A_FILE)
def test_in_a_terminal_both_childrens_errors_come_before_the_timing_line(method):
    # The children fail as they start; main() waits for them to end before it
    # prints its time, so in a terminal both tracebacks are already there.
    shown = run_in_terminal(["-c", SCRIPT], ROOT, script_env(method, unbuffered=False))
    text = shown.stdout
    assert text.count("Traceback (most recent call last)") == 2, shown.transcript
    assert text.count("Time taken by main: ") == 1, shown.transcript
    assert text.rindex("AttributeError") < text.index("Time taken by main: "), shown.transcript


def test_the_script_run_without_a_file_works_under_fork():
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    run = run_python(["-c", SCRIPT], ROOT, script_env("fork", SKIP))
    output = parse_output(run.stdout, MULTIPROCESSING.kind)
    assert run.returncode == 0 and output.started_names == ["Process_1", "Process_2"], run.transcript


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_works_without_a_file_behind_main(method):
    # The fix TROUBLESHOOTING.md gives notebooks: keep the worker in a file and import it.
    run = run_python(["-c", "from main_multiprocessing import main\nmain()"], ROOT,
                     script_env(method, SKIP))
    output = parse_output(run.stdout, MULTIPROCESSING.kind)
    assert run.returncode == 0 and run.stderr == "", run.transcript
    assert output.started_names == ["Process_1", "Process_2"] and len(output.finished) == 2, run.transcript


@pytest.mark.parametrize("method", NEEDS_A_FILE)
def test_without_the_guard_each_child_stops_with_the_bootstrapping_error_the_readme_quotes(method, tmp_path):
    assert SCRIPT.count(GUARD) == 1
    unguarded = tmp_path / MULTIPROCESSING.file
    unguarded.write_text(SCRIPT.replace(GUARD, "main()"), encoding="utf-8")
    # SKIP also puts the project root on PYTHONPATH, where the copy finds time_utils.
    run = run_python([str(unguarded)], ROOT, script_env(method, SKIP))
    assert run.stderr.count("Traceback") >= 2, run.transcript
    # Python wraps this message over several indented lines; the page gives
    # it on one. The message is compared without "RuntimeError: ", which two
    # children failing at once can split from it (see readme_text.versions_printing).
    said = " ".join(run.stderr.split())
    quoted = re.search(r"`RuntimeError: (An attempt has been made[^`]*)`", TROUBLESHOOTING)
    assert quoted, "TROUBLESHOOTING.md does not quote the bootstrapping RuntimeError"
    assert "RuntimeError" in said and " ".join(quoted[1].split()) in said, run.transcript


needs_safe_path = pytest.mark.skipif(sys.version_info < (3, 11), reason="PYTHONSAFEPATH is new in Python 3.11")


@needs_safe_path
def test_with_pythonsafepath_set_the_script_cannot_import_time_utils_as_the_page_says():
    run = run_python([MULTIPROCESSING.file], ROOT, {**script_env(), "PYTHONSAFEPATH": "1"})
    quoted = re.search(r"`(ModuleNotFoundError: [^`]*)`", TROUBLESHOOTING)
    assert quoted, "TROUBLESHOOTING.md does not quote the ModuleNotFoundError"
    assert run.returncode != 0 and quoted[1] in run.stderr and run.stdout == "", run.transcript


@needs_safe_path
def test_with_pythonsafepath_set_the_tests_stop_at_once_with_one_message_saying_why():
    run = run_python(["-m", "pytest", "-p", "no:cacheprovider", "tests/test_time_utils.py"], ROOT,
                     {**script_env(), **INNER_PYTEST, "PYTHONSAFEPATH": "1"})
    said = run.stdout + run.stderr
    assert run.returncode != 0 and "passed" not in said and "failed" not in said, run.transcript
    assert "PYTHONSAFEPATH is set" in said and "TROUBLESHOOTING.md" in said, run.transcript

