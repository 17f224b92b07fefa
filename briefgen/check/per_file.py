"""Checking a project's fact files one by one, each result cached, in parallel when it pays.

Steps 1 to 4 of :mod:`briefgen.check.runner` (which answers first from the cache of whole
reports, without importing any of this): read the seeds and every fact file's bytes, take each
file's result from the cache or check it in a forked worker, then run the corpus rules over
the small reference each file's result keeps of each fact.
"""

from __future__ import annotations

import hashlib
import os
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._speed import fastyaml
from .._speed.cache import Cache, digest
from .._speed.files import Reads, leads_out, read_file
from .._speed.manifest import code_digest, reader_setting
from .._speed.pool import Shares, balance, cores
from ..errors import Problem, Report
from ..project.layout import GAZETTEER_FILE, SOURCES_FILE, THEMES_FILE
from ..project.load import (
    Corpus,
    FactRef,
    SourceMap,
    display_path,
    fact_files,
    load_fact_file,
    load_gazetteer,
    load_sources,
    load_themes,
    paused_gc,
)
from ..project.seeds import read_seeds
from .rules import CORPUS_RULES, FACT_RULES

FORMAT = "facts-result 4"
"""The layout of a cached file result; change it when the layout or its meaning changes."""

PARALLEL_MIN_BYTES = 1_000_000
"""Below this many bytes of fact files to read, one process is faster than forking workers."""

NAMED_FILES = (GAZETTEER_FILE, SOURCES_FILE, THEMES_FILE)
"""The files of facts/ besides the theme fact files, in the order the check reads them."""

FileResult = tuple[Any, ...]
"""What checking one fact file gives, as plain data (see :func:`check_file`)."""


def check_files(root: Path, jobs: int | None, cache: Cache, reads: Reads) -> Report:
    """The check itself (no report cache): steps 1 to 4 of :mod:`briefgen.check.runner`."""
    facts_dir = root / "facts"
    corpus = Corpus(root=root)
    with paused_gc():
        corpus.seeds, problems = read_seeds(root / "seeds", display_path(root, "seeds"), reads)
        paths = fact_files(facts_dir, reads)
        read = [_read(path, reads) for path in paths]
        blobs = [r[0] if r is not None else None for r in read]
        # The files the corpus rules read, too, as the digest read them (see _read).
        gazetteer, registry, themes = (reads.get(str(facts_dir / name), (None,))[0] for name in NAMED_FILES)
        problems += load_gazetteer(corpus, facts_dir, data=gazetteer)  # the workers need it
        context = _context(corpus)
        # A file whose bytes could not be read is read again, and its result (a message saying
        # why) not kept: it is keyed on no content.
        keys = [
            digest(FORMAT, context, str(p), r[1]) if r is not None else ""
            for p, r in zip(paths, read, strict=True)
        ]
        results: dict[int, FileResult] = {}
        for i, key in enumerate(keys):
            hit = cache.get("facts", key) if key else None
            if hit is not None:
                results[i] = hit
        todo = [i for i in range(len(paths)) if i not in results]

        def store(i: int, result: FileResult) -> None:
            if keys[i]:
                cache.put("facts", keys[i], result)

        workers = _start(corpus, paths, blobs, todo, jobs, store)
        problems += load_sources(corpus, facts_dir, data=registry)  # meanwhile: files need none
        problems += load_themes(corpus, facts_dir, data=themes)
        for i, result in workers.results().items():
            if keys[i]:
                cache.keep("facts", keys[i])  # a worker stored it
            results[i] = result
        cache.prune("facts")
        problems += _finish(corpus, paths, blobs, results)
    return Report(problems)


def _read(path: Path, reads: Reads) -> tuple[bytes, str] | None:
    """The bytes of a fact file and their sha256, as the digest of the inputs read them (an
    empty file's too: a report is filed under that digest), else as they are now; None if it is
    not a file or cannot be read (the loader then says why, as the reference does)."""
    known = reads.get(str(path))
    if known is not None:
        return known
    if leads_out(path, path.parent.parent) is not None:  # never read: the loader says why
        return None
    try:
        data = read_file(str(path)) if path.is_file() else None
    except OSError:  # too large, or not a regular file: the loader says so
        return None
    return (data, _sha256(data)) if data is not None else None


