"""PDFs laid out in parallel: worker processes that import WeasyPrint once, one per core.

WeasyPrint lays a document out in pure Python on one core, and importing it alone takes a good
part of a second. A build therefore starts its workers first thing (a
:class:`~concurrent.futures.ProcessPoolExecutor` forked from this process: see
:mod:`briefgen._speed.pool`), so that they import WeasyPrint and load the fonts while this
process loads, checks and renders the HTML; each document is handed over as soon as its HTML is
rendered, so the first PDFs are laid out while the rest of the HTML is still being made. Each
PDF is made by :func:`briefgen.output.pdf.to_pdf`, with the same fetcher restrictions, and is
byte-for-byte what a sequential build makes.

A document that fails stops the build with the same error as a sequential build; a worker that
dies is reported with the document it was given; an interrupted or refused build kills the
workers at once.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .._speed.pool import forked_pool, kill_pool
from ..errors import BriefgenError, PdfError

WARM_UP = "<html><body><p>warm up: fonts and layout</p></body></html>"


class PdfPool:
    """Worker processes laying out HTML as PDF bytes; use as a context manager.

    Documents are handed over one by one as their HTML is ready (:meth:`submit`), in that order;
    :meth:`results` waits for them all.
    """

    def __init__(self, templates: Path, workers: int) -> None:
        self.on_done: Callable[[str], None] = lambda _: None
        """Told the name of each PDF as it comes back laid out (for a progress bar)."""
        self.templates = templates
        self.pool = forked_pool(workers, _warm_up, (templates,))
        self.futures: dict[str, Future[bytes]] = {}
        self.submitted = False
        # The first submission forks every worker: now, so that they warm up while we render.
        self.started = self.pool.submit(gc.collect)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def submit(self, name: str, html: str, progress: Callable[[str], None]) -> None:
        """Lay out ``html`` as the PDF ``name``: now if a worker is free, else when one is."""
        progress(f"laying out {name}")
        try:
            self.futures[name] = self.pool.submit(_lay_out, html, self.templates, name)
        except BrokenProcessPool:  # a worker died while free
            raise PdfError(f"{name}: the worker given it had stopped unexpectedly") from None
        self.submitted = True

    def results(self, progress: Callable[[str], None]) -> dict[str, bytes]:
        """Every submitted document's PDF, once all are laid out (each given once)."""
        done: dict[str, bytes] = {}
        names = {future: name for name, future in self.futures.items()}
        for future in as_completed(names):
            try:
                done[names[future]] = future.result()
            except BrokenProcessPool:
                raise PdfError(f"{names[future]}: the worker laying it out stopped unexpectedly") from None
            self.on_done(names[future])
        self.futures = {}
        return {name: done[name] for name in names.values()}  # in the order they were given

    def close(self, kill: bool = False) -> None:
        """Stop the workers: let them leave, or kill them (on an error or an interrupt, or if no
        document was given: a build with no PDF to lay out does not wait for WeasyPrint)."""
        if kill or not self.submitted:
            kill_pool(self.pool)
        else:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _warm_up(templates: Path) -> None:
    """In a worker, first: import WeasyPrint and load the fonts with a small document."""
    from .pdf import to_pdf

    with contextlib.suppress(BriefgenError):  # the real documents will say what is wrong
        to_pdf(WARM_UP, templates, "warm-up.pdf")
    gc.freeze()  # WeasyPrint's own objects: never walked again


def _lay_out(html: str, templates: Path, name: str) -> bytes:
    """In a worker: one document's PDF (its errors are raised again in the build's process)."""
    from .pdf import to_pdf

    gc.disable()  # a layout makes and keeps many objects; collecting midway gains nothing
    try:
        return to_pdf(html, templates, name)
    finally:
        gc.enable()
        gc.collect()
