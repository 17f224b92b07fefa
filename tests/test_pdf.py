"""The PDF: a real, multi-page document holding every statement, that fetches nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.build import build
from briefgen.errors import FetchRefused
from briefgen.load import load_corpus
from briefgen.pdf import to_pdf

from .conftest import FIXTURES


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def squeezed(text: str) -> str:
    """Text without any whitespace: line breaks in a PDF may add or drop spaces."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("out")
    build(FIXTURES / "mini", out, formats=["pdf"])
    return (out / "briefing.pdf").read_bytes()


def test_pdf_is_a_pdf_of_several_pages(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1


def test_pdf_text_holds_every_statement(pdf: bytes) -> None:
    text = squeezed(text_of(pdf))
    for entry in load_corpus(FIXTURES / "mini").corpus.facts:
        assert squeezed(entry.fact.statement) in text


def test_pdf_has_page_numbers_after_the_cover(pdf: bytes) -> None:
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    text = text_of(pdf)
    assert "Page 1 of" not in text  # the cover has no running head or foot
    assert re.search(rf"Page 2 of {pages}\b", text) and re.search(rf"Page {pages} of {pages}\b", text)


def test_pdf_carries_no_attachment(pdf: bytes) -> None:
    assert b"/EmbeddedFile" not in pdf


@pytest.mark.parametrize(
    "html",
    [
        '<img src="file:///etc/hostname">',
        '<link rel="attachment" href="file:///etc/hostname">',
        '<img src="http://127.0.0.1:9/x.png">',
        '<style>@import url("../pyproject.toml");</style>',
    ],
)
def test_pdf_refuses_anything_outside_templates(html: str, tmp_path: Path) -> None:
    with pytest.raises(FetchRefused, match="outside templates/"):
        to_pdf(f"<html><body><p>x</p>{html}</body></html>", FIXTURES.parent.parent / "templates", "t.pdf")


def test_pdf_allows_data_urls() -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    pdf = to_pdf(
        f'<html><body><img src="{pixel}"><p>x</p></body></html>',
        FIXTURES.parent.parent / "templates",
        "t.pdf",
    )
    assert pdf.startswith(b"%PDF-")
