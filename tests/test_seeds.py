"""The normalizer, passage location and the pinned seeds."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.project.normalize import normalize, normalize_with_map
from briefgen.project.seeds import Seed

from .conftest import REPO

PINNED = {
    "000_78f1547c448949c9.txt": "676fad4680bced72ecd795fb6f25ee92498828387d8ca8552486b004eb49002a",
    "001_67db313d6218ba04.txt": "eb079cddcae160863e10a17dd35e1938ab9ea9f3fe09afd1279a893d7b121094",
    "002_c2f35dc8823ef30c.txt": "991f04d7b156e829ae3e839180239954fc072bd85c753038d5c192757da648a4",
    "003_46dbf9899f324638.txt": "d50d1816c835e9da5624857b6246aa518966704c5e9355a967e29e0c813121ae",
    "004_516cd945fb579dc6.txt": "089e367192c2a111488197b82049855feb601f7fb27ba09223ed635b7b6ff48d",
}


def seed(text: str) -> Seed:
    return Seed("s.txt", text.encode(), text)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_each_seed_is_pinned_by_sha256(name: str) -> None:
    assert hashlib.sha256((REPO / "seeds" / name).read_bytes()).hexdigest() == PINNED[name]


def test_seeds_folder_holds_exactly_the_pinned_seeds() -> None:
    assert sorted(p.name for p in (REPO / "seeds").iterdir()) == sorted(PINNED)


def test_seeds_are_byte_identical_to_the_shared_copies() -> None:
    shared = REPO.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no ../shared/seeds beside this clone")
    for name in PINNED:
        assert (shared / name).read_bytes() == (REPO / "seeds" / name).read_bytes()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("“quoted” and ‘single’", "\"quoted\" and 'single'"),
        ("it’s", "it's"),
        ("a – b — c ‐ d", "a - b - c - d"),
        ("no\u00a0break\u202fspace", "no break space"),
        ("line\nbreak\r\n  and\ttab", "line break and tab"),
        ("  trimmed  ", "trimmed"),
        ("wait…", "wait..."),
        ("ﬁnal", "final"),
        ("Case Stays", "Case Stays"),
        ("e\u0301", "é"),
        ("ＡＢＣ ｶﾞ", "ABC ガ"),
        ("thin\u2009and\u3000wide", "thin and wide"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_leaves_other_punctuation_alone() -> None:
    assert normalize("a, b; c!") != normalize("a b c")
    assert normalize("'") != normalize('"')


ATTACHING = ["ｶ", "ﾞ", "ﾟ", "ㄱ", "ㅏ", "\u0f73", "\u0b47", "\u0b3e"]
"""Characters the fold joins to the one before though none is a combining mark (ﾞ, ㅏ, \u0b3e),
or that become one (ﾞ is U+3099 once folded), and some they join to."""

TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *"ab Z.,'\"-\n\t",
            "\u00a0",
            "“",
            "”",
            "‘",
            "’",
            "–",
            "—",
            "…",
            "ﬁ",
            "\u0301",
            "é",
            "\u2028",
            *ATTACHING,
        ]
    ),
    max_size=40,
)


@given(TEXT)
def test_mapped_normalization_equals_the_fast_one(text: str) -> None:
    assert normalize_with_map(text)[0] == normalize(text)


@given(TEXT)
def test_map_points_into_the_original_in_order(text: str) -> None:
    normalized, origin = normalize_with_map(text)
    assert len(origin) == len(normalized) + 1
    assert origin == sorted(origin)
    assert all(0 <= o <= len(text) for o in origin)


@given(TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


def test_locate_gives_line_and_column_in_the_original() -> None:
    s = seed("Title\n\nHe said “go\u00a0now” — twice.\n")
    [span] = s.locate('said "go now" - twice')
    assert (span.line, span.column) == (3, 4)
    assert s.text[span.start : span.end] == "said “go\u00a0now” — twice"


def test_locate_finds_every_occurrence_and_prefix_chooses_one() -> None:
    s = seed("the pier is shut. Later: the pier is shut.\n")
    assert len(s.locate("the pier is shut")) == 2
    [span] = s.locate("the pier is shut", prefix="Later:")
    assert span.column == 26
    [first] = s.locate("the pier is shut", suffix=". Later")
    assert first.column == 1


def test_closest_shows_where_the_passage_first_differs() -> None:
    s = seed("One.\nThe civilians in the camp (about 50,000) are stuck in the middle.\n")
    hint = s.closest("The civilians in the camp (about 60,000) are stuck")
    assert hint is not None
    assert hint.line == 2
    assert hint.differs_at == len("The civilians in the camp (about ") + 1
    assert "60,000" in hint.passage_has and "50,000" in hint.seed_has


def test_closest_finds_a_passage_whose_first_word_is_wrong() -> None:
    s = seed("Alpha beta.\nGamma delta epsilon zeta eta theta.\n")
    hint = s.closest("Gamna delta epsilon zeta eta theta")
    assert hint is not None and hint.line == 2


def test_real_seed_spans_round_trip(tmp_path: Path) -> None:
    name = "003_46dbf9899f324638.txt"
    data = (REPO / "seeds" / name).read_bytes()
    s = Seed(name, data, data.decode())
    [span] = s.locate("Washington was winding up discussions with Moscow")
    assert span.line == 9 and span.column == 1


def test_closest_window_starts_where_the_passage_does() -> None:
    s = seed("Intro line.\nThe regime is supplying buses to move the refugees in the camp.\n")
    hint = s.closest("Thr regime is supplying busses to move the refugees")
    assert hint is not None
    assert hint.text.startswith("The regime")
    assert (hint.differs_at, hint.passage_has[:3], hint.seed_has[:3]) == (3, "Thr", "The")


LINES = st.lists(
    st.sampled_from(
        [
            *"ab Z.,'\"-\n\n\r\t",
            "\r\n",
            "\u00a0",
            "“",
            "’",
            "–",
            "…",
            "ﬁ",
            "\u0301",
            "é",
            "\u2028",
            "¨",
            "\u3000",
            *ATTACHING,
        ]
    ),
    max_size=60,
).map("".join)


@given(LINES)
def test_line_by_line_mapping_equals_the_whole_text_map(text: str) -> None:
    """Lines and spans found one line at a time are those of the whole-text map."""
    s = seed(text)
    _, origin = normalize_with_map(text)
    for at in range(len(s.normalized)):
        assert s.line_of(at) == s.position(origin[at])[0], (text, at)
        if s.normalized[at] != " ":
            assert s._origin(at) == origin[at], (text, at)


def test_find_agrees_with_locate() -> None:
    s = seed("the pier is shut.\nLater: the pier\nis shut.\n")
    assert [s.line_of(at) for at in s.find("the pier is shut")] == [
        sp.line for sp in s.locate("the pier is shut")
    ]
    assert [sp.line for sp in s.locate("the pier is shut")] == [1, 2]


ODD_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
MEANINGFUL = "³²₂½⅓′″‴①㎏™ℓ𝐀０ﬁſ\u1e9b\u0307…"
"""Compatibility characters of every kind: some folded (letters and digits), most not."""
WHITESPACE_AND_MORE = st.text(
    alphabet=st.sampled_from([*"ab.\n\r\t s", *ODD_SPACES, *"“’‛—―⁃é", "\u0301", *MEANINGFUL]),
    max_size=30,
)


def defined(text: str) -> str:
    """The normalization as the README defines it, one character at a time."""
    import unicodedata

    from briefgen.project.normalize import _TABLE, SPACES

    tags = {"<compat>", "<wide>", "<narrow>", "<font>", "<initial>", "<medial>", "<final>", "<isolated>"}

    def form(char: str) -> str:
        tag = unicodedata.decomposition(char).split(" ")[0]
        letter = unicodedata.category(char).startswith("L") or char.isdecimal()
        return unicodedata.normalize("NFKC", char) if tag in tags and letter else char

    folded = "".join(map(form, unicodedata.normalize("NFD", text)))
    folded = unicodedata.normalize("NFC", folded).translate(_TABLE)
    return re.sub(f"[{re.escape(SPACES)}]+", " ", folded).strip(" ")


@given(WHITESPACE_AND_MORE)
def test_normalize_equals_its_definition(text: str) -> None:
    """The fast form is the definition: canonical and letter forms, quotes, dashes, spaces."""
    assert normalize(text) == defined(text)
    assert seed(text).normalized == defined(text) if text.strip() else True
    assert normalize_with_map(text)[0] == defined(text)


@pytest.mark.parametrize(
    ("seed_has", "passage"),
    [
        ("40³", "403"),
        ("x²", "x2"),
        ("H₂O", "H2O"),
        ("½", "1⁄2"),
        ("5′", "5'"),
        ("5″", '5"'),
        ("①", "1"),
        ("3 ㎏", "3 kg"),
        ("a\x1fb", "a b"),
        ("a\u1680b", "a b"),
        ("a\u2028b", "a b"),
        ("Brand™", "BrandTM"),
    ],
)
def test_meaningful_characters_are_not_folded(seed_has: str, passage: str) -> None:
    """Superscripts, fractions, primes, separators and the like change what a passage says."""
    assert normalize(seed_has) != normalize(passage)
    assert seed(f"It was {seed_has} today.").find(passage) == []


@given(
    st.text(alphabet=st.sampled_from([*"ab1_ ,.-'\n", "é", "\u0301", "’"]), max_size=30), st.integers(1, 9)
)
def test_has_words_agrees_with_word_count(passage: str, count: int) -> None:
    from briefgen.project.words import has_words, word_count

    assert has_words(passage, count) == (word_count(passage) >= count)


def test_spaces_are_whitespace_and_unprintable() -> None:
    """What normalize's quick test rests on: a printable text has no space to collapse but " "."""
    from briefgen.project.normalize import SPACES

    assert all(c.isspace() for c in SPACES)
    assert all(not c.isprintable() for c in SPACES[1:])
    assert not any(c in SPACES for c in "\x1f\x85\u1680\u2028\u2029\x0b\x0c")


