"""relate, judgment add, theme add, omit: the hand edits besides facts, made safely.

Each is a splice (:mod:`briefgen.editor.yamledit`: every other byte of the file stays as it
was), checked before it is written by the same check as ``briefgen check``, with the edited
files in memory (:func:`briefgen.editor.edit.trial_report`); a change that brings a new error
is refused and nothing is written. A problem inside the new lines is printed without a
location, as ``add`` prints it: those lines are in no file.

- ``relate A TYPE B`` records the relation on both facts: TYPE on A, and on B the type that
  says it from B's side (the same type for a symmetric one, such as ``contradicts``).
- ``judgment add THEME`` appends a key judgment to the theme in facts/themes.yaml.
- ``theme add ID`` appends a theme to facts/themes.yaml, last in the briefing's order unless
  told; it has no key judgments yet, which the check reports until ``judgment add`` gives it some.
- ``omit SEED --line N`` records in facts/sources.yaml that the paragraph starting at line N
  of the seed is left uncited on purpose, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .._speed.files import Reads
from ..check.runner import check_project
from ..errors import EditRefused, Problem, Report, UsageError
from ..project.layout import SOURCES_FILE, THEMES_FILE
from ..project.load import Corpus, display_path, load_corpus
from ..project.paragraphs import paragraphs
from ..project.vocab import ID_PATTERN, RELATION_INVERSE, Confidence, Likelihood, RelationKind
from .edit import _id_of, _locate, _new_errors, _read, _write, new_id, seed_named, trial_report
from .yamledit import Splice, append_item, append_to, compose, plain_if_safe, value_of


@dataclass(frozen=True)
class Written:
    """One new item: the file and line it starts at, and what it says."""

    shown: str
    line: int
    what: str


@dataclass
class _Edit:
    """A file being edited: its path, the text read, and the text with the edits so far."""

    path: Path
    original: str
    text: str
    shown: str
    new_lines: list[range]


def _start(root: Path) -> tuple[Reads, Report, Corpus]:
    """The bytes the check read, its report and the corpus: the state before the edit."""
    reads: Reads = {}
    before = check_project(root, reads=reads)
    return reads, before, load_corpus(root, reads).corpus


def _finish(
    root: Path, reads: Reads, before: Report, edits: list[_Edit], allowed: Sequence[str] = ()
) -> None:
    """Check the project with the edits in memory; write them all, or refuse and write none.

    ``allowed`` are messages the edit is expected to bring (a new theme has no judgments yet).
    """
    after = trial_report(root, {e.path.name: e.text for e in edits}, reads)
    inside = {(e.shown, line) for e in edits for lines in e.new_lines for line in lines}
    blocking = [p for p in _new_errors(before, after) if p.message not in allowed]
    blocking += [p for p in after.errors if (p.path, p.line) in inside and p.message not in allowed]
    own = [p for p in blocking if (p.path, p.line) in inside]
    if blocking:  # what is wrong with the new lines, if anything is: the rest follows from it
        raise EditRefused(
            "the change would not pass the check",
            [_shown(p, (p.path, p.line) in inside) for p in sorted(set(own or blocking))],
        )
    for edit in edits:
        _write(edit.path, edit.original, Splice(edit.text, 0, 0))


def _shown(problem: Problem, new: bool) -> str:
    return f"briefgen: {problem.severity}: {problem.message}" if new else str(problem)


def _apply(edit: _Edit, splice: Splice) -> None:
    """Take a splice of the edit's current text; the lines of earlier new items move with it."""
    moved = splice.text.count("\n") - edit.text.count("\n")
    edit.new_lines = [
        range(r.start + moved, r.stop + moved) if r.start > splice.first_line else r for r in edit.new_lines
    ]
    edit.new_lines.append(range(splice.first_line, splice.last_line + 1))
    edit.text = splice.text


