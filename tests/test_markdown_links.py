"""The Markdown reads right in any renderer: two notes side by side stay apart ("25, 26", not
"2526"), each fact's number is an anchor, and every number a judgment rests on, or a fact is
contradicted or corroborated by, links to that fact."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin


def test_adjacent_note_references_are_separated(shipped: Path) -> None:
    text = (shipped / "briefing.md").read_text(encoding="utf-8")
    assert "][^" not in text
    assert re.search(r"\[\^\d+\], \[\^\d+\]", text)  # a fact with two notes
    rendered = MarkdownIt("commonmark").use(footnote_plugin).render(text)
    assert re.search(r"</sup>, <sup", rendered)


def test_fact_numbers_are_anchors_and_references_link_to_them(shipped: Path) -> None:
    for name in ("briefing.md", "themes/al-tanf.md", "themes/rukban.md"):
        text = (shipped / name).read_text(encoding="utf-8")
        anchors = set(re.findall(r'^- <a id="(fact-[a-z0-9-]+)"></a>\*\*\d+\.\d+\*\*', text, flags=re.M))
        assert anchors, name
        rests = re.findall(r"[Rr]ests on (\[.*?)\.\*$", text, flags=re.M)
        assert rests, name
        for line in rests:
            for number in line.split(", "):
                link = re.fullmatch(r"\[\d+\.\d+\]\(((?:\.\./briefing\.md)?#(fact-[a-z0-9-]+))\)", number)
                assert link, (name, number)
                assert link.group(1).startswith("../briefing.md") or link.group(2) in anchors
        for kind in ("Contradicted by", "Corroborated by"):
            for number in re.findall(rf"{kind} (\S+) \(", text):
                assert re.fullmatch(r"\[\d+\.\d+\]\((\.\./briefing\.md)?#fact-[a-z0-9-]+\)", number), number
