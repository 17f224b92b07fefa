"""A checked corpus -> data for other tools: JSON, CSV (event-data style) and GeoJSON.

Pure functions: the same corpus and themes give the same bytes. Each export covers the facts of
one briefing (the full one, or a theme's), so ``out/themes/rukban.csv`` holds what
``out/themes/rukban.html`` shows. The JSON is described by ``schema/export.schema.json``
(generated from :mod:`briefgen.project.exported`); the CSV has one row per fact and place it
names, with the columns an ACLED-style reader expects; the GeoJSON (RFC 7946) has one point
feature per place, with its uncertainty and the facts that name it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from ..project.exported import Export, ExportedFact, ExportedPlace, ExportedSource, ExportedTheme
from ..project.load import Corpus, FactEntry
from ..project.models import Place
from ..project.vocab import CREDIBILITY_LABELS, precision_of, source_label
from ..version import __version__
from .views import BuildViews, date_key, grade_of

"""The data formats, each one file per briefing."""

CSV_COLUMNS = (
    "fact_id",
    "number",
    "date",
    "date_precision",
    "actor",
    "attribution",
    "via",
    "statement",
    "place",
    "place_id",
    "latitude",
    "longitude",
    "location_precision",
    "uncertainty_km",
    "source",
    "source_files",
    "grade",
    "credibility",
    "themes",
    "review",
)
"""The CSV's header: one row per fact and place (a fact naming no place has one row, unplaced)."""

LOCATION_PRECISION = {1: "exact point", 2: "near the point (within 25 km)", 3: "a wider area"}
"""ACLED's geo_precision codes, as the CSV's location_precision column uses them."""


@dataclass(frozen=True)
class _Scope:
    """What one export covers: the themes in order and their facts, once each."""

    themes: list[ExportedTheme]
    facts: list[FactEntry]


def export(views: BuildViews, theme_ids: Sequence[str] | None, fmt: str) -> bytes:
    """The bytes of one data export (``fmt`` one of :data:`EXPORT_FORMATS`)."""
    document = export_document(views, theme_ids)
    if fmt == "json":
        return _json(document.model_dump(mode="json"), indent=2)
    if fmt == "csv":
        return csv_bytes(document)
    if fmt == "geojson":
        return _json(geojson(document), indent=None)
    raise ValueError(f"not a data format: {fmt}")


def export_document(views: BuildViews, theme_ids: Sequence[str] | None) -> Export:
    """The export of the full briefing (``theme_ids`` None) or of the named themes."""
    corpus, numbers = views.corpus, views.numbers
    scope = _scope(views, theme_ids, numbers)
    labels = {name: _label(corpus, name) for name in corpus.sources}
    facts = [_fact(corpus, entry, numbers, labels) for entry in scope.facts]
    cited = sorted({c.seed for f in facts for c in f.citations})
    sources = [ExportedSource(**corpus.sources[s].source.model_dump(), reader_label=labels[s]) for s in cited]
    dates = [f.when.date for f in facts if f.when.date]
    return Export(
        title=corpus.title if theme_ids is None else scope.themes[0].title,
        as_of=max(dates, key=date_key) if dates else None,
        generator=f"briefgen {__version__}",
        themes=scope.themes,
        facts=facts,
        sources=sources,
        places=_places(corpus, facts),
    )


def _scope(views: BuildViews, theme_ids: Sequence[str] | None, numbers: dict[str, str]) -> _Scope:
    """The chosen themes, and their facts in the briefing's order (by number), once each."""
    themes: list[ExportedTheme] = []
    chosen: dict[str, FactEntry] = {}
    for n, entry in enumerate(views.themes, start=1):
        theme = entry.theme
        if theme_ids is not None and theme.id not in theme_ids:
            continue
        own = sorted(
            views.theme_facts[theme.id],
            key=lambda e: (date_key(e.fact.when.date), _number_key(numbers[e.fact.id])),
        )
        chosen.update((e.fact.id, e) for e in own)
        themes.append(ExportedTheme(**theme.model_dump(), number=n, facts=[e.fact.id for e in own]))
    ordered = sorted(chosen.values(), key=lambda e: _number_key(numbers[e.fact.id]))
    return _Scope(themes, ordered)


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _label(corpus: Corpus, seed: str) -> str:
    """The source as the briefing names it: 'Newsweek, Apr 2018 (inferred)'."""
    source = corpus.sources[seed].source
    return source_label(source.label, source.published.date, source.published.inferred)


