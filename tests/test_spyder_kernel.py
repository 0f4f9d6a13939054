"""main_multiprocessing.py run in Spyder's console: runfile() in a real spyder-kernels kernel.

Spyder's console is a Jupyter kernel of its own (spyder-kernels), started as
Spyder starts it. Unlike a notebook's, it leaves the kernel's file
descriptors alone, so children started with spawn or forkserver, which write
there, do not reach the console: Spyder's window reads the kernel process's
own output separately. spyder-kernels also gives `__main__` back its
`__spec__`, so runfile() works every time, where a second %run does not.

Skips without spyder-kernels (the "spyder" dependency group installs it).
"""
import re
import sys

import pytest

from kernel_runner import NOT_FORK, assert_every_line_once, assert_no_error, every_line, kernel, need
from script_runner import MULTIPROCESSING, ROOT, START_METHODS, TIMING, parse_output

SPYDER = [sys.executable, "-m", "spyder_kernels.console", "-f", "{connection_file}"]
# What Spyder's Run > Run (F5) sends for a file, with its folder as working directory.
RUNFILE = f"runfile({str(ROOT / MULTIPROCESSING.file)!r}, wdir={str(ROOT)!r})"


def spyder(method, output):
    need("spyder_kernels")
    return kernel(method, argv=SPYDER, output=output)


def test_runfile_shows_every_line_in_the_console_twice_in_a_row_under_fork(tmp_path):
    if "fork" not in START_METHODS:
        pytest.skip("this platform has no fork start method")
    with spyder("fork", tmp_path / "kernel-output.txt") as k:
        cells = [k.run(RUNFILE, until=every_line) for _ in range(2)]
    # Forked children inherit ipykernel's streams, which the console shows.
    for cell in cells:
        assert_every_line_once(cell)


@pytest.mark.parametrize("method", NOT_FORK)
def test_runfile_shows_only_the_timing_line_twice_in_a_row_the_childrens_lines_go_to_the_kernels_own_output_under(
        method, tmp_path):
    kernel_output = tmp_path / "kernel-output.txt"
    with spyder(method, kernel_output) as k:
        for run in (1, 2):
            cell = k.run(RUNFILE)
            # The children have exited before main() prints its time, and they
            # wrote straight to the kernel's output file: nothing to wait for.
            children = parse_output(kernel_output.read_text(), "process")
            assert re.fullmatch(TIMING.pattern + "\n", cell.stdout), cell.transcript
            assert_no_error(cell)
            assert len(children.started) == len(children.finished) == 2 * run, kernel_output.read_text()
            assert children.started_pids == children.finished_pids, kernel_output.read_text()
