"""check --format text|json|github, --root, and build's -q and -v."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.errors import Problem

from .conftest import Result, edit

Cli = Callable[..., Result]
DRAFT = ("      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n", "      status: draft\n")


@pytest.fixture
def broken(mini: Path) -> Path:
    """One error (credibility 0) and one warning (a draft)."""
    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 0\n")
    edit(mini / "facts" / "labour.yaml", *DRAFT)
    return mini


def test_text_format(cli: Cli, broken: Path) -> None:
    result = cli("check", "--root", broken)
    assert result.code == 1
    assert result.out == (
        f"{broken}/facts/labour.yaml:18:7: warning: fact 'union-disputes' is a draft, not yet reviewed\n"
        f"{broken}/facts/pier.yaml:40:18: error: credibility: 0 is not one of 1, 2, 3, 4, 5 or 6\n"
    )
    assert result.err == "1 error, 1 warning\n"


def test_github_format_annotates_errors_and_warnings(
    cli: Cli, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(broken)
    result = cli("check", "--format", "github")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "::warning file=facts/labour.yaml,line=18,col=7::fact 'union-disputes' is a draft, not yet reviewed\n"
        "::error file=facts/pier.yaml,line=40,col=18::credibility: 0 is not one of 1, 2, 3, 4, 5 or 6\n"
    )


def test_json_format_is_a_document(cli: Cli, broken: Path) -> None:
    result = cli("check", "--root", broken, "--format", "json", "--strict")
    assert (result.code, result.err) == (1, "")
    assert json.loads(result.out) == {
        "errors": 1,
        "warnings": 1,
        "problems": [
            {
                "path": f"{broken}/facts/labour.yaml",
                "line": 18,
                "column": 7,
                "severity": "warning",
                "message": "fact 'union-disputes' is a draft, not yet reviewed",
            },
            {
                "path": f"{broken}/facts/pier.yaml",
                "line": 40,
                "column": 18,
                "severity": "error",
                "message": "credibility: 0 is not one of 1, 2, 3, 4, 5 or 6",
            },
        ],
    }


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_exit_status_is_the_same_in_every_format(cli: Cli, mini: Path, fmt: str) -> None:
    assert cli("check", "--root", mini, "--format", fmt).code == 0
    edit(mini / "facts" / "labour.yaml", *DRAFT)
    assert cli("check", "--root", mini, "--format", fmt).code == 0
    assert cli("check", "--root", mini, "--format", fmt, "--strict").code == 1


def test_github_annotations_escape_what_workflow_commands_cannot_carry() -> None:
    problem = Problem("facts/a,b:c.yaml", 3, 4, "error", "100% wrong\nsecond line\r")
    assert problem.github() == "::error file=facts/a%2Cb%3Ac.yaml,line=3,col=4::100%25 wrong%0Asecond line%0D"


def test_root_defaults_to_the_current_folder(cli: Cli, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken)
    assert cli("check").out.startswith("facts/labour.yaml:18:7: warning:")


def test_build_progress_quiet_and_verbose(cli: Cli, mini: Path) -> None:
    normal = cli("build", "--root", mini, "--format", "md")
    assert normal.err == f"briefgen: writing 8 files\nbriefgen: wrote 8 files to {mini}/out\n"
    quiet = cli("build", "--root", mini, "--format", "md", "-q")
    assert (quiet.code, quiet.out, quiet.err) == (0, "", "")
    verbose = cli("build", "--root", mini, "--format", "md", "-v", "--out", mini / "fresh")
    timing = re.compile(r" \(\d+\.\d\d s; \d+\.\d s in all\)$")  # each step timed
    lines = verbose.err.splitlines()
    assert all(timing.search(line) for line in lines[:-2] + lines[-1:])
    lines = [timing.sub("", line) for line in lines]
    assert lines[:7] == [
        "briefgen: loaded 3 facts, 2 themes, 2 seeds",
        "briefgen: checked: 0 errors, 0 warnings",
        "briefgen: rendered briefing",
        "briefgen: rendered themes/pier",
        "briefgen: rendered themes/labour",
        "briefgen: writing 8 files",
        f"briefgen: wrote {mini}/fresh/briefing.md",
    ]
    assert lines[-2] == f"briefgen: wrote 8 files to {mini}/fresh"
    assert lines[-1].startswith("briefgen: took ")


def test_quiet_and_verbose_together_is_a_usage_error(cli: Cli, mini: Path) -> None:
    result = cli("build", "--root", mini, "-q", "-v")
    assert (result.code, result.err) == (2, "briefgen: error: -q and -v cannot be used together\n")
