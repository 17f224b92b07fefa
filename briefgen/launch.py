"""The ``briefgen`` entry point: the two commands that must feel instant skip the CLI framework.

Importing typer (and, for a build, pydantic, PyYAML and Jinja) takes longer than a check of a
small project, and several times longer than finding out, from the build manifest, that nothing
changed since the last build (see :mod:`briefgen.manifest`). So with only the options this
module understands:

- ``briefgen check`` runs :func:`briefgen.fastcheck.check_project` and prints the report exactly
  as the CLI does (the same :meth:`Report.output`), with the same exit status;
- ``briefgen build`` asks the manifest first and, if the build would do nothing, prints exactly
  what the full command would print.

In every other case (another command, another option, a project error, anything to build, any
doubt) it hands over to the typer CLI, which does everything, the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("md", "html", "pdf")
_VALUED = {"--root", "--out", "--format", "--theme"}
_FLAGS = {"--strict", "-q", "--quiet"}


def main() -> None:
    """Run ``briefgen``."""
    command = sys.argv[1:2]
    if command == ["build"]:
        lines = up_to_date_build(sys.argv[2:])
        if lines is not None:
            for line in lines:
                print(line, file=sys.stderr if line.startswith("briefgen: ") else sys.stdout)
            sys.exit(0)
    elif command == ["check"]:
        done = quick_check(sys.argv[2:])
        if done is not None:
            out, err, status = done
            for line in out:
                print(line)
            for line in err:
                print(line, file=sys.stderr)
            sys.exit(status)
    from .cli import main as cli_main

    cli_main()


def quick_check(args: list[str]) -> tuple[list[str], list[str], int] | None:
    """What ``briefgen check ARGS`` prints and its exit status, or None to leave it to the CLI."""
    options = _parse(args, valued={"--root", "--format"}, flags={"--strict"})
    if options is None:
        return None
    root = Path(options.get("--root", ["."])[-1])
    fmt = options.get("--format", ["text"])[-1]
    if fmt not in ("text", "json", "github") or root.is_file():
        return None
    if not (root / "facts").is_dir() or not (root / "seeds").is_dir():
        return None  # the CLI words it
    from ._speed.cache import Cache
    from ._speed.files import Reads
    from ._speed.manifest import inputs_digest

    reads: Reads = {}
    cache, inputs = Cache(root), inputs_digest(root, None, reads)
    report = cache.report(inputs)
    if report is None:  # something changed: check (and only then load pydantic and the rest)
        from .check.runner import check_project
        from .errors import BriefgenError

        try:
            report = check_project(root, cache=cache, reads=reads)
        except BriefgenError:
            return None  # the CLI words it
    out, err = report.output(fmt)
    return out, err, 1 if report.failed("--strict" in options) else 0


def up_to_date_build(args: list[str]) -> list[str] | None:
    """What ``briefgen build ARGS`` prints if it has nothing to do, or None to run it in full."""
    options = _parse(args)
    if options is None:
        return None
    root, out = Path(options.get("--root", ["."])[-1]), options.get("--out")
    out_dir = Path(out[-1]) if out else root / "out"
    if root.is_file() or out_dir.is_file():
        return None  # the CLI reports that
    formats = [f.strip() for value in options.get("--format", []) for f in value.split(",") if f.strip()]
    formats = formats or list(FORMATS)
    if any(f not in FORMATS for f in formats):
        return None
    from ._speed.manifest import Manifest, inputs_digest, options_key
    from .project.layout import templates_dir

    warnings = Manifest(root, out_dir).up_to_date(
        inputs_digest(root, templates_dir(root)), options_key(formats, options.get("--theme", []))
    )
    if warnings is None or ("--strict" in options and warnings):
        return None
    quiet = "-q" in options or "--quiet" in options
    done = f"briefgen: up to date: nothing changed since the last build of {out_dir}"
    return warnings if quiet else [*warnings, done]


def _parse(
    args: list[str], valued: set[str] = _VALUED, flags: set[str] = _FLAGS
) -> dict[str, list[str]] | None:
    """The options of a command line, or None if it has anything else."""
    options: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        name, has_value, value = args[i].partition("=")
        if name in valued:
            if not has_value:
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    return None
                i += 1
                value = args[i]
            options.setdefault(name, []).append(value)
        elif args[i] in flags:
            options[args[i]] = []
        else:
            return None
        i += 1
    return options
