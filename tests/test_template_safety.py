"""A project's templates are data, not code (issue 14 item 14): Jinja is sandboxed, a template or
include that is a link leaving templates/ is refused, and a PDF never carries an attachment."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, Result, snapshot

Cli = Callable[..., Result]


@pytest.fixture
def project(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture project with its own copy of briefgen's templates, and out/ built once."""
    monkeypatch.chdir(mini)
    shutil.copytree(REPO / "briefgen" / "templates", mini / "templates")
    return mini


def with_markdown(root: Path, text: str) -> None:
    (root / "templates" / "briefing.md.j2").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "# {{ b.title }}\n{{ cycler.__init__.__globals__.os.system('touch pwned') }}\n",
            "templates/briefing.md.j2:2: error: template refused by the sandbox: "
            "access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "# {{ b.title }}\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
            "templates/briefing.md.j2:2: error: template refused by the sandbox: "
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        # What a template's own expressions raise is located, never an internal error (exit 70).
        (
            "# {{ b.title }}\n{{ '{0.__globals__}'.format_map({'0': cycler.__init__}) }}\n",
            "templates/briefing.md.j2:2: error: template failed: IndexError: tuple index out of range",
        ),
        (
            "# {{ b.title }}\n{{ range(100000000)|list|length }}\n",
            "templates/briefing.md.j2:2: error: template failed: OverflowError: Range too big. "
            "The sandbox blocks ranges larger than MAX_RANGE (100000).",
        ),
        (
            "{{ 1/0 }}\n",
            "templates/briefing.md.j2:1: error: template failed: ZeroDivisionError: division by zero",
        ),
        # Repetition and powers that would fill the memory or never finish are bounded.
        (
            "# {{ b.title }}\n{% set x = 'a' * 300000000 %}{{ x|length }}\n",
            "templates/briefing.md.j2:2: error: template refused by the sandbox: "
            "'*' would make 300,000,000 items; a template may make 1,000,000 at most",
        ),
        (
            "{{ (300000000 * [0])|length }}\n",
            "templates/briefing.md.j2:1: error: template refused by the sandbox: "
            "'*' would make 300,000,000 items; a template may make 1,000,000 at most",
        ),
        (
            "{{ 10 ** 100000000 }}\n",
            "templates/briefing.md.j2:1: error: template refused by the sandbox: "
            "a power of 100000000 is more than a template may compute",
        ),
    ],
)
def test_a_template_cannot_run_code(cli: Cli, project: Path, template: str, message: str) -> None:
    assert cli("build", "-q", "--format", "md").code == 0
    before = snapshot(project / "out")
    with_markdown(project, template)
    result = cli("build", "--format", "md")
    assert (result.code, result.err.splitlines()[-1]) == (1, message)
    assert not (project / "pwned").exists()
    assert snapshot(project / "out") == before


def test_an_include_linked_out_of_templates_is_refused(cli: Cli, project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the password\n", encoding="utf-8")
    (project / "templates" / "leak.txt").symlink_to(secret)
    with_markdown(project, "# {{ b.title }}\n{% include 'leak.txt' %}\n")
    result = cli("build", "--format", "md")
    assert (result.code, result.err.splitlines()[-1]) == (
        1,
        f"templates/leak.txt: error: the template is a link to {secret}, outside the templates folder",
    )
    assert not (project / "out").exists()


def test_a_template_linked_out_of_templates_is_refused(cli: Cli, project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "briefing.md.j2"
    outside.write_text("# {{ b.title }}\n", encoding="utf-8")
    (project / "templates" / "briefing.md.j2").unlink()
    (project / "templates" / "briefing.md.j2").symlink_to(outside)
    result = cli("build", "--format", "md")
    assert (result.code, result.err.splitlines()[-1]) == (
        1,
        f"templates/briefing.md.j2: error: the template is a link to {outside}, outside the templates folder",
    )


def test_a_link_inside_templates_is_fine(cli: Cli, project: Path) -> None:
    (project / "templates" / "part.j2").write_text("{{ b.title }} again\n", encoding="utf-8")
    (project / "templates" / "alias.j2").symlink_to("part.j2")
    with_markdown(project, "# {{ b.title }}\n{% include 'alias.j2' %}\n")
    assert cli("build", "-q", "--format", "md").code == 0
    assert (project / "out" / "briefing.md").read_text(encoding="utf-8").endswith(" again\n\n")


def test_an_included_fifo_is_refused(cli: Cli, project: Path) -> None:
    os.mkfifo(project / "templates" / "pipe.j2")
    with_markdown(project, "# {{ b.title }}\n{% include 'pipe.j2' %}\n")
    result = cli("build", "--format", "md")
    assert (result.code, result.err.splitlines()[-1]) == (
        1,
        "templates/pipe.j2: error: cannot read the template: not a regular file (a FIFO)",
    )


@pytest.mark.parametrize(
    "element",
    ['<link rel="attachment" href="briefing.css">', '<a rel="attachment" href="briefing.css">the css</a>'],
)
def test_a_pdf_attachment_fails_the_build(cli: Cli, project: Path, element: str) -> None:
    html = project / "templates" / "briefing.html.j2"
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("</body>", f"{element}</body>", 1), encoding="utf-8")
    result = cli("build", "--format", "pdf", "--theme", "pier")
    assert (result.code, result.err.splitlines()[-1]) == (
        1,
        "briefgen: error: themes/pier.pdf: the document asks to attach 1 file (rel=attachment); "
        "a PDF carries no attachments",
    )
    assert not (project / "out").exists()
