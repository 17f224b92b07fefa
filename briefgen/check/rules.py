"""Corpus + seeds -> a list of problems. Never raises for content problems.

Each rule is a small function that yields problems; :func:`check` runs them all so an editor
sees every problem in one run.

Rules are of two kinds. A *fact rule* looks at one fact at a time (``corpus.facts``) and
needs only the seeds and the source registry besides; it can run on each fact file apart, in
another process or not at all when the file's result is cached (see :mod:`briefgen.fastcheck`).
A *corpus rule* compares facts with one another, and reads only the fact references
(``corpus.refs``: id, themes, credibility, cited seeds, relations, place), never the facts.
A new rule goes in one list or the other, by that test.

Relations are recorded on both facts: a symmetric type (``corroborates``, ``partly-overlaps``,
``in-tension``, ``contradicts``) with the same type, ``updates`` with its mirror ``updated-by``;
a one-sided record is an error, because a reader of the other fact's file (and of its briefing
entry) would not see it. ``contradicts`` means two claims that cannot both be true of the same
time, so it is refused between facts whose dates cannot overlap; ``updates`` is a later report,
so it is refused from a fact dated wholly before the one it updates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..errors import Problem, Report
from ..project.basemap import basemap_problems
from ..project.gazetteer import places_problems
from ..project.load import Corpus, FactEntry, FactRef, Loaded, display_path
from ..project.reviewed import review_stale
from ..project.seeds import Seed, bare_name_problem, not_a_seed
from ..project.vocab import (
    RELATION_INVERSE,
    SOURCE_NOT_DATED,
    SOURCE_NOT_GRADED,
    RelationKind,
    date_span,
    dates_overlap,
)
from ..project.words import SHORT_PASSAGE_WORDS, has_words, word_count
from .judgments import JUDGMENT_RULES

if TYPE_CHECKING:
    from ..project.models import Citation

Rule = Callable[[Corpus], Iterator[Problem]]


def check(loaded: Loaded) -> Report:
    """Every problem of a loaded corpus: those met while loading, then each rule's."""
    report = Report(list(loaded.problems))
    for rule in RULES:
        report.extend(list(rule(loaded.corpus)))
    return report


def duplicate_ids(corpus: Corpus) -> Iterator[Problem]:
    """A fact id must be unique across all fact files."""
    if len(corpus.refs) == len(corpus.refs_by_id):  # one reference per id: nothing to look for
        return
    first: dict[str, FactRef] = {}
    for ref in corpus.refs:
        seen = first.setdefault(ref.id, ref)
        if seen is not ref:
            line, _ = seen.where("id")
            yield ref.problem(
                f"duplicate fact id '{ref.id}' (first in {seen.smap.path} at line {line})", "id"
            )


def theme_ids(corpus: Corpus) -> Iterator[Problem]:
    """Fact files and fact themes must name themes of themes.yaml; themes must be unique.

    A theme themes.yaml writes but refuses (a bad value: reported there) is not unknown."""
    valid = {t.theme.id for t in corpus.themes}
    known = valid | corpus.mentioned_themes
    if not corpus.themes:
        return
    seen: set[str] = set()
    for theme_entry in corpus.themes:
        if theme_entry.theme.id in seen:
            yield theme_entry.problem(f"duplicate theme id '{theme_entry.theme.id}'", "id")
        seen.add(theme_entry.theme.id)
    listed = ", ".join(sorted(valid))
    for stem, smap in corpus.fact_files.items():
        if stem not in known:
            message = f"unknown theme '{stem}': the file name must be a theme id of themes.yaml ({listed})"
            yield Problem(smap.path, 1, 1, "error", message)
    for ref in corpus.refs:
        themes = ref.written_themes
        if not themes or (themes[0] == ref.file_theme and known.issuperset(themes)):
            continue  # nothing to report, as for nearly every fact
        for i, theme in enumerate(themes):
            if theme not in known:
                yield ref.problem(f"unknown theme '{theme}'", "themes", i)
        if ref.written_themes and ref.written_themes[0] != ref.file_theme:
            yield ref.problem(f"themes must start with the file's theme '{ref.file_theme}'", "themes", 0)


def themes_have_facts(corpus: Corpus) -> Iterator[Problem]:
    """A theme with no fact file or no fact would be an empty section of the briefing."""
    if corpus.unreadable:
        return
    having = {theme for ref in corpus.refs for theme in ref.written_themes}
    having.update(ref.file_theme for ref in corpus.refs if not ref.written_themes)
    for theme_entry in corpus.themes:
        if theme_entry.theme.id not in having and not corpus.written_facts.get(theme_entry.theme.id):
            yield theme_entry.problem(
                f"theme '{theme_entry.theme.id}' has no facts", "id", severity="warning"
            )


