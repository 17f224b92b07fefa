"""The options several commands share, their shell completion, and how their values are read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..console import Timed, echo


def complete_format(incomplete: str) -> list[str]:
    """Shell completion of --format, also after a comma (``md,ht`` -> ``md,html``)."""
    from ..output.up_to_date import FORMATS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + f for f in FORMATS if f.startswith(last)]


RootOption = Annotated[
    Path,
    typer.Option(
        "--root",
        help="The project folder to read (with facts/, seeds/, templates/).",
        file_okay=False,
        metavar="DIR",
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors (CI runs this).")]
QuietOption = Annotated[bool, typer.Option("-q", "--quiet", help="Print only problems.")]
VerboseOption = Annotated[bool, typer.Option("-v", "--verbose", help="Also print every step and file.")]


def chosen_formats(values: list[str] | None, default: list[str]) -> list[str]:
    """The formats of repeated or comma-separated --format options; exit 2 on an unknown one."""
    from ..output.up_to_date import FORMATS

    chosen = [f.strip() for value in values or [] for f in value.split(",") if f.strip()] or default
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        usage(f"unknown format '{bad[0]}' (formats: {', '.join(FORMATS)})")
    return chosen


def reporters(quiet: bool, verbose: bool) -> tuple[Callable[[str], None], Callable[[str], None]]:
    """The progress and detail printers that -q and -v ask for (both go to stderr)."""
    if quiet and verbose:
        usage("-q and -v cannot be used together")

    def say(message: str) -> None:
        echo(f"briefgen: {message}", err=True)

    def silent(_: str) -> None:
        pass

    if verbose:
        timed = Timed()
        return timed, timed
    return (silent if quiet else say), silent


def usage(message: str) -> NoReturn:
    """A usage error, in the one style every usage error has; exit status 2."""
    echo(f"briefgen: error: {message}", err=True)
    raise typer.Exit(2)
