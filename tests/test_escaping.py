"""Fact text is inert in every output: no link, image, raw HTML, heading or footnote can be forged.

Markdown is checked with hypothesis against four renderers (markdown-it-py, Python-Markdown,
commonmark, pandoc): whatever the text, the rendered paragraph has no markup beyond the
paragraph itself, and its visible text is the input with line breaks as spaces.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import commonmark
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from briefgen.output.render import _CONTROL, _LINE_BREAK, _md_escape_text, environment, md_escape

from .conftest import need_tool

NASTY = [
    "[x](javascript:alert(1))",
    "![i](http://e.com/i.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "http://example.com",
    "https://example.com/a?b=c",
    "www.example.com",
    "mail me@example.com",
    "\n# Heading",
    "\n[^1]: forged note",
    "text[^1]",
    "*em* _em_ **strong** __strong__",
    "`code`",
    "~~strike~~ ~sub~ ^sup^ 2^10^",
    "$x^2$ $$y$$",
    "| a | b |\n|---|---|",
    "\n- item\n1. item",
    "> quote",
    "\\*escaped\\*",
    "&amp; &lt;b&gt; &#x3C;",
    ":smile: :+1:",
    "<http://autolink.example>",
    "[ref]: http://evil.example",
    "line\r\nbreak\u2028sep",
    "{.class} [span]{.x}",
    "@citekey [@cite]",
    "\ttab\x00nul\x1b[31m",
    "===\n---",
]
TEXT = st.lists(
    st.sampled_from(NASTY)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    max_size=5,
).map("".join)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible(text: str) -> str:
    """What a reader should see of ``text``: line breaks as spaces, whitespace folded."""
    return " ".join(_CONTROL.sub("", _LINE_BREAK.sub(" ", text)).split())


def read(html: str) -> tuple[list[str], str]:
    reader = _Reader()
    reader.feed(html)
    return reader.tags, " ".join("".join(reader.text).split())


def assert_inert(html: str, text: str) -> None:
    tags, seen = read(html)
    assert set(tags) <= {"p"}, f"markup {tags} from {text!r}: {html!r}"
    assert seen == ("Fact: " + visible(text)).strip()


_MDIT = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(footnote_plugin)


@given(TEXT | st.text(alphabet="wW.:@ab\n\x85\u2028#$", max_size=12))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_shortcut_for_text_with_nothing_to_escape_changes_nothing(text: str) -> None:
    """md_escape returns most values as they are, unscanned; it must escape exactly as the
    full passes do."""
    assert md_escape(text) == _md_escape_text(text)


@given(TEXT)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_markdown_it(text: str) -> None:
    assert_inert(_MDIT.render("Fact: " + md_escape(text)), text)


@given(TEXT)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_python_markdown(text: str) -> None:
    assert_inert(markdown.markdown("Fact: " + md_escape(text), extensions=["footnotes", "tables"]), text)


@given(TEXT)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_commonmark(text: str) -> None:
    assert_inert(commonmark.commonmark("Fact: " + md_escape(text)), text)


@pytest.mark.parametrize("dialect", ["gfm", "markdown-smart", "commonmark_x-smart"])
def test_pandoc(dialect: str) -> None:
    pandoc = need_tool("pandoc")
    samples = [*NASTY, "".join(NASTY)]
    body = "\n\n".join(f"Fact: {md_escape(s)}" for s in samples)
    html = subprocess.run(
        [pandoc, "-f", dialect, "-t", "html", "--wrap=none"],
        input=body,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.S)
    assert len(paragraphs) == len(samples), html
    for sample, paragraph in zip(samples, paragraphs, strict=True):
        assert_inert(f"<p>{paragraph}</p>", sample)


def test_html_autoescapes_whatever_the_template_name(tmp_path: Path) -> None:
    (tmp_path / "anything.j2").write_text("<p>{{ s }}</p>", encoding="utf-8")
    env = environment(tmp_path, "html")
    assert (
        env.get_template("anything.j2").render(s="<script>x</script>")
        == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_no_template_marks_fact_text_safe() -> None:
    templates = Path(__file__).resolve().parent.parent / "briefgen" / "templates"
    for template in templates.glob("*.j2"):
        # |safe_url is the one way a URL is rendered (http and https, else '#'): not a |safe
        assert not re.search(r"\|safe\b", template.read_text(encoding="utf-8").replace(" ", "")), (
            template.name
        )


@pytest.mark.parametrize(
    ("url", "rendered"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("HTTP://example.com", "HTTP://example.com"),
        ("javascript:alert(1)", "#"),
        (" JaVaScRiPt:alert(1)", "#"),
        ("data:text/html,<script>", "#"),
        ("file:///etc/passwd", "#"),
        ("//evil.example", "#"),
        ("http://x\x00y", "#"),
    ],
)
def test_safe_url_allows_http_and_https_only(url: str, rendered: str) -> None:
    from briefgen.output.render import safe_url

    assert safe_url(url) == rendered
