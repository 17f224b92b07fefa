"""add, review, relate, omit, and the judgment, theme and place commands: the ones that edit facts/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..api import Project
from ..editor.complete import fact_ids, seed_names, theme_ids
from ..errors import BriefgenError, UsageError
from ..project.vocab import AttributionKind, Confidence, Likelihood, PlaceKind
from .failures import fail
from .options import (
    RootOption,
)

if TYPE_CHECKING:
    from ..editor.edit import Draft


def add_command(
    theme: Annotated[
        str,
        typer.Option(
            "--theme",
            metavar="THEME",
            help="The theme id: the fact goes to facts/THEME.yaml.",
            autocompletion=theme_ids,
        ),
    ],
    seed: Annotated[
        str,
        typer.Option(
            "--seed",
            metavar="FILE",
            help="The seed the passage is in: a file name in seeds/, or its number (000).",
            autocompletion=seed_names,
        ),
    ],
    passage: Annotated[
        str,
        typer.Option(
            "--passage", metavar="WORDS", help="The seed's exact words (see briefgen find); must occur once."
        ),
    ],
    statement: Annotated[
        str,
        typer.Option(
            "--statement", metavar="SENTENCE", help="One neutral sentence that says no more than the passage."
        ),
    ],
    attributed_to: Annotated[
        str,
        typer.Option(
            "--attributed-to", metavar="WHO", help="Who asserts it, as precisely as the text allows."
        ),
    ] = "not yet attributed",
    attribution_kind: Annotated[
        AttributionKind,
        typer.Option("--attribution-kind", help="What kind of asserter it is."),
    ] = AttributionKind.AUTHOR,
    via: Annotated[
        list[str] | None,
        typer.Option("--via", metavar="OUTLET", help="An outlet it came through; repeatable, nearest first."),
    ] = None,
    also_themes: Annotated[
        list[str] | None,
        typer.Option(
            "--also-theme",
            metavar="THEME",
            help="Another theme it belongs to; repeatable.",
            autocompletion=theme_ids,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it happened: YYYY, YYYY-MM or YYYY-MM-DD."),
    ] = None,
    date_basis: Annotated[
        str | None,
        typer.Option(
            "--date-basis", metavar="HOW", help="How the date was established (needed with --date)."
        ),
    ] = None,
    credibility: Annotated[
        int,
        typer.Option(
            "--credibility",
            metavar="1-6",
            min=1,
            max=6,
            help="Admiralty credibility 1-6; 6 is 'cannot be judged'.",
        ),
    ] = 6,
    prefix: Annotated[
        str | None,
        typer.Option(
            "--prefix", metavar="WORDS", help="Words just before the passage, to pick one occurrence."
        ),
    ] = None,
    suffix: Annotated[
        str | None,
        typer.Option(
            "--suffix", metavar="WORDS", help="Words just after the passage, to pick one occurrence."
        ),
    ] = None,
    fact_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The fact id (default: made from the theme and statement)."),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Append a new draft fact to facts/THEME.yaml; the rest of the file is kept byte for byte."""
    from ..editor.edit import Draft

    draft = Draft(
        theme=theme,
        seed=seed,
        passage=passage,
        statement=statement,
        attributed_to=attributed_to,
        attribution_kind=attribution_kind,
        via=tuple(via or ()),
        also_themes=tuple(also_themes or ()),
        date=date,
        date_basis=date_basis,
        credibility=credibility,
        prefix=prefix,
        suffix=suffix,
        fact_id=fact_id,
    )
    try:
        added = Project(root).add(draft)
    except BriefgenError as exc:
        fail(exc)
    typer.echo(f"{added.shown}:{added.line}: added draft fact '{added.fact_id}'")
    typer.echo(_after_add(draft, added.fact_id), err=True)


def _after_add(draft: Draft, fact_id: str) -> str:
    """What is next for a new draft: name only the placeholders it still carries (review's --by
    defaults to git's user name, so it is not asked for)."""
    from ..editor.edit import DRAFT_CREDIBILITY, NOT_ATTRIBUTED

    missing = [
        name
        for name, given in (
            ("date", draft.date is not None and draft.date_basis is not None),
            ("attribution", draft.attributed_to != NOT_ATTRIBUTED),
            ("grade", draft.credibility != DRAFT_CREDIBILITY),
        )
        if not given
    ]
    if missing:
        return f"briefgen: finish it ({', '.join(missing)}), then: briefgen review {fact_id}"
    return f"briefgen: next, once you have re-read it: briefgen review {fact_id}"


