"""add and review: the file is spliced, never re-dumped, and nothing is written on refusal."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.editor.edit import _write, new_id
from briefgen.editor.yamledit import Splice
from briefgen.errors import EditRefused
from briefgen.project.load import load_corpus
from briefgen.project.reviewed import Digest, reviewed_parts

from .conftest import FIXTURES, REPO, Result, edit, snapshot

Cli = Callable[..., Result]


def bound(root: Path, fact_id: str) -> Digest:
    """The digest a review of ``fact_id`` records: of the fact as it stands in ``root``."""
    corpus = load_corpus(root).corpus
    entry = corpus.fact(fact_id)
    assert entry is not None
    return Digest.of(reviewed_parts(entry.fact, corpus.seeds))


ODD = FIXTURES / "roundtrip" / "facts" / "labour.yaml"
MAYOR = "The mayor's office said the closure will last at least two weeks."
ADD_MAYOR = (
    "add",
    "--theme",
    "labour",
    "--seed",
    "gazette.txt",
    "--passage",
    MAYOR,
    "--statement",
    "The mayor's office said the closure would last at least two weeks.",
    "--attributed-to",
    "the mayor's office",
    "--attribution-kind",
    "government",
    "--via",
    "Harbour Gazette",
    "--date",
    "2021-03-03",
    "--date-basis",
    "the date of the report",
    "--credibility",
    "3",
)

NEW_FACT = """

  - id: labour-mayor-office-closure-last
    statement: "The mayor's office said the closure would last at least two weeks."
    citations:
      - seed: gazette.txt
        passage: "The mayor's office said the closure will last at least two weeks."
    attribution:
      by: "the mayor's office"
      kind: government
      via: ["Harbour Gazette"]
    when:
      date: 2021-03-03
      basis: "the date of the report"
    credibility: 3
    review: {status: draft}"""


@pytest.fixture
def odd(mini: Path) -> Path:
    """The mini project with facts/labour.yaml written in every style YAML allows."""
    shutil.copyfile(ODD, mini / "facts" / "labour.yaml")
    return mini


def test_add_then_review_leaves_the_rest_of_the_file_byte_identical(cli: Cli, odd: Path) -> None:
    path = odd / "facts" / "labour.yaml"
    before = path.read_bytes()
    added = cli(*ADD_MAYOR, "--root", odd)
    assert added.code == 0, added.out + added.err
    assert added.out == f"{odd}/facts/labour.yaml:40: added draft fact 'labour-mayor-office-closure-last'\n"
    cut = before.index(b"\n# a closing comment")
    assert path.read_bytes() == before[:cut] + NEW_FACT.encode() + before[cut:]

    reviewed = cli(
        "review", "labour-mayor-office-closure-last", "--by", "A. Editor", "--on", "2026-11-21", "--root", odd
    )
    assert reviewed.code == 0, reviewed.out + reviewed.err
    assert reviewed.out.endswith(
        f"{odd}/facts/labour.yaml:40: 'labour-mayor-office-closure-last' marked reviewed by A. Editor\n"
    )
    read = bound(odd, "labour-mayor-office-closure-last")
    final = NEW_FACT.replace(
        "{status: draft}",
        f'{{status: reviewed, by: "A. Editor", "on": 2026-11-21, digest: "{read.digest}", parts: "{read.parts}"}}',
    )
    assert path.read_bytes() == before[:cut] + final.encode() + before[cut:]
    assert cli("check", "--root", odd).err == "0 errors, 1 warning\n"  # the file's own draft


def test_review_keeps_each_values_quoting_style(cli: Cli, odd: Path) -> None:
    path = odd / "facts" / "labour.yaml"
    before = path.read_text(encoding="utf-8")
    assert cli("review", "union-repairs", "--by", "B. Editor", "--on", "2026-11-22", "--root", odd).code == 0
    assert cli("review", "union-disputes", "--by", "no", "--on", "2026-11-23", "--root", odd).code == 0
    expected = before.replace(
        "      by: 'Test Editor'\n      \"on\": 2021-03-04\n",
        "      by: 'B. Editor'\n      \"on\": 2026-11-22\n",
    ).replace(
        "    review: {status: draft}\n",
        '    review: {status: reviewed, by: "no", "on": 2026-11-23, '
        f'digest: "{bound(odd, "union-disputes").digest}", parts: "{bound(odd, "union-disputes").parts}"}}\n',
    )
    assert path.read_text(encoding="utf-8") == expected
    assert cli("check", "--root", odd, "--strict").code == 0


def test_review_of_a_block_review_replaces_only_its_values(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli("review", "union-disputes", "--by", "C. Editor", "--on", "2026-11-24", "--root", mini)
    assert result.out == (
        f"union-disputes ({mini}/facts/labour.yaml:3)\n"
        "  statement: Fishermen's union leaders called the closure premature and said repairs would take days [link](javascript:alert(1)).\n"
        "  asserted by: fishermen's union leaders (organization) via Harbour Gazette\n"
        "  credibility: 3; date: 2021-03 (reported on 3 March 2021)\n"
        f"  passage 1 ({mini}/seeds/gazette.txt:5): >>Fishermen's union leaders disputed the closure - they "
        "called it premature - and said repairs would take days.<<\n"
        f"{mini}/facts/labour.yaml:3: 'union-disputes' marked reviewed by C. Editor "
        "(was reviewed by Test Editor on 2021-03-04)\n"
    )
    assert path.read_text(encoding="utf-8") == before.replace(
        "by: Test Editor\n      on: 2021-03-04", "by: C. Editor\n      on: 2026-11-24"
    )


def test_review_adds_missing_keys_to_a_block_review(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text[: text.index("      status: reviewed\n")] + "      status: draft\n", encoding="utf-8"
    )
    before = path.read_text(encoding="utf-8")
    assert (
        cli("review", "union-disputes", "--by", "D. Editor", "--on", "2026-11-25", "--root", mini).code == 0
    )
    read = bound(mini, "union-disputes")
    assert path.read_text(encoding="utf-8") == before.replace(
        "      status: draft\n",
        '      status: reviewed\n      by: "D. Editor"\n      "on": 2026-11-25\n'
        f'      digest: "{read.digest}"\n      parts: "{read.parts}"\n',
    )


def test_add_and_review_keep_crlf_line_ends(cli: Cli, odd: Path) -> None:
    path = odd / "facts" / "labour.yaml"
    before = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(before)
    assert cli(*ADD_MAYOR, "--root", odd).code == 0
    cut = before.index(b"\r\n# a closing comment")
    assert path.read_bytes() == before[:cut] + NEW_FACT.replace("\n", "\r\n").encode() + before[cut:]


def test_add_to_a_theme_without_a_file_creates_it_with_the_modeline(cli: Cli, mini: Path) -> None:
    (mini / "facts" / "labour.yaml").unlink()
    result = cli(*ADD_MAYOR, "--root", mini)
    assert result.code == 0, result.out
    assert result.out == f"{mini}/facts/labour.yaml:3: added draft fact 'labour-mayor-office-closure-last'\n"
    assert (mini / "facts" / "labour.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schema/facts.schema.json\nfacts:\n"
        + NEW_FACT.removeprefix("\n\n")
        + "\n"
    )


def test_add_to_an_empty_list(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    path.write_text("# nothing yet\nfacts: []\n", encoding="utf-8")
    assert cli(*ADD_MAYOR, "--root", mini).code == 0
    assert (
        path.read_text(encoding="utf-8") == "# nothing yet\nfacts:\n" + NEW_FACT.removeprefix("\n\n") + "\n"
    )


def test_add_asks_only_for_what_the_draft_still_lacks(cli: Cli, mini: Path) -> None:
    # Everything given: nothing to finish, only the review is left (its --by defaults to git's name).
    result = cli(*ADD_MAYOR, "--root", mini)
    assert (result.code, result.err) == (
        0,
        "briefgen: next, once you have re-read it: briefgen review labour-mayor-office-closure-last\n",
    )
    undated = [
        a for a in ADD_MAYOR if a not in ("--date", "2021-03-03", "--date-basis", "the date of the report")
    ]
    result = cli(*undated, "--id", "undated", "--prefix", "", "--root", mini)
    assert result.err == "briefgen: finish it (date), then: briefgen review undated\n"


def test_a_draft_by_default_is_undated_unattributed_and_ungraded(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    before = path.read_text(encoding="utf-8")
    result = cli("add", "--theme", "labour", "--seed", "gazette.txt", "--passage", MAYOR, "--statement",
                 "The mayor's office said the closure would last at least two weeks.", "--root", mini)  # fmt: skip
    assert result.code == 0
    assert result.err == (
        "briefgen: finish it (date, attribution, grade), then: briefgen review "
        "labour-mayor-office-closure-last\n"
    )
    assert path.read_text(encoding="utf-8") == before + (
        "\n  - id: labour-mayor-office-closure-last\n"
        '    statement: "The mayor\'s office said the closure would last at least two weeks."\n'
        "    citations:\n      - seed: gazette.txt\n"
        '        passage: "The mayor\'s office said the closure will last at least two weeks."\n'
        '    attribution:\n      by: "not yet attributed"\n      kind: author\n'
        '    when:\n      date: null\n      basis: "not yet dated"\n'
        "    credibility: 6\n    review: {status: draft}\n"
    )
    check = cli("check", "--root", mini)
    assert (check.code, check.err) == (0, "0 errors, 1 warning\n")
    refused = cli("review", "labour-mayor-office-closure-last", "--by", "E", "--root", mini)
    assert refused.code == 1
    assert refused.out == (
        f"{mini}/facts/labour.yaml:30:11: error: attribution.by is still 'not yet attributed': say who asserts it\n"
        f"{mini}/facts/labour.yaml:34:14: error: when.basis is still 'not yet dated': date it, or say why it cannot be dated\n"
    )
    assert (
        refused.err == "briefgen: nothing written: fact 'labour-mayor-office-closure-last' is not finished\n"
    )


@pytest.mark.parametrize(
    ("change", "code", "out", "err"),
    [
        (
            {"--passage": "The mayor's office said the closure will last at least three weeks."},
            1,
            'briefgen: error: passage not found in gazette.txt; closest at line 7, first differing at character 57: the passage has "last at least three weeks." where the seed has "last at least two weeks."\n',
            "briefgen: nothing written: the new fact would not pass the check\n",
        ),
        (
            {"--passage": "the closure"},
            1,
            "briefgen: warning: passage is only 2 words; cite at least 4 so the evidence is unambiguous\n"
            "briefgen: warning: passage occurs 2 times in gazette.txt (lines 5, 7); lengthen it or add a prefix or suffix to choose one\n",
            "briefgen: nothing written: the new fact would not pass the check\n",
        ),
        (
            {"--statement": "Too short"},
            1,
            "briefgen: error: statement: string should have at least 10 characters\n",
            "briefgen: nothing written: the new fact would not pass the check\n",
        ),
        (
            {"--date": "2021-02-30"},
            1,
            "briefgen: error: when.date: '2021-02-30' is not a day of the calendar\n",
            "briefgen: nothing written: the new fact would not pass the check\n",
        ),
        ({"--theme": "harbour"}, 2, "", "briefgen: error: unknown theme 'harbour' (themes: pier, labour)\n"),
        (
            {"--seed": "gazete.txt"},
            2,
            "",
            "briefgen: error: unknown seed 'gazete.txt': no such file in seeds/ (did you mean 'gazette.txt'?)\n",
        ),
        (
            {"--date-basis": None},
            2,
            "",
            "briefgen: error: --date needs --date-basis: say how the date was established\n",
        ),
    ],
)
def test_add_refuses_and_writes_nothing(
    cli: Cli, odd: Path, change: dict[str, str | None], code: int, out: str, err: str
) -> None:
    args = list(ADD_MAYOR)
    for option, value in change.items():
        at = args.index(option)
        args[at : at + 2] = [option, value] if value is not None else []
    before = snapshot(odd)
    result = cli(*args, "--root", odd)
    assert (result.code, result.out, result.err) == (code, out, err)
    assert snapshot(odd) == before


def test_add_refuses_a_taken_id(cli: Cli, mini: Path) -> None:
    before = snapshot(mini)
    result = cli(*ADD_MAYOR, "--id", "pier-closed", "--root", mini)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"briefgen: error: fact id 'pier-closed' is taken (by {mini}/facts/pier.yaml:3)\n"
    assert snapshot(mini) == before


def test_add_refuses_an_unregistered_seed(cli: Cli, mini: Path) -> None:
    (mini / "seeds" / "notes.txt").write_text("The harbour master said the south pier is safe for boats.\n")
    before = snapshot(mini)
    result = cli("add", "--theme", "pier", "--seed", "notes.txt", "--passage", "the south pier is safe for boats",
                 "--statement", "The harbour master said the south pier was safe.", "--root", mini)  # fmt: skip
    assert result.code == 1
    assert result.out == "briefgen: error: seed 'notes.txt' is not registered in sources.yaml\n"
    assert snapshot(mini) == before


def test_add_with_a_prefix_picks_one_of_two_occurrences(cli: Cli, mini: Path) -> None:
    result = cli("add", "--theme", "labour", "--seed", "gazette.txt", "--passage", "the closure will last at least",
                 "--prefix", "office said", "--statement", "Someone said the closure would last.", "--root", mini)  # fmt: skip
    assert result.code == 0, result.out
    text = (mini / "facts" / "labour.yaml").read_text(encoding="utf-8")
    assert '        passage: "the closure will last at least"\n        prefix: "office said"\n' in text


def test_a_broken_file_is_refused_with_its_location(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    edit(path, "    credibility: 3\n", "    credibility: [3\n")
    before = snapshot(mini)
    result = cli(*ADD_MAYOR, "--root", mini)
    assert result.code == 1
    assert result.out.startswith(f"{mini}/facts/labour.yaml:")
    assert "YAML syntax error" in result.out
    assert snapshot(mini) == before


def test_review_refuses_a_fact_the_check_refuses(cli: Cli, mini: Path) -> None:
    path = mini / "facts" / "labour.yaml"
    edit(path, "disputed the closure", "contested the closure")
    before = snapshot(mini)
    result = cli("review", "union-disputes", "--by", "F", "--root", mini)
    assert result.code == 1
    assert result.out.startswith(f"{mini}/facts/labour.yaml:8:18: error: passage not found in gazette.txt;")
    assert result.err == (
        "briefgen: nothing written: fact 'union-disputes' would not pass briefgen check --strict once reviewed\n"
    )
    assert snapshot(mini) == before


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (
            ("union-dispute", "--by", "G"),
            "briefgen: error: unknown fact 'union-dispute' (did you mean 'union-disputes'?)\n",
        ),
        (
            ("union-disputes", "--by", "G", "--on", "2026-02-30"),
            "briefgen: error: --on: '2026-02-30' is not a day of the form YYYY-MM-DD\n",
        ),
        (("union-disputes", "--by", "  "), "briefgen: error: --by needs the reviewer's name\n"),
    ],
)
def test_review_usage_errors_exit_2(cli: Cli, mini: Path, args: tuple[str, ...], err: str) -> None:
    result = cli("review", *args, "--root", mini)
    assert (result.code, result.out, result.err) == (2, "", err)


def test_review_today_by_default(cli: Cli, mini: Path) -> None:
    import datetime as dt

    assert cli("review", "pier-closed", "--by", "H", "--root", mini).code == 0
    text = (mini / "facts" / "pier.yaml").read_text(encoding="utf-8")
    assert f"      by: H\n      on: {dt.date.today().isoformat()}\n      digest: " in text


def test_a_file_changed_during_the_edit_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text("facts: []\n")
    with pytest.raises(EditRefused, match="changed while briefgen was editing it"):
        _write(path, "facts:\n", Splice("facts: [x]\n", 1, 1))
    assert path.read_text() == "facts: []\n"


def test_new_ids_are_stable_and_unique() -> None:
    statement = "A U.S. official said the U.S. military dropped about 90,000 leaflets."
    assert new_id("al-tanf", statement, set()) == "al-tanf-us-official-military-dropped"
    taken = {"al-tanf-us-official-military-dropped"}
    assert new_id("al-tanf", statement, taken) == "al-tanf-us-official-military-dropped-2"
    assert new_id("rukban", "The mayor's office said so.", set()) == "rukban-mayor-office-so"


def test_find_add_review_on_the_shipped_corpus(cli: Cli, tmp_path: Path) -> None:
    for folder in ("facts", "seeds"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    found = cli("find", "leaflets this week warning", "--root", tmp_path)
    assert found.code == 0
    passage = "The U.S. military dropped about 90,000 leaflets this week warning the Iran-backed fighters"
    added = cli("add", "--theme", "al-tanf", "--seed", "004_516cd945fb579dc6.txt", "--passage", passage,
                "--statement", "A U.S. official said about 90,000 leaflets were dropped.", "--id", "tanf-leaflets-again",
                "--attributed-to", "an unnamed U.S. official", "--attribution-kind", "unnamed-source",
                "--date", "2017", "--date-basis", "a report of June 2017", "--root", tmp_path)  # fmt: skip
    assert added.code == 0, added.out
    assert cli("check", "--root", tmp_path, "--strict").code == 1  # a draft fails CI until reviewed
    assert cli("review", "tanf-leaflets-again", "--by", "A. Editor", "--root", tmp_path).code == 0
    assert cli("check", "--root", tmp_path, "--strict").code == 0


def test_values_yaml_1_1_would_misread_are_quoted(cli: Cli, mini: Path) -> None:
    result = cli(*ADD_MAYOR, "--id", "no", "--root", mini)
    assert result.code == 0, result.out
    assert '\n  - id: "no"\n' in (mini / "facts" / "labour.yaml").read_text(encoding="utf-8")
    assert cli("check", "--root", mini).code == 0


def test_review_takes_several_ids_and_writes_all_or_none(cli: Cli, mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    before = snapshot(mini)
    refused = cli("review", "pier-closed", "union-disputes", "--by", "I", "--root", mini)
    assert refused.code == 1
    assert (
        refused.err
        == "briefgen: nothing written: these facts would not pass briefgen check --strict once reviewed\n"
    )
    assert snapshot(mini) == before
    edit(mini / "facts" / "labour.yaml", "contested the closure", "disputed the closure")
    done = cli(
        "review",
        "pier-closed",
        "union-disputes",
        "pier-open-claim",
        "--by",
        "I",
        "--on",
        "2026-11-26",
        "--root",
        mini,
    )
    assert done.code == 0, done.out + done.err
    marked = [line for line in done.out.splitlines() if "marked reviewed" in line]
    assert marked == [
        f"{mini}/facts/pier.yaml:3: 'pier-closed' marked reviewed by I (was reviewed by Test Editor on 2021-03-04)",
        f"{mini}/facts/labour.yaml:3: 'union-disputes' marked reviewed by I (was reviewed by Test Editor on 2021-03-04)",
        f"{mini}/facts/pier.yaml:27: 'pier-open-claim' marked reviewed by I (was reviewed by Test Editor on 2021-03-04)",
    ]
    assert (mini / "facts" / "pier.yaml").read_text(encoding="utf-8").count("on: 2026-11-26\n") == 2
    assert cli("check", "--root", mini, "--strict").code == 0


def test_review_shows_each_passage_in_its_paragraph(cli: Cli, mini: Path) -> None:
    result = cli("review", "pier-open-claim", "--by", "J", "--on", "2026-11-26", "--root", mini)
    assert result.out.splitlines()[:5] == [
        f"pier-open-claim ({mini}/facts/pier.yaml:27)",
        "  statement: An opinion blog claimed the north pier stayed open to ferries all week.",
        "  asserted by: the blog's unnamed author (author)",
        "  credibility: 4; date: 2021-03 ('all week' in a post of March 2021)",
        f"  passage 1 ({mini}/seeds/blog.txt:3): >>The north pier has stayed open to ferries all week, "
        "despite the official closure.<< Crews were seen unloading there on Wednesday. "
        "<script>alert(1)</script> is not a way to write.",
    ]


def test_review_by_defaults_to_the_git_user_name(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import subprocess

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("HOME", str(tmp_path))
    before = snapshot(mini)
    missing = cli("review", "pier-closed", "--root", mini)
    assert (missing.code, missing.out) == (2, "")
    assert missing.err == (
        "briefgen: error: --by is needed: git config user.name is not set (give your name with --by NAME)\n"
    )
    assert snapshot(mini) == before
    subprocess.run(["git", "init", "-q", str(mini)], check=True)
    subprocess.run(["git", "-C", str(mini), "config", "user.name", "K. Reviewer"], check=True)
    done = cli("review", "pier-closed", "--root", mini)
    assert done.code == 0, done.err
    assert done.out.splitlines()[-1].endswith(
        "'pier-closed' marked reviewed by K. Reviewer (was reviewed by Test Editor on 2021-03-04)"
    )
    assert "      by: K. Reviewer\n" in (mini / "facts" / "pier.yaml").read_text(encoding="utf-8")


def test_a_reviewed_fact_edited_afterwards_is_flagged_until_reviewed_again(cli: Cli, mini: Path) -> None:
    assert cli("review", "pier-closed", "--by", "L", "--on", "2026-11-27", "--root", mini).code == 0
    edit(mini / "facts" / "pier.yaml", "the north pier will close *until", "the north pier was towed *until")
    result = cli("check", "--root", mini)
    assert (result.code, result.err) == (0, "0 errors, 1 warning\n")
    assert result.out == (
        f"{mini}/facts/pier.yaml:17:7: warning: reviewed content changed since the review: statement; "
        "re-read it, then: briefgen review pier-closed\n"
    )
    assert cli("check", "--root", mini, "--strict").code == 1
    assert cli("review", "pier-closed", "--by", "L", "--root", mini).code == 0
    assert cli("check", "--root", mini, "--strict").code == 0
