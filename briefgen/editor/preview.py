"""What ``briefgen serve`` adds to the pages it serves: the reload script and the problem banner.

Only served pages get them, never the files in out/. The banner is bounded (at most 40% of the
window, scrolling inside), collapsible (a ``<details>`` whose summary counts errors and
warnings), and each problem's location links to the fact it is about.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .._speed.files import read_file
from ..errors import Problem
from ..project.yamlfile import MAX_FILE_BYTES

STATE_PATH = "/__briefgen__/state"
"""Where the served pages ask for the build's version and problems."""

_FACT_FILES_NOT = {"sources.yaml", "themes.yaml", "gazetteer.yaml"}
_ID_LINE = re.compile(r"^\s*(?:-\s+)?id:\s*['\"]?([a-z0-9]+(?:-[a-z0-9]+)*)['\"]?\s*(?:#.*)?$")


@dataclass(frozen=True)
class Shown:
    """A problem as the banner shows it: its line, its severity, the fact it is in (if any)."""

    text: str
    severity: str = "error"
    fact: str | None = None

    @property
    def location(self) -> str:
        """``path:line:col``, the part of the line before its severity."""
        marker = f": {self.severity}: "
        return self.text.split(marker, 1)[0] if marker in self.text else ""


@dataclass
class Outcome:
    """What the latest build left for the pages to show."""

    version: int = 0
    problems: list[Shown] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    built: bool = False
    """Whether a build has succeeded since serve started."""

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "problems": [p.text for p in self.problems],
            "errors": self.errors,
            "warnings": self.warnings,
        }


def shown(problem: Problem) -> Shown:
    """A problem of a refused build, with the id of the fact at its line (when it is in one)."""
    return Shown(str(problem), problem.severity, fact_at(Path(problem.path), problem.line))


def fact_at(path: Path, line: int) -> str | None:
    """The id of the fact whose entry holds ``line`` of the fact file ``path``, if any."""
    if path.name in _FACT_FILES_NOT or path.suffix != ".yaml":
        return None
    try:
        text = read_file(str(path), MAX_FILE_BYTES).decode("utf-8", "replace")
    except OSError:  # gone, too large, or not a regular file (a FIFO would hang a plain read)
        return None
    lines = text.splitlines()[: max(line, 0)]
    for text in reversed(lines):
        found = _ID_LINE.match(text)
        if found:
            return found.group(1)
    return None


_RELOAD = """<script>/* briefgen serve: reload after each build; only in served pages, never in out/ */
(function () {{
  var seen = {version};
  function poll() {{
    fetch("{path}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (s.version !== seen) {{ location.reload(); }} else {{ setTimeout(poll, 500); }}
    }}).catch(function () {{ setTimeout(poll, 2000); }});
  }}
  setTimeout(poll, 500);
}})();
</script>
"""

_STYLE = (
    "#briefgen-problems{position:sticky;top:0;z-index:1000;margin:0;max-height:40vh;overflow:auto;"
    "background:#fdecea;color:#611a15;border-bottom:3px solid #b3261e;"
    "font:14px/1.45 ui-monospace,monospace;box-shadow:0 2px 6px rgba(0,0,0,.2)}"
    "#briefgen-problems summary{position:sticky;top:0;padding:.6em 1em;background:#fdecea;cursor:pointer}"
    "#briefgen-problems ul{margin:0;padding:0 1em .8em 2.2em}"
    "#briefgen-problems li{white-space:pre-wrap;overflow-wrap:anywhere}"
    "#briefgen-problems a{color:#0b3d91}"
    "#briefgen-problems .warning{color:#6b4e00}"
)


def reload_script(version: int) -> str:
    """The script a served page runs to reload itself after the next build."""
    return _RELOAD.format(version=version, path=STATE_PATH)


def counts(outcome: Outcome) -> str:
    e, w = outcome.errors, outcome.warnings
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def what_is_shown(outcome: Outcome, page_exists: bool) -> str:
    """Which build the page under the banner comes from, in honest words."""
    if not page_exists:
        return "No build has succeeded yet, so there is nothing to show; the page reloads when one does."
    if outcome.built:
        return "Below is the last good build."
    return "Below is what out/ held when serve started; no build has succeeded since."


def banner(outcome: Outcome, page: str = "", page_exists: bool = True) -> str:
    """The problems of a refused build: counts, then each problem, its location a link to its fact."""
    items = "".join(_item(p, page) for p in outcome.problems)
    return (
        f"<style>{_STYLE}</style>\n"
        '<details id="briefgen-problems" open role="alert">'
        f"<summary><strong>briefgen: the last change did not build ({counts(outcome)}).</strong> "
        f"{html.escape(what_is_shown(outcome, page_exists))}</summary>\n"
        f"<ul>\n{items}</ul></details>\n"
    )


def _item(problem: Shown, page: str) -> str:
    css = ' class="warning"' if problem.severity == "warning" else ""
    where = problem.location
    if not where or problem.fact is None:
        return f"<li{css}>{html.escape(problem.text)}</li>\n"
    anchor = f"fact-{problem.fact}"
    href = f"#{anchor}" if f'id="{anchor}"' in page else f"/briefing.html#{anchor}"
    rest = problem.text[len(where) :]
    return f'<li{css}><a href="{html.escape(href)}">{html.escape(where)}</a>{html.escape(rest)}</li>\n'


_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def decorate(page: str, outcome: Outcome) -> str:
    """A built page as served: the banner (if the latest build failed) first, the script last."""
    if outcome.problems:
        body = _BODY.search(page)
        at = body.end() if body else 0
        page = f"{page[:at]}\n{banner(outcome, page)}{page[at:]}"
    end = page.lower().rfind("</body>")
    at = end if end >= 0 else len(page)
    return page[:at] + reload_script(outcome.version) + page[at:]


def error_page(outcome: Outcome) -> str:
    """The page served in place of one that no build has made yet."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>briefgen: build failed</title>"
        f"</head><body>\n{banner(outcome, page_exists=False)}{reload_script(outcome.version)}</body></html>\n"
    )