def _fact(corpus: Corpus, entry: FactEntry, numbers: dict[str, str], labels: dict[str, str]) -> ExportedFact:
    fact = entry.fact
    citations = []
    for citation in fact.citations:
        seed = corpus.seeds[citation.seed]
        span = seed.locate(citation.passage, citation.prefix, citation.suffix)[0]
        citations.append(
            {
                **citation.model_dump(),
                "line": span.line,
                "quoted": " ".join(seed.text[span.start : span.end].split()),
                "source_label": labels[citation.seed],
            }
        )
    date = fact.when.date
    return ExportedFact(
        **{**fact.model_dump(), "themes": entry.themes, "citations": citations},
        number=numbers[fact.id],
        grade=grade_of(corpus, fact),
        credibility_label=CREDIBILITY_LABELS[fact.credibility],
        date_precision=precision_of(date) if date else None,
        places=list(corpus.places_named(fact.statement)),
    )


def _places(corpus: Corpus, facts: list[ExportedFact]) -> list[ExportedPlace]:
    """The gazetteer's places that the facts name, in the gazetteer's order."""
    naming: dict[str, list[str]] = {}
    for fact in facts:
        for place_id in fact.places:
            naming.setdefault(place_id, []).append(fact.id)
    return [
        ExportedPlace(**entry.place.model_dump(), facts=naming[entry.place.id])
        for entry in corpus.places
        if entry.place.id in naming
    ]


def location_precision(place: Place) -> int:
    """ACLED's geo_precision: 1 a point known within 5 km, 2 within 25 km, 3 a wider area."""
    if place.kind == "region" or place.uncertainty_km > 25:
        return 3
    return 1 if place.uncertainty_km <= 5 else 2


def csv_bytes(document: Export) -> bytes:
    """One row per fact and place it names; a fact naming no place gets one unplaced row."""
    places = {p.id: p for p in document.places}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(CSV_COLUMNS)
    for fact in document.facts:
        named: list[ExportedPlace | None] = [places[p] for p in fact.places]
        for place in named or [None]:
            writer.writerow(_row(fact, place))
    return buffer.getvalue().encode("utf-8")


def _row(fact: ExportedFact, place: ExportedPlace | None) -> list[str]:
    where = ["", "", "", "", "", ""]
    if place is not None:
        where = [
            place.name,
            place.id,
            _coordinate(place.lat),
            _coordinate(place.lon),
            str(location_precision(place)),
            _number(place.uncertainty_km),
        ]
    review = fact.review.status if fact.review.status == "draft" else f"reviewed by {fact.review.by}"
    return [
        fact.id,
        fact.number,
        fact.when.date or "",
        fact.date_precision or "undated",
        fact.attribution.by,
        fact.attribution.kind.value,
        "; ".join(fact.attribution.via),
        fact.statement,
        *where,
        " | ".join(dict.fromkeys(c.source_label for c in fact.citations)),
        " ".join(dict.fromkeys(c.seed for c in fact.citations)),
        fact.grade,
        str(fact.credibility),
        " ".join(fact.themes),
        review,
    ]


def geojson(document: Export) -> dict[str, object]:
    """An RFC 7946 FeatureCollection: a Point per place (longitude first), with the facts naming it."""
    facts = {f.id: f for f in document.facts}
    return {
        "type": "FeatureCollection",
        "features": [_feature(place, facts) for place in document.places],
    }


def _feature(place: ExportedPlace, facts: dict[str, ExportedFact]) -> dict[str, object]:
    return {
        "type": "Feature",
        "id": place.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "name": place.name,
            "kind": place.kind,
            "uncertainty_km": place.uncertainty_km,
            "location_precision": location_precision(place),
            "coordinates_from": place.coordinates_from,
            "note": place.note,
            "facts": [
                {
                    "id": f.id,
                    "number": f.number,
                    "date": f.when.date,
                    "grade": f.grade,
                    "statement": f.statement,
                    "attribution": f.attribution.by,
                }
                for f in (facts[i] for i in place.facts)
            ],
        },
    }


def _coordinate(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _number(value: float) -> str:
    return f"{value:g}"


def _json(data: object, indent: int | None) -> bytes:
    return (json.dumps(data, indent=indent, ensure_ascii=False) + "\n").encode("utf-8")
