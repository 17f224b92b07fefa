"""The import graph shows the pipeline: no cycle between modules, arrows pointing down
(project -> check -> output/pictures/editor), a private _speed/ at the bottom, and no module a
newcomer cannot read at once. Every module's imports are read with ast, the ones made inside
functions included (they run too); those under ``if TYPE_CHECKING:`` are for types only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "briefgen"

LAYERS = {
    "briefgen.project": {"briefgen.check", "briefgen.output", "briefgen.pictures", "briefgen.editor"},
    "briefgen.check": {"briefgen.output", "briefgen.pictures", "briefgen.editor"},
    "briefgen._speed": {
        "briefgen.project",
        "briefgen.check",
        "briefgen.output",
        "briefgen.pictures",
        "briefgen.editor",
        "briefgen.api",
        "briefgen.cli",
    },
}
"""What each layer must never import."""

ALLOWED: set[tuple[str, str]] = set()
"""Arrows the rules above refuse but the code still has, each with the issue that removes it.
(Empty: the gazetteer's use of the drawing module's frame went with issue 12.)"""

MAX_LINES = 500
LONG_ALLOWED = {
    "briefgen._speed.fastyaml",  # the fast reader: one scanner, kept whole (issue 11)
}
"""Modules over MAX_LINES lines, each with why."""


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str) -> set[str]:
    """The briefgen modules ``name`` imports when it runs."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    skipped: set[int] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _type_checking_only(node):
            skipped |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def test_the_graph_is_read() -> None:
    assert "briefgen.project.load" in GRAPH["briefgen.check.runner"]
    assert "briefgen._speed.cache" in GRAPH["briefgen._speed.manifest"]
    assert "briefgen.project.load" not in GRAPH["briefgen.project.gazetteer"]  # types only


def test_no_import_cycle() -> None:
    """Tarjan's strongly connected components: each must be a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_arrows_point_down_the_pipeline(layer: str) -> None:
    wrong = sorted(
        (name, imported)
        for name, imported_set in GRAPH.items()
        if name == layer or name.startswith(f"{layer}.")
        for imported in imported_set
        if any(imported == f or imported.startswith(f"{f}.") for f in LAYERS[layer])
        and (name, imported) not in ALLOWED
    )
    assert wrong == []


def test_package_data_is_not_found_through_the_speed_layer() -> None:
    """Templates and schemas are package data, found where the project's layout is
    (project/layout.py, with importlib.resources), not through the cache or digest modules."""
    for name, path in MODULES.items():
        if name.startswith("briefgen._speed"):
            text = path.read_text(encoding="utf-8")
            for sign in ("importlib.resources", "PACKAGE_TEMPLATES", "templates_dir", '"schema"'):
                assert sign not in text, (name, sign)


def test_no_module_a_newcomer_cannot_read_at_once() -> None:
    long = {
        name
        for name, path in MODULES.items()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert long == LONG_ALLOWED  # an allowance no longer needed is stale: remove it
