"""Where a situation map looks: a frame around its places, a simple projection, and clipping.

The frame is the places' bounding box, padded by a fifth of its size (at least 0.3 degrees),
never smaller than :data:`MIN_EXTENT` degrees of latitude across and kept between
:data:`FLATTEST` and :data:`TALLEST` in shape, so that one place, two places a street apart and
places a continent apart all give a legible map. Longitudes are taken the short way round: places
on both sides of the 180th meridian are framed together.

The projection is equirectangular, with longitudes shortened by the cosine of the frame's middle
latitude: at the scale of a briefing map, shapes are close to true. Everything is rounded to
0.1 of a unit when written (:func:`briefgen.pictures.svg.num`), so the same places always give
the same bytes.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..project.basemap import Point

WIDTH = 640.0
"""The canvas width in SVG user units; the height follows from the frame's shape."""
MIN_EXTENT = 3.0
"""The least height of a frame, in degrees of latitude (about 330 km): Natural Earth's 1:50m
boundaries are drawn for maps of a country or more, and look coarse any closer."""
FLATTEST, TALLEST = 0.6, 1.0
"""The frame's height over its width stays between these."""
MAX_LAT = 85.0
"""Frames stop here: the projection stretches the polar regions without end."""

XY = tuple[float, float]
"""A position on the canvas, y growing downwards."""


