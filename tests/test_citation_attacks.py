"""A citation cannot lie: the attacks of issue 14 on the citation check, each refused.

Every case runs the real CLI on a copy of the fixture project and asserts the exact output and
exit status; ``add`` and ``find`` share the check's seed matching and say the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, edit, snapshot

Cli = Callable[..., Result]
LABOUR = "facts/labour.yaml"
WHOLE = "Fishermen's union leaders disputed the closure - they called it premature - and said repairs would take days."


def cite(root: Path, passage: str) -> None:
    """Make the fixture's labour fact cite ``passage`` of gazette.txt."""
    edit(root / LABOUR, f'passage: "{WHOLE}"', f'passage: "{passage}"')


def add_seed(root: Path, name: str, text: str) -> None:
    """Put a seed in seeds/ and register it, pinned, in sources.yaml."""
    data = text.encode()
    (root / "seeds" / name).write_bytes(data)
    with (root / "facts" / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(
            f"  - file: {name}\n    sha256: {hashlib.sha256(data).hexdigest()}\n    title: null\n"
            "    publisher: null\n    label: A test seed\n    published: {date: null, basis: unknown, inferred: false}\n    kind: news-report\n"
            "    reliability: {grade: C, rationale: a test seed}\n"
        )


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        (
            "ishermen's union leaders disputed the closure",
            'passage starts in the middle of a word: gazette.txt has "…Fishermen\'s…" at line 5; '
            "a passage must begin and end on whole words",
        ),
        (
            "Fishermen's union leaders disputed the clos",
            'passage ends in the middle of a word: gazette.txt has "…closure…" at line 5; '
            "a passage must begin and end on whole words",
        ),
    ],
)
def test_a_passage_cutting_a_word_is_refused(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, passage: str, message: str
) -> None:
    monkeypatch.chdir(mini)
    cite(mini, passage)
    result = cli("check")
    assert (result.code, result.out.splitlines()) == (1, [f"{LABOUR}:8:18: error: {message}"])


def test_add_refuses_a_passage_cutting_a_word(cli: Cli, mini: Path) -> None:
    before = snapshot(mini / "facts")
    result = cli(
        "add", "--root", mini, "--theme", "pier", "--seed", "gazette.txt",
        "--passage", "The mayor's office said the closure will last at least two wee",
        "--statement", "The mayor's office said the closure would last two weeks.",
    )  # fmt: skip
    assert (result.code, result.out, result.err) == (
        1,
        'briefgen: error: passage ends in the middle of a word: gazette.txt has "…weeks…" at line 7; '
        "a passage must begin and end on whole words\n",
        "briefgen: nothing written: the new fact would not pass the check\n",
    )
    assert snapshot(mini / "facts") == before


def test_find_does_not_match_inside_a_word(cli: Cli, mini: Path) -> None:
    add_seed(mini, "troops.txt", "That is about 20 percent of the currently 2000 troops in the country.\n")
    result = cli("find", "--root", mini, "of the currently 200")
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "briefgen: not found as whole words; the phrase ends in the middle of a word: troops.txt "
        'has "…2000…" at line 1\n',
    )
    assert cli("find", "--root", mini, "of the currently 2000").code == 0


FIGURES = "Damage: 40³ cubic metres; ½ of the pier; a 5′ gap; the\x1fcrew;\u1680the\u2028harbour.\n"


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        (
            "Damage: 403 cubic metres",
            'first differing at character 11: the passage has "Damage: 403 cubic metres" where the seed '
            'has "Damage: 40³ cubic metres"',
        ),
        (
            "metres; 1⁄2 of the pier",
            'first differing at character 9: the passage has "metres; 1⁄2 of the pier" where the seed '
            'has "metres; ½ of the pier; "',
        ),
        (
            "the pier; a 5' gap; the",
            'first differing at character 14: the passage has "the pier; a 5\' gap; the" where the '
            'seed has "the pier; a 5′ gap; the"',
        ),
        (
            "a 5′ gap; the crew",
            'first differing at character 14: the passage has "a 5′ gap; the crew" where the seed has '
            '"a 5′ gap; the\\x1fcrew"',
        ),
        (
            "crew; the harbour",
            'first differing at character 6: the passage has "crew; the harbour" where the seed has '
            '"crew;\u1680the\\u2028harbour"',
        ),
    ],
)
def test_folding_keeps_what_a_passage_says(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, passage: str, message: str
) -> None:
    """Superscripts, fractions, primes and control or exotic separators are not folded away."""
    monkeypatch.chdir(mini)
    add_seed(mini, "figures.txt", FIGURES)
    edit(mini / LABOUR, "      - seed: gazette.txt\n", "      - seed: figures.txt\n")
    cite(mini, passage)
    result = cli("check")
    assert (result.code, result.out.splitlines()) == (
        1,
        [f"{LABOUR}:8:18: error: passage not found in figures.txt; closest at line 1, {message}"],
    )
    assert cli("find", passage).code == 1


