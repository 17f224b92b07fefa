"""init: a new briefing project, ready to fill, that checks clean as it is.

It writes ``facts/sources.yaml`` and ``facts/themes.yaml`` (each with the modeline that lets an
editor's YAML plugin complete and validate it, and comments saying what goes where), an empty
``seeds/`` (kept in git by a ``.gitkeep``), the JSON Schemas of the installed briefgen in
``schema/``, a ``.gitignore``, a pre-commit configuration running briefgen's check, and a
GitHub Actions workflow that checks, builds and uploads the briefings. It writes only into a
new or empty folder (one holding only ``.git`` counts as empty).
"""

from __future__ import annotations

import json
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..errors import UsageError
from ..output.write import write
from ..project.schema import documents

SOURCES = """\
# yaml-language-server: $schema=../schema/sources.schema.json
# One record per seed in seeds/. Add a source with:
#   briefgen source add FILE --kind news-report --url https://... [--published ... --published-basis ...]
# which extracts its text into a pinned seed and appends its record here.
sources: []
"""

THEMES = """\
# yaml-language-server: $schema=../schema/themes.schema.json
title: {title}
# The briefing's themes; facts/<id>.yaml holds each theme's facts. A theme looks like:
#
#   - id: canal-blockage
#     title: "The canal blockage"
#     scope: "What blocked the canal, for how long, and what it cost."
#     order: 1
#     key_judgments:            # two to four, each resting on fact ids (a warning until then)
#       - text: "The canal will very likely reopen within a week."
#         likelihood: very likely
#         confidence: moderate
#         rests_on: [canal-blockage-ship-refloated]
themes: []
"""

GITIGNORE = """\
# briefgen build writes here; CI builds it again from facts/ and seeds/.
out/
__pycache__/
"""

PRE_COMMIT = """\
# briefgen's hooks, run with the briefgen installed here (pip install briefgen).
# With the briefgen repository as the hook's source, pre-commit installs briefgen itself:
#   - repo: https://github.com/<owner>/briefgen
#     rev: v{version}
#     hooks: [{{id: briefgen-check}}, {{id: briefgen-schema}}]
repos:
  - repo: local
    hooks:
      - id: briefgen-check
        name: briefgen check
        entry: briefgen check --strict
        language: system
        pass_filenames: false
        files: ^(facts|seeds|templates)/
        require_serial: true
      - id: briefgen-schema
        name: briefgen schema is current
        entry: briefgen schema --check
        language: system
        pass_filenames: false
        files: ^schema/
"""

WORKFLOW = """\
# Check the facts (each problem an annotation on its line), build the briefings, upload them.
name: briefing

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  briefing:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0              # briefgen build --changes-since reads older revisions

      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"

      - name: Install briefgen and Pango (for the PDF step)
        run: |
          sudo apt-get update && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          python -m pip install "briefgen=={version}"

      - name: Check the facts
        run: briefgen check --strict --format github

      - name: The schema matches briefgen's models
        run: briefgen schema --check

      - name: Build the briefings
        run: |
          if [ "${{{{ github.event_name }}}}" = "pull_request" ]; then
            briefgen build --strict --changes-since "${{{{ github.event.pull_request.base.sha }}}}"
          else
            briefgen build --strict
          fi

      - name: Upload the briefings
        uses: actions/upload-artifact@v4
        with:
          name: briefing
          path: out/
          if-no-files-found: error
"""


def init_project(target: Path, title: str | None = None) -> list[Path]:
    """Write a new project into ``target`` (new or empty); return the files written, in order."""
    _refuse_non_empty(target)
    briefing_title = title or _title_of(target)
    if len(briefing_title.strip()) < 2:
        raise UsageError("--title: the briefing's title needs at least two characters")
    release = _version()
    files = {
        "facts/sources.yaml": SOURCES,
        "facts/themes.yaml": THEMES.format(title=json.dumps(briefing_title.strip(), ensure_ascii=False)),
        "seeds/.gitkeep": "",
        ".gitignore": GITIGNORE,
        ".pre-commit-config.yaml": PRE_COMMIT.format(version=release),
        ".github/workflows/briefing.yml": WORKFLOW.format(version=release),
    }
    data = {relative: text.encode("utf-8") for relative, text in files.items()}
    data.update({f"schema/{name}": schema for name, schema in documents().items()})
    return write(target, data)


def _refuse_non_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file: init writes a project into a new or empty folder")
    if target.is_dir() and any(entry.name != ".git" for entry in target.iterdir()):
        raise UsageError(f"{target} is not empty: init writes a project into a new or empty folder")


def _title_of(target: Path) -> str:
    """A title from the folder's name: ``ever-given_2021`` -> ``Ever given 2021``."""
    words = re.sub(r"[-_.]+", " ", target.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if len(words) >= 2 else "Situation briefing"


def _version() -> str:
    try:
        return version("briefgen")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"
