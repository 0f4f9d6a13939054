"""main_multiprocessing.py runs its workers as separate processes, under every start method."""
import pytest

from script_runner import START_METHODS, run_python, script_env


@pytest.mark.parametrize("method", START_METHODS)
def test_the_tests_really_switch_start_method(method, reader_dir):
    probe = run_python(["-c", "import multiprocessing as mp; print(mp.get_start_method())"],
                       reader_dir, script_env(method))
    assert probe.stdout.strip() == method, probe.transcript


def test_processes_have_distinct_pids(multiprocessing_run):
    pids = multiprocessing_run.output.started_pids
    assert len(pids) == 2 and pids[0] != pids[1], multiprocessing_run.run.transcript


def test_worker_pids_differ_from_the_scripts_own_pid(multiprocessing_run):
    pids = multiprocessing_run.output.started_pids
    assert pids and multiprocessing_run.run.pid not in pids, multiprocessing_run.run.transcript


def test_each_process_finishes_with_the_pid_it_started_with(multiprocessing_run):
    output = multiprocessing_run.output
    assert len(output.started) == 2, multiprocessing_run.run.transcript
    assert output.finished_pids == output.started_pids, multiprocessing_run.run.transcript
