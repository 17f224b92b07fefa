"""The ``briefgen`` entry point: a rebuild with nothing to do ends here, before the CLI loads.

Importing typer, pydantic, PyYAML and Jinja takes several times longer than finding out, from
the build manifest, that nothing changed since the last build (see :mod:`briefgen.manifest`).
So for ``briefgen build`` with only the options this module understands, it asks the manifest
first and, if the build would do nothing, prints exactly what the full command would print and
exits. In every other case (another command, another option, anything to do, any doubt) it
hands over to the typer CLI, which does the same check again and everything else.
"""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("md", "html", "pdf")
_VALUED = {"--root", "--out", "--format", "--theme"}
_FLAGS = {"--strict", "-q", "--quiet"}


def main() -> None:
    """Run ``briefgen``."""
    if sys.argv[1:2] == ["build"]:
        lines = up_to_date_build(sys.argv[2:])
        if lines is not None:
            for line in lines:
                print(line, file=sys.stderr if line.startswith("briefgen: ") else sys.stdout)
            sys.exit(0)
    from .cli import main as cli_main

    cli_main()


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
    from .manifest import Manifest, inputs_digest, options_key, templates_dir

    warnings = Manifest(root, out_dir).up_to_date(
        inputs_digest(root, templates_dir(root)), options_key(formats, options.get("--theme", []))
    )
    if warnings is None or ("--strict" in options and warnings):
        return None
    quiet = "-q" in options or "--quiet" in options
    done = f"briefgen: up to date: nothing changed since the last build of {out_dir}"
    return warnings if quiet else [*warnings, done]


def _parse(args: list[str]) -> dict[str, list[str]] | None:
    """The options of a build command line, or None if it has anything else."""
    options: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        name, has_value, value = args[i].partition("=")
        if name in _VALUED:
            if not has_value:
                if i + 1 >= len(args) or args[i + 1].startswith("-"):
                    return None
                i += 1
                value = args[i]
            options.setdefault(name, []).append(value)
        elif args[i] in _FLAGS:
            options[args[i]] = []
        else:
            return None
        i += 1
    return options
