"""The orchestrator: load -> check -> render -> write, read top to bottom like the pipeline.

Around it, two things make builds fast (see :mod:`briefgen._speed.manifest` and
:mod:`briefgen.output.pdf_workers`): a build whose inputs have not changed since the last one
stops before any of it, having written nothing; and the PDFs are laid out by worker processes,
started first so that they import WeasyPrint while this process checks and renders, and only
for the briefings whose HTML changed.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .._speed.files import read_file
from .._speed.manifest import Manifest, libraries_digest, templates_digest
from .._speed.pool import can_fork, cores, forked_pool, kill_pool
from ..check.runner import check_project
from ..errors import CheckFailed, UsageError
from ..project.history import FactChanges, changes_view, diff_facts
from ..project.layout import templates_dir
from ..project.load import Corpus, load_corpus
from .document import Briefing, briefing
from .docx import Rasterizer, to_docx
from .exports import export
from .index_page import index_files, links_for
from .pdf_workers import PdfPool
from .render import render, render_source
from .source_viewer import SOURCES_DIR, page_name
from .up_to_date import DEFAULT_FORMATS, EXPORT_FORMATS, FORMATS, BuildResult, Inputs, Progress, Steps, inputs
from .views import BuildViews
from .write import write

MAX_OUTPUT_BYTES = 1024 * 1024 * 1024
"""The largest file of out/ a build reads back (a PDF it may keep): nothing it writes is larger."""

RENDER_GC_THRESHOLD = 50_000
"""Allocations between two runs of the cyclic garbage collector while rendering (700 otherwise)."""


__all__ = ["DEFAULT_FORMATS", "FORMATS", "BuildResult", "Steps", "build", "plan", "templates_dir"]


def build(
    root: Path,
    out_dir: Path | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    themes: Sequence[str] = (),
    strict: bool = False,
    progress: Progress = lambda _: None,
    *,
    detail: Progress = lambda _: None,
    changes_since: str | None = None,
    force: bool = False,
    writing: AbstractContextManager[object] | None = None,
    steps: Steps | None = None,
    read: Inputs | None = None,
) -> BuildResult:
    """Check the project, then render and write its briefings; write nothing if the check fails.

    Unless ``force``, a build whose inputs are those of the last build with these options
    returns at once, and PDFs whose HTML did not change are not laid out again. ``progress``
    hears of the slow steps, ``detail`` of every step (``-v``); with ``changes_since`` (a git
    revision) each briefing gets a "Changes since" section, which depends on git history the
    manifest does not record: such a build is never skipped, nor recorded as up to date.
    ``writing`` is held while the files are renamed into place; ``steps`` hears of each step
    done (see :class:`Steps`); ``read``: what :func:`~briefgen.output.up_to_date.inputs` found,
    when the caller asked it first.
    """
    steps = steps or Steps()
    out_dir = out_dir or root / "out"
    found = read or inputs(root, out_dir, formats, themes, reuse=not (force or changes_since))
    done = found.skipped(strict)
    if done is not None:
        return done
    templates, manifest, reads = found.templates, found.manifest, found.reads  # the bytes checked
    with _pdf_workers(formats, templates) as pool:
        corpus = load_corpus(root, reads).corpus
        detail(f"loaded {len(corpus.facts)} facts, {len(corpus.themes)} themes, {len(corpus.seeds)} seeds")
        report = check_project(root, reads=reads)
        detail(f"checked: {report.summary()}")
        if report.failed(strict):
            raise CheckFailed(report, strict)
        documents = plan(corpus, themes)
        steps.total(len(documents) * (1 + ("pdf" in formats)) + 1)
        changes = diff_facts(root, changes_since) if changes_since else None
        if changes is not None:
            for line in changes.unreadable:
                progress(line)
            detail(f"changes since {changes.label}: {changes.summary()}")
        reuse = None if force else manifest
        with _collecting_seldom():
            files, sources = _render(
                corpus, documents, formats, templates, progress, reuse, pool, changes, detail, steps
            )
    changed = {name: data for name, data in files.items() if _differs(out_dir / name, data)}
    progress(f"writing {len(changed)} files")
    with writing or nullcontext():  # serve holds its readers off while files are renamed into place
        written = write(out_dir, changed)
    steps.done("writing")
    outputs = {name: (_sha256(data), sources[name]) for name, data in files.items()}
    if not changes_since:
        manifest.save(found.digest, found.options, outputs, [str(p) for p in report.sorted()])
    unchanged = [out_dir / name for name in sorted(files) if name not in changed]
    return BuildResult(written, report, unchanged)


@contextmanager
def _collecting_seldom() -> Iterator[None]:
    """Rendering makes millions of short-lived objects and next to no reference cycles, which
    reference counting frees; the cyclic collector, run every 700 allocations, walked the
    corpus's live objects again and again meanwhile: a quarter of a 20,000-fact build's time,
    for no memory saved. It still runs, seldom (and so in a worker forked meanwhile)."""
    before = gc.get_threshold()
    gc.set_threshold(RENDER_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _differs(path: Path, data: bytes) -> bool:
    """Whether writing ``data`` to ``path`` would change it (a build rewrites no equal file).

    Only a regular file can be equal, and no more than one byte past ``data`` is read: a link
    to ``/dev/zero`` or a huge file in out/ is simply replaced."""
    try:
        return path.is_symlink() or read_file(str(path), len(data)) != data
    except OSError:
        return True


def plan(corpus: Corpus, themes: Sequence[str]) -> dict[str, list[str] | None]:
    """The documents to make: output stem -> themes (None for all of them)."""
    known = [t.theme.id for t in corpus.ordered_themes()]
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise UsageError(f"unknown theme '{unknown[0]}' (themes: {', '.join(known)})")
    if themes:
        return {f"themes/{t}": [t] for t in known if t in themes}
    return {"briefing": None, **{f"themes/{t}": [t] for t in known}}


def _render(
    corpus: Corpus,
    documents: dict[str, list[str] | None],
    formats: Sequence[str],
    templates: Path,
    progress: Progress,
    manifest: Manifest | None,
    pool: PdfPool | None,
    changes: FactChanges | None = None,
    detail: Progress = lambda _: None,
    steps: Steps | None = None,
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every output's bytes, made in memory before anything is written, and what each is made
    from (for the manifest). Beside each document, Markdown gets its pictures as .svg files (HTML
    and PDF carry them inline) and HTML gets the source viewer, a page per seed in out/sources/.

    A PDF whose print HTML, templates and libraries are those it was last made from (as the
    manifest records, the file being still there unchanged) is taken from out/ instead of laid
    out again.
    """
    files: dict[str, bytes] = {}
    rasterizer = Rasterizer()
    steps = steps or Steps()
    pdfs = _Layouts(templates, progress, pool, manifest, steps.done)
    views = BuildViews(corpus)  # what every document shares, computed once for all of them
    job = _Job(views, documents, formats, templates, changes)
    with _Helper(job) as helper:
        for stem in documents:
            if stem not in helper.stems:
                files.update(job.files(stem, pdfs, rasterizer, detail))
                detail(f"rendered {stem}")
                steps.done(stem)
        files = {**files, **helper.files()}
        for stem in helper.stems:
            detail(f"rendered {stem}")
            steps.done(stem)
    if "html" in formats:
        files.update(source_pages(views, templates))
    files.update(index_files(views, documents, formats, templates))
    sources = {name: _sha256(data) for name, data in files.items()}
    files.update(pdfs.results())
    return files, {**sources, **pdfs.sources}


