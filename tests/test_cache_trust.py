"""The cache and the build manifest cannot be forged by whoever can write the cache folder
(issue 14, item 6), CI trusts nothing a previous run left there, and SOURCE_DATE_EPOCH is part
of what a build is made from (item 9)."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen._speed import cache as cache_module
from briefgen._speed.cache import MAGIC, Cache, key_file, seal
from briefgen._speed.manifest import Manifest, inputs_digest, options_key

from .conftest import REPO, Result, edit

Cli = Callable[..., Result]


def broken(mini: Path) -> None:
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")


def briefgen(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own (its own cache key, read from the key file)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    command = [sys.executable, "-m", "briefgen", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def entries(mini: Path, kind: str) -> list[Path]:
    folder = Cache(mini).folder
    assert folder is not None
    found = sorted(folder.glob(f"{kind}-*.bin"))
    assert found, f"no {kind} entry"
    return found


def forge_unsealed(path: Path, value: object, magic: bytes = MAGIC) -> None:
    """What anyone who can write the cache folder could write: magic line, sha256, payload."""
    payload = marshal.dumps(value)
    path.write_bytes(magic + hashlib.sha256(payload).digest() + payload)


def forge_sealed(path: Path, value: object) -> None:
    """An entry sealed with the user's key file (a cache restored together with that file)."""
    key = key_file().read_bytes()
    payload = marshal.dumps(value)
    mac = __import__("hmac").new(key, path.name.encode() + b"\0" + payload, hashlib.sha256).digest()
    path.write_bytes(MAGIC + mac + payload)


@pytest.mark.parametrize("magic", [MAGIC, b"briefgen-cache 1\n"])
def test_a_forged_report_does_not_make_a_broken_project_pass(mini: Path, magic: bytes) -> None:
    broken(mini)
    assert briefgen("check", "--root", mini, "--strict").returncode == 1
    for path in entries(mini, "report"):
        forge_unsealed(path, [], magic)
    done = briefgen("check", "--root", mini, "--strict")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "1 error, 0 warnings"


def test_forged_file_results_do_not_make_a_broken_project_pass(mini: Path) -> None:
    broken(mini)
    assert briefgen("check", "--root", mini).returncode == 1
    for path in entries(mini, "report"):
        path.unlink()
    for path in entries(mini, "facts"):
        value = marshal.loads(path.read_bytes()[len(MAGIC) + 32 :])
        forge_unsealed(path, ([], *value[1:]))  # the file's result without its problems
    done = briefgen("check", "--root", mini)
    assert done.returncode == 1
    assert "passage not found in gazette.txt" in done.stdout


def test_an_entry_moved_under_another_name_does_not_verify(mini: Path) -> None:
    cache = Cache(mini)
    cache.put("report", "a" * 64, [])
    assert cache.get("report", "a" * 64) == []
    assert cache.folder is not None
    (cache.folder / f"report-{'b' * 64}.bin").write_bytes(
        (cache.folder / f"report-{'a' * 64}.bin").read_bytes()
    )
    assert cache.get("report", "b" * 64) is None


def test_a_forged_manifest_does_not_skip_the_check(mini: Path, cli: Cli) -> None:
    assert cli("build", "--root", mini, "--format", "md").code == 0
    manifest = Manifest(mini, mini / "out")
    assert manifest.path is not None and manifest.inputs
    broken(mini)
    body = json.loads(manifest.path.read_text(encoding="utf-8"))
    body["inputs"] = inputs_digest(mini, REPO / "briefgen" / "templates")  # the broken content's
    manifest.path.write_text(json.dumps(body), encoding="utf-8")
    done = cli("build", "--root", mini, "--format", "md")
    assert done.code == 1
    assert done.err.splitlines()[-1] == "briefgen: nothing written: the check failed"


def test_the_key_is_private_and_kept_outside_the_cache_folder(mini: Path, own_cache: Path) -> None:
    assert briefgen("check", "--root", mini).returncode == 0
    key = key_file()
    assert not key.is_relative_to(own_cache)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert len(key.read_bytes()) == 32


