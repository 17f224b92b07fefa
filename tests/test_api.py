"""The Python API: ``from briefgen import Project`` does what the commands do, the README's
example runs as written, and importing briefgen costs nothing heavy."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import CheckFailed, Draft, Problem, Project, Report
from briefgen.errors import ProjectError, UsageError

from .conftest import REPO, Result, edit

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_example() -> str:
    """The Python code block of the README's "Python API" section."""
    section = re.search(r"^## Python API\n(.*?)(?=^## )", README, flags=re.M | re.S)
    assert section, "README.md has no '## Python API' section"
    code = re.search(r"```python\n(.*?)```", section.group(1), flags=re.S)
    assert code, "the Python API section has no example"
    return code.group(1)


def run_example(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(readme_example(), "README.md", "exec"), {})
    return printed.getvalue()


def test_the_readme_example_runs_as_written(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = run_example(mini, monkeypatch)
    written = sorted(p.relative_to(mini / "out").as_posix() for p in (mini / "out").rglob("*") if p.is_file())
    assert printed == f"0 errors, 0 warnings\nwrote {len(written)} files, 0 unchanged\n"
    assert {"briefing.md", "briefing.html", "themes/pier.html"} <= set(written)
    assert not any(name.endswith(".pdf") for name in written)


def test_the_readme_example_on_a_broken_project_prints_the_problems_and_builds_nothing(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(mini / "facts" / "labour.yaml", "    credibility: 3\n", "    credibility: 7\n")
    printed = run_example(mini, monkeypatch).splitlines()
    assert printed[-1] == "1 error, 0 warnings"
    assert (
        printed[0].startswith("facts/labour.yaml:") and ": error: credibility: 7 is not one of" in printed[0]
    )
    assert not (mini / "out").exists()


def test_check_is_what_the_command_prints(mini: Path, cli: type[Result]) -> None:
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    report = Project(mini).check()
    assert isinstance(report, Report) and all(isinstance(p, Problem) for p in report.problems)
    done = cli("check", "--root", mini)
    assert done.code == 1
    assert done.out.splitlines() == [str(p) for p in report.sorted()]
    assert done.err.splitlines() == [report.summary()]


def test_strict_is_carried_by_the_report(mini: Path) -> None:
    edit(
        mini / "facts" / "pier.yaml",
        "    credibility: 2\n    review:\n      status: reviewed\n",
        "    credibility: 2\n    review:\n      status: draft\n",
    )
    lenient, strict = Project(mini).check(), Project(mini).check(strict=True)
    assert lenient.warnings and not lenient.errors
    assert (lenient.failed(), strict.failed()) == (False, True)
    assert lenient == strict  # the same problems


def test_a_refused_build_raises_with_its_report_and_writes_nothing(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    with pytest.raises(CheckFailed) as refused:
        Project(mini).build(formats=["md"])
    assert refused.value.report.errors
    assert not (mini / "out").exists()


def test_a_folder_that_is_not_a_project_raises(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="is not a briefgen project"):
        Project(tmp_path).check()


def test_add_review_find_coverage_and_diff(mini: Path) -> None:
    project = Project(mini)
    found = project.find("disputed the closure")
    assert [m.seed for m in found.matches] == ["gazette.txt"]
    assert project.coverage().facts_total == 3
    with pytest.raises(UsageError, match="unknown theme 'nowhere'"):
        project.add(Draft(theme="nowhere", seed="gazette.txt", passage="x", statement="y"))
    with pytest.raises(UsageError, match="--on: 'soon' is not a day"):
        project.review("pier-closed", by="A. Editor", on="soon")


def test_importing_briefgen_imports_nothing_heavy() -> None:
    program = (
        "import sys, briefgen\n"
        "from briefgen import Project, Report, Problem\n"
        "heavy = {'typer', 'click', 'pydantic', 'yaml', 'ruamel', 'jinja2', 'weasyprint'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
