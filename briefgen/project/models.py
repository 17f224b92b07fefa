"""The data an editor writes, as pydantic models: data only, no I/O.

Three kinds of YAML file feed briefgen, each with one root model here:
``facts/sources.yaml`` (:class:`SourcesFile`), ``facts/themes.yaml`` (:class:`ThemesFile`) and
one ``facts/<theme-id>.yaml`` per theme (:class:`FactsFile`). Every model forbids unknown keys,
so a misspelt field is an error rather than silently ignored data.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .reviewed import DIGEST_PATTERN, PARTS_PATTERN
from .vocab import (
    FIRST_YEAR,
    ID_PATTERN,
    LAST_YEAR,
    REVIEWER_PATTERN,
    AttributionKind,
    Confidence,
    Credibility,
    LabelSide,
    Likelihood,
    PlaceKind,
    RelationKind,
    Reliability,
    SourceKind,
    one_line,
    partial_date,
)


class Model(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable.

    Validators are built on first use (``defer_build``): a warm check takes every fact from the
    cache and never builds the fact models' at all.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


PartialDate = Annotated[
    str,
    BeforeValidator(partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[12]\d{3}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            ],
            "description": f"YYYY, YYYY-MM or YYYY-MM-DD, years {FIRST_YEAR} to {LAST_YEAR}; "
            "the form is the precision",
            "format": "partial-date",
        }
    ),
]
"""A date known to the year, the month or the day: its form says which."""

FactId = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=80)]
ThemeId = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=40)]
SeedName = Annotated[str, Field(min_length=1, max_length=255)]
OneLine = Annotated[str, AfterValidator(one_line)]
"""A title or name that a picture draws: one line, no control character."""
PlaceId = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=60)]


class Dating(Model):
    """When something happened or appeared, and how we know."""

    date: PartialDate | None = Field(
        description="The date to the precision the evidence allows (YYYY, YYYY-MM or "
        "YYYY-MM-DD); null when the text gives no way to date it."
    )
    basis: str = Field(
        min_length=3,
        description="How the date was established: stated in the text, or inferred, and from what.",
    )
    inferred: bool = Field(
        default=False,
        description="true when the date is worked out rather than stated (e.g. from an inferred "
        "publication date); the briefing then marks it '(inferred)' wherever it shows it.",
    )


class Published(Dating):
    """A source's publication date; whether it is inferred must be said explicitly."""

    inferred: bool = Field(
        description="true when the text carries no date and the date is worked out from its "
        "content; false when the text states it. The briefing marks an inferred date "
        "'(inferred)' wherever it shows it."
    )


class Grade(Model):
    """A source's reliability on the Admiralty (NATO) scale, with the reason for it."""

    grade: Reliability = Field(
        description="A completely reliable, B usually reliable, C fairly reliable, "
        "D not usually reliable, E unreliable, F reliability cannot be judged."
    )
    rationale: str = Field(
        min_length=10,
        description="One line drawn from the text: who wrote it, whom it relies on, what it is.",
    )


class OmittedParagraph(Model):
    """A paragraph of a seed that no fact cites on purpose."""

    line: int = Field(ge=1, description="The seed line on which the paragraph starts.")
    reason: str = Field(min_length=3, description="Why it bears on no theme.")


class Original(Model):
    """The file a seed's text was extracted from, as briefgen source add kept it."""

    file: SeedName = Field(description="Its bare file name inside seeds/originals/.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the original file's bytes.")


