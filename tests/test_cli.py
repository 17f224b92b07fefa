"""The CLI as a user meets it: exit codes, messages, and an out/ that a refused build leaves alone."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, Result, edit, snapshot

Cli = Callable[..., Result]


def test_check_clean_project_exits_0(cli: Cli, mini: Path) -> None:
    result = cli("check", "--root", mini)
    assert (result.code, result.out, result.err) == (0, "", "0 errors, 0 warnings\n")


def test_check_error_exits_1_and_prints_located_problems(cli: Cli, mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", "- seed: ../etc/passwd")
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert result.out == (
        f"{mini}/facts/labour.yaml:7:15: error: seed '../etc/passwd' must be a bare file name "
        "inside seeds/ (no folder, no '..')\n"
    )
    assert result.err == "1 error, 0 warnings\n"


def test_strict_turns_warnings_into_failure(cli: Cli, mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        "      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n",
        "      status: draft\n",
    )
    assert cli("check", "--root", mini).code == 0
    assert cli("check", "--root", mini, "--strict").code == 1


def test_check_formats(cli: Cli, mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "    credibility: 3\n", "    credibility: 0\n")
    github = cli("check", "--root", mini, "--format", "github")
    assert (
        github.out
        == f"::error file={mini}/facts/labour.yaml,line=16,col=18::credibility: 0 is not one of 1, 2, 3, 4, 5 or 6\n"
    )
    document = json.loads(cli("check", "--root", mini, "--format", "json").out)
    assert document["errors"] == 1 and document["problems"][0]["line"] == 16


def test_usage_errors_exit_2(cli: Cli, mini: Path) -> None:
    assert cli("check", "--bogus").code == 2
    assert cli("build", "--root", mini, "--format", "odt").code == 2
    unknown = cli("build", "--root", mini, "--theme", "nope")
    assert unknown.code == 2
    assert unknown.err == "briefgen: error: unknown theme 'nope' (themes: pier, labour)\n"


def test_not_a_project_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", "--root", tmp_path)
    assert result.code == 2  # a wrong --root is a usage error
    assert result.err == (
        f"{tmp_path}/facts: no such folder: {tmp_path} is not a briefgen project (it needs facts/ "
        "and seeds/; see --root)\n"
    )


def test_build_writes_every_format_per_theme(cli: Cli, mini: Path) -> None:
    result = cli("build", "--root", mini, "-q", "--format", "md,html")
    assert result.code == 0, result.err
    written = sorted(str(p.relative_to(mini / "out")) for p in (mini / "out").rglob("*") if p.is_file())
    assert written == [
        "briefing.html",
        "briefing.md",
        "index.html",
        "map-pier.svg",  # labour's facts name no place of the gazetteer: no map
        "map.svg",
        "sources/blog.html",
        "sources/gazette.html",
        "themes/labour.html",
        "themes/labour.md",
        "themes/pier.html",
        "themes/pier.md",
        "timeline-labour.svg",
        "timeline-pier.svg",
        "timeline.svg",
    ]


def test_build_one_theme(cli: Cli, mini: Path) -> None:
    assert cli("build", "--root", mini, "-q", "--format", "md", "--theme", "labour").code == 0
    assert [p.name for p in (mini / "out").rglob("*.md")] == ["labour.md"]


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("facts/labour.yaml", "disputed the closure", "contested the closure"),
        ("facts/labour.yaml", "- seed: gazette.txt", "- seed: nowhere.txt"),
        ("facts/pier.yaml", "    credibility: 4\n", "    credibility: 4\n    credibility: 5\n"),
        ("facts/themes.yaml", "rests_on: [union-disputes]", "rests_on: [ghost]"),
        ("facts/sources.yaml", "sha256: 901e", "sha256: 000e"),
        ("facts/pier.yaml", "facts:\n", "facts: [\n"),
    ],
)
def test_refused_build_leaves_out_untouched(cli: Cli, mini: Path, path: str, old: str, new: str) -> None:
    assert cli("build", "--root", mini, "-q", "--format", "md,html").code == 0
    before = snapshot(mini / "out")
    edit(mini / path, old, new)
    result = cli("build", "--root", mini, "--format", "md,html")
    assert result.code == 1
    assert ": error: " in result.out
    assert result.err.endswith("briefgen: nothing written: the check failed\n")
    assert snapshot(mini / "out") == before


def test_template_error_names_template_and_line(cli: Cli, mini: Path) -> None:
    (mini / "templates").mkdir()
    for name in ("briefing.md.j2", "briefing.html.j2", "briefing.css"):
        (mini / "templates" / name).write_text(
            (REPO / "briefgen" / "templates" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    template = (mini / "templates" / "briefing.md.j2").read_text(encoding="utf-8")
    line = template[: template.index("{{ b.as_of }}")].count("\n") + 1
    edit(mini / "templates" / "briefing.md.j2", "{{ b.as_of }}", "{{ b.as_off }}")
    result = cli("build", "--root", mini, "--format", "md")
    assert result.code == 1
    assert result.err.startswith(
        f"{mini}/templates/briefing.md.j2:{line}: error: template uses an undefined value:"
    )
    assert not (mini / "out").exists()


def test_python_m_briefgen_runs(mini: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "check", "--root", str(mini)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_shipped_corpus_passes_strict_check(cli: Cli) -> None:
    result = cli("check", "--root", REPO, "--strict")
    assert result.code == 0, result.out


def test_shipped_corpus_builds_every_file(shipped: Path) -> None:
    files = sorted(str(p.relative_to(shipped)) for p in shipped.rglob("*") if p.is_file())
    themes = ["al-tanf", "iran-corridor", "isis-endgame", "rukban", "us-withdrawal"]
    seeds = sorted(p.stem for p in (REPO / "seeds").glob("*.txt"))
    assert files == sorted(
        [f"briefing.{f}" for f in ("md", "html", "pdf")]
        + [f"themes/{t}.{f}" for t in themes for f in ("md", "html", "pdf")]
        + [f"sources/{s}.html" for s in seeds]
        + ["timeline.svg", "map.svg", "index.html"]
        + [f"{picture}-{t}.svg" for t in themes for picture in ("timeline", "map")]
    )
    assert len(files) == 36
    assert all((shipped / f).stat().st_size > 1000 for f in files)
