"""Corpus -> how complete and how sound it is: which seed paragraphs no fact cites, and more.

A *paragraph* is a run of non-blank lines of a seed (each non-blank line, in a seed with no blank
lines: see :func:`briefgen.project.paragraphs.paragraphs`). It is *cited* when a citation's span
overlaps it, *omitted* when its source record lists its first line under ``omitted`` with a
reason, and otherwise an *unexplained gap*: the report can, and should, reach zero of those.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..project.load import Corpus
from ..project.paragraphs import Paragraph, paragraphs


@dataclass
class SeedCoverage:
    """One seed's paragraphs sorted into cited, omitted and uncited."""

    name: str
    facts: int
    cited: list[Paragraph] = field(default_factory=list)
    omitted: list[tuple[Paragraph, str]] = field(default_factory=list)
    uncited: list[Paragraph] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


@dataclass
class JudgmentSource:
    """A key judgment whose facts all cite one seed."""

    theme: str
    number: int
    text: str
    seed: str


@dataclass
class CoverageReport:
    """Everything ``briefgen coverage`` prints."""

    seeds: list[SeedCoverage]
    facts_total: int
    own_per_theme: dict[str, int]
    tagged_per_theme: dict[str, int]
    drafts: list[str]
    single_source_judgments: list[JudgmentSource]

    @property
    def gaps(self) -> int:
        """Paragraphs neither cited nor recorded as omitted, plus stale omission records."""
        return sum(len(s.uncited) + len(s.stale) for s in self.seeds)


def coverage(corpus: Corpus) -> CoverageReport:
    """The coverage report of a loaded corpus (assumed to pass the check)."""
    spans = _cited_spans(corpus)
    seeds = [_seed_coverage(corpus, name, spans.get(name, [])) for name in sorted(corpus.seeds)]
    own = Counter(e.file_theme for e in corpus.facts)
    tagged = Counter(t for e in corpus.facts for t in e.themes)
    theme_ids = [t.theme.id for t in corpus.ordered_themes()]
    return CoverageReport(
        seeds=seeds,
        facts_total=len(corpus.facts),
        own_per_theme={t: own[t] for t in theme_ids},
        tagged_per_theme={t: tagged[t] for t in theme_ids},
        drafts=sorted(e.fact.id for e in corpus.facts if e.fact.review.status == "draft"),
        single_source_judgments=_single_source_judgments(corpus),
    )


def _cited_spans(corpus: Corpus) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for entry in corpus.facts:
        for citation in entry.fact.citations:
            seed = corpus.seeds.get(citation.seed)
            if seed is None:
                continue
            for span in seed.locate(citation.passage, citation.prefix, citation.suffix):
                spans.setdefault(citation.seed, []).append((span.start, span.end))
    return spans


def _seed_coverage(corpus: Corpus, name: str, spans: list[tuple[int, int]]) -> SeedCoverage:
    seed = corpus.seeds[name]
    entry = corpus.sources.get(name)
    reasons = {o.line: o.reason for o in entry.source.omitted} if entry else {}
    citing = sum(1 for e in corpus.facts if any(c.seed == name for c in e.fact.citations))
    result = SeedCoverage(name, citing)
    starts = set()
    for paragraph in paragraphs(seed):
        starts.add(paragraph.line)
        if any(start < paragraph.end and paragraph.start < end for start, end in spans):
            result.cited.append(paragraph)
            if paragraph.line in reasons:
                result.stale.append(f"line {paragraph.line} is recorded as omitted but a fact cites it")
        elif paragraph.line in reasons:
            result.omitted.append((paragraph, reasons[paragraph.line]))
        else:
            result.uncited.append(paragraph)
    for line in sorted(set(reasons) - starts):
        result.stale.append(f"line {line} is recorded as omitted but no paragraph starts there")
    return result


def _single_source_judgments(corpus: Corpus) -> list[JudgmentSource]:
    found = []
    for theme in corpus.ordered_themes():
        for number, judgment in enumerate(theme.theme.key_judgments, start=1):
            seeds = {
                c.seed
                for fact_id in judgment.rests_on
                if (entry := corpus.fact(fact_id)) is not None
                for c in entry.fact.citations
            }
            if len(seeds) == 1:
                found.append(JudgmentSource(theme.theme.id, number, judgment.text, seeds.pop()))
    return found


def format_report(report: CoverageReport, seeds_dir: str) -> str:
    """The report as text for a terminal."""
    drafts = len(report.drafts)
    lines = [f"Coverage of {len(report.seeds)} seeds by {report.facts_total} facts ({drafts} draft)", ""]
    lines.append("Per seed (paragraphs cited / omitted on purpose / uncited; facts citing it):")
    for s in report.seeds:
        lines.append(f"  {s.name}  {len(s.cited)} / {len(s.omitted)} / {len(s.uncited)};  {s.facts} facts")
    lines += ["", "Per theme (facts in its file; facts tagged with it):"]
    for theme, own in report.own_per_theme.items():
        lines.append(f"  {theme}  {own}; {report.tagged_per_theme[theme]}")
    lines += ["", "Uncited paragraphs (no fact cites them and none is recorded as omitted):"]
    lines += [
        f"  {seeds_dir}/{s.name}:{p.line}: {p.first_words}" for s in report.seeds for p in s.uncited
    ] or ["  none"]
    lines += [f"  {seeds_dir}/{s.name}: {message}" for s in report.seeds for message in s.stale]
    lines += ["", "Omitted on purpose:"]
    lines += [
        f"  {seeds_dir}/{s.name}:{p.line}: {p.first_words} ({reason})"
        for s in report.seeds
        for p, reason in s.omitted
    ] or ["  none"]
    lines += ["", "Key judgments that rest on a single source:"]
    lines += [
        f"  {j.theme} #{j.number} rests only on {j.seed}: {j.text}" for j in report.single_source_judgments
    ] or ["  none"]
    lines += ["", "Draft facts:"]
    lines += [f"  {fact_id}" for fact_id in report.drafts] or ["  none"]
    gaps = report.gaps
    lines += ["", f"{gaps} unexplained gap{'s' * (gaps != 1)}"]
    return "\n".join(lines)
