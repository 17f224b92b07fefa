"""One check path: every command that checks goes through the cached, parallel runner, which
checks edits held in memory (``add``, ``review``) and exactly the bytes a build digested."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefgen import CheckFailed, Project
from briefgen._speed.files import overlay
from briefgen.check import rules, runner
from briefgen.output import up_to_date
from briefgen.project.load import load_corpus

from .conftest import Result, edit, snapshot

Cli = Callable[..., Result]


def reference(root: Path) -> list[str]:
    return [str(p) for p in rules.check(load_corpus(root)).sorted()]


def test_every_command_that_checks_goes_through_the_runner(
    mini: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reference check (load everything, run every rule) is for the tests alone."""
    calls: list[int] = []
    real = runner._check

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    def refused(*_: Any) -> Any:
        raise AssertionError("a command ran the reference check")

    monkeypatch.setattr(rules, "check", refused)
    monkeypatch.setattr(runner, "_check", counted)
    assert cli("check", "--root", mini).code == 0
    assert cli("build", "--root", mini, "--format", "md", "-q").code == 0
    assert "the check failed" not in cli("coverage", "--root", mini).err
    assert len(calls) == 1  # the report of the first check served the others
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    assert "the check failed" in cli("coverage", "--root", mini).err
    assert cli("build", "--root", mini, "--format", "md", "-q").code == 1
    added = cli(
        "add", "--root", mini, "--theme", "pier", "--seed", "gazette.txt",
        "--passage", "The mayor's office said the closure will last at least two weeks.",
        "--statement", "The mayor's office said the closure would last two weeks.",
    )  # fmt: skip
    assert added.code == 0, added.err
    done = cli("review", "--root", mini, "pier-closed", "--by", "A. Editor", "--on", "2021-03-05")
    assert done.code == 0, done.err
    assert len(calls) == 4  # the edited corpus, the added fact, the reviewed fact


def test_an_edit_is_checked_in_memory_as_if_written(mini: Path) -> None:
    labour = mini / "facts" / "labour.yaml"
    before = snapshot(mini)
    broken = labour.read_bytes().replace(b"disputed the closure", b"contested the closure")
    new = b"facts:\n  - id: x\n"
    edited = overlay(mini, {"facts/labour.yaml": broken, "facts/extra.yaml": new})
    in_memory = [str(p) for p in runner.check_project(mini, reads=dict(edited)).sorted()]
    assert snapshot(mini) == before  # nothing written
    labour.write_bytes(broken)
    (mini / "facts" / "extra.yaml").write_bytes(new)
    assert in_memory == reference(mini) != []
    assert any(line.startswith(f"{mini}/facts/extra.yaml:") for line in in_memory)


def test_an_overlay_holds_files_of_facts_only(mini: Path) -> None:
    for relative in ("seeds/gazette.txt", "facts/../seeds/x.txt", "facts/", "templates/briefing.md.j2"):
        with pytest.raises(ValueError, match="an overlay holds files of facts/ only"):
            overlay(mini, {relative: b""})


def test_add_and_review_copy_nothing(mini: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited corpus is checked in memory: no scratch copy of facts/ is made."""
    import shutil
    import tempfile

    def refused(*_: Any, **__: Any) -> Any:
        raise AssertionError("a scratch folder was made")

    monkeypatch.setattr(shutil, "copytree", refused)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", refused)
    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    done = cli("review", "--root", mini, "pier-closed", "--by", "A. Editor", "--on", "2021-03-05")
    assert done.code == 0, done.err


def test_a_fact_file_edited_mid_build_is_never_recorded_as_checked(
    mini: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14, item 5: the build digests a broken file, the file is fixed before it is read
    again, and set back to broken afterwards. The build must check (and so refuse) the bytes it
    digested; the next build must not say "up to date" while the file is broken."""
    labour = mini / "facts" / "labour.yaml"
    clean = labour.read_bytes()
    broken = clean.replace(b"disputed the closure", b"contested the closure")
    labour.write_bytes(broken)
    real = up_to_date.inputs_digest

    def digest_then_fix(*args: Any) -> str:
        made = real(*args)
        labour.write_bytes(clean)  # an editor saves the fix just after the digest
        return made

    monkeypatch.setattr(up_to_date, "inputs_digest", digest_then_fix)
    with pytest.raises(CheckFailed):
        Project(mini).build(formats=["md"])
    monkeypatch.setattr(up_to_date, "inputs_digest", real)
    labour.write_bytes(broken)
    again = cli("build", "--root", mini, "--format", "md")
    assert again.code == 1
    assert "up to date" not in again.err
    assert again.err.splitlines()[-1] == "briefgen: nothing written: the check failed"
    assert cli("check", "--root", mini).code == 1


def test_a_build_renders_the_bytes_it_checked(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other way round: a clean file digested, then broken before it is read again, builds
    the clean content it checked (and records that content, not the broken one)."""
    labour = mini / "facts" / "labour.yaml"
    clean = labour.read_bytes()
    broken = clean.replace(b"disputed the closure", b"contested the closure")
    real = up_to_date.inputs_digest

    def digest_then_break(*args: Any) -> str:
        made = real(*args)
        labour.write_bytes(broken)
        return made

    monkeypatch.setattr(up_to_date, "inputs_digest", digest_then_break)
    Project(mini).build(formats=["md"])
    monkeypatch.setattr(up_to_date, "inputs_digest", real)
    assert b"disputed the closure" in (mini / "out" / "briefing.md").read_bytes()
    with pytest.raises(CheckFailed):
        Project(mini).build(formats=["md"])  # the broken bytes, now digested, are refused


@pytest.mark.fast_reader_only
@pytest.mark.parametrize(("setting", "used"), [("", True), ("off", False), ("OFF", False), ("on", True)])
def test_one_switch_turns_the_fast_reader_off(
    mini: Path, monkeypatch: pytest.MonkeyPatch, setting: str, used: bool
) -> None:
    from briefgen._speed import fastyaml

    parsed: list[int] = []
    real = fastyaml.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        parsed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fastyaml, "parse", counted)
    monkeypatch.setenv("BRIEFGEN_FAST_READER", setting)
    assert runner.check_project(mini).problems == []
    assert bool(parsed) == used
