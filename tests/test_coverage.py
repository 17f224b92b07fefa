"""briefgen coverage: gaps, omissions recorded on purpose, and single-source judgments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.editor.coverage import coverage
from briefgen.project.load import load_corpus

from .conftest import REPO, Result, edit

Cli = Callable[..., Result]


def test_uncited_paragraphs_are_listed_with_line_and_first_words(mini: Path) -> None:
    report = coverage(load_corpus(mini).corpus)
    uncited = [(s.name, p.line, p.first_words) for s in report.seeds for p in s.uncited]
    assert uncited == [
        ("blog.txt", 1, "Opinion: Ferries & the Future"),
        ("gazette.txt", 1, "Harbour Gazette, 3 March 2021"),
        ("gazette.txt", 7, "The mayor’s office said the closure will last …"),
    ]
    assert report.gaps == 3


def test_paragraph_of_several_lines_counts_once(mini: Path) -> None:
    report = coverage(load_corpus(mini).corpus)
    blog = next(s for s in report.seeds if s.name == "blog.txt")
    assert [p.line for p in blog.cited] == [3]


def test_omitted_paragraphs_close_the_gaps(cli: Cli, mini: Path) -> None:
    edit(
        mini / "facts" / "sources.yaml",
        '      rationale: "An unsigned opinion blog; no sources named."\n',
        '      rationale: "An unsigned opinion blog; no sources named."\n    omitted:\n      - line: 1\n        reason: title only\n',
    )
    edit(
        mini / "facts" / "sources.yaml",
        '      rationale: "A local paper quoting named offices on the record."\n',
        '      rationale: "A local paper quoting named offices on the record."\n    omitted:\n'
        "      - line: 1\n        reason: dateline\n      - line: 7\n        reason: duration claim kept out on purpose\n",
    )
    result = cli("coverage", "--root", mini)
    assert result.code == 0, result.out
    assert result.out.endswith("\n0 unexplained gaps\n")
    assert (
        f"  {mini}/seeds/gazette.txt:7: The mayor’s office said the closure will last … (duration claim kept out on purpose)"
        in result.out
    )


def test_gaps_fail_the_command(cli: Cli, mini: Path) -> None:
    result = cli("coverage", "--root", mini)
    assert result.code == 1
    assert f"  {mini}/seeds/gazette.txt:7: The mayor’s office said the closure will last …\n" in result.out
    assert result.out.endswith("\n3 unexplained gaps\n")


def test_stale_omission_is_a_gap(mini: Path) -> None:
    edit(
        mini / "facts" / "sources.yaml",
        '      rationale: "An unsigned opinion blog; no sources named."\n',
        '      rationale: "An unsigned opinion blog; no sources named."\n    omitted:\n      - line: 3\n        reason: wrong\n      - line: 2\n        reason: blank\n',
    )
    blog = next(s for s in coverage(load_corpus(mini).corpus).seeds if s.name == "blog.txt")
    assert blog.stale == [
        "line 3 is recorded as omitted but a fact cites it",
        "line 2 is recorded as omitted but no paragraph starts there",
    ]


def test_single_source_judgment_and_drafts(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        "      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n",
        "      status: draft\n",
    )
    report = coverage(load_corpus(mini).corpus)
    assert [(j.theme, j.number, j.seed) for j in report.single_source_judgments] == [
        ("labour", 1, "gazette.txt")
    ]
    assert report.drafts == ["union-disputes"]


def test_shipped_corpus_meets_the_floors_with_no_gap() -> None:
    report = coverage(load_corpus(REPO).corpus)
    assert report.gaps == 0
    assert report.drafts == []
    assert report.facts_total >= 60
    assert min(report.own_per_theme.values()) >= 8
    assert min(s.facts for s in report.seeds) >= 5


def test_a_seed_without_blank_lines_has_a_paragraph_per_line(tmp_path: Path) -> None:
    from briefgen.project.paragraphs import paragraphs
    from briefgen.project.seeds import Seed

    text = "Title of the page\nFirst paragraph, one line.\r\nSecond paragraph.\n\n"
    seed = Seed("web.txt", text.encode(), text)
    assert [(p.line, p.text) for p in paragraphs(seed)] == [
        (1, "Title of the page"),
        (2, "First paragraph, one line."),
        (3, "Second paragraph."),
    ]
    blank = "Title\n\nA paragraph\nwrapped over two lines.\n  \t\nLast one.\n"
    seed = Seed("wrapped.txt", blank.encode(), blank)
    assert [(p.line, p.text) for p in paragraphs(seed)] == [
        (1, "Title"),
        (3, "A paragraph\nwrapped over two lines."),
        (6, "Last one."),
    ]


def test_coverage_counts_each_line_of_a_seed_without_blank_lines(mini: Path) -> None:
    gazette = mini / "seeds" / "gazette.txt"
    lines = [line for line in gazette.read_text(encoding="utf-8").splitlines() if line.strip()]
    gazette.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = coverage(load_corpus(mini).corpus)
    seed = next(s for s in report.seeds if s.name == "gazette.txt")
    assert [p.line for p in seed.cited] == [2, 3]
    assert [(p.line, p.first_words) for p in seed.uncited] == [
        (1, "Harbour Gazette, 3 March 2021"),
        (4, "The mayor’s office said the closure will last …"),
    ]
