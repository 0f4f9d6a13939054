"""A closed terminal (SIGHUP) or a cancelled job (SIGTERM) ends a test run as Ctrl-C does: nothing it started stays.

See signal_trial.py for the run and how what it leaves is found.
"""


def test_a_signalled_test_run_leaves_no_process_behind(signal_trial):
    assert signal_trial.reached == "a script's children in IDLE", signal_trial.transcript
    # Under fork those children never end by themselves: only the run's clean-up can end them.
    assert signal_trial.left_behind == (), signal_trial.transcript