def review_command(
    ids: Annotated[
        list[str],
        typer.Argument(
            help="The ids of the facts you re-read against their passages.",
            autocompletion=fact_ids,
            metavar="ID",
        ),
    ],
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Your name, as the review record gives it (default: git config user.name).",
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="The day of the review, YYYY-MM-DD (default: today)."),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Show each fact with its passages in context, then mark it reviewed, bound to what you read."""
    from ..editor.review import default_reviewer

    try:
        reviewer = by if by is not None else default_reviewer(root)
        reviewed = Project(root).review(ids, reviewer, on)
    except BriefgenError as exc:
        fail(exc)
    for edited, shown in zip(reviewed.edited, reviewed.shown, strict=True):
        for line in shown:
            typer.echo(line)
        was = f" (was {edited.previous})" if edited.previous else ""
        typer.echo(
            f"{edited.shown}:{edited.line}: '{edited.fact_id}' marked reviewed by {reviewer.strip()}{was}"
        )


place_app = typer.Typer(help="The places of the gazetteer (facts/gazetteer.yaml).", no_args_is_help=True)


@place_app.command("add")
def place_add_command(
    name: Annotated[
        str, typer.Argument(metavar="PLACE", help="The place's name as the statements spell it.")
    ],
    pick: Annotated[
        int | None,
        typer.Option("--pick", metavar="N", min=1, help="Which of the listed places (1 is the first)."),
    ] = None,
    place_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="The place id (default: made from the name).")
    ] = None,
    kind: Annotated[
        PlaceKind | None, typer.Option("--kind", help="What it is (default: by its population).")
    ] = None,
    spellings: Annotated[
        list[str] | None,
        typer.Option(
            "--spelling", metavar="SPELLING", help="Another spelling the statements use; repeatable."
        ),
    ] = None,
    uncertainty_km: Annotated[
        float | None,
        typer.Option(
            "--uncertainty-km",
            metavar="KM",
            min=0.001,
            max=500,
            help="How far off the point may be (default: by size).",
        ),
    ] = None,
    label: Annotated[
        str,
        typer.Option(
            "--label", metavar="SIDE", help="Where the map writes the name: right, left, above or below."
        ),
    ] = "right",
    root: RootOption = Path("."),
) -> None:
    """Look a place up in GeoNames (offline) and add it to facts/gazetteer.yaml."""
    from ..editor.places import NewPlace, lookup

    new = NewPlace(pick, place_id, kind, tuple(spellings or ()), uncertainty_km, label)
    try:
        placed, candidates = Project(root).add_place(name, new)
    except BriefgenError as exc:
        _list_candidates(name, exc, lookup)
        fail(exc)
    _list_candidates(name, None, lambda _: candidates)
    where = f"{placed.shown}:{placed.line}"
    typer.echo(f"{where}: added place '{placed.place_id}' from GeoNames {placed.candidate.geonameid}")
    for warning in placed.warnings:
        typer.echo(f"briefgen: warning: {warning}", err=True)


def _list_candidates(name: str, exc: BriefgenError | None, lookup: Callable[[str], list[Any]]) -> None:
    """Print the places matching ``name``, numbered for --pick, when there is a choice to show."""
    if exc is not None and not (isinstance(exc, UsageError) and "--pick" in str(exc)):
        return
    from ..editor.places import SHOWN

    candidates = lookup(name)
    for number, candidate in enumerate(candidates[:SHOWN], start=1):
        typer.echo(f"{number:>3}. {candidate.line()}")
    if len(candidates) > SHOWN:
        typer.echo(f"     ... and {len(candidates) - SHOWN} more, less populous")


def relate_command(
    fact_a: Annotated[
        str, typer.Argument(metavar="FACT", help="The fact that relates to another.", autocompletion=fact_ids)
    ],
    kind: Annotated[
        str, typer.Argument(metavar="RELATION", help="How it relates: a relation type of the fact format.")
    ],
    fact_b: Annotated[str, typer.Argument(metavar="OTHER", help="The other fact.", autocompletion=fact_ids)],
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="WORDS", help="What agrees or disagrees, in a line (on both facts)."),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Record a relation between two facts on both of them; the rest of each file is kept."""
    try:
        written = Project(root).relate(fact_a, kind, fact_b, note)
    except BriefgenError as exc:
        fail(exc)
    for item in written:
        typer.echo(f"{item.shown}:{item.line}: recorded {item.what}")


