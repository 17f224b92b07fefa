"""Edges that crashed (issue 14 item 11): each is a located error at check time, or handled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, edit, snapshot

Cli = Callable[..., Result]
LABOUR = "facts/labour.yaml"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("9999", "'9999' is not a year from 1000 to 2999"),
        ("9999-12", "'9999-12' is not a year from 1000 to 2999"),
        ("9999-12-31", "'9999-12-31' is not a year from 1000 to 2999"),
        ("0000", "'0000' is not a year from 1000 to 2999"),
        ("'0999'", "'0999' is not a year from 1000 to 2999"),
        ("3000-01", "'3000-01' is not a year from 1000 to 2999"),
    ],
)
def test_a_date_outside_the_years_drawn_is_refused_at_check_time(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, date: str, message: str
) -> None:
    monkeypatch.chdir(mini)
    assert cli("build", "-q", "--format", "md").code == 0
    before = snapshot(mini / "out")
    edit(mini / LABOUR, "      date: 2021-03\n", f"      date: {date}\n")
    for command in (("check",), ("build", "--format", "md")):
        result = cli(*command)
        assert (result.code, result.out.splitlines()) == (1, [f"{LABOUR}:14:13: error: when.date: {message}"])
    assert snapshot(mini / "out") == before


def test_the_first_and_last_years_are_drawn(cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    edit(mini / LABOUR, "      date: 2021-03\n", "      date: 2999-12-31\n")
    result = cli("build", "-q", "--format", "md")
    assert (result.code, result.err) == (0, "")
    assert "31 December 2999" in (mini / "out" / "timeline.svg").read_text(encoding="utf-8")
