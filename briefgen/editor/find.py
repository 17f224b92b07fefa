"""Search the seeds for a phrase, with the check's normalization, and say what to paste.

An editor who remembers a few words of a source wants three things: where they are
(``seeds/FILE:line``), the seed's own words to paste as the passage (so the check will find
it), and a warning when the words occur more than once in a seed, with a ``prefix`` that picks
each occurrence out (the check's ``prefix`` rule, :meth:`briefgen.seeds.Seed.locate`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ..errors import Problem, UsageError
from ..project.load import display_path
from ..project.normalize import normalize, one_line
from ..project.seeds import Seed, Suggestion, read_seeds

CONTEXT = 40
"""How many characters of the seed to show on each side of a match."""

MAX_PREFIX_WORDS = 8
"""The longest prefix tried to single out one of several occurrences."""


@dataclass(frozen=True)
class Match:
    """One occurrence of the phrase in a seed."""

    seed: str
    path: str
    line: int
    context: str
    passage: str
    prefix: str | None
    ambiguous: bool

    def lines(self) -> list[str]:
        """The match as the terminal shows it: where, the context, what to paste."""
        shown = [f"{self.path}:{self.line}: {self.context}", f"  passage: {yaml_quote(self.passage)}"]
        if self.ambiguous:
            shown.append(
                f"  prefix: {yaml_quote(self.prefix)}"
                if self.prefix
                else "  (no short prefix singles this one out; lengthen the passage instead)"
            )
        return shown


@dataclass(frozen=True)
class Closest:
    """The nearest passage of any seed to a phrase that was not found."""

    seed: str
    suggestion: Suggestion


@dataclass
class Found:
    """What a search found: every match, in seed and line order, or the closest passage."""

    phrase: str
    matches: list[Match]
    closest: Closest | None = None
    problems: tuple[Problem, ...] = ()
    cut: str | None = None
    """Where the phrase occurs only starting or ending inside a word (see ``Seed.cut_word``)."""

    def lines(self) -> list[str]:
        """Every match, then how many there are and where the phrase is ambiguous."""
        shown = [line for match in self.matches for line in match.lines()]
        return [*shown, *self.summary()] if self.matches else []

    def summary(self) -> list[str]:
        """How many matches, and in which seeds the phrase is ambiguous."""
        seeds = sorted({m.seed for m in self.matches})
        total = len(self.matches)
        lines = [f"{total} match{'es' * (total != 1)} in {len(seeds)} seed{'s' * (len(seeds) != 1)}"]
        for name in seeds:
            count = sum(m.seed == name for m in self.matches)
            if count > 1:
                lines.append(
                    f"ambiguous: the phrase occurs {count} times in {name}; cite one with the prefix "
                    "shown, or lengthen the passage"
                )
        return lines

    def not_found(self) -> str:
        """The no-match message, with the closest passage as the check gives it."""
        if self.cut is not None:
            return f"not found as whole words; the phrase {self.cut}"
        if self.closest is None:
            return "not found in any seed"
        hint = self.closest.suggestion
        return (
            f"not found; closest in {self.closest.seed} at line {hint.line}, first differing at "
            f'character {hint.differs_at}: the phrase has "{hint.passage_has}" where the seed has '
            f'"{hint.seed_has}"'
        )


def yaml_quote(text: str | None) -> str:
    """``text`` as a YAML double-quoted scalar, ready to paste after ``passage:``."""
    # A JSON string is a valid YAML double-quoted scalar; escape the line separators that
    # YAML would otherwise fold, so the pasted value is exactly these characters.
    quoted = json.dumps(text or "", ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def find(root: Path, phrase: str, seed_name: str | None = None) -> Found:
    """Every occurrence of ``phrase`` in the seeds of ``root`` (or in one seed)."""
    if not normalize(phrase):
        raise UsageError("the phrase is empty")
    seeds, problems = read_seeds(root / "seeds", display_path(root, "seeds"))
    chosen = _chosen(seeds, seed_name, root)
    matches = [m for seed in chosen for m in matches_in(seed, phrase, display_path(root, "seeds"))]
    closest = None if matches else _closest(chosen, phrase)
    cut = None if matches else next(filter(None, (seed.cut_word(phrase) for seed in chosen)), None)
    return Found(phrase, matches, closest, tuple(problems), cut)


def _chosen(seeds: dict[str, Seed], seed_name: str | None, root: Path) -> list[Seed]:
    if seed_name is None:
        return [seeds[name] for name in sorted(seeds)]
    if seed_name not in seeds:
        raise UsageError(unknown_seed(seed_name, seeds))
    return [seeds[seed_name]]


def unknown_seed(name: str, seeds: dict[str, Seed]) -> str:
    """The message for a seed name that is not a readable file of seeds/."""
    import difflib

    close = difflib.get_close_matches(name, sorted(seeds), n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (seeds: {', '.join(sorted(seeds))})"
    return f"unknown seed '{name}': no such file in seeds/{hint}"


def matches_in(seed: Seed, phrase: str, shown_dir: str) -> list[Match]:
    """The occurrences of ``phrase`` in one seed, each with the words to paste."""
    needle = normalize(phrase)
    starts = seed.occurrences(phrase)
    ambiguous = len(starts) > 1
    return [
        Match(
            seed=seed.name,
            path=f"{shown_dir}/{seed.name}",
            line=seed.span(at, len(needle)).line,
            context=_context(seed.normalized, at, len(needle)),
            passage=_verbatim(seed, at, len(needle)),
            prefix=_prefix(seed, at, starts) if ambiguous else None,
            ambiguous=ambiguous,
        )
        for at in starts
    ]


def _verbatim(seed: Seed, at: int, length: int) -> str:
    """The seed's own characters for a normalized stretch, on one line."""
    span = seed.span(at, length)
    return one_line(seed.text[span.start : span.end])


def _context(hay: str, at: int, length: int) -> str:
    """The match with up to :data:`CONTEXT` characters around it, cut at spaces."""
    start, end = max(0, at - CONTEXT), min(len(hay), at + length + CONTEXT)
    if start > 0 and " " in hay[start:at]:
        start = hay.index(" ", start) + 1
    if end < len(hay) and " " in hay[at + length : end]:
        end = hay.rindex(" ", at + length, end)
    return f"{'…' * (start > 0)}{hay[start:end]}{'…' * (end < len(hay))}"


def _prefix(seed: Seed, at: int, starts: list[int]) -> str | None:
    """The fewest words before the occurrence at ``at`` that no other occurrence has before it."""
    hay = seed.normalized
    before = hay[:at].rstrip()
    words = before.split(" ")
    for count in range(1, min(MAX_PREFIX_WORDS, len(words)) + 1):
        candidate = " ".join(words[-count:])
        if not candidate:
            continue
        if not any(hay[:other].rstrip().endswith(candidate) for other in starts if other != at):
            return _verbatim(seed, len(before) - len(candidate), len(candidate))
    return None


def _closest(seeds: list[Seed], phrase: str) -> Closest | None:
    """The nearest passage over all the seeds searched."""
    needle = normalize(phrase)
    best: tuple[float, Closest] | None = None
    for seed in seeds:
        hint = seed.closest(phrase)
        if hint is None:
            continue
        score = fuzz.ratio(needle, hint.text)
        if best is None or score > best[0]:
            best = (score, Closest(seed.name, hint))
    return best[1] if best else None
