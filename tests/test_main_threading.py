"""main_threading.py does what the tutorial says: two named threads inside one process."""
import pytest

from conftest import assert_one_timing_line_after_both_finish, parse_output, run_script


@pytest.fixture
def output(threading_run):
    return parse_output(threading_run.stdout, kind="thread")


def test_script_exits_cleanly_with_nothing_on_stderr(threading_run):
    assert threading_run.returncode == 0, threading_run.transcript
    assert threading_run.stderr == "", threading_run.transcript


def test_output_holds_only_the_tutorials_lines(threading_run, output):
    assert output.unrecognised == "", threading_run.transcript


def test_thread_1_and_thread_2_each_start_once(threading_run, output):
    assert output.started_names == ["Thread_1", "Thread_2"], threading_run.transcript


def test_threads_share_the_scripts_own_pid(threading_run, output):
    pids = output.started_pids + output.finished_pids
    assert pids == [threading_run.pid] * 4, threading_run.transcript


def test_timing_line_comes_once_after_both_threads_finish(threading_run, output):
    assert_one_timing_line_after_both_finish(threading_run, output)


@pytest.mark.parametrize("slow_worker", ["Thread_1", "Thread_2"])
def test_timing_waits_for_the_slower_thread_whichever_it_is(slow_worker, reader_dir):
    run = run_script("main_threading.py", reader_dir, slow_worker=slow_worker)
    assert_one_timing_line_after_both_finish(run, parse_output(run.stdout, kind="thread"))


def test_every_timestamp_is_hh_mm_ss(threading_run, output):
    well_formed = len(output.started) + len(output.finished)
    assert output.timestamps_mentioned == well_formed == 4, threading_run.transcript
