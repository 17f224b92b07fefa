"""The briefing's structure: bottom line first, the caveat computed from the data, disputed points
as one table, and every fact printed exactly once per document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.output.document import Briefing, briefing
from briefgen.output.render import render
from briefgen.output.views import BuildViews
from briefgen.project.layout import PACKAGE_TEMPLATES
from briefgen.project.load import load_corpus

from .conftest import REPO, edit


def view(root: Path, themes: list[str] | None = None) -> Briefing:
    return briefing(BuildViews(load_corpus(root).corpus), themes)


def test_the_bottom_line_keeps_the_editors_ranking(mini: Path) -> None:
    b = view(mini)
    assert [j.id for j in b.bottom_line] == ["", "pier-closed-likely", "union-objection-unlikely"]
    assert [j.rank for j in b.bottom_line] == [1, 2, 3]
    own = b.bottom_line[0]
    assert own.rests_on == [("1.2", "pier-closed"), ("2.1", "union-disputes")]
    assert own.estimate == "low confidence"  # 'likely' is in its text: said once
    assert b.bottom_line[1].theme is not None and b.bottom_line[1].theme.id == "pier"


def test_the_shipped_bottom_line_follows_themes_yaml() -> None:
    b = view(REPO)
    assert [j.id for j in b.bottom_line] == [
        "tanf-us-stayed",
        "uswd-residual-force",
        "iran-route-reason",
        "isis-territory-lost",
        "isis-counterattack-capability",
        "rukban-emergency",
    ]
    assert (
        b.bottom_line[0].headline == "US forces likely held al-Tanf in mid-2017 and again, or still, in 2019."
    )


def test_the_caveat_is_computed_from_the_data(mini: Path) -> None:
    caveat = view(mini).caveat
    assert [(g.grade, g.count, g.sources) for g in caveat.grades] == [
        ("B", 1, ["Harbour Gazette"]),
        ("D", 1, ["Unsigned opinion blog"]),
    ]
    assert (caveat.total, caveat.inferred) == (2, 1)
    assert (caveat.newest, caveat.newest_known) == ("Harbour Gazette, 3 Mar 2021", "stated in the text")
    # the own bottom-line item rests on two facts of one seed; the labour judgment on one fact
    assert (caveat.single_source, caveat.judgments) == (2, 3)
    edit(mini / "facts" / "sources.yaml", "      inferred: false\n", "      inferred: true\n")
    caveat = view(mini).caveat
    assert (caveat.inferred, caveat.newest_known) == (2, "inferred from its content, not stated")


def test_the_cover_says_what_the_as_of_date_rests_on(mini: Path) -> None:
    b = view(mini)
    assert b.as_of == "1 March 2021"
    assert b.as_of_rests_on == (
        "the latest date among the facts (1.2, from Harbour Gazette, 3 Mar 2021); stated in the sources"
    )
    assert b.sources_sentence == (
        "Two sources, 2021: one graded B (Harbour Gazette); one graded D (Unsigned opinion blog); "
        "1 of the 2 publication dates is inferred."
    )


def test_the_shipped_caveat_and_cover() -> None:
    b = view(REPO)
    assert [(g.grade, g.count) for g in b.caveat.grades] == [("B", 1), ("C", 1), ("D", 3)]
    assert (b.caveat.total, b.caveat.inferred) == (5, 4)
    assert b.caveat.newest == "Unsigned opinion piece, 2019 (inferred)"
    assert b.as_of == "2019 (inferred)"


@pytest.mark.parametrize("themes", [None, ["pier"], ["labour"]])
def test_every_fact_is_printed_once_per_document(mini: Path, themes: list[str] | None) -> None:
    b = view(mini, themes)
    printed = [f.id for t in b.themes for f in t.facts]
    assert len(printed) == len(set(printed))
    expected = {
        e.fact.id for e in load_corpus(mini).corpus.facts if themes is None or set(e.themes) & set(themes)
    }
    assert set(printed) == expected
    for fmt in ("md", "html"):
        text = render(b, fmt, PACKAGE_TEMPLATES)
        for entry in load_corpus(mini).corpus.facts:
            if entry.fact.id in expected:
                statement = (
                    "north pier will close" if entry.fact.id == "pier-closed" else entry.fact.statement[:30]
                )
                assert text.count(statement.replace("'", "&#39;") if fmt == "html" else statement) >= 1


def test_a_fact_of_two_themes_is_printed_under_the_first_and_referred_to_elsewhere(mini: Path) -> None:
    b = view(mini)
    pier, labour = b.themes
    assert "union-disputes" not in [f.id for f in labour.facts]
    assert "union-disputes" in [f.id for f in pier.facts]
    assert labour.also == [("2.1", "union-disputes")]
    html = render(b, "html", PACKAGE_TEMPLATES)
    assert html.count('id="fact-union-disputes"') == 1
    assert 'printed under an earlier theme: <a href="#fact-union-disputes">2.1</a>' in html


def test_the_shipped_briefing_prints_each_statement_once() -> None:
    b = view(REPO)
    md = render(b, "md", PACKAGE_TEMPLATES)
    abandoned = "US special forces had reportedly abandoned al-Tanf"
    assert md.count(abandoned) == 1
    assert not re.search(r"\b00[0-4]_[0-9a-f]{16}\.txt\b", md.split("\n## Sources\n")[0])


def test_disputed_points_are_one_table_with_the_balance(mini: Path) -> None:
    b = view(mini)
    (dispute,) = b.themes[0].disputes
    assert dispute.point == "Whether the north pier is open"
    assert [(s.number, s.claim, s.source, s.grade, s.date) for s in dispute.sides] == [
        (
            "1.2",
            "The authority: closed until further notice",
            "Harbour Gazette, 3 Mar 2021",
            "B2",
            "1 March 2021",
        ),
        ("1.1", "The blog: open to ferries all week", "Unsigned opinion blog, Mar 2021 (inferred)", "D4", ""),
    ]
    md = render(b, "md", PACKAGE_TEMPLATES)
    assert "| Point at issue | Claim | Source, grade, date | Assessment |" in md
    assert "CONTESTED" not in md and "contested" not in render(b, "html", PACKAGE_TEMPLATES)


def test_an_inferred_date_says_so_in_the_fact_header(mini: Path) -> None:
    md = render(view(mini), "md", PACKAGE_TEMPLATES)
    assert '- <a id="fact-pier-open-claim"></a>**1.1** · March 2021 (inferred) · **D4**' in md
    assert '- <a id="fact-pier-closed"></a>**1.2** · 1 March 2021 · **B2**' in md
