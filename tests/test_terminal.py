"""Untrusted text cannot drive a terminal (issue 14 item 13), and diff survives a fact file that
was not UTF-8 in git history (item 11).

``diff``, ``find`` and ``coverage`` print statements, seed text and seed names: every control
character in them is escaped as ``check`` escapes it (``errors.printable``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, edit
from .test_diff import commit_all, git

Cli = Callable[..., Result]
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"


@pytest.fixture
def inside(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(mini)
    return mini


def test_diff_escapes_a_statement(cli: Cli, inside: Path) -> None:
    git(inside, "init", "-q", "-b", "main")
    commit_all(inside, "first")
    edit(
        inside / "facts" / "labour.yaml",
        'statement: "Fishermen',
        'statement: "\\e]0;pwned\\a\\e[2J\\x9b31mFishermen',
    )
    result = cli("diff", "HEAD")
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out and "\x9b" not in result.out
    assert f'→ "{SHOWN}Fishermen' in result.out


def test_find_escapes_seed_text(cli: Cli, inside: Path) -> None:
    (inside / "seeds" / "evil.txt").write_text(
        f"Crews saw {ESCAPES} the pier closed today.\n", encoding="utf-8"
    )
    result = cli("find", "the pier closed today")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"seeds/evil.txt:1: Crews saw {SHOWN} the pier closed today."
    assert "\x1b" not in result.out + result.err


def test_find_escapes_the_closest_passage(cli: Cli, inside: Path) -> None:
    (inside / "seeds" / "evil.txt").write_text(
        f"Crews saw{ESCAPES}the pier closed today.\n", encoding="utf-8"
    )
    result = cli("find", "--seed", "evil.txt", "Crews saw the pier")
    assert result.code == 1
    assert "\x1b" not in result.err and "\\x1b" in result.err


def test_coverage_escapes_seed_names_and_text(cli: Cli, inside: Path) -> None:
    (inside / "seeds" / f"{ESCAPES}.txt").write_text(
        f"A paragraph {ESCAPES} nobody cites.\n", encoding="utf-8"
    )
    result = cli("coverage")
    assert result.code == 1
    assert "\x1b" not in result.out + result.err and "\x07" not in result.out + result.err
    assert f"{SHOWN}.txt" in result.out


def test_diff_reports_a_fact_file_that_was_not_utf8(cli: Cli, inside: Path) -> None:
    git(inside, "init", "-q", "-b", "main")
    good = (inside / "facts" / "labour.yaml").read_bytes()
    (inside / "facts" / "labour.yaml").write_bytes(b"facts:\n  - id: union\xff\n")
    sha = commit_all(inside, "a broken file")
    (inside / "facts" / "labour.yaml").write_bytes(good)
    warning = (
        f"{sha}:facts/labour.yaml:2:14: warning: not UTF-8: byte 0xff cannot be decoded; "
        f"its facts count as absent in {sha}"
    )
    result = cli("diff", "HEAD")
    assert (result.code, result.err.splitlines()) == (0, [warning])
    assert result.out.splitlines()[-1] == "1 added, 0 changed, 0 removed"
    result = cli("build", "--changes-since", "HEAD", "--format", "md")
    assert result.code == 0
    assert f"briefgen: {warning}" in result.err.splitlines()
