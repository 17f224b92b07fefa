"""The shipped base map: Natural Earth's country boundaries (1:50m, public domain), simplified.

``data/countries.json`` is made once from the npm package world-atlas 2.0.2 (Natural Earth 4.1.0
as TopoJSON) by ``tools/natural_earth.py``, which says how it is stored; its licence note is
``data/LICENSE-natural-earth.txt``. Borders are simplified to about 2 km and stored to 0.01
degrees, which no briefing map can tell apart from the original. Natural Earth draws the
boundaries as they are on the ground ("de facto"), and marks some disputed areas apart (for
example Northern Cyprus, Somaliland, Western Sahara); briefgen takes no position on any of them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..project.basemap import Area, BaseMap, Point

SOURCE = "Natural Earth's country boundaries (1:50m, simplified to about 2 km)"


@cache
def natural_earth() -> BaseMap:
    """Every country of the shipped data, with its name, read once per process."""
    text = resources.files(__package__).joinpath("data", "countries.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    quantum = float(data["quantum"])
    arcs = [_arc(flat, quantum) for flat in data["arcs"]]
    areas = tuple(
        Area(country["name"], tuple(_ring(ring, arcs) for polygon in country["polygons"] for ring in polygon))
        for country in data["countries"]
    )
    return BaseMap(areas, (), SOURCE, True)


def _arc(flat: list[int], quantum: float) -> list[Point]:
    """An arc's positions from its first position and the differences that follow."""
    points, x, y = [], 0, 0
    for n in range(0, len(flat), 2):
        x, y = x + flat[n], y + flat[n + 1]
        points.append((round(x * quantum, 2), round(y * quantum, 2)))
    return points


def _ring(refs: list[int], arcs: list[list[Point]]) -> tuple[Point, ...]:
    """A ring from its arcs, each starting where the one before ends (``~n``: arc n reversed)."""
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points += arc[1:] if points else arc
    return tuple(points)
