"""The check every command runs: cached, parallel, with the same result as the reference.

``check``, ``build``, ``add``, ``review``, ``coverage`` and ``serve`` all check through
:func:`check_project`. Reading, validating and checking one fact file against the seeds needs
nothing from the other fact files nor from the source registry (the *fact rules* of
:mod:`briefgen.check.rules`); only the *corpus rules* compare facts, and they read just a small
reference per fact. So:

0. if nothing the check reads changed since the last check, its report is the answer (the
   digest of the inputs is made without importing pydantic or PyYAML);
1. this process reads the seeds, every fact file's bytes and the gazetteer (each fact's
   reference names the places its statement names, which is all the corpus rules need of it),
   or takes them from the bytes it is given (an edit held in memory, or what a build digested);
2. each fact file whose result is in the cache (keyed on its bytes and on everything else the
   result depends on) is taken from there;
3. the others are read and checked by forked workers (:mod:`briefgen._speed.pool`), one per
   core, each storing its results in the cache and sending back only the file's problems, its
   fact references and where its items stand (or in this process, for a small project, where
   forking would cost more than it saves); meanwhile this process reads the source registry
   and the themes;
4. the corpus rules then run here over all the references.

:func:`briefgen.check.rules.check` over :func:`briefgen.project.load.load_corpus` stays the
reference: the tests hold this to the same problems, cold and warm, in one process or several,
with the fast YAML reader and without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .._speed.cache import Cache
from .._speed.files import Reads
from .._speed.manifest import inputs_digest
from ..errors import CheckFailed, Report
from ..project.layout import require_project

if TYPE_CHECKING:
    from ..project.corpus import Corpus


def check_project(
    root: Path,
    jobs: int | None = None,
    cache: Cache | None = None,
    reads: Reads | None = None,
) -> Report:
    """Every problem of the project at ``root``; ``jobs`` workers at most (default: one per core).

    ``reads``: files whose bytes are already known, used instead of the files on disk: those an
    earlier digest read (a build checks exactly what it digested) or edits not yet written
    (``add`` and ``review``: see :func:`briefgen._speed.files.overlay`). Every file the check
    reads is added to it, so that a caller can load the corpus from the very bytes checked.
    If nothing the check reads changed since the last check (the digest of it all: see
    :meth:`Cache.report`), the last report is the answer.
    """
    require_project(root)
    cache = cache if cache is not None else Cache(root)
    reads = reads if reads is not None else {}
    inputs = inputs_digest(root, None, reads)
    last = cache.report(inputs)
    if last is not None:
        return last
    report = _check(root, jobs, cache, reads)
    cache.put_report(inputs, report)
    return report


def load_checked(root: Path, strict: bool = False, reads: Reads | None = None) -> tuple[Corpus, Report]:
    """The project's corpus, loaded from the very bytes the check let through (``reads``: as for
    :func:`check_project`); raises :class:`CheckFailed` when the check refuses it."""
    reads = reads if reads is not None else {}
    report = check_project(root, reads=reads)
    if report.failed(strict):
        raise CheckFailed(report, strict)
    from ..project.load import load_corpus

    return load_corpus(root, reads).corpus, report


def _check(root: Path, jobs: int | None, cache: Cache, reads: Reads) -> Report:
    """The check itself, past the cache of whole reports (imported only then: pydantic, the
    YAML readers, the rules and the worker pool are not needed to answer from the cache)."""
    from .per_file import check_files

    return check_files(root, jobs, cache, reads)
