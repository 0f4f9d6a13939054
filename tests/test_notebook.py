"""The tutorial's multiprocessing code in a real Jupyter notebook, run through a kernel.

What the README tells notebook users, shown by running it: the script's code
pasted into a cell works under fork and fails in the children under spawn
and forkserver, their errors shown apart from what the cell printed;
importing main() from the file works under every start method.

Needs nbclient and ipykernel (the "notebook" dependency group), so it skips
where they are missing; CI runs it in a venv of its own:

    uv run --group notebook pytest tests/test_notebook.py
"""
import sys
from typing import Dict

import pytest

from readme_text import versions_printing
from script_runner import MULTIPROCESSING, ROOT, SKIP, START_METHODS, script_env

SCRIPT = MULTIPROCESSING.source
CELL_TIMEOUT = 120  # seconds; a hang fails the test instead of stalling CI


def jupyter():
    """nbformat and nbclient, or a skip (in each test, so a deselected test never asks)."""
    reason = "needs Jupyter's nbformat, nbclient and ipykernel: python -m pip install nbformat nbclient ipykernel"
    pytest.importorskip("ipykernel", reason=reason)
    return pytest.importorskip("nbformat", reason=reason), pytest.importorskip("nbclient", reason=reason)


def run_cell(source: str, method: str) -> Dict[str, str]:
    """Run SOURCE as the only cell of a new notebook in the project folder; return what the cell showed.

    By the kind of output the notebook shows it in: "stdout" (what was
    printed), "stderr" (what the program wrote to its errors, which a notebook
    shows as an output of its own), "error" (an exception the cell raised).

    The kernel gets the scripts' test environment, so the test harness's hook
    sets the start method and swaps kill_time() out in it.
    """
    nbformat, nbclient = jupyter()
    env = script_env(method, SKIP)
    # ipykernel leaves the kernel's file descriptors alone under pytest; a real
    # Jupyter has no such variable, and shows what child processes write there.
    env.pop("PYTEST_CURRENT_TEST", None)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     allow_errors=True, resources={"metadata": {"path": str(ROOT)}})
    client.execute(env=env)
    shown = {"stdout": "", "stderr": "", "error": ""}
    for output in notebook.cells[0].outputs:
        if output.output_type == "stream":
            shown[output.name] += output.text
        elif output.output_type == "error":
            shown["error"] += f"{output.ename}: {output.evalue}\n"
    return shown


def test_the_scripts_code_in_a_cell_runs_both_workers_under_fork():
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    shown = run_cell(SCRIPT, "fork")
    # The children write to the kernel's own output, which ipykernel shows in the notebook.
    printed = shown["stdout"]
    assert "Starting process: Process_1" in printed and "Starting process: Process_2" in printed, shown
    assert "Time taken by main" in printed and not shown["stderr"] + shown["error"], shown


@pytest.mark.parametrize("method", [method for method in START_METHODS if method != "fork"])
def test_the_scripts_code_in_a_cell_shows_the_childrens_errors_apart_from_the_timing_under(method):
    shown = run_cell(SCRIPT, method)
    # What the cell printed holds the timing line and nothing of the children;
    # their tracebacks come in an output of their own.
    assert "Time taken by main" in shown["stdout"] and "Starting process" not in shown["stdout"], shown
    assert "Traceback" not in shown["stdout"] and not shown["error"], shown
    assert shown["stderr"].count("Traceback (most recent call last)") == 2, shown
    assert sys.version_info.minor in versions_printing(shown["stderr"], "AttributeError"), shown


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_works_in_a_cell_under(method):
    shown = run_cell("from main_multiprocessing import main\nmain()", method)
    assert shown["stdout"].count("Finished process") == 2 and "Time taken by main" in shown["stdout"], shown
    assert not shown["stderr"] + shown["error"], shown
