"""The timeline and the situation map: what they draw, and that they are accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib import resources

import pytest

from briefgen.pictures.frame import MIN_EXTENT, frame_for
from briefgen.pictures.situation_map import MapPlace, situation_map
from briefgen.pictures.svg import num
from briefgen.pictures.timeline import Item, Lane, timeline
from briefgen.pictures.world import natural_earth
from briefgen.project.models import Place

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: bytes) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    return root


LANE = Lane(
    "1. A theme",
    [
        Item("1.1", "a", "2017"),
        Item("1.2", "b", "2017-06"),
        Item("1.3", "c", "2017-06-01"),
        Item("1.4", "d", "2017-06-01"),
        Item("1.5", "e", None),
    ],
)


def test_an_inferred_date_is_marked_in_the_title_and_drawn_dashed() -> None:
    lane = Lane(
        "1. Theme", [Item("1.1", "a", "2019", True), Item("1.2", "b", "2019"), Item("1.3", "c", "2018", True)]
    )
    picture = timeline("t", "Timeline", [lane])
    assert picture is not None
    root = parse(picture.file())
    bars = {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None}
    assert set(bars) == {"2018 (inferred): 1 fact (1.3)", "2019 (1 of 2 inferred): 2 facts (1.1, 1.2)"}
    for bar in bars.values():
        rect = bar.find(f"{SVG}rect")
        assert rect is not None and rect.get("stroke-dasharray") == "3 2"
    assert "2018 (known to the year; inferred): 1 fact" in picture.desc


def test_each_precision_is_drawn_differently() -> None:
    picture = timeline("t", "Timeline", [LANE])
    assert picture is not None
    root = parse(picture.file())
    bars = {g.findtext(f"{SVG}title"): g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None}
    year = bars["2017: 1 fact (1.1)"].find(f"{SVG}rect")
    month = bars["June 2017: 1 fact (1.2)"].find(f"{SVG}rect")
    day = bars["1 June 2017: 2 facts (1.3, 1.4)"].find(f"{SVG}polygon")
    assert year is not None and month is not None and day is not None
    year_width, month_width = float(year.get("width", 0)), float(month.get("width", 0))
    assert 11 < year_width / month_width < 13  # a year is twelve months wide
    assert year.get("fill") != month.get("fill")
    assert "Not dated, so not drawn: 1 fact" in picture.svg()
    assert picture.desc == (
        "1. A theme: 2017 (known to the year): 1 fact; June 2017 (known to the month): 1 fact; "
        "1 June 2017 (known to the day): 2 facts; not dated: 1 fact."
    )


def test_no_dated_fact_means_no_timeline() -> None:
    assert timeline("t", "Timeline", [Lane("x", [Item("1.1", "a", None)])]) is None


def test_pictures_are_the_same_every_time() -> None:
    first = timeline("t", "Timeline", [LANE])
    second = timeline("t", "Timeline", [LANE])
    assert first is not None and second is not None and first.file() == second.file()


def test_the_shipped_base_map_is_natural_earth_small_and_licensed() -> None:
    data = resources.files("briefgen.pictures").joinpath("data")
    assert len(data.joinpath("countries.json").read_bytes()) <= 300_000
    assert "public domain" in data.joinpath("LICENSE-natural-earth.txt").read_text(encoding="utf-8")
    areas = {area.name: area for area in natural_earth().areas}
    assert len(areas) == 239
    assert {"Syria", "Egypt", "Fiji", "Democratic Republic of the Congo", "Northern Cyprus"} <= set(areas)
    for area in areas.values():
        assert area.rings and all(ring[0] == ring[-1] and len(ring) >= 4 for ring in area.rings), area.name


def place(id_: str, kind: str, lat: float, lon: float) -> Place:
    return Place(
        id=id_,
        name=id_.title(),
        kind=kind,
        spellings=[id_],
        lat=lat,
        lon=lon,
        uncertainty_km=10,
        coordinates_from="approximate, for a test",
    )


def test_the_map_marks_and_names_the_sections_places() -> None:
    places = [
        MapPlace(place("raqqa", "city", 35.95, 39.01), ["1.2", "1.3"], True),
        MapPlace(place("badia", "region", 34.0, 38.0), ["2.1"], True),
        MapPlace(place("palmyra", "city", 34.55, 38.27), [], False),
        MapPlace(place("daraa", "city", 32.62, 36.10), [], False),  # outside the frame: not drawn
    ]
    picture = situation_map("m", "Map", places, natural_earth())
    root = parse(picture.file())
    svg = picture.svg()
    assert "<title>Raqqa: facts 1.2, 1.3</title>" in svg
    assert "<title>Palmyra</title>" in svg  # context: a grey dot, no name on the map
    assert len(re.findall(r">Palmyra</text>", svg)) == 0 and len(re.findall(r">Raqqa</text>", svg)) == 2
    assert "Daraa" not in svg
    assert len(root.findall(f".//{SVG}circle")) == 2  # the region is a name, not a point
    assert picture.desc.startswith(
        "Map of 33.5°N to 36.5°N, 36.7°E to 40.3°E, drawn on Natural Earth's country boundaries "
        "(1:50m, simplified to about 2 km), showing Iraq, Syria."
    )
    assert picture.desc.endswith(
        "It marks 2 places the facts name: Raqqa (facts 1.2, 1.3); Badia (fact 2.1). "
        "Other places of the briefing, shown as grey dots: Palmyra."
    )
    x, y = frame_for([(39.01, 35.95), (38.0, 34.0)]).place(35.95, 39.01)
    assert f'cx="{num(x)}" cy="{num(y)}"' in svg


def coordinates(svg: str) -> list[tuple[float, float]]:
    """Every position the map's shapes pass through."""
    paths = " ".join(re.findall(r' d="([^"]*)"', svg))
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", paths)]


