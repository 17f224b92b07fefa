"""What a briefing says about its own sources, computed from the data (never typed): the "as
of" date and what it rests on, the sources in one sentence, and the caveat under the bottom line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..project.vocab import RELIABILITY_LABELS
from .views import BuildViews, SourceView, date_key, date_label


def dated(date: str | None, inferred: bool) -> str:
    """A date as a reader sees it, marked when inferred: 'April 2018 (inferred)'."""
    return f"{date_label(date)} (inferred)" if inferred and date else date_label(date)


@dataclass
class GradeCount:
    """How many of the document's sources have one reliability grade, and which."""

    grade: str
    label: str
    count: int
    sources: list[str]


@dataclass
class Caveat:
    """The sources' quality and age, computed from the data (never typed by an editor)."""

    grades: list[GradeCount]
    total: int
    inferred: int
    newest: str
    newest_known: str
    single_source: int
    judgments: int


def as_of(facts: list[Any]) -> tuple[str, str]:
    """The "as of" date (the latest date among the facts) and what it rests on, in words."""
    dated_facts = [f for f in facts if f.fact.when.date]
    if not dated_facts:
        return "undated", "no fact is dated"
    latest = max(dated_facts, key=lambda f: date_key(f.fact.when.date))
    when = latest.fact.when
    inferred = [f for f in dated_facts if f.fact.when.date == when.date and f.fact.when.inferred]
    how = (
        "inferred, not stated: the newest sources carry no date of their own"
        if len(inferred) == sum(1 for f in dated_facts if f.fact.when.date == when.date)
        else "stated in the sources"
    )
    return dated(
        when.date, bool(inferred)
    ), f"the latest date among the facts ({latest.number}, from {latest.sources}); {how}"


def sources_sentence(sources: list[SourceView]) -> str:
    """The sources in one sentence: how many, which years, graded how, dated how."""
    if not sources:
        return "No source is cited."
    years = sorted({s.source.published.date[:4] for s in sources if s.source.published.date})
    span = f", {years[0]}-{years[-1]}" if len(years) > 1 else (f", {years[0]}" if years else "")
    by_grade: dict[str, list[str]] = {}
    for s in sorted(sources, key=lambda s: s.grade):
        by_grade.setdefault(s.grade, []).append(s.source.label)
    graded = "; ".join(
        f"{_count(len(labels), 'graded')} {g} ({', '.join(labels)})" for g, labels in by_grade.items()
    )
    inferred = sum(1 for s in sources if s.source.published.inferred)
    dates = (
        f"{inferred} of the {len(sources)} publication dates {'is' if inferred == 1 else 'are'} inferred"
        if inferred
        else "every publication date is stated"
    )
    count = f"{_number_word(len(sources)).capitalize()} source{'s' * (len(sources) != 1)}"
    return f"{count}{span}: {graded}; {dates}."


def caveat(views: BuildViews, sources: list[SourceView], judgments: list[Any]) -> Caveat:
    counts = Counter(s.grade for s in sources)
    grades = [
        GradeCount(g, RELIABILITY_LABELS[g], counts[g], [s.source.label for s in sources if s.grade == g])
        for g in sorted(counts)
    ]
    newest = max(sources, key=lambda s: date_key(s.source.published.date), default=None)
    unique = {id(j): j for j in judgments}.values()
    single = sum(1 for j in unique if len(views.seeds_of([fid for _, fid in j.rests_on])) == 1)
    return Caveat(
        grades=grades,
        total=len(sources),
        inferred=sum(1 for s in sources if s.source.published.inferred),
        newest=newest.label if newest else "none",
        newest_known=(
            "inferred from its content, not stated"
            if newest and newest.source.published.inferred
            else "stated in the text"
        ),
        single_source=single,
        judgments=len(unique),
    )


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _number_word(n: int) -> str:
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _count(n: int, what: str) -> str:
    return f"{_number_word(n)} {what}"
