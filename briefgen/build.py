"""The orchestrator: load -> check -> render -> write, read top to bottom like the pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .check import check
from .errors import CheckFailed, Report, UsageError
from .load import Corpus, load_corpus
from .render import Briefing, briefing, render
from .write import write

FORMATS = ("md", "html", "pdf")
"""Every output format, in the order they are made."""

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build wrote, and the warnings its check let through."""

    written: list[Path]
    report: Report


def templates_dir(root: Path) -> Path:
    """The project's templates/ folder, or briefgen's own when the project has none."""
    own = root / "templates"
    if own.is_dir():
        return own
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


def check_project(root: Path) -> Report:
    """Load and check the project at ``root`` (as ``briefgen check`` does)."""
    from .fastcheck import check_project as fast_check

    return fast_check(root)


def build(
    root: Path,
    out_dir: Path | None = None,
    formats: Sequence[str] = FORMATS,
    themes: Sequence[str] = (),
    strict: bool = False,
    progress: Progress = lambda _: None,
) -> BuildResult:
    """Check the project, then render and write its briefings; write nothing if the check fails."""
    loaded = load_corpus(root)
    report = check(loaded)
    if report.failed(strict):
        raise CheckFailed(report, strict)
    corpus = loaded.corpus
    documents = plan(corpus, themes)
    files = render_all(corpus, documents, formats, templates_dir(root), progress)
    progress(f"writing {len(files)} files")
    return BuildResult(write(out_dir or root / "out", files), report)


def plan(corpus: Corpus, themes: Sequence[str]) -> dict[str, list[str] | None]:
    """The documents to make: output stem -> themes (None for all of them)."""
    known = [t.theme.id for t in corpus.ordered_themes()]
    unknown = [t for t in themes if t not in known]
    if unknown:
        raise UsageError(f"unknown theme '{unknown[0]}' (themes: {', '.join(known)})")
    if themes:
        return {f"themes/{t}": [t] for t in known if t in themes}
    return {"briefing": None, **{f"themes/{t}": [t] for t in known}}


def render_all(
    corpus: Corpus,
    documents: dict[str, list[str] | None],
    formats: Sequence[str],
    templates: Path,
    progress: Progress,
) -> dict[str, bytes]:
    """Every output file's bytes, made in memory before anything is written."""
    files: dict[str, bytes] = {}
    html_pages: dict[str, str] = {}
    for stem, theme_ids in documents.items():
        view: Briefing = briefing(corpus, theme_ids)
        if "md" in formats:
            files[f"{stem}.md"] = render(corpus, view, "md", templates).encode("utf-8")
        if "html" in formats or "pdf" in formats:
            html = render(corpus, view, "html", templates)
            html_pages[stem] = html
            if "html" in formats:
                files[f"{stem}.html"] = html.encode("utf-8")
    if "pdf" in formats:
        from .pdf import to_pdf

        for stem, html in html_pages.items():
            progress(f"laying out {stem}.pdf")
            files[f"{stem}.pdf"] = to_pdf(html, templates, f"{stem}.pdf")
    return files
