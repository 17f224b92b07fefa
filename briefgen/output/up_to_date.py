"""What a build is asked for and gives back, and whether it has anything to do at all.

This module is light on purpose: the command line and :meth:`briefgen.Project.build` ask it
first whether the last build with these options is still in place (the build manifest, see
:mod:`briefgen._speed.manifest`), and only when there is work to do import the pipeline
(:mod:`briefgen.output.build`: Jinja, pydantic, WeasyPrint's workers). A build with nothing to
do is thus answered with the digest of its inputs and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._speed.files import Reads
from .._speed.manifest import Manifest, inputs_digest, options_key
from ..errors import Problem, Report
from ..project.layout import templates_dir
from .write import clean

EXPORT_FORMATS = ("json", "csv", "geojson")
"""The data exports: each briefing's facts as data (see :mod:`briefgen.output.exports`)."""

FORMATS = ("md", "html", "pdf", "docx", *EXPORT_FORMATS)
"""Every output format, in the order they are made."""

DEFAULT_FORMATS = ("md", "html", "pdf")
"""What a build makes unless told: the briefings a person reads."""

Progress = Callable[[str], None]


@dataclass
class Steps:
    """Hears how far a build has got, for a progress bar: how many steps there are (each
    briefing rendered, each PDF laid out, the writing), then each one as it is done."""

    total: Callable[[int], None] = lambda _: None
    done: Callable[[str], None] = lambda _: None


@dataclass
class BuildResult:
    """What a build wrote, what it left as it was, and the warnings its check let through."""

    written: list[Path]
    report: Report
    unchanged: list[Path] = field(default_factory=list)
    up_to_date: bool = False
    """True when nothing had changed since the last build: nothing was loaded or written."""


@dataclass
class Inputs:
    """What a build found before doing anything: its inputs' digest and the bytes it was made
    of (the check and the briefings are made of these very bytes), its options' key, the
    manifest, and the warnings to print again if nothing changed since the last build."""

    templates: Path
    manifest: Manifest
    reads: Reads
    digest: str
    options: str
    replay: list[str] | None

    def skipped(self, strict: bool) -> BuildResult | None:
        """The result of a build with nothing to do, or None if there is work to do (or warnings
        to refuse under ``strict``)."""
        if self.replay is None or (strict and self.replay):
            return None
        return BuildResult([], _replayed(self.replay), up_to_date=True)


def inputs(
    root: Path, out_dir: Path, formats: Sequence[str], themes: Sequence[str], reuse: bool = True
) -> Inputs:
    """Read what a build of ``root`` into ``out_dir`` is made of, and whether the last build with
    these options is still in place (never, without ``reuse``: a forced build, or one with a
    "Changes since" section, which depends on git history the manifest does not record)."""
    clean(out_dir)  # what a killed build left
    templates = templates_dir(root)
    manifest = Manifest(root, out_dir)
    reads: Reads = {}
    digest = inputs_digest(root, templates, reads)
    options = options_key(list(formats), list(themes))
    replay = manifest.up_to_date(digest, options) if reuse else None
    return Inputs(templates, manifest, reads, digest, options, replay)


def _replayed(warnings: list[str]) -> Report:
    """The report of the last build, from the lines it printed (all warnings: it succeeded)."""
    problems = []
    for line in warnings:
        where, _, message = line.partition(": warning: ")
        path, line_no, column = where.rsplit(":", 2)
        problems.append(Problem(path, int(line_no), int(column), "warning", message))
    return Report(problems)
