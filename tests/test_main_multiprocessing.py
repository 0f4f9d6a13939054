"""main_multiprocessing.py does what the tutorial says, under every start method.

Each test runs once per start method the platform offers (fork, spawn and
forkserver on Linux). spawn is what macOS and Windows readers get by default,
and forkserver is Linux's default from Python 3.14; under both, the child
re-imports the script, which only works thanks to the `__main__` guard and the
top-level worker function.
"""
import multiprocessing

import pytest

from conftest import assert_one_timing_line_after_both_finish, parse_output, run_python, run_script, script_env


@pytest.fixture
def output(multiprocessing_run):
    return parse_output(multiprocessing_run.stdout, kind="process")


@pytest.mark.parametrize("method", multiprocessing.get_all_start_methods())
def test_the_tests_really_switch_start_method(method, reader_dir):
    probe = run_python(["-c", "import multiprocessing as mp; print(mp.get_start_method())"],
                       reader_dir, script_env(method))
    assert probe.stdout.strip() == method, probe.transcript


def test_script_exits_cleanly_with_nothing_on_stderr(multiprocessing_run):
    assert multiprocessing_run.returncode == 0, multiprocessing_run.transcript
    assert multiprocessing_run.stderr == "", multiprocessing_run.transcript


def test_output_holds_only_the_tutorials_lines(multiprocessing_run, output):
    assert output.unrecognised == "", multiprocessing_run.transcript


def test_process_1_and_process_2_each_start_once(multiprocessing_run, output):
    assert output.started_names == ["Process_1", "Process_2"], multiprocessing_run.transcript


def test_processes_have_distinct_pids(multiprocessing_run, output):
    assert len(set(output.started_pids)) == 2, multiprocessing_run.transcript


def test_worker_pids_differ_from_the_scripts_own_pid(multiprocessing_run, output):
    assert multiprocessing_run.pid not in output.started_pids, multiprocessing_run.transcript


def test_each_process_finishes_with_the_pid_it_started_with(multiprocessing_run, output):
    assert len(output.started) == 2, multiprocessing_run.transcript
    assert output.finished_pids == output.started_pids, multiprocessing_run.transcript


def test_timing_line_comes_once_after_both_processes_finish(multiprocessing_run, output):
    assert_one_timing_line_after_both_finish(multiprocessing_run, output)


@pytest.mark.parametrize("slow_worker", ["Process_1", "Process_2"])
def test_timing_waits_for_the_slower_process_whichever_it_is(slow_worker, reader_dir):
    run = run_script("main_multiprocessing.py", reader_dir, slow_worker=slow_worker)
    assert_one_timing_line_after_both_finish(run, parse_output(run.stdout, kind="process"))


def test_every_timestamp_is_hh_mm_ss(multiprocessing_run, output):
    well_formed = len(output.started) + len(output.finished)
    assert output.timestamps_mentioned == well_formed == 4, multiprocessing_run.transcript
