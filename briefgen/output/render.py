"""Jinja environment + Corpus -> text (Markdown, HTML).

The corpus is first turned into a :class:`Briefing`, a view made for reading: themes in order,
facts in chronological order, numbered notes that carry the verbatim passage and the source's
descriptor. Templates only lay that view out. HTML is autoescaped whatever the template's name;
Markdown is escaped for Markdown by the environment's ``finalize``, so fact text can never turn
into a link, an image, raw HTML, a heading or a footnote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import jinja2
from markupsafe import Markup

from .. import __version__
from .._speed.manifest import templates_digest
from ..errors import TemplateProblem
from ..pictures.sections import MAP_CAPTION, Named, Pictures, section_pictures
from ..pictures.timeline import LEGEND as TIMELINE_LEGEND
from ..pictures.timeline import Item, Lane
from ..project.load import Corpus, FactEntry, ThemeEntry
from ..project.models import Fact, KeyJudgment, Source
from ..project.vocab import CREDIBILITY_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS, precision_of
from .source_viewer import anchor, highlights, omitted_lines, page_href, seed_markup

if TYPE_CHECKING:
    from ..project.history import ChangesView

TextFormat = Literal["md", "html"]
Medium = Literal["screen", "print"]
TEMPLATES = {"md": "briefing.md.j2", "html": "briefing.html.j2"}
SOURCE_TEMPLATE = "source.html.j2"
STYLESHEET = "briefing.css"
PRINT_STYLESHEET = "briefing-print.css"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def date_label(date: str | None) -> str:
    """A partial date as a reader says it: '2 June 2017', 'June 2017', '2017' or 'undated'."""
    if date is None:
        return "undated"
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def date_key(date: str | None) -> tuple[int, int, int, int]:
    """Chronological order: by start of period, the less precise first, the undated last."""
    if date is None:
        return (1, 0, 0, 0)
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return (0, parts[0], parts[1], parts[2])


@dataclass
class SourceView:
    """A source as the sources appendix and the notes describe it."""

    number: int
    file: str
    source: Source

    @property
    def title(self) -> str:
        return self.source.title or "untitled"

    @property
    def publisher(self) -> str:
        return self.source.publisher or "publisher unknown"

    @property
    def published(self) -> str:
        return date_label(self.source.published.date)

    @property
    def precision(self) -> str:
        date = self.source.published.date
        return precision_of(date) if date else "unknown"

    @property
    def kind(self) -> str:
        return SOURCE_KIND_LABELS[self.source.kind]

    @property
    def grade(self) -> str:
        return self.source.reliability.grade

    @property
    def grade_label(self) -> str:
        return RELIABILITY_LABELS[self.grade]

    @property
    def page(self) -> str:
        """The source viewer's page of this seed, relative to out/."""
        return page_href(self.file)

    @property
    def descriptor(self) -> str:
        """One line: publisher, date, kind, grade."""
        return (
            f"{self.publisher}, {self.published}; {self.kind}; reliability {self.grade} ({self.grade_label})"
        )


@dataclass
class Note:
    """A numbered note: the seed, the line, the verbatim passage, and its source."""

    number: int
    seed: str
    line: int
    passage: str
    source: SourceView
    fact_id: str
    anchor: str = ""
    """The id of the passage's highlight on the seed's page in the source viewer."""

    @property
    def href(self) -> str:
        """The highlight's address relative to out/."""
        return f"{page_href(self.seed)}#{self.anchor}"


@dataclass
class RelationView:
    """Another fact this one corroborates or contradicts, shown beside it."""

    type: str
    number: str
    fact_id: str
    statement: str
    attribution: str
    note: str | None
    grade: str = ""
    date: str = ""


