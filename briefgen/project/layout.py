"""Where a project keeps its parts, and where briefgen keeps its own (package data)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_TEMPLATES = Path(str(files("briefgen") / "templates"))
"""briefgen's own templates, used by a project without a templates/ folder."""


def templates_dir(root: Path) -> Path:
    """The project's templates/ folder, or briefgen's own when the project has none."""
    own = root / "templates"
    return own if own.is_dir() else PACKAGE_TEMPLATES
