"""What the README and TROUBLESHOOTING.md show and give to type is true, and every link leads somewhere."""
import os
import re
import shlex
import sys
import sysconfig

import pytest

from runs import FINISHED, PYTHON, ROOT, STARTED, harness, run, shape

FENCED = re.compile(r"^ *```[^\n]*\n(.*?)^ *```", re.M | re.S)
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = ["README.md", "TROUBLESHOOTING.md", "tests/README.md", "tests/benchmark/README.md"]
PROSE = "\n".join(FENCED.sub("", (ROOT / page).read_text(encoding="utf-8")) for page in PAGES[:2])


def samples(kind):
    """The README's sample outputs of the script whose workers are KIND ("process" or "thread")."""
    return [block for block in FENCED.findall(README) if f"Starting {kind}: " in block]


def test_the_readme_shows_both_scripts_output_and_the_pid_experiments():
    assert len(samples("process")) == 2 and len(samples("thread")) == 1


@pytest.mark.parametrize("sample", samples("process"))
def test_a_process_sample_shows_two_new_pids_each_finishing_with_the_pid_it_started_with(sample):
    script_pid = re.findall(r"^Script PID: (\d+)$", sample, re.M)  # the PID experiment's extra line
    started = [pid for name, pid in STARTED.findall(sample)]
    assert shape(re.sub(r"Script PID: \d+", "", sample)) == "SSFFT", sample
    assert len(set(started)) == 2 and sorted(FINISHED.findall(sample)) == sorted(started), sample
    assert not set(script_pid) & set(started), sample


def test_the_thread_sample_shows_one_pid_on_all_four_lines():
    sample = samples("thread")[0]
    assert shape(sample) == "SSFFT" and len(set(re.findall(r"PID: (\d+)", sample))) == 1, sample


# What each one-liner of the pages' text prints, by a piece of the command.
FREE_THREADED = sysconfig.get_config_var("Py_GIL_DISABLED")  # a build without the GIL
PRINTS = {
    "get_time(kill_time)": r"Time taken by kill_time: \d+\.\d{4} seconds",
    "os.cpu_count()": str(os.cpu_count()),
    # The defaults the page gives: spawn on Windows and macOS; on Linux fork, and forkserver from 3.14.
    "get_start_method()": "spawn" if sys.platform in ("win32", "darwin") else
                          "fork" if sys.version_info < (3, 14) else "forkserver",
    "getswitchinterval()": r"0\.005",
    "_is_gil_enabled()": str(not FREE_THREADED),
    "-VV": r"(?s).*free-threading build.*" if FREE_THREADED else r"(?s)(?!.*free-threading build).*",
}
ONE_LINERS = [span.replace("\n", " ") for span in re.findall(r"`(python -c [^`]+|python -VV)`", PROSE)]


@pytest.mark.parametrize("command", ONE_LINERS)
def test_the_pages_one_liner_prints_what_they_say(command, tmp_path):
    expected = [output for piece, output in PRINTS.items() if piece in command]
    assert len(expected) == 1, f"no expected output for: {command}"
    if "_is_gil_enabled" in command and sys.version_info < (3, 13):
        pytest.skip("sys._is_gil_enabled() is new in Python 3.13")
    status, out, errors = run([PYTHON, *shlex.split(command)[1:]], harness(tmp_path))  # kill_time() does no work here
    assert status == 0 and re.fullmatch(expected[0], out.strip()), out + errors


def test_the_readmes_pid_command_runs_test_pids_and_nothing_else():
    command = re.search(r"`(python -m pytest tests/\S+)`", README)[1]
    status, out, errors = run([PYTHON, *shlex.split(command)[1:], "--collect-only", "-q", "-p", "no:cacheprovider"],
                              {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    collected = re.findall(r"^(tests/\S+)::", out, re.M)
    assert collected and set(collected) == {"tests/test_pids.py"}, out + errors


def anchors(page):
    """The anchors GitHub makes of PAGE's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", FENCED.sub("", page.read_text(encoding="utf-8")), re.M)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("page", PAGES)
def test_every_link_leads_to_a_file_and_heading_in_the_repository(page):
    text = FENCED.sub("", (ROOT / page).read_text(encoding="utf-8"))
    assert "../shared" not in text and "/work/" not in text, f"{page} names a path outside the repository"
    for target in re.findall(r"\]\((?!https://)([^)\s]+)\)", text):
        path, _, anchor = target.partition("#")
        found = (ROOT / page).parent.joinpath(path).resolve() if path else ROOT / page
        assert found.exists() and ROOT in [found, *found.parents], f"{page} links to a missing file: {target}"
        assert not anchor or anchor in anchors(found), f"{page} links to a missing heading: {target}"


def test_the_readme_is_at_most_800_words_outside_code():
    words = len(FENCED.sub("", README).split())
    assert words <= 800, f"README.md has {words} words outside code: move detail to TROUBLESHOOTING.md"
