"""How the CLI talks to a terminal: colour for the labels, a progress bar for builds, timed steps.

Colour only on a terminal, and never when ``NO_COLOR`` is set to anything (https://no-color.org);
the words are the same with or without it. The progress bar (rich) shows on a terminal only;
elsewhere (a pipe, CI, a log) a build prints plain lines, and nothing but problems with ``-q``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from types import TracebackType
from typing import IO, TYPE_CHECKING

from .errors import printable

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

_LABEL = re.compile(r"(?<=: )(error|warning)(?=: )|^(briefgen: )(error|warning)(?=: )")
_STYLES = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}
_RESET = "\x1b[0m"


def colour_wanted(stream: IO[str]) -> bool:
    """Colour for ``stream``: a terminal, and NO_COLOR unset or empty."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(line: str, colour: bool) -> str:
    """``line`` with its first ``error``/``warning`` label in colour (when ``colour``)."""
    if not colour:
        return line
    found = _LABEL.search(line)
    if found is None:
        return line
    label = found.group(1) or found.group(3)
    start, end = found.span(1) if found.group(1) else found.span(3)
    return f"{line[:start]}{_STYLES[label]}{label}{_RESET}{line[end:]}"


def echo(line: str, err: bool = False) -> None:
    """Print a line to stdout (or stderr), its label coloured when that stream wants it.

    The line's control characters are escaped first (:func:`briefgen.errors.printable`): what
    briefgen prints holds statements, seed text and file names, none of which may drive the
    terminal; the colour is added after."""
    stream = sys.stderr if err else sys.stdout
    print(paint(printable(line), colour_wanted(stream)), file=stream, flush=True)


class Timed:
    """Prints each step of ``-v`` with the time it took: since the previous line, and in all."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()

    def __call__(self, message: str) -> None:
        now = time.monotonic()
        echo(f"briefgen: {message} ({now - self.last:.2f} s; {now - self.started:.1f} s in all)", err=True)
        self.last = now


class BuildBar:
    """A build's progress bar on stderr: steps done of the total, the current step, time so far.

    Used as a context manager around the build; ``say`` shows a slow step's message as the
    bar's description instead of a line.
    """

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
        self.bar: Progress = Progress(
            TextColumn("briefgen: {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> BuildBar:
        self.bar.start()
        self.task = self.bar.add_task("checking", total=None)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.bar.stop()

    def total(self, steps: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, total=steps, description="rendering", refresh=True)

    def done(self, name: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=f"{name} done", refresh=True)

    def say(self, message: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, description=message, refresh=True)
