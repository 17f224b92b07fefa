"""What changed in the facts since a git revision: added, removed and changed facts.

The old fact files are read with ``git show REV:./facts/<file>`` into a scratch folder and
loaded like the current ones, so both sides are the same validated models. A fact is matched
by its id; a changed fact says what changed: its statement (old and new), its grade (the
Admiralty code, which moves when its credibility or its source's reliability does) and which
other fields changed. A fact that does not load on one side counts as absent there.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import GitError, Problem, UnknownRevision
from .load import Corpus, FactEntry, load_corpus
from .models import Fact

Kind = Literal["added", "changed", "removed"]
_MARK = {"added": "+", "changed": "~", "removed": "-"}
_COMPARED_APART = {"id", "statement", "credibility"}


@dataclass(frozen=True)
class FactState:
    """What diff compares of one fact."""

    fact: Fact
    themes: tuple[str, ...]
    grade: str

    @property
    def statement(self) -> str:
        return self.fact.statement


@dataclass(frozen=True)
class Change:
    """One fact added, removed or changed."""

    kind: Kind
    fact_id: str
    themes: tuple[str, ...]
    statement: str
    old_statement: str | None = None
    old_grade: str | None = None
    new_grade: str | None = None
    fields: tuple[str, ...] = ()

    def details(self) -> list[str]:
        """What changed, in words: statement, grade, other fields."""
        parts = []
        if self.old_statement is not None:
            parts.append(f'statement "{self.old_statement}" → "{self.statement}"')
        if self.old_grade is not None:
            parts.append(f"grade {self.old_grade} → {self.new_grade}")
        if self.fields:
            parts.append(f"also changed: {', '.join(self.fields)}")
        return parts

    def line(self) -> str:
        """The change as one terminal line."""
        head = f"{_MARK[self.kind]} {self.fact_id} [{', '.join(self.themes)}]"
        if self.kind != "changed":
            return f'{head}: "{self.statement}"'
        return f"{head}: " + "; ".join(self.details())


@dataclass
class FactChanges:
    """Every change to the facts between a revision and the working tree."""

    since: str
    commit: str
    changes: list[Change] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """A located warning for each fact file of the revision that could not be read."""

    @property
    def label(self) -> str:
        """How the revision is named: as given, with its commit."""
        return self.commit if self.commit.startswith(self.since) else f"{self.since} ({self.commit})"

    def of(self, kind: Kind) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def summary(self) -> str:
        return ", ".join(f"{len(self.of(kind))} {kind}" for kind in ("added", "changed", "removed"))

    def lines(self) -> list[str]:
        """The whole report: a heading, one line per change, a count."""
        return [
            f"Changes in the facts since {self.label}:",
            *(c.line() for c in self.changes),
            self.summary(),
        ]


def diff_facts(root: Path, rev: str) -> FactChanges:
    """The changes to the facts of ``root`` since git revision ``rev``."""
    commit = _git(root, "rev-parse", "--verify", "--quiet", "--short", f"{rev}^{{commit}}", what=rev)
    with tempfile.TemporaryDirectory(prefix="briefgen-diff-") as scratch:
        old_root = Path(scratch)
        _checkout_facts(root, rev, old_root)
        loaded = load_corpus(old_root)
        old = states(loaded.corpus)
        unreadable = _unreadable(loaded.corpus.unreadable, loaded.problems, old_root, commit)
    new = states(load_corpus(root).corpus)
    changes = [_added(new[i]) for i in sorted(new.keys() - old.keys())]
    changes += [c for i in sorted(new.keys() & old.keys()) if (c := _changed(old[i], new[i]))]
    changes += [_removed(old[i]) for i in sorted(old.keys() - new.keys())]
    return FactChanges(rev, commit, changes, unreadable)


def _unreadable(paths: list[str], problems: list[Problem], old_root: Path, commit: str) -> list[str]:
    """A warning for each fact file of the revision that could not be read at all (not UTF-8,
    say), located as ``COMMIT:facts/FILE:line:col``: its facts count as absent there."""
    warnings = []
    for problem in problems:
        if problem.path in paths and problem.severity == "error":
            shown = f"{commit}:{Path(problem.path).relative_to(old_root).as_posix()}"
            warnings.append(
                str(Problem(shown, problem.line, problem.column, "warning", problem.message))
                + f"; its facts count as absent in {commit}"
            )
    return warnings


def states(corpus: Corpus) -> dict[str, FactState]:
    """Each valid fact of a corpus by id (the first, where an id is duplicated)."""
    return {entry.fact.id: _state(corpus, entry) for entry in reversed(corpus.facts)}


def _state(corpus: Corpus, entry: FactEntry) -> FactState:
    letters = sorted(
        {
            corpus.sources[c.seed].source.reliability.grade
            for c in entry.fact.citations
            if c.seed in corpus.sources
        }
    )
    credibility = entry.fact.credibility
    grade = ", ".join(f"{letter}{credibility}" for letter in letters) or str(credibility)
    return FactState(entry.fact, tuple(entry.themes), grade)


def _added(state: FactState) -> Change:
    return Change("added", state.fact.id, state.themes, state.statement, new_grade=state.grade)


def _removed(state: FactState) -> Change:
    return Change("removed", state.fact.id, state.themes, state.statement)


def _changed(old: FactState, new: FactState) -> Change | None:
    before, after = old.fact.model_dump(), new.fact.model_dump()
    fields = tuple(name for name in after if name not in _COMPARED_APART and before[name] != after[name])
    statement = old.statement if old.statement != new.statement else None
    grade = old.grade if old.grade != new.grade else None
    if statement is None and grade is None and not fields:
        return None
    return Change(
        "changed",
        new.fact.id,
        new.themes,
        new.statement,
        old_statement=statement,
        old_grade=grade,
        new_grade=new.grade if grade is not None else None,
        fields=fields,
    )


def _checkout_facts(root: Path, rev: str, target: Path) -> None:
    """Write the facts/ files of ``rev`` into ``target/facts`` (and an empty seeds/ beside)."""
    # --full-tree: list the whole facts/ tree even when root is a subfolder of the repository.
    missing = f"{rev} has no facts/"
    listing = _git(root, "ls-tree", "--full-tree", "--name-only", f"{rev}:./facts", what=rev, missing=missing)
    (target / "facts").mkdir()
    (target / "seeds").mkdir()
    for name in listing.splitlines():
        if name.endswith(".yaml"):
            # As bytes: a file that was not UTF-8 in that revision is reported by the loader.
            data = _git_bytes(root, "show", f"{rev}:./facts/{name}", what=rev)
            (target / "facts" / name).write_bytes(data)


def _git_bytes(root: Path, *args: str, what: str) -> bytes:
    """The output of one git command run in ``root``, as bytes (a file's content)."""
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise UnknownRevision(f"unknown revision '{what}'" + (f" (git: {message})" if message else ""))
    return done.stdout


def _git(root: Path, *args: str, what: str, missing: str | None = None, strip: bool = True) -> str:
    """The output of one git command run in ``root``; its failure as a briefgen error."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed; diff needs it") from None
    if done.returncode == 0:
        return done.stdout.strip() if strip else done.stdout
    message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    if "not a git repository" in message:
        raise GitError(f"{root} is not inside a git repository; diff compares with a git revision")
    if missing and args[0] == "ls-tree":
        raise GitError(missing)
    raise UnknownRevision(f"unknown revision '{what}'" + (f" (git: {message})" if message else ""))


@dataclass(frozen=True)
class ChangeView:
    """One change as the briefing's "Changes since" section shows it."""

    number: str
    fact_id: str
    statement: str
    details: list[str]


@dataclass(frozen=True)
class ChangesView:
    """The "Changes since …" section of one briefing: only the changes to its themes."""

    since: str
    added: list[ChangeView]
    changed: list[ChangeView]
    removed: list[ChangeView]


def changes_view(changes: FactChanges, numbers: dict[str, str], theme_ids: list[str] | None) -> ChangesView:
    """The section for a briefing of ``theme_ids`` (None: every theme); ``numbers`` are the
    current facts' reference numbers."""

    def shown(kind: Kind) -> list[ChangeView]:
        views = [
            ChangeView(numbers.get(c.fact_id, ""), c.fact_id, c.statement, _briefing_details(c))
            for c in changes.of(kind)
            if theme_ids is None or set(c.themes) & set(theme_ids)
        ]
        return sorted(views, key=lambda v: (_number_key(v.number), v.fact_id))

    return ChangesView(changes.label, shown("added"), shown("changed"), shown("removed"))


def _number_key(number: str) -> tuple[int, ...]:
    """'2.10' after '2.9'; a removed fact (no number) keeps its id order."""
    return tuple(int(part) for part in number.split(".")) if number else ()


def _briefing_details(change: Change) -> list[str]:
    details = []
    if change.old_statement is not None:
        details.append(f'previously "{change.old_statement}"')
    if change.old_grade is not None:
        details.append(f"grade {change.old_grade} → {change.new_grade}")
    if change.fields:
        details.append(f"also changed: {', '.join(change.fields)}")
    return details
