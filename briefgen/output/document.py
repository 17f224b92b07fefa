"""One briefing's view: what its templates lay out, in the order a principal reads it.

Cover (title, scope, "as of" and what it rests on, the sources in one sentence) -> bottom line
(the ranked judgments, and a caveat on the sources computed from the data) -> per theme: key
judgments with their implications, outlook, disputed points -> the evidence annex (every fact
exactly once, under the first of its themes the document shows; the others refer to it by
number) -> the sources appendix. What every document of a build shares is computed once by
:class:`~briefgen.output.views.BuildViews`; this module only numbers a document's own notes and
sources and arranges its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..pictures.sections import MAP_CAPTION, Pictures, map_caption
from ..pictures.timeline import LEGEND as TIMELINE_LEGEND
from ..project.models import Citation, Dispute, Fact, KeyJudgment, Outlook
from ..project.vocab import (
    CREDIBILITY_LABELS,
    RELATION_LABELS,
    RELIABILITY_LABELS,
    RelationKind,
)
from ..version import __version__
from .caveat import Caveat, as_of, caveat, dated, sources_sentence
from .views import BuildViews, Note, SourceView, attribution_text, grade_of

if TYPE_CHECKING:
    from ..project.history import ChangesView
    from ..project.load import ThemeEntry

_HEADLINE_END = re.compile(r"(?<=\w|\))(?::|;|\.) ")
"""Where a judgment's claim ends and its reasoning begins: a colon, semicolon or full stop."""

FactLink = tuple[str, str]
"""A fact as another part of the document refers to it: (its number, its id)."""


@dataclass
class RelationView:
    """Another fact and what it is to this one, by number: its statement is printed once, at it."""

    type: str
    number: str
    fact_id: str
    note: str | None
    grade: str
    date: str

    @property
    def label(self) -> str:
        """What the other fact is to this one, capitalised: 'Corroborated by', 'In tension with'."""
        return RELATION_LABELS[RelationKind(self.type)].capitalize()


@dataclass
class FactView:
    """A fact of the evidence annex, printed once per document."""

    number: str
    fact: Fact
    attribution: str
    date: str
    notes: list[Note]
    grade: str
    credibility_label: str
    relations: list[RelationView] = field(default_factory=list)
    draft: str | None = None
    """Why the fact is shown as a draft (never reviewed, or its review voided); None when reviewed."""

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def anchor(self) -> str:
        return f"fact-{self.fact.id}"

    @property
    def sources(self) -> str:
        """The labels of the sources it cites, e.g. 'Newsweek, Apr 2018 (inferred)'."""
        return "; ".join(dict.fromkeys(n.source.label for n in self.notes))


@dataclass
class ThemeRef:
    """A theme as the bottom line points to it."""

    number: int
    id: str
    title: str


@dataclass
class JudgmentView:
    """A judgment with its likelihood, confidence, implication and the facts it rests on."""

    text: str
    likelihood: str
    confidence: str
    implication: str
    rests_on: list[FactLink]
    theme: ThemeRef | None = None
    id: str = ""
    """The key judgment's id ('' for a bottom-line judgment of its own); its anchor."""
    rank: int = 0
    """Its place in the bottom line (1 first), 0 when it is not in it."""

    @property
    def anchor(self) -> str:
        return f"judgment-{self.id}" if self.id else ""

    @property
    def headline(self) -> str:
        """The judgment without its reasoning, for the bottom line: the text up to the first
        colon, semicolon or full stop after its first 40 characters (editors write 'X is
        likely: because ...'), or all of it."""
        for found in _HEADLINE_END.finditer(self.text, 40):
            head = self.text[: found.start()]
            if head.count("(") == head.count(")"):  # not inside a parenthesis
                return f"{head}."
        return self.text

    @property
    def estimate(self) -> str:
        """Likelihood and confidence, said once: the likelihood only when the text lacks its word."""
        said = self.likelihood.lower() in self.text.lower()
        return f"{self.confidence} confidence" if said else f"{self.likelihood}; {self.confidence} confidence"


@dataclass
class SideView:
    """One side of a disputed point: the claim, its source's label, grade and date."""

    number: str
    fact_id: str
    claim: str
    source: str
    grade: str
    date: str
    """The claim's date, when it is not its source's publication date ('' then)."""


@dataclass
class DisputeView:
    """A disputed point as a row group of the theme's table."""

    point: str
    sides: list[SideView]
    assessment: str


@dataclass
class ThemeView:
    """One theme: judgments, outlook, disputed points, pictures; and its part of the annex."""

    number: int
    id: str
    title: str
    scope: str
    judgments: list[JudgmentView]
    outlook: Outlook | None
    disputes: list[DisputeView]
    all_facts: list[FactView]
    """Every fact of the theme, in chronological order (for its pictures)."""
    facts: list[FactView] = field(default_factory=list)
    """The facts the annex prints under this theme: those whose first theme here it is."""
    also: list[FactLink] = field(default_factory=list)
    """The theme's facts printed under an earlier theme of the document, by number."""
    pictures: Pictures | None = None


