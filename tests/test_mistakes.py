"""The errors TROUBLESHOOTING.md quotes, made by this Python in the situation the page describes.

Where the words differ between Pythons, the page gives each message with the
versions that print it, and the test checks that this Python prints the one
given for its version. kill_time() does no work here (harness/sitecustomize.py).
"""
import os
import re
import sys

import pytest

from runs import PYTHON, ROOT, START_METHODS, TROUBLESHOOTING as PAGE, harness, quoted, run, shape

SCRIPT = (ROOT / "main_multiprocessing.py").read_text(encoding="utf-8")
NOT_FORK = [method for method in START_METHODS if method != "fork"]  # their children import the main module


@pytest.mark.parametrize("method", NOT_FORK)
def test_the_script_with_no_file_behind_it_fails_in_both_children_with_the_pages_attributeerror(method, tmp_path):
    # `python -c` leaves no file behind __main__, as a notebook cell or the >>> prompt does.
    status, out, errors = run([PYTHON, "-c", SCRIPT], harness(tmp_path, method))
    assert shape(out) == "T" and errors.count("Traceback") == 2, out + errors
    assert [message for message in quoted("AttributeError") if errors.count(message) == 2], errors


@pytest.mark.skipif("fork" not in START_METHODS, reason="no fork start method here")
def test_the_script_with_no_file_behind_it_works_under_fork(tmp_path):
    status, out, errors = run([PYTHON, "-c", SCRIPT], harness(tmp_path, "fork"))
    assert status == 0 and shape(out) == "SSFFT" and not errors, out + errors


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_works_with_no_file_behind_the_code_that_calls_it(method, tmp_path):
    fix = "from main_multiprocessing import main\nmain()"
    status, out, errors = run([PYTHON, "-c", fix], harness(tmp_path, method))
    assert status == 0 and shape(out) == "SSFFT" and not errors, out + errors


@pytest.mark.parametrize("method", START_METHODS)
def test_without_the_guard_the_run_stops_with_the_pages_runtimeerror_except_under_fork(method, tmp_path):
    guard = "if __name__ == '__main__':\n    main()"
    assert SCRIPT.count(guard) == 1
    (tmp_path / "unguarded.py").write_text(SCRIPT.replace(guard, "main()"), encoding="utf-8")
    status, out, errors = run([PYTHON, str(tmp_path / "unguarded.py")], harness(tmp_path, method))
    if method == "fork":  # which imports nothing, and so hides the mistake
        assert status == 0 and shape(out) == "SSFFT" and not errors, out + errors
        return
    page_says = re.search(r"`RuntimeError: ([^`]+)`", PAGE)
    assert page_says, "TROUBLESHOOTING.md quotes no RuntimeError"
    # Python wraps the message over several lines, which the page gives as one. Each child prints it, except on
    # 3.14 under forkserver, where the fork server, which imports the script too, prints it before any child starts.
    assert " ".join(page_says[1].split()) in " ".join(errors.split()) and shape(out) in ("", "T"), out + errors


@pytest.mark.skipif(sys.version_info < (3, 11), reason="python -P and PYTHONSAFEPATH are new in Python 3.11")
@pytest.mark.parametrize("option, variable", [(["-P"], {}), ([], {"PYTHONSAFEPATH": "1"})], ids=["P", "SAFEPATH"])
def test_with_the_scripts_folder_off_the_path_it_cannot_import_time_utils(option, variable):
    reader = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    status, out, errors = run([PYTHON, *option, "main_multiprocessing.py"], {**reader, **variable})
    page_says = re.search(r"`(ModuleNotFoundError: [^`]+)`", PAGE)
    assert page_says, "TROUBLESHOOTING.md quotes no ModuleNotFoundError"
    assert status == 1 and not out and page_says[1] in errors, errors
