"""Where a project keeps its parts, and where briefgen keeps its own (package data)."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from ..errors import ProjectError

SOURCES_FILE = "sources.yaml"
"""facts/sources.yaml: the source registry, one record per seed."""
THEMES_FILE = "themes.yaml"
"""facts/themes.yaml: the briefing's title and its themes."""
GAZETTEER_FILE = "gazetteer.yaml"
"""Optional: the places the situation map marks. Without it a briefing has no map."""
BASEMAP_FILE = "basemap.geojson"
"""Optional: the project's own base map (GeoJSON), drawn instead of Natural Earth's countries."""
RESERVED = {SOURCES_FILE, THEMES_FILE, GAZETTEER_FILE}
"""The files of facts/ that hold no facts; every other ``*.yaml`` there is a theme's fact file."""

PACKAGE_TEMPLATES = Path(str(files("briefgen") / "templates"))
"""briefgen's own templates, used by a project without a templates/ folder."""


def templates_dir(root: Path) -> Path:
    """The project's templates/ folder, or briefgen's own when the project has none."""
    own = root / "templates"
    return own if own.is_dir() else PACKAGE_TEMPLATES


def display_path(root: Path, relative: str) -> str:
    """How a project file is named in messages: relative to the current folder when given so."""
    return os.path.normpath(os.path.join(str(root), relative))


def require_project(root: Path) -> None:
    """Raise :class:`ProjectError` unless ``root`` has facts/ and seeds/."""
    for needed in (root / "facts", root / "seeds"):
        if not needed.is_dir():
            raise ProjectError(
                f"{display_path(root, needed.name)}: no such folder: {root} is not a briefgen "
                "project (it needs facts/ and seeds/; see --root)"
            )
