"""The corpus: what an editor wrote, validated, and where each value stands (``path:line:col``).

Loading (:mod:`briefgen.project.load`) fills a :class:`Corpus`; the check, the output and the
editor's commands read it. Every item keeps the :class:`SourceMap` of its file, so a problem
about any value can name its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem

if TYPE_CHECKING:
    from .._speed import fastyaml
    from .models import Fact, Place, Source, Theme
    from .seeds import Seed

Pointer = tuple[str | int, ...]
"""Where a value is in a YAML file: the keys and list indexes leading to it."""


@dataclass
class SourceMap:
    """Where each value of one YAML file stands: pointer -> (line, column), 1-based."""

    path: str
    values: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    lazy: fastyaml.LazyPositions | None = field(default=None, repr=False, compare=False)
    """Positions inside top-level list items not yet read (see :mod:`briefgen.fastyaml`)."""

    def _fill(self, pointer: Pointer) -> None:
        if self.lazy is not None and len(pointer) >= 2:
            self.lazy.locate(pointer, self.values, self.keys)

    def at(self, *pointer: str | int) -> tuple[int, int]:
        """The position of the value at ``pointer``, or of its nearest enclosing value."""
        p: Pointer = tuple(pointer)
        self._fill(p)
        while p and p not in self.values:
            p = p[:-1]
        return self.values.get(p, (1, 1))

    def key_at(self, *pointer: str | int) -> tuple[int, int]:
        """The position of the key that introduces ``pointer`` (its value's if unknown)."""
        self._fill(tuple(pointer))
        return self.keys.get(tuple(pointer)) or self.at(*pointer)

    def has(self, *pointer: str | int) -> bool:
        """Whether the file has a value at ``pointer``."""
        self._fill(tuple(pointer))
        return tuple(pointer) in self.values

    def problem(self, pointer: Pointer, message: str, severity: str = "error") -> Problem:
        """A problem located at the value at ``pointer``."""
        line, column = self.at(*pointer)
        return Problem(self.path, line, column, severity, message)  # type: ignore[arg-type]


@dataclass
class Entry:
    """A validated item of a YAML list with the map of the file it came from."""

    smap: SourceMap
    pointer: Pointer

    def where(self, *more: str | int) -> tuple[int, int]:
        """The position of a value inside this item."""
        return self.smap.at(*self.pointer, *more)

    def problem(self, message: str, *more: str | int, severity: str = "error") -> Problem:
        """A problem located at a value inside this item."""
        return self.smap.problem((*self.pointer, *more), message, severity)


@dataclass
class FactEntry(Entry):
    """A fact, the theme of the file it is in, and where it stands."""

    fact: Fact = field(kw_only=True)
    file_theme: str = field(kw_only=True)

    @property
    def themes(self) -> list[str]:
        """The fact's themes, its file's theme first."""
        return self.fact.themes or [self.file_theme]


@dataclass
class FactRef(Entry):
    """What the cross-file rules need to know of one fact, and where it stands.

    The check reads each fact file on its own (possibly in another process, or from the cache)
    and keeps of each fact only this; the rules that compare facts with one another run over
    these references.
    """

    id: str = field(kw_only=True)
    file_theme: str = field(kw_only=True)
    written_themes: tuple[str, ...] = field(kw_only=True)
    credibility: int = field(kw_only=True)
    date: str | None = field(kw_only=True)
    """The date of the event (``when.date``), a partial date or None."""
    seeds: tuple[str, ...] = field(kw_only=True)
    """The seed of each citation, in order."""
    relations: tuple[tuple[str, str], ...] = field(kw_only=True)
    """(type, other fact id) of each relation, in order."""
    places: tuple[str, ...] = field(kw_only=True)
    """The ids of the gazetteer places its statement names (see :mod:`briefgen.gazetteer`)."""

    @property
    def themes(self) -> list[str]:
        """The fact's themes, its file's theme first."""
        return list(self.written_themes) or [self.file_theme]

    @classmethod
    def of(cls, entry: FactEntry, places: tuple[str, ...]) -> FactRef:
        """The reference to a loaded fact whose statement names ``places``."""
        return cls.from_tuple(entry.smap, entry.file_theme, cls.tuple_of(entry, places))

    @staticmethod
    def tuple_of(entry: FactEntry, places: tuple[str, ...]) -> tuple[Any, ...]:
        """The reference to a loaded fact as plain data (for the cache and between processes),
        without its map: what :meth:`from_tuple` reads back."""
        fact = entry.fact
        seeds = tuple([c.seed for c in fact.citations])
        relations = tuple([(r.type.value, r.fact) for r in fact.relations])
        return (
            entry.pointer,
            fact.id,
            tuple(fact.themes),
            fact.credibility,
            fact.when.date,
            seeds,
            relations,
            places,
        )

    @classmethod
    def from_tuple(cls, smap: SourceMap, file_theme: str, data: tuple[Any, ...]) -> FactRef:
        """The reference :meth:`tuple_of` made (tuples all the way down), back in its file."""
        pointer, fact_id, themes, credibility, date, seeds, relations, places = data
        return cls(
            smap=smap,
            pointer=pointer,
            id=fact_id,
            file_theme=file_theme,
            written_themes=themes,
            credibility=credibility,
            date=date,
            seeds=seeds,
            relations=relations,
            places=places,
        )


@dataclass
class SourceEntry(Entry):
    """A source record and where it stands."""

    source: Source = field(kw_only=True)


@dataclass
class ThemeEntry(Entry):
    """A theme record and where it stands."""

    theme: Theme = field(kw_only=True)


@dataclass
class BottomLineEntry(Entry):
    """One item of the ranked bottom line in themes.yaml, and where it stands.

    Made from the file's data, not from a model: a value of the wrong type is left out here, and
    reported by the validation of the file.
    """

    judgment: str | None = field(kw_only=True)
    text: str | None = field(kw_only=True)
    likelihood: str | None = field(kw_only=True)
    confidence: str | None = field(kw_only=True)
    implication: str | None = field(kw_only=True)
    rests_on: tuple[str, ...] = field(kw_only=True)

    @classmethod
    def of(cls, smap: SourceMap, index: int, data: dict[str, Any]) -> BottomLineEntry:
        """The entry for item ``index`` of the bottom line."""

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        rests = data.get("rests_on")
        return cls(
            smap=smap,
            pointer=("bottom_line", index),
            judgment=text("judgment"),
            text=text("text"),
            likelihood=text("likelihood"),
            confidence=text("confidence"),
            implication=text("implication"),
            rests_on=tuple(r for r in rests if isinstance(r, str)) if isinstance(rests, list) else (),
        )


@dataclass
class PlaceEntry(Entry):
    """A gazetteer place and where it stands."""

    place: Place = field(kw_only=True)


@dataclass
class Corpus:
    """Everything an editor wrote, validated: sources, themes, facts, and the seeds."""

    root: Path
    title: str = "Situation briefing"
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    themes: list[ThemeEntry] = field(default_factory=list)
    bottom_line: list[BottomLineEntry] = field(default_factory=list)
    """The ranked bottom line of themes.yaml, most important first."""
    themes_map: SourceMap | None = None
    """Where themes.yaml's values stand (the bottom line's length is reported on it)."""
    facts: list[FactEntry] = field(default_factory=list)
    seeds: dict[str, Seed] = field(default_factory=dict)
    places: list[PlaceEntry] = field(default_factory=list)
    fact_files: dict[str, SourceMap] = field(default_factory=dict)
    sources_map: SourceMap | None = None
    by_id: dict[str, FactEntry] = field(default_factory=dict)
    refs_by_id: dict[str, FactRef] = field(default_factory=dict)
    mentioned_ids: set[str] = field(default_factory=set)
    mentioned_themes: set[str] = field(default_factory=set)
    mentioned_judgments: set[str] = field(default_factory=set)
    """The key judgment ids themes.yaml names, its invalid themes' included (a bottom line that
    names one of those is not told it is unknown: the theme's own error is the one to fix)."""
    """The ids themes.yaml writes, valid or not (a theme with a bad value is not unknown)."""
    written_facts: dict[str, int] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    registry_unreadable: bool = False
    _refs: list[FactRef] = field(default_factory=list, repr=False)
    _gazetteer: Any = field(default=None, repr=False)
    """The places ready to be found in statements, made on first use."""
    _reffed: int = field(default=0, repr=False)
    """How many of ``facts`` have their reference in ``_refs`` (made when first asked for)."""

    @property
    def refs(self) -> list[FactRef]:
        """A reference to each fact, for the rules that compare facts across files."""
        while self._reffed < len(self.facts):
            entry = self.facts[self._reffed]
            self.add_ref(FactRef.of(entry, self.places_named(entry.fact.statement)))
            self._reffed += 1
        return self._refs

    def places_named(self, statement: str) -> tuple[str, ...]:
        """The ids of the gazetteer's places that ``statement`` names, in order (none without one)."""
        if not self.places:
            return ()
        if self._gazetteer is None or len(self._gazetteer.places) != len(self.places):
            from .gazetteer import gazetteer  # here: it reads this module's types

            self._gazetteer = gazetteer(self)
        return tuple(place.id for place in self._gazetteer.named_in(statement))

    def may_hold(self, fact_id: str) -> bool:
        """Whether a fact id could exist though no valid fact has it: its fact is invalid, or a
        fact file could not be parsed (so a reference to it is not reported as unknown)."""
        return fact_id in self.mentioned_ids or bool(self.unreadable)

    def add_fact(self, entry: FactEntry) -> None:
        """Add a fact; the first of two facts with one id is the one :meth:`fact` finds."""
        self.facts.append(entry)
        self.by_id.setdefault(entry.fact.id, entry)

    def add_ref(self, ref: FactRef) -> None:
        """Add a reference to a fact whose full entry is kept elsewhere (or is also added)."""
        self._refs.append(ref)
        self.refs_by_id.setdefault(ref.id, ref)

    def fact(self, fact_id: str) -> FactEntry | None:
        """The fact with this id (the first one, if an id is duplicated)."""
        return self.by_id.get(fact_id)

    def ref(self, fact_id: str) -> FactRef | None:
        """The reference to the fact with this id (the first one, if an id is duplicated)."""
        if self._reffed < len(self.facts):
            self.refs  # noqa: B018  (makes the references not made yet)
        return self.refs_by_id.get(fact_id)

    def theme(self, theme_id: str) -> ThemeEntry | None:
        """The theme with this id."""
        return next((t for t in self.themes if t.theme.id == theme_id), None)

    def ordered_themes(self) -> list[ThemeEntry]:
        """The themes in their briefing order."""
        return sorted(self.themes, key=lambda t: (t.theme.order, t.theme.id))


@dataclass
class Loaded:
    """What load produced: the corpus (all that was valid) and the problems met on the way."""

    corpus: Corpus
    problems: list[Problem]