@dataclass
class Briefing:
    """Everything a briefing template lays out."""

    title: str
    subtitle: str
    as_of: str
    as_of_rests_on: str
    sources_sentence: str
    bottom_line: list[JudgmentView]
    caveat: Caveat
    themes: list[ThemeView]
    sources: list[SourceView]
    notes: list[Note]
    legend_reliability: dict[str, str] = field(default_factory=lambda: dict(RELIABILITY_LABELS))
    legend_credibility: dict[int, str] = field(default_factory=lambda: dict(CREDIBILITY_LABELS))
    changes: ChangesView | None = None
    """The "Changes since …" section; only ``build --changes-since REV`` fills it."""
    root: str = ""
    """The way from this document up to out/: '' for out/briefing.*, '../' for out/themes/*."""
    overview: Pictures | None = None
    """The whole briefing's timeline and map; None for a one-theme briefing."""
    generator: str = f"briefgen {__version__}"
    timeline_legend: str = TIMELINE_LEGEND
    map_caption: str = MAP_CAPTION

    @cached_property
    def present(self) -> set[str]:
        """The ids of the facts this document prints (a link to any other would lead nowhere).

        Computed once per document: every fact number in it asks (a set per link made a
        5,000-fact build quadratic)."""
        return {f.id for t in self.themes for f in t.facts}

    @property
    def fact_count(self) -> int:
        """How many facts the briefing prints (each once)."""
        return sum(len(t.facts) for t in self.themes)

    @property
    def draft_count(self) -> int:
        """How many of them it shows as drafts (not reviewed, or changed since the review)."""
        return sum(1 for t in self.themes for f in t.facts if f.draft)

    @property
    def passage_count(self) -> int:
        """How many distinct passages its notes quote."""
        return len({(n.seed, n.anchor) for n in self.notes})

    @property
    def description(self) -> str:
        """One line for the document's metadata (the PDF's Subject)."""
        scope = "; ".join(t.title for t in self.themes)
        return f"Situation briefing as of {self.as_of}: {scope}."

    @property
    def keywords(self) -> str:
        """The document's keywords (the PDF's Keywords), comma-separated."""
        words = ["situation briefing", *(t.title for t in self.themes)]
        return ", ".join(w.replace(",", " ") for w in words)

    @property
    def picture_files(self) -> dict[str, bytes]:
        """Every picture of the briefing as an .svg file, for the Markdown beside them."""
        found: dict[str, bytes] = {}
        for pictures in [self.overview, *(t.pictures for t in self.themes)]:
            if pictures is not None:
                found.update(pictures.files())
        return found


def briefing(views: BuildViews, theme_ids: list[str] | None = None, root: str = "") -> Briefing:
    """The view of the full briefing, or of the named themes only; ``root`` leads up to out/."""
    corpus = views.corpus
    chosen = [
        (i, t) for i, t in enumerate(views.themes, start=1) if theme_ids is None or t.theme.id in theme_ids
    ]
    document = _Document(views)
    themes = [document.theme_view(n, t) for n, t in chosen]
    document.fill_annex(themes)
    for theme in themes:
        theme.pictures = views.pictures(theme.id, [theme])
    judgments = {j.id: j for t in themes for j in t.judgments}
    bottom_line = (
        [document.bottom_line_item(item, judgments) for item in corpus.bottom_line]
        if theme_ids is None and corpus.bottom_line
        else [j for t in themes for j in t.judgments]  # a theme's briefing, or no ranking yet
    )
    bottom_line = [j for j in bottom_line if j is not None]
    for rank, item in enumerate(bottom_line, start=1):
        item.rank = rank  # the theme shows a judgment of the bottom line by its rank, not again
    facts = [f for t in themes for f in t.facts]
    sources = sorted(document.sources.values(), key=lambda s: s.number)
    subtitle = corpus.title if theme_ids is not None and len(chosen) == 1 else ""
    as_of_date, rests_on = as_of(facts)
    return Briefing(
        title=chosen[0][1].theme.title if subtitle else corpus.title,
        subtitle=subtitle,
        as_of=as_of_date,
        as_of_rests_on=rests_on,
        sources_sentence=sources_sentence(sources),
        bottom_line=bottom_line,
        caveat=caveat(views, sources, [*bottom_line, *(j for t in themes for j in t.judgments)]),
        themes=themes,
        sources=sources,
        notes=document.notes,
        root=root,
        overview=views.pictures("all", themes) if len(themes) > 1 else None,
        map_caption=map_caption(views.base),
    )


