"""typer commands: parse options, call :class:`briefgen.Project`, map errors to exit codes. No logic."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from . import __version__
from .api import Project
from .console import BuildBar, Timed, echo
from .editor.complete import fact_ids, seed_names, theme_ids
from .errors import BriefgenError, CheckFailed, EditRefused, ProjectError, Report, UsageError
from .project.vocab import AttributionKind, Confidence, Likelihood, PlaceKind, SourceKind

if TYPE_CHECKING:
    from .editor.edit import Draft
    from .output.up_to_date import BuildResult


class _Commands(TyperGroup):
    """briefgen's commands, with click's and typer's usage errors in briefgen's one style:
    ``briefgen: error: MESSAGE (see 'briefgen COMMAND --help')``, exit status 2."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            done = super().main(args, "briefgen", complete_var, standalone_mode=False, **extra)
            code = done if isinstance(done, int) else 0
        except click.exceptions.NoArgsIsHelpError as exc:
            typer.echo(exc.format_message())
            code = 2
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx is not None else "briefgen"
            message = exc.format_message().rstrip(".")
            message = message[:1].lower() + message[1:]  # as briefgen's own: 'unknown theme …'
            message = _one_suggestion(message)
            echo(f"briefgen: error: {message} (see '{where} --help')", err=True)
            code = 2
        except click.ClickException as exc:
            echo(f"briefgen: error: {exc.format_message()}", err=True)
            code = exc.exit_code
        except click.exceptions.Abort:
            typer.echo("briefgen: aborted", err=True)
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def _one_suggestion(message: str) -> str:
    """click's and typer's 'did you mean' said once, in briefgen's style: click says it for a
    command ("No such command 'chek'. Did you mean 'check'?") and typer says it again after it."""
    message = re.sub(r"\. Did you mean [^?]*\? (\(Did you mean one of: )", r" \1", message)
    return message.replace(". (Did you mean", " (did you mean").replace(" (Did you mean", " (did you mean")


