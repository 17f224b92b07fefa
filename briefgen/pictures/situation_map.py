"""The situation map: the places a briefing's facts name, on real boundaries.

The map is framed on the places of the section drawn (a theme, or the whole briefing; see
:mod:`briefgen.pictures.frame`). Those places are marked and named; the other places of the
gazetteer that the briefing names are drawn as small grey dots where they fall inside the frame,
for context. A region (a desert, a district group) is a name in italics with no point. Under
them lies the base map: Natural Earth's countries (:mod:`briefgen.pictures.world`) or the
project's own (:mod:`briefgen.project.basemap`), each area and line with its name as its
``<title>``, each area large enough named on the map. Every mark's ``<title>`` lists the facts
that name the place, and the picture's description says it all in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..project.basemap import Area, BaseMap, Line
from ..project.models import Place
from ..project.vocab import PlaceKind
from .frame import XY, Frame, clip_line, clip_ring, frame_for, simplify, unwrapped
from .svg import ACCENT, INK, MUTED, Picture, esc, halo_text, num, text

LAND = "#f1eee6"
SEA = "#d6e6f2"
PLAIN = "#fbfaf7"
LINE = "#3f6f98"
OFFSETS = {"right": (7.0, 4.0, "start"), "left": (-7.0, 4.0, "end"), "above": (0.0, -7.0, "middle")}
OFFSETS["below"] = (0.0, 14.0, "middle")
MARGIN = 2.0
"""Shapes are clipped this far outside the canvas, so the clipped edges are never seen."""
TOLERANCE = 0.5
"""How far, in canvas units, a drawn border may stray from the base map's: half a pixel."""
MIN_SHAPE = 3.0
"""A shape smaller than this (across plus down) is not drawn: an islet a continent away."""
LABEL_SIZE = 9.0
LISTED = 12
"""The description names this many of the areas on the map (the largest); it counts the rest."""


@dataclass(frozen=True)
class MapPlace:
    """A place on one map: the facts of the section that name it, and whether it is marked."""

    place: Place
    numbers: list[str]
    marked: bool


@dataclass(frozen=True)
class Drawn:
    """An area or line as the frame shows it: its name, its clipped shapes, its visible size."""

    name: str
    shapes: list[list[XY]]
    size: float
    """The area's visible area in square canvas units (0 for a line)."""


def situation_map(figure_id: str, title: str, places: list[MapPlace], base: BaseMap) -> Picture:
    """The map of the marked ``places`` (the others as grey dots where they fit) on ``base``."""
    marked = [p for p in places if p.marked]
    frame = frame_for([(p.place.lon, p.place.lat) for p in marked])
    context = [p for p in places if not p.marked and p.place.kind != PlaceKind.REGION]
    context = [p for p in context if frame.contains(p.place.lat, p.place.lon)]
    areas = [d for d in (_clip_area(a, frame) for a in base.areas) if d.shapes]
    lines = [d for d in (_clip_line(line, frame) for line in base.lines) if d.shapes]
    picture = Picture(
        figure_id, frame.width, frame.height, title, describe(marked, context, areas, lines, frame, base)
    )
    picture.body += [_base(areas, lines, frame, base), _scale_bar(frame)]
    picture.body += [_context(p.place, frame) for p in context]
    picture.body += [_marked(p, frame) for p in marked]
    picture.body.append(
        f'<rect x="0.5" y="0.5" width="{num(frame.width - 1)}" height="{num(frame.height - 1)}" '
        f'fill="none" stroke="{MUTED}" stroke-width="1"/>'
    )
    return picture


def describe(
    marked: list[MapPlace],
    context: list[MapPlace],
    areas: list[Drawn],
    lines: list[Drawn],
    frame: Frame,
    base: BaseMap,
) -> str:
    """The map in words: its text alternative."""
    largest = sorted(areas, key=lambda d: (-d.size, d.name))[:LISTED]
    shown = sorted({d.name for d in largest})
    more = len({d.name for d in areas}) - len(shown)
    words = (
        f"Map of {_degrees(frame.south, 'N', 'S')} to {_degrees(frame.north, 'N', 'S')}, "
        f"{_degrees(frame.west, 'E', 'W')} to {_degrees(frame.east, 'E', 'W')}, drawn on {base.source}"
    )
    if shown:
        words += f", showing {', '.join(shown)}" + (f" and {more} more" if more else "")
    if lines:
        words += f"; lines: {', '.join(sorted({d.name for d in lines}))}"
    named = "; ".join(f"{p.place.name} ({_fact_list(p.numbers)})" for p in marked)
    words += f". It marks {len(marked)} place{'s' * (len(marked) != 1)} the facts name: {named}."
    others = ", ".join(p.place.name for p in context)
    return words + (f" Other places of the briefing, shown as grey dots: {others}." if others else "")


def _degrees(value: float, positive: str, negative: str) -> str:
    if value > 180:
        value -= 360
    return f"{abs(value):.1f}°{positive if value >= 0 else negative}"


def _fact_list(numbers: list[str]) -> str:
    return f"fact{'s' * (len(numbers) != 1)} {', '.join(numbers)}"


def _window(frame: Frame) -> tuple[float, float, float, float]:
    return -MARGIN, -MARGIN, frame.width + MARGIN, frame.height + MARGIN


def _clip_area(area: Area, frame: Frame) -> Drawn:
    """An area's rings clipped to the frame, each copy a whole turn away included."""
    shapes, size = [], 0.0
    for ring in map(unwrapped, area.rings):
        lons = [lon for lon, _ in ring]
        lats = [lat for _, lat in ring]
        if min(lats) > frame.north or max(lats) < frame.south:
            continue
        for shift in frame.shifts(min(lons), max(lons)):
            clipped = _dedupe(clip_ring((frame.project(p, shift) for p in ring), *_window(frame)))
            if len(clipped) >= 3 and _extent(clipped) >= MIN_SHAPE:
                shapes.append(clipped)
                size += _signed_area(clipped)
    return Drawn(area.name, shapes, abs(size))


