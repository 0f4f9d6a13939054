"""Every link a reader follows from the README leads somewhere, and nowhere outside the repository.

The README sends readers to TROUBLESHOOTING.md by symptom, to the tests and to
the benchmark's page: a renamed heading or file would leave a reader at a dead
end, and a path outside the repository exists only on the maintainers' machines.
"""
import re
from pathlib import Path
from typing import List

import pytest

from readme_text import FENCED
from script_runner import ROOT

READER_PAGES = ["README.md", "TROUBLESHOOTING.md", "tests/README.md", "tests/benchmark/README.md"]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(page: Path) -> List[str]:
    """The anchors GitHub makes for PAGE's headings: lower case, punctuation dropped, spaces as hyphens."""
    made = []
    for heading in re.findall(r"^#+ (.+)$", FENCED.sub("", page.read_text(encoding="utf-8")), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        made.append(slug if slug not in made else f"{slug}-{made.count(slug)}")
    return made


def links(page: str) -> List[str]:
    return [target for target in LINK.findall(FENCED.sub("", (ROOT / page).read_text(encoding="utf-8")))
            if not target.startswith(("http://", "https://"))]


@pytest.mark.parametrize("page", READER_PAGES)
def test_every_link_leads_to_a_file_and_heading_inside_the_repository(page):
    for target in links(page):
        path, _, anchor = target.partition("#")
        resolved = ((ROOT / page).parent / path).resolve() if path else ROOT / page
        assert ROOT in resolved.parents or resolved == ROOT, f"{page} links outside the repository: {target}"
        assert resolved.exists(), f"{page} links to a missing file: {target}"
        if anchor:
            assert anchor in anchors(resolved), f"{page} links to a missing heading: {target}"


@pytest.mark.parametrize("page", READER_PAGES)
def test_no_reader_page_names_a_path_outside_the_repository(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert "../shared" not in text and "/work/" not in text, f"{page} names a path a clone does not have"
