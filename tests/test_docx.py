"""--format docx: a Word document per briefing, read back with python-docx: the title and the
themes as headings, a real footnote quoting each cited passage, the pictures as PNG, and the
same bytes on every build."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from briefgen.output.build import build

from .conftest import FIXTURES, REPO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    build(FIXTURES / "mini", out, formats=["md", "docx"])
    return out


def plain(markdown: str) -> str:
    """Markdown-escaped text as it reads: backslash escapes and entities undone."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def footnotes(document: docx.document.Document) -> list[str]:
    """The text of each real footnote (Word's separators left out)."""
    part = document.part.part_related_by(RT.FOOTNOTES)
    root = etree.fromstring(part.blob)
    notes = root.iter(f"{W}footnote")
    return [
        "".join(t.text or "" for t in note.iter(f"{W}t"))
        for note in notes
        if note.get(f"{W}type") not in ("separator", "continuationSeparator")
    ]


def test_the_word_document_has_headings_footnotes_and_pictures(built: Path) -> None:
    document = docx.Document(str(built / "briefing.docx"))
    markdown = (built / "briefing.md").read_text(encoding="utf-8")
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    title = plain(markdown.splitlines()[0].removeprefix("# "))
    assert styles[0] == ("Title", title)
    themes = [
        plain(line.removeprefix("## ")) for line in markdown.splitlines() if re.match(r"## \d+\. ", line)
    ]
    assert themes and [text for style, text in styles if style == "Heading 1" and text in themes] == themes
    assert document.core_properties.title == title and document.core_properties.language == "en"

    notes = footnotes(document)
    definitions = re.findall(r"^\[\^(\d+)\]: .*?“(.*?)”", markdown, flags=re.M)
    assert len(notes) == len(definitions) > 0
    for note, (_, passage) in zip(notes, definitions, strict=True):
        assert f"“{plain(passage)}”" in note

    images = re.findall(r"!\[[^\n]*?\]\(([^)]+)\.svg\)", markdown)
    assert len(document.inline_shapes) == len(images) > 0
    with zipfile.ZipFile(built / "briefing.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert media and all(archive.read(n).startswith(b"\x89PNG\r\n\x1a\n") for n in media)
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert all(d and (d.startswith("Timeline of") or d.startswith("Situation map of")) for d in described)


def test_a_theme_document_has_its_own_pictures(built: Path) -> None:
    document = docx.Document(str(built / "themes" / "pier.docx"))
    markdown = (built / "themes" / "pier.md").read_text(encoding="utf-8")
    assert len(document.inline_shapes) == markdown.count("](../") - markdown.count("](../sources/") > 0
    assert len(footnotes(document)) == len(re.findall(r"^\[\^\d+\]: ", markdown, flags=re.M))


def test_tables_of_the_markdown_are_word_tables(built: Path) -> None:
    document = docx.Document(str(built / "briefing.docx"))
    markdown = (built / "briefing.md").read_text(encoding="utf-8")
    assert len(document.tables) == len(re.findall(r"^\|(?: *:?-+:? *\|)+$", markdown, flags=re.M))


def test_the_same_bytes_every_time_and_no_clock(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(FIXTURES / "mini", tmp_path / "again", formats=["docx"])
    assert (tmp_path / "again" / "briefing.docx").read_bytes() == (built / "briefing.docx").read_bytes()
    with zipfile.ZipFile(built / "briefing.docx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "1980-01-01T00:00:00Z" in archive.read("docProps/core.xml").decode()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(FIXTURES / "mini", tmp_path / "dated", formats=["docx"])
    with zipfile.ZipFile(tmp_path / "dated" / "briefing.docx") as archive:
        assert "2023-11-14T22:13:20Z" in archive.read("docProps/core.xml").decode()


def test_the_shipped_corpus_makes_a_word_document_per_briefing(tmp_path: Path) -> None:
    build(REPO, tmp_path, formats=["docx"], themes=["rukban", "al-tanf"])
    assert sorted(p.name for p in (tmp_path / "themes").iterdir()) == ["al-tanf.docx", "rukban.docx"]
    assert footnotes(docx.Document(str(tmp_path / "themes" / "rukban.docx")))