class Source(Model):
    """One seed document in the source registry."""

    file: SeedName = Field(description="The seed's bare file name inside seeds/.")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$",
        description="sha256 of the seed's bytes: the pin that reviews rest on.",
    )
    title: str | None = Field(description="The title as the text gives it; null when the text carries none.")
    publisher: str | None = Field(
        description="The publisher where the text names or clearly implies it; null for unknown."
    )
    publisher_basis: str | None = Field(
        default=None, description="What in the text names or implies the publisher."
    )
    author: str | None = Field(default=None, description="The author or byline where the text gives one.")
    label: str = Field(
        min_length=2,
        max_length=60,
        description="A short name for the source a reader recognises: the publisher, or a "
        "description where there is none (e.g. 'Newsweek', 'Unsigned opinion piece'). The "
        "briefing adds the date: 'Newsweek, Apr 2018 (inferred)'.",
    )
    published: Published = Field(
        description="The publication date, the evidence for it, and whether it is inferred."
    )
    kind: SourceKind = Field(
        description="news-report, opinion, relay (of another outlet's report) or partisan-account."
    )
    reliability: Grade = Field(description="Admiralty reliability grade A-F with its rationale.")
    omitted: list[OmittedParagraph] = Field(
        default_factory=list,
        description="Paragraphs deliberately cited by no fact, each with the reason.",
    )
    url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        max_length=2000,
        description="The address (http or https) the source was found at, shown in the Sources appendix.",
    )
    retrieved: dt.date | None = Field(
        default=None,
        description="The day the source was retrieved from its url, YYYY-MM-DD.",
    )
    original: Original | None = Field(
        default=None,
        description="The file the seed's text was extracted from (a web page, a PDF ...), kept in "
        "seeds/originals/, with its own sha256; written by briefgen source add.",
    )


class SourcesFile(Model):
    """The root of facts/sources.yaml."""

    sources: list[Source] = Field(description="One record per seed file.")


JudgmentId = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=60)]


class KeyJudgment(Model):
    """A judgment of a theme, with its implication, resting on named facts."""

    id: JudgmentId = Field(
        description="A stable id, unique across all themes, by which the bottom line refers to it."
    )
    text: str = Field(min_length=10, description="The judgment, one or two sentences.")
    likelihood: Likelihood = Field(
        description="Estimative language: almost no chance, very unlikely, unlikely, roughly "
        "even chance, likely, very likely, almost certain."
    )
    confidence: Confidence = Field(description="low, moderate or high.")
    implication: str = Field(
        min_length=10,
        description="The 'so what' in one line: why the reader should care, what it changes.",
    )
    rests_on: list[FactId] = Field(min_length=1, description="The ids of the facts the judgment rests on.")


class Outlook(Model):
    """What a theme's reader should expect next, what is not known, and what to watch."""

    expect: str = Field(min_length=10, description="What to expect next, as far as the sources allow.")
    gaps: list[str] = Field(
        min_length=1, description="The key gaps: what the sources do not tell us, one per item."
    )
    indicators: list[str] = Field(
        min_length=1, description="Indicators to watch: what would confirm or change the judgments."
    )


class DisputeSide(Model):
    """One side of a disputed point: a fact, and its claim in a few words."""

    fact: FactId = Field(description="The id of the fact that makes the claim.")
    claim: str = Field(
        min_length=5,
        max_length=160,
        description="The claim in a few words, as the table shows it (the fact's full statement "
        "is in the evidence annex, printed once); keep its hedges.",
    )


class Dispute(Model):
    """A point the sources disagree on, the facts on each side, and the editor's assessment."""

    point: str = Field(min_length=5, description="The point at issue, as a short question or phrase.")
    sides: list[DisputeSide] = Field(
        min_length=2, description="The facts that bear on the point, at least two, the claim first."
    )
    assessment: str = Field(
        min_length=10,
        description="The editor's assessment: where the balance lies (grades, dates) and why.",
    )


class BottomLineItem(Model):
    """One item of the ranked bottom line: a key judgment by id, or a judgment of its own."""

    judgment: JudgmentId | None = Field(
        default=None, description="The id of a key judgment; then give no text of its own."
    )
    text: str | None = Field(
        default=None, min_length=10, description="A judgment of its own, across themes (without 'judgment')."
    )
    likelihood: Likelihood | None = Field(
        default=None, description="Estimative language, with 'text' (see key judgments)."
    )
    confidence: Confidence | None = Field(default=None, description="low, moderate or high, with 'text'.")
    implication: str | None = Field(
        default=None, min_length=10, description="The 'so what' in one line, with 'text'."
    )
    rests_on: list[FactId] = Field(
        default_factory=list, description="The ids of the facts it rests on, with 'text'."
    )


