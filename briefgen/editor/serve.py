"""briefgen serve: rebuild on every change, serve out/ on localhost, reload the open page.

Like ``mkdocs serve``: a build, then a watch (watchfiles) on facts/, seeds/ and the templates;
each change rebuilds into out/ with the ordinary :func:`briefgen.build.build`, which writes
nothing when the check fails, so the last good build stays in out/ and stays served. An HTTP
server bound to 127.0.0.1 only serves out/; into each HTML page it serves (never into the built
files) it adds a small script that polls :data:`STATE_PATH` and reloads the page when a build
finishes, and, while the latest build is broken, a banner with its problems above the last good
page. The terminal gets the same problems as ``briefgen build`` prints them.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import BriefgenError, CheckFailed, ServeError
from ..output.build import build
from ..project.layout import templates_dir

HOST = "127.0.0.1"
"""Only this machine can see the preview: the served files are drafts."""

STATE_PATH = "/__briefgen__/state"
"""Where the served pages ask for the build's version and problems."""

DEBOUNCE_MS = 300
"""Changes within this time (an editor saving several files) make one rebuild."""

Say = Callable[[str], None]


@dataclass
class State:
    """What the latest build left: a version that moves on every build, and its problems."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, problems: list[str]) -> None:
        with self.lock:
            self.version += 1
            self.problems = problems

    def snapshot(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.version, list(self.problems)


@dataclass(frozen=True)
class Options:
    """What to build on each change."""

    root: Path
    out: Path
    formats: Sequence[str] = ("md", "html")
    strict: bool = False


def rebuild(options: Options, state: State, say: Say, detail: Say, echo: Say) -> bool:
    """Build once; record the outcome for the pages and print it. True when it succeeded."""
    try:
        result = build(options.root, options.out, options.formats, (), options.strict, detail, detail=detail)
    except CheckFailed as exc:
        problems = [str(p) for p in exc.report.sorted()]
        for line in problems:
            echo(line)
        say(f"{exc.report.summary()}: build refused; still serving the last good build")
        state.record([*problems, exc.report.summary()])
        return False
    except BriefgenError as exc:
        message = str(exc) if exc.located else f"error: {exc}"
        echo(message)
        say("build failed; still serving the last good build")
        state.record([message])
        return False
    for problem in result.report.sorted():
        echo(str(problem))
    say(f"built {len(result.written)} files into {options.out}")
    state.record([])
    return True


def watched(root: Path) -> list[Path]:
    """The folders whose changes rebuild: facts/, seeds/ and the templates in use."""
    return [p for p in (root / "facts", root / "seeds", templates_dir(root)) if p.is_dir()]


def watch_and_rebuild(
    options: Options, state: State, say: Say, detail: Say, echo: Say, stop: threading.Event | None = None
) -> None:
    """Rebuild on every change under the watched folders until interrupted (or ``stop`` is set)."""
    import watchfiles

    announced = False
    for changes in watchfiles.watch(
        *watched(options.root),
        debounce=DEBOUNCE_MS,
        rust_timeout=500,
        yield_on_timeout=True,  # the first (empty) yield says the watch is in place
        stop_event=stop,
    ):
        if not announced:
            say(f"watching {', '.join(str(p) for p in watched(options.root))} for changes")
            announced = True
        if changes:
            say(f"changed: {_names(options.root, (path for _, path in changes))}")
            rebuild(options, state, say, detail, echo)


def _names(root: Path, paths: Iterable[str]) -> str:
    shown = sorted({os.path.relpath(p, os.path.abspath(root)) for p in paths})
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")


def start_server(out: Path, state: State, port: int) -> ThreadingHTTPServer:
    """Serve ``out`` on 127.0.0.1:``port`` (0: any free port) from a background thread."""
    handler = partial(PreviewHandler, directory=str(out), state=state)
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        raise ServeError(f"cannot listen on {HOST}:{port}: {exc.strerror} (choose another --port)") from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True).start()
    return server


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves out/ as built, adding the reload script (and any error banner) to HTML pages."""

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        self.state = state
        # A browser would download text/markdown; show it as text instead.
        self.extensions_map = {**self.extensions_map, ".md": "text/plain; charset=utf-8"}
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        route = self.path.split("?", 1)[0]
        if route == STATE_PATH:
            version, problems = self.state.snapshot()
            body = json.dumps({"version": version, "problems": problems})
            self._send(HTTPStatus.OK, "application/json", body)
            return
        target = Path(self.translate_path(route))
        if route == "/" and (target / "briefing.html").is_file():
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", "/briefing.html")
            self.end_headers()
            return
        if route == "/" or target.suffix == ".html":
            self._page(target)
            return
        super().do_GET()

    def _page(self, target: Path) -> None:
        version, problems = self.state.snapshot()
        if target.is_file():
            page = target.read_text(encoding="utf-8")
            self._send(HTTPStatus.OK, _HTML, decorate(page, version, problems))
        elif problems:
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, _HTML, error_page(version, problems))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, status: HTTPStatus, kind: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the build's messages


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

_BANNER = (
    '<div id="briefgen-problems" role="alert" style="position:sticky;top:0;z-index:1000;'
    "margin:0;padding:.8em 1em;background:#fdecea;color:#611a15;border-bottom:3px solid #b3261e;"
    'font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap">'
    "<strong>briefgen: the last change did not build; below is the last good build.</strong>\n"
    "{problems}</div>\n"
)

_HTML = "text/html; charset=utf-8"
_BODY = re.compile(r"<body[^>]*>", re.IGNORECASE)


def reload_script(version: int) -> str:
    """The script a served page runs to reload itself after the next build."""
    return _RELOAD.format(version=version, path=STATE_PATH)


def banner(problems: list[str]) -> str:
    """The problems of a broken build, shown above the last good page."""
    return _BANNER.format(problems="\n".join(html.escape(p) for p in problems))


def decorate(page: str, version: int, problems: list[str]) -> str:
    """A built page as served: the error banner (if any) at the top, the script at the end."""
    if problems:
        body = _BODY.search(page)
        at = body.end() if body else 0
        page = f"{page[:at]}\n{banner(problems)}{page[at:]}"
    end = page.lower().rfind("</body>")
    at = end if end >= 0 else len(page)
    return page[:at] + reload_script(version) + page[at:]


def error_page(version: int, problems: list[str]) -> str:
    """The page served when no good build exists yet."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>briefgen: build failed</title>'
        f"</head><body>\n{banner(problems)}{reload_script(version)}</body></html>\n"
    )


def serve(
    options: Options,
    port: int,
    say: Say,
    detail: Say,
    echo: Say,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve out/ on 127.0.0.1, and rebuild on every change until interrupted."""
    state = State()
    server = start_server(options.out, state, port)  # first, so a busy port fails at once
    try:
        rebuild(options, state, say, detail, echo)
        say(f"serving {options.out} at http://{HOST}:{server.server_address[1]}/ (Ctrl+C to stop)")
        watch_and_rebuild(options, state, say, detail, echo, stop)
    finally:
        server.shutdown()
        server.server_close()
