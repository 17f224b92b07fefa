"""Jinja environment + views -> text (Markdown, HTML).

The views (:mod:`briefgen.output.views`) are made for reading; templates only lay them out.
HTML is autoescaped whatever the template's name; Markdown is escaped for Markdown by the
environment's ``finalize``, so fact text can never turn into a link, an image, raw HTML, a
heading or a footnote.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .._speed.files import read_file
from .._speed.manifest import templates_digest
from ..errors import TemplateProblem
from ..project.normalize import one_line
from ..project.words import has_words
from ..version import __version__
from .document import Briefing
from .source_viewer import omitted_lines, seed_markup
from .views import BuildViews, SourceView

TextFormat = Literal["md", "html"]
Medium = Literal["screen", "print"]
TEMPLATES = {"md": "briefing.md.j2", "html": "briefing.html.j2"}
SOURCE_TEMPLATE = "source.html.j2"
STYLESHEET = "briefing.css"
PRINT_STYLESHEET = "briefing-print.css"


class MdSafe(str):
    """Text that is already Markdown and must not be escaped again."""


_MD_BACKSLASH = re.compile(r"([\\`*_\[\]{}!#])")
_MD_ENTITIES = {c: f"&#{ord(c)};" for c in "|~^$"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_ENTITY_RE = re.compile("[&<>|~^$]")
_LINE_BREAK = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)|(:)(?=[a-z0-9_+-]+:)")
_MD_ACTIVE = re.compile(r"(?i)[\\`*_\[\]{}!#&<>|~^$@:\x00-\x1f\x7f-\x9f\u2028\u2029]|www\.")
"""Anything the expressions above may change: where there is none, escaping changes nothing."""


def md_escape(value: object) -> str:
    """Fact text made inert for Markdown while it reads the same once rendered.

    Line breaks become spaces (no forged heading, list, table or footnote definition) and
    control characters are dropped; ``& < > | ~ ^ $`` become entities and the rest of
    Markdown's punctuation is backslash-escaped, using only the escapes that CommonMark, GFM,
    Python-Markdown and pandoc all honour; the ``:`` of ``scheme://`` and of ``:emoji:``, the
    ``.`` after ``www`` and ``@`` become entities, so no renderer makes a link or an emoji.
    """
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    text = str(value)
    if _MD_ACTIVE.search(text) is None:  # most values: each pass below would change nothing
        return text
    return _md_escape_text(text)


def _md_escape_text(text: str) -> str:
    """:func:`md_escape`'s passes, each made whatever the text holds."""
    text = _CONTROL.sub("", _LINE_BREAK.sub(" ", text))
    text = _MD_BACKSLASH.sub(r"\\\1", text)  # before the entities, whose '#' must stay bare
    text = _MD_ENTITY_RE.sub(lambda m: _MD_ENTITIES[m.group()], text)
    return _AUTOLINK.sub(lambda m: f"&#{ord(m.group())};", text)


_SAFE_SCHEMES = ("http://", "https://")


def safe_url(value: object) -> str:
    """A URL fit to render as a link: http or https only; anything else becomes '#'.

    ``javascript:``, ``data:``, ``file:`` and relative tricks never reach an href.
    """
    url = str(value or "").strip()
    return url if url.lower().startswith(_SAFE_SCHEMES) and not _CONTROL.search(url) else "#"


LONG_NOTE_WORDS = 80
"""A passage of more words than this is too long for a footnote: WeasyPrint cannot continue a
footnote on the next page, and cut the beginning of one longer than a page. The PDF's note then
points to the passage, quoted in full in a "Long passages" section, which breaks across pages."""


def long_passage(passage: object) -> bool:
    """Whether a note's passage is too long for a footnote (the templates' ``long_passage`` test)."""
    return has_words(str(passage), LONG_NOTE_WORDS + 1)


def _html_autoescape(_name: str | None) -> bool:
    return True


def environment(templates: Path, fmt: TextFormat) -> jinja2.Environment:
    """The Jinja environment for one format: strict about undefined names, escaping for it.

    One per format and content of the templates folder, so each template is compiled once per
    process (compiling them took longer than rendering a briefing), yet a template edited
    while ``briefgen serve`` runs is never served compiled from its old text.
    """
    return _environment(str(templates), fmt, templates_digest(templates))


