"""check, build and serve: the commands that check a project and write its briefings."""

from __future__ import annotations

import signal
import time
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..api import Project
from ..console import BuildBar, echo
from ..editor.complete import theme_ids
from ..errors import BriefgenError
from .failures import ReportFormat, fail, print_report
from .options import (
    QuietOption,
    RootOption,
    StrictOption,
    VerboseOption,
    chosen_formats,
    complete_format,
    reporters,
)

if TYPE_CHECKING:
    from ..output.up_to_date import BuildResult


def _terminate_as_interrupt(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


def check_command(
    root: RootOption = Path("."),
    strict: StrictOption = False,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="text, json, or github (workflow annotations).")
    ] = ReportFormat.text,
) -> None:
    """Check every fact against the schema and the seeds; exit 1 on any error."""
    try:
        report = Project(root).check(strict)
    except BriefgenError as exc:
        fail(exc)
    print_report(report, fmt)
    raise typer.Exit(1 if report.failed() else 0)


def build_command(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Where to write (default: ROOT/out).", file_okay=False),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            autocompletion=complete_format,
            help="md, html, pdf, docx, json, csv or geojson; repeat or comma-separate "
            "(default: md, html and pdf).",
        ),
    ] = None,
    themes: Annotated[
        list[str] | None,
        typer.Option(
            "--theme",
            metavar="THEME",
            help="Build only this theme's briefing; repeatable.",
            autocompletion=theme_ids,
        ),
    ] = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    changes_since: Annotated[
        str | None,
        typer.Option(
            "--changes-since",
            metavar="REV",
            help="Add a 'Changes since REV' section (REV: a git revision, e.g. main).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild everything, even what has not changed.")
    ] = False,
) -> None:
    """Check, then write the briefings to out/: the full one and one per theme."""
    from ..output.up_to_date import DEFAULT_FORMATS, Steps

    chosen = chosen_formats(formats, default=list(DEFAULT_FORMATS))
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    progress, detail = reporters(quiet, verbose)
    bar = BuildBar() if not (quiet or verbose) and typer.get_text_stream("stderr").isatty() else None
    started = time.monotonic()
    failure: BriefgenError | None = None
    try:
        with bar or nullcontext():
            try:
                result = Project(root).build(
                    out,
                    chosen,
                    themes or [],
                    strict,
                    changes_since=changes_since,
                    force=force,
                    progress=bar.say if bar else progress,
                    detail=detail,
                    steps=Steps(bar.total, bar.done) if bar else None,
                )
            except BriefgenError as exc:
                failure = exc  # reported once the bar is gone
    except KeyboardInterrupt:
        typer.echo("briefgen: interrupted; no partial file left behind", err=True)
        raise typer.Exit(130) from None
    if failure is not None:
        fail(failure)
    for path in result.written:
        detail(f"wrote {path}")
    for line in build_summary(result, out or root / "out", quiet):
        echo(line, err=line.startswith("briefgen: "))
    if verbose:
        detail(f"took {time.monotonic() - started:.1f} s")


def build_summary(result: BuildResult, out: Path, quiet: bool) -> list[str]:
    """What a build prints once done: its warnings, then (unless quiet) what it wrote."""
    lines = [str(problem) for problem in result.report.sorted()]
    if quiet:
        return lines
    if result.up_to_date:
        return [*lines, f"briefgen: up to date: nothing changed since the last build of {out}"]
    kept = f" ({len(result.unchanged)} unchanged)" if result.unchanged else ""
    return [*lines, f"briefgen: wrote {len(result.written)} files to {out}{kept}"]


def serve_command(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="DIR", help="Where to build (default: ROOT/out).", file_okay=False),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", metavar="PORT", min=0, max=65535, help="The port to listen on (0: any free port)."
        ),
    ] = 8000,
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADDRESS", help="The address to listen on; anything but 127.0.0.1 warns."
        ),
    ] = "127.0.0.1",
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the briefing in the web browser once it is built.")
    ] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            autocompletion=complete_format,
            help="md, html, pdf, docx, json, csv or geojson; repeat or comma-separate (default: md,html).",
        ),
    ] = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Build, serve out/ on 127.0.0.1 and rebuild and reload on every change to facts, seeds, templates."""
    chosen = chosen_formats(formats, default=["md", "html"])
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    say, detail = reporters(quiet, verbose)
    try:
        Project(root).serve(
            out, port, chosen, strict, say, detail, typer.echo, host=host, open_browser=open_browser
        )
    except BriefgenError as exc:
        fail(exc)
    except KeyboardInterrupt:
        typer.echo("briefgen: stopped", err=True)
