"""The tutorial's multiprocessing code in a real Jupyter kernel, read as a notebook page shows it.

What the README's troubleshooting page tells notebook users, shown by
running it: the script's code pasted into a cell works under fork and fails
in the children under spawn and forkserver, their errors shown apart from
what the cell printed; importing main() from the file shows every line in the
cell under every start method, though under spawn and forkserver some may
come after the timing line, or after the cell has finished.

kernel_runner.py drives the kernel as JupyterLab does, and keeps listening
after the cell has finished until the lines a reader would see have come.
Needs jupyter_client and ipykernel (the "notebook" dependency group), so it
skips where they are missing; CI runs it in a venv of its own:

    uv run --group notebook pytest tests/test_notebook.py
"""
import sys

import pytest

from kernel_runner import NOT_FORK, Cell, assert_every_line_once, every_line, kernel
from readme_text import quoted_messages, versions_printing
from script_runner import MULTIPROCESSING, START_METHODS

SCRIPT = MULTIPROCESSING.source
IMPORT_MAIN = "from main_multiprocessing import main\nmain()"


def both_childrens_errors(cell: Cell) -> bool:
    """Both children's tracebacks have reached the cell, each up to its message, which Python writes last and whole."""
    messages = sum(cell.stderr.count(message) for message, _ in quoted_messages("AttributeError"))
    return cell.stderr.count("Traceback (most recent call last)") == 2 and messages == 2


def test_the_scripts_code_in_a_cell_runs_both_workers_under_fork():
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    with kernel("fork") as k:
        cell = k.run(SCRIPT, until=every_line)
    # The children write to the kernel's own output, which ipykernel shows in the notebook.
    assert_every_line_once(cell)


@pytest.mark.parametrize("method", NOT_FORK)
def test_the_scripts_code_in_a_cell_shows_the_childrens_errors_apart_from_the_timing_under(method):
    with kernel(method) as k:
        cell = k.run(SCRIPT, until=both_childrens_errors)
    # What the cell printed holds the timing line and nothing of the children;
    # their tracebacks come in an output of their own.
    assert "Time taken by main" in cell.stdout and "Starting process" not in cell.stdout, cell.transcript
    assert "Traceback" not in cell.stdout and not cell.errors, cell.transcript
    assert both_childrens_errors(cell), cell.transcript
    assert sys.version_info.minor in versions_printing(cell.stderr, "AttributeError"), cell.transcript


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_shows_every_line_in_the_cell_under(method):
    with kernel(method) as k:
        cell = k.run(IMPORT_MAIN, until=every_line)
    # Every line has the cell's request as its parent, so a notebook page that
    # keeps listening (JupyterLab 4, Notebook 7) shows it in this cell, late or not.
    assert_every_line_once(cell)

