"""The timeline: the facts' dates, drawn to the precision each date is known to.

A date known only to the year is a wide pale bar across that year; one known to the month, a
narrow darker bar across that month; one known to the day, a diamond on that day. Facts that
share a date share one mark, with the number of facts on it, so ten facts dated '2019' are one
bar marked 10 rather than ten bars on top of each other. Each lane is a theme (a theme
briefing has one lane); undated facts are counted under the axis, never placed on it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from ..project.vocab import precision_of
from .svg import ACCENT, INK, MUTED, Picture, esc, num, points, text

WIDTH = 720.0
MARGIN = 16.0
LANE_TITLE = 16.0
ROW = 15.0
AXIS = 34.0
ROW_OF = {"year": 0, "month": 1, "day": 2}
FILL = {"year": "#c9dbec", "month": "#2f6ea6", "day": ACCENT}
PRECISION_WORDS = {"year": "known to the year", "month": "known to the month", "day": "known to the day"}


@dataclass(frozen=True)
class Item:
    """One fact on the timeline."""

    number: str
    fact_id: str
    date: str | None
    inferred: bool = False
    """Whether the date is inferred rather than stated: its mark is drawn with a dashed outline."""


@dataclass(frozen=True)
class Lane:
    """One row of the timeline: a theme and its facts."""

    title: str
    items: list[Item]


@dataclass(frozen=True)
class Mark:
    """Every fact of a lane that shares one date."""

    date: str
    precision: str
    numbers: list[str]
    inferred: int = 0
    """How many of its facts' dates are inferred rather than stated."""

    @property
    def words(self) -> str:
        """The date as a reader says it, with its precision and whether it is inferred:
        '2017 (known to the year; inferred)'."""
        return f"{date_words(self.date)} ({PRECISION_WORDS[self.precision]}{self.inferred_words})"

    @property
    def inferred_words(self) -> str:
        """'; inferred', '; 2 of 5 inferred' or nothing."""
        if not self.inferred:
            return ""
        if self.inferred == len(self.numbers):
            return "; inferred"
        return f"; {self.inferred} of {len(self.numbers)} inferred"

    @property
    def start(self) -> dt.date:
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def end(self) -> dt.date:
        """The day after the period the date stands for."""
        year, *rest = (int(p) for p in self.date.split("-"))
        if not rest:
            return dt.date(year + 1, 1, 1)
        if len(rest) == 1:
            month = rest[0]
            return dt.date(year + (month == 12), month % 12 + 1, 1)
        return self.start + dt.timedelta(days=1)


def marks(lane: Lane) -> list[Mark]:
    """The lane's dated facts grouped by date, in date order."""
    by_date: dict[str, list[str]] = defaultdict(list)
    inferred: dict[str, set[str]] = defaultdict(set)  # by number: a fact in two lanes counts once
    for item in lane.items:
        if item.date is not None:
            by_date[item.date].append(item.number)
            if item.inferred:
                inferred[item.date].add(item.number)
    return [Mark(d, precision_of(d), numbers, len(inferred[d])) for d, numbers in sorted(by_date.items())]


def date_words(date: str) -> str:
    """'2017', 'June 2017' or '1 June 2017'."""
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = calendar.month_name[parts[1]]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"


def _facts(count: int) -> str:
    return f"{count} fact{'s' * (count != 1)}"


@dataclass
class _Scale:
    """Dates to x positions over whole years."""

    first: int
    last: int

    def x(self, day: dt.date) -> float:
        span = (dt.date(self.last + 1, 1, 1) - dt.date(self.first, 1, 1)).days
        return MARGIN + (day - dt.date(self.first, 1, 1)).days / span * (WIDTH - 2 * MARGIN)


def timeline(figure_id: str, title: str, lanes: list[Lane]) -> Picture | None:
    """The timeline of ``lanes``, or None when no fact in them has a date."""
    lane_marks = [marks(lane) for lane in lanes]
    years = [m.start.year for ms in lane_marks for m in ms]
    if not years:
        return None
    scale = _Scale(min(years), max(years))
    heights = [LANE_TITLE + len(_rows(ms)) * ROW + 6 for ms in lane_marks]
    bottom = MARGIN + sum(heights)
    picture = Picture(figure_id, WIDTH, bottom + AXIS, title, describe(lanes, lane_marks))
    picture.body.append(_grid(scale, MARGIN, bottom))
    top = MARGIN
    for lane, ms, height in zip(lanes, lane_marks, heights, strict=True):
        picture.body.append(_lane(scale, top, lane, ms))
        top += height
    undated = {item.fact_id for lane in lanes for item in lane.items if item.date is None}
    picture.body.append(_axis(scale, bottom, len(undated)))
    return picture


def _rows(ms: list[Mark]) -> dict[str, int]:
    """The rows a lane needs, top to bottom: years, months, days (only those it has)."""
    used = sorted({m.precision for m in ms}, key=ROW_OF.__getitem__)
    return {precision: row for row, precision in enumerate(used)} or {"year": 0}


def describe(lanes: list[Lane], lane_marks: list[list[Mark]]) -> str:
    """The timeline in words: its text alternative."""
    parts = []
    for lane, ms in zip(lanes, lane_marks, strict=True):
        dated = "; ".join(f"{m.words}: {_facts(len(m.numbers))}" for m in ms)
        undated = sum(1 for item in lane.items if item.date is None)
        tail = f"; not dated: {_facts(undated)}" if undated else ""
        parts.append(f"{lane.title}: {dated or 'no dated fact'}{tail}.")
    return " ".join(parts)


