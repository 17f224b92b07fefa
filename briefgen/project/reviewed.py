"""What a reviewer read, as digests: a review is bound to the content it vouches for.

``briefgen review`` records, beside who and when, a digest of everything the reviewer was shown:
the statement, the attribution, the credibility, the date with its basis, each cited passage
(with the seed it is in and its prefix and suffix) and the seed paragraph around each passage.
:func:`reviewed_parts` is the one definition of that content. When any of it changes later (a
statement rewritten, a regrade, a seed corrected inside a cited paragraph), the digest no longer
matches and the check names what changed; a correction elsewhere in the seed changes none of it.

The record keeps the sha256 of the whole (``digest``) and a short digest of each part
(``parts``), so the check can say *which* part changed, not just that something did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .normalize import normalize
from .seeds import Seed

if TYPE_CHECKING:
    from .models import Citation, Fact

PART_HEX = 8
"""Hex digits kept per part: enough to notice an edit, short enough to read in the file."""

DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
"""The form of ``review.digest``."""

PARTS_PATTERN = rf"^[a-z]+(?:-[0-9]+)?=[0-9a-f]{{{PART_HEX}}}(?: [a-z]+(?:-[0-9]+)?=[0-9a-f]{{{PART_HEX}}})*$"
"""The form of ``review.parts``: ``name=digest`` pairs separated by single spaces."""


def reviewed_parts(fact: Fact, seeds: Mapping[str, Seed]) -> dict[str, str]:
    """The content a review of ``fact`` covers, part by part (name -> the exact text read).

    The paragraph around a passage is taken in the check's normalized form, so a change of
    spacing, line ends or quote style alone (which the passage match ignores too) voids
    nothing. A passage that is not found once has no paragraph (the check reports it anyway).
    """
    attribution = fact.attribution
    parts = {
        "statement": fact.statement,
        "attribution": _canonical([attribution.by, _text(attribution.kind), list(attribution.via)]),
        "credibility": str(fact.credibility),
        "when": _canonical([fact.when.date, fact.when.basis]),
    }
    for number, c in enumerate(fact.citations, start=1):
        parts[f"passage-{number}"] = _canonical([c.seed, c.passage, c.prefix, c.suffix])
        parts[f"paragraph-{number}"] = paragraph_around(seeds.get(c.seed), c)
    return parts


def _text(value: object) -> str:
    # The check's fast path holds plain strings where pydantic holds enum members.
    return str(getattr(value, "value", value))


def paragraph_around(seed: Seed | None, citation: Citation) -> str:
    """The normalized text of the seed paragraph(s) a passage lies in; empty if not found once."""
    if seed is None:
        return ""
    found = seed.find(citation.passage, citation.prefix, citation.suffix)
    if len(found) != 1:
        return ""
    length = len(normalize(citation.passage))
    first, last = seed.line_of(found[0]), seed.line_of(found[0] + max(length - 1, 0))
    return seed.paragraphs_text(first, last)


@dataclass(frozen=True)
class Digest:
    """A review's record of what was read: the whole, and each part."""

    digest: str
    parts: str

    @classmethod
    def of(cls, parts: Mapping[str, str]) -> Digest:
        """The record of ``parts`` (as :func:`reviewed_parts` gives them)."""
        short = " ".join(f"{name}={_short(text)}" for name, text in parts.items())
        return cls(whole_digest(parts), short)


def whole_digest(parts: Mapping[str, str]) -> str:
    """``sha256:`` and the hex sha256 of the parts, canonically (sorted keys, no spaces)."""
    return "sha256:" + hashlib.sha256(_canonical(dict(parts)).encode("utf-8")).hexdigest()


def changed_parts(
    recorded_parts: str | None, parts: Mapping[str, str], skip: Sequence[str] = ()
) -> list[str]:
    """The names of the parts that differ from the record, in the fact's order, as words.

    A part added or removed since the review (a new citation) counts as changed; the parts
    named in ``skip`` are not compared.
    """
    recorded = dict(pair.split("=", 1) for pair in (recorded_parts or "").split())
    now = {name: _short(text) for name, text in parts.items()}
    names = [name for name in [*now, *(n for n in recorded if n not in now)] if name not in skip]
    return [describe(name) for name in names if recorded.get(name) != now.get(name)]


def describe(name: str) -> str:
    """A part's name as a message gives it: ``paragraph-2`` -> ``the seed paragraph around passage 2``."""
    kind, _, number = name.partition("-")
    if kind == "paragraph":
        return f"the seed paragraph around passage {number}"
    if kind == "passage":
        return f"passage {number}"
    return {"when": "date"}.get(kind, kind)


def _short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:PART_HEX]


_QUOTE = json.encoder.encode_basestring
"""JSON's quoting of a string, as ``json.dumps(..., ensure_ascii=False)`` does it (C-accelerated)."""


def _canonical(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` for the
    strings, None, lists and string-keyed dicts a digest is made of, without building an
    encoder per call (a cold check digests every reviewed fact)."""
    if isinstance(value, str):
        return str(_QUOTE(value))
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ",".join([_canonical(item) for item in value]) + "]"
    if isinstance(value, dict):
        pairs = sorted(value.items())
        return "{" + ",".join([f"{_QUOTE(k)}:{_canonical(v)}" for k, v in pairs]) + "}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def review_stale(fact: Fact, seeds: Mapping[str, Seed]) -> str | None:
    """Why a reviewed fact's review no longer vouches for it, or None while it does.

    A review without a digest predates the record of what was read; it vouches for nothing in
    particular, so it is reported too. A paragraph that cannot be found (an unreadable seed, a
    passage no longer there) is left out of the comparison: the check reports that citation
    as an error of its own.
    """
    review = fact.review
    if review.status != "reviewed":
        return None
    if review.digest is None:
        return "reviewed without a record of what was read (no review.digest)"
    parts = reviewed_parts(fact, seeds)
    if whole_digest(parts) == review.digest:
        return None
    unknown = [name for name, text in parts.items() if name.startswith("paragraph-") and not text]
    changed = changed_parts(review.parts, parts, skip=unknown)
    if unknown and not changed:
        return None
    return f"reviewed content changed since the review: {', '.join(changed or ['what was read'])}"
