"""The normalization passages and seeds are compared in: what is folded, and the offset map.

Passage matching is exact after one documented normalization that folds only what cannot change
what a passage says, and nothing more (:func:`fold`, then :func:`collapse`):

1. canonically equivalent forms alike (Unicode NFC: ``e`` + combining acute is ``é``);
2. compatibility forms of letters and digits alike with their plain letters: ligatures (``ﬁ`` is
   ``fi``), full- and halfwidth forms, Arabic presentation forms, mathematical letters and
   digits (the characters whose Unicode decomposition is tagged compat, wide, narrow, font,
   initial, medial, final or isolated and which are letters or decimal digits);
   superscripts, subscripts, fractions, circled and squared forms are *not* folded
   (``40³`` is not ``403``, ``½`` is not ``1⁄2``);
3. curly and straight quotes alike: ‘ ’ ‚ ‛ become ``'`` and “ ” „ ‟ become ``"`` (primes ′ ″
   are not quotes and stay as they are);
4. en and em dashes alike with hyphens: ‐ ‑ ‒ – — ― ⁃ become ``-``; the ellipsis … is ``...``;
5. any run of spaces becomes one space, and the text is trimmed at both ends. The spaces are
   :data:`SPACES`: the space, tab, line feed, carriage return, the no-break spaces U+00A0 and
   U+202F, the typographic spaces U+2000-U+200A and the ideographic space U+3000. Other
   separators and control characters (U+001F, the Ogham space mark U+1680, U+2028) are
   characters like any other.

Case, letters, digits and all other punctuation must match as written, and a passage must
begin and end on word boundaries of the seed (``200`` is not in ``2000``, see
:mod:`briefgen.project.words`). :func:`normalize` is the form used to check;
:func:`normalize_with_map` also maps each normalized character back to the original text, which
a :class:`~briefgen.project.seeds.Seed` keeps, lazily, so a found passage can be given a line
and column.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2043"}
_TABLE = str.maketrans({**_QUOTES, **_DASHES, "\u2026": "..."})
_REPLACEMENTS = [*_QUOTES.items(), *_DASHES.items(), ("\u2026", "...")]
SPACES = " \t\n\r\u00a0\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000"
"""The characters that count as space: a run of them is one space (see the module's step 5)."""
_SPACE_SET = frozenset(SPACES)
_NO_BREAK_SPACES = ("\u00a0", "\u202f")
_FOLDED_TAGS = frozenset(
    ("<compat>", "<wide>", "<narrow>", "<font>", "<initial>", "<medial>", "<final>", "<isolated>")
)
"""The decomposition tags of the compatibility forms that are folded (of letters and digits only)."""
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""A line break: CR LF, CR or LF (the fold never makes or takes one)."""


def normalize(text: str) -> str:
    """The normalized form of ``text`` that passages and seeds are compared in.

    A passage usually has nothing to collapse: no whitespace but single spaces inside it (every
    other space is unprintable), so it is its own result; hundreds of thousands of passages are
    normalized per check.
    """
    if not text.isascii():
        text = fold(text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return collapse(text)


def fold(text: str) -> str:
    """Steps 1-4 of the normalization: canonical and letter forms, quotes, dashes, ellipsis.

    The one definition of what is folded, used by the check, ``find``, ``add`` and the offset
    map alike. Text already in NFKC form has no compatibility form to fold (nearly every seed):
    only the few quotes and dashes are replaced, asking for each of them, which scans at memory
    speed where a regular expression would step through the text character by character.
    """
    if text.isascii():
        return text
    for space in _NO_BREAK_SPACES:  # spaces anyway; without them the text is often NFKC already
        if space in text:
            text = text.replace(space, " ")
    if not unicodedata.is_normalized("NFKC", text):
        text = _fold_forms(text)
    if not text.isascii():
        for char, replacement in _REPLACEMENTS:
            if char in text:
                text = text.replace(char, replacement)
    return text


def _fold_forms(text: str) -> str:
    """Steps 1 and 2: canonical equivalents alike, and compatibility forms of letters.

    Decomposing first lets a letter inside a precomposed character fold too (``ẛ`` is ``ſ`` and
    a dot, so it is ``ṡ``, as ``ſ`` and a combining dot are); composing last joins what was
    decomposed, and a halfwidth sound mark to its kana.
    """
    text = unicodedata.normalize("NFD", text)
    table = {ord(char): folded for char in set(text) if (folded := _letter_form(char)) is not None}
    if table:
        text = text.translate(table)
    return unicodedata.normalize("NFC", text)


@cache
def _letter_form(char: str) -> str | None:
    """The plain form of a compatibility form of a letter or digit, or None for any other."""
    tag = unicodedata.decomposition(char).split(" ", 1)[0]
    if tag not in _FOLDED_TAGS or not (unicodedata.category(char)[0] == "L" or char.isdecimal()):
        return None
    return unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char))


def collapse(text: str) -> str:
    """Step 5 of the normalization: every run of :data:`SPACES` is one space, trimmed.

    A seed is made of thousands of words; replacing each kind of space it has with a space,
    then halving runs of spaces until none is left, gives the result without making a string
    per word.
    """
    for space in SPACES[1:]:
        if space in text:
            text = text.replace(space, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def one_line(text: str) -> str:
    """``text`` with every run of :data:`SPACES` (line breaks too) as one space, trimmed."""
    return collapse(text)


def _chunks(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into runs that the fold can treat apart: a base character and its marks."""
    bounds = [0]
    for i in range(1, len(text)):
        if not attaches(text[i]):
            bounds.append(i)
    bounds.append(len(text))
    return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]


_JOINING = frozenset(map(chr, range(0x1160, 0x1200))) | frozenset(
    "\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf\u09be\u09d7\u102e\u1b35"
    "\U00011127\U0001133e\U00011357\U000114b0\U000114ba\U000114bd\U000115af\U00011930"
)
"""The characters that are not combining but can still compose with the one before them
(``tests/test_seeds.py`` checks the list against Python's Unicode database)."""


@cache
def attaches(char: str) -> bool:
    """Whether the fold may attach ``char`` to the character before it: a combining mark, one
    of :data:`_JOINING`, or a character whose compatibility decomposition starts with either
    (the halfwidth sound mark ﾞ is the combining U+3099 once folded, so ｶﾞ is one character, ガ)."""
    if unicodedata.combining(char) or char in _JOINING:
        return True
    first = unicodedata.normalize("NFKD", char)[:1]
    return first != char and bool(first) and (bool(unicodedata.combining(first)) or first in _JOINING)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize ``text`` and map each normalized character to its original offset.

    The map has one more entry than the normalized text: the offset where it ends.
    """
    pieces: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for start, end in _chunks(text) if not text.isascii() else _ascii_chunks(text):
        piece = fold(text[start:end])
        for ch in piece:
            if ch in _SPACE_SET:
                if pending_space < 0:
                    pending_space = start
                continue
            if pending_space >= 0 and pieces:
                pieces.append(" ")
                origin.append(pending_space)
            pending_space = -1
            pieces.append(ch)
            origin.append(start)
    end_offset = len(text.rstrip()) if pieces else 0
    origin.append(max(end_offset, origin[-1] + 1 if origin else 0))
    return "".join(pieces), origin


def _ascii_chunks(text: str) -> list[tuple[int, int]]:
    return [(i, i + 1) for i in range(len(text))]
