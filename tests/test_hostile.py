"""The hostile corpus: each case is a small file or edit of the fixture project.

For every case the exact output and exit status are asserted, and an out/ built before the
hostile edit must be left exactly as it was (bytes and modification times).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefgen.project import yamlfile

from .conftest import REPO, Result, edit, snapshot

Cli = Callable[..., Result]
LABOUR = "facts/labour.yaml"
PIER = "facts/pier.yaml"
GOOD_FACT = (REPO / "tests" / "fixtures" / "mini" / "facts" / "labour.yaml").read_text(encoding="utf-8")


@dataclass
class Case:
    """A hostile input: files to write or edits to make, and what briefgen must answer."""

    name: str
    expected: list[str]
    write: dict[str, bytes] = field(default_factory=dict)
    edits: list[tuple[str, str, str]] = field(default_factory=list)
    code: int = 1
    err: str = "briefgen: nothing written: the check failed"
    setup: Callable[[Path], None] | None = None


def fact_file(body: str) -> bytes:
    return f"facts:\n  - id: union-disputes\n{body}".encode()


BILLION_LAUGHS = b"""facts:
  - id: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    statement: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    themes: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    citations: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    attribution: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    when: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    review: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


def symlink_seed_out(root: Path) -> None:
    (root / "seeds" / "stolen.txt").symlink_to("/etc/hostname")


def own_templates(root: Path, markdown: str = "", remove: str = "") -> None:
    """Give the project its own templates, the Markdown one replaced by ``markdown``."""
    shutil.copytree(REPO / "briefgen" / "templates", root / "templates")
    if remove:
        (root / "templates" / remove).unlink()
    if markdown:
        (root / "templates" / "briefing.md.j2").write_text(markdown, encoding="utf-8")


def directory_as_fact_file(root: Path) -> None:
    (root / "facts" / "labour.yaml").unlink()
    (root / "facts" / "labour.yaml").mkdir()


