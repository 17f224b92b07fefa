"""The Python API: one way in to everything briefgen does to a project.

The command line (:mod:`briefgen.cli`), the tests and other programs all go through
:class:`Project`::

    from briefgen import Project

    project = Project("path/to/project")
    report = project.check(strict=True)
    for problem in report.sorted():
        print(problem)  # facts/rukban.yaml:42:17: error: passage not found in ...
    if not report.failed():
        project.build(formats=["md", "html"])

Content problems are values (a :class:`~briefgen.errors.Report` of
:class:`~briefgen.errors.Problem`); a run that must stop raises one of the exceptions of
:mod:`briefgen.errors` (a refused build raises :class:`~briefgen.errors.CheckFailed` carrying
its report). Each method delegates to the library function that does the work; importing this
module imports none of them, so a program pays only for what it calls.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Report

if TYPE_CHECKING:
    from .editor.coverage import CoverageReport
    from .editor.edit import Draft, Edited
    from .editor.find import Found
    from .editor.places import Candidate, NewPlace, Placed
    from .editor.review import Reviewed
    from .editor.sources import Added, Given, Pinned
    from .editor.structure import Judgment, Written
    from .output.build import BuildResult, Steps
    from .project.history import FactChanges

Progress = Callable[[str], None]
"""Hears of a step of a build (a line of text, without the ``briefgen:`` prefix)."""


def _quiet(_: str) -> None:
    pass


class Project:
    """A briefgen project: a folder with ``facts/`` and ``seeds/`` (and optionally ``templates/``).

    ``root`` is the folder as given; messages name files relative to it, as the command line
    does with ``--root``. Nothing is read until a method is called.
    """

    def __init__(self, root: str | os.PathLike[str] = ".") -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    def check(self, strict: bool = False) -> Report:
        """Every problem of the project (what ``briefgen check`` prints), cached and in parallel.

        ``strict`` is recorded in the report: its :meth:`~briefgen.errors.Report.failed` then
        counts warnings as failures. Raises :class:`~briefgen.errors.ProjectError` when the
        folder is not a project.
        """
        from .check.runner import check_project

        report = check_project(self.root)
        return Report(report.problems, strict=strict)

    def build(
        self,
        out: str | os.PathLike[str] | None = None,
        formats: Sequence[str] | None = None,
        themes: Sequence[str] = (),
        strict: bool = False,
        changes_since: str | None = None,
        force: bool = False,
        progress: Progress = _quiet,
        detail: Progress = _quiet,
        steps: Steps | None = None,
    ) -> BuildResult:
        """Check, then write the briefings to ``out`` (default: ``ROOT/out``).

        Writes nothing, and raises :class:`~briefgen.errors.CheckFailed`, if the check fails
        (warnings count with ``strict``). ``formats``: any of ``md``, ``html``, ``pdf``, ``docx``,
        ``json``, ``csv``, ``geojson`` (default: ``md``, ``html`` and ``pdf``);
        ``themes``: build only these themes' briefings; ``changes_since``: a git revision whose
        changes each briefing shows; ``force``: lay out every PDF again. ``progress`` hears of
        the slow steps, ``detail`` of every step, ``steps`` counts them (for a progress bar).
        """
        from .output.up_to_date import DEFAULT_FORMATS, inputs

        chosen = DEFAULT_FORMATS if formats is None else formats
        target = Path(out) if out is not None else self.root / "out"
        # First whether there is anything to do: a build with nothing to do imports nothing more.
        found = inputs(self.root, target, chosen, themes, reuse=not (force or changes_since))
        done = found.skipped(strict)
        if done is not None:
            return done
        from .output.build import build

        return build(
            self.root,
            target,
            chosen,
            themes,
            strict,
            progress,
            detail=detail,
            changes_since=changes_since,
            force=force,
            steps=steps,
            read=found,
        )

    def add(self, draft: Draft) -> Edited:
        """Append ``draft`` as a new draft fact to ``facts/<theme>.yaml``, keeping every other
        byte of the file; raises :class:`~briefgen.errors.EditRefused` (nothing written) when the
        new fact would not pass the check."""
        from .editor.edit import add_fact

        return add_fact(self.root, draft)

    def review(
        self, fact_ids: str | Sequence[str], by: str | None = None, on: dt.date | str | None = None
    ) -> Reviewed:
        """Mark facts reviewed by ``by`` (default: git's user.name) on ``on`` (a date or
        ``YYYY-MM-DD``; default today), each bound to the digest of what it holds; all or none,
        refused (:class:`EditRefused`) if one would not pass ``check(strict=True)``."""
        from .editor.edit import parse_day
        from .editor.review import default_reviewer, review_facts

        ids = [fact_ids] if isinstance(fact_ids, str) else list(fact_ids)
        day = on if isinstance(on, dt.date) else parse_day(on)
        return review_facts(self.root, ids, by if by is not None else default_reviewer(self.root), day)

    def add_place(self, name: str, new: NewPlace | None = None) -> tuple[Placed, list[Candidate]]:
        """Look ``name`` up in GeoNames (offline) and append the chosen place to
        facts/gazetteer.yaml, keeping every other byte; raises
        :class:`~briefgen.errors.UsageError` when several places match and none is picked, and
        :class:`~briefgen.errors.EditRefused` (nothing written) when none matches or the place
        would not pass the check. Returns what was written and every candidate."""
        from .editor.places import NewPlace, add_place

        return add_place(self.root, name, new or NewPlace())

    def relate(self, fact_a: str, kind: str, fact_b: str, note: str | None = None) -> list[Written]:
        """Record that ``fact_a`` ``kind`` ``fact_b`` on both facts (the matching type on the
        other side), keeping every other byte; raises :class:`~briefgen.errors.EditRefused`
        (nothing written) when the check would refuse it."""
        from .editor.structure import relate

        return relate(self.root, fact_a, kind, fact_b, note)

    def add_judgment(self, judgment: Judgment) -> Written:
        """Append a key judgment to its theme in facts/themes.yaml; raises
        :class:`~briefgen.errors.EditRefused` (nothing written) when the check would refuse it."""
        from .editor.structure import add_judgment

        return add_judgment(self.root, judgment)

    def add_theme(self, theme_id: str, title: str, scope: str, order: int | None = None) -> Written:
        """Append a theme to facts/themes.yaml (last unless ``order``), keeping every other byte;
        raises :class:`~briefgen.errors.EditRefused` (nothing written) when the check would
        refuse it. The theme has no key judgments nor facts yet; only that is let through."""
        from .editor.structure import add_theme

        return add_theme(self.root, theme_id, title, scope, order)

    def omit(self, seed: str, line: int, reason: str) -> Written:
        """Record in facts/sources.yaml that the paragraph starting at ``line`` of ``seed`` is
        cited by no fact on purpose; raises :class:`~briefgen.errors.EditRefused` when it
        starts no paragraph, is cited, or is already recorded."""
        from .editor.structure import omit

        return omit(self.root, seed, line, reason)

    def add_source(self, path: str | os.PathLike[str], given: Given) -> Added:
        """Register a source file (text, web page, PDF, Word document) as a new pinned seed,
        keeping the original; refused (:class:`SourceRefused`) if unreadable, empty or known."""
        from .editor.sources import add_source

        return add_source(self.root, Path(path), given)

    def pin(self, seed: str) -> Pinned:
        """Re-pin a corrected seed and say which reviews the correction voids."""
        from .editor.sources import pin_seed

        return pin_seed(self.root, seed)

    def coverage(self) -> CoverageReport:
        """How complete and sound the corpus is: uncited paragraphs, facts per theme and seed,
        drafts, single-source judgments. Raises :class:`~briefgen.errors.CheckFailed` if the
        check fails."""
        from .check.runner import load_checked
        from .editor.coverage import coverage

        corpus, _ = load_checked(self.root)
        return coverage(corpus)

    def find(self, words: str, seed: str | None = None) -> Found:
        """Where ``words`` occur in the seeds (or in one seed), with the check's normalization."""
        from .editor.find import find

        return find(self.root, words, seed)

    def diff(self, rev: str) -> FactChanges:
        """What changed in the facts since the git revision ``rev``."""
        from .project.history import diff_facts

        return diff_facts(self.root, rev)

    def serve(
        self,
        out: str | os.PathLike[str] | None = None,
        port: int = 8000,
        formats: Sequence[str] = ("md", "html"),
        strict: bool = False,
        say: Progress = _quiet,
        detail: Progress = _quiet,
        echo: Progress = print,
        *,
        host: str = "127.0.0.1",
        open_browser: bool = False,
    ) -> None:
        """Build into ``out``, serve it on ``host``:``port`` (0: any free port) and rebuild on
        every change to facts, seeds or templates, until interrupted (KeyboardInterrupt);
        ``open_browser`` opens the first page in the user's browser."""
        from .editor.serve import Options, serve

        target = Path(out) if out is not None else self.root / "out"
        options = Options(self.root, target, formats, strict)
        serve(options, port, say, detail, echo, host=host, open_browser=open_browser)

    def write_schemas(self, folder: str | os.PathLike[str] | None = None) -> list[Path]:
        """Write the JSON Schema of the fact, source, theme, gazetteer and export files, made from
        the models, into ``folder`` (default: ``ROOT/schema``); return the files written."""
        from .output.write import write
        from .project.schema import documents

        return write(Path(folder) if folder is not None else self.root / "schema", documents())

    def stale_schemas(self, folder: str | os.PathLike[str] | None = None) -> list[str]:
        """The schema files of ``folder`` (default: ``ROOT/schema``) missing or out of date."""
        from .project.schema import stale

        return stale(Path(folder) if folder is not None else self.root / "schema")
