"""briefgen serve: rebuild on every change, serve out/ on this machine, reload the open page.

Like ``mkdocs serve``: a build, then a watch (watchfiles) on facts/, seeds/ and the templates;
each change rebuilds into out/ with the ordinary :func:`briefgen.output.build.build`, which
writes nothing when the check fails, so the last good build stays in out/ and stays served.
Into each HTML page it serves (never into the built files) it adds a script that polls
:data:`STATE_PATH` and reloads the page when a build finishes, and, while the latest build is
refused, a banner with its problems (see :mod:`briefgen.editor.preview`).

The files are drafts, so the server is careful about what it hands out and to whom:

- it listens on 127.0.0.1 unless told otherwise (``--host``), and warns when told otherwise;
- it answers only requests whose Host header names the address it listens on (or
  ``localhost``), so a page on another site cannot read it through DNS rebinding (421);
- it serves only regular files inside out/ once every link is resolved, and lists no folder;
- no file is read while a build renames its files into place, so a page never comes from
  half of one build and half of another;
- a client that hangs up is not worth a traceback: it is ignored.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import os
import socket
import stat
import sys
import threading
import urllib.parse
import webbrowser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import BriefgenError, CheckFailed, ServeError
from ..output.build import build
from ..project.layout import templates_dir
from .preview import STATE_PATH, Outcome, Shown, decorate, error_page, shown

HOST = "127.0.0.1"
"""The default address: only this machine can see the preview."""

DEBOUNCE_MS = 300
"""Changes within this time (an editor saving several files) make one rebuild."""

MAX_FILE = 512 * 1024 * 1024
"""The largest file served (out/ holds briefings, not archives)."""

TYPES = {
    ".md": "text/plain; charset=utf-8",  # a browser would download text/markdown
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

Say = Callable[[str], None]
__all__ = ["HOST", "STATE_PATH", "Options", "State", "serve"]


@dataclass
class State:
    """What the latest build left, and the lock that keeps readers off while files are renamed."""

    outcome: Outcome = field(default_factory=Outcome)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    writing: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, problems: list[Shown], errors: int = 0, warnings: int = 0) -> None:
        with self.lock:
            self.outcome = replace(
                self.outcome,
                version=self.outcome.version + 1,
                problems=problems,
                errors=errors,
                warnings=warnings,
                built=self.outcome.built or not problems,
            )

    def snapshot(self) -> Outcome:
        with self.lock:
            return replace(self.outcome, problems=list(self.outcome.problems))


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
        result = build(
            options.root,
            options.out,
            options.formats,
            (),
            options.strict,
            detail,
            detail=detail,
            writing=state.writing,
        )
    except CheckFailed as exc:
        problems = exc.report.sorted()
        for problem in problems:
            echo(str(problem))
        say(f"{exc.report.summary()}: build refused; {_still(options, state)}")
        state.record([shown(p) for p in problems], len(exc.report.errors), len(exc.report.warnings))
        return False
    except BriefgenError as exc:
        message = str(exc) if exc.located else f"error: {exc}"
        echo(message)
        say(f"build failed; {_still(options, state)}")
        state.record([Shown(message)], errors=1)
        return False
    for problem in result.report.sorted():
        echo(str(problem))
    say(f"built {len(result.written)} files into {options.out}")
    state.record([])
    return True


def _still(options: Options, state: State) -> str:
    """What the server goes on serving after a refused build, in words for the terminal."""
    if state.snapshot().built:
        return "still serving the last good build"
    if (options.out / "briefing.html").is_file():
        return "serving what out/ held when serve started (no build has succeeded since)"
    return "nothing to serve until a build succeeds"


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


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or 'localhost') is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    return host in ("", "0.0.0.0", "::")


@dataclass(frozen=True)
class Binding:
    """The address the server listens on, and the Host names it answers to."""

    host: str
    port: int

    @property
    def url(self) -> str:
        shown = "127.0.0.1" if _is_wildcard(self.host) else self.host
        return f"http://{f'[{shown}]' if ':' in shown else shown}:{self.port}/"

    def accepts(self, header: str | None) -> bool:
        """Whether a request with this Host header is meant for this server.

        A DNS-rebinding page reaches the server under its own domain name, which the browser
        sends as Host: only the bound address, ``localhost`` for a loopback address, and, on a
        wildcard address, IP literals and this machine's own names are accepted.
        """
        if not header:
            return False
        name, port = _split_host(header.strip().lower())
        if port != self.port:
            return False
        if name == self.host.lower():
            return True
        if is_loopback(self.host):
            return is_loopback(name)
        if _is_wildcard(self.host):
            return _is_ip(name) or name in (
                "localhost",
                socket.gethostname().lower(),
                socket.getfqdn().lower(),
            )
        return False


def _split_host(header: str) -> tuple[str, int | None]:
    """'name:port' or '[v6]:port' -> (name, port); no port means HTTP's 80; a bad one None."""
    if header.startswith("["):
        name, _, rest = header[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = header.rpartition(":") if ":" in header else (header, "", "")
    if not port:
        return name, 80
    return (name, int(port)) if port.isdigit() and len(port) <= 5 else (name, None)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server: one thread per request, a client that hangs up ignored, any other
    failure of a request said in one line."""

    daemon_threads = True
    say: Say
    binding: Binding

    def handle_error(self, request: Any, client_address: Any) -> None:
        failure = sys.exc_info()[1]
        if isinstance(failure, ConnectionError | TimeoutError):
            return  # the browser went away (closed a tab, reloaded): nothing to report
        self.say(f"serve: a request failed: {type(failure).__name__}: {failure}")


class PreviewServer6(PreviewServer):
    """The server on an IPv6 address (``--host ::1``)."""

    address_family = socket.AF_INET6


def start_server(
    out: Path, state: State, port: int, host: str = HOST, say: Say = lambda _: None
) -> PreviewServer:
    """Serve ``out`` on ``host``:``port`` (0: any free port) from a background thread."""
    server_class = PreviewServer6 if ":" in host else PreviewServer
    handler = partial(PreviewHandler, out=out, state=state)
    try:
        server = server_class((host, port), handler)
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ServeError(f"cannot listen on {host}:{port}: {reason} (choose another --port)") from None
    server.say = say
    server.binding = Binding(host, int(server.server_address[1]))
    threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True).start()
    return server


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the regular files of out/ as built, adding the reload script (and any banner) to
    HTML pages; GET and HEAD only."""

    server_version = "briefgen-serve"

    def __init__(self, *args: Any, out: Path, state: State, **kwargs: Any) -> None:
        self.out, self.state = out, state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def _misdirected(self, binding: Binding) -> HTTPStatus | None:
        """Why a request is not this server's to answer, or None. Exactly one Host header and an
        origin-form target ("/path"): with two Host headers or an absolute URL as the target,
        a proxy or the browser could go by a name other than the one checked."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or not self.path.startswith("/"):
            return HTTPStatus.BAD_REQUEST
        return None if binding.accepts(hosts[0]) else HTTPStatus.MISDIRECTED_REQUEST

    def _respond(self, with_body: bool) -> None:
        assert isinstance(self.server, PreviewServer)
        binding = self.server.binding
        status = self._misdirected(binding)
        if status is not None:
            self._send(
                status,
                "text/plain; charset=utf-8",
                b"briefgen serve: not a Host this server answers to\n",
                with_body,
            )
            return
        route = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        outcome = self.state.snapshot()
        if route == STATE_PATH:
            import json

            self._send(HTTPStatus.OK, "application/json", json.dumps(outcome.as_json()).encode(), with_body)
            return
        if route == "/":
            self._redirect()
            return
        data = read_inside(self.out, route, self.state.writing)
        kind = TYPES.get(Path(route).suffix.lower()) or _guess(route)
        if data is not None and kind.startswith("text/html"):
            page = decorate(data.decode("utf-8", errors="replace"), outcome)
            self._send(HTTPStatus.OK, kind, page.encode("utf-8"), with_body)
        elif data is not None:
            self._send(HTTPStatus.OK, kind, data, with_body)
        elif route.endswith(".html") and outcome.problems:
            self._send(
                HTTPStatus.SERVICE_UNAVAILABLE, TYPES[".html"], error_page(outcome).encode(), with_body
            )
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", with_body)

    def _redirect(self) -> None:
        first = "index.html" if (self.out / "index.html").is_file() else "briefing.html"
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", f"/{first}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, kind: str, data: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for the build's messages


def _guess(route: str) -> str:
    kind = mimetypes.guess_type(route)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def read_inside(out: Path, route: str, writing: threading.Lock) -> bytes | None:
    """The bytes of the regular file ``route`` names inside ``out``, once every link is
    resolved; None for anything else (outside out/, a folder, a device, a FIFO, missing)."""
    parts = [p for p in route.split("/") if p]
    if not parts or any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
        return None
    with writing:  # never half-way through a build's renames
        try:
            home = out.resolve(strict=True)
            real = out.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(home) or real == home:
            return None
        return _read_regular(real)


def _read_regular(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE:
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_FILE + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def host_warning(host: str) -> str | None:
    """What to say before serving drafts to more than this machine."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host or '0.0.0.0'}: anyone who can reach this machine there can "
        "read the drafts in out/ (the default, 127.0.0.1, is this machine only)"
    )


def serve(
    options: Options,
    port: int,
    say: Say,
    detail: Say,
    echo: Say,
    stop: threading.Event | None = None,
    *,
    host: str = HOST,
    open_browser: bool = False,
) -> None:
    """Build, serve out/ on ``host``:``port``, and rebuild on every change until interrupted."""
    warning = host_warning(host)
    if warning:
        say(warning)
    state = State()
    server = start_server(options.out, state, port, host, say)  # first, so a busy port fails at once
    try:
        rebuild(options, state, say, detail, echo)
        url = server.binding.url
        say(f"serving {options.out} at {url} (Ctrl+C to stop)")
        if open_browser:
            webbrowser.open(url)
        watch_and_rebuild(options, state, say, detail, echo, stop)
    finally:
        server.shutdown()
        server.server_close()
