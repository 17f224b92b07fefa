"""Each rule of the check, tried on a small broken copy of the fixture project."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from briefgen.check.rules import check
from briefgen.project.load import load_corpus

from .conftest import Result, edit

CHANGED = "reviewed content changed since the review"
PASSAGE_CHANGED = (
    f"facts/labour.yaml:18:7: warning: {CHANGED}: passage 1; re-read it, then: briefgen review union-disputes"
)


def problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in check(load_corpus(root)).sorted()]


def test_duplicate_fact_id_across_files(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "id: union-disputes", "id: pier-closed")
    found = problems(mini)
    assert (
        "facts/pier.yaml:3:9: error: duplicate fact id 'pier-closed' (first in "
        f"{mini}/facts/labour.yaml at line 3)" in found
    )


def test_unknown_theme_in_fact_and_file_name(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "themes: [labour, pier]", "themes: [labour, peir]")
    (mini / "facts" / "harbor.yaml").write_text("facts: []\n", encoding="utf-8")
    assert problems(mini) == [
        "facts/harbor.yaml:1:1: error: unknown theme 'harbor': the file name must be a theme id of themes.yaml (labour, pier)",
        "facts/labour.yaml:5:22: error: unknown theme 'peir'",
    ]


def test_a_theme_with_a_bad_value_is_not_an_unknown_theme(mini: Path, cli: Callable[..., Result]) -> None:
    # The theme's own error is the one to fix; its fact file must not be called an unknown theme.
    edit(mini / "facts" / "themes.yaml", "order: 1", "order: first")
    error = "facts/themes.yaml:7:12: error: order: input should be a valid integer, unable to parse string as an integer"
    assert problems(mini) == [error]
    result = cli("check", "--root", mini)
    assert (result.code, result.out.replace(f"{mini}/", "").splitlines()) == (1, [error])


def test_themes_must_start_with_the_file_theme(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "themes: [labour, pier]", "themes: [pier, labour]")
    assert problems(mini) == [
        "facts/labour.yaml:5:14: error: themes must start with the file's theme 'labour'"
    ]


def test_unknown_fact_references(mini: Path) -> None:
    edit(mini / "facts" / "themes.yaml", "rests_on: [union-disputes]", "rests_on: [union-dispute]")
    edit(
        mini / "facts" / "labour.yaml",
        "    credibility: 3\n",
        "    credibility: 3\n    relations:\n      - type: corroborates\n        fact: no-such-fact\n",
    )
    assert problems(mini) == [
        "facts/labour.yaml:19:15: error: corroborates unknown fact 'no-such-fact'",
        "facts/themes.yaml:37:20: error: key judgment 1 rests on unknown fact 'union-dispute'",
    ]


def test_relation_must_be_recorded_on_both_facts(mini: Path) -> None:
    edit(
        mini / "facts" / "pier.yaml",
        '      - type: contradicts\n        fact: pier-closed\n        note: "closed vs. still used by ferries"\n',
        "      - type: corroborates\n        fact: pier-closed\n",
    )
    assert problems(mini) == [
        "facts/pier.yaml:24:15: error: 'pier-closed' contradicts 'pier-open-claim', but 'pier-open-claim' records it as 'corroborates': record 'contradicts' there (or change both)",
        "facts/pier.yaml:49:15: error: 'pier-open-claim' corroborates 'pier-closed', but 'pier-closed' records it as 'contradicts': record 'corroborates' there (or change both)",
    ]


def test_credibility_one_needs_corroboration_from_another_seed(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "    credibility: 3\n", "    credibility: 1\n")
    assert problems(mini) == [
        "facts/labour.yaml:16:18: error: credibility 1 (confirmed) needs a 'corroborates' relation to a fact that cites another seed",
        f"facts/labour.yaml:18:7: warning: {CHANGED}: credibility; re-read it, then: briefgen review union-disputes",
    ]


def test_seed_name_with_a_path_is_refused(mini: Path) -> None:
    for bad, message in [
        (
            "../gazette.txt",
            "seed '../gazette.txt' must be a bare file name inside seeds/ (no folder, no '..')",
        ),
        ("/etc/passwd", "seed '/etc/passwd' must be a bare file name inside seeds/ (no folder, no '..')"),
        ("..", "seed '..' must be a bare file name inside seeds/ (no folder, no '..')"),
    ]:
        edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", f"- seed: {bad}")
        assert problems(mini) == [f"facts/labour.yaml:7:15: error: {message}"]
        edit(mini / "facts" / "labour.yaml", f"- seed: {bad}", "- seed: gazette.txt")


def test_a_file_of_seeds_that_is_not_a_seed_cannot_be_cited_or_registered(mini: Path) -> None:
    """Only the .txt files are read as seeds: citing another file beside them would check nothing."""
    (mini / "seeds" / "notes.md").write_bytes((mini / "seeds" / "gazette.txt").read_bytes())
    edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", "- seed: notes.md")
    edit(mini / "facts" / "sources.yaml", "- file: gazette.txt", "- file: notes.md")
    message = "seed 'notes.md' is not a .txt file: only the .txt files of seeds/ are read as seeds"
    assert [p for p in problems(mini) if "notes.md" in p] == [
        f"facts/labour.yaml:7:15: error: {message}",
        f"facts/sources.yaml:3:11: error: {message}",
    ]


def test_unknown_seed(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", "- seed: gazete.txt")
    assert problems(mini) == [
        "facts/labour.yaml:7:15: error: unknown seed 'gazete.txt': no such file in seeds/",
    ]


def test_passage_not_in_its_seed_shows_the_closest(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    assert problems(mini) == [
        "facts/labour.yaml:8:18: error: passage not found in gazette.txt; closest at line 5, first "
        'differing at character 27: the passage has " union leaders contested the c" where '
        'the seed has " union leaders disputed the cl"',
    ]


def test_seed_that_changed_must_be_re_pinned(mini: Path) -> None:
    with (mini / "seeds" / "gazette.txt").open("a", encoding="utf-8") as handle:
        handle.write("A late correction.\n")
    assert problems(mini) == [
        "facts/sources.yaml:4:13: error: seed 'gazette.txt' has changed: its sha256 is "
        "a9641ddb437e…, the pin is 901e64d74df3…; cited by 2 facts: pier-closed, union-disputes; if the "
        "change is a correction, re-pin it: briefgen pin gazette.txt (a review it voids is reported at its fact)"
    ]


def test_a_seed_correction_voids_only_the_reviews_of_its_paragraph(mini: Path) -> None:
    edit(mini / "seeds" / "gazette.txt", "will last at least two weeks", "will last at least three weeks")
    edit(
        mini / "seeds" / "gazette.txt",
        "repairs would take days.",
        "repairs would take days. They met on Tuesday.",
    )
    assert [p for p in problems(mini) if "sources.yaml" not in p] == [
        f"facts/labour.yaml:18:7: warning: {CHANGED}: the seed paragraph around passage 1; "
        "re-read it, then: briefgen review union-disputes"
    ]


def test_a_reviewed_statement_rewritten_is_flagged(mini: Path) -> None:
    edit(mini / "facts" / "pier.yaml", "north pier will close *until", "north pier will shut *until")
    edit(mini / "facts" / "pier.yaml", "kind: government", "kind: official")
    edit(mini / "facts" / "pier.yaml", "basis: \"'on Monday' in", "basis: \"'Monday' in")
    report = check(load_corpus(mini))
    assert [str(p).removeprefix(f"{mini}/") for p in report.sorted()] == [
        f"facts/pier.yaml:17:7: warning: {CHANGED}: statement, attribution, date; "
        "re-read it, then: briefgen review pier-closed"
    ]
    assert not report.failed() and report.failed(strict=True)


def test_a_review_without_a_digest_is_flagged(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", '      digest: "sha256:', '      # digest: "sha256:')
    assert problems(mini) == [
        "facts/labour.yaml:18:7: warning: reviewed without a record of what was read (no review.digest); "
        "re-read it, then: briefgen review union-disputes"
    ]


def test_repeated_and_short_passages_warn(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        'passage: "Fishermen\'s union leaders disputed the closure - they called it premature - and said repairs would take days."',
        'passage: "the closure"',
    )
    report = check(load_corpus(mini))
    assert [str(p).removeprefix(f"{mini}/") for p in report.sorted()] == [
        "facts/labour.yaml:8:18: warning: passage is only 2 words; cite at least 4 so the evidence is unambiguous",
        "facts/labour.yaml:8:18: warning: passage occurs 2 times in gazette.txt (lines 5, 7); lengthen it or add a prefix or suffix to choose one",
        PASSAGE_CHANGED,
    ]
    assert not report.failed() and report.failed(strict=True)


def test_prefix_chooses_one_occurrence(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        'passage: "Fishermen\'s union leaders disputed the closure - they called it premature - and said repairs would take days."',
        'passage: "the closure will last at least two weeks"\n        prefix: "mayor\'s office said"',
    )
    assert problems(mini) == [
        f"facts/labour.yaml:19:7: warning: {CHANGED}: passage 1, the seed paragraph around passage 1; "
        "re-read it, then: briefgen review union-disputes"
    ]


def test_draft_fact_warns_and_reviewed_fact_needs_reviewer(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        "      status: reviewed\n      by: Test Editor\n",
        "      status: reviewed\n",
    )
    edit(
        mini / "facts" / "pier.yaml",
        "    credibility: 4\n    review:\n      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n",
        "    credibility: 4\n    review:\n      status: draft\n",
    )
    assert problems(mini) == [
        "facts/labour.yaml:18:7: error: a reviewed fact needs review.by",
        "facts/pier.yaml:42:7: warning: fact 'pier-open-claim' is a draft, not yet reviewed",
    ]


def test_theme_without_key_judgments(mini: Path) -> None:
    edit(
        mini / "facts" / "themes.yaml",
        """    key_judgments:
      - id: union-objection-unlikely
        text: "The union's objection is unlikely to change the closure soon."
        likelihood: unlikely
        confidence: low
        implication: "The closure is not a matter for negotiation with the union."
        rests_on: [union-disputes]
