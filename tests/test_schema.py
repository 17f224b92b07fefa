"""The JSON Schema: generated from the models, committed, named by every file's modeline, and
accepted by an off-the-shelf validator (check-jsonschema) for every shipped file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.project.schema import SCHEMAS, stale

from .conftest import FIXTURES, REPO, Result, edit

Cli = Callable[..., Result]
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def kind_of(path: Path) -> str:
    """The schema file a YAML file of facts/ is described by."""
    kinds = {"sources.yaml": "sources", "themes.yaml": "themes", "gazetteer.yaml": "gazetteer"}
    return kinds.get(path.name, "facts") + ".schema.json"


SHIPPED = sorted((REPO / "facts").glob("*.yaml"))
FIXTURE_FILES = [
    *sorted((FIXTURES / "mini" / "facts").glob("*.yaml")),
    FIXTURES / "roundtrip" / "facts" / "labour.yaml",
]


def validate(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_committed_schema_matches_the_models() -> None:
    assert stale(REPO / "schema") == [], "schema/ is out of date with briefgen/models.py: run briefgen schema"
    assert sorted(p.name for p in (REPO / "schema").iterdir()) == sorted(SCHEMAS)


@pytest.mark.parametrize("path", SHIPPED + FIXTURE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_starts_with_a_modeline_naming_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == REPO / "schema" / kind_of(path)


@pytest.mark.parametrize("kind", sorted(set(SCHEMAS) - {"export.schema.json"}))  # see test_exports
def test_check_jsonschema_accepts_the_shipped_files(kind: str) -> None:
    files = [p for p in SHIPPED + FIXTURE_FILES if kind_of(p) == kind]
    done = validate(REPO / "schema" / kind, *files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    credibility: 3\n",
            "    credibilty: 3\n",
            "Additional properties are not allowed ('credibilty' was unexpected)",
        ),
        (
            "      date: 2021-03\n",
            "      date: March 2021\n",
            "'March 2021' is not valid under any of the given schemas",
        ),
        ("      on: 2021-03-04\n", "      on: 2021-03-34\n", "'2021-03-34' is not a 'date'"),
        ("      kind: organization\n", "      kind: union\n", "'union' is not one of ['author'"),
    ],
)
def test_check_jsonschema_rejects_what_the_models_reject(
    mini: Path, old: str, new: str, expected: str
) -> None:
    path = mini / "facts" / "labour.yaml"
    edit(path, old, new)
    done = validate(REPO / "schema" / "facts.schema.json", path)
    assert done.returncode == 1
    assert expected in done.stdout


def test_schema_command_writes_and_checks(cli: Cli, tmp_path: Path) -> None:
    written = cli("schema", "--out", tmp_path / "schema")
    assert (written.code, written.err) == (0, f"briefgen: wrote 5 schema files to {tmp_path}/schema\n")
    for name in SCHEMAS:
        assert (tmp_path / "schema" / name).read_bytes() == (REPO / "schema" / name).read_bytes()
    assert cli("schema", "--check", "--out", tmp_path / "schema").code == 0
    (tmp_path / "schema" / "themes.schema.json").write_text("{}\n")
    checked = cli("schema", "--check", "--out", tmp_path / "schema")
    assert (checked.code, checked.out) == (
        1,
        f"{tmp_path}/schema/themes.schema.json: error: out of date with the models; run briefgen schema\n",
    )


def test_schema_defaults_to_the_projects_schema_folder(cli: Cli, mini: Path) -> None:
    assert cli("schema", "--root", mini).code == 0
    assert sorted(p.name for p in (mini / "schema").iterdir()) == sorted(SCHEMAS)


def test_every_schema_names_itself_with_a_stable_id() -> None:
    import json

    for name in SCHEMAS:
        data = json.loads((REPO / "schema" / name).read_text(encoding="utf-8"))
        assert data["$id"] == f"https://briefgen.invalid/schema/{name}"
