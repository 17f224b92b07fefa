"""Every quoted word reaches the PDF (issue 14 item 15): a passage too long for a footnote is
quoted in full in a "Long passages" section, which breaks across pages, and its footnote points
there. Proved with poppler's ``pdftotext`` on a 1,500-word passage."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, edit

Cli = Callable[..., Result]
WORDS = [f"w{i:04d}" for i in range(1, 1501)]


def pdftotext(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def with_long_passage(root: Path, words: list[str]) -> None:
    """A seed of ``words`` (one sentence), registered, cited whole by the labour fact."""
    passage = " ".join(words)
    data = f"Report.\n\n{passage}.\n".encode()
    (root / "seeds" / "long.txt").write_bytes(data)
    with (root / "facts" / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(
            f"  - file: long.txt\n    sha256: {hashlib.sha256(data).hexdigest()}\n    title: null\n"
            "    publisher: null\n    label: A test seed\n    published: {date: null, basis: unknown, inferred: false}\n    kind: news-report\n"
            "    reliability: {grade: C, rationale: a test seed}\n"
        )
    labour = root / "facts" / "labour.yaml"
    edit(labour, "      - seed: gazette.txt\n", "      - seed: long.txt\n")
    edit(labour, labour.read_text(encoding="utf-8").split("passage: ")[1].split("\n")[0], f'"{passage}"')


def test_every_word_of_a_passage_longer_than_a_page_reaches_the_pdf(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    with_long_passage(mini, WORDS)
    result = cli("build", "-q", "--format", "pdf", "--theme", "labour")
    assert (result.code, result.err) == (0, "")
    text = pdftotext(mini / "out" / "themes" / "labour.pdf")
    found = re.findall(r"w\d{4}", text)
    assert sorted(set(found)) == WORDS  # every word, none lost
    assert [w for w in found if found.count(w) == 1] == WORDS  # each once, in order
    assert "quoted in full under Long passages, too long for a footnote." in " ".join(text.split())
    assert re.search(r"^Long passages( \.)+ \d+$", text, re.MULTILINE)  # in the contents, with its page


def test_a_passage_that_fits_stays_in_its_footnote(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    with_long_passage(mini, WORDS[:80])
    assert cli("build", "-q", "--format", "pdf", "--theme", "labour").code == 0
    text = pdftotext(mini / "out" / "themes" / "labour.pdf")
    assert re.findall(r"w\d{4}", text) == WORDS[:80]
    assert "Long passages" not in text
