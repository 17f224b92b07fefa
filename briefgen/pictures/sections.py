"""A section's pictures: its timeline and its situation map, with what they show in words.

A section is a theme, or the whole briefing. The same section always gives the same pictures,
whichever document shows it, so a theme's .svg files written beside the full briefing's
Markdown and beside the theme's own are the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..project.basemap import BaseMap, read_basemap
from ..project.gazetteer import gazetteer
from ..project.load import Corpus
from .situation_map import MapPlace, situation_map
from .svg import Picture
from .timeline import Lane, Mark, marks, timeline
from .world import natural_earth

MAP_CAPTION = (
    "Borders: Natural Earth (public domain), simplified to about 2 km; they show the lines as they "
    "are on the ground and take no position on disputes. Positions are approximate: the gazetteer "
    "(facts/gazetteer.yaml) says where each comes from and how far off it may be."
)
OWN_MAP_CAPTION = (
    "Base map: the project's own (facts/basemap.geojson). Positions are approximate: the gazetteer "
    "(facts/gazetteer.yaml) says where each comes from and how far off it may be."
)


def base_map(corpus: Corpus) -> BaseMap:
    """The project's own base map (facts/basemap.geojson) if it has a valid one, else Natural Earth's.

    A build checks the project first, so a base map with problems never reaches here but
    through a program calling the pictures directly; that one gets Natural Earth's.
    """
    own, _ = read_basemap(corpus.root)
    return own if own is not None else natural_earth()


def map_caption(base: BaseMap) -> str:
    """What the caption under a map says about its borders and positions."""
    return MAP_CAPTION if base.water else OWN_MAP_CAPTION


@dataclass(frozen=True)
class Named:
    """A fact of the section, by its number, id and statement (which names its places)."""

    number: str
    id: str
    statement: str


@dataclass
class Pictures:
    """A section's timeline and situation map, with what they show in words."""

    key: str
    """'all' for the whole briefing, else the theme id: names the files and the SVG ids."""
    timeline: Picture | None
    dates: list[Mark]
    undated: list[str]
    map: Picture | None
    places: list[MapPlace]
    ids: dict[str, str] = field(default_factory=dict)
    """Fact number -> fact id, to link a number on a picture's text alternative to its fact."""

    @property
    def timeline_file(self) -> str:
        """The timeline's file name in out/, for Markdown."""
        return "timeline.svg" if self.key == "all" else f"timeline-{self.key}.svg"

    @property
    def map_file(self) -> str:
        """The map's file name in out/, for Markdown."""
        return "map.svg" if self.key == "all" else f"map-{self.key}.svg"

    @property
    def marked_places(self) -> list[MapPlace]:
        """The places the section's facts name."""
        return [p for p in self.places if p.marked]

    def files(self) -> dict[str, bytes]:
        """The pictures as .svg files, by their names in out/."""
        found = {self.timeline_file: self.timeline, self.map_file: self.map}
        return {name: picture.file() for name, picture in found.items() if picture is not None}


def section_pictures(
    corpus: Corpus, key: str, what: str, lanes: list[Lane], facts: list[Named], base: BaseMap | None = None
) -> Pictures:
    """The timeline of ``lanes`` and the map of the places ``facts`` name on ``base`` (the
    project's base map when not given); ``what`` names the section."""
    chart = timeline(f"timeline-{key}", f"Timeline of {what}", lanes)
    dates = marks(Lane("", [item for lane in lanes for item in lane.items]))
    undated = [item.number for lane in lanes for item in lane.items if item.date is None]
    places = _map_places(corpus, facts)
    drawn = (
        situation_map(f"map-{key}", f"Situation map of {what}", places, base or base_map(corpus))
        if any(p.marked for p in places)
        else None
    )
    ids = {f.number: f.id for f in facts}
    return Pictures(key, chart, _unique_marks(dates), list(dict.fromkeys(undated)), drawn, places, ids)


def _number_key(number: str) -> tuple[int, ...]:
    """Fact numbers in reading order: 1.2 before 1.10."""
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def _unique_marks(found: list[Mark]) -> list[Mark]:
    """Marks with each fact number once (a fact in two themes is one fact)."""
    return [Mark(m.date, m.precision, list(dict.fromkeys(m.numbers)), m.inferred) for m in found]


def _map_places(corpus: Corpus, facts: list[Named]) -> list[MapPlace]:
    """Every place the corpus's facts name; marked where the given facts name it."""
    index = gazetteer(corpus)
    if not index.places:
        return []
    naming: dict[str, list[str]] = {}
    for fact in facts:
        for place in index.named_in(fact.statement):
            numbers = naming.setdefault(place.id, [])
            if fact.number not in numbers:
                numbers.append(fact.number)
    for numbers in naming.values():
        numbers.sort(key=_number_key)
    named_anywhere = {p.id for e in corpus.facts for p in index.named_in(e.fact.statement)}
    ordered = sorted(index.places, key=lambda p: (-p.lat, p.lon))
    return [
        MapPlace(p, naming.get(p.id, []), p.id in naming)
        for p in ordered
        if p.id in named_anywhere and (p.id in naming or p.kind != "region")
    ]
