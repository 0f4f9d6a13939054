"""What a reader sees who opens a script in IDLE and presses F5 (Run Module).

In a real IDLE, its two processes and the socket between them, under a
virtual display where there is no real one (see idle_runner.py). kill_time()
is swapped for nothing, so a run that has not finished in a fraction of a
second is not slow but stuck. IDLE's execution process hands the script's
print() to the Shell window over its socket, with a thread that a child
process does not have: so what the children print never reaches the Shell.
"""

import pytest

from idle_runner import SCRIPT_RESTART, SHELL_RESTART, blocked
from script_runner import MULTIPROCESSING, START_METHODS, THREADING, parse_output


def idle_params(*methods):
    """idle_run's parameters for these start methods; one this platform lacks is there, and skips."""
    return [pytest.param((MULTIPROCESSING, method), id=f"processes-{method}",
                         marks=pytest.mark.skipif(method not in START_METHODS,
                                                  reason=f"no start method {method!r} on this platform"))
            for method in methods]


@pytest.mark.parametrize("idle_run", idle_params("fork"), indirect=True)
def test_under_fork_the_run_never_ends_because_both_children_are_blocked(idle_run):
    assert not idle_run.finished, idle_run.transcript
    assert SCRIPT_RESTART.search(idle_run.shell), idle_run.transcript
    # Nothing after F5's RESTART line, and no worker's line in IDLE's own output either.
    assert not idle_run.shown_after_f5.strip(), idle_run.transcript
    assert not parse_output(idle_run.stdout, "process").started, idle_run.transcript
    # Both children alive, asleep and using no CPU over half a second, with nothing left to do.
    after = {child.pid: child for child in idle_run.children_after}
    assert len(idle_run.children_before) == 2, idle_run.transcript
    assert all(blocked(child, after.get(child.pid)) for child in idle_run.children_before), idle_run.transcript


@pytest.mark.parametrize("idle_run", idle_params("fork"), indirect=True)
def test_restart_shell_frees_the_shell_but_the_blocked_children_stay(idle_run):
    assert SHELL_RESTART in idle_run.shell_after_restart, idle_run.transcript
    assert sorted(idle_run.alive_after_restart) == sorted(c.pid for c in idle_run.children_before), \
        idle_run.transcript


@pytest.mark.parametrize("idle_run", idle_params("spawn", "forkserver"), indirect=True)
def test_under_spawn_and_forkserver_the_shell_shows_only_the_timing_line(idle_run):
    assert idle_run.finished, idle_run.transcript
    shown = parse_output(idle_run.shown_after_f5, "process")
    assert not shown.started and not shown.finished, idle_run.transcript
    assert [m["name"] for m in shown.timings] == ["main"] and not shown.unrecognised, idle_run.transcript


@pytest.mark.parametrize("idle_run", idle_params("spawn", "forkserver"), indirect=True)
def test_under_spawn_and_forkserver_the_childrens_lines_go_to_idles_own_output(idle_run):
    printed = parse_output(idle_run.stdout, "process")
    assert printed.started_names == ["Process_1", "Process_2"], idle_run.transcript
    assert printed.finished_pids == printed.started_pids, idle_run.transcript


@pytest.mark.parametrize("idle_run", [pytest.param((THREADING, None), id="threads")], indirect=True)
def test_threads_show_every_line_in_the_shell(idle_run):
    assert idle_run.finished, idle_run.transcript
    shown = parse_output(idle_run.shown_after_f5, "thread")
    assert shown.started_names == ["Thread_1", "Thread_2"], idle_run.transcript
    assert len(shown.finished) == 2 and not shown.unrecognised, idle_run.transcript
    assert [m["name"] for m in shown.timings] == ["main"], idle_run.transcript
    assert shown.timings[0].start() > max(m.end() for m in shown.finished), idle_run.transcript


@pytest.mark.parametrize("idle_run", [pytest.param((THREADING, None), id="threads")], indirect=True)
def test_a_script_in_a_folder_whose_path_has_a_space_runs_in_idle_as_any_other(idle_run):
    # The threads' run is from a copy in ".../My Projects/": see idle_run in conftest.py.
    assert idle_run.finished and "My Projects" in idle_run.shell, idle_run.transcript
    assert SCRIPT_RESTART.search(idle_run.shell).group().count("My Projects") == 1, idle_run.transcript


def test_idle_and_everything_it_started_are_gone_afterwards(idle_run):
    assert idle_run.left_behind == (), idle_run.transcript
