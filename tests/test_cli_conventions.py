"""The CLI at typer/rich conventions: --version, -h, real metavars, completion of --format, one
error style with exit 2 for usage, colour only on a terminal and never under NO_COLOR, a progress
bar on a terminal and plain lines elsewhere, -v with a time per step."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
import typer.main

from briefgen import __version__
from briefgen.cli import app, complete_format
from briefgen.console import paint

from .conftest import Result, edit

Cli = Callable[..., Result]


def _commands(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(command, click.Group):
        return [c for name, sub in sorted(command.commands.items()) for c in _commands(sub, (*path, name))]
    return [path]


COMMANDS = _commands(typer.main.get_command(app))


def test_version(cli: Cli) -> None:
    assert (cli("--version").code, cli("--version").out) == (0, f"briefgen {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_short_option_and_real_metavars(cli: Cli, command: tuple[str, ...]) -> None:
    short, long = cli(*command, "-h"), cli(*command, "--help")
    assert short.code == long.code == 0 and short.out == long.out
    assert not re.search(r"<(bool|str|int|list\[str\]|path|dir|directory|text)>", short.out)
    assert not re.search(r"\b(TEXT|INTEGER|BOOLEAN|DIRECTORY|PATH)\b", short.out)
    assert "-h" in short.out


def test_metavars_say_what_goes_there(cli: Cli) -> None:
    build = cli("build", "-h").out
    for metavar in ("--root", "DIR", "--format", "FORMAT", "--theme", "THEME", "--changes-since", "REV"):
        assert metavar in build
    assert re.search(r"--strict\s+Treat", build)  # a flag shows no placeholder
    assert "FILE" in cli("find", "-h").out and "ID" in cli("review", "-h").out


def test_format_completes_also_after_a_comma() -> None:
    assert complete_format("") == ["md", "html", "pdf", "docx", "json", "csv", "geojson"]
    assert complete_format("g") == ["geojson"]
    assert complete_format("md,h") == ["md,html"]


def test_format_completes_in_the_shell() -> None:
    script = Path(sys.executable).parent / "briefgen"
    env = {
        **os.environ,
        "_BRIEFGEN_COMPLETE": "complete_bash",
        "COMP_WORDS": "briefgen build --format do",
        "COMP_CWORD": "3",
    }
    done = subprocess.run([str(script)], capture_output=True, text=True, env=env, check=False)
    assert "docx" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "briefgen: error: no such option '--bogus' (see 'briefgen check --help')\n"),
        (["review"], "briefgen: error: missing argument 'ID' (see 'briefgen review --help')\n"),
        (
            ["check", "--strct"],
            "briefgen: error: no such option '--strct' (did you mean one of: '--root', '--strict'?) (see 'briefgen check --help')\n",
        ),
        (
            ["chek"],
            "briefgen: error: no such command 'chek' (did you mean one of: 'check', 'schema'?) (see 'briefgen --help')\n",
        ),
        (
            ["serve", "--port", "99999"],
            "briefgen: error: invalid value for '--port': 99999 is not in the range 0<=x<=65535 (see 'briefgen serve --help')\n",
        ),
        (
            ["build", "--format", "odt"],
            "briefgen: error: unknown format 'odt' (formats: md, html, pdf, docx, json, csv, geojson)\n",
        ),
        (["build", "-q", "-v"], "briefgen: error: -q and -v cannot be used together\n"),
    ],
)
def test_usage_errors_have_one_style_and_exit_2(cli: Cli, mini: Path, args: list[str], message: str) -> None:
    result = cli(*args, "--root", mini) if args[0] in ("build", "check") else cli(*args)
    assert (result.code, result.err) == (2, message)


def test_a_wrong_root_exits_2(cli: Cli, tmp_path: Path) -> None:
    for command in ("check", "build", "coverage"):
        assert cli(command, "--root", tmp_path / "nowhere").code == 2


def test_labels_are_coloured_only_when_asked() -> None:
    line = "facts/a.yaml:1:2: error: bad: worse"
    assert paint(line, colour=False) == line
    assert paint(line, colour=True) == "facts/a.yaml:1:2: \x1b[1;31merror\x1b[0m: bad: worse"
    assert paint("briefgen: warning: x", colour=True) == "briefgen: \x1b[1;33mwarning\x1b[0m: x"


def in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run briefgen with stdout and stderr on a pseudo-terminal; its exit status and screen."""
    leader, follower = pty.openpty()
    script = Path(sys.executable).parent / "briefgen"
    process = subprocess.Popen(
        [str(script), *args], stdout=follower, stderr=follower, env={**os.environ, **env}
    )
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            process.kill()
            pytest.fail("no output for 120 s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    return process.wait(timeout=60), screen.decode("utf-8", errors="replace")


def test_on_a_terminal_a_build_shows_a_progress_bar_and_colour(mini: Path) -> None:
    env = {"NO_COLOR": "", "COLUMNS": "100", "TERM": "xterm-256color"}
    code, screen = in_terminal(["build", "--root", str(mini), "--format", "md,html"], env)
    assert code == 0, screen
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert re.search(r"briefgen: rendering ━+ 0/4 0:00:0\d", shown), shown  # 3 briefings and the writing
    assert re.search(r"briefgen: themes/pier done ━+╺━+ 2/4 0:00:0\d", shown), shown
    assert re.search(r"briefgen: writing done ━+ 4/4 0:00:0\d", shown)  # steps done of the total, time so far
    assert shown.endswith(f"briefgen: wrote 14 files to {mini}/out\r\n")
    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 9\n")
    code, screen = in_terminal(["check", "--root", str(mini)], env)
    assert code == 1 and "\x1b[1;31merror\x1b[0m: credibility: 9" in screen
    code, screen = in_terminal(["check", "--root", str(mini)], {**env, "NO_COLOR": "1"})
    assert code == 1 and ": error: credibility: 9" in screen and "\x1b[" not in screen


def test_off_a_terminal_plain_lines_and_nothing_with_q(cli: Cli, mini: Path) -> None:
    plain = cli("build", "--root", mini, "--format", "md,html")
    assert plain.code == 0 and "\x1b" not in plain.err and "\r" not in plain.err
    assert plain.err.splitlines()[-1] == f"briefgen: wrote 14 files to {mini}/out"
    (mini / "facts" / "pier.yaml").write_text((mini / "facts" / "pier.yaml").read_text() + "\n")
    quiet = cli("build", "--root", mini, "--format", "md,html", "-q")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")


def test_verbose_times_every_step(cli: Cli, mini: Path) -> None:
    done = cli("build", "--root", mini, "--format", "md", "-v")
    timed = r" \(\d+\.\d\d s; \d+\.\d s in all\)"
    for step in (
        r"loaded \d+ facts, \d+ themes, \d+ seeds",
        r"checked: 0 errors, 0 warnings",
        "rendered briefing",
        "rendered themes/pier",
        "took",
    ):
        assert re.search(rf"^briefgen: {step}.*{timed}$", done.err, flags=re.M), (step, done.err)
