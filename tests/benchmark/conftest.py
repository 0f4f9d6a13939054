"""The benchmark's fixture and hooks: measure once, print the report at the end of the run."""
import shutil
import sys

import pytest

import benchmark_report
import benchmark_timeline

REPORT = pytest.StashKey[str]()
DESELECTED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def results(pytestconfig, tmp_path_factory) -> benchmark_report.Results:
    """Everything measured, once for all the benchmark's tests; the report goes to the terminal summary."""
    measured = benchmark_report.measure_everything(tmp_path_factory.mktemp("benchmark"))
    # Fitted to where pytest writes the summary: its terminal's width, or 80 columns when that is no terminal.
    blocks = benchmark_timeline.blocks_for(sys.__stdout__)
    width = shutil.get_terminal_size(fallback=(80, 24)).columns
    pytestconfig.stash[REPORT] = benchmark_report.format_report(measured, blocks, width)
    return measured


def pytest_deselected(items):
    if any(item.get_closest_marker("benchmark") for item in items):
        items[0].config.stash[DESELECTED] = True


def pytest_terminal_summary(terminalreporter, config):
    """Show the report whether or not output is captured, or say how to run the benchmark."""
    report = config.stash.get(REPORT, None)
    if report:
        terminalreporter.section("benchmark results")
        terminalreporter.write_line(report)
    ran = any(terminalreporter.stats.get(kind) for kind in ("passed", "failed", "skipped", "error"))
    if not ran and config.stash.get(DESELECTED, False):
        terminalreporter.write_line("The benchmark only runs when asked for: python -m pytest -m benchmark -s")