@dataclass
class _Job:
    """What a build renders: its documents in the formats asked for, from the build's views."""

    views: BuildViews
    documents: dict[str, list[str] | None]
    formats: Sequence[str]
    templates: Path
    changes: FactChanges | None

    def files(
        self, stem: str, pdfs: _Layouts | None, rasterizer: Rasterizer | None, detail: Progress
    ) -> dict[str, bytes]:
        """One document's files; its PDF's print HTML goes to ``pdfs``."""
        theme_ids, formats, templates = self.documents[stem], self.formats, self.templates
        view: Briefing = briefing(self.views, theme_ids, root="../" * stem.count("/"))
        if self.changes is not None:
            view.changes = changes_view(self.changes, self.views.numbers, theme_ids)
        files: dict[str, bytes] = {}
        if pdfs is not None and "pdf" in formats:  # first: a worker lays it out while the rest is rendered
            pdfs.add(f"{stem}.pdf", render(view, "html", templates, medium="print"))
        if "md" in formats or "docx" in formats:
            markdown = render(view, "md", templates)
        if "md" in formats:
            files[f"{stem}.md"] = markdown.encode("utf-8")
            files.update(view.picture_files)
        if rasterizer is not None and "docx" in formats:
            detail(f"converting {stem}.md to {stem}.docx")
            about = {"subject": view.description, "keywords": view.keywords}
            files[f"{stem}.docx"] = to_docx(markdown, view.picture_files, templates, rasterizer, about)
        if "html" in formats:
            links = links_for(stem, formats, "briefing" in self.documents)
            files[f"{stem}.html"] = render(view, "html", templates, links=links).encode("utf-8")
        for fmt in EXPORT_FORMATS:
            if fmt in formats:
                files[f"{stem}.{fmt}"] = export(self.views, theme_ids, fmt)
        return files


PARALLEL_FROM = 2_000
"""From this many facts on, a build of text formats only renders on two cores."""

_JOB: _Job | None = None
"""The job a helper process inherits when it is forked (never pickled: it holds the corpus)."""