@dataclass(frozen=True)
class Frame:
    """The part of the earth the map shows, and how it is laid on the canvas.

    ``east`` may exceed 180 when the frame crosses the 180th meridian (it is always east of
    ``west``, by at most 360 degrees).
    """

    west: float
    east: float
    south: float
    north: float
    width: float = WIDTH

    @cached_property
    def _cos(self) -> float:
        return math.cos(math.radians((self.north + self.south) / 2))

    @cached_property
    def scale(self) -> float:
        """Canvas units per degree of latitude."""
        return self.width / ((self.east - self.west) * self._cos)

    @property
    def height(self) -> float:
        """The canvas height that keeps the projection's proportions."""
        return round((self.north - self.south) * self.scale, 1)

    def unwrap(self, lon: float) -> float:
        """A longitude as the frame counts it: from ``west`` to ``west + 360``."""
        return lon + 360 if lon < self.west else (lon - 360 if lon >= self.west + 360 else lon)

    def project(self, point: Point, shift: float = 0.0) -> XY:
        """A (longitude, latitude) as canvas (x, y); ``shift`` moves it by whole turns of 360."""
        lon, lat = point
        return (lon + shift - self.west) * self._cos * self.scale, (self.north - lat) * self.scale

    def place(self, lat: float, lon: float) -> XY:
        """Where a place stands on the canvas."""
        return self.project((self.unwrap(lon), lat))

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a position lies inside the frame."""
        return self.south <= lat <= self.north and self.unwrap(lon) <= self.east

    def km(self, distance: float) -> float:
        """A distance in km as canvas units (a degree of latitude is about 111.2 km)."""
        return distance / 111.2 * self.scale

    def shifts(self, west: float, east: float) -> list[float]:
        """The whole turns (0, +360, -360) that bring a stretch of longitudes into the frame."""
        return [s for s in (0.0, 360.0, -360.0) if west + s <= self.east and east + s >= self.west]


def frame_for(points: Sequence[Point], width: float = WIDTH) -> Frame:
    """The frame for these (longitude, latitude) points (see the module's docstring)."""
    west, east = _longitudes(sorted(lon for lon, _ in points))
    south, north = min(lat for _, lat in points), max(lat for _, lat in points)
    cos = math.cos(math.radians((north + south) / 2))
    across, tall = (east - west) * cos, north - south
    pad = max(0.2 * max(across, tall), 0.3)
    across, tall = across + 2 * pad, max(tall + 2 * pad, MIN_EXTENT)
    tall = min(max(tall, FLATTEST * across), 2 * MAX_LAT)
    across = min(max(across, tall / TALLEST), 360 * cos)
    middle_lat = min(max((north + south) / 2, -MAX_LAT + tall / 2), MAX_LAT - tall / 2)
    middle_lon = (west + east) / 2
    half_lon = across / cos / 2
    return Frame(
        west=round(middle_lon - half_lon, 2),
        east=round(middle_lon + half_lon, 2),
        south=round(middle_lat - tall / 2, 2),
        north=round(middle_lat + tall / 2, 2),
        width=width,
    )


def _longitudes(lons: list[float]) -> tuple[float, float]:
    """The shortest stretch of longitude holding all of ``lons`` (sorted): (west, east), with
    east above 180 when the stretch crosses the 180th meridian."""
    gaps = [(lons[0] + 360 - lons[-1], len(lons) - 1)]
    gaps += [(lons[n + 1] - lons[n], n) for n in range(len(lons) - 1)]
    _, before = max(gaps, key=lambda g: (g[0], -g[1]))
    west = lons[(before + 1) % len(lons)]
    east = lons[before]
    return west, east + 360 if east < west else east


def clip_ring(ring: Iterable[XY], left: float, top: float, right: float, bottom: float) -> list[XY]:
    """A closed ring clipped to a rectangle (Sutherland-Hodgman: exact for a convex window).

    Where the ring leaves and comes back, the result runs along the window's edge; the caller
    clips to a window slightly larger than the canvas, so those runs are never seen.
    """
    points = list(ring)
    for axis, bound, low in ((0, left, True), (0, right, False), (1, top, True), (1, bottom, False)):
        if not points:
            break
        kept: list[XY] = []
        previous = points[-1]
        for point in points:
            inside, was_inside = _inside(point, axis, bound, low), _inside(previous, axis, bound, low)
            if inside != was_inside:
                kept.append(_crossing(previous, point, axis, bound))
            if inside:
                kept.append(point)
            previous = point
        points = kept
    return points


def _inside(point: XY, axis: int, bound: float, low: bool) -> bool:
    """Whether a point is on the window's side of one of its edges."""
    return point[axis] >= bound if low else point[axis] <= bound


def _crossing(a: XY, b: XY, axis: int, bound: float) -> XY:
    """Where the segment from ``a`` to ``b`` crosses the line ``axis == bound``."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    x, y = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
    return (bound, y) if axis == 0 else (x, bound)


def clip_line(line: Sequence[XY], left: float, top: float, right: float, bottom: float) -> list[list[XY]]:
    """The parts of an open line inside a rectangle (each segment clipped by Liang-Barsky)."""
    parts: list[list[XY]] = []
    for a, b in itertools.pairwise(line):
        piece = _clip_segment(a, b, left, top, right, bottom)
        if piece is None:
            continue
        start, end = piece
        if parts and parts[-1][-1] == start:
            parts[-1].append(end)
        else:
            parts.append([start, end])
    return parts


def _clip_segment(a: XY, b: XY, left: float, top: float, right: float, bottom: float) -> tuple[XY, XY] | None:
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    start = a if low == 0 else (x0 + low * dx, y0 + low * dy)
    end = b if high == 1 else (x0 + high * dx, y0 + high * dy)
    return start, end


def simplify(points: list[XY], tolerance: float) -> list[XY]:
    """Douglas-Peucker: the fewest points of ``points`` that stay within ``tolerance`` of it
    (both ends kept). On a map of a continent most of a border's points fall on one pixel."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, at = tolerance, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if d > worst:
                worst, at = d, i
        if at >= 0:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def unwrapped(points: Sequence[Point]) -> list[Point]:
    """A ring or line that crosses the 180th meridian, made continuous: a step of more than 180
    degrees of longitude is taken the short way (179.9 then 180.1, not -179.9). Natural Earth's
    Russia and Fiji cross it."""
    out: list[Point] = []
    turn = 0.0
    for lon, lat in points:
        if out:
            step = lon + turn - out[-1][0]
            turn -= 360 * round(step / 360)
        out.append((lon + turn, lat))
    return out
