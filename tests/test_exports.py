"""The data exports (--format json, csv, geojson), read back by tools that know nothing of briefgen:
check-jsonschema and jsonschema for the JSON, the csv module for the CSV, the geojson package
and the rules of RFC 7946 for the GeoJSON. Building twice gives the same bytes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import geojson
import jsonschema
import pytest

from briefgen.output.build import build
from briefgen.output.exports import CSV_COLUMNS
from briefgen.project.load import load_corpus

from .conftest import REPO, Result

Cli = Callable[..., Result]
SCHEMA = REPO / "schema" / "export.schema.json"
DOCUMENTS = ["briefing", "themes/al-tanf", "themes/rukban", "themes/isis-endgame"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    build(REPO, out, formats=["json", "csv", "geojson"])
    return out


def test_a_data_build_writes_one_file_per_briefing_and_format(exported: Path) -> None:
    names = sorted(str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file())
    themes = [t.theme.id for t in load_corpus(REPO).corpus.themes]
    stems = ["briefing", *(f"themes/{t}" for t in themes)]
    assert names == sorted(f"{s}.{fmt}" for s in stems for fmt in ("json", "csv", "geojson"))


@pytest.mark.parametrize("stem", DOCUMENTS)
def test_check_jsonschema_accepts_the_json_export(exported: Path, stem: str) -> None:
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--schemafile",
            str(SCHEMA),
            str(exported / f"{stem}.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_the_json_export_has_every_fact_with_its_grade_places_and_source_label(exported: Path) -> None:
    data = json.loads((exported / "briefing.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://briefgen.invalid/schema/export.schema.json"
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    facts = {f["id"]: f for f in data["facts"]}
    written = {e.fact.id for e in load_corpus(REPO).corpus.facts}
    assert len(facts) == len(data["facts"]) == len(written)
    assert set(facts) == written
    corpus = load_corpus(REPO).corpus
    for fact in data["facts"]:
        entry = corpus.fact(fact["id"])
        assert entry is not None
        assert (
            fact["statement"] == entry.fact.statement and fact["review"]["status"] == entry.fact.review.status
        )
        letters = sorted({corpus.sources[c["seed"]].source.reliability.grade for c in fact["citations"]})
        assert fact["grade"] == ", ".join(f"{g}{fact['credibility']}" for g in letters)
        for citation in fact["citations"]:
            assert citation["line"] >= 1
            source = corpus.sources[citation["seed"]].source
            assert citation["source_label"].startswith(f"{source.label}, ")
            assert citation["source_label"].endswith(" (inferred)") == source.published.inferred
    assert len({f["number"] for f in data["facts"]}) == len(data["facts"])
    relayed = next(f for f in data["facts"] if f["attribution"]["via"] == ["WorldTribune"])
    assert relayed["citations"][0]["source_label"].startswith("WorldTribune relaying Reuters, 2 Jun 2017")
    assert all(j["rests_on"] for t in data["themes"] for j in t["key_judgments"])
    named = {f for p in data["places"] for f in p["facts"]}
    assert named == {f["id"] for f in data["facts"] if f["places"]}


def test_the_schema_refuses_what_the_export_never_holds(exported: Path) -> None:
    data = json.loads((exported / "themes/rukban.json").read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data["facts"][0]["grade_typo"] = "B2"
    with pytest.raises(jsonschema.ValidationError, match="'grade_typo' was unexpected"):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_the_csv_reads_back_with_a_row_per_fact_and_place(exported: Path) -> None:
    text = (exported / "briefing.csv").read_bytes().decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    data = json.loads((exported / "briefing.json").read_text(encoding="utf-8"))
    expected = sum(max(1, len(f["places"])) for f in data["facts"])
    assert len(rows) == expected
    assert {r["fact_id"] for r in rows} == {f["id"] for f in data["facts"]}
    placed = [r for r in rows if r["place_id"]]
    assert placed
    for row in placed:
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["location_precision"] in {"1", "2", "3"}
    for row in rows:
        assert row["date_precision"] in {"year", "month", "day", "undated"}
        assert row["grade"][0] in "ABCDEF" and row["source"]


def test_the_geojson_follows_rfc_7946(exported: Path) -> None:
    raw = (exported / "briefing.geojson").read_text(encoding="utf-8")
    collection = geojson.loads(raw)
    assert collection.is_valid, collection.errors()
    data = json.loads(raw)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    gazetteer = {p["id"]: p for p in json.loads((exported / "briefing.json").read_text())["places"]}
    assert [f["id"] for f in data["features"]] == list(gazetteer)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        place = gazetteer[feature["id"]]
        assert (lon, lat) == (place["lon"], place["lat"])  # longitude first (RFC 7946, 3.1.1)
        assert all(isinstance(c, float | int) and not isinstance(c, bool) for c in (lon, lat))
        assert feature["properties"]["uncertainty_km"] == place["uncertainty_km"] > 0
        assert [f["id"] for f in feature["properties"]["facts"]] == place["facts"]


def test_exports_are_the_same_bytes_every_time(exported: Path, tmp_path: Path) -> None:
    build(REPO, tmp_path, formats=["json", "csv", "geojson"], themes=["al-tanf"])
    for fmt in ("json", "csv", "geojson"):
        assert (tmp_path / f"themes/al-tanf.{fmt}").read_bytes() == (
            exported / f"themes/al-tanf.{fmt}"
        ).read_bytes()


def test_an_unknown_format_is_a_usage_error(cli: Cli, mini: Path) -> None:
    done = cli("build", "--root", mini, "--format", "xlsx")
    assert (done.code, done.err) == (
        2,
        "briefgen: error: unknown format 'xlsx' (formats: md, html, pdf, docx, json, csv, geojson)\n",
    )
