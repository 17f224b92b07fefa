"""The views of a build are computed once for all its documents, not once per document or page.

Not timed: the calls are counted, so a return to per-document recomputation (which made a
5,000-fact build quadratic) fails here whatever the machine.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from briefgen.output import build as build_module
from briefgen.output import document, views
from briefgen.output.build import build
from briefgen.output.source_viewer import Citing, Highlight, _Writer, seed_markup
from briefgen.project.seeds import Seed, Span


def count_calls(monkeypatch: pytest.MonkeyPatch, calls: Counter[str], name: str) -> None:
    original: Callable[..., object] = getattr(views, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(views, name, counted)


def test_a_build_computes_what_its_documents_share_once(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: Counter[str] = Counter()
    for name in ("theme_facts", "fact_numbers", "seed_highlights", "_pictures"):
        count_calls(monkeypatch, calls, name)
    located: Counter[tuple[str, str]] = Counter()
    locate = Seed.locate

    def counted_locate(
        seed: Seed, passage: str, prefix: str | None = None, suffix: str | None = None
    ) -> list[Span]:
        located[(seed.name, passage)] += 1
        return locate(seed, passage, prefix, suffix)

    monkeypatch.setattr(Seed, "locate", counted_locate)
    result = build(mini, formats=["md", "html"])
    names = sorted(p.relative_to(mini / "out").as_posix() for p in result.written)
    assert [n for n in names if n.endswith(".html")] == [
        "briefing.html",
        "index.html",
        "sources/blog.html",
        "sources/gazette.html",
        "themes/labour.html",
        "themes/pier.html",
    ]
    # Three briefings and two source pages; each shared part made once, each theme's pictures
    # and the overview drawn once though two documents show them.
    assert calls == {"theme_facts": 1, "fact_numbers": 1, "seed_highlights": 1, "_pictures": 3}
    assert located and set(located.values()) == {1}, located


class Quadratic(_Writer):
    """The source viewer's writer as it was: every highlight looked at for every line and
    segment. The reference the one-sweep writer must agree with, byte for byte."""

    def _line(self, number: int, start: int, end: int, bounds: list[int]) -> None:
        self.out.append(f'<div class="line" id="L{number}"><span class="ln">{number}</span><span class="tx">')
        spans = [h.span for h in self.highlights]
        cuts = sorted({start, end} | {b for s in spans for b in (s.start, s.end) if start < b < end})
        for a, b in pairwise(cuts):
            want = [i for i, s in enumerate(spans) if s.start <= a and b <= s.end]
            keep = 0
            while keep < min(len(want), len(self.stack)) and want[keep] == self.stack[keep]:
                keep += 1
            self._close_to(keep, a)
            for i in want[keep:]:
                self._open(i)
            self.out.append(str(escape(self.seed.text[a:b])))
        self._close_to(0, end)
        self.out.append("</span></div>\n")


PAGE = st.text(alphabet="ab \n\r&<", min_size=1, max_size=60)


@given(PAGE, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12))
def test_the_one_sweep_source_page_is_the_quadratic_one(text: str, pairs: list[tuple[int, int]]) -> None:
    seed = Seed("s.txt", text.encode(), text)
    spans = {(min(a, b) % len(text), max(a, b) % (len(text) + 1)) for a, b in pairs}
    found = sorted(
        (
            Highlight(
                Span(a, b, *seed.position(a), seed.position(max(a, b - 1))[0]), [Citing("1.1", "f", "s")]
            )
            for a, b in spans
            if a < b
        ),
        key=lambda h: (h.span.start, -h.span.end),
    )
    assert seed_markup(seed, found, "../briefing.html") == Quadratic(seed, found, "../briefing.html").lines()


def test_a_helper_process_renders_the_theme_briefings_to_the_same_bytes(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = build(mini, tmp_path / "alone", formats=["md", "html", "json"])
    helpers = tmp_path / "helpers"
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(build_module, "cores", lambda: 2)
    files = build_module._Job.files

    def noted(job: build_module._Job, stem: str, *rest: Any) -> dict[str, bytes]:
        with helpers.open("a") as note:
            note.write(f"{os.getpid()} {stem}\n")
        return files(job, stem, *rest)

    monkeypatch.setattr(build_module._Job, "files", noted)
    helped = build(mini, tmp_path / "helped", formats=["md", "html", "json"])
    who = dict(reversed(line.split()) for line in helpers.read_text().splitlines())
    assert who["briefing"] == str(os.getpid())
    assert who["themes/labour"] == who["themes/pier"] != str(os.getpid())
    assert snapshot_bytes(tmp_path / "helped") == snapshot_bytes(tmp_path / "alone")
    assert [p.name for p in helped.written] == [p.name for p in alone.written]


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_each_document_lists_the_facts_it_prints_once(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fact number a document links asks whether the fact is printed there: the answer is
    one set per document (rebuilt per link, it made a 5,000-fact build take 23 s, not 3 s)."""
    made: Counter[int] = Counter()
    descriptor = document.Briefing.__dict__["present"]
    cached = isinstance(descriptor, functools.cached_property)
    func = descriptor.func if cached else descriptor.fget

    def counted(self: document.Briefing) -> set[str]:
        made[id(self)] += 1
        result: set[str] = func(self)
        return result

    wrapped: Any = functools.cached_property(counted) if cached else property(counted)
    if cached:
        wrapped.__set_name__(document.Briefing, "present")
    monkeypatch.setattr(document.Briefing, "present", wrapped)
    build(mini, formats=["md", "html"])
    assert made, "no document asked which facts it prints: the test no longer watches the links"
    assert set(made.values()) == {1}, made
