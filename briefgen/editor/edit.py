"""add (and the machinery review shares): an editor's everyday changes to a fact file, made safely.

Both edit the file in place (:mod:`briefgen.yamledit`: every other byte stays as it was),
then run the check every command runs (:func:`briefgen.check.runner.check_project`) on the
project as it would be after the change, the edited file held in memory; the change is written
(atomically, :func:`briefgen.write.write`) only when the edited fact would pass
``briefgen check --strict`` and nothing else got worse:

- ``add`` appends a *draft*: ``review: {status: draft}``, credibility 6 ("truth cannot be
  judged") and ``when: {date: null, basis: "not yet dated"}`` unless given, attribution
  "not yet attributed" unless given. The draft warning is the only one it lets through.
- ``review`` (:mod:`briefgen.editor.review`) marks facts reviewed, with a digest of what the
  reviewer read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .._speed.files import Reads, overlay, read_file
from ..check.runner import check_project
from ..errors import EditRefused, Problem, Report, UsageError
from ..output.write import write_through
from ..project.layout import RESERVED
from ..project.load import Corpus, display_path, load_corpus
from ..project.seeds import Seed
from ..project.vocab import AttributionKind
from ..project.yamlfile import MAX_FILE_BYTES
from .find import unknown_seed
from .yamledit import (
    Splice,
    append_item,
    compose,
    content_end,
    line_of,
    plain_if_safe,
    value_of,
)

NOT_DATED = "not yet dated"
"""The basis a draft's ``when`` carries until an editor dates it; review refuses it."""

NOT_ATTRIBUTED = "not yet attributed"
"""The attribution a draft carries when none is given; review refuses it."""

DRAFT_CREDIBILITY = 6
"""A draft's credibility until graded: 6, truth cannot be judged."""

MODELINE = "# yaml-language-server: $schema=../schema/facts.schema.json\n"
"""The first line of a fact file that add creates, so editors' YAML plugins validate it."""

_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "he",
        "in", "is", "it", "its", "of", "on", "or", "said", "says", "she", "that", "the", "their",
        "there", "they", "this", "to", "was", "were", "which", "who", "will", "with", "would",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Draft:
    """What an editor gives ``briefgen add``."""

    theme: str
    seed: str
    passage: str
    statement: str
    attributed_to: str = NOT_ATTRIBUTED
    attribution_kind: AttributionKind = AttributionKind.AUTHOR
    via: tuple[str, ...] = ()
    also_themes: tuple[str, ...] = ()
    date: str | None = None
    date_basis: str | None = None
    credibility: int = DRAFT_CREDIBILITY
    prefix: str | None = None
    suffix: str | None = None
    fact_id: str | None = None


@dataclass(frozen=True)
class Edited:
    """What add or review changed: the fact, its file and line, and the review it replaced."""

    fact_id: str
    shown: str
    line: int
    previous: str | None = None


def add_fact(root: Path, draft: Draft) -> Edited:
    """Append ``draft`` as a new draft fact to ``facts/<theme>.yaml``, or refuse and write nothing."""
    reads: Reads = {}
    before = check_project(root, reads=reads)
    corpus = load_corpus(root, reads).corpus
    _known_themes(corpus, (draft.theme, *draft.also_themes))
    draft = replace(draft, seed=seed_named(draft.seed, corpus.seeds))
    if draft.date is not None and not draft.date_basis:
        raise UsageError("--date needs --date-basis: say how the date was established")
    taken = set(corpus.by_id) | corpus.mentioned_ids
    if draft.fact_id in taken:
        raise UsageError(f"fact id '{draft.fact_id}' is taken{_where_is(corpus, draft.fact_id)}")
    fact_id = draft.fact_id or new_id(draft.theme, draft.statement, taken)
    path = root / "facts" / f"{draft.theme}.yaml"
    shown = display_path(root, f"facts/{path.name}")
    text = _read(path)
    splice = append_item(text, "facts", fact_yaml(draft, fact_id), shown, header=MODELINE)
    after = trial_report(root, {path.name: splice.text}, reads)
    refusal = _refusal_of_new(before, after, shown, range(splice.first_line, splice.last_line + 1), fact_id)
    if refusal:
        raise EditRefused("the new fact would not pass the check", refusal)
    _write(path, text, splice)
    return Edited(fact_id, shown, splice.first_line)


