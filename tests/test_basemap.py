"""A project's own base map (facts/basemap.geojson): drawn instead of Natural Earth's, and
checked with a line and column for every problem."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .conftest import Result

BASEMAP = "facts/basemap.geojson"

HARBOUR = """{
  "type": "FeatureCollection",
  "name": "harbour",
  "features": [
    {"type": "Feature", "properties": {"name": "Harbour town", "fid": 7},
     "geometry": {"type": "Polygon", "coordinates": [[[35.0, 34.0], [37.0, 34.0], [37.0, 36.0], [35.0, 34.0]]]}},
    {"type": "Feature", "properties": {"name": "Breakwater"},
     "geometry": {"type": "LineString", "coordinates": [[35.5, 34.5], [36.5, 35.5]]}}
  ]
}
"""


def test_a_project_draws_its_own_base_map(mini: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    (mini / BASEMAP).write_text(HARBOUR, encoding="utf-8")
    assert cli("check", "--root", mini, "--strict").code == 0
    out = tmp_path / "out"
    assert cli("build", "--root", mini, "--out", out, "--format", "md", "-q").code == 0
    svg = (out / "map-pier.svg").read_text(encoding="utf-8")
    assert "<title>Harbour town</title>" in svg and "<title>Breakwater</title>" in svg
    assert "<title>Syria</title>" not in svg  # not Natural Earth's
    assert (
        "drawn on the project's own base map (facts/basemap.geojson), showing Harbour town; lines: Breakwater."
        in svg
    )
    assert "Base map: the project's own (facts/basemap.geojson)." in (out / "briefing.md").read_text(
        encoding="utf-8"
    )


def test_without_one_the_map_is_natural_earths(
    mini: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    out = tmp_path / "out"
    assert cli("build", "--root", mini, "--out", out, "--format", "md", "-q").code == 0
    svg = (out / "map-pier.svg").read_text(encoding="utf-8")
    assert "<title>Syria</title>" in svg and "<title>Lebanon</title>" in svg
    assert "Borders: Natural Earth (public domain)" in (out / "briefing.md").read_text(encoding="utf-8")


BROKEN = """{
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature", "properties": {"nom": "Harbour town"},
     "geometry": {"type": "Polygon", "coordinates": [[[35.0, 34.0], [37.0, 34.0], [37.0, 36.0], [35.0, 34.1]]]}},
    {"type": "Feature", "properties": {"name": "Breakwater"},
     "geometry": {"type": "LineString", "coordinates": [[35.5, 34.5], [200, 35.5], "east"]}},
    {"type": "Feature", "properties": {"name": "Bay"}, "geometry": {"type": "Circle", "coordinates": []}},
    {"type": "Feature", "properties": {"name": "Quay"}, "geometry": {"type": "Polygon", "coordinates": [[[35.0, 34.0], [35.0, 34.0]]]}}
  ]
}
"""


def test_every_problem_of_a_base_map_is_located(mini: Path, cli: Callable[..., Result]) -> None:
    (mini / BASEMAP).write_text(BROKEN, encoding="utf-8")
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert [line.removeprefix(f"{mini}/") for line in result.out.splitlines() if "basemap" in line] == [
        "facts/basemap.geojson:4:39: error: missing required field 'name' in properties",
        "facts/basemap.geojson:5:54: error: Polygon coordinates: a ring must end where it starts",
        "facts/basemap.geojson:7:71: error: LineString coordinates: [200, 35.5] is not a longitude (-180 to 180) and a latitude (-90 to 90)",
        "facts/basemap.geojson:7:84: error: LineString coordinates: a position is [longitude, latitude], got 'east'",
        "facts/basemap.geojson:8:77: error: geometry.type: 'Circle' is not one of 'Polygon', 'MultiPolygon', 'LineString' or 'MultiLineString'",
        "facts/basemap.geojson:9:105: error: Polygon coordinates: a ring needs at least 4 positions, got 2",
    ]


def test_a_base_map_that_is_not_json(mini: Path, cli: Callable[..., Result]) -> None:
    (mini / BASEMAP).write_text('{"type": "FeatureCollection",\n "features": [],\n}\n', encoding="utf-8")
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert (
        f"{mini}/facts/basemap.geojson:3:1: error: JSON syntax error: Expecting property name enclosed in double quotes"
        in result.out.splitlines()
    )


def test_a_changed_base_map_is_checked_again(mini: Path, cli: Callable[..., Result]) -> None:
    """The check's cache is keyed on the base map's bytes too."""
    (mini / BASEMAP).write_text(HARBOUR, encoding="utf-8")
    assert cli("check", "--root", mini).code == 0
    assert cli("check", "--root", mini).code == 0  # from the cache
    (mini / BASEMAP).write_text(HARBOUR.replace('"Breakwater"', '""'), encoding="utf-8")
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert (
        f"{mini}/facts/basemap.geojson:7:48: error: properties.name: string should have at least 1 character"
        in result.out
    )


def test_a_base_map_that_is_not_a_file_of_the_project(
    mini: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    outside = tmp_path / "elsewhere.geojson"
    outside.write_text(HARBOUR, encoding="utf-8")
    (mini / BASEMAP).symlink_to(outside)
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert (
        f"{mini}/facts/basemap.geojson:1:1: error: the base map is a link to {outside}, outside the project; "
        "it must be a file of the project"
    ) in result.out.splitlines()
    (mini / BASEMAP).unlink()
    os.mkfifo(mini / BASEMAP)  # reading it would wait for a writer for ever
    result = cli("check", "--root", mini)
    assert result.code == 1
    assert (
        f"{mini}/facts/basemap.geojson:1:1: error: the base map is not a regular file"
        in result.out.splitlines()
    )
