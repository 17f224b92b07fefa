"""The views of a build: what the briefings and the source viewer lay out, computed once.

A build makes many documents from one corpus: the full briefing, one briefing per theme and a
source page per seed. What they all share is computed once per build by :class:`BuildViews`:
each theme's facts in order, each fact's reference number, where each cited passage lies in its
seed (a :class:`Quote`), and each seed's highlights for the source viewer. A document's view (a
:class:`Briefing`: themes in order, facts in chronological order, numbered notes that carry the
verbatim passage and the source's descriptor) then only numbers its own notes and sources.
Computing the shared parts per document instead made a 5,000-fact build quadratic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..pictures.sections import Named, Pictures, base_map, section_pictures
from ..pictures.timeline import Item, Lane
from ..project.basemap import BaseMap
from ..project.load import Corpus, FactEntry, ThemeEntry
from ..project.models import Citation, Fact, Source
from ..project.reviewed import review_stale
from ..project.seeds import Span
from ..project.vocab import (
    RELIABILITY_LABELS,
    SOURCE_KIND_LABELS,
    precision_of,
    source_label,
)
from .source_viewer import Citing, Highlight, anchor, page_href

if TYPE_CHECKING:
    from collections.abc import Sequence

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_label(date: str | None) -> str:
    """A partial date as a reader says it: '2 June 2017', 'June 2017', '2017' or 'undated'."""
    if date is None:
        return "undated"
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def date_key(date: str | None) -> tuple[int, int, int, int]:
    """Chronological order: by start of period, the less precise first, the undated last."""
    if date is None:
        return (1, 0, 0, 0)
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return (0, parts[0], parts[1], parts[2])


@dataclass
class SourceView:
    """A source as the sources appendix and the notes describe it."""

    number: int
    file: str
    source: Source

    @property
    def title(self) -> str:
        return self.source.title or "untitled"

    @property
    def publisher(self) -> str:
        return self.source.publisher or "publisher unknown"

    @property
    def published(self) -> str:
        return date_label(self.source.published.date)

    @property
    def precision(self) -> str:
        date = self.source.published.date
        return precision_of(date) if date else "unknown"

    @property
    def kind(self) -> str:
        return SOURCE_KIND_LABELS[self.source.kind]

    @property
    def grade(self) -> str:
        return self.source.reliability.grade

    @property
    def grade_label(self) -> str:
        return RELIABILITY_LABELS[self.grade]

    @property
    def page(self) -> str:
        """The source viewer's page of this seed, relative to out/."""
        return page_href(self.file)

    @cached_property
    def label(self) -> str:
        """How the briefing names the source: 'Newsweek, Apr 2018 (inferred)'."""
        published = self.source.published
        return source_label(self.source.label, published.date, published.inferred)

    @cached_property
    def descriptor(self) -> str:
        """One line: publisher, date, kind, grade."""
        return (
            f"{self.publisher}, {self.published}; {self.kind}; reliability {self.grade} ({self.grade_label})"
        )


@dataclass
class Note:
    """A numbered note: the seed, the line, the verbatim passage, and its source."""

    number: int
    seed: str
    line: int
    passage: str
    source: SourceView
    fact_id: str
    anchor: str = ""
    """The id of the passage's highlight on the seed's page in the source viewer."""

    @property
    def href(self) -> str:
        """The highlight's address relative to out/."""
        return f"{page_href(self.seed)}#{self.anchor}"


@dataclass(frozen=True)
class Quote:
    """A cited passage where it lies in its seed, and its words as the seed has them."""

    seed: str
    span: Span
    words: str

    @property
    def anchor(self) -> str:
        """The id of the passage's highlight on the seed's page in the source viewer."""
        return anchor(self.span)


class BuildViews:
    """What every document of one build shares, each part computed once, when first needed."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._quotes: dict[tuple[str, str, str | None, str | None], Quote | None] = {}
        self._pictures: dict[tuple[str, ...], Pictures] = {}
        self._labels: dict[str, str] = {}

    @cached_property
    def base(self) -> BaseMap:
        """The base map every situation map of the build is drawn on."""
        return base_map(self.corpus)

    @cached_property
    def themes(self) -> list[ThemeEntry]:
        """The themes in their briefing order."""
        return self.corpus.ordered_themes()

    @cached_property
    def theme_facts(self) -> dict[str, list[FactEntry]]:
        """Each theme's facts (its own and others tagged with it), in chronological order."""
        return theme_facts(self.corpus, self.themes)

    @cached_property
    def drafts(self) -> dict[str, str]:
        """Why each fact not vouched for by a current review is a draft, by fact id."""
        found = {}
        for entry in self.corpus.facts:
            if entry.fact.review.status != "reviewed":
                found[entry.fact.id] = "not reviewed"
            elif (stale := review_stale(entry.fact, self.corpus.seeds)) is not None:
                changed = stale.startswith("reviewed content changed")
                found[entry.fact.id] = (
                    "not reviewed (changed since its review)" if changed else "not reviewed"
                )
        return found

    @cached_property
    def numbers(self) -> dict[str, str]:
        """Each fact's reference number, e.g. '3.2'."""
        return fact_numbers(self.themes, self.theme_facts)

    @cached_property
    def highlights(self) -> dict[str, list[Highlight]]:
        """Each seed's cited passages, for its page in the source viewer."""
        return seed_highlights(self.corpus, self.numbers, self.quote)

    def prepare(self) -> None:
        """Compute now what is otherwise computed when first needed (before forking a helper
        that renders some of the documents, so that it need not compute it again)."""
        self.highlights  # noqa: B018  (the numbers and every passage's place with them)
        self.base  # noqa: B018  (read once, for the maps of every document)

    def quote(self, citation: Citation) -> Quote | None:
        """Where the citation's passage lies (the first occurrence); None if it is not found."""
        key = (citation.seed, citation.passage, citation.prefix, citation.suffix)
        if key not in self._quotes:
            self._quotes[key] = _find_quote(self.corpus, citation)
        return self._quotes[key]

    def source_label(self, seed: str) -> str:
        """How the briefing names a seed's source: 'Newsweek, Apr 2018 (inferred)'."""
        if seed not in self._labels:
            self._labels[seed] = SourceView(0, seed, self.corpus.sources[seed].source).label
        return self._labels[seed]

    def seeds_of(self, fact_ids: list[str]) -> set[str]:
        """The seeds the given facts cite, all together (to tell a single-source judgment)."""
        found: set[str] = set()
        for fact_id in fact_ids:
            entry = self.corpus.fact(fact_id)
            found.update(c.seed for c in entry.fact.citations) if entry else None
        return found

    def pictures(self, key: str, themes: Sequence[Any]) -> Pictures:
        """The timeline and map of some themes; the same themes give the same pictures in every
        document that shows them, so each is drawn once."""
        memo = (key, *(t.id for t in themes))
        if memo not in self._pictures:
            self._pictures[memo] = _pictures(self.corpus, key, themes, self.base)
        return self._pictures[memo]


