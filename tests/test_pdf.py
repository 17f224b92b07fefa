"""The PDF: a real, multi-page document holding every statement, that fetches nothing."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefgen.errors import FetchRefused
from briefgen.output.build import build
from briefgen.output.pdf import to_pdf
from briefgen.project.load import load_corpus

from .conftest import FIXTURES, REPO


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
    # (an attachment is refused as one before it is fetched: see tests/test_template_safety.py)
    with pytest.raises(FetchRefused, match=r"outside templates/|a PDF carries no attachments"):
        to_pdf(
            f"<html><body><p>x</p>{html}</body></html>",
            FIXTURES.parent.parent / "briefgen" / "templates",
            "t.pdf",
        )


def test_pdf_allows_data_urls() -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    pdf = to_pdf(
        f'<html><body><img src="{pixel}"><p>x</p></body></html>',
        FIXTURES.parent.parent / "briefgen" / "templates",
        "t.pdf",
    )
    assert pdf.startswith(b"%PDF-")


def test_a_real_build_fetches_nothing_outside_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.urls import URLFetcher

    fetched: list[str] = []
    original = URLFetcher.fetch

    def spy(self: URLFetcher, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    build(FIXTURES / "mini", tmp_path, formats=["pdf"])
    templates = (FIXTURES.parent.parent / "briefgen" / "templates").resolve().as_uri()
    assert all(url.startswith(("data:", templates)) for url in fetched), fetched


def test_a_template_asking_for_a_local_file_refuses_the_build(mini: Path) -> None:
    from briefgen.errors import FetchRefused

    shutil.copytree(FIXTURES.parent.parent / "briefgen" / "templates", mini / "templates")
    html = mini / "templates" / "briefing.html.j2"
    html.write_text(
        html.read_text(encoding="utf-8").replace("<main>", '<main><img src="file:///etc/hostname" alt="">'),
        encoding="utf-8",
    )
    (mini / "out").mkdir()
    with pytest.raises(FetchRefused, match="asks for file:///etc/hostname, which is outside templates/"):
        build(mini, formats=["pdf"])
    assert list((mini / "out").iterdir()) == []


def outline_pages(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The PDF outline as (depth, title, page number) in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_pdf_metadata_comes_from_the_html(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == "Harbour situation <briefing> & notes"
    assert info.subject == "Situation briefing as of 1 March 2021: The north pier; Labour."
    assert info["/Keywords"] == "situation briefing, The north pier, Labour"
    assert info["/Creator"].startswith("briefgen ")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_is_tagged_without_claiming_pdf_ua(pdf: bytes) -> None:
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    # No XMP metadata, so no pdfuaid:part: a conformance claim no validator here could back.
    assert "/Metadata" not in root


def test_pdf_outline_follows_the_headings(pdf: bytes) -> None:
    outline = outline_pages(PdfReader(io.BytesIO(pdf)))
    assert [(depth, title) for depth, title, _ in outline] == [
        (0, "Harbour situation <briefing> & notes"),
        (1, "Contents"),
        (1, "Bottom line"),
        (1, "1. The north pier"),
        (2, "Key judgments"),
        (2, "Outlook"),
        (2, "Disputed points"),
        (1, "2. Labour"),
        (2, "Key judgments"),
        (1, "Annex: the evidence"),
        (2, "How to read the grades"),
        (2, "When and where: the whole briefing"),
        (2, "Evidence for 1. The north pier"),
        (2, "Evidence for 2. Labour"),
        (1, "Sources"),
    ]


def test_contents_page_numbers_are_the_pages_of_the_headings(shipped: Path) -> None:
    reader = PdfReader(shipped / "briefing.pdf")
    contents = reader.pages[0].extract_text()  # the contents share the cover's page
    listed = {
        title.strip(): int(page)
        for title, page in re.findall(r"^(.+?)[ .]*\.\s*(\d+)$", contents, flags=re.MULTILINE)
    }
    pages = {title: page for depth, title, page in outline_pages(reader) if depth == 1}
    themes = [t.theme.title for t in load_corpus(REPO).corpus.ordered_themes()]
    expected = [
        "Bottom line",
        "Annex: the evidence",
        "Sources",
        *(f"{n}. {t}" for n, t in enumerate(themes, 1)),
    ]
    assert {t: listed.get(t) for t in expected} == {t: pages[t] for t in expected}


def test_pdf_notes_are_footnotes_linked_inside_the_document(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    links = [annot.get_object() for page in reader.pages for annot in (page.get("/Annots") or [])]
    assert links and all("/URI" not in str(link.get("/A")) for link in links)
    destinations = {str(link["/Dest"]) for link in links if "/Dest" in link}
    assert {"source-1", "source-2", "theme-pier", "fact-pier-closed"} <= destinations
    footnotes = text_of(pdf)
    # Each note at the foot of its page, numbered as in the HTML and Markdown.
    assert re.search(
        r"1\. Unsigned opinion blog, Mar 2021 \(inferred\), line 3: “The north pier has stayed open",
        footnotes,
    )


def test_builds_are_byte_for_byte_the_same(mini_built: Path, tmp_path: Path) -> None:
    build(FIXTURES / "mini", tmp_path)
    again = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    first = {str(p.relative_to(mini_built)): p.read_bytes() for p in mini_built.rglob("*") if p.is_file()}
    assert again.keys() == first.keys()
    assert [name for name in first if first[name] != again[name]] == []


def test_the_shipped_briefing_reads_judgments_first_on_few_full_pages(shipped: Path) -> None:
    """The bottom line on page 2, on one page; the main part (before the evidence annex) in at
    most 8 A4 pages; no page nearly empty unless it ends a chapter; each statement printed
    once; hash file names only in the sources appendix."""
    reader = PdfReader(shipped / "briefing.pdf")
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    starts = {title: page for depth, title, page in outline_pages(reader) if depth == 1}
    assert (
        starts["Bottom line"] == 2
        and starts["1. " + load_corpus(REPO).corpus.ordered_themes()[0].theme.title] == 3
    )
    assert starts["Annex: the evidence"] - 1 <= 8
    chapter_ends = {page - 1 for page in starts.values()} | {len(pages)}
    thin = [n for n, text in enumerate(pages, 1) if len(text.split()) < 40 and n not in chapter_ends]
    assert thin == []
    body = squeezed(" ".join(pages[: starts["Sources"] - 1]))
    statement = load_corpus(REPO).corpus.fact("tanf-003-abandoned")
    assert statement is not None and body.count(squeezed(statement.fact.statement)) == 1
    assert not re.search(r"00[0-4]_[0-9a-f]{16}\.txt", body)
