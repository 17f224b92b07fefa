"""What makes a big seed quick to search and map: a word index to find a passage without
scanning the seed, and a line table to map a normalized offset back to the original text one
line at a time (see :class:`briefgen.project.seeds.Seed`, which builds both lazily)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import TYPE_CHECKING

from .normalize import LINE_BREAK, collapse, normalize_with_map

if TYPE_CHECKING:
    from .seeds import Seed


class WordIndex:
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


class LineTable:
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
    def of(cls, seed: Seed, folded: str) -> LineTable | None:
        """The table of ``seed``, whose text after the fold (steps 1-4) is ``folded``."""
        # The fold never makes or takes a line break, so the folded text has the same
        # lines; each line's piece is then its whitespace collapsed.
        folded_lines = folded.split("\n") if "\r" not in folded else LINE_BREAK.split(folded)
        if len(folded_lines) != len(seed.line_starts):
            return None
        # Most lines are already collapsed: if the lines as they are join into the normalized
        # text, every line is (any other whitespace would show in the join).
        table = cls.joined(seed, folded_lines)
        return table if table is not None else cls.joined(seed, [collapse(line) for line in folded_lines])

    @classmethod
    def joined(cls, seed: Seed, every: list[str]) -> LineTable | None:
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