def _finish(
    corpus: Corpus, paths: list[Path], blobs: list[bytes | None], results: dict[int, FileResult]
) -> list[Problem]:
    """Put each fact file's result into the corpus, then run the corpus rules: their problems."""
    problems: list[Problem] = []
    for i, path in enumerate(paths):
        problems += _add_file(corpus, path, blobs[i], results[i])
    for rule in CORPUS_RULES:
        problems += list(rule(corpus))
    return problems


def check_file(corpus: Corpus, path: Path, data: bytes | None) -> FileResult:
    """Read one fact file and run the fact rules on it: its result as plain data.

    (problems, fact references, ids mentioned, facts written, unreadable, positions), where the
    positions are the source map's values and keys and, if the fast reader left items for
    later, where each item starts.
    """
    part = Corpus(root=corpus.root, seeds=corpus.seeds, places=corpus.places)
    problems = load_fact_file(part, path, data)
    for rule in FACT_RULES:
        problems += list(rule(part))
    smap = part.fact_files[path.stem]
    items = smap.lazy.items if smap.lazy is not None else {}
    return (
        [p.as_tuple() for p in problems],
        [FactRef.tuple_of(entry, part.places_named(entry.fact.statement)) for entry in part.facts],
        sorted(part.mentioned_ids),
        part.written_facts.get(path.stem, -1),
        bool(part.unreadable),
        (smap.path, smap.values, smap.keys, items),
    )


def _start(
    corpus: Corpus,
    paths: list[Path],
    blobs: list[bytes | None],
    todo: list[int],
    jobs: int | None,
    store: Callable[[int, FileResult], None],
) -> Shares[FileResult]:
    """Start checking the files ``todo``: in parallel workers when that is worth it.

    Each worker stores its own results in the cache (``store``), in parallel, rather than
    leaving this process to write them all again once they are back.
    """
    sizes = [len(blobs[i] or b"") for i in todo]
    if jobs is None:
        jobs = cores() if sum(sizes) >= PARALLEL_MIN_BYTES else 1
    shares = [[todo[k] for k in share] for share in balance(sizes, min(jobs, len(todo)))]

    def work(i: int) -> FileResult:
        result = check_file(corpus, paths[i], blobs[i])
        store(i, result)
        return result

    return Shares(work, shares)


def _add_file(corpus: Corpus, path: Path, data: bytes | None, result: FileResult) -> list[Problem]:
    """Put one file's result into the corpus (its map and fact references); its problems."""
    problems, refs, mentioned, written, unreadable, (shown, values, keys, items) = result
    smap = SourceMap(shown, dict(values), dict(keys))
    if items and data is not None:
        smap.lazy = fastyaml.LazyPositions(data, dict(items))
    corpus.fact_files[path.stem] = smap
    if unreadable:
        corpus.unreadable.append(smap.path)
    if written >= 0:
        corpus.written_facts[path.stem] = written
    corpus.mentioned_ids.update(mentioned)
    theme = path.stem
    for ref in refs:
        corpus.add_ref(FactRef.from_tuple(smap, theme, ref))
    return [Problem(*problem) for problem in problems]


def _context(corpus: Corpus) -> tuple[Any, ...]:
    """Everything a fact file's result depends on besides its own bytes and name.

    briefgen's own code and the libraries that word its messages; where the project is (paths
    in messages); each readable seed's bytes; which names are in seeds/ and which of them
    exist through links (an unknown seed is reported only if no such file exists); and the
    gazetteer's places, which each fact's reference names. Not the registry: that is for the
    corpus rules.
    """
    seeds_dir = corpus.root / "seeds"
    try:
        listing = sorted(os.listdir(seeds_dir))
    except OSError:
        listing = []
    # A name the check could not read as a seed is reported at its citations only if it does not
    # exist, through links: a link's target may come or go while the listing stays the same.
    found = [name in corpus.seeds or os.path.exists(os.path.join(seeds_dir, name)) for name in listing]
    return (
        _code_version(),
        reader_setting(),
        display_path(corpus.root, "facts"),
        sorted((name, seed.sha256) for name, seed in corpus.seeds.items()),
        listing,
        found,
        [(p.place.id, p.place.spellings, p.place.not_in) for p in corpus.places],
    )


_CODE_VERSION: list[str] = []


def _code_version() -> str:
    """A digest of briefgen's source and of the installed libraries that word its messages (the
    one the inputs digest has: see :func:`briefgen.manifest.code_digest`), and of Python's."""
    if not _CODE_VERSION:
        _CODE_VERSION.append(digest(code_digest(), sys.version, unicodedata.unidata_version))
    return _CODE_VERSION[0]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