class _Helper:
    """A second process that renders the theme briefings while this one renders the rest.

    Only for text formats (PDFs already keep every core busy; Word documents go through one
    converter) and for a corpus big enough to repay the fork. The helper is forked once the
    views every document shares are made, so it computes none of them again; it sends back
    the files' bytes. Without it, every document is rendered here.
    """

    def __init__(self, job: _Job) -> None:
        self.job = job
        self.stems: list[str] = []
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future[dict[str, bytes]] | None = None
        themes = [stem for stem, theme_ids in job.documents.items() if theme_ids is not None]
        if _helps(job) and len(themes) < len(job.documents):
            self.stems = themes

    def __enter__(self) -> _Helper:
        global _JOB
        if self.stems:
            self.job.views.prepare()
            _JOB = self.job
            self.executor = forked_pool(1)
            try:
                self.future = self.executor.submit(_render_in_helper, self.stems)
            except OSError:  # no process to be had: everything is rendered here
                self.stems = []
        return self

    def __exit__(self, *exc: object) -> None:
        global _JOB
        _JOB = None
        if self.executor is not None and exc[0] is not None:
            kill_pool(self.executor)  # a refused or interrupted build does not wait for it
        elif self.executor is not None:
            self.executor.shutdown(wait=True)

    def files(self) -> dict[str, bytes]:
        """The helper's files, once it is done (none without a helper); rendered here instead
        if the helper could not start or died."""
        if self.future is None:
            return {}
        try:
            return self.future.result()
        except BrokenProcessPool:
            return _render_in_helper(self.stems)


def _helps(job: _Job) -> bool:
    """Whether a helper process is worth starting for this job."""
    text_only = not {"pdf", "docx"} & set(job.formats)
    big = len(job.views.corpus.facts) >= PARALLEL_FROM
    return text_only and big and can_fork() and cores() >= 2


def _render_in_helper(stems: list[str]) -> dict[str, bytes]:
    """In the helper: the files of the documents ``stems``, in their order."""
    assert _JOB is not None  # set by the parent before it forked this process
    files: dict[str, bytes] = {}
    for stem in stems:
        files.update(_JOB.files(stem, None, None, lambda _: None))
    return files


class _Layouts:
    """The PDFs of a build: each handed to a free worker of the pool as soon as its HTML is
    rendered, or, with no pool, laid out here in turn at the end; one whose print HTML,
    templates and libraries are those it was last made from is taken from out/ instead."""

    def __init__(
        self,
        templates: Path,
        progress: Progress,
        pool: PdfPool | None,
        manifest: Manifest | None,
        done: Progress = lambda _: None,
    ) -> None:
        self.templates, self.progress, self.pool, self.manifest = templates, progress, pool, manifest
        self.done = done
        if pool is not None:
            pool.on_done = done
        self.sources: dict[str, str] = {}
        self.kept: dict[str, bytes] = {}
        self.here: dict[str, str] = {}

    @cached_property
    def folder(self) -> str:
        """The digest of the templates folder, which every PDF is also made from."""
        return templates_digest(self.templates)

    def add(self, name: str, html: str) -> None:
        """A PDF to make from its print HTML (or to keep, if it was made from this very HTML)."""
        self.sources[name] = _pdf_source(html, self.folder)
        kept = _kept_pdf(self.manifest, name, self.sources[name])
        if kept is not None:
            self.kept[name] = kept
            self.done(name)
        elif self.pool is not None:
            self.pool.submit(name, html, self.progress)
        else:
            self.here[name] = html

    def results(self) -> dict[str, bytes]:
        """Every PDF's bytes, once all are laid out."""
        made = self.pool.results(self.progress) if self.pool is not None else {}
        if self.here:
            from .pdf import to_pdf

            for name, html in self.here.items():
                self.progress(f"laying out {name}")
                made[name] = to_pdf(html, self.templates, name)
                self.done(name)
        return {**self.kept, **made}


def source_pages(views: BuildViews, templates: Path) -> dict[str, bytes]:
    """The source viewer: one page per registered seed, its cited passages highlighted."""
    corpus = views.corpus
    return {
        f"{SOURCES_DIR}/{page_name(seed)}": render_source(views, seed, templates).encode("utf-8")
        for seed in sorted(corpus.sources)
        if seed in corpus.seeds
    }


def _kept_pdf(manifest: Manifest | None, name: str, source: str) -> bytes | None:
    """The PDF already in out/ if it was made from this very HTML, templates and libraries."""
    if manifest is None or manifest.source(name) != source:
        return None
    try:
        data = read_file(str(manifest.out_dir / name), MAX_OUTPUT_BYTES)
    except OSError:
        return None
    return data if manifest.unchanged(name, _sha256(data)) else None


def _pdf_workers(formats: Sequence[str], templates: Path) -> AbstractContextManager[PdfPool | None]:
    """A pool of PDF workers when PDFs are wanted and there is more than one core to use."""
    workers = cores()
    if "pdf" not in formats or workers < 2 or not can_fork():
        return nullcontext()
    return PdfPool(templates, workers)


def _pdf_source(html: str, templates_folder: str) -> str:
    """What a PDF is made from: its HTML, the templates folder, pdf.py, the libraries and
    SOURCE_DATE_EPOCH (which dates it)."""
    digest = hashlib.sha256(html.encode("utf-8"))
    digest.update(f"\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    digest.update(templates_folder.encode())
    digest.update((Path(__file__).parent / "pdf.py").read_bytes())
    digest.update(libraries_digest().encode())
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