class Theme(Model):
    """One of the five themes a briefing is grouped by."""

    id: ThemeId = Field(description="The theme id; facts/<id>.yaml holds its facts.")
    title: OneLine = Field(min_length=2, description="The heading the briefing gives the theme.")
    scope: str = Field(min_length=5, description="One line saying what the theme covers.")
    order: int = Field(ge=1, description="Position of the theme in the full briefing.")
    key_judgments: list[KeyJudgment] = Field(
        default_factory=list, description="Two to four judgments, the most important first."
    )
    outlook: Outlook | None = Field(
        default=None, description="What to expect next, the key gaps and indicators to watch."
    )
    disputes: list[Dispute] = Field(
        default_factory=list,
        description="The points the sources disagree on, each with the facts on each side and "
        "the editor's assessment; shown as one table.",
    )


class ThemesFile(Model):
    """The root of facts/themes.yaml."""

    title: OneLine = Field(min_length=2, description="The title of the full briefing.")
    bottom_line: list[BottomLineItem] = Field(
        default_factory=list,
        description="The 5-7 judgments that matter most across all themes, most important "
        "first: each a key judgment by id, or a judgment of its own with text, likelihood, "
        "confidence, implication and rests_on.",
    )
    themes: list[Theme] = Field(description="The themes, each with its key judgments.")


class Citation(Model):
    """A verbatim passage of a seed, located like a W3C TextQuoteSelector."""

    seed: SeedName = Field(description="The seed's bare file name (no folder, no '..').")
    passage: str = Field(
        min_length=1,
        description="The exact words of the seed, from a word boundary to a word boundary "
        "(matched after folding quotes, dashes, spaces and letter forms; see the README).",
    )
    prefix: str | None = Field(
        default=None,
        description="Words just before the passage, to choose one of several occurrences.",
    )
    suffix: str | None = Field(
        default=None,
        description="Words just after the passage, to choose one of several occurrences.",
    )


class Attribution(Model):
    """Who asserts a fact, as precisely as the text allows."""

    by: str = Field(
        min_length=2,
        description="Who asserts it, e.g. 'Col. Ryan Dillon, U.S.-led coalition spokesman'.",
    )
    kind: AttributionKind = Field(
        description="author, government, official, organization, outlet, unnamed-source or document."
    )
    via: list[str] = Field(
        default_factory=list,
        description="The outlets it passed through to reach the seed, nearest to the claim "
        "first, e.g. ['Reuters'].",
    )


class Review(Model):
    """Whether a person has re-read the fact against its passage."""

    status: Literal["draft", "reviewed"] = Field(description="draft or reviewed.")
    by: str | None = Field(
        default=None,
        pattern=REVIEWER_PATTERN,
        description="Who reviewed it, by name (required when reviewed; a blank name is refused).",
    )
    on: dt.date | None = Field(
        default=None, description="When it was reviewed, YYYY-MM-DD (required when reviewed)."
    )
    digest: str | None = Field(
        default=None,
        pattern=DIGEST_PATTERN,
        description="sha256 of what the reviewer read (statement, attribution, credibility, date, "
        "each passage and the seed paragraph around it), written by briefgen review; when any of "
        "it changes, the check says the reviewed content changed since the review.",
    )
    parts: str | None = Field(
        default=None,
        pattern=PARTS_PATTERN,
        description="A short digest of each part of what was read ('statement=1a2b3c4d ...'), "
        "written by briefgen review, so the check can name the part that changed.",
    )


class Relation(Model):
    """A link from one fact to another, recorded on both facts."""

    type: RelationKind = Field(
        description="corroborates (both say it, independently); partly-overlaps (one agrees "
        "with only part of the other); in-tension (both could be true, they pull apart); "
        "contradicts (they cannot both be true of the same time); updates / updated-by (this "
        "fact is a later / an earlier report on a situation that may have changed). The other "
        "fact records the same type back, or for updates its mirror, updated-by."
    )
    fact: FactId = Field(description="The id of the other fact.")
    note: str | None = Field(default=None, description="What agrees or disagrees, in a line.")


class Fact(Model):
    """One short statement, cited, attributed, graded and reviewed."""

    id: FactId = Field(description="A stable id, unique across all fact files.")
    statement: str = Field(
        min_length=10, description="One neutral sentence that says no more than its passage."
    )
    themes: list[ThemeId] = Field(
        default_factory=list,
        description="Its themes, its file's theme first; empty means the file's theme only.",
    )
    citations: list[Citation] = Field(min_length=1, description="The passages it rests on.")
    attribution: Attribution = Field(description="Who asserts it.")
    when: Dating = Field(description="The date of the event, with its precision and basis.")
    credibility: Credibility = Field(
        description="Admiralty credibility 1-6: 1 confirmed (needs a corroborating fact from "
        "another seed), 2 probably true, 3 possibly true, 4 doubtful, 5 improbable, "
        "6 cannot be judged."
    )
    review: Review = Field(description="The review record.")
    relations: list[Relation] = Field(default_factory=list, description="How other facts bear on this one.")


