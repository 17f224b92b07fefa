"""A briefing's Markdown -> a Word document (.docx), through pandoc.

pandoc comes inside the ``pypandoc-binary`` wheel, so no system package is needed and every
machine converts with the same pandoc. Word cannot show the SVG pictures the Markdown links to,
so each is drawn to PNG first with resvg (``resvg-py``, also self-contained). The notes become
real Word footnotes; the styles come from ``reference.docx`` in the templates folder (briefgen's
own when the project's folder has none).

The bytes are the same on every build: pandoc dates the document and its zip entries from
SOURCE_DATE_EPOCH, which is passed on when set and is otherwise 1980-01-01, the earliest date a
zip file can hold (never the clock).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from ..errors import DocxError

REFERENCE = "reference.docx"
NO_DATE = "315532800"
"""1980-01-01T00:00:00Z: the date of a document that has none (zip cannot go earlier)."""

_PICTURE = re.compile(r"(!\[(?:[^\]\\]|\\.)*\]\()(?:\.\./)*([A-Za-z0-9_.-]+)\.svg\)")
"""An image of the Markdown that shows an .svg file of out/: its alt text and its name."""


class Rasterizer:
    """SVG -> PNG, each distinct picture drawn once per build (a theme's pictures appear in the
    full briefing's document and in the theme's own)."""

    def __init__(self) -> None:
        self.done: dict[bytes, bytes] = {}

    def png(self, svg: bytes) -> bytes:
        """The picture at twice its size, on white, in the fonts the SVG names."""
        if svg not in self.done:
            import resvg_py

            self.done[svg] = bytes(
                resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), zoom=2, background="#ffffff")
            )
        return self.done[svg]


def to_docx(
    markdown: str,
    pictures: dict[str, bytes],
    templates: Path,
    rasterizer: Rasterizer,
    metadata: dict[str, str] | None = None,
) -> bytes:
    """The Word document of one briefing's Markdown; ``pictures`` are the .svg files it links
    to, ``metadata`` the document's properties (subject, keywords). Its first heading becomes
    the document's title, the others move up a level."""
    with tempfile.TemporaryDirectory(prefix="briefgen-docx-") as scratch:
        folder = Path(scratch)
        for name, svg in pictures.items():
            (folder / Path(name).with_suffix(".png").name).write_bytes(rasterizer.png(svg))
        source = folder / "briefing.md"
        source.write_text(_PICTURE.sub(r"\1\2.png)", markdown), encoding="utf-8")
        target = folder / "briefing.docx"
        _pandoc(source, target, _reference(templates), folder, metadata or {})
        return target.read_bytes()


def _pandoc(source: Path, target: Path, reference: Path, folder: Path, metadata: dict[str, str]) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or NO_DATE}
    command = [
        pandoc_path(),
        "--from=gfm",
        "--to=docx",
        "--shift-heading-level-by=-1",  # '# Title' is the title, '## 1. Theme' a Heading 1
        f"--metadata-file={_metadata_file(folder, metadata)}",
        f"--reference-doc={reference}",
        f"--resource-path={folder}",
        f"--output={target}",
        str(source),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder, check=False)
    except OSError as exc:
        raise DocxError(f"cannot run pandoc: {exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise DocxError(f"pandoc could not make the Word document: {reason}")


def _metadata_file(folder: Path, metadata: dict[str, str]) -> Path:
    """The document's properties as a YAML (here JSON) file: keywords as the list pandoc wants."""
    data: dict[str, object] = {"lang": "en", **metadata}
    if "keywords" in metadata:
        data["keywords"] = [word.strip() for word in metadata["keywords"].split(",")]
    path = folder / "metadata.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def pandoc_path() -> str:
    """The pandoc that pypandoc-binary ships."""
    try:
        import pypandoc
    except ImportError:
        raise DocxError("--format docx needs pypandoc-binary (pip install pypandoc-binary)") from None
    return str(pypandoc.get_pandoc_path())


def _reference(templates: Path) -> Path:
    own = templates / REFERENCE
    if own.is_file():
        return own
    return Path(str(resources.files("briefgen") / "templates" / REFERENCE))
