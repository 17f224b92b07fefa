"""The data export (``briefgen build --format json``) as pydantic models: data only, no I/O.

Each exported record is the editor's own record (every field of :class:`Fact`, :class:`Place`,
:class:`Source`, :class:`Theme`) with what briefgen derives from the corpus added beside it:
the fact's number and Admiralty code, the places its statement names, each citation's line and
source label. Subclassing the editor's models keeps the two in step: a field added to a fact is
exported, and described in ``schema/export.schema.json``, without a change here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .models import Citation, Fact, FactId, Model, Place, PlaceId, Source, Theme, ThemeId


class ExportedCitation(Citation):
    """A citation, located in its seed and labelled with its source."""

    line: int = Field(ge=1, description="The seed line on which the passage starts.")
    quoted: str = Field(description="The passage as the seed has it, whitespace collapsed.")
    source_label: str = Field(description="The source as the briefing's notes describe it.")


class ExportedFact(Fact):
    """A fact with its number, grade, places and located citations."""

    number: str = Field(description="The fact's number in the full briefing, e.g. '3.2'.")
    themes: list[ThemeId] = Field(  # resolved: never empty here
        min_length=1, description="Its themes, its file's theme first."
    )
    citations: list[ExportedCitation] = Field(  # type: ignore[assignment]
        min_length=1, description="The passages it rests on, each located and labelled."
    )
    grade: str = Field(
        description="The Admiralty code: each citing source's reliability with the fact's "
        "credibility, e.g. 'B2', or 'A2, C2' for a fact resting on two sources."
    )
    credibility_label: str = Field(description="The credibility digit in words, e.g. 'probably true'.")
    date_precision: Literal["year", "month", "day"] | None = Field(
        description="How precisely when.date is known; null when the fact is undated."
    )
    places: list[PlaceId] = Field(description="The gazetteer places its statement names, in order.")


class ExportedPlace(Place):
    """A gazetteer place with the facts of the export that name it."""

    facts: list[FactId] = Field(description="The ids of the exported facts that name the place.")


class ExportedSource(Source):
    """A source record with the name the briefing gives it."""

    reader_label: str = Field(
        description="The source as the briefing names it: its label and date, marked "
        "'(inferred)' when the date is inferred, e.g. 'Newsweek, Apr 2018 (inferred)'."
    )


class ExportedTheme(Theme):
    """A theme with its number and its facts (its key judgments are the editor's own)."""

    number: int = Field(ge=1, description="The theme's section number in the full briefing.")
    facts: list[FactId] = Field(description="The ids of its facts, in the briefing's order.")


class Export(Model):
    """The root of a data export: one briefing's themes, facts, sources and places."""

    title: str = Field(description="The briefing's title.")
    as_of: str | None = Field(description="The latest fact date, YYYY, YYYY-MM or YYYY-MM-DD; null if none.")
    generator: str = Field(description="The briefgen version that wrote the file.")
    themes: list[ExportedTheme] = Field(description="The themes the briefing covers, in order.")
    facts: list[ExportedFact] = Field(description="Every fact of those themes, once each.")
    sources: list[ExportedSource] = Field(description="The sources the facts cite.")
    places: list[ExportedPlace] = Field(description="The places the facts name.")
