"""The gazetteer: its schema, its check, and which statements name which place."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.check.rules import check
from briefgen.project.gazetteer import Gazetteer, gazetteer
from briefgen.project.load import load_corpus
from briefgen.project.models import Place

from .conftest import REPO, edit

GAZETTEER = "facts/gazetteer.yaml"


def problems(root: Path) -> list[str]:
    return [str(p).removeprefix(f"{root}/") for p in check(load_corpus(root)).sorted()]


def place(id_: str, *spellings: str, not_in: tuple[str, ...] = ()) -> Place:
    return Place(
        id=id_,
        name=id_,
        kind="city",
        spellings=list(spellings),
        not_in=list(not_in),
        lat=33.5,
        lon=36.3,
        uncertainty_km=5,
        coordinates_from="approximate, for a test",
    )


INDEX = Gazetteer(
    [
        place("damascus", "Damascus", not_in=("Damascus would",)),
        place("south-damascus", "south Damascus", "Yarmouk camp"),
        place("al-tanf", "al-Tanf", "Tanf"),
    ]
)


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("Forces massed near Damascus.", ["damascus"]),
        ("Fighting in south Damascus and Yarmouk camp.", ["south-damascus"]),  # the longest wins
        ("Damascus-controlled towns and the Damascus-Baghdad highway.", []),  # a hyphen joins words
        ("Damascus would have to send forces.", []),  # not_in: the city stands for the government
        ("Troops in AL-TANF and at Tanf again.", ["al-tanf"]),  # any case; once per place
        ("Tanfield and Damascene are other words.", []),  # whole words only
        ("Damascus's southern countryside.", ["damascus"]),
    ],
)
def test_statements_name_places(statement: str, named: list[str]) -> None:
    assert [p.id for p in INDEX.named_in(statement)] == named


def test_the_shipped_gazetteer_covers_the_places_the_facts_name() -> None:
    corpus = load_corpus(REPO).corpus
    index = gazetteer(corpus)
    named = {p.id for e in corpus.facts for p in index.named_in(e.fact.statement)}
    assert named == {p.id for p in index.places}
    by_fact = {e.fact.id: [p.id for p in index.named_in(e.fact.statement)] for e in corpus.facts}
    assert by_fact["iran-004-launchpad-abu-kamal"] == ["al-tanf", "abu-kamal"]
    assert by_fact["iran-001-abu-kamal-threat"] == ["abu-kamal"]  # 'Damascus would ...' is not a place
    assert by_fact["isis-001-east-bank-not-now"] == []  # 'Damascus-controlled towns'
    for entry in corpus.places:
        assert "not surveyed" in entry.place.coordinates_from or "region" in entry.place.coordinates_from


def test_a_misspelt_field_is_located(mini: Path) -> None:
    edit(mini / GAZETTEER, "    uncertainty_km: 1\n", "    uncertainty_km: 1\n    elevation: 3\n")
    assert problems(mini) == [
        "facts/gazetteer.yaml:12:5: error: unknown field 'elevation' (expected one of: "
        "id, name, kind, spellings, not_in, lat, lon, uncertainty_km, coordinates_from, note, label)"
    ]


def test_a_place_anywhere_and_an_unused_place(mini: Path) -> None:
    edit(
        mini / GAZETTEER, "    lat: 34.89\n    lon: 35.89\n", "    lat: -33.87\n    lon: 151.21\n"
    )  # Sydney: the map goes there
    (mini / GAZETTEER).write_text(
        (mini / GAZETTEER).read_text(encoding="utf-8")
        + "  - id: south-pier\n    name: south pier\n    kind: district\n    spellings: [south pier, north pier]\n"
        "    not_in: [a jetty]\n    lat: 34.8\n    lon: 35.9\n    uncertainty_km: 1\n"
        "    coordinates_from: fictional, for the test\n",
        encoding="utf-8",
    )
    assert problems(mini) == [
        "facts/gazetteer.yaml:17:16: warning: no fact statement names 'south-pier' (spellings: south pier, north pier)",
        "facts/gazetteer.yaml:17:29: error: spelling 'north pier' is also a spelling of 'north-pier'",
        "facts/gazetteer.yaml:18:14: error: not_in phrase 'a jetty' holds none of the spellings of 'south-pier'",
    ]


def test_without_a_gazetteer_there_is_no_map(mini: Path) -> None:
    (mini / GAZETTEER).unlink()
    assert problems(mini) == []
    assert gazetteer(load_corpus(mini).corpus).places == []


def test_only_four_characters_beyond_ascii_match_an_ascii_character_in_any_case() -> None:
    """What the spelling prefilter rests on (Python's case-blind matching, not str.lower)."""
    import re
    import sys

    from briefgen.project.gazetteer import _LIKE_ASCII

    ascii_class = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    beyond = {chr(c) for c in range(128, sys.maxunicode + 1) if ascii_class.fullmatch(chr(c))}
    assert beyond == set(_LIKE_ASCII)
    for char, letter in _LIKE_ASCII.items():
        assert re.fullmatch(letter, char, re.IGNORECASE) and re.fullmatch(letter.upper(), char, re.IGNORECASE)


def every_spelling_mentions(index: Gazetteer, text: str) -> list[tuple[str, int, int]]:
    """The mentions as found without the prefilter: every pattern run on every text."""

    from briefgen.project.gazetteer import _pattern

    found = []
    for place in index.places:
        blocked = [(m.start(), m.end()) for x in place.not_in for m in _pattern(x).finditer(text)]
        for spelling in place.spellings:
            for m in _pattern(spelling).finditer(text):
                if not any(a <= m.start() and m.end() <= b for a, b in blocked):
                    found.append((place.id, m.start(), m.end()))
    kept: list[tuple[str, int, int]] = []
    for mention in sorted(found, key=lambda m: (m[1] - m[2], m[1])):
        if all(mention[2] <= k[1] or mention[1] >= k[2] for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m[1])


ODD = Gazetteer(
    [
        place("damascus", "Damascus", not_in=("Damascus would",)),
        place("south-damascus", "south Damascus", "Yarmouk  camp"),
        place("idlib", "Idlib"),
        place("saraqib", "Sarāqib", "İdlibi"),
        place("kiswa", "Kiswah"),
        place("strasse", "Straße"),
        place("al-tanf", "al-Tanf", "Tanf"),
        place("deir", "Deir ez-Zor", "Dayr az Zawr"),
    ]
)

PIECES = [
    "Damascus", "DAMASCUS", "damaſcus", "south", "South\u00a0", "\t", "\n", " ", "  ", "-", "Damascus would",
    "İDLİB", "idlib", "ıdlıb", "İdlib", "SARĀQIB", "sarāqib", "İdlibi", "Kiswah", "\u212aiswah", "Straße", "STRASSE", "strasse", "al-Tanf",
    "AL-TANF", "Tanf", "Deir ez-Zor", "dayr  AZ\nzawr", "Yarmouk", "camp", "’s", "“", ".", "x", "é", "\u0301",
]  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_prefiltered_mentions_equal_every_pattern_run(statement: str) -> None:
    assert [(m.place.id, m.start, m.end) for m in ODD.mentions(statement)] == every_spelling_mentions(
        ODD, statement
    )


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("Raids on İdlib and IDLIB.", ["idlib"]),
        ("Raids on İdlibi and Sarāqib.", ["saraqib"]),
        ("Raids on ıdlıb.", ["idlib"]),  # dotless i matches i in any case
        ("Near damaſcus.", ["damascus"]),  # long s matches s
        ("At \u212aiswah.", ["kiswa"]),  # the Kelvin sign matches k
        ("South\u00a0Damascus and Yarmouk\t\ncamp.", ["south-damascus"]),
        ("Dayr  az\nZawr and DEIR EZ-ZOR.", ["deir"]),
        ("STRASSE is not Straße.", ["strasse"]),
    ],
)
def test_prefilter_keeps_case_blind_matches(statement: str, named: list[str]) -> None:
    assert [p.id for p in ODD.named_in(statement)] == named
    assert [m[0] for m in every_spelling_mentions(ODD, statement)][:1] == named[:1]


