"""Importing a module of this repository prints nothing and starts no process or thread.

This is what the `__main__` guard buys: a child started by spawn or forkserver
imports the script, and must not run it again.
"""
import pytest

from script_runner import ROOT, run_python, script_env

PROBE = """
import importlib, multiprocessing, threading
importlib.import_module({module!r})
print(f"threads={{threading.active_count()}} processes={{len(multiprocessing.active_children())}}")
"""


@pytest.mark.parametrize("module", ["time_utils", "main_multiprocessing", "main_threading"])
def test_importing_prints_nothing_and_starts_no_worker(module):
    probe = run_python(["-c", PROBE.format(module=module)], ROOT, script_env())
    assert probe.returncode == 0, probe.transcript
    assert probe.stdout == "threads=1 processes=0\n", probe.transcript
    assert probe.stderr == "", probe.transcript
