"""Loading a project: its YAML files and seeds -> a :class:`~briefgen.project.corpus.Corpus`.

Each file is read into plain data with its source map (:mod:`briefgen.project.yamlfile`), then
validated item by item (:mod:`briefgen.project.validation`); content problems are collected,
never raised. Bytes already read (by the digest of the inputs) or edits not yet written can be
given instead of the files (:mod:`briefgen._speed.files`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .._speed.files import Reads
from ..errors import Problem
from .corpus import (
    BottomLineEntry,
    Corpus,
    Entry,
    FactEntry,
    FactRef,
    Loaded,
    PlaceEntry,
    Pointer,
    SourceEntry,
    SourceMap,
    ThemeEntry,
)
from .layout import GAZETTEER_FILE, RESERVED, SOURCES_FILE, THEMES_FILE, display_path, require_project
from .seeds import read_seeds
from .validation import validate_items
from .yamlfile import read_yaml

__all__ = [  # the corpus's types, which every reader of a loaded corpus names, are found here too
    "Corpus",
    "Entry",
    "FactEntry",
    "FactRef",
    "Loaded",
    "PlaceEntry",
    "Pointer",
    "SourceEntry",
    "SourceMap",
    "ThemeEntry",
    "bytes_of",
    "display_path",
    "fact_files",
    "load_corpus",
    "load_fact_file",
    "load_gazetteer",
    "load_sources",
    "load_themes",
    "paused_gc",
    "read_yaml",
    "require_project",
]


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
    corpus.themes_map = smap
    if data is None:
        return problems
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        corpus.title = data["title"]
    items = data.get("themes") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            corpus.mentioned_themes.add(item["id"])
        for judgment in item.get("key_judgments") or [] if isinstance(item, dict) else []:
            if isinstance(judgment, dict) and isinstance(judgment.get("id"), str):
                corpus.mentioned_judgments.add(judgment["id"])
    ranked = data.get("bottom_line") if isinstance(data, dict) else None
    for index, item in enumerate(ranked if isinstance(ranked, list) else []):
        if isinstance(item, dict):
            corpus.bottom_line.append(BottomLineEntry.of(smap, index, item))
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
