"""Every output checked by the tools browsers and publishers use.

- HTML (briefings, source viewer) and SVG: the Nu Html Checker (vnu-jar) finds no error;
  axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) finds no violation in headless Chromium.
- Markdown: every footnote reference has a definition and every definition a reference, and
  markdown-it-py (CommonMark with footnotes) renders it without raw HTML or a stray '[^'.
- PDF: ``qpdf --check`` is clean, ``pdffonts`` shows every font embedded, and ``pdftotext``
  finds every statement of the briefing's facts.

Both the shipped corpus and the fixture project are checked. Each validator is also shown a
broken input once, so a validator that silently checks nothing cannot pass these tests.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from briefgen.project.load import load_corpus

from .conftest import FIXTURES, REPO
from .validators import AXE_JS, VNU_JAR, npm_file, program

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def outputs(shipped: Path, mini_built: Path) -> list[Path]:
    """Both builds' output folders."""
    return [shipped, mini_built]


def files(folders: list[Path], *suffixes: str) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.suffix in suffixes)


# ---------------------------------------------------------------------------------------- HTML


def vnu(paths: list[Path]) -> list[str]:
    """The Nu Html Checker's errors on ``paths``, one line each."""
    java = program("java", "default-jre-headless")
    jar = npm_file(VNU_JAR, "vnu-jar")
    done = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--also-check-svg", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stderr or done.stdout)
    return [
        f"{unquote(m.get('url', '?'))}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]


def test_nu_html_checker_finds_no_error(outputs: list[Path]) -> None:
    checked = files(outputs, ".html", ".svg")
    assert len(checked) > 20
    errors = vnu(checked)
    assert not errors, "\n".join(errors)


def test_nu_html_checker_does_report_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html lang=en><title>x</title><p><div></p><img src=a.png>", encoding="utf-8"
    )
    assert vnu([bad])


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium driven by chromedriver, with no network service of its own."""
    chromium = program("chromium", "chromium")
    driver_path = program("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    with tempfile.TemporaryDirectory() as profile:
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def axe(browser: object, page: Path) -> tuple[list[str], int]:
    """axe-core's WCAG A/AA violations on a page (one line per rule), and how many rules passed."""
    script = npm_file(AXE_JS, "axe-core").read_text(encoding="utf-8")
    browser.get(page.resolve().as_uri())  # type: ignore[attr-defined]
    browser.execute_script(script)  # type: ignore[attr-defined]
    result = json.loads(
        browser.execute_async_script(  # type: ignore[attr-defined]
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
            ".catch(e => done(JSON.stringify({violations: [{id: 'axe-error', help: String(e), nodes: []}], passes: 0})));",
            AXE_TAGS,
        )
    )
    violations = [
        f"{page.name}: {v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]
    return violations, result["passes"]


def test_axe_finds_no_wcag_violation(browser: object, outputs: list[Path]) -> None:
    pages = files(outputs, ".html")
    found: list[str] = []
    for page in pages:
        violations, passes = axe(browser, page)
        assert passes > 10, f"axe checked almost nothing on {page}"
        found += violations
    assert not found, "\n".join(found)


def test_axe_does_report_violations(browser: object, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><title>x</title><p style="color:#ccc;background:#fff">faint</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
        encoding="utf-8",
    )
    violations, _ = axe(browser, bad)
    assert {v.split(": ")[1] for v in violations} >= {"html-has-lang", "image-alt", "color-contrast"}


class _Anchors(HTMLParser):
    """The ids a page defines and the addresses it points to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))


def anchors(page: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(page: Path, links: list[str], ids: dict[Path, set[str]]) -> list[str]:
    """The links of ``page`` that leave the folder or miss their file or anchor."""
    broken = []
    for link in links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            broken.append(f"{page}: {link}: points outside the output folder")
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
        if target not in ids and not target.is_file():
            broken.append(f"{page}: {link}: no such file")
        elif parts.fragment and parts.fragment not in ids.get(target, set()):
            broken.append(f"{page}: {link}: no element with id '{parts.fragment}'")
    return broken


def test_every_link_of_the_html_resolves(outputs: list[Path]) -> None:
    pages = files(outputs, ".html")
    parsed = {page.resolve(): anchors(page) for page in pages}
    ids = {page: found.ids for page, found in parsed.items()}
    broken = [b for page, found in parsed.items() for b in broken_links(page, found.links, ids)]
    assert not broken, "\n".join(broken)
    # The notes of the briefing and of a theme page (one folder down) reach the source viewer.
    for briefing in ("briefing.html", "themes/al-tanf.html"):
        links = parsed[(outputs[0] / briefing).resolve()].links
        assert any(re.match(r"(\.\./)?sources/[^#]+\.html#q-\d+-\d+$", link) for link in links), briefing


# ------------------------------------------------------------------------------------ Markdown


FACT_ANCHOR = re.compile(r'<a id="(fact-[a-z0-9]+(?:-[a-z0-9]+)*)">(?=</a>|$)')


def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").use(footnote_plugin)


def test_markdown_footnotes_match_and_render_cleanly(outputs: list[Path]) -> None:
    pages = files(outputs, ".md")
    parsed = {page.resolve(): anchors(page) for page in files(outputs, ".html")}
    ids = {page: found.ids for page, found in parsed.items()}
    assert len(pages) >= 9
    # A fact's number is an anchor, <a id="fact-…"></a>, the only HTML the Markdown may hold.
    ids.update({page.resolve(): set(FACT_ANCHOR.findall(page.read_text(encoding="utf-8"))) for page in pages})
    for page in pages:
        text = page.read_text(encoding="utf-8")
        definitions = re.findall(r"^\[\^([^\]\s]+)\]:", text, flags=re.MULTILINE)
        references = re.findall(r"\[\^([^\]\s]+)\](?!:)", text)
        assert definitions, page
        assert len(definitions) == len(set(definitions)), f"{page}: a footnote is defined twice"
        assert set(references) == set(definitions), f"{page}: references and definitions differ"
        tokens = markdown().parse(text)
        inline = [child for token in tokens for child in (token.children or [])]
        html = [t.content for t in [*tokens, *inline] if t.type in ("html_block", "html_inline")]
        assert html and all(FACT_ANCHOR.fullmatch(h) or h == "</a>" for h in html), page
        assert len(ids[page.resolve()]) == html.count("</a>"), f"{page}: a fact anchor is not unique"
        rendered = markdown().render(text)
        assert "[^" not in rendered, f"{page}: a footnote did not render"
        assert rendered.count('class="footnote-ref"') == len(references), page
        links = [
            str(t.attrs.get("src") or t.attrs.get("href")) for t in inline if t.type in ("image", "link_open")
        ]
        broken = broken_links(page, links, ids)
        assert not broken, "\n".join(broken)
        assert any(t.type == "image" for t in inline), f"{page}: no timeline or map"


def test_markdown_pictures_are_files_beside_it(shipped: Path) -> None:
    text = (shipped / "themes" / "rukban.md").read_text(encoding="utf-8")
    assert "](../timeline-rukban.svg)" in text and "](../map-rukban.svg)" in text
    assert (shipped / "timeline-rukban.svg").read_text(encoding="utf-8").startswith("<svg xmlns=")


# ----------------------------------------------------------------------------------------- PDF


def squeeze(text: str) -> str:
    """Text without spaces or hyphens: pdftotext may break a line at either and drop the hyphen."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010")


