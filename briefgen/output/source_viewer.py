"""The source viewer: each seed's full text with every cited passage highlighted and anchored.

``out/sources/<seed>.html`` shows a seed line by line, as the notes count lines. Every passage
a fact cites is a ``<mark>`` whose id (``q-<start>-<end>``, the passage's offsets in the seed)
the briefing's notes link to, followed by the numbers of the facts that cite it, each linking
back to the fact in ``briefing.html``. Passages may overlap: one inside another nests; two that
cross are split so the tags still nest (the second continues in a mark of its own after the
first closes), and a mark never spans two lines. Where marks nest the shade deepens.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup, escape

from ..project.load import Corpus
from ..project.seeds import Seed, Span

SOURCES_DIR = "sources"


def page_name(seed: str) -> str:
    """The file name of a seed's page: its own name with .html for .txt."""
    return f"{PurePosixPath(seed).stem}.html"


@cache
def page_href(seed: str) -> str:
    """The page's path below out/, ready for an href."""
    return f"{SOURCES_DIR}/{quote(page_name(seed))}"


def anchor(span: Span) -> str:
    """The id of a passage's highlight: stable while the seed (pinned by sha256) is unchanged."""
    return f"q-{span.start}-{span.end}"


@dataclass(frozen=True)
class Citing:
    """A fact that cites a highlighted passage."""

    number: str
    fact_id: str
    statement: str


@dataclass
class Highlight:
    """One cited stretch of a seed and every fact that cites exactly it."""

    span: Span
    facts: list[Citing] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return anchor(self.span)


@dataclass
class _Writer:
    """Emits the seed's lines with marks that always nest.

    One sweep through the text: the cuts inside a line are found by bisecting every highlight's
    boundaries, and the highlights over a segment are those open where it starts, kept as the
    sweep passes their starts and ends. A page costs its lines plus its highlights, not their
    product (a 20,000-fact build spent minutes here).
    """

    seed: Seed
    highlights: list[Highlight]
    fact_href: str
    out: list[str] = field(default_factory=list)
    stack: list[int] = field(default_factory=list)
    started: set[int] = field(default_factory=set)
    active: list[int] = field(default_factory=list)
    """The highlights begun so far and not yet over, in the order of ``highlights``."""
    begun: int = 0
    """How many of ``highlights`` (in text order) the sweep has passed the start of."""

    def lines(self) -> Markup:
        text = self.seed.text
        # A final line break ends the last line; it does not start an empty one.
        starts = [s for s in self.seed.line_starts if s < len(text) or s == 0]
        ends = [*starts[1:], len(text)]
        bounds = sorted({b for h in self.highlights for b in (h.span.start, h.span.end)})
        for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
            self._line(number, start, self._trim_break(start, end), bounds)
        return Markup("".join(self.out))

    def _trim_break(self, start: int, end: int) -> int:
        while end > start and self.seed.text[end - 1] in "\r\n":
            end -= 1
        return end

    def _line(self, number: int, start: int, end: int, bounds: list[int]) -> None:
        self.out.append(f'<div class="line" id="L{number}"><span class="ln">{number}</span><span class="tx">')
        inside = bounds[bisect_right(bounds, start) : bisect_left(bounds, end)]
        for a, b in pairwise([start, *inside, end] if start < end else [start]):
            self._segment(a, b)
        self._close_to(0, end)
        self.out.append("</span></div>\n")

    def _covering(self, a: int) -> list[int]:
        """The highlights over the segment starting at ``a``, outermost first: no boundary lies
        inside a segment, so they are those begun at or before ``a`` and not over by then."""
        while self.begun < len(self.highlights) and self.highlights[self.begun].span.start <= a:
            self.active.append(self.begun)
            self.begun += 1
        if any(self.highlights[i].span.end <= a for i in self.active):
            self.active = [i for i in self.active if self.highlights[i].span.end > a]
        return self.active

    def _segment(self, a: int, b: int) -> None:
        want = self._covering(a)
        keep = 0
        while keep < min(len(want), len(self.stack)) and want[keep] == self.stack[keep]:
            keep += 1
        self._close_to(keep, a)
        for i in want[keep:]:
            self._open(i)
        self.out.append(str(escape(self.seed.text[a:b])))

    def _open(self, i: int) -> None:
        depth = len(self.stack) + 1
        first = i not in self.started
        self.started.add(i)
        ident = f' id="{self.highlights[i].anchor}"' if first else ""
        kind = "" if first else " cont"
        self.out.append(f'<mark{ident} class="d{min(depth, 3)}{kind}">')
        self.stack.append(i)

    def _close_to(self, depth: int, at: int) -> None:
        """Close marks down to ``depth``; a mark closing at its passage's end lists its facts."""
        while len(self.stack) > depth:
            i = self.stack.pop()
            self.out.append("</mark>")
            if self.highlights[i].span.end <= at:
                self.out.append(self._cited_by(self.highlights[i]))

    def _cited_by(self, highlight: Highlight) -> str:
        links = ", ".join(
            f'<a href="{self.fact_href}#fact-{escape(c.fact_id)}" title="{escape(c.statement)}">'
            f"{escape(c.number)}</a>"
            for c in highlight.facts
        )
        label = "fact" if len(highlight.facts) == 1 else "facts"
        return f'<span class="cited-by">cited by {label} {links}</span>'


def seed_markup(seed: Seed, found: list[Highlight], fact_href: str) -> Markup:
    """The seed's lines as HTML, every highlight marked, anchored and followed by its facts."""
    return _Writer(seed, found, fact_href).lines()


def omitted_lines(corpus: Corpus, seed: str) -> dict[int, str]:
    """The lines the source registry says are left uncited on purpose, with the reason."""
    entry = corpus.sources.get(seed)
    return {item.line: item.reason for item in entry.source.omitted} if entry else {}
