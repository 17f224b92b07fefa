"""A big seed cited many times is searched through a word index instead of scanned per passage;
what is found, and every message about it, is exactly what a scan finds."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.generate import generate
from briefgen.check.rules import check
from briefgen.project import seeds
from briefgen.project.load import load_corpus
from briefgen.project.normalize import normalize
from briefgen.project.seeds import Seed

WORDS = st.sampled_from(["a", "b", "ab", "ba", "aab", "“a”", "a–b", "x", "\u2028", "a\x0bb"])
SPACES = st.sampled_from([" ", "  ", "\n", " \n\n", "\u00a0"])
TEXT = st.lists(st.tuples(WORDS, SPACES), min_size=1, max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


def indexed(text: str) -> Seed:
    """A seed whose every search goes through the word index, however small it is."""
    seed = Seed("s.txt", text.encode(), text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seeds, "INDEXED_FROM", 0)
        patch.setattr(seeds, "SEARCHES_BEFORE_INDEX", 0)
        seed._index()
    return seed


def in_word(char: str) -> bool:
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def everywhere(hay: str, needle: str) -> list[int]:
    """The definition: every offset at which ``needle`` occurs as whole words, overlapping ones too."""
    return [
        at
        for at in range(len(hay))
        if needle
        and hay.startswith(needle, at)
        and not (at > 0 and in_word(hay[at - 1]) and in_word(hay[at]))
        and not (
            at + len(needle) < len(hay)
            and in_word(hay[at + len(needle) - 1])
            and in_word(hay[at + len(needle)])
        )
    ]


@given(TEXT, st.data())
def test_the_index_finds_exactly_what_a_scan_finds(text: str, data: st.DataObject) -> None:
    seed, plain = indexed(text), Seed("s.txt", text.encode(), text)
    hay = seed.normalized
    start = data.draw(st.integers(0, len(hay)))
    passage = data.draw(
        st.sampled_from([hay[start : start + n] for n in (1, 3, 6, 12, 30)] + ["a b a", "zz"])
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seeds, "INDEXED_FROM", 0)
        patch.setattr(seeds, "SEARCHES_BEFORE_INDEX", 0)
        assert seed.find(passage) == plain.find(passage) == everywhere(hay, normalize(passage))
        assert seed.once(passage) == plain.once(passage) == (len(everywhere(hay, normalize(passage))) == 1)
        assert seed.locate(passage, "a", "b") == plain.locate(passage, "a", "b")
        assert seed.closest(passage) == plain.closest(passage)


@given(TEXT, st.sampled_from(["a", "b a", "ab", " ", "x "]), st.sampled_from(["a", "b", "a b", " "]))
def test_prefix_and_suffix_choose_as_they_did(text: str, prefix: str, suffix: str) -> None:
    """Compared in place now; the definition compares all before (after) the passage, stripped."""
    seed = Seed("s.txt", text.encode(), text)
    hay = seed.normalized
    for passage in ("a", "b", "a b"):
        needle = normalize(passage)
        found = everywhere(hay, needle)
        before, after = normalize(prefix), normalize(suffix)
        expected = [
            at
            for at in found
            if hay[:at].rstrip().endswith(before) and hay[at + len(needle) :].lstrip().startswith(after)
        ]
        assert seed.find(passage, prefix, suffix) == expected


def test_a_seed_is_indexed_only_when_big_and_searched_often() -> None:
    small = Seed("s.txt", b"", "word " * 100)
    for _ in range(20):
        small.once("word word word")
    assert "_word_index" not in small.__dict__
    text = "alpha beta gamma delta " * (seeds.INDEXED_FROM // 20)
    big = Seed("b.txt", text.encode(), text)
    for n in range(seeds.SEARCHES_BEFORE_INDEX):
        big.once(f"zeta {n} eta")
    assert "_word_index" not in big.__dict__
    assert not big.once("beta gamma delta")  # it occurs thousands of times: scanned, not looked up
    assert "_word_index" in big.__dict__
    assert big.find("gamma delta alpha", "beta", "beta")[:2] == [11, 34]


def messages(root: Path, indexed: bool) -> list[str]:
    """The check's messages, after making sure the big seed was indexed (or not)."""
    loaded = load_corpus(root)
    report = check(loaded)
    assert all(("_word_index" in seed.__dict__) == indexed for seed in loaded.corpus.seeds.values())
    return [str(p) for p in report.sorted()]


def test_a_big_seed_gets_the_same_messages_indexed_or_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = generate(tmp_path / "g", facts=120, seeds=1, themes=2, broken_share=0.1, seed_size=80_000)
    root = made.root
    seed_file = next((root / "seeds").iterdir())
    text = seed_file.read_text(encoding="utf-8")
    assert len(normalize(text)) >= seeds.INDEXED_FROM
    # Passages that occur several times (and so are warned about, with every line they are on).
    words = normalize(text).split(" ")
    runs = Counter(" ".join(words[i : i + 4]) for i in range(len(words) - 4))
    repeated = [run for run, count in runs.most_common(40) if count >= 2][-3:]
    facts_file = root / "facts" / f"{made.themes[0]}.yaml"
    lines = facts_file.read_text(encoding="utf-8").split("\n")
    broken = {line for path, line, _ in made.broken if path == f"facts/{facts_file.name}"}
    passages = [
        i for i, line in enumerate(lines) if line.lstrip().startswith("passage:") and i + 1 not in broken
    ]
    for i, run in zip(passages[1:], repeated, strict=False):
        lines[i] = lines[i][: lines[i].index("passage:")] + "passage: " + json.dumps(run, ensure_ascii=False)
    facts_file.write_text("\n".join(lines), encoding="utf-8")
    assert hashlib.sha256(seed_file.read_bytes()).hexdigest() in (root / "facts" / "sources.yaml").read_text()
    indexed = messages(root, indexed=True)
    monkeypatch.setattr(seeds, "INDEXED_FROM", 1 << 40)
    scanned = messages(root, indexed=False)
    assert indexed == scanned
    assert sum("passage not found in" in m for m in indexed) == len(made.broken)
    assert sum("passage occurs" in m and "times in" in m for m in indexed) >= 3
