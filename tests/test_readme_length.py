"""The README is the lesson, something a reader finishes: what other places need lives in TROUBLESHOOTING.md."""
from readme_text import FENCED, README

MAX_WORDS = 800  # outside the fenced blocks of code and output, counted as `wc -w` counts


def test_the_readme_is_at_most_800_words_outside_code():
    words = len(FENCED.sub("", README).split())
    assert words <= MAX_WORDS, f"README.md has {words} words outside code; move detail to TROUBLESHOOTING.md and link it"