def test_a_key_file_others_can_read_is_not_used(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Then each process has a key of its own: what another process stored is never trusted."""
    assert briefgen("check", "--root", mini).returncode == 0
    key_file().chmod(0o644)
    broken(mini)
    assert briefgen("check", "--root", mini).returncode == 1
    for path in entries(mini, "report"):
        forge_sealed(path, [])  # sealed with the readable key
    assert briefgen("check", "--root", mini).returncode == 1
    monkeypatch.setattr(cache_module, "_KEYS", {})
    assert cache_module._stored_key(key_file()) is None


def test_ci_trusts_nothing_a_previous_run_left_in_the_cache(mini: Path) -> None:
    """A cache restored together with the user's key still cannot make CI pass."""
    broken(mini)
    assert briefgen("check", "--root", mini, "--strict").returncode == 1
    for path in entries(mini, "report"):
        forge_sealed(path, [])
    assert briefgen("check", "--root", mini, "--strict").returncode == 0  # the forgery is valid here
    for path in entries(mini, "report"):
        forge_sealed(path, [])
    done = briefgen("check", "--root", mini, "--strict", env={"CI": "true"})
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "1 error, 0 warnings"


def test_under_ci_a_process_still_uses_its_own_entries(monkeypatch: pytest.MonkeyPatch, mini: Path) -> None:
    monkeypatch.setenv("CI", "true")
    cache = Cache(mini)
    cache.put("report", "c" * 64, [("x", 1, 1, "error", "m")])
    assert cache.get("report", "c" * 64) == [["x", 1, 1, "error", "m"]] or cache.get("report", "c" * 64)
    assert seal("n", b"p") != seal("m", b"p")


def dates(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    metadata = PdfReader(pdf).metadata or {}
    return [str(metadata.get(name)) for name in ("/CreationDate", "/ModDate")]


def test_source_date_epoch_is_part_of_what_a_build_is_made_from(mini: Path, cli: Cli) -> None:
    """Issue 14, item 9: a new SOURCE_DATE_EPOCH is not "up to date", and the PDFs' dates change."""
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    args = ["build", "--root", str(mini), "--format", "md,pdf", "--theme", "pier"]
    first = briefgen(*args)
    assert first.returncode == 0, first.stderr
    pdf = mini / "out" / "themes" / "pier.pdf"
    plain = pdf.read_bytes()
    assert "up to date" in briefgen(*args).stderr
    dated = briefgen(*args, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert dated.returncode == 0 and "up to date" not in dated.stderr, dated.stderr
    assert pdf.read_bytes() != plain
    assert dates(pdf) == ["D:20231114221320Z"] * 2  # 1700000000 is 2023-11-14T22:13:20Z
    assert "up to date" in briefgen(*args, env={"SOURCE_DATE_EPOCH": "1700000000"}).stderr
    again = briefgen(*args)
    assert "up to date" not in again.stderr and pdf.read_bytes() == plain
    assert dates(pdf) != ["D:20231114221320Z"] * 2
    assert options_key(["pdf"], []) != options_key(["md"], [])


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_cache_entries_and_manifest_that_are_not_files_do_not_hang(mini: Path, kind: str) -> None:
    """Whoever can write the cache folder could make an entry a FIFO (a read never returns) or a
    link to /dev/zero (a read never ends): each is a damaged entry, and the work is done again."""
    assert briefgen("build", "--root", mini, "--format", "md", "-q").returncode == 0
    folder = Cache(mini).folder
    assert folder is not None
    made = [*folder.glob("*.bin"), *folder.parent.glob("build-*.json"), *folder.glob("build-*.json")]
    assert made
    for path in made:
        path.unlink()
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    broken(mini)
    for args in (["check"], ["build", "--format", "md"]):
        command = [sys.executable, "-m", "briefgen", *args, "--root", str(mini)]
        environment = {**os.environ, "PYTHONPATH": str(REPO)}
        result = subprocess.run(
            command, capture_output=True, text=True, env=environment, check=False, timeout=60
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "error: passage not found" in result.stdout