""",
        "",
    )
    assert problems(mini) == [
        "facts/themes.yaml:27:9: warning: theme 'labour' has no key judgments yet",
        "facts/themes.yaml:38:15: error: bottom line item 3 refers to unknown key judgment 'union-objection-unlikely'",
    ]


def test_unreadable_and_unregistered_seeds(mini: Path) -> None:
    (mini / "seeds" / "latin1.txt").write_bytes(b"caf\xe9\n")
    (mini / "seeds" / "empty.txt").write_bytes(b"  \n")
    (mini / "seeds" / "extra.txt").write_text("An extra seed nobody registered.\n", encoding="utf-8")
    assert problems(mini) == [
        "facts/sources.yaml:1:1: warning: seed 'extra.txt' is in seeds/ but not registered here",
        "seeds/empty.txt:1:1: error: the seed is empty",
        "seeds/latin1.txt:1:4: error: not UTF-8: byte 0xe9 cannot be decoded",
    ]


def test_seed_symlink_out_of_seeds_is_refused(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret\n", encoding="utf-8")
    (mini / "seeds" / "link.txt").symlink_to(outside)
    assert (
        f"seeds/link.txt:1:1: error: the seed is a link to {outside}, outside seeds/; seeds must be files in seeds/"
        in problems(mini)
    )


def test_hidden_seed_holding_the_passage_is_still_refused(mini: Path) -> None:
    """The quick pass over citations found once must not skip the seed-name check."""
    gazette = mini / "seeds" / "gazette.txt"
    (mini / "seeds" / ".gazette.txt").write_bytes(gazette.read_bytes())
    edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", "- seed: .gazette.txt")
    assert "facts/labour.yaml:7:15: error: seed '.gazette.txt' must not be a hidden file" in problems(mini)


def test_quick_pass_over_citations_gives_the_full_checks_problems(mini: Path) -> None:
    """Citations of every kind: those the quick pass clears are exactly those with no problem."""
    from briefgen.check.rules import _citation, citations

    gazette = mini / "seeds" / "gazette.txt"
    (mini / "seeds" / ".gazette.txt").write_bytes(gazette.read_bytes())
    passages = [
        ("gazette.txt", "the closure will last at least two weeks"),  # once: no problem
        ("gazette.txt", "the closure"),  # twice, and short
        ("gazette.txt", "mayor’s\n office"),  # once, but short
        ("gazette.txt", "the closure will last at least three weeks"),  # not found
        (".gazette.txt", "the closure will last at least two weeks"),  # a hidden seed
        ("nowhere.txt", "the closure will last at least two weeks"),  # no such seed
        ("../gazette.txt", "the closure will last at least two weeks"),  # not a bare name
    ]
    written = "".join(
        f"      - seed: {seed}\n        passage: {json.dumps(passage)}\n" for seed, passage in passages
    )
    edit(mini / "facts" / "labour.yaml", "    citations:\n", "    citations:\n" + written)
    corpus = load_corpus(mini).corpus
    full = [p for e in corpus.facts for c in range(len(e.fact.citations)) for p in _citation(corpus, e, c)]
    assert list(citations(corpus)) == full
    assert [(p.line, p.message[:40]) for p in full] == [
        (10, "passage occurs 2 times in gazette.txt (l"),
        (10, "passage is only 2 words; cite at least 4"),
        (12, "passage is only 3 words; cite at least 4"),
        (14, "passage not found in gazette.txt; closes"),
        (15, "seed '.gazette.txt' must not be a hidden"),
        (17, "unknown seed 'nowhere.txt': no such file"),
        (19, "seed '../gazette.txt' must be a bare fil"),
    ]


def test_report_order_is_the_problems_field_order() -> None:
    """Report.sorted sorts by a key; the order is still the dataclass's (path, line, column, ...)."""
    from dataclasses import fields

    from briefgen.errors import Problem, Report

    assert [f.name for f in fields(Problem)] == ["path", "line", "column", "severity", "message"]
    problems = [
        Problem(path, line, column, severity, message)  # type: ignore[arg-type]
        for path in ("b.yaml", "a.yaml", "a.yaml/x")
        for line in (10, 9, 1)
        for column in (2, 1)
        for severity in ("warning", "error")
        for message in ("z", "a", "a")
    ]
    assert Report(problems).sorted() == sorted(set(problems))


