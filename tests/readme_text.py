"""README.md and TROUBLESHOOTING.md as the tests read them: samples, commands and quoted errors.

README.md is the lesson; TROUBLESHOOTING.md, which it links, answers for every
other place. Commands and quoted errors are looked for in both.
"""
import re
from typing import List, Tuple

from script_runner import ROOT, Script

README = (ROOT / "README.md").read_text(encoding="utf-8")
TROUBLESHOOTING = (ROOT / "TROUBLESHOOTING.md").read_text(encoding="utf-8")
PAGES = README + "\n" + TROUBLESHOOTING
# A fenced block, at the margin or indented in a list item; the text between its fences.
FENCED = re.compile(r"^ *```[^\n]*\n(.*?)^ *```", re.M | re.S)


def commands_with(text: str) -> List[str]:
    """Every line of the pages' fenced blocks that holds TEXT: the commands they give for one purpose."""
    return [line.strip() for block in FENCED.findall(PAGES) for line in block.splitlines() if text in line]


def inline_commands(program: str = "python -c ") -> List[str]:
    """Every command in the pages' running text (not their fenced blocks) that starts with PROGRAM."""
    prose = FENCED.sub("", PAGES)
    spans = (span.replace("\n", " ") for span in re.findall(r"`([^`]+)`", prose))
    return [span for span in spans if span.startswith(program)]


def sample_outputs(script: Script) -> List[str]:
    """Every fenced block of the README that is the output of SCRIPT: it has its Starting lines and a timing.

    The output of the PID experiment's copy, which prints one more line, is not one of them.
    """
    return [block for block in FENCED.findall(README)
            if f"Starting {script.kind}: " in block and "Time taken by main" in block and SCRIPT_PID not in block]


SCRIPT_PID = "Script PID: "  # the line the README's first experiment adds to a copy of the script


def pid_experiment_outputs() -> List[str]:
    """Every fenced block of the README that is the output of the PID experiment's copy."""
    return [block for block in FENCED.findall(README) if SCRIPT_PID in block]


# "- Python 3.9 to 3.11: `AttributeError: ...`" or "- Python 3.14 and later: `AttributeError: ...`"
VERSIONED_QUOTE = re.compile(r"Python 3\.(\d+)(?: to 3\.(\d+)| and later): `(\w+): ([^`]+)`")


def quoted_messages(exception: str) -> List[Tuple[str, range]]:
    """Each message of EXCEPTION the pages quote, with the Python 3 minor versions they say print it."""
    return [(message, range(int(first), int(last or 99) + 1))
            for first, last, name, message in VERSIONED_QUOTE.findall(PAGES) if name == exception]


def versions_printing(output: str, exception: str) -> range:
    """The versions the pages give for the message of EXCEPTION found in OUTPUT; fails if it quotes none there.

    Looks for the message itself, not its whole line: Python writes the message
    in one piece, but when two processes fail at once the other's output can
    land between "AttributeError" and ": ", so the line may not be whole.
    """
    assert f"{exception}" in output, output
    found = [versions for message, versions in quoted_messages(exception) if message in output]
    assert len(found) == 1, (f"expected one of the pages' wordings of {exception} "
                             f"{quoted_messages(exception)} in:\n{output}")
    return found[0]
