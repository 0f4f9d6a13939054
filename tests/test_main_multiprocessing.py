"""main_multiprocessing.py runs its workers as separate processes, under every start method."""
import re

import pytest

from script_runner import MULTIPROCESSING, ROOT, START_METHODS, run_python, script_env


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


def run_redirected(method, cwd, *flags):
    """`python FLAGS main_multiprocessing.py > out.txt`: output to a pipe, PYTHONUNBUFFERED unset."""
    return run_python([*flags, str(ROOT / MULTIPROCESSING.file)], cwd,
                      script_env(method, quick_workers=True, unbuffered=False))


def assert_each_process_lines_come_together(run):
    # A child that writes to no terminal buffers its output and writes it all
    # when it exits, so its Starting and Finished lines arrive together.
    pairs = re.findall(r"^Starting process: (\w+), PID: (\d+), Timestamp: \S+\n"
                       r"Finished process: PID: \2, Timestamp: \S+\n", run.stdout, re.M)
    assert sorted(name for name, _ in pairs) == ["Process_1", "Process_2"], run.transcript
    lines = run.stdout.splitlines()
    assert len(lines) == 5 and lines[-1].startswith("Time taken by main: "), run.transcript


@pytest.mark.parametrize("method", START_METHODS)
def test_redirected_output_comes_out_one_process_at_a_time(method, reader_dir):
    assert_each_process_lines_come_together(run_redirected(method, reader_dir))


@pytest.mark.parametrize("method", [method for method in START_METHODS if method != "fork"])
def test_python_dash_u_does_not_unbuffer_children_that_start_a_fresh_interpreter(method, reader_dir):
    # -u is not passed on to the interpreters spawn and forkserver start, while
    # PYTHONUNBUFFERED, an environment variable, is: so the README recommends that.
    assert_each_process_lines_come_together(run_redirected(method, reader_dir, "-u"))
