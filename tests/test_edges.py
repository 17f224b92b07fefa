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


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (
            "facts/themes.yaml",
            "    title: The north pier\n",
            '    title: "The north\\x01 pier"\n',
            "5:12: error: title",
        ),
        (
            "facts/themes.yaml",
            'title: "Harbour situation',
            'title: "Harbour\\e[2J situation',
            "2:8: error: title",
        ),
        (
            "facts/gazetteer.yaml",
            "    name: north pier\n",
            '    name: "north\\x0b pier"\n',
            "6:11: error: name",
        ),
        (
            "facts/gazetteer.yaml",
            "    name: north pier\n",
            '    name: "north\\u2028pier"\n',
            "6:11: error: name",
        ),
    ],
)
def test_a_control_character_in_a_drawn_title_or_name_is_refused(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, file: str, old: str, new: str, where: str
) -> None:
    monkeypatch.chdir(mini)
    edit(mini / file, old, new)
    code = new.split("\\")[1][:5]
    char = {"x01 p": 0x01, "e[2J ": 0x1B, "x0b p": 0x0B, "u2028": 0x2028}[code]
    result = cli("build", "--format", "md")
    assert result.code == 1  # (a refused theme also leaves its facts' theme unknown)
    assert (
        f"{file}:{where}: a control character (U+{char:04X}) cannot be shown in a title or name; remove it"
    ) in result.out.splitlines()
    assert not (mini / "out").exists()


def test_a_picture_is_well_formed_whatever_text_reaches_it() -> None:
    from xml.dom.minidom import parseString

    from briefgen.pictures.svg import esc

    drawn = esc('a\x01b\x1b[2J\ufffe<&>"')
    assert drawn == "a\ufffdb\ufffd[2J\ufffd&lt;&amp;&gt;&quot;"
    parseString(f'<svg xmlns="http://www.w3.org/2000/svg"><text title="{drawn}">{drawn}</text></svg>')


def long_seed(root: Path, name: str) -> None:
    """Rename the fixture's gazette.txt to ``name`` everywhere."""
    (root / "seeds" / "gazette.txt").rename(root / "seeds" / name)
    for fact_file in (root / "facts").glob("*.yaml"):
        text = fact_file.read_text(encoding="utf-8")
        fact_file.write_text(text.replace("gazette.txt", name), encoding="utf-8")


def test_a_seed_name_too_long_to_build_is_refused_at_check_time(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    name = "g" * 251 + ".txt"  # 255 bytes: its page, <stem>.html, would be 256
    long_seed(mini, name)
    result = cli("build", "--format", "html")
    refusal = (
        "seed name is 255 bytes long; the build writes a page named after each seed, and the longest "
        "name it can write is 254 bytes"
    )
    assert result.code == 1
    assert result.out.splitlines()[0] == f"facts/labour.yaml:7:15: error: {refusal}"
    assert f"facts/sources.yaml:3:11: error: {refusal}" in result.out.splitlines()
    assert not (mini / "out").exists()


def test_the_longest_seed_name_builds(cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    name = "g" * 250 + ".txt"  # 254 bytes
    long_seed(mini, name)
    result = cli("build", "-q", "--format", "html")
    assert (result.code, result.err) == (0, "")
    assert (mini / "out" / "sources" / ("g" * 250 + ".html")).is_file()
