"""The README is something a reader finishes: the detail lives beside the code, linked."""
from readme_text import README

MAX_WORDS = 1200  # as `wc -w` counts them


def test_the_readme_is_at_most_1200_words():
    words = len(README.split())
    assert words <= MAX_WORDS, f"README.md has {words} words; move detail beside the code it describes and link it"