@dataclass
class FactView:
    """A fact ready to lay out."""

    number: str
    fact: Fact
    attribution: str
    date: str
    notes: list[Note]
    grade: str
    credibility_label: str
    relations: list[RelationView] = field(default_factory=list)
    anchor: str = ""

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def contradictions(self) -> list[RelationView]:
        """The facts that contradict this one: shown beside it in a marked box."""
        return [r for r in self.relations if r.type == "contradicts"]

    @property
    def corroborations(self) -> list[RelationView]:
        """The facts that corroborate this one: shown as a line under it."""
        return [r for r in self.relations if r.type == "corroborates"]


@dataclass
class JudgmentView:
    """A key judgment and the numbers of the facts it rests on."""

    judgment: KeyJudgment
    rests_on: list[tuple[str, str]]

    @property
    def likelihood(self) -> str:
        return self.judgment.likelihood.value

    @property
    def confidence(self) -> str:
        return self.judgment.confidence.value


@dataclass
class ThemeView:
    """One theme's section: its judgments, then its facts in chronological order."""

    number: int
    id: str
    title: str
    scope: str
    judgments: list[JudgmentView]
    facts: list[FactView]
    pictures: Pictures | None = None


@dataclass
class Briefing:
    """Everything a briefing template lays out."""

    title: str
    subtitle: str
    as_of: str
    themes: list[ThemeView]
    sources: list[SourceView]
    notes: list[Note]
    present: set[str] = field(default_factory=set)
    legend_reliability: dict[str, str] = field(default_factory=lambda: dict(RELIABILITY_LABELS))
    legend_credibility: dict[int, str] = field(default_factory=lambda: dict(CREDIBILITY_LABELS))
    changes: ChangesView | None = None
    """The "Changes since …" section; only ``build --changes-since REV`` fills it."""
    root: str = ""
    """The way from this document up to out/: '' for out/briefing.*, '../' for out/themes/*."""
    overview: Pictures | None = None
    """The whole briefing's timeline and map; None for a one-theme briefing."""
    generator: str = f"briefgen {__version__}"
    timeline_legend: str = TIMELINE_LEGEND
    map_caption: str = MAP_CAPTION

    @property
    def fact_count(self) -> int:
        """How many distinct facts the briefing shows (a fact in two themes counts once)."""
        return len({f.id for t in self.themes for f in t.facts})

    @property
    def passage_count(self) -> int:
        """How many distinct passages its notes quote."""
        return len({(n.seed, n.anchor) for n in self.notes})

    @property
    def description(self) -> str:
        """One line for the document's metadata (the PDF's Subject)."""
        scope = "; ".join(t.title for t in self.themes)
        return f"Situation briefing as of {self.as_of}: {scope}."

    @property
    def keywords(self) -> str:
        """The document's keywords (the PDF's Keywords), comma-separated."""
        words = ["situation briefing", *(t.title for t in self.themes)]
        return ", ".join(w.replace(",", " ") for w in words)

    @property
    def picture_files(self) -> dict[str, bytes]:
        """Every picture of the briefing as an .svg file, for the Markdown beside them."""
        found: dict[str, bytes] = {}
        for pictures in [self.overview, *(t.pictures for t in self.themes)]:
            if pictures is not None:
                found.update(pictures.files())
        return found


def attribution_text(fact: Fact) -> str:
    """Who asserts a fact, with the chain it came through."""
    return ", ".join([fact.attribution.by, *(f"via {v}" for v in fact.attribution.via)])


def fact_numbers(corpus: Corpus) -> dict[str, str]:
    """Each fact's reference number, e.g. '3.2': its primary theme's place, then its own."""
    numbers: dict[str, str] = {}
    for t, theme in enumerate(corpus.ordered_themes(), start=1):
        own = [e for e in _theme_facts(corpus, theme.theme.id) if e.file_theme == theme.theme.id]
        for f, entry in enumerate(own, start=1):
            numbers.setdefault(entry.fact.id, f"{t}.{f}")
    return numbers


def _theme_facts(corpus: Corpus, theme_id: str) -> list[FactEntry]:
    """The facts of a theme (its own and others tagged with it), in chronological order."""
    chosen = [e for e in corpus.facts if theme_id in e.themes]
    return sorted(chosen, key=lambda e: (date_key(e.fact.when.date), e.file_theme != theme_id, e.fact.id))


