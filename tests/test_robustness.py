"""Loading never raises anything but briefgen's own errors; builds are reproducible and atomic."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.check.rules import check
from briefgen.output.build import build
from briefgen.project.load import load_corpus

from .conftest import FIXTURES, REPO, snapshot

GOOD = (FIXTURES / "mini" / "facts" / "labour.yaml").read_bytes()
YAML_BITS = [
    b"\n",
    b" ",
    b"  ",
    b"- ",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"!!str ",
    b"!x ",
    b"'",
    b'"',
    b"#",
    b"|",
    b">",
    b"---\n",
    b"...\n",
    b"\t",
    b"%YAML 1.1\n",
    b"\xff",
    b"\xef\xbb\xbf",
    b"<<: ",
    b"? ",
    b"\\",
    b"\x00",
    b"2019-02-30",
    b"no",
    b"~",
    b"1e3",
    b"0x1F",
    b".inf",
]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[at:at] = draw(st.sampled_from(YAML_BITS) | st.binary(max_size=4))
        else:
            del data[at : at + draw(st.integers(1, 20))]
    return bytes(data)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


@given(mangled())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_loading_mangled_yaml_only_reports_problems(project: Path, data: bytes) -> None:
    (project / "facts" / "labour.yaml").write_bytes(data)
    report = check(load_corpus(project))  # must not raise
    for problem in report.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(REPO, first, themes=["al-tanf"])
    build(REPO, second, themes=["al-tanf"])
    assert snapshot_bytes(first) == snapshot_bytes(second)
    assert {"themes/al-tanf.md", "themes/al-tanf.html", "themes/al-tanf.pdf"} <= set(snapshot_bytes(first))


def test_source_date_epoch_dates_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(FIXTURES / "mini", tmp_path, formats=["pdf"], themes=["labour"])
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed")
    expanded = subprocess.run(
        [qpdf, "--qdf", "--object-streams=disable", str(tmp_path / "themes" / "labour.pdf"), "-"],
        capture_output=True,
        check=True,
    ).stdout
    assert b"/CreationDate (D:20231114221320Z)" in expanded


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_no_partial_file(tmp_path: Path, signum: int) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "facts", root / "facts")
    shutil.copytree(REPO / "seeds", root / "seeds")
    out = root / "out"
    out.mkdir()
    (out / "briefing.md").write_text("the previous build\n", encoding="utf-8")
    before = snapshot(out)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "--root", str(root)], stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:  # wait until the PDFs are being laid out, then interrupt
        if "laying out" in line:
            break
    time.sleep(0.2)
    process.send_signal(signum)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert "interrupted; no partial file left behind" in rest
    assert "Traceback" not in rest
    assert snapshot(out) == before