judgment_app = typer.Typer(help="The key judgments of the themes (facts/themes.yaml).", no_args_is_help=True)


@judgment_app.command("add")
def judgment_add_command(
    theme: Annotated[
        str,
        typer.Argument(
            metavar="THEME_ID", help="The theme the judgment belongs to.", autocompletion=theme_ids
        ),
    ],
    text: Annotated[
        str, typer.Option("--text", metavar="SENTENCES", help="The judgment, one or two sentences.")
    ],
    likelihood: Annotated[Likelihood, typer.Option("--likelihood", help="Estimative language.")],
    confidence: Annotated[Confidence, typer.Option("--confidence", help="How far the evidence bears it.")],
    rests_on: Annotated[
        list[str],
        typer.Option(
            "--rests-on",
            metavar="FACT",
            help="A fact it rests on; repeatable, or several ids separated by commas or spaces.",
        ),
    ],
    judgment_id: Annotated[
        str | None,
        typer.Option("--id", metavar="ID", help="The judgment's id (default: made from the theme and text)."),
    ] = None,
    implication: Annotated[
        str | None,
        typer.Option(
            "--implication",
            metavar="WORDS",
            help="What follows from it, in a line (the 'so what'); required.",
        ),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Append a key judgment to a theme in facts/themes.yaml; the rest of the file is kept."""
    from ..editor.structure import Judgment, split_ids

    judgment = Judgment(theme, text, likelihood, confidence, split_ids(rests_on), judgment_id, implication)
    try:
        written = Project(root).add_judgment(judgment)
    except BriefgenError as exc:
        fail(exc)
    typer.echo(f"{written.shown}:{written.line}: added {written.what}")


theme_app = typer.Typer(help="The themes of the briefing (facts/themes.yaml).", no_args_is_help=True)


@theme_app.command("add")
def theme_add_command(
    theme_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new theme's id; its facts go to facts/ID.yaml.")
    ],
    title: Annotated[
        str, typer.Option("--title", metavar="TITLE", help="The heading the briefing gives the theme.")
    ],
    scope: Annotated[
        str, typer.Option("--scope", metavar="LINE", help="One line saying what the theme covers.")
    ],
    order: Annotated[
        int | None,
        typer.Option("--order", metavar="N", min=1, help="Its place in the briefing (default: last)."),
    ] = None,
    root: RootOption = Path("."),
) -> None:
    """Append a theme to facts/themes.yaml; the rest of the file is kept byte for byte."""
    try:
        written = Project(root).add_theme(theme_id, title, scope, order)
    except BriefgenError as exc:
        fail(exc)
    typer.echo(f"{written.shown}:{written.line}: added {written.what}")
    typer.echo(
        f"briefgen: next: add its facts (briefgen add --theme {theme_id} ...) and key judgments "
        f"(briefgen judgment add {theme_id} ...)",
        err=True,
    )


def omit_command(
    seed: Annotated[
        str,
        typer.Argument(metavar="FILE", help="The seed (a file name in seeds/).", autocompletion=seed_names),
    ],
    line: Annotated[
        int, typer.Option("--line", metavar="N", min=1, help="The line on which the paragraph starts.")
    ],
    reason: Annotated[
        str, typer.Option("--reason", metavar="WORDS", help="Why no fact cites it (it bears on no theme...).")
    ],
    root: RootOption = Path("."),
) -> None:
    """Record that a paragraph of a seed is left uncited on purpose, with the reason."""
    try:
        written = Project(root).omit(seed, line, reason)
    except BriefgenError as exc:
        fail(exc)
    typer.echo(f"{written.shown}:{written.line}: recorded {written.what}")
