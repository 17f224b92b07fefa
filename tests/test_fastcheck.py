"""``briefgen check`` at scale: the same problems as the reference check, cold or warm, in one
process or several; a cache that never serves a changed file and shrugs off a damaged entry; a
generated corpus whose broken passages are exactly what the check reports; and a check that
imports nothing it does not need."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import generate
from briefgen._speed.cache import Cache
from briefgen._speed.files import Reads
from briefgen._speed.manifest import inputs_digest
from briefgen.check import per_file
from briefgen.check import runner as fastcheck
from briefgen.check.rules import check
from briefgen.project.load import load_corpus

from .conftest import REPO, edit


def reference(root: Path) -> list[str]:
    return [str(p) for p in check(load_corpus(root)).sorted()]


def fast(root: Path, jobs: int | None, cache: Cache) -> list[str]:
    return [str(p) for p in fastcheck.check_project(root, jobs=jobs, cache=cache).sorted()]


def forget_reports(cache: Cache) -> None:
    """Drop the whole-report entries, so that the next check reads each file's cached result."""
    assert cache.folder is not None
    for entry in cache.folder.glob("report-*.bin"):
        entry.unlink()


def assert_same_everywhere(root: Path, cache_home: Path) -> list[str]:
    """Cold, warm from the report, warm from each file's result; one worker and two: always
    the reference's problems and summary."""
    expected = reference(root)
    summary = check(load_corpus(root)).summary()
    for jobs in (1, 2):
        cache = Cache(root, cache_home / f"jobs{jobs}")
        assert fast(root, jobs, cache) == expected, (jobs, "cold")
        assert fast(root, jobs, cache) == expected, (jobs, "warm: the report")
        forget_reports(cache)
        assert fast(root, jobs, cache) == expected, (jobs, "warm: each file's result")
        assert fastcheck.check_project(root, jobs=jobs, cache=cache).summary() == summary
    return expected


EDITS = [
    ("facts/labour.yaml", "disputed the closure", "contested the closure"),
    ("facts/labour.yaml", "- seed: gazette.txt", "- seed: nowhere.txt"),
    ("facts/labour.yaml", "- seed: gazette.txt", "- seed: ../gazette.txt"),
    ("facts/labour.yaml", "themes: [labour, pier]", "themes: [pier, peir]"),
    ("facts/labour.yaml", "id: union-disputes", "id: pier-closed"),
    ("facts/labour.yaml", "    credibility: 3\n", "    credibility: 1\n"),
    ("facts/labour.yaml", "      by: Test Editor\n", ""),
    ("facts/labour.yaml", "      status: reviewed\n", "      status: draft\n"),
    ("facts/labour.yaml", "facts:\n", "facts: [\n"),
    ("facts/labour.yaml", "facts:\n", "\tfacts:\n"),
    ("facts/pier.yaml", "    credibility: 4\n", "    credibility: 4\n    credibility: 5\n"),
    ("facts/pier.yaml", "    credibility: 4\n", "    credibilty: 4\n"),
    (
        "facts/pier.yaml",
        "      - type: contradicts\n        fact: pier-closed\n",
        "      - type: corroborates\n        fact: pier-closed\n",
    ),
    ("facts/pier.yaml", "        fact: pier-closed\n", "        fact: ghost-fact\n"),
    ("facts/themes.yaml", "rests_on: [union-disputes]", "rests_on: [ghost]"),
    ("facts/themes.yaml", "  - id: labour\n", "  - id: pier\n"),
    ("facts/sources.yaml", "sha256: 901e", "sha256: 000e"),
    ("facts/sources.yaml", "  - file: blog.txt\n", "  - file: blogg.txt\n"),
]


@pytest.mark.parametrize(("path", "old", "new"), EDITS, ids=[f"{p}:{o[:20]}" for p, o, _ in EDITS])
def test_fixture_edits_give_the_reference_problems(
    mini: Path, own_cache: Path, path: str, old: str, new: str
) -> None:
    edit(mini / path, old, new)
    assert assert_same_everywhere(mini, own_cache), "the edit should cause a problem"


def test_a_cited_file_of_seeds_that_is_not_a_seed_is_reported(mini: Path, own_cache: Path) -> None:
    (mini / "seeds" / "notes.md").write_bytes((mini / "seeds" / "gazette.txt").read_bytes())
    edit(mini / "facts" / "labour.yaml", "- seed: gazette.txt", "- seed: notes.md")
    assert assert_same_everywhere(mini, own_cache) == [
        f"{mini}/facts/labour.yaml:7:15: error: seed 'notes.md' is not a .txt file: only the .txt "
        "files of seeds/ are read as seeds"
    ]