CASES = [
    Case(
        "billion laughs (aliases)",
        [f"{LABOUR}:3:16: error: aliases (*name) are not allowed in briefgen files"],
        write={LABOUR: BILLION_LAUGHS},
    ),
    Case(
        "deep flow nesting",
        [f"{LABOUR}:1:1: error: nesting deeper than 40 levels"],
        write={LABOUR: b"facts: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"},
    ),
    Case(
        "deep block nesting",
        [f"{LABOUR}:1:1: error: nesting deeper than 40 levels"],
        write={LABOUR: b"facts:\n" + b"".join(b"  " * i + b"- \n" for i in range(200))},
    ),
    Case(
        "duplicate key",
        [
            f"{LABOUR}:17:5: error: duplicate key 'credibility' (first at line 16); YAML would silently keep only the last one"
        ],
        edits=[(LABOUR, "    credibility: 3\n", "    credibility: 3\n    credibility: 1\n")],
    ),
    Case(
        "impossible date",
        [f"{LABOUR}:14:13: error: when.date: '2019-02-30' is not a day of the calendar"],
        edits=[(LABOUR, "      date: 2021-03\n", "      date: 2019-02-30\n")],
    ),
    Case(
        "impossible review date",
        [
            f"{LABOUR}:20:11: error: review.on: '2019-02-30' is not a valid date YYYY-MM-DD (day value is outside expected range)"
        ],
        edits=[(LABOUR, "      on: 2021-03-04\n", "      on: 2019-02-30\n")],
    ),
    Case(
        "YAML 1.1 no as a name",
        [
            f"{LABOUR}:10:11: error: attribution.by: expected a string, got the boolean false (YAML 1.1 reads unquoted false/n/no/off/on/true/y/yes as booleans: put the text in quotes)"
        ],
        edits=[(LABOUR, "      by: fishermen's union leaders\n", "      by: no\n")],
    ),
    Case(
        "YAML 1.1 on as a theme",
        [
            f"{LABOUR}:5:22: error: themes[1]: expected a string, got the boolean true (YAML 1.1 reads unquoted false/n/no/off/on/true/y/yes as booleans: put the text in quotes)"
        ],
        edits=[(LABOUR, "themes: [labour, pier]", "themes: [labour, on]")],
    ),
    Case(
        "number where text is expected",
        [f"{LABOUR}:10:11: error: attribution.by: expected a string, got 1.5 (put the text in quotes)"],
        edits=[(LABOUR, "      by: fishermen's union leaders\n", "      by: 1.5\n")],
    ),
    Case(
        "byte-order mark",
        [f"{LABOUR}:1:1: error: the file starts with a byte-order mark; save it as UTF-8 without BOM"],
        write={LABOUR: b"\xef\xbb\xbf" + GOOD_FACT.encode()},
    ),
    Case(
        "tab indentation",
        [f"{LABOUR}:4:1: error: a tab in the indentation: YAML indents with spaces only"],
        write={LABOUR: GOOD_FACT.replace("    statement:", "\tstatement:").encode()},
    ),
    Case(
        "Latin-1 bytes in a fact file",
        [f"{LABOUR}:10:12: error: not UTF-8: byte 0xe9 cannot be decoded"],
        write={LABOUR: GOOD_FACT.encode().replace(b"by: fishermen's", b"by: f\xe9shermen's")},
    ),
    Case(
        "unclosed quote",
        [f"{LABOUR}:4:18: error: YAML syntax error: did not find expected key"],
        edits=[(LABOUR, '    statement: "Fishermen', '    statement: """Fishermen')],
    ),
    Case(
        "empty fact file",
        [f"{LABOUR}:1:1: error: the file is empty"],
        write={LABOUR: b""},
    ),
    Case(
        "top level is a list",
        [f"{LABOUR}:1:1: error: the file must be a mapping with a 'facts' list, not a list"],
        write={LABOUR: b"- id: x\n"},
    ),
    Case(
        "unknown top-level key",
        [f"{LABOUR}:23:1: error: unknown field 'fact' (did you mean 'facts'?)"],
        write={LABOUR: GOOD_FACT.encode() + b"fact: []\n"},
    ),
    Case(
        "misspelt field",
        [
            f"{LABOUR}:3:5: error: missing required field 'credibility'",
            f"{LABOUR}:16:5: error: unknown field 'credibilty' (did you mean 'credibility'?)",
        ],
        edits=[(LABOUR, "    credibility: 3\n", "    credibilty: 3\n")],
    ),
    Case(
        "credibility out of scale",
        [f"{LABOUR}:16:18: error: credibility: inf is not one of 1, 2, 3, 4, 5 or 6"],
        edits=[(LABOUR, "    credibility: 3\n", "    credibility: .inf\n")],
    ),
    Case(
        "python object tag",
        [
            f"{LABOUR}:4:16: error: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system",
            f"{LABOUR}:5:5: error: unknown field 'x' (expected one of: id, statement, themes, citations, attribution, when, credibility, review, relations)",
        ],
        edits=[
            (
                LABOUR,
                '    statement: "Fishermen',
                '    statement: !!python/object/apply:os.system ["true"]\n    x: "Fishermen',
            )
        ],
    ),
    Case(
        "merge key",
        [f"{LABOUR}:17:5: error: merge keys (<<) are not allowed in briefgen files"],
        edits=[(LABOUR, "    credibility: 3\n", "    credibility: 3\n    <<: {}\n")],
    ),
    Case(
        "non-string key",
        [f"{LABOUR}:17:5: error: a key must be a plain string"],
        edits=[(LABOUR, "    credibility: 3\n", "    credibility: 3\n    7: seven\n")],
    ),
    Case(
        "fact id that is a path",
        [
            f"{LABOUR}:3:9: error: id: string should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
            "facts/themes.yaml:37:20: error: key judgment 1 rests on unknown fact 'union-disputes'",
            "facts/themes.yaml:43:29: error: bottom line item 1 rests on unknown fact 'union-disputes'",
        ],
        edits=[(LABOUR, "  - id: union-disputes\n", "  - id: ../../etc/passwd\n")],
    ),
    Case(
        "seed climbing out of seeds/",
        [
            f"{LABOUR}:7:15: error: seed '../../../etc/passwd' must be a bare file name inside seeds/ (no folder, no '..')"
        ],
        edits=[(LABOUR, "- seed: gazette.txt", "- seed: ../../../etc/passwd")],
    ),
    Case(
        "absolute seed path",
        [
            f"{LABOUR}:7:15: error: seed '/etc/hostname' must be a bare file name inside seeds/ (no folder, no '..')"
        ],
        edits=[(LABOUR, "- seed: gazette.txt", "- seed: /etc/hostname")],
    ),
    Case(
        "seed name with a NUL byte",
        [
            f"{LABOUR}:7:15: error: seed 'gazette.txt\\x00' must be a bare file name inside seeds/ (no folder, no '..')"
        ],
        edits=[(LABOUR, "- seed: gazette.txt", '- seed: "gazette.txt\\0"')],
    ),
    Case(
        "hidden seed name",
        [f"{LABOUR}:7:15: error: seed '.git' must not be a hidden file"],
        edits=[(LABOUR, "- seed: gazette.txt", "- seed: .git")],
    ),
    Case(
        "unknown seed",
        [f"{LABOUR}:7:15: error: unknown seed 'gazette.md': no such file in seeds/"],
        edits=[(LABOUR, "- seed: gazette.txt", "- seed: gazette.md")],
    ),
    Case(
        "passage not in its seed",
        [
            f'{LABOUR}:8:18: error: passage not found in gazette.txt; closest at line 5, first differing at character 40: the passage has "s disputed the plan - they cal" where the seed has "s disputed the closure - they "'
        ],
        edits=[(LABOUR, "disputed the closure - they", "disputed the plan - they")],
    ),
    Case(
        "seed with Latin-1 bytes",
        ["seeds/gazette.txt:3:35: error: not UTF-8: byte 0xe9 cannot be decoded"],
        setup=lambda root: (root / "seeds" / "gazette.txt").write_bytes(
            (root / "seeds" / "gazette.txt").read_bytes().replace(b"said on Monday", b"said on Mond\xe9y")
        ),
    ),
    Case(
        "empty seed",
        ["seeds/blog.txt:1:1: error: the seed is empty"],
        write={"seeds/blog.txt": b"\n\n"},
    ),
    Case(
        "seed symlinked out of seeds/",
        [
            "seeds/stolen.txt:1:1: error: the seed is a link to /etc/hostname, outside seeds/; seeds must be files in seeds/"
        ],
        setup=symlink_seed_out,
    ),
    Case(
        "seed edited after review",
        [
            "facts/sources.yaml:18:13: error: seed 'blog.txt' has changed: its sha256 is a22071da4e9d…, the pin is ba4393b2ba3e…; cited by 1 fact: pier-open-claim; if the change is a correction, re-pin it: briefgen pin blog.txt (a review it voids is reported at its fact)"
        ],
        edits=[("seeds/blog.txt", "all week", "all  week")],
    ),
    Case(
        "duplicate fact id",
        [
            f"{PIER}:3:9: error: duplicate fact id 'union-disputes' (first in facts/labour.yaml at line 3)",
            f"{PIER}:24:15: error: 'union-disputes' contradicts 'pier-open-claim', but 'pier-open-claim' does not record it back (contradicts is symmetric: add it to both facts)",
            f"{PIER}:49:15: error: contradicts unknown fact 'pier-closed'",
            "facts/themes.yaml:14:20: error: key judgment 1 rests on unknown fact 'pier-closed'",
            "facts/themes.yaml:22:19: error: disputed point 1 ('Whether the north pier is open') names unknown fact 'pier-closed'",
            "facts/themes.yaml:43:16: error: bottom line item 1 rests on unknown fact 'pier-closed'",
        ],
        edits=[(PIER, "  - id: pier-closed\n", "  - id: union-disputes\n")],
    ),
    Case(
        "fact relating to itself",
        [
            f"{PIER}:24:15: error: fact 'pier-closed' contradicts itself",
            f"{PIER}:49:15: error: 'pier-open-claim' contradicts 'pier-closed', but 'pier-closed' does not record it back (contradicts is symmetric: add it to both facts)",
        ],
        edits=[(PIER, "        fact: pier-open-claim\n", "        fact: pier-closed\n")],
    ),
    Case(
        "fact file that is no theme",
        [
            "facts/secrets.yaml:1:1: error: unknown theme 'secrets': the file name must be a theme id of themes.yaml (labour, pier)"
        ],
        write={"facts/secrets.yaml": b"facts: []\n"},
    ),
    Case(
        "directory where a fact file should be",
        [f"{LABOUR}:1:1: error: cannot read the file: Is a directory"],
        setup=directory_as_fact_file,
    ),
    Case(
        "terminal escape sequence in a key",
        [
            f"{LABOUR}:17:5: error: unknown field '\\x1b[2J' (expected one of: id, statement, themes, citations, attribution, when, credibility, review, relations)"
        ],
        edits=[(LABOUR, "    credibility: 3\n", '    credibility: 3\n    "\\e[2J": x\n')],
    ),
]


