"""What a word is: where a passage may begin and end in a seed, and how many words it has."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_WORD = re.compile(r"\w+")

SHORT_PASSAGE_WORDS = 4
"""A passage of fewer words than this is flagged: it proves little and may match by chance."""


@cache
def in_word(char: str) -> bool:
    """Whether ``char`` is part of a word: a letter, a digit, an underscore or a mark."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def joins(hay: str, i: int) -> bool:
    """Whether ``hay[i]`` is punctuation inside a word, as Unicode's word boundaries (UAX #29)
    have it: a point or an apostrophe between two word characters (``U.S``, ``it's``, ``1.5``),
    a comma or a colon between two digits (``90,000``, ``10:30``). Cutting there cuts the word:
    ``000 leaflets`` is not in a seed that says ``90,000 leaflets``."""
    if i <= 0 or i + 1 >= len(hay):
        return False
    char, before, after = hay[i], hay[i - 1], hay[i + 1]
    if char in ".'":
        return in_word(before) and in_word(after)
    return char in ",:" and before.isdecimal() and after.isdecimal()


def _inside(hay: str, i: int) -> bool:
    """Whether the boundary just before ``hay[i]`` lies inside a word."""
    if i <= 0 or i >= len(hay):
        return False
    return (in_word(hay[i - 1]) or joins(hay, i - 1)) and (in_word(hay[i]) or joins(hay, i))


def cut(hay: str, at: int, length: int) -> str | None:
    """Which end of the stretch of ``hay`` at ``at`` cuts a word ("starts" or "ends"), or None."""
    if _inside(hay, at):
        return "starts"
    if _inside(hay, at + length):
        return "ends"
    return None


def word_count(passage: str) -> int:
    """How many words a passage has."""
    return len(_WORD.findall(passage))


def has_words(passage: str, count: int) -> bool:
    """Whether a passage has at least ``count`` words (without counting them all)."""
    return _first_words(count).match(passage) is not None


@cache
def _first_words(count: int) -> re.Pattern[str]:
    # Possessive: a run of word characters is taken whole, never given back to be split into
    # more words, so no word boundary needs testing and a failed match ends at once.
    return re.compile(rf"(?:\W*+\w++){{{count}}}")
