"""main_multiprocessing.py's code in a real Jupyter kernel, cell by cell, as a notebook runs it.

Opt-in, with the kernel's packages:  uv run --group notebook pytest -m notebook
A cell shows what the kernel sends with the cell's request as parent. Under
spawn and forkserver the children write to the kernel's own output, which
ipykernel sends on from a thread, sometimes after the cell has ended, and a
notebook page still adds it to the cell: so each test waits for what the
reader would see, up to 20 s after the cell ends.
"""
import contextlib
import queue
import sys
import time

import pytest

from runs import ROOT, START_METHODS, TROUBLESHOOTING, harness, quoted, shape

pytestmark = pytest.mark.notebook
WHY = "needs the notebook dependency group: uv run --group notebook pytest -m notebook"
SCRIPT = (ROOT / "main_multiprocessing.py").read_text(encoding="utf-8")


@contextlib.contextmanager
def kernel(method, tmp_path):
    """A new kernel (ipykernel, with this Python) in the repository's folder, under start method METHOD."""
    manager = pytest.importorskip("jupyter_client.manager", reason=WHY).KernelManager()
    spec = pytest.importorskip("jupyter_client.kernelspec", reason=WHY)
    pytest.importorskip("ipykernel", reason=WHY)
    manager._kernel_spec = spec.KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"])
    env = harness(tmp_path, method, unbuffered=False)  # a reader's Jupyter sets no PYTHONUNBUFFERED
    env.pop("PYTEST_CURRENT_TEST", None)  # under pytest, ipykernel would leave the children's output alone
    manager.start_kernel(cwd=str(ROOT), env=env)
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=120)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)  # ends the kernel's process group, children included


def works(out, err, raised):
    """All five lines have come, in any order, and no error."""
    return sorted(shape(out)) == list("FFSST") and not err and not raised


def run_cell(client, code, done=works):
    """Run CODE in a cell: (standard output, standard errors, errors raised), once the cell has ended and
    DONE(out, err, raised) holds, or 20 s after it ended."""
    request = client.execute(code)
    out, err, raised, ended, deadline = "", "", [], False, time.monotonic() + 120
    while time.monotonic() < deadline and not (ended and done(out, err, raised)):
        try:
            message = client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if message["parent_header"].get("msg_id") != request:
            continue
        kind, content = message["msg_type"], message["content"]
        if kind == "stream":
            out, err = (out + content["text"], err) if content["name"] == "stdout" else (out, err + content["text"])
        elif kind == "error":
            raised.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            ended, deadline = True, min(deadline, time.monotonic() + 20)
    return out.replace("\r\n", "\n"), err, raised


def both_children_fail_apart_from_the_timing_line(out, err, raised):
    return shape(out) == "T" and sum(err.count(message) for message in quoted("AttributeError")) == 2 and not raised


@pytest.mark.parametrize("method", START_METHODS)
def test_the_scripts_code_in_a_cell_works_under_fork_only(method, tmp_path):
    expected = works if method == "fork" else both_children_fail_apart_from_the_timing_line
    with kernel(method, tmp_path) as client:
        cell = run_cell(client, SCRIPT, done=expected)
    assert expected(*cell), cell


@pytest.mark.parametrize("method", START_METHODS)
def test_importing_main_from_the_file_shows_every_line_in_the_cell(method, tmp_path):
    with kernel(method, tmp_path) as client:
        assert works(*run_cell(client, "from main_multiprocessing import main\nmain()"))


@pytest.mark.parametrize("method", START_METHODS)
def test_a_second_run_fails_on_spec_before_any_child_starts_except_under_fork(method, tmp_path):
    def done(out, err, raised):
        return raised or works(out, err, raised)

    with kernel(method, tmp_path) as client:
        first, (out, err, raised) = [run_cell(client, "%run main_multiprocessing.py", done) for _ in range(2)]
    assert works(*first), first
    if method == "fork":
        assert works(out, err, raised), (out, err, raised)
    else:
        assert not out + err and len(raised) == 1 and "__spec__" in raised[0] and f"`{raised[0]}`" in TROUBLESHOOTING, \
            raised


@pytest.mark.parametrize("method", START_METHODS)
@pytest.mark.parametrize("way", ["%run -m main_multiprocessing", "!python main_multiprocessing.py"])
def test_a_second_run_works(way, method, tmp_path):
    with kernel(method, tmp_path) as client:
        assert all(works(*run_cell(client, way)) for _ in range(2))