def seed_named(name: str, seeds: dict[str, Seed]) -> str:
    """The seed ``name`` names: its file name, or the number it starts with (``000`` for
    ``000_b5a843e4ad756883.txt``, as source add names seeds) when one seed has it."""
    if name in seeds:
        return name
    numbered = numbered_seed(name, seeds)
    if numbered is not None:
        return numbered
    raise UsageError(unknown_seed(name, seeds))


def numbered_seed(number: str, names: Iterable[str]) -> str | None:
    """The one seed of ``names`` whose name starts with ``number`` (``000_…``), if exactly one does."""
    numbered = [name for name in names if number.isdigit() and name.startswith(f"{number}_")]
    return numbered[0] if len(numbered) == 1 else None


def _refusal_of_new(before: Report, after: Report, shown: str, inside: range, fact_id: str) -> list[str]:
    """What stops a new fact: new errors anywhere, any problem in it but its draft warning.

    A problem inside the new fact is printed without a location: the fact is not in the file.
    """
    blocking = _new_errors(before, after) + [
        p
        for p in after.problems
        if p.path == shown and p.line in inside and p.message != draft_warning(fact_id)
    ]
    return [
        f"briefgen: {p.severity}: {p.message}" if p.path == shown and p.line in inside else str(p)
        for p in sorted(set(blocking))
    ]


def parse_day(value: str | None) -> dt.date:
    """The day ``--on`` names, or today when it names none."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--on: '{value}' is not a day of the form YYYY-MM-DD") from None


def draft_warning(fact_id: str) -> str:
    """The check's warning on a draft: the one warning a new fact is expected to have."""
    return f"fact '{fact_id}' is a draft, not yet reviewed"


def new_id(theme: str, statement: str, taken: set[str]) -> str:
    """A stable id for a new fact: its theme and the first telling words of its statement.

    The same theme, statement and existing ids always give the same id; ``-2``, ``-3`` … is
    added when it is taken.
    """
    plain = re.sub(r"['’]s\b", "", statement.lower())  # "the mayor's office" -> mayor-office
    plain = re.sub(r"(?<=\w)\.(?=\w)", "", plain)  # "U.S." -> "us"
    words = [w for w in re.findall(r"[a-z0-9]+", plain) if w not in _STOP_WORDS]
    telling = list(dict.fromkeys(words))[:4]  # each word once, in order
    base = "-".join([theme, *telling])[:72].strip("-")
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def fact_yaml(draft: Draft, fact_id: str) -> CommentedMap:
    """The new fact as round-trip YAML data, styled like the shipped files."""
    citation = CommentedMap([("seed", plain_if_safe(draft.seed)), ("passage", _quoted(draft.passage))])
    for key in ("prefix", "suffix"):
        if getattr(draft, key):
            citation[key] = _quoted(getattr(draft, key))
    attribution = CommentedMap([("by", _quoted(draft.attributed_to)), ("kind", draft.attribution_kind.value)])
    if draft.via:
        attribution["via"] = _flow([_quoted(v) for v in draft.via])
    fact = CommentedMap([("id", plain_if_safe(fact_id)), ("statement", _quoted(draft.statement))])
    if draft.also_themes:
        fact["themes"] = _flow([plain_if_safe(t) for t in (draft.theme, *draft.also_themes)])
    fact["citations"] = [citation]
    fact["attribution"] = attribution
    fact["when"] = CommentedMap(
        [("date", yaml_date(draft.date)), ("basis", _quoted(draft.date_basis or NOT_DATED))]
    )
    fact["credibility"] = draft.credibility
    review = CommentedMap([("status", "draft")])
    review.fa.set_flow_style()
    fact["review"] = review
    return fact


def yaml_date(date: str | None) -> object:
    """A partial date as YAML writes it plainly: ``2019``, ``2019-02``, ``2019-02-14``."""
    if date is None:
        return None
    if re.fullmatch(r"\d{4}", date):
        return int(date)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            return date  # the check says what is wrong with it
    return date


