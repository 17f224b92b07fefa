"""The files other tools read: pre-commit's hook manifest and config, the GitHub workflow.

Each is parsed, checked for the commands it must run, and validated by the tool's own
validator (pre-commit validate-*; check-jsonschema's bundled GitHub workflow schema), all
offline.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import REPO

BIN = Path(sys.executable).parent


def load(relative: str) -> Any:
    # YAML 1.2, as GitHub and pre-commit read it: a workflow's `on:` key is the text "on".
    return YAML(typ="safe").load((REPO / relative).read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=REPO, check=False)


def test_hook_manifest_offers_briefgen_check() -> None:
    hooks = {hook["id"]: hook for hook in load(".pre-commit-hooks.yaml")}
    check = hooks["briefgen-check"]
    assert check["entry"] == "briefgen check --strict"
    assert check["language"] == "python"  # pre-commit installs briefgen from this repository
    assert check["pass_filenames"] is False
    assert hooks["briefgen-schema"]["entry"] == "briefgen schema --check"
    done = run(str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_own_pre_commit_config_runs_ruff_mypy_and_the_check() -> None:
    hooks = {hook["id"]: hook for repo in load(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]}
    assert hooks["ruff"]["entry"].startswith(".venv/bin/ruff check")
    assert hooks["ruff-format"]["entry"].startswith(".venv/bin/ruff format --check")
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy"
    assert hooks["briefgen-check"]["entry"] == ".venv/bin/briefgen check --strict"
    done = run(str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def workflow() -> Any:
    return load(".github/workflows/briefings.yml")


def test_workflow_is_valid_for_github(workflow: Any) -> None:
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_dispatch"}
    done = run(
        str(BIN / "check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        ".github/workflows/briefings.yml",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_checks_with_annotations_tests_builds_and_uploads(workflow: Any) -> None:
    steps = workflow["jobs"]["briefings"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [
        next(i for i, text in enumerate(runs) if command in text)
        for command in ("./run check --strict --format github", "./run test", "./run build --strict")
    ]
    assert order == sorted(order)
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "out/"
    assert steps.index(upload) > order[-1]
    assert any("briefgen diff" in text for text in runs)


def test_run_check_passes_its_options_to_briefgen_check() -> None:
    text = (REPO / "run").read_text(encoding="utf-8")
    assert '    check)\n        setup\n        "$VENV/bin/briefgen" check "$@"\n' in text
