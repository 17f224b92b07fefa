"""Every command and option has --help text, and every command is documented in the README."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main

from briefgen.cli import app

from .conftest import REPO

ROOT_COMMAND: Any = typer.main.get_command(app)  # a click group (typer may vendor click)
COMMANDS = sorted(ROOT_COMMAND.commands)
LEAVES = {  # a group's commands by their full names ('place add'), the others as they are
    f"{name} {sub}" if hasattr(command, "commands") else name: (
        command.commands[sub] if hasattr(command, "commands") else command
    )
    for name, command in ROOT_COMMAND.commands.items()
    for sub in getattr(command, "commands", [None])
}
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(name: str) -> str:
    """The README's section for one command: from its heading to the next heading."""
    match = re.search(rf"^### `briefgen {name}\b.*?(?=^##)", README, flags=re.M | re.S)
    assert match, f"README.md has no '### `briefgen {name} …`' section"
    return match.group(0)


def test_the_commands_are_the_issues() -> None:
    expected = [
        "add",
        "build",
        "check",
        "coverage",
        "diff",
        "find",
        "init",
        "judgment",
        "omit",
        "pin",
        "place",
    ]
    expected += ["relate", "review", "schema", "serve", "source", "theme"]
    assert expected == COMMANDS


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_command_and_option_has_help(name: str) -> None:
    command = LEAVES[name]
    assert command.help and len(command.help) > 20, f"{name} has no help"
    for param in command.params:
        assert getattr(param, "help", None), f"{name}: {param.name} has no help"


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_every_command_is_documented_with_an_example(name: str) -> None:
    text = section(name)
    assert re.search(rf"```(sh)?\n(\$ )?briefgen {name}\b", text), f"README: no example of briefgen {name}"
    for param in LEAVES[name].params:
        if param.param_type_name == "option" and param.name not in ("root", "help"):
            assert any(flag in text for flag in param.opts), f"README: {name} does not mention {param.opts}"


def test_completion_is_documented_and_works() -> None:
    assert "briefgen --install-completion" in README
    script = Path(sys.executable).parent / "briefgen"
    # typer detects the user's shell; its own test switch lets the shell be named instead.
    named = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [str(script), "--show-completion", "bash"], capture_output=True, text=True, env=named, check=False
    )
    assert "_BRIEFGEN_COMPLETE=complete_bash" in shown.stdout
    env = {"_BRIEFGEN_COMPLETE": "complete_bash", "COMP_WORDS": "briefgen review rukban-b", "COMP_CWORD": "2"}
    done = subprocess.run([str(script)], capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert done.stdout.split() == ["rukban-buses-dire"]
    env = {**env, "COMP_WORDS": "briefgen add --root tests/fixtures/mini --theme ", "COMP_CWORD": "5"}
    done = subprocess.run([str(script)], capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert done.stdout.split() == ["pier", "labour"]
