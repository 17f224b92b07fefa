"""Every exception briefgen raises, and the Problem value for content problems.

Content problems (a bad fact, a missing passage) are values, collected into a :class:`Report`
and printed all at once; only a run that must stop raises, and the CLI turns each exception
here into a message and an exit status, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

Severity = Literal["error", "warning"]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text with every control character (escape sequences, NUL, line separators) escaped, so
    untrusted text (a statement, a seed, a file name) cannot drive a terminal; tabs and line
    breaks stay. Everything briefgen prints of a project's content goes through here."""
    if text.isprintable():  # every character _CONTROL matches is unprintable
        return text
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as ``path:line:col``."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {self.text}"

    @property
    def text(self) -> str:
        """The message with control characters shown as escapes, so input cannot drive a terminal."""
        return printable(self.message)

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command (an annotation on the file's line)."""
        message = printable(_escape(self.message))
        path = _escape(self.path).replace(":", "%3A").replace(",", "%2C")
        return f"::{self.severity} file={path},line={self.line},col={self.column}::{message}"

    def as_tuple(self) -> tuple[str, int, int, str, str]:
        """The problem as plain data, for the cache and between processes."""
        return (self.path, self.line, self.column, self.severity, self.message)

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data, for ``--format json``."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.text,
        }


_ORDER = attrgetter("path", "line", "column", "severity", "message")
"""A problem's fields in their order: what ``Problem``'s comparisons compare."""


def _escape(text: str) -> str:
    """Escape what a workflow command cannot carry as is (GitHub's toolkit escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class Report:
    """All the problems of one check, in file and line order."""

    problems: list[Problem] = field(default_factory=list)
    strict: bool = field(default=False, compare=False)
    """Whether :meth:`failed` counts warnings as failures unless told otherwise (``--strict``)."""

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found by one step of the check."""
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail the check."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that fail the check only under ``--strict``."""
        return [p for p in self.problems if p.severity == "warning"]

    def failed(self, strict: bool | None = None) -> bool:
        """Whether the check refuses the corpus (warnings count under ``strict``, which is the
        report's own :attr:`strict` unless given)."""
        strict = self.strict if strict is None else strict
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """The problems ordered by file, line and column, each once."""
        return sorted(set(self.problems), key=_ORDER)  # the dataclass order, without its __lt__

    def summary(self) -> str:
        """A closing line such as ``2 errors, 1 warning``."""
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"

    def output(self, fmt: str = "text") -> tuple[list[str], list[str]]:
        """What ``briefgen check --format fmt`` prints: (lines on stdout, lines on stderr)."""
        if fmt == "json":
            return [self.to_json()], []
        lines = [p.github() if fmt == "github" else str(p) for p in self.sorted()]
        return lines, [self.summary()] if fmt == "text" else []

    def to_json(self) -> str:
        """The report as a JSON document for other programs."""
        body = {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.as_dict() for p in self.sorted()],
        }
        import json  # here: a check that prints text need not load it

        return json.dumps(body, indent=2, ensure_ascii=False)


class BriefgenError(Exception):
    """Base of every error briefgen raises on purpose; the CLI prints it and exits 1."""

    located = False
    """Whether the message already starts with the path it is about."""


class ProjectError(BriefgenError):
    """Raised by load when the --root folder is not a briefgen project (no facts/ or seeds/)."""

    located = True


class CheckFailed(BriefgenError):
    """Raised by build when the check refuses the corpus; carries the report to print."""

    def __init__(self, report: Report, strict: bool) -> None:
        super().__init__(report.summary())
        self.report = report
        self.strict = strict


class TemplateProblem(BriefgenError):
    """Raised by render when a template is missing, broken or uses an undefined field."""

    located = True


class FetchRefused(BriefgenError):
    """Raised by pdf when a document asks for a resource outside templates/ or data: URLs."""


class PdfError(BriefgenError):
    """Raised by pdf when WeasyPrint cannot be imported or fails to lay out a document."""


class DocxError(BriefgenError):
    """Raised by docx when pandoc is missing or cannot make the Word document."""


class UsageError(BriefgenError):
    """Raised by the library for an option value the CLI could not catch (exit status 2)."""


class WriteFailed(BriefgenError):
    """Raised by write when out/ cannot be written (a file in the way, no space, no permission)."""


class EditRefused(BriefgenError):
    """Raised by edit (add, review) when a change would not pass: nothing is written.

    ``lines`` are the problems to print before the one-line reason, already formatted: a
    problem inside a fact that was never written has no line to point at.
    """

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.lines = list(lines or [])


class GitError(BriefgenError):
    """Raised by diff when git is missing or the project is not inside a git repository."""


class UnknownRevision(UsageError):
    """Raised by diff when git does not know the revision it was given (exit status 2)."""


class ServeError(BriefgenError):
    """Raised by serve when it cannot listen on the port it was given."""


class SourceRefused(BriefgenError):
    """Raised by source add and pin when a source file cannot be read, holds no text, is already
    registered, or a seed cannot be pinned (exit status 1, nothing written)."""

    def __init__(self, message: str, located: bool = False) -> None:
        super().__init__(message)
        self.located = located
