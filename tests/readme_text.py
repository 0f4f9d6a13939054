"""README.md as the tests read it: its sample outputs, and the error messages it quotes."""
import re
from typing import List, Tuple

from script_runner import ROOT, Script

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def commands_with(text: str) -> List[str]:
    """Every line of the README's fenced blocks that holds TEXT: the commands it gives for one purpose."""
    return [line.strip() for block in FENCED.findall(README) for line in block.splitlines() if text in line]


def inline_commands(program: str = "python -c ") -> List[str]:
    """Every command in the README's running text (not its fenced blocks) that starts with PROGRAM."""
    prose = FENCED.sub("", README)
    spans = (span.replace("\n", " ") for span in re.findall(r"`([^`]+)`", prose))
    return [span for span in spans if span.startswith(program)]


def sample_outputs(script: Script) -> List[str]:
    """Every fenced block of the README that is the output of SCRIPT: it has its Starting lines and a timing."""
    return [block for block in FENCED.findall(README)
            if f"Starting {script.kind}: " in block and "Time taken by main" in block]


# "- Python 3.9 to 3.11: `AttributeError: ...`" or "- Python 3.14 and later: `AttributeError: ...`"
VERSIONED_QUOTE = re.compile(r"Python 3\.(\d+)(?: to 3\.(\d+)| and later): `(\w+): ([^`]+)`")


def quoted_messages(exception: str) -> List[Tuple[str, range]]:
    """Each message of EXCEPTION the README quotes, with the Python 3 minor versions it says print it."""
    return [(message, range(int(first), int(last or 99) + 1))
            for first, last, name, message in VERSIONED_QUOTE.findall(README) if name == exception]


def versions_printing(output: str, exception: str) -> range:
    """The versions the README gives for the message of EXCEPTION found in OUTPUT; fails if it quotes none there.

    Looks for the message itself, not its whole line: Python writes the message
    in one piece, but when two processes fail at once the other's output can
    land between "AttributeError" and ": ", so the line may not be whole.
    """
    assert f"{exception}" in output, output
    found = [versions for message, versions in quoted_messages(exception) if message in output]
    assert len(found) == 1, (f"expected one of the README's wordings of {exception} "
                             f"{quoted_messages(exception)} in:\n{output}")
    return found[0]