def briefing(corpus: Corpus, theme_ids: list[str] | None = None, root: str = "") -> Briefing:
    """The view of the full briefing, or of the named themes only; ``root`` leads up to out/."""
    numbers = fact_numbers(corpus)
    ordered = corpus.ordered_themes()
    chosen = [(i, t) for i, t in enumerate(ordered, start=1) if theme_ids is None or t.theme.id in theme_ids]
    sources: dict[str, SourceView] = {}
    notes: list[Note] = []
    themes = [_theme_view(corpus, n, t, numbers, sources, notes) for n, t in chosen]
    present = _assign_anchors(themes)
    dates = [f.fact.when.date for t in themes for f in t.facts if f.fact.when.date]
    as_of = max(dates, key=date_key) if dates else None
    subtitle = corpus.title if theme_ids is not None and len(chosen) == 1 else ""
    title = chosen[0][1].theme.title if subtitle else corpus.title
    for theme in themes:
        theme.pictures = _pictures(corpus, theme.id, [theme])
    overview = _pictures(corpus, "all", themes) if len(themes) > 1 else None
    return Briefing(
        title=title,
        subtitle=subtitle,
        as_of=date_label(as_of),
        themes=themes,
        sources=sorted(sources.values(), key=lambda s: s.number),
        notes=notes,
        present=present,
        root=root,
        overview=overview,
    )


def _pictures(corpus: Corpus, key: str, themes: list[ThemeView]) -> Pictures:
    """The timeline and map of some themes: a lane per theme, and the places their facts name."""
    lanes = [
        Lane(f"{t.number}. {t.title}", [Item(f.number, f.id, f.fact.when.date) for f in t.facts])
        for t in themes
    ]
    what = f"‘{themes[0].title}’" if len(themes) == 1 else "the whole briefing"
    facts = [Named(f.number, f.id, f.fact.statement) for t in themes for f in t.facts]
    return section_pictures(corpus, key, what, lanes, facts)


def _assign_anchors(themes: list[ThemeView]) -> set[str]:
    """Give each fact's first appearance the anchor ``fact-<id>`` and later ones their own."""
    present: set[str] = set()
    for theme in themes:
        for fact in theme.facts:
            fact.anchor = f"fact-{fact.id}" if fact.id not in present else f"fact-{fact.id}-in-{theme.id}"
            present.add(fact.id)
    return present


def _theme_view(
    corpus: Corpus,
    number: int,
    entry: ThemeEntry,
    numbers: dict[str, str],
    sources: dict[str, SourceView],
    notes: list[Note],
) -> ThemeView:
    theme = entry.theme
    facts = [_fact_view(corpus, e, numbers, sources, notes) for e in _theme_facts(corpus, theme.id)]
    judgments = [
        JudgmentView(j, [(numbers.get(fid, fid), fid) for fid in j.rests_on]) for j in theme.key_judgments
    ]
    return ThemeView(number, theme.id, theme.title, theme.scope, judgments, facts)


def _fact_view(
    corpus: Corpus,
    entry: FactEntry,
    numbers: dict[str, str],
    sources: dict[str, SourceView],
    notes: list[Note],
) -> FactView:
    fact = entry.fact
    fact_notes = []
    for citation in fact.citations:
        if citation.seed not in sources:
            sources[citation.seed] = SourceView(
                len(sources) + 1, citation.seed, corpus.sources[citation.seed].source
            )
        seed = corpus.seeds[citation.seed]
        span = seed.locate(citation.passage, citation.prefix, citation.suffix)[0]
        verbatim = " ".join(seed.text[span.start : span.end].split())
        note = Note(
            len(notes) + 1, citation.seed, span.line, verbatim, sources[citation.seed], fact.id, anchor(span)
        )
        notes.append(note)
        fact_notes.append(note)
    return FactView(
        number=numbers[fact.id],
        fact=fact,
        attribution=attribution_text(fact),
        date=date_label(fact.when.date),
        notes=fact_notes,
        grade=grade_of(corpus, fact),
        credibility_label=CREDIBILITY_LABELS[fact.credibility],
        relations=[_relation_view(corpus, r.type.value, r.fact, r.note, numbers) for r in fact.relations],
    )