CASES += [
    Case(
        "missing template",
        [],
        setup=lambda root: own_templates(root, remove="briefing.md.j2"),
        err="templates/briefing.md.j2: error: template not found",
    ),
    Case(
        "broken template",
        [],
        setup=lambda root: own_templates(root, "# {{ b.title }}\n\n{% for t in b.themes %}{% if %}\n"),
        err="templates/briefing.md.j2:3: error: template syntax: Expected an expression, got 'end of statement block'",
    ),
    Case(
        "template using an undefined field",
        [],
        setup=lambda root: own_templates(
            root, "# {{ b.title }}\n{% for t in b.themes %}\n## {{ t.title }}\n{{ t.scopee }}\n{% endfor %}\n"
        ),
        err="templates/briefing.md.j2:4: error: template uses an undefined value: 'briefgen.output.document.ThemeView object' has no attribute 'scopee'",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    assert cli("build", "-q", "--format", "md,html").code == 0
    before = snapshot(mini / "out")
    for relative, data in case.write.items():
        (mini / relative).write_bytes(data)
    for relative, old, new in case.edits:
        edit(mini / relative, old, new)
    if case.setup:
        case.setup(mini)
    result = cli("build", "--format", "md,html")
    assert (result.code, result.out.splitlines()) == (case.code, case.expected)
    assert result.err.splitlines()[-1] == case.err
    assert snapshot(mini / "out") == before


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_oversized_file_is_refused_before_parsing(
    cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 860)
    result = cli("check")
    assert result.out.splitlines() == [
        f"{LABOUR}:1:1: error: file is 922 bytes; the limit is 860",
        f"{PIER}:1:1: error: file is 1883 bytes; the limit is 860",
        "facts/sources.yaml:1:1: error: file is 970 bytes; the limit is 860",
        "facts/themes.yaml:1:1: error: file is 2000 bytes; the limit is 860",
    ]
    assert result.code == 1


def test_unwritable_out_is_a_clear_error(cli: Cli, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mini)
    (mini / "out").write_text("a file in the way\n", encoding="utf-8")
    result = cli("build", "--format", "md")
    assert result.code == 1
    assert (
        result.err.splitlines()[-1]
        == "briefgen: error: cannot write out: File exists; the previous files are unchanged"
    )
    assert (mini / "out").read_text(encoding="utf-8") == "a file in the way\n"
