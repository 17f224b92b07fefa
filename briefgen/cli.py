"""typer commands: parse options, call the library, map errors to exit codes. No logic."""

from __future__ import annotations

import os
import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .errors import BriefgenError, CheckFailed, Report, UsageError

if TYPE_CHECKING:
    from .build import BuildResult

app = typer.Typer(
    help="Turn hand-reviewed, source-cited facts into situation briefings (Markdown, HTML, PDF).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

RootOption = Annotated[
    Path,
    typer.Option(
        "--root", help="The project folder to read (with facts/, seeds/, templates/).", file_okay=False
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (CI runs this).")]


class ReportFormat(StrEnum):
    """How check prints its problems."""

    text = "text"
    json = "json"
    github = "github"


def _print_report(report: Report, fmt: ReportFormat = ReportFormat.text) -> None:
    out, err = report.output(fmt.value)
    for line in out:
        typer.echo(line)
    for line in err:
        typer.echo(line, err=True)


def _fail(exc: BriefgenError) -> NoReturn:
    if isinstance(exc, CheckFailed):
        _print_report(exc.report)
        reason = (
            "warnings are errors under --strict"
            if exc.strict and not exc.report.errors
            else "the check failed"
        )
        typer.echo(f"briefgen: nothing written: {reason}", err=True)
        raise typer.Exit(1)
    typer.echo(str(exc) if exc.located else f"briefgen: error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, UsageError) else 1)


def _terminate_as_interrupt(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt


@app.command("check")
def check_command(
    root: RootOption = Path("."),
    strict: StrictOption = False,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="text, json, or github (workflow annotations).")
    ] = ReportFormat.text,
) -> None:
    """Check every fact against the schema and the seeds; exit 1 on any error."""
    from .fastcheck import check_project  # not .build: a check needs neither Jinja nor WeasyPrint

    try:
        report = check_project(root)
    except BriefgenError as exc:
        _fail(exc)
    _print_report(report, fmt)
    raise typer.Exit(1 if report.failed(strict) else 0)


@app.command("build")
def build_command(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: ROOT/out).", file_okay=False)
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option("--format", help="md, html or pdf; repeat or comma-separate (default: all three)."),
    ] = None,
    themes: Annotated[
        list[str] | None, typer.Option("--theme", help="Build only this theme's briefing; repeatable.")
    ] = None,
    strict: StrictOption = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only problems.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild everything, even what has not changed.")
    ] = False,
) -> None:
    """Check, then write the briefings to out/: the full one and one per theme."""
    from .build import FORMATS, build

    chosen = [f.strip() for value in formats or [] for f in value.split(",") if f.strip()] or list(FORMATS)
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        typer.echo(f"briefgen: unknown format '{bad[0]}' (formats: md, html, pdf)", err=True)
        raise typer.Exit(2)
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    progress = (lambda _: None) if quiet else (lambda message: typer.echo(f"briefgen: {message}", err=True))
    try:
        result = build(root, out, chosen, themes or [], strict, progress, force)
    except BriefgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("briefgen: interrupted; no partial file left behind", err=True)
        raise typer.Exit(130) from None
    for line in build_summary(result, out or root / "out", quiet):
        typer.echo(line, err=line.startswith("briefgen: "))


def build_summary(result: BuildResult, out: Path, quiet: bool) -> list[str]:
    """What a build prints once done: its warnings, then (unless quiet) what it wrote."""
    lines = [str(problem) for problem in result.report.sorted()]
    if quiet:
        return lines
    if result.up_to_date:
        return [*lines, f"briefgen: up to date: nothing changed since the last build of {out}"]
    kept = f" ({len(result.unchanged)} unchanged)" if result.unchanged else ""
    return [*lines, f"briefgen: wrote {len(result.written)} files to {out}{kept}"]


def main() -> None:
    """The console script's entry point: a bug is reported in one line, not a traceback."""
    try:
        app()
    except Exception as exc:  # the last guard; BRIEFGEN_DEBUG=1 shows the traceback
        if os.environ.get("BRIEFGEN_DEBUG"):
            raise
        typer.echo(
            f"briefgen: internal error: {type(exc).__name__}: {exc} (this is a bug in briefgen; "
            "run again with BRIEFGEN_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
