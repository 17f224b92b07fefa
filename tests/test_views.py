"""The views of a build are computed once for all its documents, not once per document or page.

Not timed: the calls are counted, so a return to per-document recomputation (which made a
5,000-fact build quadratic) fails here whatever the machine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.output import views
from briefgen.output.build import build
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
        "sources/blog.html",
        "sources/gazette.html",
        "themes/labour.html",
        "themes/pier.html",
    ]
    # Three briefings and two source pages; each shared part made once, each theme's pictures
    # and the overview drawn once though two documents show them.
    assert calls == {"theme_facts": 1, "fact_numbers": 1, "seed_highlights": 1, "_pictures": 3}
    assert located and set(located.values()) == {1}, located
