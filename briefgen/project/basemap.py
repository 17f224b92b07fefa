"""A project's own base map: ``facts/basemap.geojson``, read and checked like the fact files.

Without that file the situation map draws Natural Earth's country boundaries, shipped with
briefgen (:mod:`briefgen.pictures.world`). With it, the project's GeoJSON (RFC 7946: WGS 84
longitude and latitude) is the base map instead: each ``Polygon`` or ``MultiPolygon`` feature
is an area (a country, a district, a lake), each ``LineString`` or ``MultiLineString`` a line (a
river, a front line, a road), and every feature has a ``name`` property, which the map gives it
as its accessible name. Every problem is reported at its line and column, all at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._speed.files import FileTooLarge, read_file
from ..errors import Problem
from .corpus import Corpus, Pointer, SourceMap
from .layout import BASEMAP_FILE, display_path
from .validation import pydantic_problems
from .yamlfile import MAX_FILE_BYTES

if TYPE_CHECKING:
    from .models import FeatureGeometry

Point = tuple[float, float]
"""(longitude, latitude) in decimal degrees."""


@dataclass(frozen=True)
class Area:
    """A named area of the base map: its rings (outer rings and holes alike, filled even-odd)."""

    name: str
    rings: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class Line:
    """A named line of the base map (a river, a front line), in one or more parts."""

    name: str
    parts: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class BaseMap:
    """What the situation map draws under the places, and where it comes from in words."""

    areas: tuple[Area, ...]
    lines: tuple[Line, ...]
    source: str
    """Said in the map's description, e.g. 'Natural Earth's country boundaries'."""
    water: bool
    """Whether the ground between the areas is sea (Natural Earth's), or not known (a project's)."""


# How deep each type nests positions, and the fewest positions one part must have.
_DEPTH = {"Polygon": 2, "MultiPolygon": 3, "LineString": 1, "MultiLineString": 2}


def read_basemap(root: Path) -> tuple[BaseMap | None, list[Problem]]:
    """The project's base map (None without facts/basemap.geojson) and its problems."""
    path = root / "facts" / BASEMAP_FILE
    if not path.exists() and not path.is_symlink():
        return None, []
    shown = display_path(root, f"facts/{BASEMAP_FILE}")
    refusal = _refusal(path, root)
    if refusal:
        return None, [Problem(shown, 1, 1, "error", refusal)]
    smap = SourceMap(shown)
    data, problem = _parse(path, shown, smap)
    if problem is not None:
        return None, [problem]
    problems: list[Problem] = []
    features = _features(data, smap, problems)
    areas, lines = [], []
    for n, name, geometry in features:
        pointer: Pointer = ("features", n, "geometry", "coordinates")
        depth = _DEPTH[geometry.type]
        found = list(_positions_problems(geometry.coordinates, depth, geometry.type, smap, pointer))
        problems += found
        if found:
            continue
        parts = _parts(geometry.coordinates, geometry.type)
        if geometry.type.endswith("Polygon"):
            areas.append(Area(name, parts))
        else:
            lines.append(Line(name, parts))
    if problems:
        return None, problems
    source = f"the project's own base map (facts/{BASEMAP_FILE})"
    return BaseMap(tuple(areas), tuple(lines), source, False), []


def _features(data: Any, smap: SourceMap, problems: list[Problem]) -> list[tuple[int, str, FeatureGeometry]]:
    """Each feature's index, name and geometry, where the geometry is well formed; the problems
    of the collection and of the features go to ``problems``. A feature with a bad property still
    has its geometry checked, so that every problem is reported at once."""
    from pydantic import ValidationError  # here: a project without its own base map never needs it

    from .models import Feature, FeatureCollection, FeatureGeometry

    items = data.get("features") if isinstance(data, dict) else None
    shell = {**data, "features": []} if isinstance(items, list) and isinstance(data, dict) else data
    try:
        FeatureCollection.model_validate(shell)
    except ValidationError as exc:
        problems += pydantic_problems(exc, smap, (), FeatureCollection)
    good = []
    for n, item in enumerate(items if isinstance(items, list) else []):
        try:
            feature = Feature.model_validate(item)
            good.append((n, feature.properties.name, feature.geometry))
        except ValidationError as exc:
            problems += pydantic_problems(exc, smap, ("features", n), Feature)
            geometry = item.get("geometry") if isinstance(item, dict) else None
            with suppress(ValidationError):  # reported with the feature
                good.append((n, "", FeatureGeometry.model_validate(geometry)))
    return good


