"""Make briefgen's shipped base map from Natural Earth's countries, once, by hand.

    npm pack world-atlas@2.0.2        # the npm registry's redistribution of Natural Earth 4.1.0
    .venv/bin/python -m tools.natural_earth world-atlas-2.0.2.tgz

reads ``countries-50m.json`` (Natural Earth's 1:50m admin-0 countries as TopoJSON) from the
package, simplifies every arc (Douglas-Peucker, 0.02 degrees: about 2 km) and writes
``briefgen/pictures/data/countries.json``. The same tarball always gives the same bytes.

The shipped file keeps TopoJSON's idea: each border between two countries is one *arc*, stored
once and shared by both, so simplifying an arc moves both countries' outlines alike and no gap
or overlap opens between neighbours. Arcs are lists of integers: positions in hundredths of a
degree, each after the first as the difference from the one before (small numbers are short
text). A ring is a list of arc numbers, ``~n`` (that is, ``-n - 1``) meaning arc ``n`` reversed.
Names are Natural Earth's, with its abbreviations written out ('Dem. Rep. Congo' is read aloud
as 'Democratic Republic of the Congo').
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import tarfile
from pathlib import Path
from typing import Any

TARBALL_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
"""world-atlas 2.0.2 as the npm registry serves it."""

MEMBER = "package/countries-50m.json"
TOLERANCE = 0.02
"""Douglas-Peucker tolerance in degrees (about 2 km): finer than a briefing map can show."""
QUANTUM = 0.01
"""Positions are written in hundredths of a degree (about 1 km)."""
OUT = Path(__file__).resolve().parent.parent / "briefgen" / "pictures" / "data" / "countries.json"

FULL_NAMES = {
    "Antigua and Barb.": "Antigua and Barbuda",
    "Ashmore and Cartier Is.": "Ashmore and Cartier Islands",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Br. Indian Ocean Ter.": "British Indian Ocean Territory",
    "British Virgin Is.": "British Virgin Islands",
    "Cayman Is.": "Cayman Islands",
    "Central African Rep.": "Central African Republic",
    "Cook Is.": "Cook Islands",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Faeroe Is.": "Faroe Islands",
    "Falkland Is.": "Falkland Islands",
    "Fr. Polynesia": "French Polynesia",
    "Fr. S. Antarctic Lands": "French Southern and Antarctic Lands",
    "Heard I. and McDonald Is.": "Heard Island and McDonald Islands",
    "Indian Ocean Ter.": "Australian Indian Ocean Territories",
    "Marshall Is.": "Marshall Islands",
    "N. Cyprus": "Northern Cyprus",
    "N. Mariana Is.": "Northern Mariana Islands",
    "Pitcairn Is.": "Pitcairn Islands",
    "S. Geo. and the Is.": "South Georgia and the South Sandwich Islands",
    "S. Sudan": "South Sudan",
    "Solomon Is.": "Solomon Islands",
    "St. Kitts and Nevis": "Saint Kitts and Nevis",
    "St. Pierre and Miquelon": "Saint Pierre and Miquelon",
    "St. Vin. and Gren.": "Saint Vincent and the Grenadines",
    "St-Barthélemy": "Saint Barthélemy",
    "St-Martin": "Saint Martin",
    "Turks and Caicos Is.": "Turks and Caicos Islands",
    "U.S. Virgin Is.": "United States Virgin Islands",
    "W. Sahara": "Western Sahara",
    "Wallis and Futuna Is.": "Wallis and Futuna",
}

Point = tuple[float, float]


def read_topology(tarball: Path) -> dict[str, Any]:
    """The 1:50m countries topology from the world-atlas tarball, after checking its pin."""
    found = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if found != TARBALL_SHA256:
        sys.exit(f"{tarball}: sha256 {found}, expected world-atlas 2.0.2's {TARBALL_SHA256}")
    with tarfile.open(tarball) as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            sys.exit(f"{tarball}: no {MEMBER}")
        topology: dict[str, Any] = json.load(member)
    return topology


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """TopoJSON's delta-encoded, quantized arcs as (longitude, latitude) lists."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance(p: Point, a: Point, b: Point) -> float:
    """How far ``p`` lies from the segment from ``a`` to ``b``, in degrees."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (so shared arcs still meet); a closed arc is split at
    its farthest point from the start, so that it stays a ring."""
    if len(points) > 3 and points[0] == points[-1]:
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def quantize(points: list[Point]) -> list[tuple[int, int]]:
    """Positions in hundredths of a degree, without repeats."""
    out: list[tuple[int, int]] = []
    for lon, lat in points:
        q = (round(lon / QUANTUM), round(lat / QUANTUM))
        if not out or out[-1] != q:
            out.append(q)
    return out


def ring_points(ring: list[int], arcs: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """A ring's positions from its arcs (each arc starts where the one before ended)."""
    out: list[tuple[int, int]] = []
    for ref in ring:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        out += arc[1:] if out else arc
    return out


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """A country's polygons, each a list of rings, each a list of arc references."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def build(topology: dict[str, Any]) -> dict[str, Any]:
    """The shipped base map: simplified arcs and the countries made of them."""
    arcs = [quantize(simplify(arc, TOLERANCE)) for arc in decode_arcs(topology)]
    countries = []
    used: dict[int, int] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        polygons = []
        for polygon in polygons_of(geometry):
            rings = [ring for ring in polygon if len(set(ring_points(ring, arcs))) >= 3]
            if rings and rings[0] == polygon[0]:  # an outer ring too small to draw takes its holes along
                polygons.append(rings)
        if not polygons:
            print(f"dropped (smaller than the tolerance): {name}", file=sys.stderr)
            continue
        for ring in (r for p in polygons for r in p):
            for ref in ring:
                used.setdefault(ref if ref >= 0 else ~ref, len(used))
        countries.append(
            {"name": FULL_NAMES.get(name, name), "iso": geometry.get("id", ""), "polygons": polygons}
        )
    order = sorted(used, key=used.__getitem__)
    renumber = {old: new for new, old in enumerate(order)}
    for country in countries:
        country["polygons"] = [
            [[renumber[r] if r >= 0 else ~renumber[~r] for r in ring] for ring in polygon]
            for polygon in country["polygons"]
        ]
    countries.sort(key=lambda c: c["name"])
    return {
        "about": "Natural Earth 1:50m admin-0 countries (version 4.1.0, public domain), via world-atlas "
        f"2.0.2; arcs simplified to {TOLERANCE} degrees; see LICENSE-natural-earth.txt",
        "quantum": QUANTUM,
        "arcs": [_delta(arcs[old]) for old in order],
        "countries": countries,
    }


def _delta(points: list[tuple[int, int]]) -> list[int]:
    """An arc as a flat list: the first position, then each difference from the one before."""
    flat: list[int] = []
    x = y = 0
    for px, py in points:
        flat += [px - x, py - y]
        x, y = px, py
    return flat


def main() -> None:
    """Read the tarball named on the command line and write the shipped base map."""
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tools.natural_earth world-atlas-2.0.2.tgz")
    data = build(read_topology(Path(sys.argv[1])))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text + "\n", encoding="utf-8")
    points = sum(len(a) // 2 for a in data["arcs"])
    print(f"{OUT}: {len(text.encode()) + 1} bytes, {len(data['countries'])} countries, {points} positions")


if __name__ == "__main__":
    main()
