"""out/index.html: every document of a build in every format it was made in, with what it covers.

Written by a full build that makes HTML (a ``--theme`` build leaves the index of the last full
build alone). Made here rather than from a template so that a project's own templates/ folder,
which need not know of it, still gets one; it uses the briefing's stylesheet.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .render import stylesheet
from .source_viewer import page_href
from .views import BuildViews, date_key, date_label

FORMAT_LABELS = {
    "html": "HTML",
    "pdf": "PDF",
    "md": "Markdown",
    "docx": "Word",
    "json": "JSON",
    "csv": "CSV",
    "geojson": "GeoJSON",
}
"""Each format as the index and the briefings' "elsewhere" links name it, in this order."""


@dataclass(frozen=True)
class Entry:
    """One document: its output stem, title and what it covers."""

    stem: str
    title: str
    covers: str


def links_for(stem: str, formats: Sequence[str], full_briefing: bool) -> list[tuple[str, str]]:
    """A briefing's links to itself in the build's other formats, the full briefing and the index."""
    up = "../" * stem.count("/")
    name = stem.rsplit("/", 1)[-1]
    links = [(FORMAT_LABELS[f], f"{name}.{f}") for f in FORMAT_LABELS if f in formats and f != "html"]
    if full_briefing:
        if stem != "briefing":
            links.insert(0, ("The full briefing", f"{up}briefing.html"))
        links.append(("Every document", f"{up}index.html"))
    return links


def index_page(
    title: str, as_of: str, entries: list[Entry], formats: Sequence[str], sources: list[str], css: Markup
) -> str:
    """The index's HTML: a table of documents and formats, then the source viewer's pages."""
    shown = [f for f in FORMAT_LABELS if f in formats]
    head = "".join(f'<th scope="col">{FORMAT_LABELS[f]}</th>' for f in shown)
    rows = "".join(_row(entry, shown) for entry in entries)
    seeds = "".join(f'<li><a href="{_e(page_href(seed))}">{_e(seed)}</a></li>' for seed in sources)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}: every document</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<header class="cover">\n  <p class="kicker">Situation briefing · every document</p>\n'
        f'  <h1>{_e(title)}</h1>\n  <p class="asof">As of <strong>{_e(as_of)}</strong></p>\n</header>\n'
        "<main>\n<h2>Briefings</h2>\n"
        '<div class="table-scroll">\n<table class="documents">\n'
        f'<thead><tr><th scope="col">Document</th><th scope="col">What it covers</th>{head}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n</div>\n"
        + (
            "<h2>Sources</h2>\n<p>Each seed's full text, every cited passage highlighted:</p>\n"
            f'<ul class="source-pages">{seeds}</ul>\n'
            if sources
            else ""
        )
        + "</main>\n</body>\n</html>\n"
    )


def _row(entry: Entry, formats: list[str]) -> str:
    cells = "".join(f'<td><a href="{_e(entry.stem)}.{f}">{FORMAT_LABELS[f]}</a></td>' for f in formats)
    return f'<tr><th scope="row">{_e(entry.title)}</th><td>{_e(entry.covers)}</td>{cells}</tr>\n'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def index_files(
    views: BuildViews, documents: dict[str, list[str] | None], formats: Sequence[str], templates: Path
) -> dict[str, bytes]:
    """``{"index.html": …}`` for a full build that makes HTML; nothing otherwise."""
    if "html" not in formats or "briefing" not in documents:
        return {}
    corpus = views.corpus
    themes = {t.theme.id: t.theme for t in corpus.ordered_themes()}
    entries = [Entry("briefing", corpus.title, "Every theme: " + "; ".join(t.title for t in themes.values()))]
    entries += [
        Entry(stem, themes[ids[0]].title, themes[ids[0]].scope) for stem, ids in documents.items() if ids
    ]
    dates = [e.fact.when.date for e in corpus.facts if e.fact.when.date]
    as_of = date_label(max(dates, key=date_key) if dates else None)
    pages = [seed for seed in sorted(corpus.sources) if seed in corpus.seeds]
    page = index_page(corpus.title, as_of, entries, formats, pages, stylesheet(templates))
    return {"index.html": page.encode("utf-8")}