def key_judgments(corpus: Corpus) -> Iterator[Problem]:
    """Every theme has key judgments (a warning until --strict), and each rests on facts that exist."""
    for entry in corpus.themes:
        theme = entry.theme
        if not theme.key_judgments:
            # A warning: a new theme gets its judgments once facts exist for them to rest on.
            yield entry.problem(f"theme '{theme.id}' has no key judgments yet", "id", severity="warning")
        for j, judgment in enumerate(theme.key_judgments):
            for k, fact_id in enumerate(judgment.rests_on):
                if corpus.ref(fact_id) is None and not corpus.may_hold(fact_id):
                    yield entry.problem(
                        f"key judgment {j + 1} rests on unknown fact '{fact_id}'",
                        "key_judgments",
                        j,
                        "rests_on",
                        k,
                    )


def relations(corpus: Corpus) -> Iterator[Problem]:
    """Relations point to existing other facts and are recorded on both sides."""
    by_id = corpus.refs_by_id
    for ref in corpus.refs:
        for r, (kind, other_id) in enumerate(ref.relations):
            other = by_id.get(other_id)
            back = RELATION_INVERSE.get(RelationKind(kind), kind) if kind in _KINDS else kind
            where = ("relations", r, "fact")
            if other is not None and other_id != ref.id and (back, ref.id) in other.relations:
                yield from _relation_dates(ref, other, kind, where)
                continue  # recorded on both sides, as nearly every relation is
            if other_id == ref.id:
                yield ref.problem(f"fact '{ref.id}' {kind} itself", *where)
            elif other is None:
                if corpus.may_hold(other_id):
                    continue
                yield ref.problem(f"{kind} unknown fact '{other_id}'", *where)
            else:
                yield ref.problem(_one_sided(ref.id, kind, other, back), *where)


_KINDS = {k.value for k in RelationKind}


def _one_sided(fact_id: str, kind: str, other: FactRef, back: str) -> str:
    """The message for a relation the other fact does not record back as it should."""
    recorded = [k for k, o in other.relations if o == fact_id]
    head = f"'{fact_id}' {kind} '{other.id}', but '{other.id}' "
    if recorded:
        return head + f"records it as '{recorded[0]}': record '{back}' there (or change both)"
    if back == kind:
        return head + f"does not record it back ({kind} is symmetric: add it to both facts)"
    return head + f"does not record it back (add '{back}: {fact_id}' there: {kind} and {back} go in pairs)"


def _relation_dates(
    ref: FactRef, other: FactRef, kind: str, where: tuple[str | int, ...]
) -> Iterator[Problem]:
    """What a relation's type says about the two facts' dates, where both are dated."""
    if ref.date is None or other.date is None:
        return
    if kind == RelationKind.CONTRADICTS and not dates_overlap(ref.date, other.date):
        yield ref.problem(
            f"'{ref.id}' ({ref.date}) contradicts '{other.id}' ({other.date}), but their dates "
            "cannot overlap: claims about different times do not contradict each other; record "
            "'updates' on the later fact and 'updated-by' on the earlier, or 'in-tension'",
            *where,
        )
    if kind == RelationKind.UPDATES and date_span(ref.date)[1] < date_span(other.date)[0]:
        yield ref.problem(
            f"'{ref.id}' ({ref.date}) updates '{other.id}' ({other.date}), but it is dated "
            "earlier: 'updates' goes on the later report, 'updated-by' on the earlier",
            *where,
        )


def confirmed_credibility(corpus: Corpus) -> Iterator[Problem]:
    """Credibility 1 (confirmed) needs a corroborating fact that cites another seed."""
    for ref in corpus.refs:
        if ref.credibility != 1:
            continue
        own = set(ref.seeds)
        corroborating = [
            corpus.ref(other) for kind, other in ref.relations if kind == RelationKind.CORROBORATES
        ]
        if not any(other is not None and set(other.seeds) - own for other in corroborating):
            yield ref.problem(
                "credibility 1 (confirmed) needs a 'corroborates' relation to a fact that cites another seed",
                "credibility",
            )


