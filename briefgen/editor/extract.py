"""A source file (text, web page, PDF, Word document) -> the text of a seed, and what it proposes.

Each kind is read by a library made for it: trafilatura for web pages (the main text without
navigation or footer, and the title, author, site name and date the page's metadata give);
pdfminer.six for PDFs (its layout analysis groups lines into paragraphs, which coverage and
review digests read); pandoc (already briefgen's, for DOCX output) for Word documents. The text
is then laid out one way for every kind (:func:`seed_text`), so the same file always gives the
same seed bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceRefused, UsageError

SUFFIXES = {".txt": "text", ".html": "web page", ".htm": "web page", ".pdf": "PDF", ".docx": "Word document"}
"""The kinds of file ``source add`` reads, by suffix."""


@dataclass(frozen=True)
class Extracted:
    """A source file's text as a seed, and what its metadata proposes (None where it says nothing)."""

    text: str
    how: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    date: str | None = None


def extract(path: Path, shown: str) -> Extracted:
    """The seed text of ``path`` (``shown`` names it in messages); refused when it has none."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(SUFFIXES)
        raise UsageError(f"{shown}: cannot read a '{path.suffix or 'suffixless'}' file as a source ({known})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceRefused(f"{shown}: the file is empty")
    found = _READERS[kind](data, shown)
    text = seed_text(found.text)
    if not text.strip():
        raise SourceRefused(f"{shown}: no text could be extracted from this {kind}")
    return Extracted(text, found.how, found.title, found.author, found.site, found.date)


def seed_text(text: str) -> str:
    """Text laid out as a seed: ``\\n`` line ends, no trailing spaces, no control characters, at
    most one blank line between paragraphs, and one final line end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    lines = [line.rstrip() for line in text.split("\n")]
    joined = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return joined + "\n" if joined else ""


def _text(data: bytes, shown: str) -> Extracted:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line, column = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        raise SourceRefused(
            f"{shown}:{line}:{column}: error: not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
            "(convert the file to UTF-8 first)",
            located=True,
        ) from None
    return Extracted(text, "as given")


def _web_page(data: bytes, shown: str) -> Extracted:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False
        )
    except Exception as exc:  # a page it cannot parse: any error of lxml's or its own
        raise SourceRefused(f"{shown}: cannot read the web page: {exc}") from None
    if document is None:
        return Extracted("", "trafilatura")
    found = document if isinstance(document, dict) else document.as_dict()
    # trafilatura gives one paragraph per line; a seed separates paragraphs by a blank line.
    paragraphs = [line.strip() for line in str(found.get("text") or "").split("\n") if line.strip()]
    return Extracted(
        "\n\n".join(paragraphs),
        f"trafilatura {trafilatura.__version__}",
        _clean(found.get("title")),
        _clean(found.get("author")),
        _clean(found.get("sitename")),
        _clean(found.get("date")),
    )


def _pdf(data: bytes, shown: str) -> Extracted:
    import io

    import pdfminer
    from pdfminer.high_level import extract_text

    try:
        text = extract_text(io.BytesIO(data))
    except Exception as exc:  # a damaged or encrypted PDF: pdfminer's errors have no common base
        raise SourceRefused(f"{shown}: cannot read the PDF: {exc or type(exc).__name__}") from None
    if not text.strip():
        raise SourceRefused(
            f"{shown}: the PDF has no text layer (a scanned document?); run OCR on it "
            "(e.g. ocrmypdf) and add the result"
        )
    title, author = _pdf_info(data)
    return Extracted(text, f"pdfminer.six {pdfminer.__version__}", title, author)


def _pdf_info(data: bytes) -> tuple[str | None, str | None]:
    """The title and author a PDF's document information proposes (its dates say when the
    file was made, not when the text was published, so none is taken)."""
    import io

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    def text(value: object) -> str | None:
        if isinstance(value, bytes):
            return _clean(decode_text(value))
        return None if isinstance(value, PSLiteral) else _clean(value)

    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
    except Exception:  # the text was read; metadata it cannot parse is only a proposal lost
        return None, None
    first = info[0] if info else {}
    return text(first.get("Title")), text(first.get("Author"))


def _word(data: bytes, shown: str) -> Extracted:
    import tempfile

    import pypandoc

    with tempfile.NamedTemporaryFile(suffix=".docx") as handle:
        handle.write(data)
        handle.flush()
        try:
            text = pypandoc.convert_file(handle.name, "plain", format="docx", extra_args=["--wrap=none"])
        except (RuntimeError, OSError) as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise SourceRefused(f"{shown}: cannot read the Word document: {reason}") from None
    return Extracted(text, f"pandoc {pypandoc.get_pandoc_version()}")


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


_READERS = {"text": _text, "web page": _web_page, "PDF": _pdf, "Word document": _word}
