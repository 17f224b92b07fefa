"""init, source add, pin and schema: the commands that start a project and register its sources."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..api import Project
from ..editor.complete import seed_names
from ..errors import BriefgenError
from ..project.vocab import SourceKind
from .failures import fail
from .options import (
    RootOption,
)


class Grade(StrEnum):
    """An Admiralty reliability grade, as source add takes it."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


def init_command(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="Where to start the project: a new or empty folder.", file_okay=False
        ),
    ] = Path("."),
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TITLE", help="The briefing's title (default: from the folder's name)."
        ),
    ] = None,
) -> None:
    """Start a new briefing project: facts/, seeds/, schemas, .gitignore, pre-commit and CI."""
    from ..editor.init import init_project

    try:
        written = init_project(folder, title)
    except BriefgenError as exc:
        fail(exc)
    typer.echo(f"briefgen: wrote {len(written)} files to {folder}", err=True)
    typer.echo(f"briefgen: next: briefgen source add FILE --kind KIND --root {folder}", err=True)


source_app = typer.Typer(
    help="Register sources: a text, web page, PDF or Word document becomes a pinned seed."
)


@source_app.command("add")
def source_add_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="The source file: .txt, .html/.htm, .pdf or .docx.", dir_okay=False
        ),
    ],
    kind: Annotated[
        SourceKind,
        typer.Option("--kind", help="What the source is (decides how far its claims go)."),
    ],
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Where it was found (http or https).")
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TITLE", help="Its title as the text gives it (default: the page's)."
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option("--publisher", metavar="NAME", help="Its publisher (default: a web page's site name)."),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published", metavar="DATE", help="Its publication date: YYYY, YYYY-MM or YYYY-MM-DD."
        ),
    ] = None,
    published_basis: Annotated[
        str | None,
        typer.Option(
            "--published-basis", metavar="WORDS", help="How the date is known (needed with --published)."
        ),
    ] = None,
    reliability: Annotated[
        Grade | None, typer.Option("--reliability", help="Admiralty reliability grade A-F.")
    ] = None,
    rationale: Annotated[
        str | None,
        typer.Option("--rationale", metavar="WORDS", help="Why that grade (needed with --reliability)."),
    ] = None,
    retrieved: Annotated[
        str | None,
        typer.Option(
            "--retrieved",
            metavar="DATE",
            help="When it was retrieved from --url, YYYY-MM-DD (default: today).",
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Extract a source's text into a new pinned seed, keep the original, register it in sources.yaml."""
    from ..editor.edit import parse_day
    from ..editor.sources import Given

    try:
        given = Given(
            kind, url, title, publisher, published, published_basis,
            reliability.value if reliability else None, rationale,
            parse_day(retrieved) if retrieved else None,
        )  # fmt: skip
        added = Project(root).add_source(file, given)
    except BriefgenError as exc:
        fail(exc)
    seeds = root / "seeds"
    typer.echo(
        f"{seeds / added.seed}: {len(added.extracted.text)} characters from {file} ({added.extracted.how})"
    )
    typer.echo(f"{seeds / 'originals' / added.original}: the original, sha256 {added.original_sha256}")
    typer.echo(
        f"{root / 'facts' / 'sources.yaml'}:{added.line}: registered {added.seed}, sha256 {added.seed_sha256}"
    )
    if added.proposed:
        typer.echo(
            f"briefgen: taken from the file's metadata, check them: {'; '.join(added.proposed)}", err=True
        )
    for missing in added.missing:
        typer.echo(f"briefgen: still to supply in facts/sources.yaml: {missing}", err=True)


def pin_command(
    seed: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="The corrected seed (a file name in seeds/).", autocompletion=seed_names
        ),
    ],
    root: RootOption = Path("."),
) -> None:
    """Re-pin a corrected seed (its sha256 in sources.yaml) and say which reviews the change voids."""
    try:
        pinned = Project(root).pin(seed)
    except BriefgenError as exc:
        fail(exc)
    where = f"{root / 'facts' / 'sources.yaml'}:{pinned.line}"
    if pinned.old == pinned.new:
        typer.echo(f"{where}: {pinned.seed} is pinned already (sha256 {pinned.new[:12]}…); nothing written")
        return
    typer.echo(f"{where}: re-pinned {pinned.seed}: sha256 {pinned.old[:12]}… -> {pinned.new[:12]}…")
    for problem in pinned.voided + pinned.broken:
        typer.echo(str(problem))
    voided = len(pinned.voided)
    typer.echo(
        f"briefgen: the correction voids {voided} review{'s' * (voided != 1)} of the "
        f"{pinned.citing} fact{'s' * (pinned.citing != 1)} citing {pinned.seed}"
        + ("; re-read each, then: briefgen review ID" if voided else ""),
        err=True,
    )


def schema_command(
    root: RootOption = Path("."),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Where to write them (default: ROOT/schema).", file_okay=False
        ),
    ] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the files differ from the models.")
    ] = False,
) -> None:
    """Write the JSON Schema of the fact, source and theme files, generated from the models."""
    folder = out or root / "schema"
    if check_only:
        outdated = Project(root).stale_schemas(folder)
        for name in outdated:
            typer.echo(f"{folder / name}: error: out of date with the models; run briefgen schema")
        raise typer.Exit(1 if outdated else 0)
    written = Project(root).write_schemas(folder)
    typer.echo(f"briefgen: wrote {len(written)} schema files to {folder}", err=True)
