"""briefgen find: where a phrase is, the seed's own words to paste, and when it is ambiguous."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.project.seeds import read_seeds

from .conftest import Result

Cli = Callable[..., Result]


def test_one_match_prints_the_seeds_own_words(cli: Cli, mini: Path) -> None:
    result = cli("find", 'will close "until further notice"', "--root", mini)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"{mini}/seeds/gazette.txt:3: …said on Monday that the north pier "
        'will close "until further notice" after storm damage. Fishermen\'s union…\n'
        '  passage: "will close “until further notice”"\n'
        "1 match in 1 seed\n"
    )


def test_paths_are_relative_to_the_current_folder(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    result = cli("find", "stayed open to ferries")
    assert result.out.startswith("seeds/blog.txt:3: ")


def test_matches_in_several_seeds(cli: Cli, mini: Path) -> None:
    result = cli("find", "north   pier", "--root", mini)
    assert result.code == 0
    assert [line.split(": ")[0] for line in result.out.splitlines()] == [
        f"{mini}/seeds/blog.txt:3",
        "  passage",
        f"{mini}/seeds/gazette.txt:3",
        "  passage",
        "2 matches in 2 seeds",
    ]


def test_an_ambiguous_phrase_gets_a_prefix_for_each_occurrence(cli: Cli, mini: Path) -> None:
    result = cli("find", "the closure", "--root", mini)
    assert result.code == 0
    assert result.out == (
        f"{mini}/seeds/gazette.txt:5: …Fishermen's union leaders disputed the closure - they called it premature - and said…\n"
        '  passage: "the closure"\n'
        '  prefix: "disputed"\n'
        f"{mini}/seeds/gazette.txt:7: …take days. The mayor's office said the closure will last at least two weeks.\n"
        '  passage: "the closure"\n'
        '  prefix: "said"\n'
        "2 matches in 1 seed\n"
        "ambiguous: the phrase occurs 2 times in gazette.txt; cite one with the prefix shown, or lengthen the passage\n"
    )
    seed = read_seeds(mini / "seeds", "seeds")[0]["gazette.txt"]
    assert [s.line for s in seed.locate("the closure", prefix="disputed")] == [5]
    assert [s.line for s in seed.locate("the closure", prefix="said")] == [7]


def test_not_found_exits_1_with_the_closest_passage(cli: Cli, mini: Path) -> None:
    result = cli("find", "union leaders rejected the closure", "--root", mini)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "briefgen: not found; closest in gazette.txt at line 5, first differing at character 15: "
        'the phrase has "union leaders rejected the cl" where the seed has "union leaders disputed the cl"\n'
    )


def test_seed_option_searches_one_seed(cli: Cli, mini: Path) -> None:
    assert cli("find", "north pier", "--seed", "gazette.txt", "--root", mini).out.count("passage:") == 1
    assert cli("find", "union leaders", "--seed", "blog.txt", "--root", mini).code == 1


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (
            ("x", "--seed", "gazete.txt"),
            "briefgen: error: unknown seed 'gazete.txt': no such file in seeds/ (did you mean 'gazette.txt'?)\n",
        ),
        (
            ("x", "--seed", "nope.txt"),
            "briefgen: error: unknown seed 'nope.txt': no such file in seeds/ (seeds: blog.txt, gazette.txt)\n",
        ),
        ((" \n ",), "briefgen: error: the phrase is empty\n"),
    ],
)
def test_usage_errors(cli: Cli, mini: Path, args: tuple[str, ...], err: str) -> None:
    result = cli("find", *args, "--root", mini)
    assert (result.code, result.err) == (2, err)
