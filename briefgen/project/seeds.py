"""The source texts: read them from seeds/, find a passage in one, suggest the closest.

A :class:`Seed` is compared in the normalized form of :mod:`briefgen.project.normalize`; a
passage must begin and end on word boundaries (:mod:`briefgen.project.words`); a big seed is
searched through the indexes of :mod:`briefgen.project.seed_index`.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import accumulate
from pathlib import Path

from .._speed.files import Reads, read_file
from ..errors import Problem
from .normalize import LINE_BREAK, attaches, collapse, fold, normalize, normalize_with_map
from .paragraphs import Paragraph, paragraphs
from .seed_index import LineTable, WordIndex
from .words import cut, in_word, joins

INDEXED_FROM = 1 << 16
"""A seed of this many normalized characters or more gets a word index (:class:`WordIndex`) once
it has been searched :data:`SEARCHES_BEFORE_INDEX` times: scanning the whole of a big seed for
each of its many passages made checking it quadratic."""

SEARCHES_BEFORE_INDEX = 8
"""How many times a big seed is scanned before it is indexed (a seed cited once is not)."""


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
        return collapse(self._folded)

    @cached_property
    def _folded(self) -> str:
        """The text after steps 1-4 of the normalization, line breaks still in place."""
        return fold(self.text)

    @cached_property
    def _mapped(self) -> tuple[str, list[int]]:
        return normalize_with_map(self.text)

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset at which each line of the original text starts."""
        text = self.text
        if "\r" in text:
            return [0] + [m.end() for m in LINE_BREAK.finditer(text)]
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
    def _line_table(self) -> LineTable | None:
        """The normalized text line by line, or None where lines cannot be normalized apart."""
        return LineTable.of(self, self._folded) if self._lines_apart else None

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
            if not whole or cut(hay, at, len(needle)) is None:
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

    def _index(self) -> WordIndex | None:
        """The seed's word index, once a big seed has been searched often enough to pay for it."""
        if len(self.normalized) < INDEXED_FROM:
            return None
        self.searches += 1
        return self._word_index if self.searches > SEARCHES_BEFORE_INDEX else None

    @cached_property
    def _word_index(self) -> WordIndex:
        return WordIndex(self.normalized)

    def cut_word(self, passage: str) -> str | None:
        """Where a passage found nowhere as whole words occurs starting or ending inside a word
        of the seed (``200`` in ``2000``), as the end of a sentence; None where it does not."""
        needle = normalize(passage)
        hay = self.normalized
        cuts = [at for at in self._occurrences(needle, whole=False) if cut(hay, at, len(needle))]
        if not cuts or self._occurrences(needle):
            return None
        for at in cuts[:1]:
            which = cut(hay, at, len(needle))
            edge = at if which == "starts" else at + len(needle) - 1
            start, end = edge, edge + 1
            while start > 0 and (in_word(hay[start - 1]) or joins(hay, start - 1)):
                start -= 1
            while end < len(hay) and (in_word(hay[end]) or joins(hay, end)):
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
        that each line normalizes apart from the others (see :class:`LineTable`)."""
        text = self.text
        heads = "".join([text[start] for start in self.line_starts if start < len(text)])
        if heads.isascii():
            return True
        return not any(map(attaches, heads))

    def span(self, norm_start: int, norm_length: int) -> Span:
        """The original-text span of ``norm_length`` normalized characters at ``norm_start``."""
        start = self._origin(norm_start)
        end = self._origin(norm_start + norm_length - 1) + 1 if norm_length else start
        while end < len(self.text) and attaches(self.text[end]):
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
