"""main_threading.py runs its workers as threads inside the script's own process."""


def test_threads_share_the_scripts_own_pid(threading_run):
    pids = threading_run.output.started_pids + threading_run.output.finished_pids
    assert pids == [threading_run.run.pid] * 4, threading_run.run.transcript
