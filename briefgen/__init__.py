"""briefgen: hand-reviewed, source-cited facts -> situation briefings you can trust line by line.

The Python API is :class:`Project` (see :mod:`briefgen.api`)::

    from briefgen import Project

    report = Project("path/to/project").check(strict=True)

Importing briefgen is cheap: each method imports what it needs when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api import Project
from .errors import BriefgenError, CheckFailed, Problem, Report
from .version import __version__

if TYPE_CHECKING:
    from .editor.edit import Draft

__all__ = ["BriefgenError", "CheckFailed", "Draft", "Problem", "Project", "Report", "__version__"]


def __getattr__(name: str) -> Any:
    """``briefgen.Draft`` (what :meth:`Project.add` takes), imported when first asked for: the
    editing code needs ruamel.yaml, which a check or a build never loads."""
    if name == "Draft":
        from .editor.edit import Draft

        return Draft
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
