"""Realistic synthetic briefgen projects, at any size, with a known set of broken passages.

A generated project looks like one an editor would write, at scale:

- ``seeds/NNNN_<hex>.txt``: news-like texts of about 5 KB (or of ``seed_size`` bytes), one
  paragraph per line with blank lines between, some paragraphs hard-wrapped mid-sentence, with
  curly quotes and apostrophes, en and em dashes and no-break spaces (between a number and its
  unit, after a title);
- ``facts/sources.yaml``: one record per seed with its correct sha256 pin, folded (``>-``)
  date bases, graded reliability, omitted paragraphs;
- ``facts/themes.yaml``: the title and, per theme, two to four key judgments resting on facts;
- ``facts/<theme>.yaml``: the facts in the real format (ids, statements, themes, one to three
  citations, attribution, partial dates, credibility, flow-style review, symmetric relations).

Every sentence of a seed carries a four-digit figure that no other sentence of that seed has,
and every passage is a run of words around that figure, so each passage occurs exactly once in
its seed (sometimes with straight quotes and hyphens where the seed has curly ones and dashes,
and a space where the seed breaks the line: the normalization must absorb that). A chosen share
of facts gets one *broken* passage: one word inside it is misspelt into a word that occurs in no
seed, so it cannot be found. :attr:`Generated.broken` lists where each broken passage stands
(``path:line:col`` of its value), and a correct ``briefgen check`` reports exactly those.

Usage: ``python -m benchmarks.generate DIR --facts 50000 --seeds 2000``; one big seed cited
100,000 times: ``python -m benchmarks.generate DIR --facts 50000 --seeds 1 --seed-size 3700000``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from briefgen.project.reviewed import Digest, reviewed_parts
from briefgen.project.seeds import Seed

if TYPE_CHECKING:
    from briefgen.project.models import Fact

from briefgen.project.vocab import dates_overlap

NBSP = "\u00a0"
DASHES = ("\u2013", "\u2014")

NAMES = [
    "Adams", "Barzani", "Castillo", "Dillon", "Erdem", "Farouk", "Grant", "Haddad", "Ivanova",
    "Jaber", "Karimi", "Lindqvist", "Mansour", "Novak", "Okafor", "Petrov", "Qasim", "Rahimi",
    "Sokolov", "Tahan", "Umarov", "Vidal", "Walsh", "Yilmaz", "Zubair",
]  # fmt: skip
TITLES = ["Col.", "Gen.", "Maj.", "Dr.", "Mr.", "Ms."]
ROLES = [
    "a spokesman for the coalition", "a senior official of the interior ministry",
    "the regional governor", "a commander of the border guard", "an aid coordinator",
    "a local council member", "a diplomat familiar with the talks", "a human rights researcher",
]  # fmt: skip
OUTLETS = ["Reuters", "the Associated Press", "AFP", "the BBC", "Al Jazeera", "a local radio station"]
PLACES = [
    "the northern crossing", "the river valley", "the old market district", "the eastern highway",
    "the border camp", "the airport road", "the port city", "the desert garrison", "the southern hills",
    "the capital's outskirts", "the provincial centre", "the refinery complex",
]  # fmt: skip
GROUPS = [
    "displaced families", "militia fighters", "aid workers", "government troops", "civilians",
    "returning refugees", "contract workers", "police officers", "volunteers", "truck drivers",
]  # fmt: skip
VERBS = [
    "reached", "left", "crossed into", "were moved out of", "gathered near", "were registered at",
    "were evacuated from", "returned to", "were stranded outside", "were counted in",
]  # fmt: skip
WHEN = [
    "on Monday", "on Tuesday", "late on Wednesday", "early on Thursday", "on Friday", "over the weekend",
    "this week", "last month", "in recent days", "since the start of the year",
]  # fmt: skip
UNITS = ["km", "tonnes", "litres", "trucks", "tents"]
QUOTES = [
    "we will not leave the area", "the situation is under control", "nobody has told us anything",
    "the road is closed until further notice", "this is a humanitarian emergency",
    "we are ready for any threat", "the talks are making progress", "there is no food left",
]  # fmt: skip
ADVERBS = ["reportedly", "apparently", "officially", "allegedly", "finally", "quietly", "suddenly"]

TOPICS = [
    "border", "ports", "camps", "corridor", "garrison", "elections", "fuel", "aid-access", "ceasefire",
    "detainees", "airspace", "militias", "reconstruction", "water", "returnees", "sanctions",
    "smuggling", "talks", "casualties", "evacuations", "roads", "prisons", "harvest", "power-grid",
    "media",
]  # fmt: skip
REGIONS = ["north", "south", "east", "west", "delta", "coast", "highlands", "capital"]
KINDS = ["news-report", "opinion", "relay", "partisan-account"]
ATTRIBUTION_KINDS = ["official", "government", "organization", "outlet", "unnamed-source", "author"]
LIKELIHOODS = ["unlikely", "roughly even chance", "likely", "very likely", "almost certain"]
CONFIDENCES = ["low", "moderate", "high"]
REVIEW = '{status: reviewed, by: "A. Editor", "on": 2026-11-20, digest: "%s", parts: "%s"}'
"""A reviewed fact's review, bound (as ``briefgen review`` binds it) to what the fact holds."""
SEED_SIZE = 4900
"""A seed's size in bytes, about: the texts grow by paragraphs until they reach it."""


