"""briefgen's vocabulary: the closed lists of values and their labels, partial dates.

Everything here is plain Python: :mod:`briefgen.project.models` builds its fields from it, and
the rules and the output read the same values without importing pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import Literal

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
"""A partial date, matched whole: ASCII digits only (``\\d`` alone would take any script's)."""


FIRST_YEAR, LAST_YEAR = 1000, 2999
"""The years a date may name: four digits the timeline can draw (and the day after each is a
day of the calendar); 0000 or 9999 is a typing slip, not a date."""

REVIEWER_PATTERN = r"^[\W\d_]*[^\W\d_][\s\S]*$"
"""A reviewer's name has a letter: blank (``""``, ``" "``) or punctuation alone names nobody.
(Written so that it reads the same anchored or not, and never backtracks.)"""

PATTERN_MEANINGS = {REVIEWER_PATTERN: "a reviewer must be named (a name with at least one letter)"}
"""What a value that does not match one of the models' patterns is told, by pattern."""


def one_line(value: str) -> str:
    """Refuse a control character (or a line or paragraph separator) in a name or title that
    pictures draw: XML cannot carry most of them, and a title is one line."""
    for char in value:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            raise ValueError(
                f"a control character (U+{ord(char):04X}) cannot be shown in a title or name; remove it"
            )
    return value


def partial_date(value: object) -> object:
    """Accept ``2019``, ``2019-02`` or ``2019-02-14`` and refuse impossible days."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        return value  # pydantic's own str validation reports the wrong type
    match = DATE_RE.fullmatch(value)
    if not match:
        raise ValueError(f"'{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(f"'{value}' is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"'{value}' has no month {month}")
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"'{value}' is not a day of the calendar") from None
    return value


Precision = Literal["year", "month", "day"]


def precision_of(date: str) -> Precision:
    """The precision a :data:`PartialDate` string carries in its form."""
    return ("year", "month", "day")[date.count("-")]


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(date: str | None) -> str:
    """A partial date, short: '2019', 'Apr 2018', '2 Jun 2017'; 'undated' for None."""
    if date is None:
        return "undated"
    parts = date.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTH_ABBR[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def source_label(label: str, date: str | None, inferred: bool) -> str:
    """How a reader sees a source named: 'Newsweek, Apr 2018 (inferred)', 'WorldTribune, 2 Jun 2017'."""
    return f"{label}, {short_date(date)}{' (inferred)' if inferred and date else ''}"


def date_span(date: str) -> tuple[dt.date, dt.date]:
    """The first and last day a partial date can mean: '2017' spans the whole year."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def dates_overlap(one: str, other: str) -> bool:
    """Whether two partial dates can mean the same day."""
    (a_first, a_last), (b_first, b_last) = date_span(one), date_span(other)
    return a_first <= b_last and b_first <= a_last


class SourceKind(StrEnum):
    """What a source document is, which decides how far its claims can be taken."""

    NEWS_REPORT = "news-report"
    OPINION = "opinion"
    RELAY = "relay"
    PARTISAN_ACCOUNT = "partisan-account"


SOURCE_KIND_LABELS = {
    SourceKind.NEWS_REPORT: "news report",
    SourceKind.OPINION: "opinion",
    SourceKind.RELAY: "relay of another outlet's report",
    SourceKind.PARTISAN_ACCOUNT: "partisan account",
}

Reliability = Literal["A", "B", "C", "D", "E", "F"]
RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

Credibility = Literal[1, 2, 3, 4, 5, 6]
CREDIBILITY_LABELS = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


class Likelihood(StrEnum):
    """The estimative scale every key judgment uses (after ICD 203)."""

    ALMOST_NO_CHANCE = "almost no chance"
    VERY_UNLIKELY = "very unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN = "roughly even chance"
    LIKELY = "likely"
    VERY_LIKELY = "very likely"
    ALMOST_CERTAIN = "almost certain"


class Confidence(StrEnum):
    """How much the analyst trusts the evidence behind a judgment."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class AttributionKind(StrEnum):
    """Who, in kind, asserts a fact."""

    AUTHOR = "author"
    GOVERNMENT = "government"
    OFFICIAL = "official"
    ORGANIZATION = "organization"
    OUTLET = "outlet"
    UNNAMED_SOURCE = "unnamed-source"
    DOCUMENT = "document"


class RelationKind(StrEnum):
    """How two facts bear on each other; each is recorded on both facts (see RELATION_INVERSE)."""

    CORROBORATES = "corroborates"
    """Both say the same thing, independently."""
    PARTLY_OVERLAPS = "partly-overlaps"
    """One agrees with, or confirms, only part of the other."""
    IN_TENSION = "in-tension"
    """Both could be true, but they pull apart (different emphasis, a forecast against a fact)."""
    CONTRADICTS = "contradicts"
    """They cannot both be true of the same thing at the same time."""
    UPDATES = "updates"
    """This fact is a later report on a situation that may have changed since the other."""
    UPDATED_BY = "updated-by"
    """The other fact is a later report on a situation that may have changed since this one."""


RELATION_INVERSE = {
    RelationKind.CORROBORATES: RelationKind.CORROBORATES,
    RelationKind.PARTLY_OVERLAPS: RelationKind.PARTLY_OVERLAPS,
    RelationKind.IN_TENSION: RelationKind.IN_TENSION,
    RelationKind.CONTRADICTS: RelationKind.CONTRADICTS,
    RelationKind.UPDATES: RelationKind.UPDATED_BY,
    RelationKind.UPDATED_BY: RelationKind.UPDATES,
}
"""The type the other fact records back: the same for a symmetric type, the mirror for a
directional one ('updates' on the later fact, 'updated-by' on the earlier)."""

RELATION_LABELS = {
    RelationKind.CORROBORATES: "corroborated by",
    RelationKind.PARTLY_OVERLAPS: "partly overlaps with",
    RelationKind.IN_TENSION: "in tension with",
    RelationKind.CONTRADICTS: "contradicted by",
    RelationKind.UPDATES: "updates the earlier report",
    RelationKind.UPDATED_BY: "updated by the later report",
}
"""How a reader is told what another fact is to this one."""


class PlaceKind(StrEnum):
    """What kind of place a gazetteer entry is; the map draws a region as a label only."""

    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    DISTRICT = "district"
    CAMP = "camp"
    GARRISON = "garrison"
    REGION = "region"


LabelSide = Literal["right", "left", "above", "below"]


SOURCE_NOT_DATED = "not yet dated"
"""The basis of a source's publication date that ``source add`` writes until the editor gives one."""

SOURCE_NOT_GRADED = "not yet graded: say who wrote it, whom it relies on, what it is"
"""The rationale of a source's grade that ``source add`` writes until the editor grades it."""