def test_shipped_statements_name_the_same_places_as_every_pattern_run() -> None:
    corpus = load_corpus(REPO).corpus
    index = gazetteer(corpus)
    for entry in corpus.facts:
        statement = entry.fact.statement
        found = [(m.place.id, m.start, m.end) for m in index.mentions(statement)]
        assert found == every_spelling_mentions(index, statement), statement


WORD_PIECES = ["Tanf", "tanf", "al", "Al-", "Kiswah", "s", "ss", "K", "9", "O'", "x_", "a.b"]
TEXT_PIECES = [
    *WORD_PIECES, " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\x1c", "-", "_", "İ", "ı", "ſ", "\u212a", "é",
    "\u0301", "٣", "ß", "ﬀ", ".", "(", "’",
]  # fmt: skip


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(WORD_PIECES), min_size=1, max_size=3).map(" ".join),
    st.lists(st.sampled_from(TEXT_PIECES), max_size=16).map("".join),
)
def test_ascii_phrases_are_found_where_their_pattern_matches(phrase: str, text: str) -> None:
    """The substring search for an ASCII phrase finds exactly what its case-blind pattern does."""
    from briefgen.project.gazetteer import _key, _pattern, _spans

    assert _spans(phrase, text, _key(text)) == [m.span() for m in _pattern(phrase).finditer(text)]


def test_no_other_character_lowers_to_ascii() -> None:
    """The key stays aligned with the text and holds an ASCII letter only where the text has a
    character that a case-blind pattern takes for it."""
    import sys

    from briefgen.project.gazetteer import _LIKE_ASCII

    lowering = {chr(c) for c in range(128, sys.maxunicode + 1) if any(x.isascii() for x in chr(c).lower())}
    assert lowering <= set(_LIKE_ASCII)
    assert [chr(c) for c in range(sys.maxunicode + 1) if len(chr(c).lower()) != 1] == ["\u0130"]


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("Tanf", "9Tanf Tanf9 ٣Tanf Tanf٣ _Tanf Tanf_ -Tanf Tanf- ²Tanf Tanf\u0301 Tanf"),
        ("s s", "s s s s s"),
        ("al Tanf", "al\u2028Tanf al\x1cTanf al  tanf al-Tanf alTanf al\u00a0TANF"),
        ("Kiswah", "\u212aiswah KİSWAH kiſwah KIſWAH Kıswah"),
        ("O' x_", "O' x_ o'\tX_ O’ x_ O'x_"),
    ],
)
def test_ascii_phrase_boundaries_are_the_patterns(phrase: str, text: str) -> None:
    from briefgen.project.gazetteer import _key, _pattern, _spans

    expected = [m.span() for m in _pattern(phrase).finditer(text)]
    assert expected  # each text has matches, and places where a boundary forbids one
    assert _spans(phrase, text, _key(text)) == expected
