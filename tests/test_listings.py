"""Each script is the tutorial's listing, token for token: only comments and blank lines may differ.

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


def code_tokens(source):
    """Every token but comments and blank lines, each with the line it is on."""
    skipped = {tokenize.COMMENT, tokenize.NL}
    return [(token.string, token.line.rstrip()) for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type not in skipped]


def test_the_three_listings_are_there():
    assert sorted(LISTINGS) == ["main_multiprocessing.py", "main_threading.py", "time_utils.py"]


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_the_script_is_the_tutorials_listing(name):
    listing = code_tokens(LISTINGS[name])
    script = code_tokens((ROOT / name).read_text(encoding="utf-8"))
    for (wanted, listing_line), (found, script_line) in zip(listing, script):
        assert found == wanted, (f"{name} differs from the tutorial at {found!r}:\n"
                                 f"  tutorial: {listing_line}\n  {name}: {script_line}")
    assert len(script) == len(listing), f"{name} has {len(script) - len(listing):+d} tokens more than the tutorial"