@dataclass
class Sentence:
    """One sentence of a seed: its words as written (curly quotes, dashes, no-break spaces)."""

    text: str
    figure: str


@dataclass
class SeedText:
    """A generated seed: file name, paragraphs of sentences, and the text as written."""

    name: str
    sentences: list[Sentence]
    text: str
    year: int


@dataclass
class Citation:
    """A generated citation: the seed, the passage as the fact file gives it, broken or not."""

    seed: str
    passage: str
    broken: bool = False


@dataclass
class FactPlan:
    """A generated fact before it is written."""

    id: str
    theme: str
    statement: str
    themes: list[str]
    citations: list[Citation]
    by: str
    kind: str
    via: list[str]
    date: str
    credibility: int
    relations: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Generated:
    """What was generated: where, how much, and where each broken passage stands."""

    root: Path
    facts: int
    seeds: int
    themes: list[str]
    broken: list[tuple[str, int, int]]
    """(path relative to the root, line, column) of each broken passage's value, sorted."""
    misses: list[tuple[str, str]] = field(default_factory=list)
    """(seed, passage as written) of each broken passage."""

    def manifest(self) -> dict[str, object]:
        """A JSON-ready summary (written as ``generated.json`` beside the project)."""
        return {
            "facts": self.facts,
            "seeds": self.seeds,
            "themes": self.themes,
            "broken": [list(b) for b in self.broken],
            "misses": [list(m) for m in self.misses],
        }