def statements(root: Path, pdf: Path) -> list[str]:
    """The statements a PDF must hold: all facts, or the facts of one theme."""
    facts = load_corpus(root).corpus.facts
    if pdf.parent.name == "themes":
        return [e.fact.statement for e in facts if pdf.stem in e.themes]
    return [e.fact.statement for e in facts]


@pytest.mark.parametrize(("root", "build"), [(REPO, "shipped"), (FIXTURES / "mini", "mini_built")])
def test_pdfs_are_clean_embed_their_fonts_and_hold_every_fact(
    root: Path, build: str, request: pytest.FixtureRequest
) -> None:
    qpdf = program("qpdf", "qpdf")
    pdffonts = program("pdffonts", "poppler-utils")
    pdftotext = program("pdftotext", "poppler-utils")
    out: Path = request.getfixturevalue(build)
    pdfs = files([out], ".pdf")
    assert pdfs
    for pdf in pdfs:
        check = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True, timeout=120)
        assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout
        fonts = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, f"{pdf}: no font"
        # Columns: name type encoding emb sub uni object-id generation; emb is 5th from the end.
        assert [r for r in rows if r.split()[-5] != "yes"] == [], f"{pdf}: a font is not embedded\n{fonts}"
        text = squeeze(
            subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        )
        missing = [s for s in statements(root, pdf) if squeeze(s) not in text]
        assert not missing, f"{pdf}: statements not found:\n" + "\n".join(missing)


def test_qpdf_does_report_damage(tmp_path: Path, mini_built: Path) -> None:
    qpdf = program("qpdf", "qpdf")
    damaged = tmp_path / "damaged.pdf"
    data = (mini_built / "briefing.pdf").read_bytes()
    damaged.write_bytes(data.replace(b"startxref", b"startxrXf"))
    assert subprocess.run([qpdf, "--check", str(damaged)], capture_output=True).returncode != 0