def test_folding_still_joins_quotes_dashes_spaces_and_letter_forms(cli: Cli, mini: Path) -> None:
    add_seed(mini, "forms.txt", "The \ufb01nal “word” — said the ＵＮ’s envoy…\n")
    result = cli("find", "--root", mini, 'The final "word" - said the UN\'s envoy...')
    assert result.code == 0
    assert result.out.splitlines()[1] == '  passage: "The ﬁnal “word” — said the ＵＮ’s envoy…"'


def registry_entry(root: Path, name: str) -> str:
    """The registry entry of a seed of the fixture, as text, renamed to ``name``."""
    text = (root / "facts" / "sources.yaml").read_text(encoding="utf-8")
    start = text.index("  - file: gazette.txt")
    return text[start : text.index("  - file: blog.txt")].replace("gazette.txt", name)


def test_a_byte_identical_copy_of_a_seed_is_refused(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy registered with a good grade would corroborate its own original."""
    monkeypatch.chdir(mini)
    (mini / "seeds" / "copy.txt").write_bytes((mini / "seeds" / "gazette.txt").read_bytes())
    with (mini / "facts" / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(registry_entry(mini, "copy.txt"))
    copy = "a copy is not another source; remove all but one"
    result = cli("check")
    assert (result.code, result.out.splitlines()) == (
        1,
        [
            f"facts/sources.yaml:3:11: error: seed 'gazette.txt' is a byte-identical copy of 'copy.txt' (sha256 901e64d74df3…): {copy}",
            f"facts/sources.yaml:30:11: error: seed 'copy.txt' is a byte-identical copy of 'gazette.txt' (sha256 901e64d74df3…): {copy}",
        ],
    )


def test_an_unregistered_copy_is_located_at_the_seed(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    (mini / "seeds" / "copy.txt").write_bytes((mini / "seeds" / "blog.txt").read_bytes())
    result = cli("check")
    assert result.code == 1
    assert (
        "seeds/copy.txt:1:1: error: seed 'copy.txt' is a byte-identical copy of 'blog.txt' (sha256 ba4393b2ba3e…): "
        "a copy is not another source; remove all but one"
    ) in result.out.splitlines()


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data + b"\n",
        lambda data: data.replace(b"\n", b"\r\n"),
        lambda data: data.replace(b" ", b"  "),
    ],
    ids=["a line end added", "CRLF line ends", "spaces doubled"],
)
def test_a_copy_differing_only_in_spacing_is_refused(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[bytes], bytes]
) -> None:
    """Not byte-identical, but the same words: it would still corroborate its own original."""
    monkeypatch.chdir(mini)
    (mini / "seeds" / "copy.txt").write_bytes(change((mini / "seeds" / "blog.txt").read_bytes()))
    result = cli("check")
    assert result.code == 1
    assert (
        "seeds/copy.txt:1:1: error: seed 'copy.txt' is a copy of 'blog.txt' (the same words; only "
        "spacing or line ends differ): a copy is not another source; remove all but one"
    ) in result.out.splitlines()


def test_a_seed_registered_twice_is_refused(cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today the first entry wins silently: the second grade is never seen."""
    monkeypatch.chdir(mini)
    second = registry_entry(mini, "gazette.txt").replace("grade: B", "grade: A")
    with (mini / "facts" / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(second)
    result = cli("check")
    assert (result.code, result.out.splitlines()) == (
        1,
        ["facts/sources.yaml:30:11: error: seed 'gazette.txt' is registered twice (first at line 3)"],
    )


@pytest.mark.parametrize("name", ['""', '" "', '"\\u00a0\\t"', '"—"', "'...'"])
def test_a_reviewed_fact_names_its_reviewer(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(mini)
    edit(mini / LABOUR, "      by: Test Editor\n", f"      by: {name}\n")
    shown = {'"\\u00a0\\t"': "'\\xa0\\t'", "'...'": "'...'"}.get(name, repr(name[1:-1]))
    for command in (("check", "--strict"), ("build", "--format", "md")):
        result = cli(*command)
        assert (result.code, result.out.splitlines()) == (
            1,
            [
                f"{LABOUR}:19:11: error: review.by: a reviewer must be named (a name with at least one letter), "
                f"not {shown}"
            ],
        )
    assert not (mini / "out").exists()


def test_a_named_reviewer_in_any_script_passes(cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    edit(mini / LABOUR, "      by: Test Editor\n", "      by: Ümit Ö.\n")
    assert cli("check", "--strict").code == 0
