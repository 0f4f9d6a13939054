"""The threads again, with the GIL switched back on: run by the benchmark on a free-threaded build.

    python -X gil=1 tests/benchmark/benchmark_gil_on.py ROUNDS

A free-threaded build cannot switch its GIL on from inside a running
process, so the benchmark starts this file in a child with -X gil=1 (as a
reader would run main_threading.py) and reads the JSON it prints: whether the
GIL was on, ROUNDS rounds of one kill_time() call and of two threads of it,
and the timeline's two threads.
"""
import dataclasses
import json
import sys
from pathlib import Path
from typing import Dict

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE)]  # time_utils, and benchmark_workloads beside this file

import benchmark_workloads as bw  # noqa: E402
from time_utils import kill_time  # noqa: E402

CASES = [bw.Case("1 call", lambda: bw.workers_run(lambda: bw.in_turn(kill_time, count=1))),
         bw.Case("2 threads", lambda: bw.workers_run(lambda: bw.in_threads(kill_time)))]


def main(rounds: int) -> Dict[str, object]:
    timings = bw.measure(CASES, rounds)
    timeline = bw.in_threads(bw.sliced_kill_time)
    return {"gil_enabled": bw.gil_enabled(),
            "runs": {label: [dataclasses.asdict(run) for run in timing.runs] for label, timing in timings.items()},
            "timeline": [dataclasses.asdict(report) for report in timeline]}


if __name__ == "__main__":
    json.dump(main(int(sys.argv[1])), sys.stdout)
