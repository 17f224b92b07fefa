"""Shell completion of the values editors type most: theme ids, seed names and fact ids.

typer calls these while the shell completes a word (``briefgen review rukban-<TAB>``); they read
the project of ``--root`` (or the current folder) leniently and never raise: a project that
does not load simply completes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from .._speed.files import read_file
from ..project.layout import RESERVED
from ..project.yamlfile import MAX_FILE_BYTES


def _root(ctx: typer.Context) -> Path:
    root = ctx.params.get("root")
    return Path(root) if root else Path(".")


def _items(path: Path, key: str) -> list[dict[str, Any]]:
    import yaml  # here: every command imports this module; only a completion reads YAML

    try:
        data = yaml.safe_load(read_file(str(path), MAX_FILE_BYTES).decode("utf-8"))  # a FIFO must not hang
    except (OSError, ValueError, yaml.YAMLError):
        return []
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def theme_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    """The theme ids of facts/themes.yaml that start with what was typed."""
    for theme in _items(_root(ctx) / "facts" / "themes.yaml", "themes"):
        if str(theme.get("id", "")).startswith(incomplete):
            yield str(theme["id"])


def seed_names(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    """The seed files of seeds/ that start with what was typed."""
    for path in sorted((_root(ctx) / "seeds").glob("*.txt")):
        if path.name.startswith(incomplete):
            yield path.name


def fact_ids(ctx: typer.Context, incomplete: str) -> Iterator[str]:
    """The fact ids of every fact file that start with what was typed."""
    for path in sorted((_root(ctx) / "facts").glob("*.yaml")):
        if path.name in RESERVED:
            continue
        for fact in _items(path, "facts"):
            if str(fact.get("id", "")).startswith(incomplete):
                yield str(fact["id"])