def _quoted(text: str) -> DoubleQuotedScalarString:
    quoted: DoubleQuotedScalarString = DoubleQuotedScalarString(text.strip())
    return quoted


def _flow(items: Sequence[object]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _where_is(corpus: Corpus, fact_id: str) -> str:
    entry = corpus.fact(fact_id)
    return f" (by {entry.smap.path}:{entry.where('id')[0]})" if entry else ""


def _known_themes(corpus: Corpus, themes: Sequence[str]) -> None:
    known = [t.theme.id for t in corpus.ordered_themes()]
    for theme in themes:
        if theme not in known:
            raise UsageError(f"unknown theme '{theme}' (themes: {', '.join(known)})")


def _read(path: Path) -> str:
    if not path.exists():
        return ""
    try:
        return read_file(str(path), MAX_FILE_BYTES).decode("utf-8")
    except OSError as exc:  # a FIFO, a device, too large: the check says so where it can
        raise EditRefused(f"cannot read {path}: {exc.strerror or exc}") from None


def _write(path: Path, original: str, splice: Splice) -> None:
    """Write the edit, unless the file changed on disk since it was read (an editor saved it).

    A fact file that is a link is edited where it leads (inside the project), and keeps its mode.
    """
    if _read(path) != original:
        raise EditRefused(f"{path} changed while briefgen was editing it; run the command again")
    write_through(path, splice.text.encode("utf-8"), path.parent.parent)


def trial_report(root: Path, changes: dict[str, str], reads: Reads) -> Report:
    """The check's report on the project as it would be with ``changes`` to files of facts/
    (their names), the other files as ``reads`` holds them (the bytes the check before the edit
    read): the same cached, parallel check as ``briefgen check``, with the edited files in
    memory."""
    edited = overlay(root, {f"facts/{name}": text.encode("utf-8") for name, text in changes.items()})
    return check_project(root, reads={**reads, **edited})


def _new_errors(before: Report, after: Report) -> list[Problem]:
    """Errors of ``after`` that ``before`` did not have (lines may have moved, so not compared)."""
    old = {(p.path, p.message) for p in before.errors}
    return [p for p in after.errors if (p.path, p.message) not in old]


def _locate(root: Path, corpus: Corpus, fact_id: str) -> tuple[Path, str, MappingNode]:
    """The fact file, its text and the fact's node, for a fact id written in exactly one place."""
    found: list[tuple[Path, str, MappingNode]] = []
    for path in sorted((root / "facts").glob("*.yaml")):
        if path.name in RESERVED:
            continue
        text = _read(path)
        for item in _items(compose(text, display_path(root, f"facts/{path.name}"))):
            if _id_of(item) == fact_id:
                found.append((path, text, item))
    if not found:
        import difflib

        known = sorted(set(corpus.by_id) | corpus.mentioned_ids)
        close = difflib.get_close_matches(fact_id, known, n=1)
        raise UsageError(f"unknown fact '{fact_id}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    if len(found) > 1:
        places = ", ".join(
            f"{display_path(root, f'facts/{p.name}')}:{item.start_mark.line + 1}" for p, _, item in found
        )
        raise EditRefused(f"fact id '{fact_id}' is used {len(found)} times ({places}); make it unique first")
    return found[0]


def _items(root: Node | None) -> list[MappingNode]:
    facts = value_of(root, "facts")
    if facts is None or not isinstance(facts[1], SequenceNode):
        return []
    return [item for item in facts[1].value if isinstance(item, MappingNode)]


def _id_of(item: MappingNode) -> str | None:
    found = value_of(item, "id")
    return str(found[1].value) if found and isinstance(found[1], ScalarNode) else None


def fact_lines(text: str, fact_id: str, shown: str) -> tuple[int, int]:
    """The first and last line of a fact's item in a fact file's text."""
    for item in _items(compose(text, shown)):
        if _id_of(item) == fact_id:
            return item.start_mark.line + 1, line_of(text, content_end(text, item))
    return 0, -1