@pytest.mark.parametrize(
    ("where", "found", "absent"),
    [
        ([(29.97, 32.55), (31.26, 32.30)], ["Egypt"], ["Syria"]),  # the Suez Canal
        ([(-17.8, 178.4), (-16.8, -179.9)], ["Fiji"], ["Egypt"]),  # across the 180th meridian
        ([(64.1, -21.9)], ["Iceland"], ["Norway"]),  # one place, far north
        ([(51.5, -0.1), (-33.9, 151.2), (40.7, -74.0)], ["Australia", "United Kingdom"], []),  # the world
    ],
)
def test_a_map_of_anywhere(where: list[tuple[float, float]], found: list[str], absent: list[str]) -> None:
    marked = [MapPlace(place(f"p{n}", "city", lat, lon), ["1.1"], True) for n, (lat, lon) in enumerate(where)]
    picture = situation_map("m", "Map", marked, natural_earth())
    svg = picture.svg()
    parse(picture.file())
    for name in found:
        assert f"<title>{name}</title>" in svg
    assert found[0] in picture.desc
    for name in absent:
        assert f"<title>{name}</title>" not in svg
    for x, y in coordinates(svg):  # clipped to the frame (and a margin of 2 units)
        assert -2 <= x <= picture.width + 2 and -2 <= y <= picture.height + 2
    for x, y in (tuple(map(float, c)) for c in re.findall(r'<circle cx="([^"]*)" cy="([^"]*)" r="4.5"', svg)):
        assert 0 < x < picture.width and 0 < y < picture.height
    assert len(picture.file()) < 120_000
    assert situation_map("m", "Map", marked, natural_earth()).file() == picture.file()


def test_a_frame_is_never_smaller_than_the_minimum_nor_of_an_odd_shape() -> None:
    one = frame_for([(36.3, 33.5)])
    assert round(one.north - one.south, 2) == MIN_EXTENT and 0.6 <= one.height / one.width <= 1.0
    wide = frame_for([(0.0, 10.0), (60.0, 10.0)])
    assert wide.height / wide.width >= 0.6 - 0.01
    across = frame_for([(178.4, -17.8), (-179.9, -16.8)])
    assert across.west < 178.4 and across.east > 180.1 and across.contains(-16.8, -179.9)