def generate(
    root: Path,
    facts: int = 1000,
    seeds: int = 40,
    themes: int | None = None,
    broken_share: float = 0.05,
    seed: int = 7,
    seed_size: int = SEED_SIZE,
) -> Generated:
    """Write a project of ``facts`` facts over ``seeds`` seeds of about ``seed_size`` bytes
    under ``root`` (replaced)."""
    rng = random.Random(seed)
    theme_ids = _theme_ids(themes if themes is not None else max(2, min(25, facts // 400 or 2)))
    if root.exists():
        shutil.rmtree(root)
    (root / "facts").mkdir(parents=True)
    (root / "seeds").mkdir()
    texts = [_seed_text(rng, i, seed_size) for i in range(seeds)]
    for seed_text in texts:
        (root / "seeds" / seed_text.name).write_text(seed_text.text, encoding="utf-8")
    plans = _plan_facts(rng, texts, theme_ids, facts, broken_share)
    seed_files = {t.name: Seed(t.name, t.text.encode("utf-8"), t.text) for t in texts}
    broken: list[tuple[str, int, int]] = []
    for theme in theme_ids:
        own = [p for p in plans if p.theme == theme]
        text, spots = _facts_file(theme, own, seed_files)
        (root / "facts" / f"{theme}.yaml").write_text(text, encoding="utf-8")
        broken += [(f"facts/{theme}.yaml", line, column) for line, column in spots]
    (root / "facts" / "sources.yaml").write_text(_sources_file(rng, texts), encoding="utf-8")
    (root / "facts" / "themes.yaml").write_text(_themes_file(rng, theme_ids, plans), encoding="utf-8")
    misses = [(c.seed, c.passage) for plan in plans for c in plan.citations if c.broken]
    return Generated(root, facts, seeds, theme_ids, sorted(broken), misses)


def _theme_ids(count: int) -> list[str]:
    ids = [f"{topic}-{region}" for region in REGIONS for topic in TOPICS]
    return ids[:count] if count <= len(ids) else [*ids, *(f"theme-{i}" for i in range(count - len(ids)))]


# ---------------------------------------------------------------------------------- seeds


def _seed_text(rng: random.Random, index: int, seed_size: int = SEED_SIZE) -> SeedText:
    """About ``seed_size`` bytes of news-like text; every sentence carries a figure unique in the
    seed (four digits, as 1,234; six, as 123,456, in a seed too big for four-digit ones)."""
    name = f"{index:04d}_{rng.getrandbits(64):016x}.txt"
    year = rng.randint(2015, 2020)
    if seed_size <= SEED_SIZE:
        figures = rng.sample(range(1000, 10000), 60)
    else:  # a sentence has more than 50 bytes; all figures have the same width, so none is in another
        figures = rng.sample(range(100_000, 1_000_000), seed_size // 50)
    sentences: list[Sentence] = []
    paragraphs: list[str] = [f"By {rng.choice(OUTLETS).removeprefix('the ')} staff, {year}"]
    size = len(paragraphs[0])
    while size < seed_size and figures:
        group = [_sentence(rng, figures.pop()) for _ in range(rng.randint(2, 4)) if figures]
        sentences += group
        paragraph = " ".join(s.text for s in group)
        if rng.random() < 0.25:  # a paragraph hard-wrapped mid-sentence, as some sources are
            words = paragraph.split(" ")
            cut = rng.randint(3, len(words) - 3)
            paragraph = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return SeedText(name, sentences, "\n\n".join(paragraphs) + "\n", year)


def _figure(number: int) -> str:
    return f"{number // 1000},{number % 1000:03d}"


def _sentence(rng: random.Random, number: int) -> Sentence:
    """One sentence in one of several shapes, with typographic quotes, dashes and spaces."""
    figure = _figure(number)
    name = f"{rng.choice(TITLES)}{NBSP}{rng.choice(NAMES)}"
    role, outlet, place = rng.choice(ROLES), rng.choice(OUTLETS), rng.choice(PLACES)
    group, verb, when = rng.choice(GROUPS), rng.choice(VERBS), rng.choice(WHEN)
    dash, quote, unit = rng.choice(DASHES), rng.choice(QUOTES), rng.choice(UNITS)
    shape = rng.randrange(6)
    if shape == 0:
        text = f"About {figure} {group} {verb} {place} {when}, {name}, {role}, told {outlet}."
    elif shape == 1:
        text = f"“{quote.capitalize()},” {name} said {when}, adding that {figure} {group} {verb} {place}."
    elif shape == 2:
        text = (
            f"The convoy of {figure}{NBSP}{unit} {dash} the largest {when} {dash} "
            f"{verb} {place}, {outlet} reported."
        )
    elif shape == 3:
        text = (
            f"According to {role}, the coalition’s estimate of {figure} {group} near {place} was ‘too low’."
        )
    elif shape == 4:
        said = f"{outlet[0].upper() + outlet[1:]} said {when}"
        text = f"{said} that {figure} {group} {verb} {place} and that “{quote}.”"
    else:
        text = f"{name} denied that {figure} {group} {verb} {place} {when} {dash} a claim {outlet} repeated."
    return Sentence(text, figure)


# ---------------------------------------------------------------------------------- facts


def _plan_facts(
    rng: random.Random, texts: list[SeedText], theme_ids: list[str], count: int, broken_share: float
) -> list[FactPlan]:
    plans: list[FactPlan] = []
    broken_at = set(rng.sample(range(count), round(count * broken_share)))
    for i in range(count):
        theme = theme_ids[i % len(theme_ids)]
        seed_text = texts[rng.randrange(len(texts))]
        citations = [
            Citation(seed_text.name, _passage(rng, s))
            for s in rng.sample(seed_text.sentences, rng.randint(1, 3))
        ]
        if i in broken_at:
            which = rng.randrange(len(citations))
            citations[which] = Citation(citations[which].seed, _misspell(rng, citations[which].passage), True)
        others = [t for t in theme_ids if t != theme]
        extra = rng.sample(others, min(len(others), rng.choice([0, 0, 1, 2])))
        kind = rng.choice(ATTRIBUTION_KINDS)
        plans.append(
            FactPlan(
                id=f"{theme}-{i:06d}",
                theme=theme,
                statement=_statement(citations[0].passage, kind),
                themes=[theme, *extra] if extra else [],
                citations=citations,
                by=f"{rng.choice(TITLES)} {rng.choice(NAMES)}, {rng.choice(ROLES)}",
                kind=kind,
                via=rng.sample(OUTLETS, rng.choice([0, 0, 1, 2])),
                date=_date(rng, seed_text.year),
                credibility=rng.choice([2, 2, 3, 3, 4, 5, 6]),
            )
        )
    _relate(rng, plans)
    return plans


def _passage(rng: random.Random, sentence: Sentence) -> str:
    """A run of words of the sentence around its figure, typed the way an editor would."""
    words = sentence.text.replace(NBSP, " ").split(" ")
    at = next(i for i, w in enumerate(words) if sentence.figure in w)
    start = max(0, at - rng.randint(2, 6))
    end = min(len(words), at + rng.randint(4, 9))
    passage = " ".join(words[start:end])
    if rng.random() < 0.3:  # straight quotes and hyphens where the seed has curly ones and dashes
        for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
            passage = passage.replace(curly, straight)
    return passage


def _misspell(rng: random.Random, passage: str) -> str:
    """The passage with one inner word misspelt into a word no seed contains."""
    words = passage.split(" ")
    inner = [i for i in range(1, len(words) - 1) if words[i].isalpha() and len(words[i]) >= 4]
    i = rng.choice(inner) if inner else len(words) // 2
    word = words[i]
    words[i] = word[:-1] + "q" + word[-1] if word.isalpha() else word + "q"
    return " ".join(words)


def _statement(passage: str, kind: str) -> str:
    who = {"outlet": "The outlet", "author": "The author", "unnamed-source": "An unnamed source"}
    return f"{who.get(kind, 'An official')} said that {passage.rstrip('.')}."


def _date(rng: random.Random, year: int) -> str:
    precision = rng.randrange(3)
    if precision == 0:
        return str(year)
    month = rng.randint(1, 12)
    return f"{year}-{month:02d}" if precision == 1 else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _relate(rng: random.Random, plans: list[FactPlan]) -> None:
    """Symmetric relations between pairs of facts; credibility 1 only where another seed corroborates."""
    order = list(range(len(plans)))
    rng.shuffle(order)
    for a, b in zip(order[0 : len(order) // 5 : 2], order[1 : len(order) // 5 : 2], strict=False):
        kind = rng.choice(["corroborates", "contradicts"])
        if kind == "contradicts" and not dates_overlap(plans[a].date, plans[b].date):
            kind = "in-tension"  # claims about different times do not contradict each other
        plans[a].relations.append((kind, plans[b].id))
        plans[b].relations.append((kind, plans[a].id))
        other_seed = {c.seed for c in plans[b].citations} - {c.seed for c in plans[a].citations}
        if kind == "corroborates" and other_seed and rng.random() < 0.5:
            plans[a].credibility = 1


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, as json writes it (the two agree for these texts)."""
    return json.dumps(text, ensure_ascii=False)


def _review(plan: FactPlan, seeds: dict[str, Seed]) -> str:
    """The plan's review record, with the digest of what it holds (see briefgen.project.reviewed)."""
    fact = SimpleNamespace(
        statement=plan.statement,
        attribution=SimpleNamespace(by=plan.by, kind=plan.kind, via=plan.via),
        credibility=plan.credibility,
        when=SimpleNamespace(date=plan.date, basis=_basis(plan.date)),
        citations=[
            SimpleNamespace(seed=c.seed, passage=c.passage, prefix=None, suffix=None) for c in plan.citations
        ],
    )
    digest = Digest.of(reviewed_parts(cast("Fact", fact), seeds))
    return REVIEW % (digest.digest, digest.parts)


def _basis(date: str) -> str:
    return f"'{date}' as the text dates it"


def _facts_file(
    theme: str, plans: list[FactPlan], seeds: dict[str, Seed]
) -> tuple[str, list[tuple[int, int]]]:
    """The YAML text of one theme's fact file and the (line, column) of each broken passage."""
    lines = [
        "# yaml-language-server: $schema=../schema/facts.schema.json",
        f"# Theme: {theme}. Generated by benchmarks/generate.py.",
        "facts:",
    ]
    broken: list[tuple[int, int]] = []
    for n, plan in enumerate(plans):
        if n % 50 == 0:
            lines.append(f"  # {'-' * 60} batch {n // 50 + 1}")
        lines += [f"  - id: {plan.id}", f"    statement: {_quoted(plan.statement)}"]
        if plan.themes:
            lines.append(f"    themes: [{', '.join(plan.themes)}]")
        lines.append("    citations:")
        for citation in plan.citations:
            lines.append(f"      - seed: {citation.seed}")
            if citation.broken:
                broken.append((len(lines) + 1, 18))
            if '"' in citation.passage and "'" not in citation.passage:
                lines.append(f"        passage: '{citation.passage}'")
            else:
                lines.append(f"        passage: {_quoted(citation.passage)}")
        lines += ["    attribution:", f"      by: {_quoted(plan.by)}", f"      kind: {plan.kind}"]
        if plan.via:
            lines.append(f"      via: [{', '.join(plan.via)}]")
        lines += [
            "    when:",
            f"      date: {plan.date}",
            f"      basis: {_quoted(_basis(plan.date))}",
            f"    credibility: {plan.credibility}",
            f"    review: {_review(plan, seeds)}",
        ]
        if plan.relations:
            lines.append("    relations:")
            for kind, other in plan.relations:
                lines += [f"      - type: {kind}", f"        fact: {other}"]
        lines.append("")
    return "\n".join(lines), broken


def _sources_file(rng: random.Random, texts: list[SeedText]) -> str:
    lines = ["# yaml-language-server: $schema=../schema/sources.schema.json", "sources:"]
    for seed_text in texts:
        sha = hashlib.sha256(seed_text.text.encode("utf-8")).hexdigest()
        lines += [
            f"  - file: {seed_text.name}",
            f"    sha256: {sha}",
            f"    title: {_quoted(seed_text.sentences[0].text[:60])}",
            f"    publisher: {rng.choice(OUTLETS).removeprefix('the ')}",
            '    publisher_basis: "the byline (line 1)"',
            f"    label: {_quoted('Generated source ' + seed_text.name.removesuffix('.txt'))}",
            "    published:",
            f"      date: {seed_text.year}",
            "      inferred: false",
            "      basis: >-",
            f"        Stated in the byline (line 1) as {seed_text.year}; the text gives no month,",
            "        and the events it reports fit that year.",
            f"    kind: {rng.choice(KINDS)}",
            "    reliability:",
            f"      grade: {rng.choice('ABCDEF')}",
            '      rationale: "A generated source with a byline and named officials."',
            "    omitted:",
            "      - line: 1",
            '        reason: "the byline; no claim"',
            "",
        ]
    return "\n".join(lines)


def _themes_file(rng: random.Random, theme_ids: list[str], plans: list[FactPlan]) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/themes.schema.json",
        'title: "Generated briefing: a synthetic corpus for benchmarks"',
        "themes:",
    ]
    judgment_ids: list[str] = []
    by_theme: dict[str, list[str]] = {t: [] for t in theme_ids}
    for plan in plans:
        by_theme[plan.theme].append(plan.id)
    for order, theme in enumerate(theme_ids, start=1):
        lines += [
            f"  - id: {theme}",
            f"    title: {_quoted(theme.replace('-', ' ').capitalize())}",
            f'    scope: "Everything the seeds say about {theme.replace("-", " ")}"',
            f"    order: {order}",
            "    key_judgments:",
        ]
        for number in range(1, rng.randint(2, 4) + 1):
            rests = rng.sample(by_theme[theme], min(3, len(by_theme[theme])))
            judgment_ids.append(f"{theme}-judgment-{number}")
            lines += [
                f"      - id: {judgment_ids[-1]}",
                f'        text: "It is {rng.choice(LIKELIHOODS)} that the reports on {theme} hold."',
                f"        likelihood: {rng.choice(LIKELIHOODS)}",
                f"        confidence: {rng.choice(CONFIDENCES)}",
                f'        implication: "What the reports on {theme} say bears on the rest."',
                f"        rests_on: [{', '.join(rests)}]",
            ]
        lines.append("")
    lines.append("bottom_line:")
    lines += [f"  - judgment: {j}" for j in judgment_ids[:5]]
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python -m benchmarks.generate DIR [--facts N] [--seeds N] [--themes N] [--broken SHARE]
    [--seed-size BYTES]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--facts", type=int, default=1000)
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--themes", type=int, default=None)
    parser.add_argument("--broken", type=float, default=0.05)
    parser.add_argument("--random-seed", type=int, default=7)
    parser.add_argument("--seed-size", type=int, default=SEED_SIZE, help="each seed's size in bytes, about")
    args = parser.parse_args()
    made = generate(
        args.root, args.facts, args.seeds, args.themes, args.broken, args.random_seed, args.seed_size
    )
    (args.root / "generated.json").write_text(json.dumps(made.manifest(), indent=1), encoding="utf-8")
    print(f"{args.root}: {made.facts} facts, {made.seeds} seeds, {len(made.broken)} broken passages")


if __name__ == "__main__":
    main()
