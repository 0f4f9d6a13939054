"""What both scripts do alike: two named workers, well-formed lines, and one timing once both are done.

Each test runs against main_multiprocessing.py under every start method the
platform offers (fork, spawn and forkserver on Linux) and against
main_threading.py. spawn is what macOS and Windows readers get by default, and
forkserver is Linux's default from Python 3.14: under both, each child imports
the script again, which only works thanks to the `__main__` guard and the
top-level worker function.
"""
import pytest

from script_runner import (MULTIPROCESSING, ROOT, START_METHODS, THREADING, assert_both_started_before_either_finished,
                           assert_one_timing_line_after_both_finish, meet, needs_a_terminal, parse_output,
                           run_in_terminal, script_env)


def test_script_exits_cleanly_with_nothing_on_stderr(any_run):
    assert any_run.run.returncode == 0, any_run.run.transcript
    assert any_run.run.stderr == "", any_run.run.transcript


def test_output_holds_only_the_tutorials_lines(any_run):
    assert any_run.output.unrecognised == "", any_run.run.transcript


def test_each_named_worker_starts_once(any_run):
    assert any_run.output.started_names == sorted(any_run.script.workers), any_run.run.transcript


def test_every_timestamp_is_hh_mm_ss(any_run):
    output = any_run.output
    well_formed = len(output.started) + len(output.finished)
    assert output.timestamps_mentioned == well_formed == 4, any_run.run.transcript


def test_timing_line_comes_once_after_both_workers_finish(any_run):
    assert_one_timing_line_after_both_finish(any_run.output, any_run.run.transcript)


def test_timing_waits_for_the_slower_worker_whichever_it_is(slow_run):
    # Without a forced order, a missing join() only shows when the unjoined
    # worker happens to finish last; see tests/harness/sitecustomize.py.
    assert_one_timing_line_after_both_finish(slow_run.output, slow_run.run.transcript)


@needs_a_terminal
@pytest.mark.parametrize("script, method", [*((MULTIPROCESSING, method) for method in START_METHODS), (THREADING, None)],
                         ids=[*(f"processes-{method}" for method in START_METHODS), "threads"])
def test_in_a_terminal_each_line_shows_as_it_is_printed(script, method, tmp_path):
    # The workers wait for each other (see harness/sitecustomize.py), so lines
    # shown as printed must read: both Starting, both Finished, then the time.
    # No PYTHONUNBUFFERED: a terminal needs none.
    shown = run_in_terminal([str(ROOT / script.file)], tmp_path, script_env(method, meet(tmp_path), unbuffered=False))
    assert shown.returncode == 0, shown.transcript
    output = parse_output(shown.stdout, script.kind)
    assert output.unrecognised == "", shown.transcript
    assert_both_started_before_either_finished(output, shown.transcript)
