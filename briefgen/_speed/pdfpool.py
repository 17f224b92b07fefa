"""PDFs laid out in parallel: worker processes that import WeasyPrint once, one per core.

WeasyPrint lays a document out in pure Python on one core, and importing it alone takes a good
part of a second. A build therefore starts its workers first thing, so that they import
WeasyPrint (and let fontconfig scan the fonts) while this process loads, checks and renders the
HTML; each document goes to a free worker as soon as its HTML is rendered (the longest of those
waiting first), so the first PDFs are laid out while the rest of the HTML is still being made.
Each PDF is made by :func:`briefgen.pdf.to_pdf`, with the same fetcher restrictions, and is
byte-for-byte what a sequential build makes.

Workers are forked from this process (no re-import of briefgen) and talk through pipes; a
document that fails stops the build with the same error as a sequential build, and an
interrupted or refused build stops the workers at once.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe, wait
from pathlib import Path
from typing import Any

from .. import errors
from ..errors import BriefgenError, PdfError

WARM_UP = "<html><body><p>warm up: fonts and layout</p></body></html>"


class PdfPool:
    """Worker processes laying out HTML as PDF bytes; use as a context manager.

    Documents are handed over one by one as their HTML is ready (:meth:`submit`), each to a
    worker that has said it is free, so that the first PDFs are laid out while this process
    still renders the others; :meth:`results` waits for them all.
    """

    def __init__(self, templates: Path, workers: int) -> None:
        self.templates = templates
        self.workers: list[tuple[int, Connection]] = []
        self.queue: dict[str, str] = {}
        self.busy: dict[Connection, str | None] = {}  # None: still importing and warming up
        self.idle: list[Connection] = []
        self.done: dict[str, bytes] = {}
        try:
            for _ in range(workers):
                parent_end, child_end = Pipe()
                pid = os.fork()
                if pid == 0:  # the worker
                    parent_end.close()
                    _serve(child_end, templates)
                child_end.close()
                self.workers.append((pid, parent_end))
                self.busy[parent_end] = None
        except BaseException:
            self.close(kill=True)
            raise

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def submit(self, name: str, html: str, progress: Callable[[str], None]) -> None:
        """Lay out ``html`` as the PDF ``name``: now if a worker is free, else when one is."""
        self.queue[name] = html
        self._collect(timeout=0)
        self._dispatch(progress)

    def results(self, progress: Callable[[str], None]) -> dict[str, bytes]:
        """Every submitted document's PDF, once all are laid out (the longest queued first)."""
        while self.queue or any(name is not None for name in self.busy.values()):
            self._dispatch(progress)
            self._collect(timeout=None)
        done, self.done = self.done, {}
        return done

    def _dispatch(self, progress: Callable[[str], None]) -> None:
        """Hand the longest queued documents to the free workers."""
        while self.queue and self.idle:
            name = max(self.queue, key=lambda n: len(self.queue[n]))
            html, conn = self.queue.pop(name), self.idle.pop()
            progress(f"laying out {name}")
            try:
                conn.send((name, html))
            except OSError:  # it died while free
                raise PdfError(f"{name}: the worker given it had stopped unexpectedly") from None
            self.busy[conn] = name

    def _collect(self, timeout: float | None) -> None:
        """Take the answers of the workers that have one (waiting up to ``timeout`` for one)."""
        for ready in wait(list(self.busy), timeout):
            assert isinstance(ready, Connection)
            name = self.busy.pop(ready)
            try:
                message = ready.recv()
            except (EOFError, OSError):
                stopped = f"{name}: the worker laying it out" if name else "a PDF worker, starting,"
                raise PdfError(f"{stopped} stopped unexpectedly") from None
            if name is not None:
                self.done[name] = _result(message)
            elif message != ("ready", None):
                _result(message)  # a worker that could not start: its error, raised here
            self.idle.append(ready)

    def close(self, kill: bool = False) -> None:
        """Stop the workers: ask them to leave, or kill them (on an error or an interrupt, or if
        they are still starting: a build with no PDF to lay out does not wait for WeasyPrint)."""
        for pid, conn in self.workers:
            try:
                if kill or (conn in self.busy and self.busy[conn] is None):
                    os.kill(pid, signal.SIGKILL)
                else:
                    conn.send(None)
            except (OSError, ValueError):
                pass
            conn.close()
        for pid, _ in self.workers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.workers = []


def _result(message: Any) -> bytes:
    """A worker's answer: the PDF, or the error the document raised there, raised here."""
    kind, payload = message
    if kind == "pdf":
        assert isinstance(payload, bytes)
        return payload
    if kind == "error":
        name, text = payload
        error = getattr(errors, name, PdfError)
        raise (error if issubclass(error, BriefgenError) else PdfError)(text)
    raise RuntimeError(f"a PDF worker failed:\n{payload}")


def _serve(conn: Connection, templates: Path) -> None:
    """In a worker: import WeasyPrint, warm up, then lay out documents until told to stop."""
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it kills on interrupt
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from ..output.pdf import to_pdf

        with contextlib.suppress(BriefgenError):  # the real documents will say what is wrong
            to_pdf(WARM_UP, templates, "warm-up.pdf")
        gc.freeze()  # WeasyPrint's own objects: never walked again
        conn.send(("ready", None))
        while True:
            job = conn.recv()
            if job is None:
                break
            name, html = job
            gc.disable()  # a layout makes and keeps many objects; collecting midway gains nothing
            try:
                conn.send(("pdf", to_pdf(html, templates, name)))
            except BriefgenError as exc:
                conn.send(("error", (type(exc).__name__, str(exc))))
            finally:
                gc.enable()
                gc.collect()
    except (EOFError, BrokenPipeError):
        pass
    except BaseException:
        status = 1
        with contextlib.suppress(OSError, ValueError):
            conn.send(("crash", traceback.format_exc()))
    finally:
        os._exit(status)
