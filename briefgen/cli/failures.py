"""How a command's report and failures are printed, and the exit status each one means."""

from __future__ import annotations

from enum import StrEnum
from typing import NoReturn

import typer

from ..console import echo
from ..errors import BriefgenError, CheckFailed, EditRefused, ProjectError, Report, UsageError


class ReportFormat(StrEnum):
    """How check prints its problems."""

    text = "text"
    json = "json"
    github = "github"


def print_report(report: Report, fmt: ReportFormat = ReportFormat.text) -> None:
    out, err = report.output(fmt.value)
    for line in out:
        echo(line) if fmt is ReportFormat.text else typer.echo(line)
    for line in err:
        echo(line, err=True)


def fail(exc: BriefgenError) -> NoReturn:
    if isinstance(exc, CheckFailed):
        print_report(exc.report)
        reason = (
            "warnings are errors under --strict"
            if exc.strict and not exc.report.errors
            else "the check failed"
        )
        typer.echo(f"briefgen: nothing written: {reason}", err=True)
        raise typer.Exit(1)
    if isinstance(exc, EditRefused):
        for line in exc.lines:
            echo(line)
        echo(f"briefgen: nothing written: {exc}", err=True)
        raise typer.Exit(1)
    echo(str(exc) if exc.located else f"briefgen: error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, UsageError | ProjectError) else 1)  # a wrong --root: usage