class _Document:
    """One briefing being viewed: each fact viewed once, notes and sources numbered in annex order."""

    def __init__(self, views: BuildViews) -> None:
        self.views, self.corpus, self.numbers = views, views.corpus, views.numbers
        self.sources: dict[str, SourceView] = {}
        self.notes: list[Note] = []
        self.facts: dict[str, FactView] = {}

    def theme_view(self, number: int, entry: ThemeEntry) -> ThemeView:
        theme = entry.theme
        ref = ThemeRef(number, theme.id, theme.title)
        return ThemeView(
            number,
            theme.id,
            theme.title,
            theme.scope,
            [self.judgment(j, ref) for j in theme.key_judgments],
            theme.outlook,
            [self.dispute(d) for d in theme.disputes],
            all_facts=[self.fact_view(e.fact) for e in self.views.theme_facts[theme.id]],
        )

    def fill_annex(self, themes: list[ThemeView]) -> None:
        """Print each fact under the first of its themes the document shows, in that theme's
        order, numbering the notes as they come; the others refer to it by number."""
        printed: set[str] = set()
        for theme in themes:
            for fact in theme.all_facts:
                if fact.id in printed:
                    theme.also.append((fact.number, fact.id))
                    continue
                printed.add(fact.id)
                fact.notes = [self.note(fact.fact, c) for c in fact.fact.citations]
                theme.facts.append(fact)

    def links(self, fact_ids: list[str] | tuple[str, ...]) -> list[FactLink]:
        return [(self.numbers.get(fid, fid), fid) for fid in fact_ids]

    def judgment(self, judgment: KeyJudgment, theme: ThemeRef) -> JudgmentView:
        return JudgmentView(
            judgment.text,
            judgment.likelihood.value,
            judgment.confidence.value,
            judgment.implication,
            self.links(judgment.rests_on),
            theme,
            judgment.id,
        )

    def bottom_line_item(self, item: object, judgments: dict[str, JudgmentView]) -> JudgmentView | None:
        """A bottom-line item: its key judgment, or the judgment of its own it states."""
        from ..project.corpus import BottomLineEntry

        assert isinstance(item, BottomLineEntry)
        if item.judgment is not None:
            return judgments.get(item.judgment)
        return JudgmentView(
            item.text or "",
            item.likelihood or "",
            item.confidence or "",
            item.implication or "",
            self.links(item.rests_on),
        )

    def dispute(self, dispute: Dispute) -> DisputeView:
        sides = []
        for side in dispute.sides:
            entry = self.corpus.fact(side.fact)
            assert entry is not None  # the check refuses a dispute naming an unknown fact
            fact = entry.fact
            sides.append(
                SideView(
                    self.numbers[fact.id],
                    fact.id,
                    side.claim,
                    "; ".join(dict.fromkeys(self.views.source_label(c.seed) for c in fact.citations)),
                    grade_of(self.corpus, fact),
                    self.claim_date(fact),
                )
            )
        return DisputeView(dispute.point, sides, dispute.assessment)

    def claim_date(self, fact: Fact) -> str:
        """A claim's date for the disputes table: '' when it is its source's date, which the
        source's label already says."""
        published = {self.corpus.sources[c.seed].source.published.date for c in fact.citations}
        return "" if published == {fact.when.date} else dated(fact.when.date, fact.when.inferred)

    def fact_view(self, fact: Fact) -> FactView:
        if fact.id not in self.facts:
            self.facts[fact.id] = FactView(
                number=self.numbers[fact.id],
                fact=fact,
                attribution=attribution_text(fact),
                date=dated(fact.when.date, fact.when.inferred),
                notes=[],
                grade=grade_of(self.corpus, fact),
                credibility_label=CREDIBILITY_LABELS[fact.credibility],
                relations=[self.relation_view(r.type.value, r.fact, r.note) for r in fact.relations],
                draft=self.views.drafts.get(fact.id),
            )
        return self.facts[fact.id]

    def note(self, fact: Fact, citation: Citation) -> Note:
        """The next note of the document, numbering the citation's source if it is new."""
        if citation.seed not in self.sources:
            source = self.corpus.sources[citation.seed].source
            self.sources[citation.seed] = SourceView(len(self.sources) + 1, citation.seed, source)
        quote = self.views.quote(citation)
        assert quote is not None  # the check refuses a passage that is not in its seed
        note = Note(
            len(self.notes) + 1,
            citation.seed,
            quote.span.line,
            quote.words,
            self.sources[citation.seed],
            fact.id,
            quote.anchor,
        )
        self.notes.append(note)
        return note

    def relation_view(self, kind: str, fact_id: str, note: str | None) -> RelationView:
        other = self.corpus.fact(fact_id)
        assert other is not None  # the check refuses a relation to an unknown fact
        when = other.fact.when
        return RelationView(
            kind,
            self.numbers[fact_id],
            fact_id,
            note,
            grade_of(self.corpus, other.fact),
            dated(when.date, when.inferred),
        )