def _find_quote(corpus: Corpus, citation: Citation) -> Quote | None:
    seed = corpus.seeds.get(citation.seed)
    spans = seed.locate(citation.passage, citation.prefix, citation.suffix) if seed else []
    if seed is None or not spans:
        return None  # the check refuses such a corpus before anything is rendered
    words = " ".join(seed.text[spans[0].start : spans[0].end].split())
    return Quote(citation.seed, spans[0], words)


def theme_facts(corpus: Corpus, themes: list[ThemeEntry]) -> dict[str, list[FactEntry]]:
    """Each theme's facts, its own and others tagged with it, in chronological order: one pass
    over the facts, then a sort per theme."""
    chosen: dict[str, list[FactEntry]] = {t.theme.id: [] for t in themes}
    for entry in corpus.facts:
        for theme_id in dict.fromkeys(entry.themes):
            if theme_id in chosen:
                chosen[theme_id].append(entry)
    return {
        theme_id: sorted(
            facts, key=lambda e: (date_key(e.fact.when.date), e.file_theme != theme_id, e.fact.id)
        )
        for theme_id, facts in chosen.items()
    }


def fact_numbers(themes: list[ThemeEntry], facts: dict[str, list[FactEntry]]) -> dict[str, str]:
    """Each fact's reference number, e.g. '3.2': its primary theme's place, then its own."""
    numbers: dict[str, str] = {}
    for t, theme in enumerate(themes, start=1):
        own = [e for e in facts[theme.theme.id] if e.file_theme == theme.theme.id]
        for f, entry in enumerate(own, start=1):
            numbers.setdefault(entry.fact.id, f"{t}.{f}")
    return numbers


def seed_highlights(
    corpus: Corpus, numbers: dict[str, str], quote: Callable[[Citation], Quote | None]
) -> dict[str, list[Highlight]]:
    """Every seed's cited passages in text order, outer before inner, each with the facts citing
    it: one pass over all the facts' citations, grouped by seed."""
    found: dict[str, dict[tuple[int, int], Highlight]] = {}
    for entry in corpus.facts:
        fact = entry.fact
        for citation in fact.citations:
            where = quote(citation)
            if where is None:
                continue
            span = where.span
            item = found.setdefault(citation.seed, {}).setdefault((span.start, span.end), Highlight(span))
            citing = Citing(numbers.get(fact.id, fact.id), fact.id, fact.statement)
            if citing not in item.facts:
                item.facts.append(citing)
    return {
        seed: sorted(spans.values(), key=lambda h: (h.span.start, -h.span.end))
        for seed, spans in found.items()
    }


def attribution_text(fact: Fact) -> str:
    """Who asserts a fact, with the chain it came through."""
    return ", ".join([fact.attribution.by, *(f"via {v}" for v in fact.attribution.via)])


def _pictures(corpus: Corpus, key: str, themes: Sequence[Any], base: BaseMap) -> Pictures:
    """The timeline and map of some themes: a lane per theme, and the places their facts name."""
    lanes = [
        Lane(
            f"{t.number}. {t.title}",
            [Item(f.number, f.id, f.fact.when.date, f.fact.when.inferred) for f in t.all_facts],
        )
        for t in themes
    ]
    what = f"‘{themes[0].title}’" if len(themes) == 1 else "the whole briefing"
    facts = [Named(f.number, f.id, f.fact.statement) for t in themes for f in t.all_facts]
    return section_pictures(corpus, key, what, lanes, facts, base)


def grade_of(corpus: Corpus, fact: Fact) -> str:
    """The fact's Admiralty code: each citing source's reliability with the fact's credibility."""
    grades = sorted({corpus.sources[c.seed].source.reliability.grade for c in fact.citations})
    return ", ".join(f"{g}{fact.credibility}" for g in grades)
