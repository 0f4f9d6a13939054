"""Each script is the tutorial's listing, line for line: only comments and blank lines may differ.

Readers put a script beside the tutorial and compare them line by line, so any
other change, even a quote mark, is a defect. The listings are copied in
tutorial_listings.md.
"""
import io
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = dict(re.findall(r"^## `(\w+\.py)`\n\n```python\n(.*?)^```", (ROOT / "tests" / "tutorial_listings.md")
                           .read_text(encoding="utf-8"), re.M | re.S))


def code_lines(source):
    """SOURCE's lines of code, each with its number: comments and blank lines left out."""
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return [(number, line.rstrip()) for number, line in enumerate(lines, 1) if line.strip()]


def test_the_three_listings_are_there():
    assert sorted(LISTINGS) == ["main_multiprocessing.py", "main_threading.py", "time_utils.py"]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_the_script_is_the_tutorials_listing(name):
    listing = [line for _, line in code_lines(LISTINGS[name])]
    script = code_lines((ROOT / name).read_text(encoding="utf-8"))
    for wanted, (number, found) in zip(listing, script):
        assert found == wanted, f"{name}, line {number}, differs from the tutorial:\n  {wanted}  (tutorial)\n  {found}"
    assert len(script) == len(listing), f"{name} has {len(script)} lines of code, the tutorial {len(listing)}"