app = typer.Typer(
    cls=_Commands,
    help="Turn hand-reviewed, source-cited facts into situation briefings (Markdown, HTML, PDF).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print briefgen's version and exit.", callback=_show_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Turn hand-reviewed, source-cited facts into situation briefings (Markdown, HTML, PDF)."""


def complete_format(incomplete: str) -> list[str]:
    """Shell completion of --format, also after a comma (``md,ht`` -> ``md,html``)."""
    from .output.up_to_date import FORMATS

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


class Grade(StrEnum):
    """An Admiralty reliability grade, as source add takes it."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class ReportFormat(StrEnum):
    """How check prints its problems."""

    text = "text"
    json = "json"
    github = "github"


def _print_report(report: Report, fmt: ReportFormat = ReportFormat.text) -> None:
    out, err = report.output(fmt.value)
    for line in out:
        echo(line) if fmt is ReportFormat.text else typer.echo(line)
    for line in err:
        echo(line, err=True)


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
    if isinstance(exc, EditRefused):
        for line in exc.lines:
            echo(line)
        echo(f"briefgen: nothing written: {exc}", err=True)
        raise typer.Exit(1)
    echo(str(exc) if exc.located else f"briefgen: error: {exc}", err=True)
    raise typer.Exit(2 if isinstance(exc, UsageError | ProjectError) else 1)  # a wrong --root: usage


def _formats(values: list[str] | None, default: list[str]) -> list[str]:
    """The formats of repeated or comma-separated --format options; exit 2 on an unknown one."""
    from .output.up_to_date import FORMATS

    chosen = [f.strip() for value in values or [] for f in value.split(",") if f.strip()] or default
    bad = [f for f in chosen if f not in FORMATS]
    if bad:
        _usage(f"unknown format '{bad[0]}' (formats: {', '.join(FORMATS)})")
    return chosen


def _reporters(quiet: bool, verbose: bool) -> tuple[Callable[[str], None], Callable[[str], None]]:
    """The progress and detail printers that -q and -v ask for (both go to stderr)."""
    if quiet and verbose:
        _usage("-q and -v cannot be used together")

    def say(message: str) -> None:
        echo(f"briefgen: {message}", err=True)

    def silent(_: str) -> None:
        pass

    if verbose:
        timed = Timed()
        return timed, timed
    return (silent if quiet else say), silent


def _usage(message: str) -> NoReturn:
    """A usage error, in the one style every usage error has; exit status 2."""
    echo(f"briefgen: error: {message}", err=True)
    raise typer.Exit(2)


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
    try:
        report = Project(root).check(strict)
    except BriefgenError as exc:
        _fail(exc)
    _print_report(report, fmt)
    raise typer.Exit(1 if report.failed() else 0)


@app.command("build")
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
    from .output.up_to_date import DEFAULT_FORMATS, Steps

    chosen = _formats(formats, default=list(DEFAULT_FORMATS))
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    progress, detail = _reporters(quiet, verbose)
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
        _fail(failure)
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


@app.command("find")
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
        _fail(exc)
    for problem in found.problems:
        typer.echo(str(problem), err=True)
    for line in found.lines():
        echo(line)
    if not found.matches:
        echo(f"briefgen: {found.not_found()}", err=True)
        raise typer.Exit(1)


@app.command("add")
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
    from .editor.edit import Draft

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
        _fail(exc)
    typer.echo(f"{added.shown}:{added.line}: added draft fact '{added.fact_id}'")
    typer.echo(_after_add(draft, added.fact_id), err=True)


def _after_add(draft: Draft, fact_id: str) -> str:
    """What is next for a new draft: name only the placeholders it still carries (review's --by
    defaults to git's user name, so it is not asked for)."""
    from .editor.edit import DRAFT_CREDIBILITY, NOT_ATTRIBUTED

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


@app.command("review")
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
    from .editor.review import default_reviewer

    try:
        reviewer = by if by is not None else default_reviewer(root)
        reviewed = Project(root).review(ids, reviewer, on)
    except BriefgenError as exc:
        _fail(exc)
    for edited, shown in zip(reviewed.edited, reviewed.shown, strict=True):
        for line in shown:
            typer.echo(line)
        was = f" (was {edited.previous})" if edited.previous else ""
        typer.echo(
            f"{edited.shown}:{edited.line}: '{edited.fact_id}' marked reviewed by {reviewer.strip()}{was}"
        )


place_app = typer.Typer(help="The places of the gazetteer (facts/gazetteer.yaml).", no_args_is_help=True)
app.add_typer(place_app, name="place")


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
    from .editor.places import NewPlace, lookup

    new = NewPlace(pick, place_id, kind, tuple(spellings or ()), uncertainty_km, label)
    try:
        placed, candidates = Project(root).add_place(name, new)
    except BriefgenError as exc:
        _list_candidates(name, exc, lookup)
        _fail(exc)
    _list_candidates(name, None, lambda _: candidates)
    where = f"{placed.shown}:{placed.line}"
    typer.echo(f"{where}: added place '{placed.place_id}' from GeoNames {placed.candidate.geonameid}")
    for warning in placed.warnings:
        typer.echo(f"briefgen: warning: {warning}", err=True)


def _list_candidates(name: str, exc: BriefgenError | None, lookup: Callable[[str], list[Any]]) -> None:
    """Print the places matching ``name``, numbered for --pick, when there is a choice to show."""
    if exc is not None and not (isinstance(exc, UsageError) and "--pick" in str(exc)):
        return
    from .editor.places import SHOWN

    candidates = lookup(name)
    for number, candidate in enumerate(candidates[:SHOWN], start=1):
        typer.echo(f"{number:>3}. {candidate.line()}")
    if len(candidates) > SHOWN:
        typer.echo(f"     ... and {len(candidates) - SHOWN} more, less populous")


@app.command("relate")
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
        _fail(exc)
    for item in written:
        typer.echo(f"{item.shown}:{item.line}: recorded {item.what}")


judgment_app = typer.Typer(help="The key judgments of the themes (facts/themes.yaml).", no_args_is_help=True)
app.add_typer(judgment_app, name="judgment")


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
    from .editor.structure import Judgment, split_ids

    judgment = Judgment(theme, text, likelihood, confidence, split_ids(rests_on), judgment_id, implication)
    try:
        written = Project(root).add_judgment(judgment)
    except BriefgenError as exc:
        _fail(exc)
    typer.echo(f"{written.shown}:{written.line}: added {written.what}")


theme_app = typer.Typer(help="The themes of the briefing (facts/themes.yaml).", no_args_is_help=True)
app.add_typer(theme_app, name="theme")


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
        _fail(exc)
    typer.echo(f"{written.shown}:{written.line}: added {written.what}")
    typer.echo(
        f"briefgen: next: add its facts (briefgen add --theme {theme_id} ...) and key judgments "
        f"(briefgen judgment add {theme_id} ...)",
        err=True,
    )


@app.command("init")
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
    from .editor.init import init_project

    try:
        written = init_project(folder, title)
    except BriefgenError as exc:
        _fail(exc)
    typer.echo(f"briefgen: wrote {len(written)} files to {folder}", err=True)
    typer.echo(f"briefgen: next: briefgen source add FILE --kind KIND --root {folder}", err=True)


source_app = typer.Typer(
    help="Register sources: a text, web page, PDF or Word document becomes a pinned seed."
)
app.add_typer(source_app, name="source")


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
    from .editor.edit import parse_day
    from .editor.sources import Given

    try:
        given = Given(
            kind, url, title, publisher, published, published_basis,
            reliability.value if reliability else None, rationale,
            parse_day(retrieved) if retrieved else None,
        )  # fmt: skip
        added = Project(root).add_source(file, given)
    except BriefgenError as exc:
        _fail(exc)
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


@app.command("pin")
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
        _fail(exc)
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


@app.command("omit")
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
        _fail(exc)
    typer.echo(f"{written.shown}:{written.line}: recorded {written.what}")


@app.command("schema")
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


@app.command("diff")
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
        _fail(exc)
    for line in changes.unreadable:
        echo(line, err=True)
    for line in changes.lines():
        echo(line)


@app.command("serve")
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
    chosen = _formats(formats, default=["md", "html"])
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    say, detail = _reporters(quiet, verbose)
    try:
        Project(root).serve(
            out, port, chosen, strict, say, detail, typer.echo, host=host, open_browser=open_browser
        )
    except BriefgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("briefgen: stopped", err=True)


@app.command("coverage")
def coverage_command(root: RootOption = Path(".")) -> None:
    """Report seed paragraphs no fact cites, facts per theme and seed, drafts, single-source judgments.

    Exits 1 when a paragraph is neither cited nor recorded as omitted (with a reason) in sources.yaml.
    """
    from .editor.coverage import format_report
    from .project.load import display_path

    try:
        report = Project(root).coverage()
    except BriefgenError as exc:
        _fail(exc)
    echo(format_report(report, display_path(root, "seeds")))
    raise typer.Exit(1 if report.gaps else 0)


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