def _quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _flow(items: Sequence[object]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


# relate


def relate(root: Path, fact_a: str, kind: str, fact_b: str, note: str | None) -> list[Written]:
    """Record that ``fact_a`` ``kind`` ``fact_b`` on both facts, or refuse and write nothing."""
    if kind not in {k.value for k in RelationKind}:
        known = ", ".join(k.value for k in RelationKind)
        raise UsageError(f"unknown relation type '{kind}' (types: {known})")
    if fact_a == fact_b:
        raise UsageError(f"a fact cannot relate to itself ('{fact_a}')")
    reads, before, corpus = _start(root)
    back = RELATION_INVERSE[RelationKind(kind)].value
    edits: dict[Path, _Edit] = {}
    made: list[tuple[_Edit, int, int, str]] = []
    for this, other, how in ((fact_a, fact_b, kind), (fact_b, fact_a, back)):
        path, text, _ = _locate(root, corpus, this)
        edit = edits.setdefault(path, _Edit(path, text, text, display_path(root, f"facts/{path.name}"), []))
        item = _fact_node(edit.text, edit.shown, this)
        if any(_relation_of(r) == (how, other) for r in _list_items(item, "relations")):
            raise EditRefused(f"'{this}' already records that it {how} '{other}'")
        relation = CommentedMap([("type", how), ("fact", other)])
        if note:
            relation["note"] = _quoted(note)
        _apply(edit, append_to(edit.text, item, "relations", relation, edit.shown))
        made.append((edit, len(edit.new_lines) - 1, len(relation), f"'{this}' {how} '{other}'"))
    _finish(root, reads, before, list(edits.values()))
    # Where each relation's '- ' stands, once both are in: the second may have moved the first.
    return [Written(e.shown, e.new_lines[n].stop - lines, what) for e, n, lines, what in made]


def _fact_node(text: str, shown: str, fact_id: str) -> MappingNode:
    facts = value_of(compose(text, shown), "facts")
    items = facts[1].value if facts and isinstance(facts[1], SequenceNode) else []
    return next(i for i in items if isinstance(i, MappingNode) and _id_of(i) == fact_id)


def _list_items(mapping: Node | None, key: str) -> list[Node]:
    found = value_of(mapping, key)
    return list(found[1].value) if found and isinstance(found[1], SequenceNode) else []


def _relation_of(node: Node) -> tuple[str | None, str | None]:
    kind, fact = value_of(node, "type"), value_of(node, "fact")
    return (str(kind[1].value) if kind else None, str(fact[1].value) if fact else None)


# judgment add and theme add


@dataclass(frozen=True)
class Judgment:
    """What an editor gives ``briefgen judgment add``."""

    theme: str
    text: str
    likelihood: Likelihood
    confidence: Confidence
    rests_on: tuple[str, ...]
    judgment_id: str | None = None
    implication: str | None = None


def add_judgment(root: Path, judgment: Judgment) -> Written:
    """Append a key judgment to its theme in facts/themes.yaml, or refuse and write nothing."""
    reads, before, corpus = _start(root)
    if corpus.theme(judgment.theme) is None:
        known = ", ".join(sorted(t.theme.id for t in corpus.themes)) or "none yet"
        raise UsageError(f"unknown theme '{judgment.theme}' (themes: {known})")
    if not judgment.rests_on:
        raise UsageError("--rests-on: name at least one fact the judgment rests on")
    if not judgment.implication:
        raise UsageError("--implication: say in a line what follows from it (the 'so what')")
    edit = _themes_edit(root)
    taken = {j.id for t in corpus.themes for j in t.theme.key_judgments}
    item = CommentedMap()
    item["id"] = judgment.judgment_id or new_id(judgment.theme, judgment.text, taken)
    item["text"] = _quoted(judgment.text)
    item["likelihood"] = judgment.likelihood.value
    item["confidence"] = judgment.confidence.value
    item["implication"] = _quoted(judgment.implication)
    item["rests_on"] = _flow(list(judgment.rests_on))
    splice = append_to(edit.text, _theme_node(edit, judgment.theme), "key_judgments", item, edit.shown)
    _apply(edit, splice)
    _finish(root, reads, before, [edit])
    return Written(edit.shown, splice.last_line + 1 - len(item), f"key judgment of '{judgment.theme}'")


def split_ids(values: Sequence[str]) -> tuple[str, ...]:
    """Fact ids given as repeated options, or several in one separated by commas or spaces."""
    return tuple(dict.fromkeys(part for value in values for part in re.split(r"[,\s]+", value) if part))


def add_theme(root: Path, theme_id: str, title: str, scope: str, order: int | None) -> Written:
    """Append a theme to facts/themes.yaml (last in order unless ``order``), or refuse and write
    nothing. Its lack of key judgments and facts is all the check may say about it."""
    if not re.fullmatch(ID_PATTERN, theme_id):
        raise UsageError(f"theme id '{theme_id}': an id is lower-case letters, digits and hyphens")
    reads, before, corpus = _start(root)
    if corpus.theme(theme_id) is not None:
        raise UsageError(f"theme id '{theme_id}' is taken in facts/{THEMES_FILE}")
    edit = _themes_edit(root)
    item = CommentedMap()
    item["id"] = theme_id
    item["title"] = plain_if_safe(title)
    item["scope"] = _quoted(scope)
    item["order"] = order or max((t.theme.order for t in corpus.themes), default=0) + 1
    splice = append_item(edit.text, "themes", item, edit.shown)
    _apply(edit, splice)
    pending = [f"theme '{theme_id}' has no key judgments", f"theme '{theme_id}' has no facts"]
    _finish(root, reads, before, [edit], allowed=pending)
    return Written(edit.shown, splice.first_line, f"theme '{theme_id}'")


def _themes_edit(root: Path) -> _Edit:
    path = root / "facts" / THEMES_FILE
    text = _read(path)
    if not text.strip():
        raise EditRefused(
            f"{display_path(root, f'facts/{THEMES_FILE}')} is missing or empty (briefgen init makes one)"
        )
    return _Edit(path, text, text, display_path(root, f"facts/{THEMES_FILE}"), [])


def _theme_node(edit: _Edit, theme_id: str) -> MappingNode:
    for item in _list_items(compose(edit.text, edit.shown), "themes"):
        if isinstance(item, MappingNode) and _id_of(item) == theme_id:
            return item
    raise EditRefused(f"theme '{theme_id}' is not written as a block item of {edit.shown}")


# omit


def omit(root: Path, seed_name: str, line: int, reason: str) -> Written:
    """Record that the paragraph starting at ``line`` of a seed is cited by no fact on purpose."""
    reads, before, corpus = _start(root)
    seed_name = seed_named(seed_name, corpus.seeds)  # a file name, or its number as add takes it
    seed = corpus.seeds[seed_name]
    entry = corpus.sources.get(seed_name)
    if entry is None:
        raise EditRefused(f"{seed_name} is not registered in facts/{SOURCES_FILE}; register it first")
    recorded = {o.line: o.reason for o in entry.source.omitted}
    if line in recorded:
        raise EditRefused(f"line {line} of {seed_name} is already recorded as omitted: {recorded[line]}")
    found = [p for p in paragraphs(seed) if p.line == line]
    if not found:
        starts = [p.line for p in paragraphs(seed)]
        nearest = min(starts, key=lambda s: (abs(s - line), s)) if starts else None
        hint = f"; the nearest starts at line {nearest}" if nearest is not None else ""
        raise EditRefused(f"no paragraph of {seed_name} starts at line {line}{hint}")
    citing = _citing(corpus, seed_name, found[0].start, found[0].end)
    if citing:
        raise EditRefused(f"line {line} of {seed_name} is cited by {', '.join(citing)}: it is not left out")
    path = root / "facts" / SOURCES_FILE
    text = _read(path)
    edit = _Edit(path, text, text, display_path(root, f"facts/{SOURCES_FILE}"), [])
    node = next(
        i for i in _list_items(compose(text, edit.shown), "sources") if _value(i, "file") == seed_name
    )
    item = CommentedMap([("line", line), ("reason", _quoted(reason))])
    splice = append_to(text, node, "omitted", item, edit.shown)
    _apply(edit, splice)
    _finish(root, reads, before, [edit])
    what = f"line {line} of {seed_name} left uncited on purpose"
    return Written(edit.shown, splice.last_line + 1 - len(item), what)


def _value(node: Node, key: str) -> str | None:
    found = value_of(node, key)
    return str(found[1].value) if found else None


def _citing(corpus: Corpus, seed_name: str, start: int, end: int) -> list[str]:
    """The facts whose passages in the seed overlap ``start``..``end``."""
    seed = corpus.seeds[seed_name]
    citing = []
    for entry in corpus.facts:
        for c in entry.fact.citations:
            spans = seed.locate(c.passage, c.prefix, c.suffix) if c.seed == seed_name else []
            if any(s.start < end and start < s.end for s in spans):
                citing.append(f"'{entry.fact.id}'")
                break
    return citing