def grade_of(corpus: Corpus, fact: Fact) -> str:
    """The fact's Admiralty code: each citing source's reliability with the fact's credibility."""
    grades = sorted({corpus.sources[c.seed].source.reliability.grade for c in fact.citations})
    return ", ".join(f"{g}{fact.credibility}" for g in grades)


def _relation_view(
    corpus: Corpus, kind: str, fact_id: str, note: str | None, numbers: dict[str, str]
) -> RelationView:
    other = corpus.fact(fact_id)
    assert other is not None  # the check refuses a relation to an unknown fact
    return RelationView(
        kind,
        numbers[fact_id],
        fact_id,
        other.fact.statement,
        attribution_text(other.fact),
        note,
        grade_of(corpus, other.fact),
        date_label(other.fact.when.date),
    )


class MdSafe(str):
    """Text that is already Markdown and must not be escaped again."""


_MD_BACKSLASH = re.compile(r"([\\`*_\[\]{}!#])")
_MD_ENTITIES = {c: f"&#{ord(c)};" for c in "|~^$"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_ENTITY_RE = re.compile("[&<>|~^$]")
_LINE_BREAK = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)|(:)(?=[a-z0-9_+-]+:)")


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
    text = _CONTROL.sub("", _LINE_BREAK.sub(" ", str(value)))
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


def _html_autoescape(_name: str | None) -> bool:
    return True


def environment(templates: Path, fmt: TextFormat) -> jinja2.Environment:
    """The Jinja environment for one format: strict about undefined names, escaping for it.

    One per format and content of the templates folder, so each template is compiled once per
    process (compiling them took longer than rendering a briefing), yet a template edited
    while ``briefgen serve`` runs is never served compiled from its old text.
    """
    return _environment(str(templates), fmt, templates_digest(templates))


@lru_cache(maxsize=8)
def _environment(templates: str, fmt: TextFormat, _contents: str) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(templates)
    if fmt == "html":
        env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, autoescape=_html_autoescape)
    else:
        env = jinja2.Environment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            finalize=md_escape,
            keep_trailing_newline=True,
        )
    env.filters["md_raw"] = MdSafe
    env.filters["safe_url"] = safe_url
    return env


def render(view: Briefing, fmt: TextFormat, templates: Path, medium: Medium = "screen") -> str:
    """Render a briefing view in one text format with the templates of ``templates``.

    ``medium="print"`` makes the HTML that the PDF is laid out from: a cover, page numbers in
    the contents, footnotes instead of endnotes, and no links out of the document.
    """
    context: dict[str, object] = {"b": view, "print": medium == "print"}
    return _render(templates, fmt, TEMPLATES[fmt], context)


def render_source(corpus: Corpus, seed: str, templates: Path) -> str:
    """The source viewer's page of one seed: its text with every cited passage highlighted."""
    numbers = fact_numbers(corpus)
    found = highlights(corpus, seed, numbers)
    entry = corpus.sources[seed]
    context: dict[str, object] = {
        "seed": seed,
        "source": SourceView(0, seed, entry.source),
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
    except FileNotFoundError as exc:
        raise TemplateProblem(f"{exc.filename}: error: stylesheet not found") from None


def stylesheet(templates: Path, name: str = STYLESHEET) -> Markup:
    """A stylesheet to inline in a <style> element, where HTML entities mean nothing.

    It comes from the templates folder (trusted, like the templates themselves), so it is not
    escaped; but it must not be able to close its <style> element.
    """
    css = (templates / name).read_text(encoding="utf-8")
    if "</" in css or "<!--" in css:
        raise TemplateProblem(f"{templates / name}: error: the stylesheet must not contain '</' or '<!--'")
    return Markup(css)


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
