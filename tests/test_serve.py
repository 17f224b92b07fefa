"""briefgen serve, for real: a server on 127.0.0.1, a fact changed and then broken on disk."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefgen.editor.serve import STATE_PATH, decorate, error_page

from .conftest import Result, edit

Cli = Callable[..., Result]
DEADLINE = 30.0
"""Seconds any one expected event may take before the test fails."""

# Bypass any proxy the environment names: the server is on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Served:
    """A `briefgen serve` subprocess, with its output collected as it comes."""

    def __init__(self, root: Path, *options: str) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "serve", "--root", str(root), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
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
    assert served.state() == {"version": 1, "problems": []}
    status, page = served.get("/briefing.html")
    assert status == 200 and "An opinion blog claimed" in page
    assert "briefgen serve: reload" in page and "var seen = 1;" in page
    built = (mini / "out" / "briefing.html").read_text(encoding="utf-8")
    assert "briefgen serve" not in built and "<script" not in built  # only served pages get the script

    edit(mini / "facts" / "pier.yaml", "An opinion blog claimed", "An opinion blog said")
    assert served.at_version(2) == {"version": 2, "problems": []}
    status, page = served.get("/briefing.html")
    assert "An opinion blog said" in page and "var seen = 2;" in page
    assert "briefgen-problems" not in page

    edit(mini / "facts" / "pier.yaml", "    credibility: 4\n", "    credibility: 9\n")
    state = served.at_version(3)
    problem = f"{mini}/facts/pier.yaml:37:18: error: credibility: 9 is not one of 1, 2, 3, 4, 5 or 6"
    assert state["problems"] == [problem, "1 error, 0 warnings"]
    status, page = served.get("/briefing.html")
    assert status == 200
    assert page.index('<div id="briefgen-problems"') < page.index(
        "An opinion blog said"
    )  # banner over last good
    assert f"{problem}\n1 error, 0 warnings</div>" in page
    assert "An opinion blog said" in (mini / "out" / "briefing.html").read_text(encoding="utf-8")
    served.wait_for(lambda: "build refused; still serving the last good build" in "".join(served.err))
    assert problem + "\n" in served.out

    edit(mini / "facts" / "pier.yaml", "    credibility: 9\n", "    credibility: 5\n")
    assert served.at_version(4) == {"version": 4, "problems": []}
    assert "briefgen-problems" not in served.get("/briefing.html")[1]


def test_serve_redirects_the_root_and_shows_markdown_as_text(served: Served) -> None:
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect()).open(
            f"http://127.0.0.1:{served.port}/", timeout=10
        )
    assert (redirect.value.code, redirect.value.headers["Location"]) == (302, "/briefing.html")
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
        assert not (mini / "out").exists()
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
    page = '<!DOCTYPE html>\n<html><body class="x">\n<p>fact</p>\n</body>\n</html>\n'
    served = decorate(page, 7, ["facts/a.yaml:1:1: error: <bad>"])
    assert served.startswith('<!DOCTYPE html>\n<html><body class="x">\n<div id="briefgen-problems"')
    assert "facts/a.yaml:1:1: error: &lt;bad&gt;</div>\n\n<p>fact</p>\n<script>" in served
    assert served.endswith("</script>\n</body>\n</html>\n")
    assert decorate(page, 7, []) == page.replace(
        "</body>", served[served.index("<script>") : served.index("</body>")] + "</body>"
    )
    assert "var seen = 3;" in error_page(3, ["x"])
