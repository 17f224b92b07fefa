"""The JSON Schema of each kind of YAML file, generated from the pydantic models.

Editors' YAML plugins (yaml-language-server in VS Code, Neovim, Helix, JetBrains…) read the
modeline at the top of each file, ``# yaml-language-server: $schema=../schema/facts.schema.json``,
and then complete keys, show each field's description and flag a misspelt key as the editor
types. The schema is written from the same models the loader validates with, so the two cannot
disagree once ``briefgen schema`` has been run; ``briefgen schema --check`` (and a test) fail
when the committed files are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .exported import Export
from .models import FactsFile, GazetteerFile, SourcesFile, ThemesFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://briefgen.invalid/schema/"
"""What each schema's ``$id`` starts with: a name that stays the same wherever the file is
copied (a separate facts repository keeps its own copy), not an address to fetch (.invalid is
reserved: it never resolves)."""

SCHEMAS: dict[str, type[BaseModel]] = {
    "facts.schema.json": FactsFile,
    "sources.schema.json": SourcesFile,
    "themes.schema.json": ThemesFile,
    "gazetteer.schema.json": GazetteerFile,
    "export.schema.json": Export,
}
"""Each schema file and the model of the files it describes (the YAML an editor writes, and
the data export that ``build --format json`` writes)."""


def schema_of(model: type[BaseModel], name: str = "") -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of one root model, as data, with its ``$id``."""
    name = name or next(n for n, m in SCHEMAS.items() if m is model)
    return {"$schema": DIALECT, "$id": ID_BASE + name, **model.model_json_schema(mode="validation")}


def documents() -> dict[str, bytes]:
    """Every schema file's bytes: stable key order, two-space indent, a final newline."""
    return {
        name: (json.dumps(schema_of(model, name), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        for name, model in SCHEMAS.items()
    }


def stale(out_dir: Path) -> list[str]:
    """The schema files of ``out_dir`` that are missing or differ from the models."""
    return [
        name
        for name, data in documents().items()
        if not (out_dir / name).is_file() or (out_dir / name).read_bytes() != data
    ]
