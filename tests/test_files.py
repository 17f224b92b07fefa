"""Reading and writing the project's files safely (issue 14 items 7, 8 and 10).

Writes never follow a link out of place, keep a file's mode and respect the umask; a killed
build's temporaries are removed; FIFOs, devices and huge files are refused before reading.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import REPO, Result, snapshot

Cli = Callable[..., Result]
LABOUR = "facts/labour.yaml"
MIB64 = 64 * 1024 * 1024


@pytest.fixture
def inside(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(mini)
    return mini


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    yield
    os.umask(old)


def briefgen(
    root: Path, *args: str, timeout: float = 120, memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process, so a hang is a timeout, not a stuck test run (and reading
    more than ``memory`` bytes is a MemoryError)."""

    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        preexec_fn=limit,
    )


ADD = (
    "add", "--theme", "labour", "--seed", "gazette.txt",
    "--passage", "The mayor's office said the closure will last at least two weeks.",
    "--statement", "The mayor's office said the closure would last at least two weeks.",
    "--attributed-to", "the mayor's office", "--attribution-kind", "government", "--via", "Harbour Gazette",
    "--date", "2021-03-03", "--date-basis", "the date of the report", "--credibility", "3",
)  # fmt: skip


# Item 7: writes that follow links, modes


def test_a_linked_folder_in_out_is_refused(cli: Cli, inside: Path, tmp_path: Path) -> None:
    assert cli("build", "-q", "--format", "md").code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    themes = inside / "out" / "themes"
    for name in os.listdir(themes):
        (themes / name).unlink()
    themes.rmdir()
    themes.symlink_to(elsewhere)
    before = snapshot(inside / "out")
    result = cli("build", "--format", "md", "--force")
    assert result.code == 1
    assert result.err.splitlines()[-1] == (
        f"briefgen: error: cannot write out/themes: it is a link to {elsewhere}; briefgen writes only "
        "inside out and follows no link there (remove the link); the previous files are unchanged"
    )
    assert os.listdir(elsewhere) == []
    assert snapshot(inside / "out") == before


