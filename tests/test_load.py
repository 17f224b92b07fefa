"""The loader: every broken input gets its exact message at the line of the offending node."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.check.rules import check
from briefgen.project.load import load_corpus

from .conftest import edit

FACT = """\
facts:
  - id: extra-fact
    statement: "The harbour authority said the pier will close."
    citations:
      - seed: gazette.txt
        passage: "The harbour authority said on Monday"
    attribution:
      by: the harbour authority
      kind: government
    when:
      date: 2021-03-01
      basis: "stated"
    credibility: 2
    review:
      status: reviewed
      by: Test Editor
      on: 2021-03-04
"""


def problems(root: Path) -> list[str]:
    return [str(p) for p in check(load_corpus(root)).sorted()]


def write_fact_file(root: Path, text: str) -> list[str]:
    (root / "facts" / "labour.yaml").write_text(text, encoding="utf-8")
    return [p for p in problems(root) if "labour.yaml" in p]


def test_clean_fixture_has_no_problems(mini: Path) -> None:
    assert problems(mini) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      date: 2021-03-01\n",
            "      date: 2021-03-01\n      dat: x\n",
            "12:7: error: unknown field 'dat' in when (did you mean 'date'?)",
        ),
        (
            "    credibility: 2\n",
            "    credibility: high\n",
            "13:18: error: credibility: 'high' is not one of 1, 2, 3, 4, 5 or 6",
        ),
        (
            "      by: the harbour authority\n",
            "      by: [the, authority]\n",
            "8:11: error: attribution.by: expected a string, got a list (put the text in quotes)",
        ),
        (
            "      by: Test Editor\n",
            "      by: no\n",
            "16:11: error: review.by: expected a string, got the boolean false (YAML 1.1 reads "
            "unquoted false/n/no/off/on/true/y/yes as booleans: put the text in quotes)",
        ),
        (
            "      on: 2021-03-04\n",
            "      on: 2019-02-30\n",
            "17:11: error: review.on: '2019-02-30' is not a valid date YYYY-MM-DD "
            "(day value is outside expected range)",
        ),
        (
            "      date: 2021-03-01\n",
            "      date: 2021-02-29\n",
            "11:13: error: when.date: '2021-02-29' is not a day of the calendar",
        ),
        (
            "    credibility: 2\n",
            "    credibility: 2\n    credibility: 3\n",
            "14:5: error: duplicate key 'credibility' (first at line 13); YAML would silently "
            "keep only the last one",
        ),
        (
            "      kind: government\n",
            "      kind: goverment\n",
            "9:13: error: attribution.kind: 'goverment' is not one of 'author', 'government', "
            "'official', 'organization', 'outlet', 'unnamed-source' or 'document' "
            "(did you mean 'government'?)",
        ),
        (
            "    attribution:\n      by: the harbour authority\n      kind: government\n",
            "",
            "2:5: error: missing required field 'attribution'",
        ),
        (
            "    citations:\n",
            "    citations: &c\n",
            "",
        ),
    ],
)
def test_field_errors_are_located(mini: Path, old: str, new: str, expected: str) -> None:
    # FACT's review predates digests: the warning saying so is not what these cases are about
    found = [p for p in write_fact_file(mini, FACT.replace(old, new)) if ": warning: " not in p]
    if expected:
        assert found == [f"{mini}/facts/labour.yaml:{expected}"]
    else:
        assert found == []  # an anchor with no alias is harmless


def test_alias_is_refused_once(mini: Path) -> None:
    text = FACT.replace("    citations:\n", "    citations: &c\n").replace(
        "    credibility: 2\n", "    credibility: 2\n    relations: *c\n"
    )
    assert write_fact_file(mini, text) == [
        f"{mini}/facts/labour.yaml:14:5: error: aliases (*name) are not allowed in briefgen files"
    ]


def test_yaml_syntax_error_is_located(mini: Path) -> None:
    found = write_fact_file(mini, "facts:\n  - id: [broken\n")
    assert found == [
        f"{mini}/facts/labour.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_syntax_error_does_not_cascade_into_unknown_references(mini: Path) -> None:
    (mini / "facts" / "labour.yaml").write_text("facts: [\n", encoding="utf-8")
    assert len(problems(mini)) == 1


def test_one_bad_fact_costs_only_itself(mini: Path) -> None:
    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 9\n")
    loaded = load_corpus(mini)
    assert sorted(e.fact.id for e in loaded.corpus.facts) == ["pier-closed", "union-disputes"]
    assert [str(p) for p in check(loaded).sorted()] == [
        f"{mini}/facts/pier.yaml:40:18: error: credibility: 9 is not one of 1, 2, 3, 4, 5 or 6"
    ]


def test_byte_order_mark_is_refused(mini: Path) -> None:
    found = write_fact_file(mini, "\ufeff" + FACT)
    assert found == [
        f"{mini}/facts/labour.yaml:1:1: error: the file starts with a byte-order mark; save it as UTF-8 without BOM"
    ]


def test_non_utf8_bytes_are_located(mini: Path) -> None:
    (mini / "facts" / "labour.yaml").write_bytes(FACT.encode().replace(b"Test Editor", b"Test \xe9ditor"))
    found = [p for p in problems(mini) if "labour.yaml" in p]
    assert found == [f"{mini}/facts/labour.yaml:16:16: error: not UTF-8: byte 0xe9 cannot be decoded"]


def test_missing_registry_file(mini: Path) -> None:
    (mini / "facts" / "sources.yaml").unlink()
    found = problems(mini)
    assert f"{mini}/facts/sources.yaml:1:1: error: missing file: facts/sources.yaml is required" in found
