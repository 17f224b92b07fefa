"""The timeline and the situation map: what they draw, and that they are accessible SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from briefgen.pictures import basemap
from briefgen.pictures.basemap import FRAME
from briefgen.pictures.situation_map import MapPlace, situation_map
from briefgen.pictures.timeline import Item, Lane, timeline
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


def test_the_base_map_is_closed_and_inside_its_frame() -> None:
    for ring in (basemap.SYRIA, basemap.LEBANON):
        assert ring[0] == ring[-1]
    for line in [basemap.SYRIA, basemap.LEBANON, basemap.SEA, basemap.EUPHRATES, *basemap.BORDERS]:
        for lon, lat in line:
            assert FRAME.contains(lat, lon), (lon, lat)


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
        MapPlace(place("daraa", "city", 32.62, 36.10), [], False),
    ]
    picture = situation_map("m", "Map", places)
    root = parse(picture.file())
    svg = picture.svg()
    assert "<title>Raqqa: facts 1.2, 1.3</title>" in svg
    assert "<title>Daraa</title>" in svg  # context: a grey dot, no name on the map
    assert len(re.findall(r">Daraa</text>", svg)) == 0 and len(re.findall(r">Raqqa</text>", svg)) == 2
    assert len(root.findall(f".//{SVG}circle")) == 2  # the region is a name, not a point
    assert picture.desc.endswith(
        "marking 2 places the facts name: Raqqa (facts 1.2, 1.3); Badia (fact 2.1). "
        "Other places of the briefing, shown as grey dots: Daraa."
    )
    x, y = FRAME.project((39.01, 35.95))
    assert f'cx="{x:g}" cy="{y:g}"' in svg
