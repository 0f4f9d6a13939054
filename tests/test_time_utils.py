"""The helpers in time_utils.py behave as the tutorial's scripts rely on."""
import re
import time
from datetime import datetime

import pytest

import time_utils
from time_utils import get_time, kill_time, timestamp


def add(a, b, *, scale=1):
    """Add two numbers, then scale."""
    return (a + b) * scale


def test_get_time_keeps_name_doc_and_wrapped():
    timed = get_time(add)
    assert timed.__name__ == "add"
    assert timed.__doc__ == "Add two numbers, then scale."
    assert timed.__wrapped__ is add


def test_get_time_passes_arguments_through_and_returns_the_result(capsys):
    assert get_time(add)(2, 3, scale=10) == 50


def test_get_time_prints_one_line_with_the_elapsed_seconds(monkeypatch, capsys):
    # A fake clock makes the figure exact: no wall-clock time is involved.
    readings = iter([10.0, 12.34567])
    monkeypatch.setattr(time_utils, "perf_counter", lambda: next(readings))
    get_time(add)(1, 1)
    assert capsys.readouterr().out == "Time taken by add: 2.3457 seconds\n"


def test_get_time_lets_an_exception_through_unchanged(capsys):
    error = ValueError("boom")

    def fail():
        raise error

    with pytest.raises(ValueError) as caught:
        get_time(fail)()
    assert caught.value is error
    assert capsys.readouterr().out == ""


@pytest.fixture
def far_from_utc(monkeypatch):
    """Put the process 14 hours east of UTC, so local time cannot be mistaken for UTC."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset() exists only on POSIX systems")
    monkeypatch.setenv("TZ", "XYZ-14")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_timestamp_is_the_current_local_time_as_hh_mm_ss(far_from_utc):
    before = datetime.now()
    stamp = timestamp()
    after = datetime.now()
    assert re.fullmatch(r"\d\d:\d\d:\d\d", stamp), stamp
    # Either side of the call, in case the second ticks over in between.
    assert stamp in {before.strftime("%H:%M:%S"), after.strftime("%H:%M:%S")}


def test_kill_time_runs_a_full_loop_of_10_to_the_8_and_returns_none(monkeypatch):
    # The real loop takes seconds. Instead, record what kill_time asks range()
    # for and hand it a short counted iterable: asking for range(10**8) once
    # and consuming all of what range() returns is exactly 10**8 iterations.
    requested, consumed = [], []

    def counting_range(*args):
        requested.append(args)
        for i in range(1000):
            consumed.append(i)
            yield i

    monkeypatch.setattr(time_utils, "range", counting_range, raising=False)
    assert kill_time() is None
    assert requested == [(10**8,)]
    assert len(consumed) == 1000
