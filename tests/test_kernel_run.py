"""`%run main_multiprocessing.py` in a real Jupyter kernel, once and twice, and what works every time.

IPython runs a file with %run in a `__main__` module of its own, which it
keeps and clears for the next %run. Under spawn and forkserver a child is told
how to find `__main__` from its `__spec__`, which the cleared module no
longer has, so the second %run fails in the kernel before any child starts.
`%run -m`, `!python` (a shell command, in a pseudo-terminal) and a restarted
kernel run again every time.

Skips without jupyter_client and ipykernel (the "notebook" dependency group).
"""
import sys

import pytest

from kernel_runner import NOT_FORK, Cell, assert_every_line_once, every_line, kernel
from readme_text import versions_printing
from script_runner import START_METHODS, assert_both_started_before_either_finished, meet, parse_output

RUN = "%run main_multiprocessing.py"


@pytest.mark.parametrize("method", START_METHODS)
def test_run_shows_every_line_the_first_time_under(method):
    with kernel(method) as k:
        cell = k.run(RUN, until=every_line)
    assert_every_line_once(cell)


def test_a_second_run_in_the_same_kernel_works_under_fork():
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    with kernel("fork") as k:
        cells = [k.run(RUN, until=every_line) for _ in range(2)]
    for cell in cells:
        assert_every_line_once(cell)


@pytest.mark.parametrize("method", NOT_FORK)
def test_a_second_run_in_the_same_kernel_fails_on_spec_before_any_child_under(method):
    with kernel(method) as k:
        first = k.run(RUN, until=every_line)
        second = k.run(RUN)
    assert_every_line_once(first)
    # The error is the kernel's own, raised in Process.start() before a child
    # exists: the cell shows its traceback and nothing else, not even the
    # timing line. (%run reports it as shown, so the reply itself says "ok".)
    assert not second.stdout + second.stderr, second.transcript
    assert len(second.errors) == 1 and second.errors[0].startswith("AttributeError: "), second.transcript
    assert sys.version_info.minor in versions_printing(second.errors[0], "AttributeError"), second.transcript


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("way", ["%run -m main_multiprocessing", "!python main_multiprocessing.py"])
def test_a_second_run_in_the_same_kernel_works_with(way, method):
    with kernel(method) as k:
        cells = [k.run(way, until=every_line) for _ in range(2)]
    for cell in cells:
        assert_every_line_once(shell_text(cell))


@pytest.mark.parametrize("method", START_METHODS)
def test_run_works_again_after_the_kernel_is_restarted_under(method):
    with kernel(method) as k:
        k.run(RUN, until=every_line)
        k.restart()
        cell = k.run(RUN, until=every_line)
    assert_every_line_once(cell)


@pytest.mark.parametrize("method", START_METHODS)
def test_python_in_a_shell_command_shows_every_line_in_a_terminals_order_under(method, tmp_path):
    # The workers wait for each other (see harness/sitecustomize.py), so lines
    # shown as printed must read: both Starting, both Finished, then the time.
    with kernel(method, kill_time=meet(tmp_path)) as k:
        cell = shell_text(k.run("!python main_multiprocessing.py", until=every_line))
    assert_every_line_once(cell)
    output = parse_output(cell.stdout, "process")
    assert_both_started_before_either_finished(output, cell.transcript)


def shell_text(cell: Cell) -> Cell:
    """CELL with a terminal's line ends ("\\r\\n") turned back into "\\n": `!` runs commands in a pseudo-terminal."""
    for chunk in cell.chunks:
        chunk.text = chunk.text.replace("\r\n", "\n")
    return cell