class FactsFile(Model):
    """The root of facts/<theme-id>.yaml."""

    facts: list[Fact] = Field(description="The theme's facts, in any order.")


class Place(Model):
    """One place the facts name, where it is, and how we know where it is."""

    id: PlaceId = Field(description="A stable id, unique in the gazetteer, e.g. 'abu-kamal'.")
    name: OneLine = Field(min_length=2, description="The name the briefing shows, e.g. 'Abu Kamal'.")
    kind: PlaceKind = Field(
        description="city, town, village, district, camp, garrison or region (a region is "
        "drawn as a label at its approximate centre, with no point)."
    )
    spellings: list[str] = Field(
        min_length=1,
        description="Every spelling of the place in the seeds and the fact statements (e.g. "
        "'Abu Kamal', 'Abu Kemal', 'Bukamal'). A fact names the place when its statement holds "
        "one of them as a whole word, ignoring case; a hyphen joins words, so 'Damascus' is "
        "not found in 'Damascus-controlled'.",
    )
    not_in: list[str] = Field(
        default_factory=list,
        description="Phrases in which a spelling does not name the place, e.g. 'Damascus "
        "would' where the city stands for the government.",
    )
    lat: float = Field(ge=-90, le=90, description="Latitude in decimal degrees, north positive (WGS 84).")
    lon: float = Field(ge=-180, le=180, description="Longitude in decimal degrees, east positive (WGS 84).")
    uncertainty_km: float = Field(
        gt=0, le=500, description="How far, in km, the true position may be from lat/lon."
    )
    coordinates_from: str = Field(
        min_length=10,
        description="Where the coordinates came from, honestly: a survey, a named gazetteer, "
        "or 'approximate, from general knowledge; not surveyed'.",
    )
    note: str | None = Field(
        default=None, description="What the mark stands for where the name is ambiguous (city or province)."
    )
    label: LabelSide = Field(
        default="right",
        description="Where the map puts the name next to the mark, to keep close places legible.",
    )


class GazetteerFile(Model):
    """The root of facts/gazetteer.yaml: the places the situation map can mark."""

    provenance: str = Field(
        min_length=10,
        description="One paragraph on where the coordinates come from and how far to trust them.",
    )
    places: list[Place] = Field(description="The places, in any order.")


# facts/basemap.geojson: a GeoJSON FeatureCollection (see briefgen/project/basemap.py).


class FeatureProperties(BaseModel):
    """A feature's properties: its name; any other property (GIS tools add many) is ignored."""

    model_config = ConfigDict(extra="allow", frozen=True)
    name: OneLine = Field(min_length=1, description="The feature's name, which the map reads out.")


class FeatureGeometry(Model):
    """A feature's geometry; its coordinates are checked against its type apart."""

    type: Literal["Polygon", "MultiPolygon", "LineString", "MultiLineString"] = Field(
        description="What the feature is drawn as: an area (Polygon, MultiPolygon) or a line."
    )
    coordinates: list[Any] = Field(description="Positions as [longitude, latitude], nested by type.")
    bbox: list[float] | None = Field(default=None, description="Ignored: the map frames the places.")


class Feature(Model):
    """One named area or line."""

    type: Literal["Feature"] = Field(description="Always 'Feature'.")
    geometry: FeatureGeometry = Field(description="Where the feature is.")
    properties: FeatureProperties = Field(description="The feature's properties: at least its name.")
    id: str | int | None = Field(default=None, description="Ignored.")
    bbox: list[float] | None = Field(default=None, description="Ignored.")


class FeatureCollection(Model):
    """The root of facts/basemap.geojson."""

    type: Literal["FeatureCollection"] = Field(description="Always 'FeatureCollection'.")
    features: list[Feature] = Field(description="The areas and lines, drawn in this order.")
    name: str | None = Field(default=None, description="Ignored (QGIS writes the layer's name).")
    bbox: list[float] | None = Field(default=None, description="Ignored.")