def test_clean_fixture_and_missing_or_odd_files(mini: Path, own_cache: Path) -> None:
    assert assert_same_everywhere(mini, own_cache) == []
    (mini / "facts" / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    (mini / "facts" / "dir.yaml").mkdir()
    (mini / "facts" / "bom.yaml").write_bytes(b"\xef\xbb\xbffacts: []\n")
    (mini / "seeds" / "extra.txt").write_text("Unregistered.\n", encoding="utf-8")
    (mini / "seeds" / "latin1.txt").write_bytes(b"caf\xe9\n")
    assert len(assert_same_everywhere(mini, own_cache)) >= 6


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = generate(tmp_path_factory.mktemp("gen") / "g", facts=600, seeds=20, themes=4, broken_share=0.05)
    return made.root


def test_generated_corpus_flags_exactly_its_broken_passages(tmp_path: Path, own_cache: Path) -> None:
    made = generate(tmp_path / "g", facts=400, seeds=16, themes=3, broken_share=0.05)
    report = fastcheck.check_project(made.root, cache=Cache(made.root, own_cache))
    flagged = sorted((str(Path(p.path).relative_to(made.root)), p.line, p.column) for p in report.sorted())
    assert flagged == made.broken
    assert len(made.broken) == 20
    assert all(
        p.severity == "error" and p.message.startswith("passage not found in ") for p in report.problems
    )
    assert reference(made.root) == [str(p) for p in report.sorted()]


def test_generated_corpus_with_cross_file_problems(generated: Path, tmp_path: Path, own_cache: Path) -> None:
    import shutil

    root = tmp_path / "g"
    shutil.copytree(generated, root)
    files = sorted(p for p in (root / "facts").glob("*.yaml") if p.stem not in ("sources", "themes"))
    first, second = files[0], files[1]
    second_id = next(
        line.split(": ")[1] for line in second.read_text().splitlines() if line.startswith("  - id: ")
    )
    text = first.read_text(encoding="utf-8")
    first_id = next(line.split(": ")[1] for line in text.splitlines() if line.startswith("  - id: "))
    text = text.replace(f"  - id: {first_id}\n", f"  - id: {second_id}\n", 1)  # a duplicate id across files
    text = text.replace("        fact: ", "        fact: gone-", 1)  # a relation to no fact
    first.write_text(text, encoding="utf-8")
    problems = assert_same_everywhere(root, own_cache)
    assert any("duplicate fact id" in p for p in problems)
    assert any("unknown fact 'gone-" in p for p in problems)


def test_a_changed_file_is_never_served_from_the_cache(
    generated: Path, tmp_path: Path, own_cache: Path
) -> None:
    import shutil

    root = tmp_path / "g"
    shutil.copytree(generated, root)
    cache = Cache(root, own_cache)
    before = fast(root, 2, cache)
    target = sorted((root / "facts").glob("*.yaml"))[0]
    text = target.read_text(encoding="utf-8")
    changed = text.replace("    credibility: 3\n", "    credibility: 7\n", 1)
    assert changed != text
    target.write_text(changed, encoding="utf-8")  # same size class, possibly the same mtime
    after = fast(root, 2, cache)
    assert after == reference(root) and after != before
    target.write_text(text, encoding="utf-8")
    assert fast(root, 2, cache) == before
    forget_reports(cache)
    target.write_text(changed, encoding="utf-8")
    assert fast(root, 2, cache) == after


def test_a_changed_seed_reaches_every_cached_result(mini: Path, own_cache: Path) -> None:
    cache = Cache(mini, own_cache)
    assert fast(mini, 1, cache) == []
    seed = mini / "seeds" / "gazette.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("disputed", "contested"), encoding="utf-8")
    assert fast(mini, 1, cache) == reference(mini)
    assert any("passage not found" in p for p in reference(mini))


@pytest.mark.parametrize("change", ["file-created", "file-removed", "folder-removed"])
def test_a_seed_link_whose_target_comes_or_goes_reaches_every_cached_result(
    mini: Path, own_cache: Path, change: str
) -> None:
    """A citation of a seed that cannot be read is an unknown seed only if no such file exists,
    through links: the target of a link out of seeds/ appearing or going must not be answered
    from a report or a file result cached before (the names in seeds/ stay the same)."""
    outside = mini.parent / "outside.txt"
    seed = mini / "seeds" / "blog.txt"
    data = seed.read_bytes()
    seed.unlink()
    seed.symlink_to(outside)
    if change == "file-removed":
        outside.write_bytes(data)
    elif change == "folder-removed":
        outside.mkdir()
    cache = Cache(mini)
    assert fast(mini, 1, cache) == reference(mini)
    if change == "file-created":
        outside.write_bytes(data)
    elif change == "file-removed":
        outside.unlink()
    else:
        outside.rmdir()
    problems = fast(mini, 1, cache)
    assert problems == reference(mini)
    assert any("unknown seed 'blog.txt'" in p for p in problems) == (change != "file-created")
    forget_reports(cache)
    assert fast(mini, 1, cache) == problems


def _readers() -> list[Any]:
    """The modules that read a project's files, each through ``files.read_file``."""
    from briefgen._speed import manifest
    from briefgen.check import per_file
    from briefgen.project import seeds, yamlfile

    return [manifest, per_file, yamlfile, seeds]


def test_a_fact_file_that_cannot_be_read_is_reported_not_raised(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the reference says it, in one process or several, and without keeping the message in
    the cache, which keys results on content. (A mode of 000 does not stop root, who may run the
    tests: the refusal is simulated.)"""
    import errno

    from briefgen._speed import files

    target = mini / "facts" / "labour.yaml"
    read_file = files.read_file

    def refusing(path: str, *limit: int) -> bytes:
        if path == str(target):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return read_file(path, *limit)

    for module in _readers():
        monkeypatch.setattr(module, "read_file", refusing)
    expected = f"{target}:1:1: error: cannot read the file: Permission denied"
    assert reference(mini) == [expected]
    for jobs in (1, 2):
        assert fast(mini, jobs, Cache(mini)) == [expected]
    monkeypatch.undo()
    assert fast(mini, 1, Cache(mini)) == reference(mini) == []


def test_a_seed_that_cannot_be_read_is_reported_not_raised(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the seed, once (its citations say nothing more), by the reference and the fast check
    alike. (Simulated, as root reads a file of mode 000.)"""
    import errno

    from briefgen._speed import files

    target = str(mini / "seeds" / "blog.txt")
    read_file = files.read_file

    def refusing(path: str, *limit: int) -> bytes:
        if path == target:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return read_file(path, *limit)

    for module in _readers():
        monkeypatch.setattr(module, "read_file", refusing)
    expected = [f"{mini}/seeds/blog.txt:1:1: error: cannot read the seed: Permission denied"]
    assert reference(mini) == expected
    for jobs in (1, 2):
        assert fast(mini, jobs, Cache(mini)) == expected


def test_a_damaged_cache_entry_is_ignored(generated: Path, own_cache: Path) -> None:
    cache = Cache(generated, own_cache)
    expected = fast(generated, 1, cache)
    assert cache.folder is not None
    entries = sorted(cache.folder.glob("facts-*.bin"))
    assert entries
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # truncated
    entries[1].write_bytes(entries[1].read_bytes()[:-1] + b"\x00")  # one byte flipped
    entries[2].write_bytes(b"")
    for report in cache.folder.glob("report-*.bin"):
        report.write_bytes(report.read_bytes()[:-3])
    assert fast(generated, 1, Cache(generated, own_cache)) == expected
    assert len(list(cache.folder.glob("facts-*.bin"))) == len(entries)  # rewritten


def test_cache_off_still_checks(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE", "off")
    cache = Cache(mini)
    assert not cache.enabled
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    assert fast(mini, None, cache) == reference(mini)


def test_check_imports_neither_weasyprint_nor_jinja(mini: Path) -> None:
    program = (
        "import sys\n"
        "from briefgen.cli import main\n"
        f"sys.argv = ['briefgen', 'check', '--root', {str(mini)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'weasyprint', 'jinja2', 'markupsafe', 'pydyf', 'fontTools', 'tinycss2', 'cssselect2', 'PIL'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


@pytest.mark.parametrize(
    "args",
    [[], ["--strict"], ["--format", "json"], ["--format=github"], ["--format", "text", "--strict"]],
)
def test_quick_check_prints_what_the_cli_prints(mini: Path, args: list[str]) -> None:
    """``briefgen check`` answered before typer loads says exactly what the typer command says."""
    import os

    from typer.testing import CliRunner

    from briefgen.cli import app

    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    edit(
        mini / "facts" / "pier.yaml",
        "    credibility: 2\n    review:\n      status: reviewed\n",
        "    credibility: 2\n    review:\n      status: draft\n",
    )
    full = CliRunner().invoke(app, ["check", "--root", str(mini), *args])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    quick = subprocess.run(
        [sys.executable, "-m", "briefgen", "check", "--root", str(mini), *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert (quick.returncode, quick.stdout, quick.stderr) == (full.exit_code, full.stdout, full.stderr)


def test_unregistered_seed_is_reported_at_the_citation(mini: Path) -> None:
    """Reported by a corpus rule (the registry is read once), at the citation, as before."""
    edit(mini / "facts" / "sources.yaml", "  - file: blog.txt\n", "  - file: blogg.txt\n")
    expected = [
        "facts/pier.yaml:31:15: error: seed 'blog.txt' is not registered in sources.yaml",
        "facts/sources.yaml:1:1: warning: seed 'blog.txt' is in seeds/ but not registered here",
        "facts/sources.yaml:17:11: error: registered seed 'blogg.txt' is not in seeds/",
    ]
    assert [p.removeprefix(f"{mini}/") for p in reference(mini)] == expected
    assert [p.removeprefix(f"{mini}/") for p in fast(mini, 2, Cache(mini))] == expected


def test_the_whole_report_is_reused_only_while_nothing_changed(mini: Path, own_cache: Path) -> None:
    cache = Cache(mini, own_cache)
    assert fast(mini, 1, cache) == []
    (mini / "seeds" / "extra.txt").write_text("Unregistered.\n", encoding="utf-8")
    assert fast(mini, 1, cache) == reference(mini) != []
    edit(mini / "facts" / "sources.yaml", "sources:\n", "# a comment\nsources:\n")
    assert fast(mini, 1, cache) == reference(mini)
    (mini / "seeds" / "extra.txt").unlink()
    assert fast(mini, 1, cache) == [] == reference(mini)


@pytest.mark.fast_reader_only  # libyaml is PyYAML
@pytest.mark.parametrize("project", ["mini", "shipped"])
def test_the_check_command_imports_neither_weasyprint_nor_jinja(mini: Path, project: str) -> None:
    """The real entry point (``python -m briefgen check``), as ``-X importtime`` lists its imports:
    never the output's libraries, nor PyYAML for a check answered from the cache. (typer itself
    imports pydantic to convert option values: see the next test for the library alone.)"""
    import os

    root = mini if project == "mini" else REPO
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for run in ("cold", "warm"):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "briefgen", "check", "--root", str(root)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        imported = {
            line.split("|")[-1].strip() for line in done.stderr.splitlines() if "import time:" in line
        }
        assert "briefgen._speed.cache" in imported
        never = {"weasyprint", "jinja2", "markupsafe", "pydyf", "ruamel"}
        if run == "warm":
            never |= {"yaml"}
        assert {m for m in imported if m.split(".")[0] in never} == set(), run


@pytest.mark.fast_reader_only  # libyaml is PyYAML
def test_a_check_answered_from_the_cache_imports_neither_pydantic_nor_yaml(mini: Path) -> None:
    """pydantic and PyYAML are imported only when a file is read and validated: not by a check
    whose report is in the cache (``Project(root).check()`` in a program)."""
    program = (
        "import sys\n"
        "from briefgen import Project\n"
        f"print(Project({str(mini)!r}).check().summary())\n"
        "heavy = {'pydantic', 'pydantic_core', 'yaml', 'weasyprint', 'jinja2', 'ruamel'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    cold = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert cold.stdout.splitlines() == ["0 errors, 0 warnings", "['pydantic', 'pydantic_core']"]
    warm = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert warm.stdout.splitlines() == ["0 errors, 0 warnings", "[]"]


def test_the_check_goes_on_from_the_bytes_its_digest_was_made_of(mini: Path, own_cache: Path) -> None:
    """A file edited between the digest and the check must not make a report filed under the
    old content's digest: the check uses the very bytes the digest read."""
    reads: Reads = {}
    inputs = inputs_digest(mini, None, reads)
    assert str(mini / "facts" / "labour.yaml") in reads
    assert str(mini / "seeds" / "gazette.txt") in reads
    assert all(hashlib.sha256(data).hexdigest() == sha256 for data, sha256 in reads.values())
    edit(mini / "facts" / "labour.yaml", "disputed the closure", "contested the closure")
    cache = Cache(mini)
    report = fastcheck.check_project(mini, cache=cache, reads=reads)
    assert report.problems == []  # the bytes read before the edit, which are clean
    assert cache.report(inputs) == report
    assert fast(mini, None, cache) == reference(mini) != []  # the edit, now read, is reported


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        ("facts/sources.yaml", "kind: opinion", "kind: opinon"),
        ("facts/themes.yaml", "order: 2", "order: 0"),
        ("facts/gazetteer.yaml", "lat: 34.89", "lat: 134.89"),
        ("facts/labour.yaml", None, None),  # empty when the digest read it
        ("seeds/blog.txt", None, None),
    ],
)
def test_a_report_is_filed_under_the_digest_of_the_bytes_it_was_made_of(
    mini: Path, path: str, old: str | None, new: str | None
) -> None:
    """Every file the check reads must be read from the digest's bytes, or a file edited between
    the digest and the check files a report under the old content's digest, which is served
    once the old content is back (an edit undone: its problems, or the absence of them)."""
    target = mini / path
    before = target.read_bytes()
    if old is None:
        target.write_bytes(b"")
    reads: Reads = {}
    inputs_digest(mini, None, reads)  # the bytes the check then goes on from
    if old is None:
        target.write_bytes(before)
    else:
        edit(target, old, new or "")
    cache = Cache(mini)
    fastcheck.check_project(mini, cache=cache, reads=reads)
    target.write_bytes(b"" if old is None else before)  # the bytes the digest was made of
    expected = reference(mini)
    assert (expected != []) == (old is None)
    assert fast(mini, None, cache) == expected


def test_code_digests_cover_every_source_and_installed_library() -> None:
    """What a cached result, and the whole report, are keyed on besides the inputs: each source
    file of briefgen by name and bytes, each schema file the check compiles, each installed
    distribution by its dist-info folder name, and Python itself (its Unicode database too)."""
    import hashlib
    import importlib.util
    import unicodedata

    from briefgen._speed import manifest
    from briefgen._speed.cache import digest

    spec = importlib.util.find_spec("weasyprint")
    assert spec is not None and spec.origin
    folders = sorted(p.name for p in Path(spec.origin).parent.parent.glob("*.dist-info"))
    assert folders and manifest.libraries_digest() == hashlib.sha256("\n".join(folders).encode()).hexdigest()
    hasher = hashlib.sha256(manifest.libraries_digest().encode())
    hasher.update(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    package = Path(fastcheck.__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        hasher.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    assert manifest.code_digest() == hasher.hexdigest()
    assert per_file._code_version() == digest(hasher.hexdigest(), sys.version, unicodedata.unidata_version)


@pytest.mark.parametrize("what", ["python", "unicode"])
def test_the_whole_report_is_keyed_on_python_and_its_unicode_database(
    mini: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """The file results were, the whole report was not: another Python using the same cache
    (the same libraries, the same briefgen) was answered with a report whose passages were
    matched with another Unicode database."""
    import unicodedata

    from briefgen._speed import manifest

    monkeypatch.setattr(manifest, "_CODE", [])
    before = manifest.inputs_digest(mini, None)
    monkeypatch.setattr(manifest, "_CODE", [])
    if what == "python":
        monkeypatch.setattr(sys, "version", f"{sys.version} (another build)")
    else:
        monkeypatch.setattr(unicodedata, "unidata_version", "99.0.0")
    assert manifest.inputs_digest(mini, None) != before


def test_a_digest_depends_on_the_values_alone() -> None:
    """Not on whether other references to the same objects exist (which marshal would mark)."""
    from briefgen._speed.cache import digest

    held = "".join(["sha", "256"])
    assert digest(held, [held, 1, b"x"]) == digest(
        "".join(["sha", "256"]), ["".join(["sha", "256"]), 1, b"x"]
    )
    assert digest("a", ["b"]) != digest("a", ("b",)) != digest("ab")


def test_a_gazetteer_edit_reaches_every_cached_file_result(mini: Path, own_cache: Path) -> None:
    """Each fact's reference names the places its statement names, so a file's cached result
    depends on the gazetteer: a changed spelling must not be answered from the cache."""
    cache = Cache(mini)
    assert fast(mini, 1, cache) == [] == reference(mini)
    edit(mini / "facts" / "gazetteer.yaml", "spellings: [north pier]", "spellings: [northern pier]")
    forget_reports(cache)
    problems = fast(mini, 1, cache)
    assert problems == reference(mini)
    assert any("no fact statement names 'north-pier'" in p for p in problems)
