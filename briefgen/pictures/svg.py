"""Small, deterministic SVG pictures: the pieces the timeline and the situation map share.

A picture is plain text built here (no library, no randomness, no clock), so the same facts
always give the same bytes. Every picture is an accessible image: ``role="img"``, a ``<title>``
and a ``<desc>`` that says in words what the picture shows, referenced by ``aria-labelledby``
and ``aria-describedby``. Text uses the fonts the briefing uses; nothing is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _escape

from markupsafe import Markup

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
"""The type of every picture: installed with WeasyPrint's usual font set, never fetched."""

INK = "#1b1f24"
MUTED = "#57606a"
ACCENT = "#0b4f8a"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""The characters XML 1.0 cannot carry at all, not even as a character reference."""


def esc(text: object) -> str:
    """Text made safe for SVG character data and attribute values.

    The check refuses control characters in the titles and names a picture draws; any that
    reach here anyway become U+FFFD, so a picture is always well-formed XML."""
    return _escape(_NOT_XML.sub("\ufffd", str(text)), {'"': "&quot;"})


def num(value: float) -> str:
    """A coordinate written the same way on every machine: at most one decimal."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def points(coords: list[tuple[float, float]]) -> str:
    """An SVG ``points`` list."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in coords)


def text(x: float, y: float, content: str, size: float = 11, anchor: str = "start", **style: str) -> str:
    """One line of text; ``style`` items become attributes (underscores as hyphens)."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in style.items())
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}"{extra}>'
        f"{esc(content)}</text>"
    )


def halo_text(x: float, y: float, content: str, size: float = 11, anchor: str = "start", **style: str) -> str:
    """Text with a white outline under it, legible over lines and fills."""
    outline = {**style, "fill": "#ffffff", "stroke": "#ffffff", "stroke_width": "3"}
    under = text(x, y, content, size, anchor, **outline)
    return under.replace("<text ", '<text aria-hidden="true" ', 1) + text(
        x, y, content, size, anchor, **style
    )


@dataclass
class Picture:
    """An SVG picture: its size, what it shows in words, and its drawing."""

    id: str
    """A prefix unique in the page, for the ids of the title and description."""
    width: float
    height: float
    title: str
    desc: str
    body: list[str] = field(default_factory=list)

    def svg(self, standalone: bool = False, long_title: bool = False) -> str:
        """The picture as an ``<svg>`` element, or as a file's text when ``standalone``.

        ``long_title`` puts the description into the title too: a tagged PDF takes a figure's
        alternative text from the SVG's title alone.
        """
        title = f"{self.title}. {self.desc}" if long_title else self.title
        namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
        size = f' width="{num(self.width)}" height="{num(self.height)}"' if standalone else ""
        head = (
            f'<svg{namespace} viewBox="0 0 {num(self.width)} {num(self.height)}"{size} role="img" '
            f'aria-labelledby="{self.id}-title" aria-describedby="{self.id}-desc" '
            f'font-family="{FONT}" class="picture">'
            f'<title id="{self.id}-title">{esc(title)}</title>'
            f'<desc id="{self.id}-desc">{esc(self.desc)}</desc>'
        )
        return head + "".join(self.body) + "</svg>" + ("\n" if standalone else "")

    def inline(self, long_title: bool = False) -> Markup:
        """The picture for a template to place in HTML as it is."""
        return Markup(self.svg(long_title=long_title))

    def file(self) -> bytes:
        """The picture as the bytes of an .svg file."""
        return self.svg(standalone=True).encode("utf-8")
