"""Fast builds that are still right: parallel PDFs byte-identical to sequential ones, a rebuild
with nothing changed that writes nothing (and says what a full build would), a change that
rebuilds only the briefings showing it, and the fetcher's refusals kept in the workers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen._speed.pool import cores
from briefgen.cli import app
from briefgen.errors import CheckFailed, FetchRefused, PdfError
from briefgen.output.build import build
from briefgen.output.document import briefing
from briefgen.output.pdf import to_pdf
from briefgen.output.pdf_workers import PdfPool
from briefgen.output.render import render
from briefgen.output.views import BuildViews
from briefgen.project.load import load_corpus

from .conftest import REPO, edit, snapshot

needs_two_cores = pytest.mark.skipif(cores() < 2, reason="PDF workers start only with two cores or more")


@needs_two_cores
def test_parallel_pdfs_are_byte_identical_to_sequential_ones(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    laid_out: list[str] = []
    build(mini, out, formats=["html", "pdf"], progress=laid_out.append)
    assert sorted(m for m in laid_out if m.startswith("laying out")) == [
        "laying out briefing.pdf",
        "laying out themes/labour.pdf",
        "laying out themes/pier.pdf",
    ]
    corpus = load_corpus(mini).corpus
    for name, themes in (("briefing", None), ("themes/labour", ["labour"]), ("themes/pier", ["pier"])):
        view = briefing(BuildViews(corpus), themes, root="../" * name.count("/"))
        html = render(view, "html", REPO / "briefgen" / "templates", medium="print")
        assert (out / f"{name}.pdf").read_bytes() == to_pdf(
            html, REPO / "briefgen" / "templates", f"{name}.pdf"
        )


def test_rebuild_with_nothing_changed_writes_nothing(mini: Path) -> None:
    first = build(mini, formats=["md", "html"])
    assert len(first.written) == 14 and not first.up_to_date
    before = snapshot(mini / "out")
    again = build(mini, formats=["md", "html"])
    assert again.up_to_date and again.written == []
    assert snapshot(mini / "out") == before


def test_rebuild_after_a_change_of_nothing_that_matters_rewrites_nothing(mini: Path) -> None:
    build(mini, formats=["md", "html"])
    before = snapshot(mini / "out")
    edit(mini / "facts" / "labour.yaml", "facts:\n", "# a new comment\nfacts:\n")
    result = build(mini, formats=["md", "html"])
    assert not result.up_to_date and result.written == [] and len(result.unchanged) == 14
    assert snapshot(mini / "out") == before


def test_a_deleted_or_edited_output_is_made_again(mini: Path) -> None:
    build(mini, formats=["md", "html"])
    (mini / "out" / "briefing.md").unlink()
    (mini / "out" / "themes" / "pier.html").write_text("tampered", encoding="utf-8")
    result = build(mini, formats=["md", "html"])
    assert sorted(p.relative_to(mini / "out").as_posix() for p in result.written) == [
        "briefing.md",
        "themes/pier.html",
    ]


def test_changing_one_themes_facts_rebuilds_only_the_briefings_that_show_them(mini: Path) -> None:
    build(mini, formats=["md", "html", "pdf"])
    before = snapshot(mini / "out")
    edit(
        mini / "facts" / "pier.yaml", "stayed open to ferries all week.", "stayed open to ferries all month."
    )
    messages: list[str] = []
    result = build(mini, formats=["md", "html", "pdf"], progress=messages.append)
    assert sorted(m for m in messages if m.startswith("laying out")) == [
        "laying out briefing.pdf",
        "laying out themes/pier.pdf",
    ]
    rewritten = sorted(p.relative_to(mini / "out").as_posix() for p in result.written)
    # The source viewer of the seed the fact cites shows the fact too.
    assert rewritten == sorted(
        [f"{doc}.{fmt}" for doc in ("briefing", "themes/pier") for fmt in ("html", "md", "pdf")]
        + ["sources/blog.html"]
    )
    after = snapshot(mini / "out")
    assert {k: v for k, v in after.items() if "labour" in k} == {
        k: v for k, v in before.items() if "labour" in k
    }


def test_force_lays_everything_out_again(mini: Path) -> None:
    build(mini, formats=["pdf"])
    messages: list[str] = []
    result = build(mini, formats=["pdf"], progress=messages.append, force=True)
    assert len([m for m in messages if m.startswith("laying out")]) == 3
    assert result.written == []  # the same bytes again: nothing rewritten


def test_up_to_date_build_prints_what_the_full_command_prints(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        "      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n",
        "      status: draft\n",
    )
    runner = CliRunner()
    args = ["build", "--root", str(mini), "--format", "md,html"]
    assert runner.invoke(app, args).exit_code == 0
    full = runner.invoke(app, args)  # the typer path, up to date too
    assert full.exit_code == 0
    assert "is a draft" in full.stdout and "up to date" in full.stderr
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    again = subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True, text=True, env=env)
    assert (again.returncode, again.stdout, again.stderr) == (0, full.stdout, full.stderr)
    quiet = subprocess.run(
        [sys.executable, "-m", "briefgen", *args, "-q"], capture_output=True, text=True, env=env
    )
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, full.stdout, "")


def test_up_to_date_is_not_up_to_date_under_strict_with_warnings(mini: Path) -> None:
    edit(
        mini / "facts" / "labour.yaml",
        "      status: reviewed\n      by: Test Editor\n      on: 2021-03-04\n",
        "      status: draft\n",
    )
    build(mini, formats=["md"])
    before = snapshot(mini / "out")
    refused = CliRunner().invoke(app, ["build", "--root", str(mini), "--format", "md", "--strict"])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == "briefgen: nothing written: warnings are errors under --strict"
    with pytest.raises(CheckFailed):
        build(mini, formats=["md"], strict=True)
    assert snapshot(mini / "out") == before


@needs_two_cores
def test_pdf_workers_keep_the_fetcher_restrictions(mini: Path) -> None:
    shutil.copytree(REPO / "briefgen" / "templates", mini / "templates")
    css = mini / "templates" / "briefing.css"
    css.write_text(
        '@import url("../facts/sources.yaml");\n' + css.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (mini / "out").mkdir()
    with pytest.raises(FetchRefused, match="outside templates/"):
        build(mini, formats=["pdf"])
    assert not any((mini / "out").iterdir())


def test_a_template_edited_between_two_builds_in_one_process_is_used(mini: Path) -> None:
    # Templates are compiled once per process, and ``briefgen serve`` builds again and again in one.
    shutil.copytree(REPO / "briefgen" / "templates", mini / "templates")
    build(mini, formats=["md"])
    assert "Edited heading" not in (mini / "out" / "briefing.md").read_text(encoding="utf-8")
    template = mini / "templates" / "briefing.md.j2"
    before = template.stat()
    template.write_text("Edited heading\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
    # Even if the edit kept the modification time (a coarse clock, a tool restoring it).
    os.utime(template, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(mini, formats=["md"])
    assert (mini / "out" / "briefing.md").read_text(encoding="utf-8").startswith("Edited heading")


@needs_two_cores
def test_the_pool_lays_out_documents_handed_over_one_by_one(tmp_path: Path) -> None:
    pages = {f"doc{n}.pdf": f"<html><body><p>{'page ' * 20 * n}</p></body></html>" for n in range(1, 5)}
    messages: list[str] = []
    with PdfPool(REPO / "briefgen" / "templates", 2) as pool:
        for name, html in pages.items():
            pool.submit(name, html, messages.append)
        made = pool.results(messages.append)
        assert pool.results(messages.append) == {}  # each PDF is given once
    assert sorted(messages) == [f"laying out {name}" for name in sorted(pages)]
    assert made == {name: to_pdf(html, REPO / "briefgen" / "templates", name) for name, html in pages.items()}


def test_pdfs_laid_out_with_the_shared_fonts_are_those_fresh_fonts_give(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.text.fonts import FontConfiguration

    from briefgen.output import pdf

    corpus = load_corpus(mini).corpus
    pages = {
        name: render(
            briefing(BuildViews(corpus), themes, root=""),
            "html",
            REPO / "briefgen" / "templates",
            medium="print",
        )
        for name, themes in (("briefing", None), ("labour", ["labour"]), ("pier", ["pier"]))
    }
    shared = {name: to_pdf(html, REPO / "briefgen" / "templates", name) for name, html in pages.items()}
    assert len(pdf._FONTS) == 1
    monkeypatch.setattr(pdf, "_fonts", lambda html: FontConfiguration())
    assert shared == {
        name: to_pdf(html, REPO / "briefgen" / "templates", name) for name, html in reversed(pages.items())
    }


def test_a_document_declaring_its_own_fonts_gets_fonts_of_its_own() -> None:
    from briefgen.output.pdf import _fonts

    plain = "<html><body><p>x</p></body></html>"
    assert _fonts(plain) is _fonts(plain)
    declaring = "<style>@font-face { font-family: X; src: url(x.woff) }</style>"
    assert _fonts(declaring) is not _fonts(plain)
    assert _fonts(declaring) is not _fonts(declaring)


def _kill_workers(pool: PdfPool) -> None:
    """Kill every worker of the pool (concurrent.futures keeps them in its table of processes)."""
    for pid in list(pool.pool._processes):  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)


@needs_two_cores
def test_a_worker_that_dies_mid_layout_stops_the_build_with_a_message() -> None:
    with PdfPool(REPO / "briefgen" / "templates", 2) as pool:
        pool.started.result()  # the workers are up
        pool.submit("big.pdf", "<html><body>" + "<p>page</p>" * 20000 + "</body></html>", lambda _: None)
        time.sleep(0.5)  # it is being laid out
        _kill_workers(pool)
        with pytest.raises(PdfError, match=r"^big\.pdf: the worker laying it out stopped unexpectedly$"):
            pool.results(lambda _: None)


@needs_two_cores
def test_a_worker_that_died_while_free_stops_the_build_with_a_message() -> None:
    with PdfPool(REPO / "briefgen" / "templates", 2) as pool:
        pool.started.result()
        _kill_workers(pool)
        deadline = time.monotonic() + 30
        while not pool.pool._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)  # until the pool has seen them die
        with pytest.raises(PdfError, match=r"^a\.pdf: the worker given it had stopped unexpectedly$"):
            pool.submit("a.pdf", "<p>a</p>", lambda _: None)


@needs_two_cores
def test_an_interrupted_build_kills_the_workers_at_once() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), PdfPool(REPO / "briefgen" / "templates", 2) as pool:
        pool.started.result()
        pool.submit("big.pdf", "<html><body>" + "<p>page</p>" * 20000 + "</body></html>", lambda _: None)
        workers = list(pool.pool._processes)  # type: ignore[attr-defined]
        raise KeyboardInterrupt
    assert time.monotonic() - started < 20
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
