"""The base map under the situation map: Syria, the borders of its neighbours, the coast, the Euphrates.

**How far to trust it.** Every vertex below was set by hand, from general knowledge of published
political maps, for a briefing-sized picture; none was surveyed, digitised or fetched. Lines are
simplified to a few dozen points, so a border may be off by 10 to 30 km, and small features
(islands, lakes, the Tigris at Syria's north-east corner) are left out. The lines follow the
internationally recognised boundaries roughly and take no position on any dispute: the Golan
Heights, occupied by Israel since 1967, lie inside the drawn outline of Syria, and the West Bank
and Gaza are not drawn. The map shows where places lie relative to one another and to the
borders; it is not for measuring.

Coordinates are (longitude, latitude) in decimal degrees. The projection is equirectangular,
with longitudes shortened by the cosine of the frame's middle latitude, so shapes are close to
true at this scale (distortion under 3% across the frame).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]
"""(longitude, latitude) in decimal degrees."""


@dataclass(frozen=True)
class Frame:
    """The part of the earth the map shows, and how it is laid on a canvas."""

    west: float
    east: float
    south: float
    north: float
    width: float
    """The canvas width in SVG user units; the height follows from the projection."""

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a position lies inside the frame."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    @property
    def _x_scale(self) -> float:
        return self.width / ((self.east - self.west) * math.cos(math.radians((self.north + self.south) / 2)))

    @property
    def height(self) -> float:
        """The canvas height that keeps the projection's proportions."""
        return round((self.north - self.south) * self._x_scale, 1)

    def project(self, point: Point) -> tuple[float, float]:
        """A (longitude, latitude) as canvas (x, y), y growing downwards."""
        lon, lat = point
        scale = self._x_scale
        x = (lon - self.west) * math.cos(math.radians((self.north + self.south) / 2)) * scale
        return round(x, 1), round((self.north - lat) * scale, 1)

    def km(self, distance: float) -> float:
        """A north-south distance in km as canvas units (a degree of latitude is about 111 km)."""
        return distance / 111.2 * self._x_scale


FRAME = Frame(west=34.6, east=42.9, south=31.6, north=37.6, width=640)
"""Syria with a margin for its neighbours' borders and the eastern Mediterranean."""

# Syria's outline, clockwise from where its coast meets Turkey: the Turkish border east to the
# Tigris, the Iraqi border south to the Jordanian tripoint, the Jordanian border west, the 1923
# line along the Golan north to Mount Hermon, the Lebanese border, and the coast north again.
_TURKISH_BORDER: list[Point] = [
    (35.92, 35.92),  # the coast near Kassab
    (36.16, 35.82),
    (36.38, 36.02),
    (36.57, 36.20),
    (36.67, 36.24),  # Bab al-Hawa
    (36.66, 36.52),
    (36.67, 36.83),
    (37.05, 36.64),  # Kilis / Azaz
    (37.55, 36.68),
    (38.01, 36.83),  # Jarabulus, where the Euphrates enters Syria
    (38.50, 36.78),
    (38.95, 36.70),  # Tell Abyad
    (39.50, 36.70),
    (40.07, 36.85),  # Ras al-Ayn
    (40.80, 37.07),
    (41.22, 37.07),  # Qamishli
    (41.80, 37.10),
    (42.19, 37.30),
    (42.36, 37.11),  # the Syria-Turkey-Iraq tripoint on the Tigris
]
_IRAQI_BORDER: list[Point] = [
    (42.36, 37.11),
    (42.08, 36.81),  # Yarubiyah / Rabia
    (41.33, 36.38),
    (41.28, 35.63),
    (41.00, 34.42),  # the Euphrates at Abu Kamal / al-Qaim
    (38.79, 33.37),  # the Syria-Iraq-Jordan tripoint
]
_JORDANIAN_BORDER: list[Point] = [
    (38.79, 33.37),
    (36.84, 32.31),
    (36.40, 32.38),
    (36.07, 32.52),  # Daraa / Ramtha
    (35.80, 32.72),
    (35.63, 32.69),  # the Yarmouk near its mouth
]
_GOLAN_LINE: list[Point] = [
    (35.63, 32.69),
    (35.65, 32.90),
    (35.63, 33.05),
    (35.69, 33.25),
    (35.86, 33.42),  # Mount Hermon
]
_LEBANESE_BORDER: list[Point] = [
    (35.86, 33.42),
    (36.05, 33.60),
    (36.33, 33.82),
    (36.42, 34.00),
    (36.62, 34.20),
    (36.60, 34.45),
    (36.30, 34.62),
    (35.97, 34.64),  # the coast at the Nahr al-Kabir
]
_SYRIAN_COAST: list[Point] = [
    (35.97, 34.64),
    (35.87, 34.89),  # Tartus
    (35.94, 35.18),  # Baniyas
    (35.92, 35.36),  # Jableh
    (35.77, 35.52),  # Latakia
    (35.84, 35.84),  # Ras al-Bassit
    (35.92, 35.92),
]

