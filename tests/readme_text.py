"""README.md as the tests read it: its sample outputs, and the error messages it quotes."""
import re
from typing import List

from script_runner import ROOT, Script

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def sample_outputs(script: Script) -> List[str]:
    """Every fenced block of the README that is the output of SCRIPT: it has its Starting lines and a timing."""
    return [block for block in FENCED.findall(README)
            if f"Starting {script.kind}: " in block and "Time taken by main" in block]


def last_error_line(text: str, exception: str) -> str:
    """The last 'EXCEPTION: message' line of a traceback in TEXT."""
    lines = [line for line in text.splitlines() if line.startswith(f"{exception}:")]
    assert lines, text
    return lines[-1]


def versions_quoted_with(message: str) -> range:
    """The Python 3 minor versions the README says print MESSAGE, read from the line that quotes it.

    The README labels each wording "Python 3.X to 3.Y" or "Python 3.X and later".
    """
    line = next((line for line in README.splitlines() if f"`{message}`" in line), None)
    assert line is not None, f"the README does not quote {message!r}"
    found = re.search(r"Python 3\.(\d+)(?: to 3\.(\d+)| and later)", line)
    assert found, f"the README quotes {message!r} without saying which Pythons print it:\n{line}"
    first, last = int(found[1]), int(found[2]) if found[2] else 99
    return range(first, last + 1)
