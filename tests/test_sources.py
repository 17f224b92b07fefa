"""init, source add and pin: a new project, sources from text, web pages, PDFs and Word
documents, and re-pinning a corrected seed (with the reviews it voids)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import Result, edit, snapshot

Cli = Callable[..., Result]
BIN = Path(sys.executable).parent

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Canal blocked by grounded ship | Harbour Times</title>
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2021-03-24T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Canal blocked by grounded ship</h1>
<p>A container ship ran aground in the canal on Tuesday, blocking traffic in both directions, the canal authority said.</p>
<p>Tugboats worked through the night to free the vessel, which is about 400 metres long.</p>
<p>“We expect the work to take days,” a spokesman for the authority told reporters.</p>
</article>
<footer>© 2021 Harbour Times. All rights reserved.</footer>
</body></html>
"""

PAGE_SEED = (
    "Canal blocked by grounded ship\n\n"
    "A container ship ran aground in the canal on Tuesday, blocking traffic in both directions, the canal authority said.\n\n"
    "Tugboats worked through the night to free the vessel, which is about 400 metres long.\n\n"
    "“We expect the work to take days,” a spokesman for the authority told reporters.\n"
)


def pdf_of(html: str, path: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)
    return path


@pytest.fixture
def project(cli: Cli, tmp_path: Path) -> Path:
    root = tmp_path / "canal"
    result = cli("init", root, "--title", "The canal blockage")
    assert result.code == 0, result.err
    return root


def test_init_writes_a_project_that_checks_clean(cli: Cli, project: Path) -> None:
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/briefing.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "facts/sources.yaml",
        "facts/themes.yaml",
        "schema/export.schema.json",
        "schema/facts.schema.json",
        "schema/gazetteer.schema.json",
        "schema/sources.schema.json",
        "schema/themes.schema.json",
        "seeds/.gitkeep",
    ]
    assert (project / "facts" / "themes.yaml").read_text(encoding="utf-8").splitlines()[:2] == [
        "# yaml-language-server: $schema=../schema/themes.schema.json",
        'title: "The canal blockage"',
    ]
    assert (
        (project / "facts" / "sources.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=../schema/sources.schema.json\n")
    )
    checked = cli("check", "--root", project, "--strict")
    assert (checked.code, checked.out, checked.err) == (0, "", "0 errors, 0 warnings\n")
    assert cli("schema", "--check", "--root", project).code == 0