def test_a_linked_file_in_out_is_replaced_not_written_through(cli: Cli, inside: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("not briefgen's\n", encoding="utf-8")
    (inside / "out").mkdir()
    (inside / "out" / "briefing.md").symlink_to(victim)
    assert cli("build", "-q", "--format", "md").code == 0
    assert victim.read_text(encoding="utf-8") == "not briefgen's\n"
    assert not (inside / "out" / "briefing.md").is_symlink()
    assert (inside / "out" / "briefing.md").read_text(encoding="utf-8").startswith("# ")


def test_add_writes_through_a_linked_fact_file(cli: Cli, inside: Path) -> None:
    shared = inside / "shared"
    shared.mkdir()
    (inside / LABOUR).rename(shared / "labour.yaml")
    (inside / LABOUR).symlink_to(Path("..") / "shared" / "labour.yaml")
    assert cli(*ADD).code == 0
    assert (inside / LABOUR).is_symlink()
    assert "labour-mayor-office-closure-last" in (shared / "labour.yaml").read_text(encoding="utf-8")


def test_add_refuses_a_fact_file_linked_out_of_the_project(cli: Cli, inside: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    (inside / LABOUR).rename(outside)
    (inside / LABOUR).symlink_to(outside)
    before = outside.read_bytes()
    result = cli(*ADD)
    assert (result.code, result.err.splitlines()) == (
        1,
        [
            f"briefgen: error: cannot write {LABOUR}: it is a link to {outside}, outside the project; "
            "briefgen writes no file outside the project"
        ],
    )
    assert outside.read_bytes() == before and (inside / LABOUR).is_symlink()


def test_add_and_review_keep_a_fact_files_mode(cli: Cli, inside: Path) -> None:
    (inside / LABOUR).chmod(0o600)
    assert cli(*ADD).code == 0
    assert (inside / LABOUR).stat().st_mode & 0o777 == 0o600
    result = cli("review", "labour-mayor-office-closure-last", "--by", "A. Editor", "--on", "2021-03-05")
    assert result.code == 0, result.err
    assert (inside / LABOUR).stat().st_mode & 0o777 == 0o600


def test_new_outputs_respect_the_umask(cli: Cli, inside: Path, umask_027: None) -> None:
    assert cli("build", "-q", "--format", "md").code == 0
    modes = {p.stat().st_mode & 0o777 for p in (inside / "out").rglob("*") if p.is_file()}
    assert modes == {0o640}


# Item 8: stale temporaries


def test_a_killed_writers_temporaries_are_removed_at_the_next_build(cli: Cli, inside: Path) -> None:
    assert cli("build", "-q", "--format", "md").code == 0
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal\nfrom pathlib import Path\nfrom briefgen.output.write import _stage\n"
            "for name in ('out/briefing.md', 'out/themes/pier.md'):\n"
            "    _stage(Path(name), b'half')\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n",
        ],
        cwd=inside,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    left = sorted(p.name for p in (inside / "out").rglob(".*.tmp"))
    assert len(left) == 2
    others = [".notes.tmp", ".briefing.md.abcdefgh.tmp", f".briefing.md.{os.getpid()}-abcdefgh.tmp"]
    for name in others:  # not ours, or a live writer's
        (inside / "out" / name).write_bytes(b"keep")
    result = cli("build", "-q", "--format", "md")  # nothing changed: still cleaned
    assert (result.code, result.err) == (0, "")
    assert sorted(p.name for p in (inside / "out").rglob(".*.tmp")) == sorted(others)


# Item 10: special and huge files


def test_a_fifo_fact_file_is_refused_without_hanging(inside: Path) -> None:
    (inside / LABOUR).unlink()
    os.mkfifo(inside / LABOUR)
    result = briefgen(inside, "check", timeout=60)
    assert (result.returncode, result.stdout) == (
        1,
        f"{LABOUR}:1:1: error: cannot read the file: not a regular file (a FIFO)\n",
    )


def test_a_fact_file_linked_to_dev_zero_is_refused(cli: Cli, inside: Path) -> None:
    (inside / LABOUR).unlink()
    (inside / LABOUR).symlink_to("/dev/zero")
    result = cli("check")
    assert (result.code, result.out) == (
        1,
        f"{LABOUR}:1:1: error: the file is a link to /dev/zero, outside the project; "
        "briefgen reads only files inside it\n",
    )


@pytest.mark.parametrize("name", [LABOUR, "facts/sources.yaml", "facts/themes.yaml", "facts/extra.yaml"])
def test_a_fact_file_linked_out_of_the_project_is_never_read(
    cli: Cli, inside: Path, tmp_path: Path, name: str
) -> None:
    """A link to /etc/passwd (or any file outside) was read, and its text quoted in the message."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("facts: the secret words\n", encoding="utf-8")
    (inside / name).unlink(missing_ok=True)
    (inside / name).symlink_to(secret)
    for command in ("check", "build"):
        result = cli(command)
        assert result.code == 1 and "Traceback" not in result.err
        assert "secret" not in result.out.replace(str(secret), "") + result.err.replace(str(secret), "")
        assert (
            f"{name}:1:1: error: the file is a link to {secret}, outside the project; "
            "briefgen reads only files inside it"
        ) in result.out.splitlines()


def test_a_whole_file_quoted_in_a_message_is_cut_short(cli: Cli, inside: Path) -> None:
    (inside / LABOUR).write_text("x" * 5000 + "\n", encoding="utf-8")
    result = cli("check")
    assert (result.code, result.out) == (
        1,
        f"{LABOUR}:1:1: error: the file must be a mapping with a 'facts' list, not "
        f"{'x' * 40!r}… (5000 characters)\n",
    )


def test_a_huge_fact_file_is_refused_before_reading(inside: Path) -> None:
    with (inside / LABOUR).open("r+b") as handle:
        handle.truncate(1_500_000_000)  # sparse: costs no disk
    result = briefgen(inside, "check", memory=1024**3)
    assert (result.returncode, result.stdout) == (
        1,
        f"{LABOUR}:1:1: error: file is 1500000000 bytes; the limit is {MIB64}\n",
    )


def test_a_huge_seed_is_refused_before_reading(cli: Cli, inside: Path) -> None:
    with (inside / "seeds" / "huge.txt").open("wb") as handle:
        handle.truncate(2 * 1024**3)
    result = cli("check")
    assert result.code == 1
    assert result.out.splitlines() == [
        f"seeds/huge.txt:1:1: error: cannot read the seed: file is {2 * 1024**3} bytes; the limit is {MIB64}",
    ]


def test_a_fifo_seed_and_template_do_not_hang(inside: Path) -> None:
    os.mkfifo(inside / "seeds" / "pipe.txt")
    result = briefgen(inside, "check", timeout=60)
    assert result.returncode == 1
    assert "seeds/pipe.txt:1:1: error: the seed is not a regular file" in result.stdout.splitlines()


def test_an_output_linked_to_dev_zero_is_replaced(cli: Cli, inside: Path) -> None:
    (inside / "out").mkdir()
    (inside / "out" / "briefing.md").symlink_to("/dev/zero")
    result = cli("build", "-q", "--format", "md")
    assert (result.code, result.err) == (0, "")
    assert (inside / "out" / "briefing.md").is_file() and not (inside / "out" / "briefing.md").is_symlink()


def test_completion_and_the_preview_do_not_hang_on_a_fifo(inside: Path) -> None:
    (inside / "facts" / "themes.yaml").unlink()
    os.mkfifo(inside / "facts" / "themes.yaml")
    os.mkfifo(inside / "facts" / "pipe.yaml")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pathlib import Path\nfrom briefgen.editor.complete import _items\n"
            "from briefgen.editor.preview import fact_at\n"
            "print(_items(Path('facts/themes.yaml'), 'themes'), fact_at(Path('facts/pipe.yaml'), 3))\n",
        ],
        cwd=inside,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "[] None\n")
