"""Ctrl-C in a terminal, as TROUBLESHOOTING.md describes it: tracebacks, and threads that still finish.

The terminal sends Ctrl-C to every process of the run. The workers are held
in kill_time() until the test lets them go (see harness/sitecustomize.py), so
Ctrl-C always lands while they work, as it would in a reader's two-second run.
"""
import signal
import sys
import time

import pytest

from script_runner import (MULTIPROCESSING, ROOT, START_METHODS, THREADING, hold, needs_a_terminal, parse_output,
                           press_ctrl_c, run_in_terminal, script_env)


# A shell's background job (`pytest &` without job control) starts with Ctrl-C ignored, and passes that on.
pytestmark = pytest.mark.skipif(signal.getsignal(signal.SIGINT) == signal.SIG_IGN,
                                reason="Ctrl-C (SIGINT) is ignored in this run, as in a shell's background job")


def both_started(text: str) -> bool:
    return text.count("Starting ") == 2


@needs_a_terminal
@pytest.mark.parametrize("method", START_METHODS)
def test_ctrl_c_stops_the_script_and_both_children_each_with_a_traceback_and_no_line_after(method, tmp_path):
    setting, _ = hold(tmp_path)  # never let go: only Ctrl-C ends these workers
    shown = run_in_terminal([MULTIPROCESSING.file], ROOT, script_env(method, setting, unbuffered=False),
                            reactions=[(both_started, press_ctrl_c)])
    output = parse_output(shown.stdout, MULTIPROCESSING.kind)
    assert shown.stdout.count("Traceback (most recent call last)") == 3, shown.transcript
    assert shown.stdout.count("KeyboardInterrupt") == 3, shown.transcript
    assert output.finished == [] and output.timings == [], shown.transcript


@needs_a_terminal
def test_ctrl_c_stops_the_main_thread_with_a_traceback_but_both_threads_run_on_and_finish(tmp_path):
    setting, go_on = hold(tmp_path)
    pressed = []

    def ctrl_c(popen):
        press_ctrl_c(popen)
        pressed.append(time.monotonic())

    # The threads go on once the traceback shows, or half a second after Ctrl-C: the kernel may hand
    # the signal to a worker thread, and then Python raises KeyboardInterrupt only once the join() returns.
    shown = run_in_terminal([THREADING.file], ROOT, script_env(None, setting, unbuffered=False),
                            reactions=[(both_started, ctrl_c),
                                       (lambda text: "KeyboardInterrupt" in text or time.monotonic() > pressed[0] + 0.5,
                                        lambda _: go_on.touch())])
    output = parse_output(shown.stdout, THREADING.kind)
    assert shown.stdout.count("Traceback (most recent call last)") == 1, shown.transcript
    assert "KeyboardInterrupt" in shown.stdout and output.timings == [], shown.transcript
    # Up to 3.12 an interrupted join() can stop Python waiting for Thread_1, whose line may then be lost.
    finishing = (2,) if sys.version_info >= (3, 13) else (1, 2)
    assert len(output.finished) in finishing, shown.transcript
