"""briefgen diff REV and build --changes-since REV, on a real git repository in tmp_path."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result, edit

Cli = Callable[..., Result]
GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=GIT_ENV, check=True
    )
    return done.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


@pytest.fixture
def repo(mini: Path) -> Path:
    """The mini project as a git repository with one commit."""
    git(mini, "init", "-q", "-b", "main")
    commit_all(mini, "facts as first reviewed")
    return mini


def change_facts(root: Path) -> None:
    """A statement reworded and regraded, a fact removed, a fact added."""
    pier = root / "facts" / "pier.yaml"
    edit(pier, "An opinion blog claimed", "An opinion blog said")
    edit(pier, "    credibility: 4\n", "    credibility: 5\n")
    labour = root / "facts" / "labour.yaml"
    edit(labour, "  - id: union-disputes", "  - id: union-disputes-closure")
    edit(labour, "      on: 2021-03-04", "      on: 2021-03-05")


def test_nothing_changed(cli: Cli, repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    result = cli("diff", "HEAD", "--root", repo)
    assert (result.code, result.out) == (
        0,
        f"Changes in the facts since HEAD ({sha}):\n0 added, 0 changed, 0 removed\n",
    )


def test_added_removed_changed_and_regraded(cli: Cli, repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    change_facts(repo)
    result = cli("diff", "main", "--root", repo)
    assert result.code == 0, result.err
    assert result.out == (
        f"Changes in the facts since main ({sha}):\n"
        '+ union-disputes-closure [labour, pier]: "Fishermen\'s union leaders called the closure premature and said repairs would take days [link](javascript:alert(1))."\n'
        '~ pier-open-claim [pier]: statement "An opinion blog claimed the north pier stayed open to ferries all week." → "An opinion blog said the north pier stayed open to ferries all week."; grade D4 → D5\n'
        '- union-disputes [labour, pier]: "Fishermen\'s union leaders called the closure premature and said repairs would take days [link](javascript:alert(1))."\n'
        "1 added, 1 changed, 1 removed\n"
    )


def test_a_source_regrade_regrades_its_facts_and_other_fields_are_named(cli: Cli, repo: Path) -> None:
    edit(repo / "facts" / "sources.yaml", "      grade: D\n", "      grade: E\n")
    edit(
        repo / "facts" / "pier.yaml",
        "      basis: \"'all week' in a post of March 2021\"",
        "      basis: \"'all week', March 2021\"",
    )
    result = cli("diff", "HEAD", "--root", repo)
    assert result.out.splitlines()[1:] == [
        "~ pier-open-claim [pier]: grade D4 → E4; also changed: when",
        "0 added, 1 changed, 0 removed",
    ]


def test_a_project_in_a_subfolder_of_the_repository(cli: Cli, tmp_path: Path, mini: Path) -> None:
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "project under mini/")
    edit(mini / "facts" / "pier.yaml", "    credibility: 2\n", "    credibility: 3\n")
    result = cli("diff", "HEAD", "--root", mini)
    assert result.out.splitlines()[1] == "~ pier-closed [pier]: grade B2 → B3"


def test_build_adds_a_changes_since_section(cli: Cli, repo: Path) -> None:
    sha = git(repo, "rev-parse", "--short", "HEAD")
    edit(repo / "facts" / "pier.yaml", "An opinion blog claimed", "An opinion blog said")
    edit(repo / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 5\n")
    result = cli("build", "--root", repo, "-q", "--format", "md,html", "--changes-since", "HEAD")
    assert result.code == 0, result.err
    full = (repo / "out" / "briefing.md").read_text(encoding="utf-8")
    section = full[full.index("## Changes since") : full.index("## 1. ")]
    assert section == (
        f"## Changes since HEAD ({sha})\n\n"
        "- **Changed:**\n"
        '  - **1.1** An opinion blog said the north pier stayed open to ferries all week. — previously "An opinion blog claimed the north pier stayed open to ferries all week."; grade D4 → D5\n\n\n'
    )
    assert "No fact was added, changed or removed." in (repo / "out" / "themes" / "labour.md").read_text(
        encoding="utf-8"
    )
    html = (repo / "out" / "briefing.html").read_text(encoding="utf-8")
    assert f"<h2>Changes since HEAD ({sha})</h2>" in html
    assert '<li><a href="#fact-pier-open-claim">1.1</a> An opinion blog said' in html


def test_without_the_option_there_is_no_section(cli: Cli, repo: Path) -> None:
    assert cli("build", "--root", repo, "-q", "--format", "md").code == 0
    assert "Changes since" not in (repo / "out" / "briefing.md").read_text(encoding="utf-8")


def test_unknown_revision_exits_2(cli: Cli, repo: Path) -> None:
    result = cli("diff", "no-such-branch", "--root", repo)
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "briefgen: error: unknown revision 'no-such-branch'\n",
    )
    built = cli("build", "--root", repo, "--format", "md", "--changes-since", "no-such-branch")
    assert built.code == 2 and not (repo / "out").exists()


def test_a_revision_without_facts(cli: Cli, repo: Path) -> None:
    (repo / "README.md").write_text("later\n")
    git(repo, "checkout", "-q", "--orphan", "bare")
    git(repo, "rm", "-q", "-r", "--cached", ".")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", "no facts here")
    result = cli("diff", "bare", "--root", repo)
    assert (result.code, result.err) == (1, "briefgen: error: bare has no facts/\n")


def test_not_a_repository(cli: Cli, mini: Path) -> None:
    result = cli("diff", "HEAD", "--root", mini)
    assert result.code == 1
    assert result.err == (
        f"briefgen: error: {mini} is not inside a git repository; diff compares with a git revision\n"
    )


def test_diff_on_the_shipped_corpus(cli: Cli) -> None:
    from .conftest import REPO

    if subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, check=False
    ).returncode:
        pytest.skip("not a git checkout")
    result = cli("diff", "HEAD", "--root", REPO)
    assert result.code == 0, result.err
    assert result.out.startswith("Changes in the facts since HEAD (")
