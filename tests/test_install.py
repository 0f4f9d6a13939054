"""The ways the README's test line can fail, as TROUBLESHOOTING.md quotes them, made to happen where this machine can.

Each skips, saying why, where it cannot happen: Windows PowerShell 5.1 is on
Windows only, and only some Pythons are marked as managed by the system.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from runs import ROOT, TROUBLESHOOTING as PAGE, run

TEST_LINE = re.search(r"^python -m pip install .*$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)[0]


def test_windows_powershell_refuses_the_test_line_as_the_page_quotes():
    if shutil.which("powershell") is None:
        pytest.skip("no Windows PowerShell 5.1 here")
    # Parsed only: PowerShell reports the error before it runs any of the line.
    said = subprocess.run(["powershell", "-NoProfile", "-Command", TEST_LINE], capture_output=True, text=True,
                          timeout=120)
    quoted = re.search(r"`(The token '&&' [^`]+)`", PAGE)[1]
    assert quoted in " ".join(said.stderr.split()), said.stderr


def test_a_python_without_pip_says_no_module_named_pip(tmp_path):
    venv.create(tmp_path, with_pip=False)
    python = tmp_path / ("Scripts" if os.name == "nt" else "bin") / "python"
    status, out, errors = run([str(python), "-m", "pip", "install", "pytest"], None)
    assert status != 0 and "`No module named pip`" in PAGE and "No module named pip" in errors, errors


def test_a_python_marked_as_the_systems_refuses_pip_with_externally_managed_environment():
    marker = Path(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
    pip = importlib.util.find_spec("pip")
    if not marker.exists() or pip is None:
        pytest.skip("this Python is not marked as the system's (Debian's, Ubuntu's and Homebrew's are), "
                    "or has no pip to ask")
    # pip checks the mark outside a virtual environment only: so the base Python, with this environment's pip,
    # ignoring any setting that lifts the check (--isolated), and never installing (--dry-run, --no-index).
    status, out, errors = run([sys._base_executable, "-m", "pip", "--isolated", "install", "--dry-run", "--no-index",
                               "pytest"], {**os.environ, "PYTHONPATH": str(Path(pip.origin).parents[1])})
    assert status != 0 and "`externally-managed-environment`" in PAGE and "externally-managed-environment" in errors
