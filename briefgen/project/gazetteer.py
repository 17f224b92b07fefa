"""The gazetteer: which places each fact names, and the check of facts/gazetteer.yaml.

A fact names a place when its *statement* holds one of the place's spellings as a whole word,
ignoring case. The statement, not the cited passage, decides: it is the reviewed sentence the
briefing shows, and passages often carry a place only as context. Three rules keep the match
honest, and all three are documented in the gazetteer's schema:

- a hyphen joins words, so 'Damascus' is not found in 'Damascus-controlled' or
  'Damascus-Baghdad highway';
- where spellings overlap, the longest wins, so 'south Damascus' names the southern districts
  and not the city as well;
- a spelling inside one of the place's ``not_in`` phrases ('Damascus would', where the city
  stands for the government) does not count.

Deriving the places from the text, rather than asking editors for a ``places:`` list on every
fact, means a new fact is on the map the moment its statement names a known place, and a
reviewer checks one list (the gazetteer's spellings) instead of ninety.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from ..errors import Problem

if TYPE_CHECKING:  # types only: loading finds places through this module, not the other way
    from .load import Corpus, PlaceEntry
    from .models import Place


@dataclass(frozen=True)
class Mention:
    """One place named at one stretch of a statement."""

    place: Place
    start: int
    end: int


_LIKE_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
"""Every character beyond ASCII that a case-blind pattern takes for an ASCII letter (İ ı ſ and
the Kelvin sign; ``tests/test_gazetteer.py`` checks), and the letter's lower case."""


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole word (hyphens join words), any case, any run of spaces."""
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _key(text: str) -> str:
    """``text`` in lower case, with each character a case-blind pattern takes for an ASCII
    letter written as that letter: wherever a pattern matches an ASCII word, the key holds
    that word in lower case."""
    if not text.isascii():
        for char, letter in _LIKE_ASCII.items():
            if char in text:
                text = text.replace(char, letter)
    return text.lower()


@cache
def _ascii_words(phrase: str) -> tuple[str, ...]:
    """The lower-cased ASCII words of a phrase: each is in the key of any text the phrase is in."""
    return tuple(word.lower() for word in phrase.split() if word.isascii())


def _spans(phrase: str, text: str, key: str) -> list[tuple[int, int]]:
    """Where the phrase's pattern matches ``text`` (whose :func:`_key` is ``key``), in order.

    A phrase of ASCII words is found in the key by substring search, checked as the pattern
    would: compiling a case-blind pattern costs more than a small check finding every place.
    """
    if phrase.isascii() and phrase.split():
        return _ascii_spans(_ascii_words(phrase), text, key)
    return [match.span() for match in _pattern(phrase).finditer(text)]


def _ascii_spans(words: tuple[str, ...], text: str, key: str) -> list[tuple[int, int]]:
    """What :func:`_pattern` finds of these ASCII words: each match from the left, the next
    looked for after its end, as ``finditer`` does."""
    found: list[tuple[int, int]] = []
    at = key.find(words[0])
    while at >= 0:
        end = _ascii_match(words, text, key, at)
        if end >= 0:
            found.append((at, end))
            at = key.find(words[0], end)
        else:
            at = key.find(words[0], at + 1)
    return found


def _ascii_match(words: tuple[str, ...], text: str, key: str, start: int) -> int:
    """Where the pattern matching from ``start`` ends, or -1 if it does not match there.

    Its first word is in the key at ``start``; like the pattern, the match must not follow or
    precede a word character or a hyphen, and each next word must come after whitespace.
    """
    if start and _joins(text[start - 1]):
        return -1
    at = start + len(words[0])
    for word in words[1:]:
        gap = at
        while at < len(text) and text[at].isspace():
            at += 1
        if at == gap or not key.startswith(word, at):
            return -1
        at += len(word)
    return -1 if at < len(text) and _joins(text[at]) else at


def _joins(char: str) -> bool:
    """Whether a character continues a word, for ``[\\w-]`` (``str.isalnum`` is what ``\\w`` tests)."""
    return char.isalnum() or char == "_" or char == "-"


@dataclass
class Gazetteer:
    """The places of a corpus, ready to be found in statements."""

    places: list[Place]

    @cached_property
    def _spellings(self) -> list[tuple[Place, str, tuple[str, ...]]]:
        return [(p, spelling, _ascii_words(spelling)) for p in self.places for spelling in p.spellings]

    def mentions(self, text: str) -> list[Mention]:
        """Every place ``text`` names, in text order; the longest spelling wins an overlap.

        A spelling is looked for only where the text's key holds each of its ASCII words: a
        statement names few of the places, and a substring test costs far less than a search.
        """
        found: list[Mention] = []
        key = _key(text)
        for place, spelling, words in self._spellings:
            if not all(map(key.__contains__, words)):
                continue
            matches = _spans(spelling, text, key)
            if not matches:
                continue
            blocked = [span for phrase in place.not_in for span in _spans(phrase, text, key)]
            for start, end in matches:
                if not any(a <= start and end <= b for a, b in blocked):
                    found.append(Mention(place, start, end))
        kept: list[Mention] = []
        for mention in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if all(mention.end <= k.start or mention.start >= k.end for k in kept):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)

    def named_in(self, text: str) -> list[Place]:
        """The places ``text`` names, each once, in the order it first names them."""
        seen: dict[str, Place] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.place.id, mention.place)
        return list(seen.values())


def gazetteer(corpus: Corpus) -> Gazetteer:
    """The corpus's gazetteer (empty when the project has no facts/gazetteer.yaml)."""
    return Gazetteer([entry.place for entry in corpus.places])


def places_problems(corpus: Corpus) -> Iterator[Problem]:
    """Ids and spellings are unique, and every place is used."""
    ids: dict[str, PlaceEntry] = {}
    spellings: dict[str, str] = {}
    for entry in corpus.places:
        place = entry.place
        if place.id in ids:
            yield entry.problem(f"duplicate place id '{place.id}'", "id")
        ids.setdefault(place.id, entry)
        for s, spelling in enumerate(place.spellings):
            owner = spellings.setdefault(" ".join(spelling.lower().split()), place.id)
            if owner != place.id:
                yield entry.problem(f"spelling '{spelling}' is also a spelling of '{owner}'", "spellings", s)
        yield from _not_in_problems(entry)
    yield from _unused(corpus)


def _not_in_problems(entry: PlaceEntry) -> Iterator[Problem]:
    """A ``not_in`` phrase that holds none of the place's spellings could never apply."""
    for n, phrase in enumerate(entry.place.not_in):
        if not any(_spans(s, phrase, _key(phrase)) for s in entry.place.spellings):
            yield entry.problem(
                f"not_in phrase '{phrase}' holds none of the spellings of '{entry.place.id}'", "not_in", n
            )


def _unused(corpus: Corpus) -> Iterator[Problem]:
    """A place no statement names is dead weight in the gazetteer (a misspelling, often)."""
    if corpus.unreadable or not corpus.places:  # the statements that name one may be in the
        return  # file that could not be read; and without places there is nothing to look for
    named = {place_id for ref in corpus.refs for place_id in ref.places}
    for entry in corpus.places:
        if entry.place.id not in named:
            yield entry.problem(
                f"no fact statement names '{entry.place.id}' (spellings: {', '.join(entry.place.spellings)})",
                "spellings",
                severity="warning",
            )
