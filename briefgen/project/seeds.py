"""The source texts: read them, normalize them, find a passage in them.

Passage matching is exact after one documented normalization that folds only what cannot change
what a passage says, and nothing more (:func:`_fold`, then :func:`_collapse`):

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
begin and end on word boundaries of the seed (``200`` is not in ``2000``). :func:`normalize` is
the form used to check; :class:`Seed` also keeps, lazily, the map from each normalized character
back to the original text, so a found passage can be given a line and column.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate
from pathlib import Path

from .._speed.files import Reads, read_file
from ..errors import Problem

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
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"\w+")

SHORT_PASSAGE_WORDS = 4
"""A passage of fewer words than this is flagged: it proves little and may match by chance."""

INDEXED_FROM = 1 << 16
"""A seed of this many normalized characters or more gets a word index (:class:`_WordIndex`)
once it has been searched :data:`SEARCHES_BEFORE_INDEX` times: scanning the whole of a big seed
for each of its many passages made checking it quadratic."""

SEARCHES_BEFORE_INDEX = 8
"""How many times a big seed is scanned before it is indexed (a seed cited once is not)."""


def normalize(text: str) -> str:
    """The normalized form of ``text`` that passages and seeds are compared in.

    A passage usually has nothing to collapse: no whitespace but single spaces inside it (every
    other space is unprintable), so it is its own result; hundreds of thousands of passages are
    normalized per check.
    """
    if not text.isascii():
        text = _fold(text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _collapse(text)


def _fold(text: str) -> str:
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


def _collapse(text: str) -> str:
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
    return _collapse(text)


@cache
def _in_word(char: str) -> bool:
    """Whether ``char`` is part of a word: a letter, a digit, an underscore or a mark."""
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def _joins(hay: str, i: int) -> bool:
    """Whether ``hay[i]`` is punctuation inside a word, as Unicode's word boundaries (UAX #29)
    have it: a point or an apostrophe between two word characters (``U.S``, ``it's``, ``1.5``),
    a comma or a colon between two digits (``90,000``, ``10:30``). Cutting there cuts the word:
    ``000 leaflets`` is not in a seed that says ``90,000 leaflets``."""
    if i <= 0 or i + 1 >= len(hay):
        return False
    char, before, after = hay[i], hay[i - 1], hay[i + 1]
    if char in ".'":
        return _in_word(before) and _in_word(after)
    return char in ",:" and before.isdecimal() and after.isdecimal()


def _inside(hay: str, i: int) -> bool:
    """Whether the boundary just before ``hay[i]`` lies inside a word."""
    if i <= 0 or i >= len(hay):
        return False
    return (_in_word(hay[i - 1]) or _joins(hay, i - 1)) and (_in_word(hay[i]) or _joins(hay, i))


def _cut(hay: str, at: int, length: int) -> str | None:
    """Which end of the stretch of ``hay`` at ``at`` cuts a word ("starts" or "ends"), or None."""
    if _inside(hay, at):
        return "starts"
    if _inside(hay, at + length):
        return "ends"
    return None


def _chunks(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into runs that the fold can treat apart: a base character and its marks."""
    bounds = [0]
    for i in range(1, len(text)):
        if not _attaches(text[i]):
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
def _attaches(char: str) -> bool:
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
        piece = _fold(text[start:end])
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


@dataclass(frozen=True)
class Span:
    """Where a passage lies in the original seed text: offsets, and line/column (1-based)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int


@dataclass(frozen=True)
class Suggestion:
    """The closest passage of a seed to one that was not found, and where they first differ."""

    line: int
    text: str
    differs_at: int
    passage_has: str
    seed_has: str


@dataclass
class Seed:
    """One source text as read from seeds/."""

    name: str
    data: bytes
    text: str
    known_sha256: str | None = field(default=None, repr=False, compare=False)
    """The sha256 of ``data`` where the caller has it already (hashing 2,000 seeds takes time)."""
    searches: int = field(default=0, init=False, repr=False, compare=False)
    """How many times a passage has been looked for in the seed (to know when to index it)."""

    @cached_property
    def sha256(self) -> str:
        """The hex sha256 of the seed's bytes, as pinned in the source registry."""
        return self.known_sha256 or hashlib.sha256(self.data).hexdigest()

    @cached_property
    def normalized(self) -> str:
        """The seed in normalized form (fast; no offsets)."""
        return _collapse(self._folded)

    @cached_property
    def _folded(self) -> str:
        """The text after steps 1-4 of the normalization, line breaks still in place."""
        return _fold(self.text)

    @cached_property
    def _mapped(self) -> tuple[str, list[int]]:
        return normalize_with_map(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset at which each line of the original text starts."""
        text = self.text
        if "\r" in text:
            return [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        # Splitting finds every line break at memory speed; the expression steps to each.
        return list(accumulate([len(line) + 1 for line in text.split("\n")], initial=0))[:-1]

    @cached_property
    def paragraph_list(self) -> list[Paragraph]:
        """The seed's paragraphs (see :func:`paragraphs`), found once."""
        return paragraphs(self)

    @cached_property
    def _paragraph_lines(self) -> list[int]:
        return [p.line for p in self.paragraph_list]

    @cached_property
    def _paragraph_texts(self) -> dict[tuple[int, int], str]:
        return {}

    def paragraphs_text(self, first: int, last: int) -> str:
        """The normalized text of the paragraphs that lines ``first`` to ``last`` lie in (a
        review's digest reads it; each span is normalized once per seed)."""
        key = (first, last)
        if key not in self._paragraph_texts:
            found = self.paragraph_list
            start = max(bisect_right(self._paragraph_lines, first) - 1, 0)
            held = []
            for paragraph in found[start:]:
                if paragraph.line > last:
                    break
                if paragraph.last_line >= first:
                    held.append(paragraph.text)
            self._paragraph_texts[key] = normalize("\n\n".join(held))
        return self._paragraph_texts[key]

    def line_text(self, index: int) -> str:
        """Line ``index`` (0-based) of the original text, with its line break."""
        starts = self.line_starts
        return self.text[starts[index] : starts[index + 1] if index + 1 < len(starts) else len(self.text)]

    @cached_property
    def _line_table(self) -> _LineTable | None:
        """The normalized text line by line, or None where lines cannot be normalized apart."""
        return _LineTable.of(self)

    def occurrences(self, passage: str) -> list[int]:
        """Offsets in the normalized seed at which the normalized passage occurs as whole words."""
        return self._occurrences(normalize(passage))

    def _occurrences(self, needle: str, whole: bool = True, limit: int = 0) -> list[int]:
        """Where ``needle`` occurs, in order; only where it starts and ends on word boundaries if
        ``whole``; only the first ``limit`` of them if ``limit``."""
        if not needle:
            return []
        hay, found = self.normalized, []
        for at in self._places(needle):
            if not whole or _cut(hay, at, len(needle)) is None:
                found.append(at)
                if len(found) == limit:
                    break
        return found

    def _places(self, needle: str) -> Iterator[int]:
        """Every offset at which ``needle`` occurs, on word boundaries or not, in order."""
        index = self._index()
        looked_up = index.occurrences(needle) if index is not None else None
        return looked_up if looked_up is not None else _scan(self.normalized, needle)

    def once(self, passage: str) -> bool:
        """Whether the passage occurs exactly once: ``len(self.find(passage)) == 1``, sooner."""
        return len(self._occurrences(normalize(passage), limit=2)) == 1

    def _first(self, needle: str) -> int:
        """Where ``needle`` first occurs in the normalized seed, or -1 (as ``str.find``)."""
        return next(self._places(needle), -1) if needle else 0

    def _index(self) -> _WordIndex | None:
        """The seed's word index, once a big seed has been searched often enough to pay for it."""
        if len(self.normalized) < INDEXED_FROM:
            return None
        self.searches += 1
        return self._word_index if self.searches > SEARCHES_BEFORE_INDEX else None

    @cached_property
    def _word_index(self) -> _WordIndex:
        return _WordIndex(self.normalized)

    def cut_word(self, passage: str) -> str | None:
        """Where a passage found nowhere as whole words occurs starting or ending inside a word
        of the seed (``200`` in ``2000``), as the end of a sentence; None where it does not."""
        needle = normalize(passage)
        hay = self.normalized
        cuts = [at for at in self._occurrences(needle, whole=False) if _cut(hay, at, len(needle))]
        if not cuts or self._occurrences(needle):
            return None
        for at in cuts[:1]:
            which = _cut(hay, at, len(needle))
            edge = at if which == "starts" else at + len(needle) - 1
            start, end = edge, edge + 1
            while start > 0 and (_in_word(hay[start - 1]) or _joins(hay, start - 1)):
                start -= 1
            while end < len(hay) and (_in_word(hay[end]) or _joins(hay, end)):
                end += 1
            word = hay[start:end]
            return f'{which} in the middle of a word: {self.name} has "…{word}…" at line {self.line_of(at)}'
        return None

    def find(self, passage: str, prefix: str | None = None, suffix: str | None = None) -> list[int]:
        """Normalized offsets where the passage occurs, narrowed by the optional prefix and suffix.

        What :meth:`locate` finds, without mapping each back to the original text: the check
        needs only how many there are and, for a message, :meth:`line_of` each.
        """
        needle = normalize(passage)
        found = self._occurrences(needle)
        hay = self.normalized
        # What ends just before the passage (begins just after it), whitespace aside: compared
        # in place, not on a copy of all the seed before (after) it.
        if prefix and found:
            before = normalize(prefix)
            found = [at for at in found if hay.endswith(before, 0, _back_over_spaces(hay, at))]
        if suffix and found:
            after = normalize(suffix)
            found = [at for at in found if hay.startswith(after, _over_spaces(hay, at + len(needle)))]
        return found

    def line_of(self, norm_offset: int) -> int:
        """The line (1-based) of the original text that the normalized character comes from."""
        table = self._line_table
        if table is None:
            return self.position(self._mapped[1][norm_offset])[0]
        return table.line_of(norm_offset)

    @cached_property
    def _lines_apart(self) -> bool:
        """Whether no line starts with a character that could attach to the line before, so
        that each line normalizes apart from the others (see :class:`_LineTable`)."""
        text = self.text
        heads = "".join([text[start] for start in self.line_starts if start < len(text)])
        if heads.isascii():
            return True
        return not any(map(_attaches, heads))

    def span(self, norm_start: int, norm_length: int) -> Span:
        """The original-text span of ``norm_length`` normalized characters at ``norm_start``."""
        start = self._origin(norm_start)
        end = self._origin(norm_start + norm_length - 1) + 1 if norm_length else start
        while end < len(self.text) and _attaches(self.text[end]):
            end += 1
        line, column = self.position(start)
        return Span(start, end, line, column, self.position(max(start, end - 1))[0])

    def _origin(self, norm_offset: int) -> int:
        """The original offset the normalized character at ``norm_offset`` comes from."""
        table = self._line_table
        origin = table.origin(self, norm_offset) if table is not None else None
        return origin if origin is not None else self._mapped[1][norm_offset]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset in the original text."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def locate(self, passage: str, prefix: str | None = None, suffix: str | None = None) -> list[Span]:
        """Every span where the passage occurs, narrowed by the optional prefix and suffix."""
        length = len(normalize(passage))
        return [self.span(at, length) for at in self.find(passage, prefix, suffix)]

    def closest(self, passage: str) -> Suggestion | None:
        """The passage of this seed most like ``passage``, for a 'did you mean' message."""
        needle = normalize(passage)
        hay = self.normalized
        if not needle or not hay:
            return None
        start = _best_start(needle, hay, self._first)
        window = hay[start : start + len(needle)]
        differs = next(
            (i for i, (a, b) in enumerate(zip(needle, window, strict=False)) if a != b),
            min(len(needle), len(window)),
        )
        line = self.line_of(start)
        return Suggestion(
            line=line,
            text=window,
            differs_at=differs + 1,
            passage_has=needle[max(0, differs - 15) : differs + 15],
            seed_has=window[max(0, differs - 15) : differs + 15],
        )


def _scan(hay: str, needle: str) -> Iterator[int]:
    """Every offset at which ``needle`` occurs in ``hay``, overlapping ones too, in order."""
    at = hay.find(needle)
    while at >= 0:
        yield at
        at = hay.find(needle, at + 1)


def _back_over_spaces(text: str, at: int) -> int:
    """Where ``text[:at].rstrip()`` ends."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _over_spaces(text: str, at: int) -> int:
    """Where ``text[at:].lstrip()`` starts."""
    while at < len(text) and text[at].isspace():
        at += 1
    return at


class _WordIndex:
    """Where each word of a normalized text starts, to find a passage without scanning the text.

    A passage's inner words (those with a space on either side in the passage) are whole words
    of the text wherever the passage occurs, so every occurrence starts at a start of its rarest
    inner word less that word's offset in the passage; each such place is then compared. Found
    so, the occurrences are exactly those a scan finds, in the same order.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, list[int]] = {}
        words = text.split(" ")
        for word, start in zip(words, accumulate([len(w) + 1 for w in words], initial=0), strict=False):
            self.starts.setdefault(word, []).append(start)

    def occurrences(self, needle: str) -> Iterator[int] | None:
        """Where ``needle`` occurs, in order; None where a scan would do better: it has no inner
        word to look up, or only words the text is full of."""
        words = needle.split(" ")
        if len(words) < 3:
            return None
        rarest: list[int] = []
        offset = len(words[0]) + 1
        rarest_offset = offset
        for n, word in enumerate(words[1:-1]):
            starts = self.starts.get(word, [])
            if n == 0 or len(starts) < len(rarest):
                rarest, rarest_offset = starts, offset
            offset += len(word) + 1
        if len(rarest) > len(self.text) >> 8:
            return None
        places = (start - rarest_offset for start in rarest)
        return (at for at in places if at >= 0 and self.text.startswith(needle, at))


class _LineTable:
    """The normalized seed as its lines' normalized pieces, to map offsets one line at a time.

    Normalizing each line apart and joining the non-empty pieces with one space gives the
    normalized text (a line break is a space, and the fold never composes across one), so an
    offset's line is found by bisecting the pieces' starts, and its origin by mapping only that
    line. Mapping the whole seed character by character instead costs milliseconds per seed,
    which is seconds over thousands of seeds. Where a line starts with a combining character
    (which the whole-text map attaches to the line before) or the pieces do not join into the
    normalized text, the seed keeps the whole-text map.
    """

    def __init__(self, starts: list[int], lines: list[int], pieces: list[str]) -> None:
        self.starts, self.lines, self.pieces = starts, lines, pieces
        self._maps: dict[int, list[int]] = {}

    @classmethod
    def of(cls, seed: Seed) -> _LineTable | None:
        if not seed._lines_apart:
            return None
        # The fold never makes or takes a line break, so the folded text has the same
        # lines; each line's piece is then its whitespace collapsed.
        folded = seed._folded
        folded_lines = folded.split("\n") if "\r" not in folded else _LINE_BREAK.split(folded)
        if len(folded_lines) != len(seed.line_starts):
            return None
        # Most lines are already collapsed: if the lines as they are join into the normalized
        # text, every line is (any other whitespace would show in the join).
        table = cls.joined(seed, folded_lines)
        return table if table is not None else cls.joined(seed, [_collapse(line) for line in folded_lines])

    @classmethod
    def joined(cls, seed: Seed, every: list[str]) -> _LineTable | None:
        """The table whose pieces are the non-empty ``every``, if they join into the seed."""
        lines = [index for index, piece in enumerate(every) if piece]
        pieces = [every[index] for index in lines]
        if " ".join(pieces) != seed.normalized:
            return None
        starts = accumulate([len(piece) + 1 for piece in pieces], initial=0)
        return cls(list(starts)[:-1], lines, pieces)

    def line_of(self, norm_offset: int) -> int:
        """The 1-based line of a normalized offset (a joining space belongs to the line before)."""
        return self.lines[max(0, bisect_right(self.starts, norm_offset) - 1)] + 1

    def origin(self, seed: Seed, norm_offset: int) -> int | None:
        """The original offset of a normalized character; None for a joining space."""
        k = bisect_right(self.starts, norm_offset) - 1
        within = norm_offset - self.starts[k] if k >= 0 else -1
        if not 0 <= within < len(self.pieces[k]):
            return None
        line = self.lines[k]
        if line not in self._maps:
            self._maps[line] = normalize_with_map(seed.line_text(line))[1]
        return seed.line_starts[line] + self._maps[line][within]


def _longest_prefix_start(needle: str, find: Callable[[str], int]) -> tuple[int, int]:
    """The longest prefix of ``needle`` that ``find`` finds: (its length, where it starts)."""
    low, high, where = 0, len(needle), 0
    while low < high:
        mid = (low + high + 1) // 2
        at = find(needle[:mid])
        if at >= 0:
            low, where = mid, at
        else:
            high = mid - 1
    return low, where


def _best_start(needle: str, hay: str, find: Callable[[str], int]) -> int:
    """Where in ``hay`` a window most like ``needle`` starts; ``find`` is ``hay.find``, sooner."""
    length, at = _longest_prefix_start(needle, find)
    if length >= min(len(needle), 12):
        return at
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(needle, hay)
    if alignment is None:
        return at
    # The fuzzy window may start a character or two off; settle on the nearby start that
    # agrees with the passage longest, so "where they first differ" is where they really do.
    nearby = range(max(0, alignment.dest_start - 3), min(len(hay), alignment.dest_start + 4))
    return max(nearby, key=lambda c: (_common_prefix(needle, hay, c), -abs(c - alignment.dest_start)))


def _common_prefix(needle: str, hay: str, start: int) -> int:
    """How many characters of ``needle`` match ``hay`` from ``start`` on."""
    count = 0
    for a, b in zip(needle, hay[start : start + len(needle)], strict=False):
        if a != b:
            break
        count += 1
    return count


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a seed: its first line (1-based) and its offsets in the original text."""

    seed: str
    line: int
    start: int
    end: int
    text: str
    last_line: int

    @property
    def first_words(self) -> str:
        """Its first eight words, to recognise it by."""
        words = self.text.split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


_BLOCK = re.compile(r"[^\r\n]*\S[^\r\n]*(?:\r?\n[^\r\n]*\S[^\r\n]*)*")
"""A run of non-blank lines."""
_LINE = re.compile(r"[^\r\n]*\S[^\r\n]*")
"""One non-blank line."""
_BLANK_LINE = re.compile(r"\n[^\S\n]*\r?\n")


def paragraphs(seed: Seed) -> list[Paragraph]:
    """The paragraphs of a seed, in order: what coverage counts and a review's digest reads.

    A paragraph is a run of non-blank lines, as in most texts; a seed with no blank line
    between two of its lines (a text with one paragraph per line, as web pages and PDFs often
    give) has each non-blank line as a paragraph.
    """
    text = seed.text
    pattern = _BLOCK if _BLANK_LINE.search(text.strip()) else _LINE
    return [
        Paragraph(
            seed.name,
            seed.position(m.start())[0],
            m.start(),
            m.end(),
            m.group(),
            seed.position(m.end() - 1)[0],
        )
        for m in pattern.finditer(text)
    ]


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


@cache
def bare_name_problem(name: str) -> str | None:
    """Why ``name`` is not a bare seed file name, or None when it is one."""
    if not name.strip():
        return "the seed name is empty"
    if "/" in name or "\\" in name or "\0" in name or name in (".", ".."):
        return f"seed '{name}' must be a bare file name inside seeds/ (no folder, no '..')"
    if name.startswith("."):
        return f"seed '{name}' must not be a hidden file"
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_SEED_NAME_BYTES:
        return (
            f"seed name is {size} bytes long; the build writes a page named after each seed, "
            f"and the longest name it can write is {MAX_SEED_NAME_BYTES} bytes"
        )
    return None


MAX_SEED_NAME_BYTES = 254
"""The longest seed name (UTF-8 bytes): its page ``<stem>.html`` is one byte longer, and a file
name has at most 255 bytes on the file systems briefgen writes to."""


SEED_SUFFIX = ".txt"
"""Only the files of seeds/ with this suffix are read as seeds."""


def not_a_seed(name: str) -> str | None:
    """Why a file of seeds/ is not read as a seed, or None when it is."""
    if name.endswith(SEED_SUFFIX):
        return None
    return (
        f"seed '{name}' is not a {SEED_SUFFIX} file: only the {SEED_SUFFIX} files of seeds/ are read as seeds"
    )


MAX_SEED_BYTES = 64 * 1024 * 1024
"""A seed larger than this is refused before it is read (even one no fact cites)."""


def read_seeds(
    seeds_dir: Path, shown: str, reads: Reads | None = None
) -> tuple[dict[str, Seed], list[Problem]]:
    """Read every ``*.txt`` seed of ``seeds_dir``; ``shown`` is how messages name the folder.

    ``reads`` holds the bytes and sha256 of files already read, by path (see
    :mod:`briefgen._speed.files`).
    """
    seeds: dict[str, Seed] = {}
    problems: list[Problem] = []
    real_dir = seeds_dir.resolve()
    names, plain_files = _listing(seeds_dir)
    folder = str(seeds_dir)
    for name in names:
        path = seeds_dir / name
        where = f"{shown}/{name}"
        message = None if name in plain_files else _refusal(path, real_dir)
        file = os.path.join(folder, name)
        known = (reads or {}).get(file)  # (an empty seed's b"" too: a report is filed under its digest)
        data, sha256 = known if known is not None else (b"", None)
        if not message and known is None:
            try:
                data = read_file(file, MAX_SEED_BYTES)
            except OSError as exc:  # too large, no permission, or gone since the folder was listed
                message = f"cannot read the seed: {exc.strerror or exc}"
        if not message and (not data or data.isspace()):
            message = "the seed is empty"
        if not message:
            try:
                seeds[path.name] = Seed(path.name, data, data.decode("utf-8"), sha256)
                continue
            except UnicodeDecodeError as exc:
                line, column = _byte_position(data, exc.start)
                problems.append(
                    Problem(
                        where,
                        line,
                        column,
                        "error",
                        f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
                    )
                )
                continue
        problems.append(Problem(where, 1, 1, "error", message))
    return seeds, problems


def _listing(folder: Path) -> tuple[list[str], set[str]]:
    """The ``*.txt`` names of ``folder`` in order, and those that are regular files, not links.

    One directory scan says so for every entry (no refusal for a plain file); resolving each
    path instead costs a system call per path component, which is most of the time it takes to
    read thousands of seeds.
    """
    try:
        with os.scandir(folder) as scan:
            entries = [e for e in scan if e.name.endswith(SEED_SUFFIX)]
    except OSError:
        return [], set()
    plain = {e.name for e in entries if not e.is_symlink() and e.is_file(follow_symlinks=False)}
    return sorted(e.name for e in entries), plain


def _refusal(path: Path, real_dir: Path) -> str | None:
    """Why a file of seeds/ cannot be read as a seed, or None."""
    real = path.resolve()
    if real.parent != real_dir:
        return f"the seed is a link to {real}, outside seeds/; seeds must be files in seeds/"
    if not real.is_file():
        return "the seed is not a regular file"
    return None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1
