"""Shared fixtures: a copy of the small fixture project, the CLI runner, out/ snapshots."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output."
    )


UNDER_CI = bool(os.environ.get("CI"))
"""Whether the suite runs under CI (``.ci/run`` sets CI=true): a missing tool then fails."""


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty briefgen cache and cache key, not the user's; and runs as
    outside CI (where briefgen trusts no cache entry another process wrote), unless it says."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("CI", raising=False)
    return folder


BOTH_READERS = {"test_check", "test_check_path", "test_edit", "test_fastcheck", "test_hostile", "test_load"}
"""The check's test files, run twice: with the fast YAML reader, and with it off
(``BRIEFGEN_FAST_READER=off``, libyaml alone: the reference), so that CI covers both."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fast_reader_only: a test about the fast reader itself, run with it on only"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    both = Path(str(metafunc.module.__file__)).stem in BOTH_READERS
    if both and not metafunc.definition.get_closest_marker("fast_reader_only"):
        metafunc.parametrize("yaml_reader", ["fast", "libyaml"], indirect=True)


@pytest.fixture(autouse=True)
def yaml_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which YAML reader the test runs with (see BOTH_READERS); others run as the environment says."""
    reader = str(getattr(request, "param", ""))
    if reader == "libyaml":
        monkeypatch.setenv("BRIEFGEN_FAST_READER", "off")
    elif reader == "fast":
        monkeypatch.delenv("BRIEFGEN_FAST_READER", raising=False)
    return reader


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Everything the shipped corpus builds (every format), made once through the CLI."""
    out = tmp_path_factory.mktemp("shipped")
    result = CliRunner().invoke(app, ["build", "--root", str(REPO), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Everything the fixture project builds (every format), made once."""
    out = tmp_path_factory.mktemp("mini-out")
    result = CliRunner().invoke(app, ["build", "--root", str(FIXTURES / "mini"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/mini: two seeds, two themes, three facts."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


class Result:
    """What a CLI run printed and returned."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the briefgen CLI in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file, failing loudly if it is not there once."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


Editor = Callable[[Path, str, str], None]


def need_tool(name: str) -> str:
    """The path of an external tool a test needs: skipped where it is missing, but under CI
    (CI=true, as .ci/run runs) a missing tool fails the test instead of hiding it."""
    path = shutil.which(name)
    if path:
        return path
    if UNDER_CI:
        pytest.fail(f"{name} is required under CI but is not installed (.ci/run installs it)")
    pytest.skip(f"{name} is not installed; ./run test installs it where it can")
