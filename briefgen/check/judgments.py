"""The rules about what a briefing judges: key judgment ids, the ranked bottom line, and the
disputed points of each theme. Corpus rules (see :mod:`briefgen.check.rules`): they read the
themes and the fact references only."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..errors import Problem
from ..project.corpus import BottomLineEntry
from ..project.load import Corpus


def judgment_ids(corpus: Corpus) -> Iterator[Problem]:
    """A key judgment's id is unique across all themes (the bottom line refers to it by id)."""
    first: dict[str, str] = {}
    for entry in corpus.themes:
        for j, judgment in enumerate(entry.theme.key_judgments):
            if judgment.id in first:
                yield entry.problem(
                    f"duplicate key judgment id '{judgment.id}' (first in theme '{first[judgment.id]}')",
                    "key_judgments",
                    j,
                    "id",
                )
            first.setdefault(judgment.id, entry.theme.id)


BOTTOM_LINE_LENGTH = (5, 7)
"""How many judgments a bottom line holds: what a principal reads on one page."""

_OWN_FIELDS = ("text", "likelihood", "confidence", "implication")


def bottom_line(corpus: Corpus) -> Iterator[Problem]:
    """The bottom line refers to key judgments that exist, once each, or states its own with
    everything a judgment needs; it is 5-7 items long (a warning)."""
    if corpus.themes_map is None or not corpus.themes:
        return
    judgments = {j.id for t in corpus.themes for j in t.theme.key_judgments}
    seen: set[str] = set()
    for n, item in enumerate(corpus.bottom_line, start=1):
        if item.judgment is not None:
            known = judgments | corpus.mentioned_judgments  # those of a refused theme too
            yield from _bottom_line_reference(item, n, known, seen)
        else:
            yield from _bottom_line_own(corpus, item, n)
    low, high = BOTTOM_LINE_LENGTH
    count = len(corpus.bottom_line)
    # Empty is fine while there are fewer key judgments than a bottom line holds: the briefing
    # then ranks them all, in the themes' order (a project just begun).
    too_short = count < min(low, len(judgments)) and (count > 0 or len(judgments) >= low)
    if count > high or too_short:
        where = ("bottom_line",) if corpus.themes_map.has("bottom_line") else ("title",)
        yield corpus.themes_map.problem(
            where,
            f"the bottom line has {_plural(count, 'item')}; rank the {low}-{high} judgments "
            "that matter most (fewer only when there are fewer key judgments)",
            "warning",
        )


def _bottom_line_reference(
    item: BottomLineEntry, n: int, judgments: set[str], seen: set[str]
) -> Iterator[Problem]:
    judgment = item.judgment or ""
    given = [key for key in (*_OWN_FIELDS, "rests_on") if getattr(item, key)]
    if given:
        yield item.problem(
            f"bottom line item {n} refers to key judgment '{judgment}' and also gives "
            f"{', '.join(given)}: give one or the other",
            "judgment",
        )
    if judgment not in judgments:
        hint = _close(judgment, sorted(judgments))
        yield item.problem(
            f"bottom line item {n} refers to unknown key judgment '{judgment}'{hint}", "judgment"
        )
    elif judgment in seen:
        yield item.problem(f"bottom line item {n} repeats key judgment '{judgment}'", "judgment")
    seen.add(judgment)


def _bottom_line_own(corpus: Corpus, item: BottomLineEntry, n: int) -> Iterator[Problem]:
    missing = [key for key in (*_OWN_FIELDS, "rests_on") if not getattr(item, key)]
    if missing:
        yield item.problem(
            f"bottom line item {n} needs either 'judgment' (a key judgment's id) or its own "
            f"{', '.join(missing)}"
        )
    for k, fact_id in enumerate(item.rests_on):
        if corpus.ref(fact_id) is None and not corpus.may_hold(fact_id):
            yield item.problem(f"bottom line item {n} rests on unknown fact '{fact_id}'", "rests_on", k)


def disputes(corpus: Corpus) -> Iterator[Problem]:
    """Each disputed point names facts that exist, on at least two sides."""
    for entry in corpus.themes:
        for d, dispute in enumerate(entry.theme.disputes):
            ids = [side.fact for side in dispute.sides]
            for k, fact_id in enumerate(ids):
                if corpus.ref(fact_id) is None and not corpus.may_hold(fact_id):
                    yield entry.problem(
                        f"disputed point {d + 1} ('{dispute.point}') names unknown fact '{fact_id}'",
                        "disputes",
                        d,
                        "sides",
                        k,
                        "fact",
                    )
            if len(set(ids)) < len(ids):
                yield entry.problem(
                    f"disputed point {d + 1} ('{dispute.point}') names a fact twice", "disputes", d, "sides"
                )


def _close(word: str, options: list[str]) -> str:
    import difflib  # only for a message

    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


JUDGMENT_RULES: list[Callable[[Corpus], Iterator[Problem]]] = [judgment_ids, bottom_line, disputes]
"""The rules of this module, in the order the check runs them."""
