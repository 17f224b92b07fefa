"""The source viewer: highlights nest or split correctly, keep the text intact, and link both ways."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.output.source_viewer import Citing, Highlight, page_href, seed_markup
from briefgen.output.views import BuildViews
from briefgen.project.load import load_corpus
from briefgen.project.seeds import Seed, Span

from .conftest import FIXTURES, REPO

TEXT = "Alpha beta gamma delta.\nEpsilon & <zeta> eta.\n"
VOID = {"meta", "br", "link", "img", "hr", "input"}


class Tree(HTMLParser):
    """Checks that tags nest, and collects marks, ids and the visible seed text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.marks: list[tuple[str | None, str | None, str]] = []
        self.text: list[str] = []
        self.in_mark: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag in VOID:
            return
        self.stack.append((tag, values))
        if tag == "mark":
            self.in_mark.append([])

    def handle_endtag(self, tag: str) -> None:
        opened, values = self.stack.pop()
        assert opened == tag, f"</{tag}> closes <{opened}>"
        if tag == "mark":
            self.marks.append((values.get("id"), values.get("class"), "".join(self.in_mark.pop())))

    def handle_data(self, data: str) -> None:
        classes = [str(v.get("class")) for _, v in self.stack]
        if "cited-by" in classes or "ln" in classes:
            return
        self.text.append(data)
        for open_mark in self.in_mark:
            open_mark.append(data)


def render(spans: list[tuple[int, int]]) -> Tree:
    seed = Seed("s.txt", TEXT.encode(), TEXT)
    found = [
        Highlight(Span(a, b, *seed.position(a), seed.position(b - 1)[0]), [Citing(f"1.{i}", f"f{i}", "s")])
        for i, (a, b) in enumerate(spans)
    ]
    found.sort(key=lambda h: (h.span.start, -h.span.end))
    tree = Tree()
    tree.feed(str(seed_markup(seed, found, "../briefing.html")))
    assert tree.stack == []
    return tree


def test_text_is_kept_exactly_and_escaped() -> None:
    tree = render([(24, 45)])
    assert "".join(tree.text).replace("\n", "") == TEXT.replace("\n", "")
    assert tree.marks == [("q-24-45", "d1", "Epsilon & <zeta> eta.")]


def test_a_passage_inside_another_nests() -> None:
    tree = render([(0, 23), (6, 16)])
    assert tree.marks == [("q-6-16", "d2", "beta gamma"), ("q-0-23", "d1", "Alpha beta gamma delta.")]


def test_crossing_passages_split_so_tags_still_nest() -> None:
    tree = render([(0, 16), (6, 23)])
    assert tree.marks == [
        ("q-6-23", "d2", "beta gamma"),
        ("q-0-16", "d1", "Alpha beta gamma"),
        (None, "d1 cont", " delta."),
    ]
    assert sorted(tree.ids) == ["L1", "L2", "q-0-16", "q-6-23"]


def test_a_passage_over_two_lines_is_marked_on_each() -> None:
    tree = render([(17, 31)])
    assert tree.marks == [("q-17-31", "d1", "delta."), (None, "d1 cont", "Epsilon")]


def test_every_cited_passage_of_the_corpus_is_anchored_once(shipped: Path) -> None:
    corpus = load_corpus(REPO).corpus
    views = BuildViews(corpus)
    for seed in corpus.sources:
        tree = Tree()
        tree.feed((shipped / page_href(seed)).read_text(encoding="utf-8"))
        expected = {h.anchor for h in views.highlights.get(seed, [])}
        anchors = [i for i in tree.ids if i.startswith("q-")]
        assert sorted(anchors) == sorted(expected), seed
        page = (shipped / page_href(seed)).read_text(encoding="utf-8")
        assert page.count('<span class="cited-by">') == len(expected), seed


@pytest.mark.parametrize("seed", ["gazette.txt", "blog.txt"])
def test_each_highlight_lists_the_facts_citing_it(seed: str) -> None:
    corpus = load_corpus(FIXTURES / "mini").corpus
    found = BuildViews(corpus).highlights[seed]
    cited = {c.fact_id for h in found for c in h.facts}
    assert cited == {e.fact.id for e in corpus.facts if any(c.seed == seed for c in e.fact.citations)}