SYRIA: list[Point] = (
    _TURKISH_BORDER + _IRAQI_BORDER[1:] + _JORDANIAN_BORDER[1:] + _GOLAN_LINE[1:] + _LEBANESE_BORDER[1:]
) + _SYRIAN_COAST[1:]
"""Syria's outline as one closed ring (the last point repeats the first)."""

_LEBANESE_COAST: list[Point] = [
    (35.10, 33.09),  # Naqoura
    (35.20, 33.27),  # Tyre
    (35.37, 33.56),  # Sidon
    (35.48, 33.90),  # Beirut
    (35.64, 34.28),
    (35.82, 34.44),  # Tripoli
    (35.97, 34.64),
]
LEBANON: list[Point] = [*reversed(_LEBANESE_BORDER), (35.62, 33.27), *_LEBANESE_COAST]
"""Lebanon's outline as one closed ring."""

_ISRAELI_COAST: list[Point] = [
    (34.60, 31.73),  # the frame's western edge
    (34.64, 31.80),
    (34.77, 32.08),  # Tel Aviv
    (34.90, 32.50),
    (34.99, 32.82),  # Haifa
    (35.07, 32.92),
    (35.10, 33.09),
]
_TURKISH_COAST: list[Point] = [
    (35.92, 35.92),
    (35.97, 36.08),
    (35.88, 36.41),
    (36.17, 36.59),  # Iskenderun
    (36.22, 36.84),
    (35.79, 36.77),
    (35.38, 36.56),
    (34.95, 36.72),
    (34.60, 36.80),  # the frame's western edge
]

SEA: list[Point] = _ISRAELI_COAST + _LEBANESE_COAST[1:] + _SYRIAN_COAST[1:] + _TURKISH_COAST[1:]
"""The eastern Mediterranean inside the frame, closed along the frame's western edge."""

BORDERS: list[list[Point]] = [
    # Lebanon and Israel.
    [(35.62, 33.27), (35.10, 33.09)],
    # Israel and Jordan: the Jordan river from the Yarmouk to the Dead Sea, then the frame.
    [(35.63, 32.69), (35.57, 32.64), (35.55, 32.40), (35.52, 32.10), (35.55, 31.76), (35.48, 31.60)],
    # Jordan and Iraq, Jordan and Saudi Arabia, Iraq and Saudi Arabia (to the frame).
    [(38.79, 33.37), (39.30, 32.23)],
    [(39.30, 32.23), (38.00, 31.74), (37.62, 31.60)],
    [(39.30, 32.23), (40.41, 31.95), (41.00, 31.60)],
    # Turkey and Iraq, east of the tripoint, to the frame.
    [(42.36, 37.11), (42.78, 37.37), (42.90, 37.34)],
]
"""Neighbours' borders that are not Syria's, as open lines."""

EUPHRATES: list[Point] = [
    (38.30, 37.48),
    (37.99, 37.03),  # Birecik
    (38.01, 36.83),  # Jarabulus
    (38.05, 36.55),
    (38.20, 36.20),
    (38.57, 35.87),  # the Tabqa dam
    (39.01, 35.95),  # Raqqa
    (39.50, 35.80),
    (40.14, 35.33),  # Deir ez-Zor
    (40.45, 35.02),  # Mayadin
    (40.70, 34.80),
    (40.83, 34.69),  # Hajin
    (40.92, 34.45),  # Abu Kamal
    (41.10, 34.38),  # al-Qaim
    (41.95, 34.37),  # Anah
    (42.35, 34.13),  # Haditha
    (42.83, 33.64),  # Hit
]
"""The Euphrates from the frame's northern edge in Turkey, through Syria, into Iraq."""


@dataclass(frozen=True)
class Label:
    """A name written on the base map (a country, the sea, the river)."""

    text: str
    at: Point
    kind: str
    """'country', 'sea' or 'river': decides the type style."""
    anchor: str = "middle"
    """Which end of the text stands at the point: 'start', 'middle' or 'end'."""


LABELS: list[Label] = [
    Label("SYRIA", (38.35, 35.05), "country"),
    Label("TURKEY", (37.60, 37.32), "country"),
    Label("IRAQ", (41.90, 33.05), "country"),
    Label("JORDAN", (37.35, 32.05), "country"),
    Label("LEBANON", (34.66, 33.80), "country", "start"),
    Label("ISRAEL", (35.24, 32.55), "country"),
    Label("SAUDI ARABIA", (39.60, 31.70), "country"),
    Label("Mediterranean", (34.68, 35.05), "sea", "start"),
    Label("Euphrates", (39.55, 35.62), "river"),
]
