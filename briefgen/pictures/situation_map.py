"""The situation map: the base map of Syria with the places a briefing's facts name.

The places of the section drawn (a theme, or the whole briefing) are marked and named; the
other places of the gazetteer that the briefing names are drawn as small grey dots, for
context. A region (a desert, a district group) is a name in italics with no point. Every
mark's ``<title>`` lists the facts that name the place, and the picture's description says it
all in words. Positions come from the gazetteer, the outline from :mod:`briefgen.basemap`;
both are approximate, and the caption says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..project.models import Place
from ..project.vocab import PlaceKind
from . import basemap
from .basemap import FRAME, Point
from .svg import ACCENT, INK, MUTED, Picture, esc, halo_text, num, points, text

LAND = "#f1eee6"
SEA = "#d6e6f2"
SYRIA = "#ffffff"
RIVER = "#5b8fc0"
OFFSETS = {"right": (7.0, 4.0, "start"), "left": (-7.0, 4.0, "end"), "above": (0.0, -7.0, "middle")}
OFFSETS["below"] = (0.0, 14.0, "middle")


@dataclass(frozen=True)
class MapPlace:
    """A place on one map: the facts of the section that name it, and whether it is marked."""

    place: Place
    numbers: list[str]
    marked: bool


def situation_map(figure_id: str, title: str, places: list[MapPlace]) -> Picture:
    """The map of ``places`` (marked ones named, the others as grey dots) on the base map."""
    picture = Picture(figure_id, FRAME.width, FRAME.height, title, describe(places))
    picture.body += [_base(), _scale_bar()]
    picture.body += [_context(p.place) for p in places if not p.marked]
    picture.body += [_marked(p) for p in places if p.marked]
    picture.body.append(
        f'<rect x="0.5" y="0.5" width="{num(FRAME.width - 1)}" height="{num(FRAME.height - 1)}" '
        f'fill="none" stroke="{MUTED}" stroke-width="1"/>'
    )
    return picture


def describe(places: list[MapPlace]) -> str:
    """The map in words: its text alternative."""
    marked = [p for p in places if p.marked]
    named = "; ".join(f"{p.place.name} ({_fact_list(p.numbers)})" for p in marked)
    others = ", ".join(p.place.name for p in places if not p.marked)
    text_ = (
        "Approximate map of Syria and its neighbours' borders (hand-drawn outline, off by up to "
        f"30 km) marking {len(marked)} place{'s' * (len(marked) != 1)} the facts name: {named}."
    )
    return text_ + (f" Other places of the briefing, shown as grey dots: {others}." if others else "")


def _fact_list(numbers: list[str]) -> str:
    return f"fact{'s' * (len(numbers) != 1)} {', '.join(numbers)}"


def _path(coords: list[Point]) -> str:
    return points([FRAME.project(c) for c in coords])


def _base() -> str:
    """Land, sea, Syria, the other borders, the Euphrates and the names of the base map."""
    parts = [
        f'<rect width="{num(FRAME.width)}" height="{num(FRAME.height)}" fill="{LAND}"/>',
        f'<polygon points="{_path(basemap.SEA)}" fill="{SEA}"/>',
        f'<polygon points="{_path(basemap.SYRIA)}" fill="{SYRIA}" stroke="{INK}" stroke-width="1.4" '
        'stroke-linejoin="round"/>',
        f'<polygon points="{_path(basemap.LEBANON)}" fill="none" stroke="{MUTED}" stroke-width="0.8"/>',
    ]
    parts += [
        f'<polyline points="{_path(line)}" fill="none" stroke="{MUTED}" stroke-width="0.8" '
        'stroke-dasharray="4 3"/>'
        for line in basemap.BORDERS
    ]
    parts.append(
        f'<polyline points="{_path(basemap.EUPHRATES)}" fill="none" stroke="{RIVER}" stroke-width="2" '
        'stroke-linejoin="round"/>'
    )
    for label in basemap.LABELS:
        x, y = FRAME.project(label.at)
        if label.kind == "country":
            size, spacing = (15, "3") if label.text == "SYRIA" else (8.5, "1")
            parts.append(text(x, y, label.text, size, label.anchor, fill="#6e7781", letter_spacing=spacing))
        else:
            colour = RIVER if label.kind == "river" else "#3f6f98"
            parts.append(text(x, y, label.text, 10, label.anchor, fill=colour, font_style="italic"))
    return "".join(parts)


def _scale_bar() -> str:
    """A 100 km bar in the bottom-left corner (north-south scale; the map is roughly conformal)."""
    length = FRAME.km(100)
    x, y = 14.0, FRAME.height - 16
    return (
        f'<g><line x1="{num(x)}" y1="{num(y)}" x2="{num(x + length)}" y2="{num(y)}" stroke="{INK}" '
        f'stroke-width="2"/>{text(x, y - 5, "100 km (approx.)", 9, fill=INK)}</g>'
    )


def _context(place: Place) -> str:
    x, y = FRAME.project((place.lon, place.lat))
    if place.kind == PlaceKind.REGION:
        return ""
    return (
        f'<g><title>{esc(place.name)}</title><circle cx="{num(x)}" cy="{num(y)}" r="2.5" fill="#afb8c1"/></g>'
    )


def _marked(item: MapPlace) -> str:
    place = item.place
    x, y = FRAME.project((place.lon, place.lat))
    tip = f"<title>{esc(place.name)}: {esc(_fact_list(item.numbers))}</title>"
    if place.kind == PlaceKind.REGION:
        return f"<g>{tip}{halo_text(x, y, place.name, 11, 'middle', fill=INK, font_style='italic')}</g>"
    dx, dy, anchor = OFFSETS[place.label]
    dot = f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{ACCENT}" stroke="#ffffff" stroke-width="1.5"/>'
    return f"<g>{tip}{dot}{halo_text(x + dx, y + dy, place.name, 11, anchor, fill=INK)}</g>"
