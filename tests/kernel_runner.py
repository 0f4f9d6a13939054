"""Drive a real Jupyter kernel message by message, as a notebook's page does, and read what a cell shows.

A plain module that the kernel tests import by name. It talks to the kernel
through jupyter_client, the library every Jupyter frontend's server uses,
instead of nbclient, which stops listening once the cell has finished: under
spawn and forkserver the children write to the kernel's own file descriptors,
which ipykernel reads from a thread of its own, and their lines can reach the
frontend after the cell's reply and its "idle" status. JupyterLab 4 and
Notebook 7 keep adding those to the cell (see tests/README.md, "Notebooks and
kernels"), so a test here keeps listening too, until what the reader would see
has arrived or a bounded wait ends.
"""
import contextlib
import queue
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, List, Optional

import pytest

from script_runner import MULTIPROCESSING, ROOT, SKIP, START_METHODS, parse_output, script_env

# A cell takes a second or two; the limits are there so that a hang fails the
# test instead of stalling CI.
CELL_TIMEOUT = 120
# How long to keep listening after the cell's idle status for output still on
# its way: it only bounds a test whose expected output never comes, and costs
# nothing when the output is there.
LATE_WAIT = 20

NOT_FORK = [method for method in START_METHODS if method != "fork"]


@dataclass
class Chunk:
    """One stream message of a cell: which stream, its text, and whether it came after the cell's idle status."""

    name: str  # "stdout" or "stderr"
    text: str
    late: bool


@dataclass
class Cell:
    """What one execute_request brought back: everything whose parent is that request, in arrival order."""

    chunks: List[Chunk] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # "Name: message" of each error the cell raised
    reply_status: Optional[str] = None  # "ok" or "error", from execute_reply
    idle: bool = False
    others: List[str] = field(default_factory=list)  # iopub messages with another parent, for the transcript

    def text(self, name: str, late: Optional[bool] = None) -> str:
        return "".join(c.text for c in self.chunks if c.name == name and (late is None or c.late == late))

    @property
    def stdout(self) -> str:
        return self.text("stdout")

    @property
    def stderr(self) -> str:
        return self.text("stderr")

    @property
    def transcript(self) -> str:
        """Every message the cell received, for assertion messages."""
        lines = [f"{'late ' if c.late else ''}{c.name}: {c.text!r}" for c in self.chunks]
        lines += [f"error: {e}" for e in self.errors]
        lines += [f"reply: {self.reply_status}, idle: {self.idle}, other parents: {self.others}"]
        return "\n--- cell ---\n" + "\n".join(lines) + "\n--- end ---"


def need(*modules: str):
    """Import each of MODULES, or skip the test saying what is missing.

    The reason is read by a learner who ran the README's test line: it says
    that nothing is wrong and where to read more, not how a maintainer installs
    the extras (tests/README.md, under "Notebooks and kernels", says that).
    """
    return [pytest.importorskip(module, reason=f"optional: a notebook test, needs {module.split('.')[0]} "
                                               f"(see tests/README.md)") for module in modules]


