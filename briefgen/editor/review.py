"""review: a person vouches for facts, and the record says exactly what they read.

For each fact it shows what the reviewer is vouching for (the statement, who asserts it, the
grade, the date, and each passage inside its seed paragraph), then marks it reviewed by whom
and when, with the digest of that content (:mod:`briefgen.project.reviewed`), so a later change
to any of it shows in the check. Several facts are reviewed at once, all or none: the edits
are spliced into their files (every other byte kept), the real check runs on the result, and
nothing is written unless every fact would pass ``briefgen check --strict``.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from .._speed.files import Reads
from ..check.runner import check_project
from ..errors import EditRefused, Report, UsageError, printable
from ..project.load import Corpus, FactEntry, display_path, load_corpus
from ..project.normalize import normalize
from ..project.reviewed import Digest, reviewed_parts
from .edit import (
    NOT_ATTRIBUTED,
    NOT_DATED,
    Edited,
    _locate,
    _new_errors,
    _quoted,
    _read,
    fact_lines,
    trial_report,
)
from .yamledit import Splice, compose, set_scalars, value_of

CONTEXT_WORDS = 30
"""How many words of the seed paragraph to show on each side of a passage."""


@dataclass(frozen=True)
class Reviewed:
    """What a review run changed (one :class:`Edited` per fact) and what each reviewer was shown."""

    edited: list[Edited]
    shown: list[list[str]]


def review_facts(root: Path, fact_ids: Sequence[str], by: str, on: dt.date) -> Reviewed:
    """Mark each fact reviewed by ``by`` on ``on`` with the digest of its content; all or nothing."""
    if not by.strip():
        raise UsageError("--by needs the reviewer's name")
    if not fact_ids:
        raise UsageError("name at least one fact id to review")
    reads: Reads = {}
    before = check_project(root, reads=reads)
    corpus = load_corpus(root, reads).corpus
    texts: dict[Path, str] = {}
    originals: dict[Path, str] = {}
    previous: list[tuple[str, Path, str | None]] = []
    shown: list[list[str]] = []
    for fact_id in dict.fromkeys(fact_ids):
        path, text, _ = _locate(root, corpus, fact_id)
        originals.setdefault(path, text)
        current = texts.get(path, text)
        item = _item(current, fact_id, _shown(root, path))
        _refuse_placeholders(item, _shown(root, path), fact_id)
        entry = corpus.fact(fact_id)
        if entry is None:  # the fact does not validate: the check says why
            raise EditRefused(
                f"fact '{fact_id}' would not pass briefgen check --strict once reviewed",
                [str(p) for p in before.errors if p.path == _shown(root, path)],
            )
        previous.append((fact_id, path, _previous_review(item)))
        texts[path] = _mark_reviewed(
            current, item, by.strip(), on, _digest(entry, corpus), _shown(root, path)
        ).text
        shown.append(what_is_vouched(root, entry, corpus))
    after = trial_report(root, {path.name: text for path, text in texts.items()}, reads)
    blocking = _blocking(root, before, after, texts, [fact_id for fact_id, _, _ in previous])
    if blocking:
        only = previous[0][0] if len(previous) == 1 else None
        subject = f"fact '{only}'" if only else "these facts"
        raise EditRefused(f"{subject} would not pass briefgen check --strict once reviewed", blocking)
    _write_all(originals, texts)
    edited = [
        Edited(fact_id, _shown(root, path), fact_lines(texts[path], fact_id, _shown(root, path))[0], was)
        for fact_id, path, was in previous
    ]
    return Reviewed(edited, shown)


def _blocking(
    root: Path, before: Report, after: Report, texts: dict[Path, str], fact_ids: list[str]
) -> list[str]:
    """New errors anywhere, and any problem left inside a reviewed fact."""
    inside = []
    for fact_id in fact_ids:
        for path, text in texts.items():
            shown = _shown(root, path)
            first, last = fact_lines(text, fact_id, shown)
            inside += [p for p in after.problems if p.path == shown and first <= p.line <= last]
    return [str(p) for p in sorted(set(_new_errors(before, after) + inside))]


def default_reviewer(root: Path) -> str:
    """The reviewer's name from git (``git config user.name``), as ``--by`` defaults to."""
    try:
        found = subprocess.run(
            ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        found = None
    name = found.stdout.strip() if found is not None and found.returncode == 0 else ""
    if not name:
        raise UsageError("--by is needed: git config user.name is not set (give your name with --by NAME)")
    return name


def what_is_vouched(root: Path, entry: FactEntry, corpus: Corpus) -> list[str]:
    """The lines shown before a review: the fact as a reader gets it, each passage in its paragraph."""
    fact = entry.fact
    via = f" via {', '.join(fact.attribution.via)}" if fact.attribution.via else ""
    date = fact.when.date if fact.when.date is not None else "undated"
    lines = [
        f"{fact.id} ({entry.smap.path}:{entry.where('id')[0]})",
        f"  statement: {fact.statement}",
        f"  asserted by: {fact.attribution.by} ({fact.attribution.kind.value}){via}",
        f"  credibility: {fact.credibility}; date: {date} ({fact.when.basis})",
    ]
    for number, citation in enumerate(fact.citations, start=1):
        seed = corpus.seeds.get(citation.seed)
        spans = seed.locate(citation.passage, citation.prefix, citation.suffix) if seed else []
        if seed is None or len(spans) != 1:
            lines.append(f"  passage {number} ({citation.seed}): {citation.passage}")
            continue
        span = spans[0]
        paragraph = next((p for p in seed.paragraph_list if p.start <= span.start < p.end), None)
        start, end = (paragraph.start, max(paragraph.end, span.end)) if paragraph else (span.start, span.end)
        before = normalize(seed.text[start : span.start]).split()[-CONTEXT_WORDS:]
        after = normalize(seed.text[span.end : end]).split()[:CONTEXT_WORDS]
        passage = normalize(seed.text[span.start : span.end])
        lead = "… " if len(normalize(seed.text[start : span.start]).split()) > CONTEXT_WORDS else ""
        trail = " …" if len(normalize(seed.text[span.end : end]).split()) > CONTEXT_WORDS else ""
        where = f"{display_path(root, 'seeds')}/{citation.seed}:{span.line}"
        context = " ".join([*before, f">>{passage}<<", *after])
        lines.append(f"  passage {number} ({where}): {lead}{context}{trail}")
    return [printable(line) for line in lines]


def _digest(entry: FactEntry, corpus: Corpus) -> Digest:
    return Digest.of(reviewed_parts(entry.fact, corpus.seeds))


def _shown(root: Path, path: Path) -> str:
    return display_path(root, f"facts/{path.name}")


def _item(text: str, fact_id: str, shown: str) -> MappingNode:
    facts = value_of(compose(text, shown), "facts")
    for item in facts[1].value if facts else []:
        found = value_of(item, "id")
        if isinstance(item, MappingNode) and found and str(found[1].value) == fact_id:
            return item
    raise EditRefused(f"fact '{fact_id}' is no longer in {shown}")


def _write_all(originals: dict[Path, str], texts: dict[Path, str]) -> None:
    """Write every edited file, unless one changed on disk since it was read."""
    from ..output.write import write_through

    for path, original in originals.items():
        if _read(path) != original:
            raise EditRefused(f"{path} changed while briefgen was editing it; run the command again")
    for path, text in texts.items():  # a fact file that is a link is edited where it leads
        write_through(path, text.encode("utf-8"), path.parent.parent)


def _scalar(node: Node | None, *path: str) -> str | None:
    node = _node(node, *path)
    return str(node.value) if isinstance(node, ScalarNode) else None


def _node(node: Node | None, *path: str) -> Node | None:
    for key in path:
        found = value_of(node, key)
        node = found[1] if found else None
    return node


def _refuse_placeholders(item: MappingNode, shown: str, fact_id: str) -> None:
    """A fact still carrying one of add's placeholders has not been finished."""
    lines: list[tuple[int, str]] = []
    for path, placeholder, what in (
        (("when", "basis"), NOT_DATED, "date it, or say why it cannot be dated"),
        (("attribution", "by"), NOT_ATTRIBUTED, "say who asserts it"),
    ):
        if _scalar(item, *path) == placeholder:
            node = _node(item, *path)
            line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
            message = f"{'.'.join(path)} is still '{placeholder}': {what}"
            lines.append((line, f"{shown}:{line}:{column}: error: {message}"))
    if lines:
        raise EditRefused(f"fact '{fact_id}' is not finished", [text for _, text in sorted(lines)])


def _previous_review(item: MappingNode) -> str | None:
    if _scalar(item, "review", "status") != "reviewed":
        return None
    return f"reviewed by {_scalar(item, 'review', 'by')} on {_scalar(item, 'review', 'on')}"


def _mark_reviewed(text: str, item: MappingNode, by: str, on: dt.date, digest: Digest, shown: str) -> Splice:
    """Set review to reviewed/by/on/digest/parts, keeping the review's own layout where it has one."""
    values: dict[str, Any] = {
        "status": "reviewed",
        "by": _quoted(by),
        "on": on,
        "digest": _quoted(digest.digest),
        "parts": _quoted(digest.parts),
    }
    review = value_of(item, "review")
    if review is not None and isinstance(review[1], MappingNode):
        return set_scalars(text, review[1], values, shown)
    flow = CommentedMap(values)
    flow.fa.set_flow_style()
    return set_scalars(text, item, {"review": flow}, shown)
