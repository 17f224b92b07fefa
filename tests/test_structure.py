"""relate, judgment add, theme add and omit: each writes only its new lines, and refuses (writing
nothing) what the check would refuse."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, snapshot

Run = Callable[..., Result]


def added(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or removes any."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert not [d for d in diff if d.startswith("- ")], "a line was changed or removed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def texts(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "facts").glob("*.yaml"))}


def test_relate_writes_both_sides(mini: Path, cli: Run) -> None:
    before = texts(mini)
    result = cli(
        "relate",
        "union-disputes",
        "corroborates",
        "pier-closed",
        "--note",
        "both say it is closed",
        "--root",
        mini,
    )
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines() == [
        f"{mini}/facts/labour.yaml:24: recorded 'union-disputes' corroborates 'pier-closed'",
        f"{mini}/facts/pier.yaml:26: recorded 'pier-closed' corroborates 'union-disputes'",
    ]
    after = texts(mini)
    assert added(before["labour.yaml"], after["labour.yaml"]) == [
        "    relations:\n",
        "      - type: corroborates\n",
        "        fact: pier-closed\n",
        '        note: "both say it is closed"\n',
    ]
    assert added(before["pier.yaml"], after["pier.yaml"]) == [
        "      - type: corroborates\n",
        "        fact: union-disputes\n",
        '        note: "both say it is closed"\n',
    ]
    assert after["pier.yaml"].index("fact: union-disputes") < after["pier.yaml"].index(
        "- id: pier-open-claim"
    )
    assert {k: v for k, v in after.items() if k not in ("labour.yaml", "pier.yaml")} == {
        k: v for k, v in before.items() if k not in ("labour.yaml", "pier.yaml")
    }
    assert cli("check", "--root", mini, "--strict").code == 0


def test_relate_within_one_file(mini: Path, cli: Run) -> None:
    """Two facts of one file: both relations in one write, the second after the first moved it."""
    (mini / "facts/pier.yaml").write_text(
        (mini / "facts/pier.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "    relations:\n      - type: contradicts\n        fact: pier-open-claim\n"
            '        note: "closed vs. still used by ferries"\n',
            "",
        ),
        encoding="utf-8",
    )
    text = (mini / "facts/pier.yaml").read_text(encoding="utf-8")
    text = text.replace("    relations:\n      - type: contradicts\n        fact: pier-closed\n", "")
    (mini / "facts/pier.yaml").write_text(
        text.replace('        note: "closed vs. still used by ferries"\n', ""), encoding="utf-8"
    )
    assert cli("check", "--root", mini).code == 0
    result = cli("relate", "pier-open-claim", "contradicts", "pier-closed", "--root", mini)
    assert result.code == 0, result.out + result.err
    written = (mini / "facts/pier.yaml").read_text(encoding="utf-8")
    assert result.out.splitlines() == [
        f"{mini}/facts/pier.yaml:{written.splitlines().index('        fact: pier-closed')}: recorded 'pier-open-claim' contradicts 'pier-closed'",
        f"{mini}/facts/pier.yaml:{written.splitlines().index('        fact: pier-open-claim')}: recorded 'pier-closed' contradicts 'pier-open-claim'",
    ]
    assert cli("check", "--root", mini, "--strict").code == 0


@pytest.mark.parametrize(
    ("args", "code", "err"),
    [
        (
            ["pier-closed", "contradicts", "pier-open-claim"],
            1,
            "briefgen: nothing written: 'pier-closed' already records that it contradicts 'pier-open-claim'\n",
        ),
        (
            ["pier-closed", "agrees", "pier-open-claim"],
            2,
            "briefgen: error: unknown relation type 'agrees' (types: corroborates, partly-overlaps, in-tension, contradicts, updates, updated-by)\n",
        ),
        (
            ["pier-closed", "contradicts", "pier-closed"],
            2,
            "briefgen: error: a fact cannot relate to itself ('pier-closed')\n",
        ),
        (
            ["pier-closed", "contradicts", "pier-closd"],
            2,
            "briefgen: error: unknown fact 'pier-closd' (did you mean 'pier-closed'?)\n",
        ),
    ],
)
def test_relate_refuses(mini: Path, cli: Run, args: list[str], code: int, err: str) -> None:
    before = snapshot(mini)
    result = cli("relate", *args, "--root", mini)
    assert (result.code, result.err) == (code, err)
    assert snapshot(mini) == before


def test_judgment_add(mini: Path, cli: Run) -> None:
    before = texts(mini)
    result = cli(
        "judgment", "add", "labour", "--text", "The union likely objects to any closure longer than a week.",
        "--likelihood", "likely", "--confidence", "low", "--implication", "Expect the union to contest an extension.",
        "--rests-on", "union-disputes, pier-closed", "--root", mini,
    )  # fmt: skip
    assert (result.code, result.out) == (0, f"{mini}/facts/themes.yaml:38: added key judgment of 'labour'\n")
    assert added(before["themes.yaml"], texts(mini)["themes.yaml"]) == [
        "      - id: labour-union-likely-objects-any\n",
        '        text: "The union likely objects to any closure longer than a week."\n',
        "        likelihood: likely\n",
        "        confidence: low\n",
        '        implication: "Expect the union to contest an extension."\n',
        "        rests_on: [union-disputes, pier-closed]\n",
    ]
    assert cli("check", "--root", mini, "--strict").code == 0


def test_judgment_add_refuses(mini: Path, cli: Run) -> None:
    before = snapshot(mini)
    common = [
        "--text",
        "The union likely objects to any closure.",
        "--likelihood",
        "likely",
        "--confidence",
        "low",
        "--implication",
        "Expect the union to contest it.",
    ]
    unknown = cli("judgment", "add", "labour", *common, "--rests-on", "nosuch", "--root", mini)
    assert (unknown.code, unknown.out, unknown.err) == (
        1,
        "briefgen: error: key judgment 2 rests on unknown fact 'nosuch'\n",
        "briefgen: nothing written: the change would not pass the check\n",
    )
    theme = cli("judgment", "add", "ferries", *common, "--rests-on", "pier-closed", "--root", mini)
    assert (theme.code, theme.err) == (2, "briefgen: error: unknown theme 'ferries' (themes: labour, pier)\n")
    short = cli(
        "judgment",
        "add",
        "labour",
        "--text",
        "Too short",
        *common[2:],
        "--rests-on",
        "pier-closed",
        "--root",
        mini,
    )
    assert (short.code, short.out) == (
        1,
        "briefgen: error: key_judgments[1].text: string should have at least 10 characters\n",
    )
    assert snapshot(mini) == before


def test_theme_add(mini: Path, cli: Run) -> None:
    before = texts(mini)
    result = cli(
        "theme",
        "add",
        "ferries",
        "--title",
        "Ferries",
        "--scope",
        "Whether ferries still run.",
        "--root",
        mini,
    )
    assert (result.code, result.out) == (0, f"{mini}/facts/themes.yaml:38: added theme 'ferries'\n")
    assert added(before["themes.yaml"], texts(mini)["themes.yaml"]) == [
        "  - id: ferries\n",
        "    title: Ferries\n",
        '    scope: "Whether ferries still run."\n',
        "    order: 3\n",
    ]
    taken = cli(
        "theme", "add", "ferries", "--title", "Ferries", "--scope", "Whether ferries run.", "--root", mini
    )
    assert (taken.code, taken.err) == (
        2,
        "briefgen: error: theme id 'ferries' is taken in facts/themes.yaml\n",
    )
    bad = cli(
        "theme", "add", "Ferries!", "--title", "Ferries", "--scope", "Whether ferries run.", "--root", mini
    )
    assert (bad.code, bad.err) == (
        2,
        "briefgen: error: theme id 'Ferries!': an id is lower-case letters, digits and hyphens\n",
    )
    after = snapshot(mini)
    short = cli("theme", "add", "boats", "--title", "Boats", "--scope", "Boa", "--root", mini)
    assert (short.code, short.out) == (
        1,
        "briefgen: error: scope: string should have at least 5 characters\n",
    )
    assert snapshot(mini) == after


def test_omit(mini: Path, cli: Run) -> None:
    before = texts(mini)
    result = cli(
        "omit",
        "gazette.txt",
        "--line",
        "7",
        "--reason",
        "the mayor's estimate bears on no theme",
        "--root",
        mini,
    )
    assert (result.code, result.out) == (
        0,
        f"{mini}/facts/sources.yaml:18: recorded line 7 of gazette.txt left uncited on purpose\n",
    )
    assert added(before["sources.yaml"], texts(mini)["sources.yaml"]) == [
        "    omitted:\n",
        "      - line: 7\n",
        '        reason: "the mayor\'s estimate bears on no theme"\n',
    ]
    assert cli("check", "--root", mini, "--strict").code == 0


@pytest.mark.parametrize(
    ("args", "code", "err"),
    [
        (
            ["gazette.txt", "--line", "3"],
            1,
            "briefgen: nothing written: line 3 of gazette.txt is cited by 'pier-closed': it is not left out\n",
        ),
        (
            ["gazette.txt", "--line", "4"],
            1,
            "briefgen: nothing written: no paragraph of gazette.txt starts at line 4; the nearest starts at line 3\n",
        ),
        (["nosuch.txt", "--line", "1"], 2, None),
    ],
)
def test_omit_refuses(mini: Path, cli: Run, args: list[str], code: int, err: str | None) -> None:
    before = snapshot(mini)
    result = cli("omit", *args, "--reason", "a reason given", "--root", mini)
    assert result.code == code
    if err is not None:
        assert result.err == err
    assert snapshot(mini) == before


def test_relate_writes_the_mirror_of_a_directional_type(mini: Path, cli: Run) -> None:
    before = texts(mini)
    result = cli(
        "relate", "union-disputes", "updates", "pier-closed", "--note", "a later report", "--root", mini
    )
    assert result.code == 0, result.out + result.err
    after = texts(mini)
    assert added(before["labour.yaml"], after["labour.yaml"])[1:3] == [
        "      - type: updates\n",
        "        fact: pier-closed\n",
    ]
    assert added(before["pier.yaml"], after["pier.yaml"])[:2] == [
        "      - type: updated-by\n",
        "        fact: union-disputes\n",
    ]
    assert cli("check", "--root", mini).code == 0