def reviews(corpus: Corpus) -> Iterator[Problem]:
    """A reviewed fact says by whom and when, and still holds what was reviewed; a draft is a warning."""
    for entry in corpus.facts:
        review = entry.fact.review
        if review.status == "draft":
            yield entry.problem(
                f"fact '{entry.fact.id}' is a draft, not yet reviewed", "review", severity="warning"
            )
            continue
        for needed in ("by", "on"):
            if getattr(review, needed) is None:
                yield entry.problem(f"a reviewed fact needs review.{needed}", "review")
        if (stale := review_stale(entry.fact, corpus.seeds)) is not None and not _citation_errors(
            corpus, entry
        ):
            yield entry.problem(
                f"{stale}; re-read it, then: briefgen review {entry.fact.id}", "review", severity="warning"
            )


def _citation_errors(corpus: Corpus, entry: FactEntry) -> bool:
    """Whether a citation of the fact is an error: its own message says what is wrong, and the
    review's is reported once the citation holds again (asked only of a changed review)."""
    return any(
        p.severity == "error" for c in range(len(entry.fact.citations)) for p in _citation(corpus, entry, c)
    )


def citations(corpus: Corpus) -> Iterator[Problem]:
    """Each citation names a registered seed that exists, and its passage is there once."""
    seeds = corpus.seeds
    for entry in corpus.facts:
        for c, citation in enumerate(entry.fact.citations):
            seed = seeds.get(citation.seed)
            if seed is None or not _fine(seed, citation):
                yield from _citation(corpus, entry, c)


def _fine(seed: Seed, citation: Citation) -> bool:
    """Whether a citation of a readable seed has nothing to report: the common case, tested
    first and alone (a check runs it for each of up to hundreds of thousands of citations)."""
    if citation.prefix or citation.suffix:
        found_once = len(seed.find(citation.passage, citation.prefix, citation.suffix)) == 1
    else:
        found_once = seed.once(citation.passage)
    return (
        found_once
        and has_words(citation.passage, SHORT_PASSAGE_WORDS)
        and bare_name_problem(citation.seed) is None
    )


def _citation(corpus: Corpus, entry: FactEntry, c: int) -> Iterator[Problem]:
    citation = entry.fact.citations[c]
    refusal = bare_name_problem(citation.seed)
    if refusal:
        yield entry.problem(refusal, "citations", c, "seed")
        return
    seed = corpus.seeds.get(citation.seed)
    if seed is None:
        if not (corpus.root / "seeds" / citation.seed).exists():
            yield entry.problem(
                f"unknown seed '{citation.seed}': no such file in seeds/", "citations", c, "seed"
            )
        elif refusal := not_a_seed(citation.seed):  # notes.md beside the seeds: nothing is checked
            yield entry.problem(refusal, "citations", c, "seed")
        return  # a seed that exists but could not be read is reported where it is
    found = seed.find(citation.passage, citation.prefix, citation.suffix)
    where = ("citations", c, "passage")
    if not found:
        yield entry.problem(_not_found(seed, citation.passage, citation.seed), *where)
    elif len(found) > 1:
        lines = ", ".join(str(seed.line_of(at)) for at in found)
        yield entry.problem(
            f"passage occurs {len(found)} times in {citation.seed} (lines {lines}); lengthen it "
            "or add a prefix or suffix to choose one",
            *where,
            severity="warning",
        )
    if found and not has_words(citation.passage, SHORT_PASSAGE_WORDS):
        words = word_count(citation.passage)
        yield entry.problem(
            f"passage is only {_plural(words, 'word')}; cite at least {SHORT_PASSAGE_WORDS} "
            "so the evidence is unambiguous",
            *where,
            severity="warning",
        )


def _not_found(seed: Seed, passage: str, name: str) -> str:
    cut = seed.cut_word(passage)
    if cut is not None:
        return f"passage {cut}; a passage must begin and end on whole words"
    hint = seed.closest(passage)
    if hint is None:
        return f"passage not found in {name}"
    return (
        f"passage not found in {name}; closest at line {hint.line}, first differing at "
        f'character {hint.differs_at}: the passage has "{hint.passage_has}" where the seed has '
        f'"{hint.seed_has}"'
    )


def registered_seeds(corpus: Corpus) -> Iterator[Problem]:
    """A readable seed that a fact cites must be registered in sources.yaml.

    A corpus rule, though it looks at one citation at a time: the registry is read once for all
    files, so that each fact file's result depends on the seeds but not on sources.yaml.
    """
    if corpus.registry_unreadable:  # its own error says so; every citation would repeat it
        return
    unregistered = {n for n in corpus.seeds if n not in corpus.sources and not bare_name_problem(n)}
    if not unregistered:
        return
    for ref in corpus.refs:
        for c, name in enumerate(ref.seeds):
            if name in unregistered:
                yield ref.problem(f"seed '{name}' is not registered in sources.yaml", "citations", c, "seed")