LONG = st.lists(
    st.sampled_from(
        ["word", "Wörd", " ", "  ", "\n", "\n\n", "\r\n", " \n ", *ODD_SPACES, "“", "—", "\u0301"]
    ),
    min_size=1,
    max_size=400,
).map("".join)


@given(LONG)
def test_long_seeds_normalize_as_defined(text: str) -> None:
    long = text * (2000 // len(text) + 1)
    assert seed(long).normalized == normalize(long) == defined(long)


@given(LINES)
def test_line_starts_are_where_each_line_break_ends(text: str) -> None:
    import re

    assert seed(text).line_starts == [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


@given(LINES)
def test_line_table_of_lines_as_they_are_equals_the_table_of_collapsed_lines(text: str) -> None:
    """The table is made from the lines as they are when they join into the normalized text,
    else from each line collapsed; both give the same table where both join."""
    from briefgen.project.normalize import collapse as _collapse
    from briefgen.project.seed_index import LineTable as _LineTable

    s = seed(text)
    table = s._line_table
    if table is None:
        return
    collapsed = _LineTable.joined(s, [_collapse(line) for line in re.split(r"\r\n|\r|\n", s._folded)])
    assert collapsed is not None
    assert (table.starts, table.lines, table.pieces) == (collapsed.starts, collapsed.lines, collapsed.pieces)


@given(LINES, st.text(alphabet=st.sampled_from([*"ab Z.'\n", "’", "–", "\u00a0"]), max_size=6))
def test_once_is_a_single_find(text: str, passage: str) -> None:
    s = seed(text)
    assert s.once(passage) == (len(s.find(passage)) == 1)


def test_once_counts_overlapping_occurrences() -> None:
    assert seed("aa aa aa").once("aa aa") is False and seed("aa aa b").once("aa aa") is True
    assert seed("text").once("") is False and seed("text").once(" \n") is False


@pytest.mark.parametrize(
    ("text", "passage", "found", "cut"),
    [
        (
            "the currently 2000 troops",
            "the currently 200",
            [],
            'ends in the middle of a word: s.txt has "…2000…" at line 1',
        ),
        (
            "is insignificant, or",
            "significant, or",
            [],
            'starts in the middle of a word: s.txt has "…insignificant…" at line 1',
        ),
        ("café, or", "caf", [], 'ends in the middle of a word: s.txt has "…café…" at line 1'),
        (
            "e\u0301t\u0301e\u0301",
            "e\u0301t",
            [],
            'ends in the middle of a word: s.txt has "…ét\u0301é…" at line 1',
        ),
        ("the 2000 and the 200 troops", "the 200", [13], None),
        ("(2000) troops", "2000) troops", [1], None),
        ("a well-known fact", "known fact", [7], None),
        ("it’s, said", "’s, said", [], 'starts in the middle of a word: s.txt has "…it\'s…" at line 1'),
        # Punctuation inside a word (Unicode's word boundaries): a number's group separator or
        # decimal point, an apostrophe or point between letters; a cut there cuts the word.
        (
            "about 90,000 leaflets",
            "000 leaflets",
            [],
            'starts in the middle of a word: s.txt has "…90,000…" at line 1',
        ),
        (
            "about 90,000 leaflets",
            ",000 leaflets",
            [],
            'starts in the middle of a word: s.txt has "…90,000…" at line 1',
        ),
        (
            "about 90,000 leaflets",
            "about 90",
            [],
            'ends in the middle of a word: s.txt has "…90,000…" at line 1',
        ),
        ("rose 1.5 points", "5 points", [], 'starts in the middle of a word: s.txt has "…1.5…" at line 1'),
        (
            "the U.S. military",
            "S. military",
            [],
            'starts in the middle of a word: s.txt has "…U.S…" at line 1',
        ),
        ("Russia's army", "Russia", [], 'ends in the middle of a word: s.txt has "…Russia\'s…" at line 1'),
        (
            "Россия сказала",
            "оссия сказала",
            [],
            'starts in the middle of a word: s.txt has "…Россия…" at line 1',
        ),
        ("in 2017. Then, 2,000 left", "in 2017.", [0], None),
        ("1, 2, 3 went", "2, 3 went", [3], None),
    ],
)
def test_a_passage_begins_and_ends_on_word_boundaries(
    text: str, passage: str, found: list[int], cut: str | None
) -> None:
    s = seed(text)
    assert (s.find(passage), s.occurrences(passage), s.once(passage)) == (found, found, len(found) == 1)
    assert s.cut_word(passage) == cut


def test_characters_that_compose_with_the_one_before_are_known() -> None:
    """Every character that is not a combining mark but is the second of a canonical composition
    (besides the Hangul jamo, composed by rule) is in the list the map splits the text by."""
    import unicodedata

    from briefgen.project.normalize import _JOINING
    from briefgen.project.normalize import attaches as _attaches

    seconds = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            first, second = (chr(int(part, 16)) for part in decomposition)
            if not unicodedata.combining(second) and unicodedata.normalize("NFC", first + second) == chr(
                code
            ):
                seconds.add(second)
    assert seconds <= _JOINING
    assert all(_attaches(char) for char in "ﾞﾟㅏ\u0f73\u0301") and not any(map(_attaches, "ｶㄱa ’"))


def test_halfwidth_sound_marks_are_mapped_to_their_line() -> None:
    """ｶﾞ is one character once folded; the map made it two, so every offset after it pointed one
    character early: a wrong line where the seed cannot be mapped line by line (here: its first
    line starts with a combining mark), a wrong column everywhere."""
    s = seed("\u0301Title\nｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞｶﾞ\nThe pier is closed.\nLater: the pier is closed.\n")
    assert s._line_table is None
    assert [s.line_of(at) for at in s.find("the pier is closed")] == [4]
    hint = s.closest("the pier is clsed")
    assert hint is not None and hint.line == 4
    [span] = seed("x\nｶﾞ target\n").locate("target")
    assert (span.line, span.column) == (2, 4)
    [span] = seed("x\nan ｶﾞ\n").locate("an ガ")
    assert span.end == len("x\nan ｶﾞ")