class Kernel:
    """A kernel started in the project folder; run() sends one cell and collects what it shows."""

    def __init__(self, manager, client):
        self.manager = manager
        self.client = client

    def run(self, code: str, until: Callable[[Cell], bool] = lambda cell: True) -> Cell:
        """Execute CODE; return the cell's output once the cell is idle and UNTIL(cell) holds, or LATE_WAIT later.

        UNTIL says what the reader's cell must end up showing. Output that
        arrives after the idle status is kept, marked late, as a notebook page
        keeps it; waiting for it, not for a guessed pause, is what keeps these
        tests from racing ipykernel's reading thread.
        """
        msg_id = self.client.execute(code, allow_stdin=False)
        cell = Cell()
        deadline = time.monotonic() + CELL_TIMEOUT
        while True:
            if cell.idle and cell.reply_status and until(cell):
                return cell
            left = deadline - time.monotonic()
            if left <= 0:
                return cell
            try:
                message = self.client.get_iopub_msg(timeout=min(left, 1))
            except queue.Empty:
                self._take_reply(msg_id, cell)
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                cell.others.append(message["msg_type"])
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                cell.chunks.append(Chunk(content["name"], content["text"], cell.idle))
            elif kind == "error":
                cell.errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "status" and content["execution_state"] == "idle":
                cell.idle = True
                self._take_reply(msg_id, cell)
                deadline = min(deadline, time.monotonic() + LATE_WAIT)

    def _take_reply(self, msg_id: str, cell: Cell) -> None:
        while cell.reply_status is None:
            try:
                reply = self.client.get_shell_msg(timeout=0 if not cell.idle else 10)
            except queue.Empty:
                return
            if reply["parent_header"].get("msg_id") == msg_id:
                cell.reply_status = reply["content"]["status"]

    def restart(self) -> None:
        """Restart the kernel as the notebook's Kernel > Restart does: a new process in the same environment."""
        self.manager.restart_kernel(now=False)
        self.client.wait_for_ready(timeout=CELL_TIMEOUT)


def kernel_env(method: str, kill_time: str = SKIP) -> dict:
    """The environment a kernel runs in: the scripts' test environment, as a reader's Jupyter would have it.

    The test harness's hook sets the start method and swaps kill_time() out.
    No PYTHONUNBUFFERED, which a reader's Jupyter does not set either: the
    children's output is buffered as it would be there. ipykernel leaves the
    kernel's file descriptors alone under pytest (it looks for
    PYTEST_CURRENT_TEST); a real Jupyter has no such variable, and shows what
    child processes write there.
    """
    env = script_env(method, kill_time, unbuffered=False)
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


@contextlib.contextmanager
def kernel(method: str, argv: Optional[List[str]] = None, kill_time: str = SKIP,
           output: Optional[Path] = None) -> Iterator[Kernel]:
    """A new kernel under start method METHOD, shut down (with whatever it started) on leaving.

    ARGV is a kernel command line with "{connection_file}" in it, as a
    kernelspec's; by default ipykernel with this Python. With OUTPUT, the
    kernel process's own standard output and errors (the terminal that started
    Jupyter, or what Spyder's window reads) go to that file.
    """
    manager_module, spec_module = need("jupyter_client.manager", "jupyter_client.kernelspec")
    if argv is None:
        need("ipykernel")
    spec = spec_module.KernelSpec(argv=argv or [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                                  display_name="tutorial", language="python")
    manager = manager_module.KernelManager()
    manager._kernel_spec = spec  # the spec above, rather than one looked up by name among those installed
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(open(output, "w")) if output else stack.enter_context(tempfile.TemporaryFile("w"))
        manager.start_kernel(cwd=str(ROOT), env=kernel_env(method, kill_time), stdout=sink, stderr=sink)
        client = manager.client()
        try:
            client.start_channels()
            client.wait_for_ready(timeout=CELL_TIMEOUT)
            yield Kernel(manager, client)
        finally:
            client.stop_channels()
            # now=True kills the kernel's whole process group, children included.
            manager.shutdown_kernel(now=True)


def every_line(cell: Cell) -> bool:
    """Both workers' Starting and Finished lines and the timing line, each whole, have reached the cell."""
    output = parse_output(cell.stdout, "process")
    return len(output.started) == len(output.finished) == 2 and len(output.timings) == 1


def assert_every_line_once(cell: Cell) -> None:
    output = parse_output(cell.stdout, "process")
    assert MULTIPROCESSING.workers == tuple(output.started_names), cell.transcript
    assert output.started_pids == output.finished_pids, cell.transcript
    assert [m["name"] for m in output.timings] == ["main"] and not output.unrecognised, cell.transcript
    assert_no_error(cell)


def assert_no_error(cell: Cell) -> None:
    """The cell wrote nothing to its errors, raised nothing, and its reply says "ok"."""
    assert not cell.stderr and not cell.errors and cell.reply_status == "ok", cell.transcript
