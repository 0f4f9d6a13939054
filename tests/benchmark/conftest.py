"""Prints the benchmark's report after its tests, whether or not -s is given: their fixture leaves it in the stash."""
from benchmark_report import REPORT


def pytest_terminal_summary(terminalreporter, config):
    if REPORT in config.stash:
        terminalreporter.write_sep("=", "benchmark report")
        terminalreporter.write_line(config.stash[REPORT])
