"""find, diff and coverage: the commands that read a project and change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..api import Project
from ..console import echo
from ..editor.complete import seed_names
from ..errors import BriefgenError
from .failures import fail
from .options import (
    RootOption,
)


def find_command(
    phrase: Annotated[
        str,
        typer.Argument(
            metavar="WORDS", help="Words to look for; quotes, dashes and spacing may differ from the seed's."
        ),
    ],
    seed: Annotated[
        str | None,
        typer.Option(
            "--seed",
            metavar="FILE",
            help="Search only this seed (a file name in seeds/).",
            autocompletion=seed_names,
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Search the seeds for a phrase: where it is, and the exact passage to paste (exit 1 if absent)."""
    try:
        found = Project(root).find(phrase, seed)
    except BriefgenError as exc:
        fail(exc)
    for problem in found.problems:
        typer.echo(str(problem), err=True)
    for line in found.lines():
        echo(line)
    if not found.matches:
        echo(f"briefgen: {found.not_found()}", err=True)
        raise typer.Exit(1)


def diff_command(
    revision: Annotated[
        str,
        typer.Argument(metavar="REV", help="A git revision: a commit, branch or tag, e.g. HEAD~1 or main."),
    ],
    root: RootOption = Path("."),
) -> None:
    """Show what changed in the facts since a git revision: added, removed, changed, regraded."""
    try:
        changes = Project(root).diff(revision)
    except BriefgenError as exc:
        fail(exc)
    for line in changes.unreadable:
        echo(line, err=True)
    for line in changes.lines():
        echo(line)


def coverage_command(root: RootOption = Path(".")) -> None:
    """Report seed paragraphs no fact cites, facts per theme and seed, drafts, single-source judgments.

    Exits 1 when a paragraph is neither cited nor recorded as omitted (with a reason) in sources.yaml.
    """
    from ..editor.coverage import format_report
    from ..project.load import display_path

    try:
        report = Project(root).coverage()
    except BriefgenError as exc:
        fail(exc)
    echo(format_report(report, display_path(root, "seeds")))
    raise typer.Exit(1 if report.gaps else 0)
