"""Golden files: the Markdown, HTML and data exports built from the fixture project, byte for byte.

Refresh after an intended change with:  .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from briefgen.output.build import build

from .conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
FILES = [
    "briefing.md",
    "briefing.html",
    "themes/pier.md",
    "themes/pier.html",
    "themes/labour.md",
    "sources/gazette.html",
    "sources/blog.html",
    "timeline.svg",
    "map-pier.svg",
    "briefing.json",
    "briefing.csv",
    "themes/pier.geojson",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(FIXTURES / "mini", out, formats=["md", "html", "json", "csv", "geojson"])
    return out


@pytest.mark.parametrize("name", FILES)
def test_output_matches_golden(built: Path, name: str, update_golden: bool) -> None:
    actual = (built / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), f"golden/{name}", f"built/{name}"
            )
        )
        pytest.fail(f"{name} differs from its golden file (refresh: pytest --update-golden):\n{diff}")