def _refusal(path: Path, root: Path) -> str | None:
    """Why the base map cannot be read: a link out of the project, or not a regular file (a
    folder; a pipe, which would make the check wait for ever)."""
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        return f"the base map is a link to {real}, outside the project; it must be a file of the project"
    if not real.is_file():
        return "the base map is not a regular file"
    return None


def _parse(path: Path, shown: str, smap: SourceMap) -> tuple[Any, Problem | None]:
    """The file's JSON, with the position of every value in ``smap``, or the problem reading it."""

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[Any, Problem]:
        return None, Problem(shown, line, column, "error", message)

    try:
        text = read_file(str(path), MAX_FILE_BYTES).decode("utf-8")
    except FileTooLarge as exc:
        return fail(str(exc.strerror))
    except OSError as exc:
        return fail(f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return fail(f"not UTF-8: byte {exc.start} cannot be decoded")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return fail(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)
    except ValueError as exc:
        return fail(f"JSON syntax error: {exc}")
    except RecursionError:
        return fail("JSON syntax error: nested too deeply")
    from json_source_map import calculate  # type: ignore[import-untyped]  # here: only a project with its own base map needs it

    for pointer, entry in calculate(text).items():
        parts = tuple(_pointer_part(p) for p in pointer.split("/")[1:])
        smap.values[parts] = (entry.value_start.line + 1, entry.value_start.column + 1)
        if entry.key_start is not None:
            smap.keys[parts] = (entry.key_start.line + 1, entry.key_start.column + 1)
    return data, None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _pointer_part(part: str) -> str | int:
    """One step of a JSON pointer: a list index as an int, a key unescaped."""
    return int(part) if part.isdigit() else part.replace("~1", "/").replace("~0", "~")


def _positions_problems(
    value: Any, depth: int, kind: str, smap: SourceMap, pointer: Pointer
) -> Iterator[Problem]:
    """Everything wrong with a geometry's nested coordinates, each at its place."""
    if depth == 0:
        yield from _position_problem(value, kind, smap, pointer)
        return
    if not isinstance(value, list):
        yield smap.problem(pointer, f"{kind} coordinates: expected a list, got {value!r}")
        return
    if depth == 1:
        fewest = 4 if kind.endswith("Polygon") else 2
        if len(value) < fewest:
            what = "a ring needs at least 4 positions" if fewest == 4 else "a line needs at least 2 positions"
            yield smap.problem(pointer, f"{kind} coordinates: {what}, got {len(value)}")
            return
    elif not value:
        yield smap.problem(pointer, f"{kind} coordinates: an empty list")
        return
    for n, item in enumerate(value):
        yield from _positions_problems(item, depth - 1, kind, smap, (*pointer, n))
    if depth == 1 and kind.endswith("Polygon") and value[0] != value[-1]:
        yield smap.problem(pointer, f"{kind} coordinates: a ring must end where it starts")


def _position_problem(value: Any, kind: str, smap: SourceMap, pointer: Pointer) -> Iterator[Problem]:
    numbers = isinstance(value, list) and all(_is_number(v) for v in value)
    if not numbers or len(value) not in (2, 3):
        yield smap.problem(pointer, f"{kind} coordinates: a position is [longitude, latitude], got {value!r}")
    elif not (-180 <= value[0] <= 180 and -90 <= value[1] <= 90) or not all(map(math.isfinite, value)):
        yield smap.problem(
            pointer,
            f"{kind} coordinates: [{value[0]}, {value[1]}] is not a longitude (-180 to 180) "
            "and a latitude (-90 to 90)",
        )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parts(coordinates: list[Any], kind: str) -> tuple[tuple[Point, ...], ...]:
    """A geometry's rings or line parts as (longitude, latitude) tuples."""
    groups = coordinates if kind.startswith("Multi") else [coordinates]
    parts = [part for group in groups for part in group] if kind.endswith("Polygon") else groups
    return tuple(tuple((float(p[0]), float(p[1])) for p in part) for part in parts)


def basemap_problems(corpus: Corpus) -> Iterator[Problem]:
    """The check's rule: every problem of facts/basemap.geojson, when the project has one."""
    yield from read_basemap(corpus.root)[1]
