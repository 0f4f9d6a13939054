"""The tutorial's multiprocessing code in a real Jupyter notebook, run through a kernel.

What the README tells notebook users, shown by running it: the script's code
pasted into a cell works under fork and fails in the children under spawn
and forkserver; importing main() from the file works under every start method.

Needs nbclient and ipykernel (the "notebook" dependency group), so it skips
where they are missing; CI runs it in a venv of its own:

    uv run --group notebook pytest tests/test_notebook.py
"""
import sys

import pytest

from readme_text import versions_printing
from script_runner import MULTIPROCESSING, ROOT, START_METHODS, script_env

SCRIPT = MULTIPROCESSING.source
CELL_TIMEOUT = 120  # seconds; a hang fails the test instead of stalling CI


def jupyter():
    """nbformat and nbclient, or a skip (in each test, so a deselected test never asks)."""
    reason = "needs nbformat, nbclient and ipykernel: the 'notebook' dependency group"
    pytest.importorskip("ipykernel", reason=reason)
    return pytest.importorskip("nbformat", reason=reason), pytest.importorskip("nbclient", reason=reason)


def run_cell(source: str, method: str) -> str:
    """Run SOURCE as the only cell of a new notebook in the project folder; return everything the cell showed.

    The kernel gets the scripts' test environment, so the test harness's hook
    sets the start method and swaps kill_time() out in it.
    """
    nbformat, nbclient = jupyter()
    env = script_env(method, quick_workers=True)
    # ipykernel leaves the kernel's file descriptors alone under pytest; a real
    # Jupyter has no such variable, and shows what child processes write there.
    env.pop("PYTEST_CURRENT_TEST", None)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     allow_errors=True, resources={"metadata": {"path": str(ROOT)}})
    client.execute(env=env)
    shown = []
    for output in notebook.cells[0].outputs:
        if output.output_type == "stream":
            shown.append(output.text)
        elif output.output_type == "error":
            shown.append(f"{output.ename}: {output.evalue}\n")
    return "".join(shown)


def test_the_scripts_code_in_a_cell_runs_both_workers_under_fork():
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    shown = run_cell(SCRIPT, "fork")
    # The children write to the kernel's own output, which ipykernel shows in the notebook.
    assert "Starting process: Process_1" in shown and "Starting process: Process_2" in shown, shown
    assert "Time taken by main" in shown, shown


@pytest.mark.parametrize("method", [method for method in START_METHODS if method != "fork"])
def test_the_scripts_code_in_a_cell_fails_in_the_children_under(method):
    shown = run_cell(SCRIPT, method)
    assert "Starting process" not in shown, shown
    assert "Time taken by main" in shown and shown.count("AttributeError") >= 2, shown
    assert sys.version_info.minor in versions_printing(shown, "AttributeError"), shown


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_works_in_a_cell_under(method):
    shown = run_cell("from main_multiprocessing import main\nmain()", method)
    assert shown.count("Finished process") == 2 and "Time taken by main" in shown, shown
    assert "Error" not in shown, shown
