"""The orchestrator: load -> check -> render -> write, read top to bottom like the pipeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .check import check
from .diff import FactChanges, changes_view, diff_facts
from .errors import CheckFailed, Report, UsageError
from .load import Corpus, load_corpus
from .render import Briefing, briefing, fact_numbers, render, render_source
from .sources_view import SOURCES_DIR, page_name
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
    """Load and check the project at ``root``."""
    return check(load_corpus(root))


def load_checked(root: Path, strict: bool = False) -> tuple[Corpus, Report]:
    """The project's corpus, once the check lets it through; raises CheckFailed otherwise."""
    loaded = load_corpus(root)
    report = check(loaded)
    if report.failed(strict):
        raise CheckFailed(report, strict)
    return loaded.corpus, report


def build(
    root: Path,
    out_dir: Path | None = None,
    formats: Sequence[str] = FORMATS,
    themes: Sequence[str] = (),
    strict: bool = False,
    progress: Progress = lambda _: None,
    *,
    detail: Progress = lambda _: None,
    changes_since: str | None = None,
) -> BuildResult:
    """Check the project, then render and write its briefings; write nothing if the check fails.

    ``progress`` hears of the slow steps, ``detail`` of every step (``-v``); with
    ``changes_since`` (a git revision) each briefing gets a "Changes since" section.
    """
    corpus, report = load_checked(root, strict)
    detail(f"loaded {len(corpus.facts)} facts, {len(corpus.themes)} themes, {len(corpus.seeds)} seeds")
    detail(f"checked: {report.summary()}")
    documents = plan(corpus, themes)
    changes = diff_facts(root, changes_since) if changes_since else None
    if changes is not None:
        detail(f"changes since {changes.label}: {changes.summary()}")
    files = render_all(corpus, documents, formats, templates_dir(root), progress, changes, detail)
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
    changes: FactChanges | None = None,
    detail: Progress = lambda _: None,
) -> dict[str, bytes]:
    """Every output file's bytes, made in memory before anything is written.

    Beside each document: Markdown gets its pictures as .svg files in out/ (HTML and PDF carry
    them inline), and HTML gets the source viewer, a page per seed in out/sources/.
    """
    files: dict[str, bytes] = {}
    print_pages: dict[str, str] = {}
    numbers = fact_numbers(corpus) if changes is not None else {}
    for stem, theme_ids in documents.items():
        view: Briefing = briefing(corpus, theme_ids, root="../" * stem.count("/"))
        if changes is not None:
            view.changes = changes_view(changes, numbers, theme_ids)
        detail(f"rendering {stem}")
        if "md" in formats:
            files[f"{stem}.md"] = render(corpus, view, "md", templates).encode("utf-8")
            files.update(view.picture_files)
        if "html" in formats:
            files[f"{stem}.html"] = render(corpus, view, "html", templates).encode("utf-8")
        if "pdf" in formats:
            print_pages[stem] = render(corpus, view, "html", templates, medium="print")
    if "html" in formats:
        files.update(source_pages(corpus, templates))
    if "pdf" in formats:
        from .pdf import to_pdf

        for stem, html in print_pages.items():
            progress(f"laying out {stem}.pdf")
            files[f"{stem}.pdf"] = to_pdf(html, templates, f"{stem}.pdf")
    return files


def source_pages(corpus: Corpus, templates: Path) -> dict[str, bytes]:
    """The source viewer: one page per registered seed, its cited passages highlighted."""
    return {
        f"{SOURCES_DIR}/{page_name(seed)}": render_source(corpus, seed, templates).encode("utf-8")
        for seed in sorted(corpus.sources)
        if seed in corpus.seeds
    }