def _grid(scale: _Scale, top: float, bottom: float) -> str:
    lines = []
    for year in range(scale.first, scale.last + 2):
        x = scale.x(dt.date(year, 1, 1))
        lines.append(f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}"/>')
    return f'<g stroke="#d0d7de" stroke-width="1">{"".join(lines)}</g>'


def _axis(scale: _Scale, top: float, undated: int) -> str:
    parts = [
        f'<line x1="{num(MARGIN)}" y1="{num(top)}" x2="{num(WIDTH - MARGIN)}" y2="{num(top)}" '
        f'stroke="{INK}" stroke-width="1"/>'
    ]
    for year in range(scale.first, scale.last + 1):
        middle = (scale.x(dt.date(year, 1, 1)) + scale.x(dt.date(year + 1, 1, 1))) / 2
        parts.append(text(middle, top + 14, str(year), 11, "middle", fill=INK))
    if undated:
        parts.append(
            text(
                WIDTH - MARGIN, top + 29, f"Not dated, so not drawn: {_facts(undated)}", 10, "end", fill=MUTED
            )
        )
    return "".join(parts)


def _lane(scale: _Scale, top: float, lane: Lane, ms: list[Mark]) -> str:
    parts = [text(MARGIN, top + 11, lane.title, 11, font_weight="bold", fill=INK)]
    rows = _rows(ms)
    for mark in ms:
        y = top + LANE_TITLE + rows[mark.precision] * ROW
        x1, x2 = scale.x(mark.start), scale.x(mark.end)
        inferred = f" ({mark.inferred_words.removeprefix('; ')})" if mark.inferred else ""
        label = f"{date_words(mark.date)}{inferred}: {_facts(len(mark.numbers))} ({', '.join(mark.numbers)})"
        count = str(len(mark.numbers))
        if mark.precision == "year":
            count_svg = text((x1 + x2) / 2, y + 10.5, count, 10, "middle", fill=INK)
        elif mark.precision == "month" and _count_fits(scale, mark):
            count_svg = text((x1 + x2) / 2, y + 10.5, count, 9, "middle", fill="#ffffff", font_weight="bold")
        else:
            count_svg = ""  # narrow marks are counted in clusters below
        shape = _shape(mark.precision, x1, x2, y, dashed=bool(mark.inferred))
        parts.append(f"<g><title>{esc(label)}</title>{shape}{count_svg}</g>")
    parts += _cluster_counts(scale, top, rows, ms)
    return "".join(parts)


def _count_fits(scale: _Scale, mark: Mark) -> bool:
    """Whether a month bar is wide enough to carry its count inside (a day never is)."""
    width = scale.x(mark.end) - scale.x(mark.start)
    return mark.precision == "month" and width >= 6 * len(str(len(mark.numbers))) + 2


def _cluster_counts(scale: _Scale, top: float, rows: dict[str, int], ms: list[Mark]) -> list[str]:
    """One count beside each run of narrow marks too close to count apart (days a few apart)."""
    counts: list[str] = []
    for precision in ("month", "day"):
        narrow = [m for m in ms if m.precision == precision and not _count_fits(scale, m)]
        clusters: list[list[Mark]] = []
        for mark in narrow:
            if clusters and scale.x(mark.start) - scale.x(clusters[-1][-1].end) < 12:
                clusters[-1].append(mark)
            else:
                clusters.append([mark])
        y = top + LANE_TITLE + rows.get(precision, 0) * ROW
        for cluster in clusters:
            total = sum(len(m.numbers) for m in cluster)
            x = max(scale.x(cluster[-1].end), (scale.x(cluster[-1].start) + scale.x(cluster[-1].end)) / 2 + 5)
            counts.append(text(x + 3, y + 10.5, str(total), 10, fill=INK))
    return counts


def _shape(precision: str, x1: float, x2: float, y: float, dashed: bool = False) -> str:
    """A mark's shape; an inferred date gets a dashed dark outline."""
    if precision == "day":
        cx, cy = (x1 + x2) / 2, y + 7
        diamond = [(cx, cy - 6), (cx + 5, cy), (cx, cy + 6), (cx - 5, cy)]
        stroke = (
            f'stroke="{INK}" stroke-width="1" stroke-dasharray="2 1.5"'
            if dashed
            else 'stroke="#ffffff" stroke-width="1"'
        )
        return f'<polygon points="{points(diamond)}" fill="{FILL["day"]}" {stroke}/>'
    width = max(x2 - x1, 3.0)
    stroke = (
        f'stroke="{INK}" stroke-width="1" stroke-dasharray="3 2"'
        if dashed
        else f'stroke="{ACCENT}" stroke-width="0.5"'
    )
    return (
        f'<rect x="{num(x1)}" y="{num(y + 1)}" width="{num(width)}" height="{num(ROW - 2)}" rx="2" '
        f'fill="{FILL[precision]}" {stroke}/>'
    )


LEGEND = (
    "Wide pale bars: facts dated only to a year; narrow bars: to a month; diamonds: to a day. "
    "The number on or beside a mark is how many facts share that date. A dashed outline: the "
    "date of at least one of them is inferred, not stated."
)
"""What the marks mean, for the caption under every timeline."""
