"""HTML -> PDF bytes. The only module that imports WeasyPrint.

WeasyPrint's default fetcher reads any local file and any URL, and ``<link rel=attachment>``
would embed a file in the PDF. The fetcher here allows only ``data:`` URLs and files under the
templates folder, and fails the build on anything else, so a briefing can never carry a local
file or reach the network.

The PDF is *tagged* (``pdf_tags``): a structure tree from the HTML (headings, lists, tables,
figures with their SVG title as alternative text, footnotes), the document language, and the
title shown in the window. It is deliberately not written as WeasyPrint's ``pdf/ua-1`` variant:
with the same tags and PDF version, that variant only adds an XMP metadata stream declaring
``pdfuaid:part=1``, a claim of PDF/UA conformance, and no PDF/UA validator (veraPDF or the
like) is available here to back it. Title, subject, keywords and creator come from the HTML's
``<title>`` and ``<meta>`` elements; fonts are embedded (as subsets) by WeasyPrint; nothing
depends on the clock (SOURCE_DATE_EPOCH, when set, dates the metadata).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import BriefgenError, FetchRefused, PdfError

MIN_WEASYPRINT = 70
"""The first WeasyPrint with the URLFetcher class API this module relies on."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango system library is missing
        raise PdfError(
            f"cannot load WeasyPrint ({exc}); install Pango (see the README) or build without --format pdf"
        ) from None
    major = int(weasyprint.__version__.split(".")[0])
    if major < MIN_WEASYPRINT:
        raise PdfError(f"WeasyPrint {weasyprint.__version__} is too old; briefgen needs {MIN_WEASYPRINT}+")
    return weasyprint


def _fetcher_class(weasyprint: Any) -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class TemplatesOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetches data: URLs and files under one folder; refuses everything else."""

        def __init__(self, allowed: Path) -> None:
            super().__init__(allowed_protocols={"data", "file"}, fail_on_errors=True)
            self.allowed = allowed.resolve()
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(self.allowed) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise FatalURLFetchingError(f"refused to fetch {url}")

    return TemplatesOnlyFetcher


@contextmanager
def _fixed_font_timestamps() -> Iterator[str | None]:
    """Make font subsetting reproducible; yields the user's SOURCE_DATE_EPOCH, if any.

    fontTools stamps each embedded font subset with the current time unless SOURCE_DATE_EPOCH
    is set, which would make two builds of the same input differ.
    """
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given is None:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield given
    finally:
        if given is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def _stamp(document: Any, epoch: str | None) -> None:
    """Date the PDF only when SOURCE_DATE_EPOCH asks for it; never from the clock."""
    if epoch is None:
        return
    try:
        when = dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        raise PdfError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    document.metadata.created = document.metadata.modified = when


def to_pdf(html: str, templates: Path, title: str) -> bytes:
    """Lay out a self-contained HTML briefing as PDF bytes; resources only from ``templates``."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class(weasyprint)(templates)
    try:
        with _fixed_font_timestamps() as epoch:
            document = weasyprint.HTML(
                string=html, base_url=templates.resolve().as_uri() + "/", url_fetcher=fetcher
            ).render(font_config=_fonts(html))
            _refuse_if_fetched_outside(fetcher, title)
            _refuse_attachments(document, title)
            _stamp(document, epoch)
            pdf: bytes = document.write_pdf(attachments=[], pdf_tags=True, pdf_version="1.7")
    except (BriefgenError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        _refuse_if_fetched_outside(fetcher, title)
        raise PdfError(f"{title}: WeasyPrint failed: {exc}") from None
    return pdf


_FONTS: list[Any] = []


def _fonts(html: str) -> Any:
    """The font configuration to lay ``html`` out with: one for every document of this process
    (Pango then finds and measures the system fonts once, not once per PDF), unless the
    document declares fonts of its own, which a shared configuration would keep for the next
    document. The bytes are those a fresh configuration gives (a test holds them equal)."""
    from weasyprint.text.fonts import FontConfiguration

    if "@font-face" in html:
        return FontConfiguration()
    if not _FONTS:
        _FONTS.append(FontConfiguration())
    return _FONTS[0]


def _refuse_attachments(document: Any, title: str) -> None:
    """Fail the build when the document asks to embed a file: ``<link rel=attachment>`` (in
    the metadata) or ``<a rel=attachment>`` (a link on a page). A PDF carries no attachments:
    ``write_pdf(attachments=[])`` adds none of its own but embeds what the document asks for."""
    asked = len(document.metadata.attachments) + sum(
        1 for page in document.pages for link in page.links if link[0] == "attachment"
    )
    if asked:
        raise FetchRefused(
            f"{title}: the document asks to attach {_plural(asked, 'file')} (rel=attachment); "
            "a PDF carries no attachments"
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _refuse_if_fetched_outside(fetcher: Any, title: str) -> None:
    """Fail the build when the document asked for anything the fetcher refused."""
    if fetcher.refused:
        raise FetchRefused(
            f"{title}: the document asks for {fetcher.refused[0]}, which is outside templates/"
        )
