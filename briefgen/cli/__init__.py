"""briefgen's command line (typer): parse options, call :class:`briefgen.Project`, map errors to exit
codes. No logic. The commands live by role (check_build, editing, sources, reading) and are
registered here, in the order ``briefgen --help`` lists them."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from .. import __version__
from ..console import echo
from .check_build import build_command, check_command, serve_command
from .editing import (
    add_command,
    judgment_app,
    omit_command,
    place_app,
    relate_command,
    review_command,
    theme_app,
)
from .options import complete_format
from .reading import coverage_command, diff_command, find_command
from .sources import init_command, pin_command, schema_command, source_app

__all__ = ["app", "complete_format", "main"]


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


app.command("check")(check_command)
app.command("build")(build_command)
app.command("find")(find_command)
app.command("add")(add_command)
app.command("review")(review_command)
app.add_typer(place_app, name="place")
app.command("relate")(relate_command)
app.add_typer(judgment_app, name="judgment")
app.add_typer(theme_app, name="theme")
app.command("init")(init_command)
app.add_typer(source_app, name="source")
app.command("pin")(pin_command)
app.command("omit")(omit_command)
app.command("schema")(schema_command)
app.command("diff")(diff_command)
app.command("serve")(serve_command)
app.command("coverage")(coverage_command)


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
