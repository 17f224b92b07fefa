"""The relation types, the bottom line and the disputed points: what the check allows and refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.project.vocab import dates_overlap, short_date, source_label

from .conftest import edit
from .test_check import problems as all_problems

PIER = "facts/pier.yaml"


def problems(root: Path) -> list[str]:
    """The check's problems, without the notice that a redated fact's review is stale."""
    return [p for p in all_problems(root) if "reviewed content changed since the review" not in p]


def retype(mini: Path, first: str, second: str) -> None:
    """Give pier-closed's relation the type ``first`` and pier-open-claim's the type ``second``."""
    text = (mini / PIER).read_text(encoding="utf-8")
    text = text.replace(
        "- type: contradicts\n        fact: pier-open-claim",
        f"- type: {first}\n        fact: pier-open-claim",
    )
    text = text.replace(
        "- type: contradicts\n        fact: pier-closed", f"- type: {second}\n        fact: pier-closed"
    )
    (mini / PIER).write_text(text, encoding="utf-8")


def redate(mini: Path, closed: str, claim: str) -> None:
    edit(mini / PIER, "      date: 2021-03-01\n", f"      date: {closed}\n")
    edit(mini / PIER, "      date: 2021-03\n", f"      date: {claim}\n")


@pytest.mark.parametrize("kind", ["corroborates", "partly-overlaps", "in-tension", "contradicts"])
def test_a_symmetric_type_is_recorded_the_same_on_both_facts(mini: Path, kind: str) -> None:
    retype(mini, kind, kind)
    assert problems(mini) == []


def test_updates_pairs_with_updated_by(mini: Path) -> None:
    retype(mini, "updates", "updated-by")
    assert problems(mini) == []


def test_updates_needs_updated_by_on_the_other_fact(mini: Path) -> None:
    retype(mini, "updates", "updates")
    assert problems(mini) == [
        "facts/pier.yaml:24:15: error: 'pier-closed' updates 'pier-open-claim', but 'pier-open-claim' records it as 'updates': record 'updated-by' there (or change both)",
        "facts/pier.yaml:49:15: error: 'pier-open-claim' updates 'pier-closed', but 'pier-closed' records it as 'updates': record 'updated-by' there (or change both)",
    ]


def test_a_one_sided_updates_says_what_to_add(mini: Path) -> None:
    edit(
        mini / PIER,
        '    relations:\n      - type: contradicts\n        fact: pier-closed\n        note: "closed vs. still used by ferries"\n',
        "",
    )
    edit(
        mini / PIER,
        "- type: contradicts\n        fact: pier-open-claim",
        "- type: updates\n        fact: pier-open-claim",
    )
    assert problems(mini) == [
        "facts/pier.yaml:24:15: error: 'pier-closed' updates 'pier-open-claim', but 'pier-open-claim' does not record it back (add 'updated-by: pier-closed' there: updates and updated-by go in pairs)",
    ]


def test_contradicts_is_refused_between_dates_that_cannot_overlap(mini: Path) -> None:
    redate(mini, "2021-04-02", "2021-03")
    assert problems(mini) == [
        "facts/pier.yaml:24:15: error: 'pier-closed' (2021-04-02) contradicts 'pier-open-claim' (2021-03), but their dates cannot overlap: claims about different times do not contradict each other; record 'updates' on the later fact and 'updated-by' on the earlier, or 'in-tension'",
        "facts/pier.yaml:49:15: error: 'pier-open-claim' (2021-03) contradicts 'pier-closed' (2021-04-02), but their dates cannot overlap: claims about different times do not contradict each other; record 'updates' on the later fact and 'updated-by' on the earlier, or 'in-tension'",
    ]


def test_contradicts_is_allowed_where_the_dates_may_overlap_or_one_is_undated(mini: Path) -> None:
    redate(mini, "2021", "2021-03")
    assert problems(mini) == []
    edit(mini / PIER, "      date: 2021\n", "      date: null\n")
    assert problems(mini) == []


def test_updates_goes_on_the_later_report(mini: Path) -> None:
    redate(mini, "2021-02-10", "2021-03")
    retype(mini, "updates", "updated-by")
    assert problems(mini) == [
        "facts/pier.yaml:24:15: error: 'pier-closed' (2021-02-10) updates 'pier-open-claim' (2021-03), but it is dated earlier: 'updates' goes on the later report, 'updated-by' on the earlier",
    ]
    retype(mini, "updates", "updated-by")  # nothing left to retype: the types stay
    text = (mini / PIER).read_text(encoding="utf-8")
    text = text.replace("type: updates", "type: TMP").replace("type: updated-by", "type: updates")
    (mini / PIER).write_text(text.replace("type: TMP", "type: updated-by"), encoding="utf-8")
    assert problems(mini) == []


def test_an_unknown_relation_type_lists_the_types(mini: Path) -> None:
    retype(mini, "disagrees", "contradicts")
    found = problems(mini)
    assert found[0] == (
        "facts/pier.yaml:23:15: error: relations[0].type: 'disagrees' is not one of 'corroborates', "
        "'partly-overlaps', 'in-tension', 'contradicts', 'updates' or 'updated-by'"
    )


def test_the_bottom_line_refers_to_known_judgments_once(mini: Path) -> None:
    edit(
        mini / "facts" / "themes.yaml",
        "  - judgment: union-objection-unlikely\n",
        "  - judgment: pier-closed-likely\n  - judgment: no-such-judgment\n",
    )
    assert problems(mini) == [
        "facts/themes.yaml:45:15: error: bottom line item 3 repeats key judgment 'pier-closed-likely'",
        "facts/themes.yaml:46:15: error: bottom line item 4 refers to unknown key judgment 'no-such-judgment'",
    ]


def test_a_bottom_line_item_of_its_own_needs_everything_a_judgment_has(mini: Path) -> None:
    edit(
        mini / "facts" / "themes.yaml",
        '    implication: "Plan for harbour traffic without the north pier."\n',
        "",
    )
    edit(
        mini / "facts" / "themes.yaml",
        "rests_on: [pier-closed, union-disputes]",
        "rests_on: [pier-closed, no-such-fact]",
    )
    edit(
        mini / "facts" / "themes.yaml",
        "  - judgment: pier-closed-likely\n",
        '  - judgment: pier-closed-likely\n    text: "The pier is closed, as the authority says."\n',
    )
    assert problems(mini) == [
        "facts/themes.yaml:39:5: error: bottom line item 1 needs either 'judgment' (a key judgment's id) or its own implication",
        "facts/themes.yaml:42:29: error: bottom line item 1 rests on unknown fact 'no-such-fact'",
        "facts/themes.yaml:43:15: error: bottom line item 2 refers to key judgment 'pier-closed-likely' and also gives text: give one or the other",
    ]


def test_the_bottom_line_should_hold_five_to_seven_items(mini: Path) -> None:
    edit(mini / "facts" / "themes.yaml", "  - judgment: union-objection-unlikely\n", "")
    edit(mini / "facts" / "themes.yaml", "  - judgment: pier-closed-likely\n", "")
    assert problems(mini) == [
        "facts/themes.yaml:39:3: warning: the bottom line has 1 item; rank the 5-7 judgments that matter most (fewer only when there are fewer key judgments)",
    ]


def test_key_judgment_ids_are_unique(mini: Path) -> None:
    edit(mini / "facts" / "themes.yaml", "id: union-objection-unlikely", "id: pier-closed-likely")
    edit(mini / "facts" / "themes.yaml", "  - judgment: union-objection-unlikely\n", "")
    assert problems(mini) == [
        "facts/themes.yaml:32:13: error: duplicate key judgment id 'pier-closed-likely' (first in theme 'pier')",
    ]


def test_a_disputed_point_names_known_facts_on_two_sides(mini: Path) -> None:
    edit(
        mini / "facts" / "themes.yaml",
        "          - fact: pier-open-claim\n",
        "          - fact: pier-open-claims\n",
    )
    assert problems(mini) == [
        "facts/themes.yaml:24:19: error: disputed point 1 ('Whether the north pier is open') names unknown fact 'pier-open-claims'",
    ]
    edit(
        mini / "facts" / "themes.yaml",
        '          - fact: pier-open-claims\n            claim: "The blog: open to ferries all week"\n',
        "",
    )
    # The theme is refused as a whole (so its facts' theme is unknown too); the cause comes with it.
    assert (
        "facts/themes.yaml:22:11: error: disputes[0].sides: list should have at least 2 items after validation, not 1"
        in problems(mini)
    )


def test_partial_dates_overlap_by_the_days_they_can_mean() -> None:
    assert dates_overlap("2017", "2017-06-01")
    assert dates_overlap("2017-12", "2017")
    assert not dates_overlap("2017", "2019")
    assert not dates_overlap("2017-05", "2017-06-01")
    assert dates_overlap("2016-02", "2016-02-29")


def test_a_source_is_named_by_its_label_and_an_honest_date() -> None:
    assert source_label("Newsweek", "2018-04", True) == "Newsweek, Apr 2018 (inferred)"
    assert (
        source_label("WorldTribune relaying Reuters", "2017-06-02", False)
        == "WorldTribune relaying Reuters, 2 Jun 2017"
    )
    assert source_label("Unsigned opinion piece", "2019", True) == "Unsigned opinion piece, 2019 (inferred)"
    assert source_label("A leaflet", None, True) == "A leaflet, undated"
    assert short_date("2017-06") == "Jun 2017"