def test_init_pre_commit_config_and_workflow_validate(project: Path) -> None:
    done = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        capture_output=True, text=True, cwd=project, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    hooks = YAML(typ="safe").load((project / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert [hook["entry"] for hook in hooks] == ["briefgen check --strict", "briefgen schema --check"]
    workflow = project / ".github" / "workflows" / "briefing.yml"
    done = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    runs = [
        step.get("run", "")
        for step in YAML(typ="safe").load(workflow.read_text())["jobs"]["briefing"]["steps"]
    ]
    assert "briefgen check --strict --format github" in runs
    assert any("briefgen build --strict" in run for run in runs)


def test_init_refuses_a_folder_that_is_not_empty(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    before = snapshot(tmp_path)
    result = cli("init", tmp_path)
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == f"briefgen: error: {tmp_path} is not empty: init writes a project into a new or empty folder\n"
    )
    assert snapshot(tmp_path) == before
    (tmp_path / "notes.txt").unlink()
    (tmp_path / ".git").mkdir()
    assert cli("init", tmp_path).code == 0  # a fresh git repository counts as empty


def test_source_add_a_web_page(cli: Cli, project: Path, tmp_path: Path) -> None:
    page = tmp_path / "canal.html"
    page.write_text(PAGE, encoding="utf-8")
    sha = hashlib.sha256(PAGE_SEED.encode()).hexdigest()
    name = f"000_{sha[:16]}.txt"
    result = cli("source", "add", page, "--kind", "news-report", "--url", "https://example.org/canal",
                 "--retrieved", "2021-03-25", "--root", project)  # fmt: skip
    assert result.code == 0, result.err
    assert (project / "seeds" / name).read_text(encoding="utf-8") == PAGE_SEED
    original = project / "seeds" / "originals" / name.replace(".txt", ".html")
    assert original.read_bytes() == page.read_bytes()
    page_sha = hashlib.sha256(page.read_bytes()).hexdigest()
    import trafilatura

    how = f"trafilatura {trafilatura.__version__}"
    assert result.out.splitlines() == [
        f"{project}/seeds/{name}: {len(PAGE_SEED)} characters from {page} ({how})",
        f"{original}: the original, sha256 {page_sha}",
        f"{project}/facts/sources.yaml:6: registered {name}, sha256 {sha}",
    ]
    assert result.err.splitlines() == [
        'briefgen: taken from the file\'s metadata, check them: title "Canal blocked by grounded ship"; '
        'publisher "Harbour Times"; author "Jane Roe"; published "2021-03-24"',
        "briefgen: still to supply in facts/sources.yaml: the reliability grade and its rationale "
        "(--reliability, --rationale)",
    ]
    sources = (project / "facts" / "sources.yaml").read_text(encoding="utf-8")
    assert sources.endswith(
        "sources:\n"
        f"  - file: {name}\n"
        f"    sha256: {sha}\n"
        '    title: "Canal blocked by grounded ship"\n'
        '    publisher: "Harbour Times"\n'
        f'    publisher_basis: "the page\'s site name, read by {how}"\n'
        '    author: "Jane Roe"\n'
        '    label: "Harbour Times"\n'
        "    published:\n"
        "      date: 2021-03-24\n"
        f'      basis: "the page\'s metadata, read by {how}"\n'
        "      inferred: false\n"
        "    kind: news-report\n"
        "    reliability:\n"
        "      grade: F\n"
        '      rationale: "not yet graded: say who wrote it, whom it relies on, what it is"\n'
        '    url: "https://example.org/canal"\n'
        "    retrieved: 2021-03-25\n"
        f"    original: {{file: {original.name}, sha256: {page_sha}}}\n"
    )
    checked = cli("check", "--root", project)
    assert checked.out == (
        f"{project}/facts/sources.yaml:20:18: warning: source '{name}' is not yet graded: give its "
        "reliability grade and the reason for it\n"
    )
    before = snapshot(project)
    again = cli("source", "add", page, "--kind", "news-report", "--root", project)
    assert (again.code, again.out) == (1, "")
    assert again.err == (
        f"briefgen: error: {page}: the same file as seeds/{name}, already registered "
        f"({project}/facts/sources.yaml:6); nothing to add\n"
    )
    assert snapshot(project) == before


def test_source_add_a_pdf_keeps_its_paragraphs(cli: Cli, project: Path, tmp_path: Path) -> None:
    pdf = pdf_of(PAGE, tmp_path / "canal.pdf")
    result = cli("source", "add", pdf, "--kind", "news-report", "--published", "2021-03-24",
                 "--published-basis", "the date line of the report", "--reliability", "B",
                 "--rationale", "A local paper quoting the canal authority on the record.", "--root", project)  # fmt: skip
    assert result.code == 0, result.err
    seed = next((project / "seeds").glob("000_*.txt"))
    text = seed.read_text(encoding="utf-8")
    from briefgen.project.paragraphs import paragraphs
    from briefgen.project.seeds import Seed

    found = [p.first_words for p in paragraphs(Seed(seed.name, text.encode(), text))]
    assert found == [
        "Home News",
        "Canal blocked by grounded ship",
        "A container ship ran aground in the canal …",
        "Tugboats worked through the night to free the …",
        "“We expect the work to take days,” a …",
        "© 2021 Harbour Times. All rights reserved.",
    ]
    assert text.endswith("\n") and "\n\n\n" not in text and "\f" not in text
    assert result.err == (
        "briefgen: taken from the file's metadata, check them: title \"Canal blocked by grounded ship | "
        'Harbour Times"; author "Jane Roe"\n'
        "briefgen: still to supply in facts/sources.yaml: the publisher, where the text names or implies "
        "it (publisher, publisher_basis)\n"
    )
    assert cli("check", "--root", project, "--strict").code == 0
    found = cli("find", "Tugboats worked through the night", "--root", project)
    assert found.code == 0 and f"seeds/{seed.name}:" in found.out


def test_the_same_file_gives_the_same_seed(cli: Cli, tmp_path: Path) -> None:
    pdf = pdf_of(PAGE, tmp_path / "canal.pdf")
    seeds = []
    for folder in ("one", "two"):
        assert cli("init", tmp_path / folder).code == 0
        assert cli("source", "add", pdf, "--kind", "relay", "--root", tmp_path / folder).code == 0
        seeds += [(p.name, p.read_bytes()) for p in (tmp_path / folder / "seeds").glob("*.txt")]
    assert len(seeds) == 2 and seeds[0] == seeds[1]


def test_a_text_file_with_a_paragraph_per_line(cli: Cli, project: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_bytes(
        "\ufeffThe canal reopened on 29 March.   \r\nTraffic resumed at once.\r\n\r\n\r\n".encode()
    )
    result = cli("source", "add", text, "--kind", "relay", "--title", "Notes", "--root", project)
    assert result.code == 0, result.err
    seed = next((project / "seeds").glob("000_*.txt"))
    assert seed.read_bytes() == b"The canal reopened on 29 March.\nTraffic resumed at once.\n"
    assert 'title: "Notes"\n' in (project / "facts" / "sources.yaml").read_text(encoding="utf-8")


def test_a_word_document(cli: Cli, project: Path, tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("The canal authority said the ship was refloated on Monday.")
    document.add_paragraph("Hundreds of ships had queued at both ends.")
    path = tmp_path / "statement.docx"
    document.save(str(path))
    result = cli("source", "add", path, "--kind", "news-report", "--root", project)
    assert result.code == 0, result.err
    seed = next((project / "seeds").glob("000_*.txt"))
    assert seed.read_text(encoding="utf-8") == (
        "The canal authority said the ship was refloated on Monday.\n\nHundreds of ships had queued at both ends.\n"
    )
    assert next((project / "seeds" / "originals").glob("000_*.docx")).read_bytes() == path.read_bytes()


def scanned(path: Path) -> None:
    pdf_of('<body><div style="width:8cm;height:8cm;background:#333"></div></body>', path)


def bytes_of(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data) and None


TEXT = bytes_of(b"Some text that is long enough.\n")


@pytest.mark.parametrize(
    ("suffix", "make", "args", "code", "err"),
    [
        (".pdf", scanned, (), 1, "briefgen: error: {file}: the PDF has no text layer (a scanned document?); "
         "run OCR on it (e.g. ocrmypdf) and add the result\n"),
        (".pdf", bytes_of(b"%PDF-1.4\nnot really a PDF\n"), (), 1, "briefgen: error: {file}: cannot read the PDF: "),
        (".txt", bytes_of(b" \n\n"), (), 1, "briefgen: error: {file}: the file is empty\n"),
        (".html", bytes_of(b"<html><head><title>Gallery</title></head><body><img src=a.png></body></html>"), (), 1,
         "briefgen: error: {file}: no text could be extracted from this web page\n"),
        (".txt", bytes_of(b"caf\xe9 au lait\n"), (), 1,
         "{file}:1:4: error: not UTF-8: byte 0xe9 cannot be decoded (convert the file to UTF-8 first)\n"),
        (".rtf", TEXT, (), 2,
         "briefgen: error: {file}: cannot read a '.rtf' file as a source (.txt, .html, .htm, .pdf, .docx)\n"),
        (".txt", lambda path: None, (), 2, "briefgen: error: {file}: cannot read the file: No such file or directory\n"),
        (".txt", TEXT, ("--published", "2021"), 2,
         "briefgen: error: --published and --published-basis go together: the date and how it is known\n"),
        (".txt", TEXT, ("--url", "javascript:alert(1)"), 2,
         "briefgen: error: --url: 'javascript:alert(1)' is not an http or https address\n"),
    ],
    ids=["scanned pdf", "broken pdf", "empty", "no text", "not utf-8", "unknown kind", "missing", "date without basis", "bad url"],
)  # fmt: skip
def test_bad_sources_are_refused_and_nothing_is_written(
    cli: Cli,
    project: Path,
    tmp_path: Path,
    suffix: str,
    make: Callable[[Path], None],
    args: tuple[str, ...],
    code: int,
    err: str,
) -> None:
    path = tmp_path / f"source{suffix}"
    make(path)
    before = snapshot(project)
    result = cli("source", "add", path, "--kind", "news-report", *args, "--root", project)
    assert (result.code, result.out) == (code, "")
    assert result.err.startswith(err.format(file=path)), result.err
    assert snapshot(project) == before


def test_pin_re_pins_a_correction_and_names_the_reviews_it_voids(cli: Cli, mini: Path) -> None:
    before = (mini / "facts" / "sources.yaml").read_text(encoding="utf-8")
    edit(mini / "seeds" / "gazette.txt", "will last at least two weeks", "will last at least three weeks")
    edit(
        mini / "seeds" / "gazette.txt",
        "repairs would take days.",
        "repairs would take days. They met on Tuesday.",
    )
    new = hashlib.sha256((mini / "seeds" / "gazette.txt").read_bytes()).hexdigest()
    result = cli("pin", "gazette.txt", "--root", mini)
    assert result.code == 0, result.err
    assert result.out == (
        f"{mini}/facts/sources.yaml:4: re-pinned gazette.txt: sha256 901e64d74df3… -> {new[:12]}…\n"
        f"{mini}/facts/labour.yaml:18:7: warning: reviewed content changed since the review: the seed "
        "paragraph around passage 1; re-read it, then: briefgen review union-disputes\n"
    )
    assert result.err == (
        "briefgen: the correction voids 1 review of the 2 facts citing gazette.txt; "
        "re-read each, then: briefgen review ID\n"
    )
    after = (mini / "facts" / "sources.yaml").read_text(encoding="utf-8").splitlines()
    assert [a for a, b in zip(after, before.splitlines(), strict=True) if a != b] == [f"    sha256: {new}"]
    checked = cli("check", "--root", mini)
    assert (checked.code, checked.err) == (0, "0 errors, 1 warning\n")
    again = cli("pin", "gazette.txt", "--root", mini)
    assert (
        again.out
        == f"{mini}/facts/sources.yaml:4: gazette.txt is pinned already (sha256 {new[:12]}…); nothing written\n"
    )


@pytest.mark.parametrize(
    ("seed", "code", "err"),
    [
        (
            "nothere.txt",
            2,
            "briefgen: error: seed 'nothere.txt' is not registered in facts/sources.yaml (briefgen source add registers a new source)\n",
        ),
        (
            "../etc/passwd",
            2,
            "briefgen: error: seed '../etc/passwd' must be a bare file name inside seeds/ (no folder, no '..')\n",
        ),
    ],
)
def test_pin_refuses_what_it_cannot_pin(cli: Cli, mini: Path, seed: str, code: int, err: str) -> None:
    before = snapshot(mini)
    result = cli("pin", seed, "--root", mini)
    assert (result.code, result.out, result.err) == (code, "", err)
    assert snapshot(mini) == before


def test_pin_refuses_a_seed_that_is_no_longer_utf8(cli: Cli, mini: Path) -> None:
    (mini / "seeds" / "blog.txt").write_bytes(b"caf\xe9\n")
    before = snapshot(mini)
    result = cli("pin", "blog.txt", "--root", mini)
    assert result.code == 1
    assert result.err == (
        f"{mini}/seeds/blog.txt:1:4: error: not UTF-8: byte 0xe9 cannot be decoded\n"
        "briefgen: nothing written: the seed cannot be pinned\n"
    )
    assert snapshot(mini) == before


def test_pin_and_omit_take_a_seed_by_its_number_as_add_does(cli: Cli, project: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("The canal reopened on 29 March.\n\nTraffic resumed at once.\n", encoding="utf-8")
    assert cli("source", "add", text, "--kind", "relay", "--root", project).code == 0
    seed = next((project / "seeds").glob("000_*.txt"))
    seed.write_text("The canal reopened on 29 March.\n\nTraffic resumed at once, the authority said.\n")
    pinned = cli("pin", "000", "--root", project)
    assert (pinned.code, pinned.out.startswith(f"{project}/facts/sources.yaml:7: re-pinned {seed.name}")) == (
        0,
        True,
    )
    omitted = cli(
        "omit", "000", "--line", "3", "--reason", "the traffic bears on no theme", "--root", project
    )
    assert (omitted.code, omitted.err) == (0, "")
    assert "reason: " in (project / "facts" / "sources.yaml").read_text(encoding="utf-8")
    unknown = cli("omit", "001", "--line", "1", "--reason", "no such seed here", "--root", project)
    assert (unknown.code, unknown.err) == (
        2,
        f"briefgen: error: unknown seed '001': no such file in seeds/ (seeds: {seed.name})\n",
    )
