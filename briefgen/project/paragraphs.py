"""A seed's paragraphs: what coverage counts, and what a review's digest reads around a passage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .seeds import Seed


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
