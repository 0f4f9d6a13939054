"""Who was running when: read from the slice end times of sliced_kill_time(), drawn as text.

Every slice is the same amount of work. A slice that took about as long as
the worker's quickest slices ran without a break; one that took much longer
contains a wait (for the GIL, or for a core), and is counted as not running.
That errs towards "not running", so it can only understate how much two
workers ran at the same moment, never invent it.
"""
import bisect
import statistics
import sys
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from benchmark_workloads import WorkerReport

# A slice up to this many times the worker's usual quick slice still counts as running.
RUNNING_SLICE_FACTOR = 2.0
BLOCKS = " ▁▂▃▄▅▆▇█"  # how much of a column the worker was running: none ... all
ASCII_BLOCKS = " .:-=+*#@"  # the same, for a terminal that cannot show the blocks
INDENT = "  "  # before each row, as in the report's tables

Interval = Tuple[float, float]


def running_intervals(report: WorkerReport) -> List[Interval]:
    """The stretches of time in which the worker was running, merged."""
    bounds = [report.started, *report.slice_ends]
    durations = [end - start for start, end in zip(bounds, bounds[1:])]
    if not durations:
        return []
    # The tenth percentile, not the minimum: one freak reading must not make every other slice "slow".
    quick = statistics.quantiles(durations, n=10)[0] if len(durations) >= 10 else min(durations)
    limit = RUNNING_SLICE_FACTOR * quick
    merged: List[List[float]] = []
    for start, end, duration in zip(bounds, bounds[1:], durations):
        if duration > limit:
            continue
        if merged and merged[-1][1] == start:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def overlap(a: Sequence[Interval], b: Sequence[Interval]) -> float:
    """Seconds covered by both lists of sorted, disjoint intervals."""
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class Concurrency:
    """How two workers' running time lined up."""

    together: float  # seconds in which both workers were alive
    both_running: float  # seconds in which both were running

    @property
    def share(self) -> float:
        """Of the time both were alive, the part in which both ran: 0 = strictly in turn, 1 = side by side."""
        return self.both_running / self.together if self.together > 0 else 0.0


def alive_together(reports: Sequence[WorkerReport]) -> float:
    """Seconds in which all of REPORTS' workers were between the start and the end of their task."""
    return max(0.0, min(r.ended for r in reports) - max(r.started for r in reports))


def concurrency(first: WorkerReport, second: WorkerReport) -> Concurrency:
    return Concurrency(alive_together([first, second]), overlap(running_intervals(first), running_intervals(second)))


def running_share(intervals: Sequence[Interval], ends: Sequence[float], start: float, end: float) -> float:
    """The part of [START, END) covered by INTERVALS, whose end times are ENDS."""
    # Only the intervals from the first that ends after START to the first that ends at or after END can touch it.
    nearby = intervals[bisect.bisect_right(ends, start):bisect.bisect_left(ends, end) + 1]
    return overlap(nearby, [(start, end)]) / (end - start)


def blocks_for(stream=None) -> str:
    """The block characters, or plain ASCII where STREAM's encoding cannot show them."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "ascii"
    try:
        BLOCKS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return ASCII_BLOCKS
    return BLOCKS


def timeline_rows(rows: Sequence[Tuple[str, WorkerReport]], start: float, end: float, columns: int,
                  label_width: int, blocks: str = BLOCKS) -> List[str]:
    """One line per worker: LABEL, then COLUMNS characters for [START, END), each as full as the worker ran."""
    width = (end - start) / columns
    lines = []
    for label, report in rows:
        intervals = running_intervals(report)
        ends = [interval_end for _, interval_end in intervals]
        cells = []
        for column in range(columns):
            share = running_share(intervals, ends, start + column * width, start + (column + 1) * width)
            cells.append(blocks[round(share * (len(blocks) - 1))])
        lines.append(f"{INDENT}{label:<{label_width}} |{''.join(cells)}|")
    return lines


def scale_line(start: float, end: float, columns: int, label_width: int) -> str:
    """A ruler under the rows: 0 at the left edge, the span in ms or s at the right."""
    span = end - start
    right = f"{span * 1000:.0f} ms" if span < 1 else f"{span:.2f} s"
    return f"{INDENT}{'':<{label_width}} 0{right:>{columns + 1}}"


def columns_for(width: int, labels: Sequence[str], most: int = 120, fewest: int = 20) -> int:
    """How many columns a timeline can have in a terminal WIDTH wide: what its labels and frame leave, within bounds."""
    frame = len(INDENT) + max(map(len, labels)) + len(" ||")
    return max(fewest, min(most, width - frame))


def draw(rows: Sequence[Tuple[str, Sequence[WorkerReport]]], width: int, window: Optional[Interval] = None,
         blocks: str = BLOCKS) -> List[str]:
    """Each group of workers on one time scale from the group's first start, fitted to a terminal WIDTH wide.

    ROWS: (kind, reports) per group, such as ("process", ...); each worker is
    labelled with its kind and number. WINDOW, if given, is (offset, length)
    in seconds from each group's start: a zoom.
    """
    labelled = [[(f"{kind} {number}", report) for number, report in enumerate(reports, 1)] for kind, reports in rows]
    labels = [label for group in labelled for label, _ in group]
    label_width = max(map(len, labels))
    columns = columns_for(width, labels)
    spans = [max(r.ended for _, r in group) - min(r.started for _, r in group) for group in labelled]
    offset, length = window if window else (0.0, max(spans))
    lines = []
    for group in labelled:
        origin = min(r.started for _, r in group) + offset
        lines += timeline_rows(group, origin, origin + length, columns, label_width, blocks)
    lines.append(scale_line(0, length, columns, label_width))
    return lines