def _clip_line(line: Line, frame: Frame) -> Drawn:
    shapes = []
    for part in map(unwrapped, line.parts):
        lons = [lon for lon, _ in part]
        for shift in frame.shifts(min(lons), max(lons)):
            projected = [frame.project(p, shift) for p in part]
            shapes += [_dedupe(piece, closed=False) for piece in clip_line(projected, *_window(frame))]
    return Drawn(line.name, [s for s in shapes if len(s) >= 2], 0.0)


def _dedupe(points: list[XY], closed: bool = True) -> list[XY]:
    """Points as written (to 0.1), simplified to what the canvas can show, without repeats."""
    out: list[XY] = []
    kept = simplify(points + points[:1], TOLERANCE)[:-1] if closed else simplify(points, TOLERANCE)
    for x, y in kept:
        p = (float(num(x)), float(num(y)))
        if not out or out[-1] != p:
            out.append(p)
    if closed and len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _extent(shape: list[XY]) -> float:
    """How wide plus how tall a shape is on the canvas."""
    xs, ys = [x for x, _ in shape], [y for _, y in shape]
    return max(xs) - min(xs) + max(ys) - min(ys)


def _signed_area(ring: list[XY]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _path(shapes: list[list[XY]], closed: bool) -> str:
    end = "Z" if closed else ""
    return "".join("M" + " ".join(f"{num(x)},{num(y)}" for x, y in shape) + end for shape in shapes)


def _base(areas: list[Drawn], lines: list[Drawn], frame: Frame, base: BaseMap) -> str:
    """The background, the areas with their names, and the lines."""
    ground = SEA if base.water else PLAIN
    parts = [f'<rect width="{num(frame.width)}" height="{num(frame.height)}" fill="{ground}"/>']
    parts += [
        f'<path d="{_path(d.shapes, True)}" fill="{LAND}" fill-rule="evenodd" stroke="{MUTED}" '
        f'stroke-width="0.7" stroke-linejoin="round"><title>{esc(d.name)}</title></path>'
        for d in areas
    ]
    parts += [
        f'<path d="{_path(d.shapes, False)}" fill="none" stroke="{LINE}" stroke-width="1.6" '
        f'stroke-linejoin="round"><title>{esc(d.name)}</title></path>'
        for d in lines
    ]
    parts += [label for d in areas if (label := _area_label(d, frame))]
    return "".join(parts)


def _area_label(area: Drawn, frame: Frame) -> str:
    """The area's name in capitals across the widest stretch of its largest shape, if it fits."""
    name = area.name.upper()
    needed = len(name) * (LABEL_SIZE * 0.68 + 1) + 8
    largest = max(area.shapes, key=lambda s: abs(_signed_area(s)))
    ys = [y for _, y in largest]
    y = (min(ys) + max(ys)) / 2
    if max(ys) - min(ys) < 3 * LABEL_SIZE:
        return ""
    stretch = _widest_inside(area.shapes, y)
    if stretch is None:
        return ""
    left, right = max(stretch[0], 0.0), min(stretch[1], frame.width)
    if right - left < needed:
        return ""
    return text(
        (left + right) / 2,
        y + LABEL_SIZE / 3,
        name,
        LABEL_SIZE,
        "middle",
        fill="#6e7781",
        letter_spacing="1",
        aria_hidden="true",
    )


def _widest_inside(shapes: list[list[XY]], y: float) -> tuple[float, float] | None:
    """The widest stretch of the horizontal line at ``y`` inside the shapes (even-odd)."""
    crossings = sorted(
        a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
        for shape in shapes
        for a, b in zip(shape, shape[1:] + shape[:1], strict=True)
        if (a[1] <= y) != (b[1] <= y)
    )
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    return max(stretches, key=lambda s: (s[1] - s[0], -s[0])) if stretches else None


def _scale_bar(frame: Frame) -> str:
    """A bar of a round number of km, about a fifth of the map's width, in the bottom-left corner."""
    across = frame.width / frame.scale * 111.2
    length = max(n * 10**k for k in range(5) for n in (1, 2, 5) if n * 10**k <= max(across / 5, 1))
    x, y = 14.0, frame.height - 16
    return (
        f'<g><line x1="{num(x)}" y1="{num(y)}" x2="{num(x + frame.km(length))}" y2="{num(y)}" '
        f'stroke="{INK}" stroke-width="2"/>{text(x, y - 5, f"{length:,} km (approx.)", 9, fill=INK)}</g>'
    )


def _context(place: Place, frame: Frame) -> str:
    x, y = frame.place(place.lat, place.lon)
    return (
        f'<g><title>{esc(place.name)}</title><circle cx="{num(x)}" cy="{num(y)}" r="2.5" fill="#afb8c1"/></g>'
    )


def _marked(item: MapPlace, frame: Frame) -> str:
    place = item.place
    x, y = frame.place(place.lat, place.lon)
    tip = f"<title>{esc(place.name)}: {esc(_fact_list(item.numbers))}</title>"
    if place.kind == PlaceKind.REGION:
        return f"<g>{tip}{halo_text(x, y, place.name, 11, 'middle', fill=INK, font_style='italic')}</g>"
    dx, dy, anchor = OFFSETS[place.label]
    dot = f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5" fill="{ACCENT}" stroke="#ffffff" stroke-width="1.5"/>'
    return f"<g>{tip}{dot}{halo_text(x + dx, y + dy, place.name, 11, anchor, fill=INK)}</g>"
