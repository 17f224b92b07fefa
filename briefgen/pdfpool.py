"""PDFs laid out in parallel: worker processes that import WeasyPrint once, one per core.

WeasyPrint lays a document out in pure Python on one core, and importing it alone takes a good
part of a second. A build therefore starts its workers first thing, so that they import
WeasyPrint (and let fontconfig scan the fonts) while this process loads, checks and renders the
HTML; it then hands each worker the next document as soon as it is free, the longest first.
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

from . import errors
from .errors import BriefgenError, PdfError

WARM_UP = "<html><body><p>warm up: fonts and layout</p></body></html>"


class PdfPool:
    """Worker processes laying out HTML as PDF bytes; use as a context manager."""

    def __init__(self, templates: Path, workers: int) -> None:
        self.templates = templates
        self.workers: list[tuple[int, Connection]] = []
        try:
            for _ in range(workers):
                parent_end, child_end = Pipe()
                pid = os.fork()
                if pid == 0:  # the worker
                    parent_end.close()
                    _serve(child_end, templates)
                child_end.close()
                self.workers.append((pid, parent_end))
        except BaseException:
            self.close(kill=True)
            raise

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def render(self, documents: dict[str, str], progress: Callable[[str], None]) -> dict[str, bytes]:
        """Each document's PDF (``name -> html``); the longest documents are started first."""
        queue = sorted(documents, key=lambda name: -len(documents[name]))
        results: dict[str, bytes] = {}
        busy: dict[Connection, str] = {}
        idle = [conn for _, conn in self.workers]
        while queue or busy:
            while queue and idle:
                name, conn = queue.pop(0), idle.pop()
                progress(f"laying out {name}")
                conn.send((name, documents[name]))
                busy[conn] = name
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                name = busy.pop(ready)
                try:
                    message = ready.recv()
                except (EOFError, OSError):
                    raise PdfError(f"{name}: the worker laying it out stopped unexpectedly") from None
                results[name] = _result(message)
                idle.append(ready)
        return results

    def close(self, kill: bool = False) -> None:
        """Stop the workers: ask them to leave, or kill them (on an error or an interrupt)."""
        for pid, conn in self.workers:
            try:
                if kill:
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
        from .pdf import to_pdf

        with contextlib.suppress(BriefgenError):  # the real documents will say what is wrong
            to_pdf(WARM_UP, templates, "warm-up.pdf")
        gc.freeze()  # WeasyPrint's own objects: never walked again
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
