"""briefgen serve, for real: a server on 127.0.0.1, a fact changed and then broken on disk."""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.editor.preview import Outcome, Shown, decorate, error_page
from briefgen.editor.serve import STATE_PATH, Binding, host_warning, read_inside

from .conftest import Result, edit

Cli = Callable[..., Result]
DEADLINE = 30.0
"""Seconds any one expected event may take before the test fails."""

# Bypass any proxy the environment names: the server is on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Served:
    """A `briefgen serve` subprocess, with its output collected as it comes."""

    def __init__(self, root: Path, *options: str, env: dict[str, str] | None = None) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "--root", str(root), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()
        served = self.wait_for(lambda: re.search(r"at http://127\.0\.0\.1:(\d+)/", "".join(self.err)))
        self.port = int(served.group(1))
        self.wait_for(lambda: "watching" in "".join(self.err))

    @staticmethod
    def _collect(stream: object, lines: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.append(line)

    def wait_for(self, condition: Callable[[], object]) -> object:
        """Poll ``condition`` until it is truthy; fail after :data:`DEADLINE` seconds."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            value = condition()
            if value:
                return value
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}: {''.join(self.err)}")
            time.sleep(0.1)
        pytest.fail(f"timed out; stderr so far:\n{''.join(self.err)}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with OPENER.open(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def state(self) -> dict[str, object]:
        return json.loads(self.get(STATE_PATH)[1])  # type: ignore[no-any-return]

    def at_version(self, version: int) -> dict[str, object]:
        return self.wait_for(lambda: (s := self.state())["version"] == version and s)  # type: ignore[return-value]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def served(mini: Path) -> Iterator[Served]:
    server = Served(mini)
    yield server
    server.stop()


def test_serve_rebuilds_on_change_and_keeps_the_last_good_build(served: Served, mini: Path) -> None:
    assert served.state() == {"version": 1, "problems": [], "errors": 0, "warnings": 0}
    status, page = served.get("/briefing.html")
    assert status == 200 and "An opinion blog claimed" in page
    assert "briefgen serve: reload" in page and "var seen = 1;" in page
    built = (mini / "out" / "briefing.html").read_text(encoding="utf-8")
    assert "briefgen serve" not in built and "<script" not in built  # only served pages get the script

    edit(mini / "facts" / "pier.yaml", "An opinion blog claimed", "An opinion blog said")
    assert served.at_version(2) == {"version": 2, "problems": [], "errors": 0, "warnings": 0}
    status, page = served.get("/briefing.html")
    assert "An opinion blog said" in page and "var seen = 2;" in page
    assert "briefgen-problems" not in page

    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 9\n")
    state = served.at_version(3)
    problem = f"{mini}/facts/pier.yaml:40:18: error: credibility: 9 is not one of 1, 2, 3, 4, 5 or 6"
    assert state == {"version": 3, "problems": [problem], "errors": 1, "warnings": 0}
    status, page = served.get("/briefing.html")
    assert status == 200
    assert page.index('<details id="briefgen-problems"') < page.index(
        "An opinion blog said"
    )  # banner over last good
    assert (
        "briefgen: the last change did not build (1 error, 0 warnings).</strong> Below is the last good build."
        in page
    )
    where = f"{mini}/facts/pier.yaml:40:18"
    assert (
        f'<li><a href="#fact-pier-open-claim">{where}</a>: error: credibility: 9 is not one of 1, 2, 3, 4, 5 or 6</li>'
        in page
    )
    assert 'id="fact-pier-open-claim"' in page
    assert "max-height:40vh;overflow:auto" in page
    assert "An opinion blog said" in (mini / "out" / "briefing.html").read_text(encoding="utf-8")
    served.wait_for(lambda: "build refused; still serving the last good build" in "".join(served.err))
    assert problem + "\n" in served.out

    edit(mini / "facts" / "pier.yaml", "    credibility: 9\n", "    credibility: 5\n")
    assert served.at_version(4) == {"version": 4, "problems": [], "errors": 0, "warnings": 0}
    assert "briefgen-problems" not in served.get("/briefing.html")[1]


def test_serve_redirects_the_root_and_shows_markdown_as_text(served: Served) -> None:
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect()).open(
            f"http://127.0.0.1:{served.port}/", timeout=10
        )
    assert (redirect.value.code, redirect.value.headers["Location"]) == (302, "/index.html")
    with OPENER.open(f"http://127.0.0.1:{served.port}/themes/pier.md", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert response.read().decode("utf-8").startswith("# The north pier")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_a_project_broken_from_the_start_serves_its_problems(mini: Path) -> None:
    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 9\n")
    server = Served(mini)
    try:
        status, page = server.get("/briefing.html")
        assert status == 503 and "credibility: 9 is not one of" in page and "var seen = 1;" in page
        assert "No build has succeeded yet, so there is nothing to show" in page
        assert "last good build" not in page
        assert not (mini / "out").exists()
        server.wait_for(
            lambda: "build refused; nothing to serve until a build succeeds" in "".join(server.err)
        )
        edit(mini / "facts" / "pier.yaml", "    credibility: 9\n", "    credibility: 4\n")
        server.at_version(2)
        assert server.get("/briefing.html")[0] == 200
    finally:
        server.stop()


def test_a_busy_port_is_a_clear_error(cli: Cli, mini: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--root", mini, "--port", port)
    assert result.code == 1
    assert re.fullmatch(
        rf"briefgen: error: cannot listen on 127\.0\.0\.1:{port}: .+ \(choose another --port\)\n", result.err
    )
    assert not (mini / "out").exists()


def test_decorate_puts_the_banner_first_and_the_script_last() -> None:
    page = '<!DOCTYPE html>\n<html><body class="x">\n<p id="fact-a">fact</p>\n</body>\n</html>\n'
    outcome = Outcome(7, [Shown("facts/a.yaml:1:1: error: <bad>", "error", "a")], errors=1, built=True)
    served = decorate(page, outcome)
    assert served.startswith('<!DOCTYPE html>\n<html><body class="x">\n<style>')
    assert (
        '<li><a href="#fact-a">facts/a.yaml:1:1</a>: error: &lt;bad&gt;</li>\n</ul></details>\n\n<p id="fact-a">'
        in served
    )
    assert served.endswith("</script>\n</body>\n</html>\n")
    clean = Outcome(7)
    assert decorate(page, clean) == page.replace(
        "</body>", served[served.index("<script>") : served.index("</body>")] + "</body>"
    )
    assert "var seen = 3;" in error_page(Outcome(3, [Shown("x")], errors=1))
    elsewhere = decorate("<body></body>", outcome)
    assert '<a href="/briefing.html#fact-a">' in elsewhere


def raw(port: int, request: bytes) -> bytes:
    """Send a raw HTTP request to the server and return the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_only_requests_for_the_bound_host_are_answered(served: Served) -> None:
    port = served.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert raw(port, f"GET /briefing.html HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()).startswith(
            b"HTTP/1.0 200"
        )
    for path in ("/briefing.html", STATE_PATH, "/themes/pier.md"):
        for host in (
            f"evil.example:{port}",
            "evil.example",
            f"127.0.0.1:{port + 1}",
            f"127.0.0.1.evil.example:{port}",
        ):
            answer = raw(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert answer.startswith(b"HTTP/1.0 421 "), (path, host, answer[:80])
            assert b"opinion blog" not in answer and b"version" not in answer
        no_host = raw(port, f"GET {path} HTTP/1.0\r\n\r\n".encode())
        assert no_host.startswith(b"HTTP/1.0 400 ")
        # Two Host headers (the good one first) or an absolute URL as the target: refused too.
        for request in (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n",
            f"GET http://evil.example{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n",
        ):
            answer = raw(port, request.encode())
            assert answer.startswith(b"HTTP/1.0 400 "), (request, answer[:80])
            assert b"opinion blog" not in answer and b"version" not in answer


def test_the_host_rules() -> None:
    loopback = Binding("127.0.0.1", 8000)
    assert loopback.accepts("127.0.0.1:8000") and loopback.accepts("LOCALHOST:8000")
    assert not loopback.accepts("127.0.0.1") and not loopback.accepts("evil.example:8000")
    assert not loopback.accepts("127.0.0.1:8000:8000") and not loopback.accepts(None)
    assert Binding("127.0.0.1", 80).accepts("localhost")
    six = Binding("::1", 8000)
    assert six.accepts("[::1]:8000") and six.accepts("localhost:8000") and not six.accepts("[::2]:8000")
    anywhere = Binding("0.0.0.0", 8000)
    assert anywhere.accepts("192.0.2.7:8000") and anywhere.accepts("[2001:db8::1]:8000")
    assert not anywhere.accepts("rebound.example:8000")
    assert Binding("preview.lan", 8000).accepts("preview.lan:8000")
    assert not Binding("preview.lan", 8000).accepts("localhost:8000")
    assert host_warning("127.0.0.1") is None and host_warning("::1") is None
    assert host_warning("0.0.0.0") == (
        "warning: serving on 0.0.0.0: anyone who can reach this machine there can read the drafts "
        "in out/ (the default, 127.0.0.1, is this machine only)"
    )


def test_only_regular_files_inside_out_are_served(served: Served, mini: Path, tmp_path: Path) -> None:
    out = mini / "out"
    secret = tmp_path / "secret.html"
    secret.write_text("<p>secret</p>")
    (out / "leak.html").symlink_to(secret)
    (out / "root").symlink_to("/")
    (out / "up").symlink_to(tmp_path)
    (out / "inside.md").symlink_to(out / "themes" / "pier.md")
    os.mkfifo(out / "pipe.html")
    for path in (
        "/leak.html",
        "/root/etc/passwd",
        "/up/secret.html",
        "/themes/",
        "/themes",
        "/sources/",
        "/pipe.html",
        "/%2e%2e/secret.html",
        "/..%2fsecret.html",
        "/root/",
        "/missing.png",
    ):
        try:
            status, body = served.get(path)
        except Exception:
            pytest.fail(f"{path}: {''.join(served.err)}")
        assert status == 404, path
        assert "secret" not in body and "root:" not in body
    assert served.get("/inside.md")[1].startswith("# The north pier")


def test_a_client_that_hangs_up_leaves_no_traceback(served: Served, mini: Path) -> None:
    (mini / "out" / "big.svg").write_bytes(b"<svg/>" + b" " * 32_000_000)
    for _ in range(3):
        conn = socket.create_connection(("127.0.0.1", served.port), timeout=10)
        conn.sendall(f"GET /big.svg HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        conn.recv(1024)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
        conn.close()
    assert served.get("/briefing.html")[0] == 200
    time.sleep(1)
    assert "Traceback" not in "".join(served.err) and "Error" not in "".join(served.err)


def test_no_file_is_read_while_a_build_renames_files_into_place(mini: Path) -> None:
    (mini / "out").mkdir()
    (mini / "out" / "a.html").write_text("<p>a</p>")
    writing = threading.Lock()
    got: list[bytes | None] = []
    with writing:
        reader = threading.Thread(target=lambda: got.append(read_inside(mini / "out", "/a.html", writing)))
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and got == []
    reader.join(5)
    assert got == [b"<p>a</p>"]


def test_open_starts_the_browser_on_the_served_address(mini: Path, tmp_path: Path) -> None:
    seen = tmp_path / "opened"
    script = tmp_path / "browser.py"
    script.write_text(
        f"#!{sys.executable}\nimport sys, pathlib; pathlib.Path({str(seen)!r}).write_text(sys.argv[1])\n"
    )
    script.chmod(0o755)
    env = {**os.environ, "BROWSER": str(script)}
    server = Served(mini, "--open", env=env)
    try:
        server.wait_for(seen.exists)
        assert seen.read_text() == f"http://127.0.0.1:{server.port}/"
    finally:
        server.stop()
