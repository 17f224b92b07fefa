"""A non-strict build never publishes a draft silently: each is marked, and the cover counts them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from .conftest import Result, edit

Cli = Callable[..., Result]


def test_drafts_and_voided_reviews_are_marked_in_every_format(cli: Cli, mini: Path) -> None:
    edit(mini / "facts" / "pier.yaml", "north pier will close *until", "north pier will shut *until")
    edit(mini / "facts" / "labour.yaml", "      status: reviewed\n", "      status: draft\n")
    result = cli("build", "--root", mini, "-q")
    assert result.code == 0, result.err
    out = mini / "out"
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert "3 facts (2 drafts, not reviewed, each marked DRAFT) resting on" in markdown
    assert "· **DRAFT: not reviewed (changed since its review)** — The harbour authority said" in markdown
    assert markdown.count("**DRAFT: not reviewed**") == 1  # union-disputes, printed once though in two themes
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert html.count('<strong class="draft">DRAFT: not reviewed') == 2
    assert "· 3 facts (2 drafts, not reviewed) ·" in html
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "briefing.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("DRAFT: not reviewed") == 2
    assert "1 hand-reviewed fact and 2 drafts not yet reviewed, each marked DRAFT" in " ".join(text.split())
    assert "from hand-reviewed facts" not in " ".join(text.split())
    theme = (out / "themes" / "labour.md").read_text(encoding="utf-8")
    assert "(1 draft, not reviewed, each marked DRAFT)" in theme


def test_a_reviewed_briefing_claims_hand_reviewed_facts_and_marks_nothing(mini_built: Path) -> None:
    markdown = (mini_built / "briefing.md").read_text(encoding="utf-8")
    assert "DRAFT" not in markdown and "draft" not in markdown
    html = (mini_built / "briefing.html").read_text(encoding="utf-8")
    assert 'class="draft"' not in html
    text = subprocess.run(
        ["pdftotext", str(mini_built / "briefing.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "from hand-reviewed facts" in " ".join(text.split())