def seed_pins(corpus: Corpus) -> Iterator[Problem]:
    """A seed's bytes must match its pinned sha256 (a review it voids is reported at its fact)."""
    for name, entry in sorted(corpus.sources.items()):
        refusal = bare_name_problem(name)
        if refusal:
            yield entry.problem(refusal, "file")
            continue
        seed = corpus.seeds.get(name)
        if seed is None:
            if not (corpus.root / "seeds" / name).exists():
                yield entry.problem(f"registered seed '{name}' is not in seeds/", "file")
            elif not_seed := not_a_seed(name):
                yield entry.problem(not_seed, "file")
            continue
        if seed.sha256 != entry.source.sha256:
            citing = sorted({ref.id for ref in corpus.refs if name in ref.seeds})
            cited = f"; cited by {_plural(len(citing), 'fact')}: {', '.join(citing)}" if citing else ""
            yield entry.problem(
                f"seed '{name}' has changed: its sha256 is {seed.sha256[:12]}…, the pin is "
                f"{entry.source.sha256[:12]}…{cited}; if the change is a correction, re-pin it: "
                f"briefgen pin {name} (a review it voids is reported at its fact)",
                "sha256",
            )


def copied_seeds(corpus: Corpus) -> Iterator[Problem]:
    """Two seeds with the same bytes, or the same words once spacing and line ends are set aside,
    are one source: a copy under another name (a line end added, CRLF for LF) would count as an
    independent, corroborating source. Each copy is reported, naming the others."""
    by_words: dict[str, list[str]] = {}
    for name, seed in corpus.seeds.items():
        words = hashlib.sha256(" ".join(seed.text.split()).encode()).hexdigest()
        by_words.setdefault(words, []).append(name)
    for names in sorted(by_words.values()):
        if len(names) < 2:
            continue
        for name in sorted(names):
            yield _copy_problem(corpus, name, sorted(other for other in names if other != name))


def _copy_problem(corpus: Corpus, name: str, others: list[str]) -> Problem:
    """The error at a seed that copies ``others``: at its record, else at the seed file."""
    digest = corpus.seeds[name].sha256
    listed = ", ".join(f"'{other}'" for other in others)
    if all(corpus.seeds[other].sha256 == digest for other in others):
        what = f"is a byte-identical copy of {listed} (sha256 {digest[:12]}…)"
    else:
        what = f"is a copy of {listed} (the same words; only spacing or line ends differ)"
    message = f"seed '{name}' {what}: a copy is not another source; remove all but one"
    entry = corpus.sources.get(name)
    shown = display_path(corpus.root, "seeds")
    return entry.problem(message, "file") if entry else Problem(f"{shown}/{name}", 1, 1, "error", message)


def unfinished_sources(corpus: Corpus) -> Iterator[Problem]:
    """A source still carrying one of source add's placeholders has not been dated or graded."""
    for name, entry in sorted(corpus.sources.items()):
        source = entry.source
        if source.published.basis == SOURCE_NOT_DATED:
            yield entry.problem(
                f"source '{name}' is not yet dated: give its publication date (or null) and how it is known",
                "published",
                "basis",
                severity="warning",
            )
        if source.reliability.rationale == SOURCE_NOT_GRADED:
            yield entry.problem(
                f"source '{name}' is not yet graded: give its reliability grade and the reason for it",
                "reliability",
                "rationale",
                severity="warning",
            )


def unregistered_seeds(corpus: Corpus) -> Iterator[Problem]:
    """A seed in seeds/ that sources.yaml does not describe cannot be graded."""
    if corpus.sources_map is None or not corpus.sources:
        return
    for name in sorted(set(corpus.seeds) - set(corpus.sources)):
        yield Problem(
            corpus.sources_map.path, 1, 1, "warning", f"seed '{name}' is in seeds/ but not registered here"
        )


FACT_RULES: list[Rule] = [reviews, citations]
"""Rules over one fact at a time (``corpus.facts``): run on each fact file apart."""

CORPUS_RULES: list[Rule] = [
    duplicate_ids,
    theme_ids,
    themes_have_facts,
    key_judgments,
    *JUDGMENT_RULES,
    relations,
    confirmed_credibility,
    registered_seeds,
    seed_pins,
    copied_seeds,
    unregistered_seeds,
    unfinished_sources,
    places_problems,
    basemap_problems,
]
"""Rules across facts and files, over the references (``corpus.refs``) only."""

RULES: list[Rule] = FACT_RULES + CORPUS_RULES


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"