def test_only_unprintable_characters_are_escaped() -> None:
    """Printable text is shown as it is, without the escaping expression."""
    import sys

    from briefgen.errors import _CONTROL, Problem

    assert all(not chr(c).isprintable() for c in range(sys.maxunicode + 1) if _CONTROL.match(chr(c)))
    problem = Problem("a\x1b.yaml", 1, 2, "error", "tab\there, bell\x07, line\u2028, é and “q”")
    assert str(problem) == "a\\x1b.yaml:1:2: error: tab\there, bell\\x07, line\\u2028, é and “q”"


def test_a_duplicate_that_relates_to_its_own_id_relates_to_itself(mini: Path) -> None:
    """The second fact with an id, relating to that id, relates to itself, though the id finds
    the first fact, which records the relation back."""
    edit(mini / "facts" / "labour.yaml", "id: union-disputes", "id: pier-closed")
    corroborates = "    relations:\n      - type: corroborates\n        fact: pier-closed\n"
    edit(mini / "facts" / "labour.yaml", "    credibility: 3\n", "    credibility: 3\n" + corroborates)
    edit(
        mini / "facts" / "pier.yaml",
        "    relations:\n      - type: contradicts\n        fact: pier-open-claim\n",
        corroborates + "      - type: contradicts\n        fact: pier-open-claim\n",
    )
    found = [p for p in problems(mini) if "itself" in p]
    assert found == [
        "facts/labour.yaml:19:15: error: fact 'pier-closed' corroborates itself",
        "facts/pier.yaml:24:15: error: fact 'pier-closed' corroborates itself",
    ]