MAX_REPEAT = 1_000_000
"""The most items (characters) a template's ``*`` may make, and the largest power ``**`` may
raise to: ``'a' * 2000000000`` would otherwise fill the memory and never finish."""


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` bounded too."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and abs(right) > 1000 and not isinstance(left, float):
                raise SecurityError(f"a power of {right} is more than a template may compute")
            return left**right
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * times > MAX_REPEAT
            ):
                raise SecurityError(
                    f"'*' would make {len(seq) * times:,} items; a template may make {MAX_REPEAT:,} at most"
                )
        return left * right


@lru_cache(maxsize=8)
def _environment(templates: str, fmt: TextFormat, _contents: str) -> jinja2.Environment:
    # Sandboxed: a project's templates/ is data an editor may change, not code briefgen runs
    # (``{{ cycler.__init__.__globals__.os }}`` would otherwise reach the whole interpreter).
    loader = TemplatesLoader(templates)
    if fmt == "html":
        env: jinja2.Environment = _Sandbox(
            loader=loader, undefined=jinja2.StrictUndefined, autoescape=_html_autoescape
        )
    else:
        env = _Sandbox(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=md_escape,
            keep_trailing_newline=True,
        )
    env.filters["md_raw"] = MdSafe
    env.filters["safe_url"] = safe_url
    env.tests["long_passage"] = long_passage
    return env


def render(
    view: Briefing,
    fmt: TextFormat,
    templates: Path,
    medium: Medium = "screen",
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """Render a briefing view in one text format with the templates of ``templates``.

    ``medium="print"`` makes the HTML that the PDF is laid out from: a cover, page numbers in
    the contents, footnotes instead of endnotes, and no links out of the document. ``links``
    (label, address) lead to the same briefing in the build's other formats and documents.
    """
    context: dict[str, object] = {"b": view, "print": medium == "print", "links": list(links)}
    return _render(templates, fmt, TEMPLATES[fmt], context)


def render_source(views: BuildViews, seed: str, templates: Path) -> str:
    """The source viewer's page of one seed: its text with every cited passage highlighted."""
    corpus = views.corpus
    found = views.highlights.get(seed, [])
    context: dict[str, object] = {
        "seed": seed,
        "source": SourceView(0, seed, corpus.sources[seed].source),
        "text": seed_markup(corpus.seeds[seed], found, "../briefing.html"),
        "highlights": found,
        "omitted": omitted_lines(corpus, seed),
        "title": corpus.title,
        "generator": f"briefgen {__version__}",
    }
    return _render(templates, "html", SOURCE_TEMPLATE, context)


def _render(templates: Path, fmt: TextFormat, name: str, context: dict[str, object]) -> str:
    """Render one template, turning every template problem into a located message."""
    env = environment(templates, fmt)
    try:
        if fmt == "html":
            context["css"] = stylesheet(templates)
            if context.get("print"):
                context["print_css"] = stylesheet(templates, PRINT_STYLESHEET)
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"{exc.filename or exc.name}:{exc.lineno}: error: template syntax: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(f"{templates / str(exc.name)}: error: template not found") from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(
            f"{_template_location(exc, templates)}: error: template uses an undefined value: {exc.message}"
        ) from None
    except SecurityError as exc:
        raise TemplateProblem(
            f"{_template_location(exc, templates)}: error: template refused by the sandbox: {exc}"
        ) from None
    except TemplateProblem:
        raise
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # What a template's own expressions raise ({{ 1/0 }}, a format string's missing
        # argument, a range the sandbox finds too big) is the template's fault, not briefgen's.
        raise TemplateProblem(
            f"{_template_location(exc, templates)}: error: template failed: "
            f"{type(exc).__name__}: {one_line(str(exc))}"
        ) from None


def stylesheet(templates: Path, name: str = STYLESHEET) -> Markup:
    """A stylesheet to inline in a <style> element, where HTML entities mean nothing.

    It comes from the templates folder (like the templates, and read as they are), so it is not
    escaped; but it must not be able to close its <style> element.
    """
    css = template_text(templates, name, "stylesheet")
    if "</" in css or "<!--" in css:
        raise TemplateProblem(f"{templates / name}: error: the stylesheet must not contain '</' or '<!--'")
    return Markup(css)


MAX_TEMPLATE_BYTES = 16 * 1024 * 1024
"""A template or stylesheet larger than this is refused before it is read."""


def template_text(templates: Path, name: str, what: str = "template") -> str:
    """The text of the file ``name`` of the templates folder, read only if it is a regular file
    of that folder: a link leading out of it (``{% include %}`` of a link to ``/etc/passwd``), a
    FIFO or a device, a file too large or not UTF-8 is a located error."""
    path = os.path.join(str(templates), *split_template_path(name))
    real, folder = os.path.realpath(path), os.path.realpath(templates)
    if not os.path.lexists(path):
        raise TemplateProblem(f"{path}: error: {what} not found")
    if os.path.commonpath([real, folder]) != folder:
        raise TemplateProblem(f"{path}: error: the {what} is a link to {real}, outside the templates folder")
    try:
        return read_file(path, MAX_TEMPLATE_BYTES).decode("utf-8")
    except OSError as exc:
        raise TemplateProblem(f"{path}: error: cannot read the {what}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise TemplateProblem(f"{path}: error: the {what} is not UTF-8 (byte {exc.start})") from None


class TemplatesLoader(jinja2.BaseLoader):
    """Loads templates (and what they include) from one folder, through :func:`template_text`."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.folder, *split_template_path(template))
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        text = template_text(Path(self.folder), template)
        mtime = os.path.getmtime(path)
        return text, path, lambda: os.path.exists(path) and os.path.getmtime(path) == mtime


def _template_location(exc: BaseException, templates: Path) -> str:
    """The template file and line a rendering error was raised from."""
    tb = exc.__traceback__
    where = str(templates)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(str(templates)):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where
