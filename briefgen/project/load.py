"""YAML files -> models, keeping ``path:line:col`` for every node.

PyYAML's ``safe_load`` forgets where each value came from and silently keeps the last of two
duplicate keys. Here each file is *composed* into nodes, turned into plain data by hand (so a
duplicate key, an alias or an unexpected tag is a located problem), and validated item by item
with pydantic, so that one broken fact costs only that fact and every error names the line of
the offending node.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .._speed import fast_reader, fastyaml
from .._speed.files import FileTooLarge, Reads, read_file
from ..errors import Problem, ProjectError
from .layout import GAZETTEER_FILE, RESERVED, SOURCES_FILE, THEMES_FILE
from .seeds import Seed, read_seeds
from .vocab import PATTERN_MEANINGS

if TYPE_CHECKING:
    import yaml
    from pydantic import BaseModel, ValidationError

    from .models import Fact, Place, Source, Theme

Pointer = tuple[str | int, ...]
FileKind = Literal["facts", "sources", "themes", "gazetteer"]
"""The kinds of YAML file, each with its root model, its list field and its item model."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A fact file larger than this is refused before parsing."""

MAX_DEPTH = 40
"""Deeper nesting than this is refused before parsing (libyaml's composer recurses)."""


_STR, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


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
            seeds,
            relations,
            places,
        )

    @classmethod
    def from_tuple(cls, smap: SourceMap, file_theme: str, data: tuple[Any, ...]) -> FactRef:
        """The reference :meth:`tuple_of` made (tuples all the way down), back in its file."""
        pointer, fact_id, themes, credibility, seeds, relations, places = data
        return cls(
            smap=smap,
            pointer=pointer,
            id=fact_id,
            file_theme=file_theme,
            written_themes=themes,
            credibility=credibility,
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
    facts: list[FactEntry] = field(default_factory=list)
    seeds: dict[str, Seed] = field(default_factory=dict)
    places: list[PlaceEntry] = field(default_factory=list)
    fact_files: dict[str, SourceMap] = field(default_factory=dict)
    sources_map: SourceMap | None = None
    by_id: dict[str, FactEntry] = field(default_factory=dict)
    refs_by_id: dict[str, FactRef] = field(default_factory=dict)
    mentioned_ids: set[str] = field(default_factory=set)
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


def display_path(root: Path, relative: str) -> str:
    """How a project file is named in messages: relative to the current folder when given so."""
    return os.path.normpath(os.path.join(str(root), relative))


def load_corpus(root: Path, reads: Reads | None = None) -> Loaded:
    """Read sources, themes, fact files and seeds under ``root``; never raises for content.

    ``reads``: files whose bytes are already known (read by the digest of the inputs, or edits
    not yet written: see :mod:`briefgen._speed.files`), used instead of reading them again; a
    fact file known only from there is loaded too.
    """
    require_project(root)
    facts_dir, seeds_dir = root / "facts", root / "seeds"
    corpus, problems = Corpus(root=root), []
    known = reads or {}
    with paused_gc():
        problems += load_sources(corpus, facts_dir, data=bytes_of(facts_dir / SOURCES_FILE, known))
        problems += load_themes(corpus, facts_dir, data=bytes_of(facts_dir / THEMES_FILE, known))
        problems += load_gazetteer(corpus, facts_dir, data=bytes_of(facts_dir / GAZETTEER_FILE, known))
        for path in fact_files(facts_dir, known):
            problems += load_fact_file(corpus, path, bytes_of(path, known))
        corpus.seeds, seed_problems = read_seeds(seeds_dir, display_path(root, "seeds"), known)
    problems += seed_problems
    return Loaded(corpus, problems)


def bytes_of(path: Path, reads: Reads) -> bytes | None:
    """The bytes of ``path`` if already known, else None (it is then read from disk)."""
    known = reads.get(str(path))
    return known[0] if known is not None else None


def fact_files(facts_dir: Path, reads: Reads | None = None) -> list[Path]:
    """The theme fact files of facts/ (and those only in ``reads``), in the order they are read."""
    names = {path.name for path in facts_dir.glob("*.yaml")}
    prefix = os.path.join(str(facts_dir), "")
    for known in reads or ():
        name = known[len(prefix) :] if known.startswith(prefix) else ""
        if name.endswith(".yaml") and os.sep not in name:
            names.add(name)
    return [facts_dir / name for name in sorted(names) if name not in RESERVED]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch of objects is built.

    Loading makes millions of small dicts, lists and models and frees none of them; the
    collector would walk them all again and again for nothing. Reference counting still frees
    what is dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # what was built stays: no collection need ever walk it again
            gc.enable()


def require_project(root: Path) -> None:
    """Raise :class:`ProjectError` unless ``root`` has facts/ and seeds/."""
    for needed in (root / "facts", root / "seeds"):
        if not needed.is_dir():
            raise ProjectError(
                f"{display_path(root, needed.name)}: no such folder: {root} is not a briefgen "
                "project (it needs facts/ and seeds/; see --root)"
            )


def load_sources(corpus: Corpus, facts_dir: Path, data: bytes | None = None) -> list[Problem]:
    """Read facts/sources.yaml (or its bytes, when already read) into the corpus; return its
    problems."""
    smap, data, problems = read_yaml(facts_dir / SOURCES_FILE, corpus.root, data)
    corpus.sources_map = smap
    if data is None:
        corpus.registry_unreadable = True
        return problems
    for pointer, source in validate_items(data, "sources", smap, problems):
        entry = SourceEntry(smap=smap, pointer=pointer, source=source)
        first = corpus.sources.setdefault(source.file, entry)
        if first is not entry:  # two gradings of one seed: which would the briefing show?
            line, _ = smap.at(*first.pointer, "file")
            problems.append(
                entry.problem(f"seed '{source.file}' is registered twice (first at line {line})", "file")
            )
    return problems


def load_themes(corpus: Corpus, facts_dir: Path, data: bytes | None = None) -> list[Problem]:
    """Read facts/themes.yaml (or its bytes, when already read) into the corpus; return its
    problems."""
    smap, data, problems = read_yaml(facts_dir / THEMES_FILE, corpus.root, data)
    if data is None:
        return problems
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        corpus.title = data["title"]
    for pointer, theme in validate_items(data, "themes", smap, problems):
        corpus.themes.append(ThemeEntry(smap=smap, pointer=pointer, theme=theme))
    return problems


def load_gazetteer(corpus: Corpus, facts_dir: Path, data: bytes | None = None) -> list[Problem]:
    """Read facts/gazetteer.yaml (or its bytes, when already read), when there is one, into the
    corpus; return its problems."""
    if data is None and not (facts_dir / GAZETTEER_FILE).exists():
        return []
    smap, data, problems = read_yaml(facts_dir / GAZETTEER_FILE, corpus.root, data)
    if data is None:
        return problems
    for pointer, place in validate_items(data, "gazetteer", smap, problems):
        corpus.places.append(PlaceEntry(smap=smap, pointer=pointer, place=place))
    return problems


def load_fact_file(corpus: Corpus, path: Path, data: bytes | None = None) -> list[Problem]:
    """Read one theme's fact file (its bytes, when already read) into the corpus."""
    smap, data, problems = read_yaml(path, corpus.root, data)
    corpus.fact_files[path.stem] = smap
    if data is None:
        corpus.unreadable.append(smap.path)
        return problems
    items = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        corpus.unreadable.append(smap.path)
    corpus.written_facts[path.stem] = len(items) if isinstance(items, list) else 0
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            corpus.mentioned_ids.add(item["id"])
    theme = path.stem
    for pointer, fact in validate_items(data, "facts", smap, problems):
        corpus.add_fact(FactEntry(smap=smap, pointer=pointer, fact=fact, file_theme=theme))
    return problems


def read_yaml(path: Path, root: Path, data: bytes | None = None) -> tuple[SourceMap, Any, list[Problem]]:
    """Parse one YAML file (or its bytes, when already read) into plain data and its source map."""
    relative = path.relative_to(root).as_posix()
    smap = SourceMap(display_path(root, relative))
    problems: list[Problem] = []

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[SourceMap, Any, list[Problem]]:
        problems.append(Problem(smap.path, line, column, "error", message))
        return smap, None, problems

    if data is None:
        if not path.exists():
            return fail(f"missing file: {relative} is required")
        try:
            data = read_file(str(path), MAX_FILE_BYTES)
        except FileTooLarge as exc:
            return fail(str(exc.strerror))
        except OSError as exc:
            return fail(f"cannot read the file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return fail(f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    fast = fast_reader()
    rare = fastyaml.rare_characters(data) if fast else True
    text, message, line, column = decode_yaml(data, rare)
    if message:
        return fail(message, line, column)
    parsed = _read_fast(text, rare) if fast else None
    if parsed is not None:
        smap.values, smap.keys = parsed.values, parsed.keys
        if parsed.items:
            smap.lazy = fastyaml.LazyPositions(data, parsed.items, text)
        return smap, parsed.data, problems
    import yaml  # here: only a file the fast reader leaves to libyaml needs PyYAML

    try:
        node = yaml.compose(text, Loader=libyaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return fail(f"YAML syntax error: {exc.problem or exc.context}", *where)
    except yaml.reader.ReaderError as exc:  # libyaml's offset counts the UTF-8 bytes
        before = data[: exc.position].decode("utf-8", errors="replace")
        where = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return fail(f"YAML syntax error: unacceptable character #x{exc.character:04x}: {exc.reason}", *where)
    except yaml.YAMLError as exc:
        return fail(f"YAML error: {exc}")
    except RecursionError:
        return fail(f"nesting deeper than {MAX_DEPTH} levels")
    if node is None:
        return fail("the file is empty")
    try:
        value = _Builder(smap, problems).build(node, ())
    except _Refused as refused:
        return fail(refused.message, refused.line, refused.column)
    return smap, value, problems


def _read_fast(text: str, rare: bool) -> fastyaml.Parsed | None:
    """The file as the fast reader reads it, or None if it leaves the file to libyaml (which
    then reads it, and reports what is wrong with it)."""
    try:
        return fastyaml.parse(text, lazy=True, rare=rare)
    except fastyaml.Unsupported:
        return None


def libyaml_loader() -> Any:
    """PyYAML's libyaml-based safe loader (its pure-Python one where libyaml is missing)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode_yaml(data: bytes, rare: bool = True) -> tuple[str, str, int, int]:
    """Decode a YAML file's bytes as UTF-8: (text, message, line, column); no message if fine.

    ``rare`` is false when the bytes hold none of :func:`fastyaml.rare_characters`' characters.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "", "the file starts with a byte-order mark; save it as UTF-8 without BOM", 1, 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return "", f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", line, column
    tab = _TAB_INDENT.search(text) if rare else None  # a tab is one of the rare characters
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return "", "a tab in the indentation: YAML indents with spaces only", line, 1
    if _too_deep(text, data, rare):
        return "", f"nesting deeper than {MAX_DEPTH} levels", 1, 1
    return text, "", 0, 0


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _too_deep(text: str, data: bytes, rare: bool) -> bool:
    """Whether a YAML text may nest deeper than :data:`MAX_DEPTH`, judged without parsing it.

    The bound is :func:`_flow_depth`; the common case is settled with a few C-speed scans of the
    bytes instead: brackets that close at once add one level at most, and no line is indented
    that deeply if no newline is followed by that many spaces and dashes.
    """
    if not rare:  # else line breaks other than \n may be among them: count as splitlines does
        unpaired = _BRACKET_PAIR.sub(b"", data.translate(None, _NOT_BRACKET_BYTES))
        shallow_brackets = unpaired.count(b"[") + unpaired.count(b"{") + 1 <= MAX_DEPTH
        if shallow_brackets and not (_DEEP_INDENT.match(text) or _DEEP_LINE.search(text)):
            return False
    return _flow_depth(text) > MAX_DEPTH


_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_PAIR = re.compile(rb"[\[{][\]}]")
_DEEP_INDENT = re.compile(f"[ -]{{{2 * MAX_DEPTH + 2}}}")
_DEEP_LINE = re.compile(f"\n[ -]{{{2 * MAX_DEPTH + 2}}}")


def _flow_depth(text: str) -> int:
    """An upper bound of the nesting a YAML text can reach, counted without parsing it."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    indent = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    return max(deepest, indent // 2)


class _Refused(Exception):
    """A file the builder refuses as a whole, at one place."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Builder:
    """Turns composed YAML nodes into plain data, filling a source map as it goes."""

    def __init__(self, smap: SourceMap, problems: list[Problem]) -> None:
        self.smap, self.problems = smap, problems
        self.seen: set[int] = set()
        import yaml

        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.smap.path, mark.line + 1, mark.column + 1, "error", message))

    def build(self, node: yaml.Node, pointer: Pointer) -> Any:
        import yaml

        if id(node) in self.seen:
            # The composer hands back the anchored node itself; its key is where the alias is.
            # One alias refuses the whole file: expanding or reporting each one is what a
            # "billion laughs" file counts on.
            line, column = self.smap.keys.get(pointer) or self.smap.at(*pointer)
            raise _Refused("aliases (*name) are not allowed in briefgen files", line, column)
        self.smap.values[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.seen.add(id(node))
        if len(pointer) > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", *self.smap.values[pointer])
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _COLLECTION_TAGS:
            self.error(node, f"unsupported YAML tag {node.tag}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*pointer, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, pointer: Pointer) -> dict[str, Any]:
        import yaml

        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "merge keys (<<) are not allowed in briefgen files")
                continue
            # Keys are taken as written: YAML 1.1 would read a key `on:` or `no:` as a boolean.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag not in (_STR, "tag:yaml.org,2002:bool"):
                self.error(key_node, "a key must be a plain string")
                continue
            if key in first_line:
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first at line {first_line[key]}); YAML would "
                    "silently keep only the last one",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.smap.keys[(*pointer, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*pointer, key))
        return result

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag in (_STR, _TIMESTAMP):
            return node.value
        if node.tag in _PLAIN_TAGS:
            return self.constructor.construct_object(node, deep=True)
        self.error(node, f"unsupported YAML tag {node.tag}")
        return None


_LIST_FIELDS = {"facts": "facts", "sources": "sources", "themes": "themes", "gazetteer": "places"}


def validate_items(
    data: Any, kind: FileKind, smap: SourceMap, problems: list[Problem]
) -> Iterator[tuple[Pointer, Any]]:
    """Validate a file's root and then each item of its list, so one bad item costs only itself.

    Each item comes out as its model (:class:`Fact`, :class:`Source`, :class:`Theme` or
    :class:`Place`).
    """
    list_field = _LIST_FIELDS[kind]
    taken = {(p.line, p.column) for p in problems}
    if not isinstance(data, dict):
        problems.append(
            smap.problem((), f"the file must be a mapping with a '{list_field}' list, not {_describe(data)}")
        )
        return
    items = data.get(list_field)
    shell = {**data, list_field: []} if isinstance(items, list) else data
    problems.extend(_new(_pydantic(kind, 0, shell, smap, ())[1], taken))
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        pointer: Pointer = (list_field, index)
        model, found = _pydantic(kind, 1, item, smap, pointer)
        if model is not None:
            yield pointer, model
        problems.extend(_new(found, taken))


def _pydantic(
    kind: FileKind, which: int, data: Any, smap: SourceMap, pointer: Pointer
) -> tuple[Any, list[Problem]]:
    """The root (``which`` 0) or item (1) model of ``kind`` made from ``data``, or its problems."""
    from pydantic import ValidationError  # here: a check answered from the cache never needs it

    from . import models

    pairs: dict[str, tuple[type[BaseModel], type[BaseModel]]] = {
        "facts": (models.FactsFile, models.Fact),
        "sources": (models.SourcesFile, models.Source),
        "themes": (models.ThemesFile, models.Theme),
        "gazetteer": (models.GazetteerFile, models.Place),
    }
    model = pairs[kind][which]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, pydantic_problems(exc, smap, pointer, model)


def _new(problems: list[Problem], taken: set[tuple[int, int]]) -> list[Problem]:
    """The problems not at a place already reported (a bad node is reported once)."""
    return [p for p in problems if (p.line, p.column) not in taken]


def pydantic_problems(
    exc: ValidationError, smap: SourceMap, base: Pointer, model: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic error into located problems with messages an editor can act on."""
    problems = []
    for error in exc.errors():
        loc = _data_loc(smap, base, error["loc"])
        pointer: Pointer = (*base, *loc)
        message = _message(error, loc, model)
        if error["type"] == "extra_forbidden":
            line, column = smap.key_at(*pointer)
        else:
            line, column = smap.at(*pointer)
        problems.append(Problem(smap.path, line, column, "error", message))
    return problems


def _data_loc(smap: SourceMap, base: Pointer, loc: tuple[Any, ...]) -> Pointer:
    """pydantic's ``loc`` without the names it gives validator branches ('function-after[…]')."""
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and "[" in part and not smap.has(*base, *kept, part):
            continue
        kept.append(part)
    return tuple(kept)


def _where(loc: Pointer) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_YAML11 = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _message(error: Any, loc: Pointer, model: type[BaseModel]) -> str:
    kind, where, value = error["type"], _where(loc), error.get("input")
    if kind == "missing":
        return f"missing required field '{loc[-1]}'" + (f" in {_where(loc[:-1])}" if loc[:-1] else "")
    if kind == "extra_forbidden":
        inside = f" in {_where(loc[:-1])}" if loc[:-1] else ""
        return f"unknown field '{loc[-1]}'{inside}" + _did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
    if kind == "string_type" and isinstance(value, bool):
        return (
            f"{where}: expected a string, got the boolean {str(value).lower()} (YAML 1.1 reads "
            f"unquoted {'/'.join(sorted(_YAML11))} as booleans: put the text in quotes)"
        )
    if kind == "string_type":
        return f"{where}: expected a string, got {_describe(value)} (put the text in quotes)"
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        hint = (
            _did_you_mean(str(value), allowed, list_all=False) if isinstance(value, str) and allowed else ""
        )
        return f"{where}: {_describe(value)} is not one of {error['ctx']['expected']}{hint}"
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in PATTERN_MEANINGS:
        return f"{where}: {PATTERN_MEANINGS[error['ctx']['pattern']]}, not {_describe(value)}"
    if kind.startswith("date"):
        return f"{where}: {_describe(value)} is not a valid date YYYY-MM-DD ({error['msg'].split(', ')[-1]})"
    detail = str(error["msg"])
    if detail.startswith("Value error, "):
        detail = detail[len("Value error, ") :]
    return f"{where}: {detail[0].lower() + detail[1:]}" if where else detail


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str | int | float):
        return repr(value)
    return f"{type(value).__name__} {value!r}"


def _fields_at(model: type[BaseModel], loc: Pointer) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    """The model inside list[Model] or Model | None."""
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    from pydantic import BaseModel

    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _did_you_mean(word: str, options: list[str], list_all: bool = True) -> str:
    import difflib  # only for a message

    close = difflib.get_close_matches(word, options, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(options)})" if options and list_all else ""
