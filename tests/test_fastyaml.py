"""The fast YAML reader against libyaml: whatever it accepts, it reads exactly as libyaml does.

For every text, either :func:`fastyaml.parse` refuses it (and the loader asks libyaml), or
libyaml reads it without any problem and both give the same data and the same line and column
for every value and every key. Texts come from the shipped corpus, the fixtures, a generated
corpus, generated documents full of YAML's traps, and mutations of real fact files.
"""

from __future__ import annotations

import functools
import itertools
import marshal
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from briefgen._speed import fastyaml
from briefgen.errors import Problem
from briefgen.project import load, yamlfile

from .conftest import FIXTURES, REPO

Reading = tuple[Any, dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]


def by_libyaml(text: str) -> tuple[Reading | None, list[Problem]]:
    """What the loader's libyaml path makes of a text: data and positions, or None, and problems."""
    smap = load.SourceMap("x.yaml")
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=yamlfile.libyaml_loader())
    except (yaml.YAMLError, RecursionError):
        return None, [Problem("x.yaml", 1, 1, "error", "does not parse")]
    if node is None:
        return None, [Problem("x.yaml", 1, 1, "error", "empty")]
    data = yamlfile._Builder(smap, problems).build(node, ())
    return (data, smap.values, smap.keys), problems


def by_fastyaml(text: str, lazy: bool) -> Reading:
    """What the fast reader makes of a text, every lazy item's positions filled in."""
    return filled(text, fastyaml.parse(text, lazy=lazy))


def filled(text: str, parsed: fastyaml.Parsed) -> Reading:
    """The data and positions of a text the fast reader accepted, every lazy item's positions
    filled in: that must not fail, or a check asking where a value stands would."""
    values, keys = dict(parsed.values), dict(parsed.keys)
    if parsed.items:
        lazy_positions = fastyaml.LazyPositions(text.encode("utf-8"), parsed.items)
        for item in parsed.items:
            lazy_positions.fill(item, values, keys)
    return parsed.data, values, keys


def agree(text: str) -> bool:
    """Assert the contract for one text; return whether the fast reader accepted it."""
    expected, problems = by_libyaml(text)
    accepted = False
    for lazy in (False, True):
        try:
            parsed = fastyaml.parse(text, lazy=lazy)
        except fastyaml.Unsupported:
            continue
        got = filled(text, parsed)
        accepted = True
        assert not problems, f"fast reader accepted a text libyaml refuses: {problems}\n{text}"
        assert expected is not None
        assert _typed(got[0]) == _typed(expected[0]), text  # (NaN is not equal to itself)
        assert got[1] == expected[1], text
        assert got[2] == expected[2], text
    return accepted


def _typed(value: Any) -> Any:
    """The value with every scalar's type and every mapping's key order spelt out.

    (True == 1 and 1 == 1.0 in Python, and two dicts are equal in any order.)
    """
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, repr(value))


def yaml_files() -> list[Path]:
    return sorted((REPO / "facts").glob("*.yaml")) + sorted((FIXTURES / "mini" / "facts").glob("*.yaml"))


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_project_files_are_read_fast_and_exactly(path: Path) -> None:
    assert agree(path.read_text(encoding="utf-8")), f"{path} fell back to libyaml"


def test_generated_corpus_is_read_fast_and_exactly(tmp_path: Path) -> None:
    made = generate(tmp_path / "g", facts=300, seeds=12, themes=3)
    for path in sorted((made.root / "facts").glob("*.yaml")):
        assert agree(path.read_text(encoding="utf-8")), f"{path} fell back to libyaml"


PLAIN = [
    "yes", "No", "on", "OFF", "y", "n", "null", "Null", "~", "true", "False", "1", "-1", "+1", "0", "07",
    "0o17", "0x1f", "0b101", "1_000", "1:20", "1.5", ".5", "1e3", "1.0e+3", ".inf", "-.Inf", ".nan",
    "2019", "2019-02", "2019-02-14", "2019-2-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43",
    "a b", "a: b", "a:b", "a #b", "a#b", "http://x.org/a?b=c", "-x", "- x", "-", "?x", "? x", ":x",
    "=", "<<", "x:", "@x", "`x", "%x", "!x", "!!str x", "&x", "*x", "|", ">", "x]", "x}", "x,y", "é",
    "“curly”", "a\u00a0b", "a\tb", "---", "...", "a  ", "A. Editor", "don't", "'q", '"q', "[x", "{x",
]  # fmt: skip
KEYS = ["id", "on", "no", "a", "b-c", "key_1", '"quoted"', "'single'", '"on"', "null", "1", "a b", "x"]
# Mostly what fact files hold, so that many documents are accepted and compared in full.
COMMON_PLAIN = ["word", "two words", "A. Editor", "2019", "2019-02-14", "reviewed", "yes", "3", "x-y_z"]
COMMON_KEYS = ["id", "text", "by", "kind", "date", "basis", '"on"', "rests_on", "note"]
QUOTED_PARTS = [
    "a",
    " ",
    "é",
    "“",
    "'",
    '\\"',
    "\\\\",
    "\\n",
    "\\t",
    "\\u00e9",
    "\\x41",
    "\\/",
    "\\_",
    "#",
    ": ",
    ",",
]


@st.composite
def scalars(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["common", "common", "plain", "double", "single"]))
    if kind == "common":
        return draw(st.sampled_from(COMMON_PLAIN))
    if kind == "plain":
        return draw(st.sampled_from(PLAIN))
    parts = draw(st.lists(st.sampled_from(QUOTED_PARTS), max_size=5))
    if kind == "double":
        return '"' + "".join(parts) + '"'
    return "'" + "".join(p.replace("'", "''") if draw(st.booleans()) else p for p in parts) + "'"


@st.composite
def flows(draw: st.DrawFn) -> str:
    items = draw(st.lists(scalars(), max_size=3))
    gap = draw(st.sampled_from([", ", ", ", ",", " , ", ",  "]))
    if draw(st.booleans()):
        return "[" + gap.join(items) + draw(st.sampled_from(["]", "]", " ]", ",]", "] #c", "]x"]))
    keys = draw(st.lists(st.sampled_from(COMMON_KEYS + KEYS), max_size=3, unique=True))
    entries = [f"{k}{draw(st.sampled_from([': ', ': ', ':', ' : ']))}{draw(scalars())}" for k in keys]
    return "{" + gap.join(entries) + draw(st.sampled_from(["}", "}", " }", "} # c", "}}"]))


@st.composite
def block_scalars(draw: st.DrawFn, indent: int) -> str:
    header = draw(st.sampled_from([">-", ">", "|", "|-", "|+", ">2", "> #c", ">-x"]))
    lines = draw(
        st.lists(
            st.sampled_from(["text", "more text", "", "  deeper", "# not a comment", "x "]),
            min_size=1,
            max_size=3,
        )
    )
    pad = " " * (indent + draw(st.sampled_from([1, 2, 4])))
    return header + "".join("\n" + (pad + line if line else "") for line in lines)


@st.composite
def blocks(draw: st.DrawFn, indent: int, depth: int) -> str:
    """A block mapping or sequence at ``indent``, in the styles fact files use and a few more."""
    lines = []
    sequence = draw(st.booleans())
    for _ in range(draw(st.integers(1, 3))):
        prefix = " " * indent + (draw(st.sampled_from(["- ", "- ", "-  ", "-"])) if sequence else "")
        if sequence and draw(st.booleans()):
            lines.append(prefix + draw(st.one_of(scalars(), flows())))
            continue
        key = draw(st.sampled_from(COMMON_KEYS + COMMON_KEYS + KEYS))
        head = prefix + key + draw(st.sampled_from([": ", ": ", ": ", ":", " : "]))
        column = len(prefix) if sequence else indent  # where the key stands
        choice = draw(st.sampled_from(["scalar", "flow", "block", "nested"] if depth < 3 else ["scalar"]))
        if choice == "scalar":
            line = head + draw(scalars())
        elif choice == "flow":
            line = head + draw(flows())
        elif choice == "block":
            line = head + draw(block_scalars(column))
        else:
            step = draw(st.sampled_from([2, 2, 0, 1, 4]))
            line = head.rstrip(" ") + "\n" + draw(blocks(column + step, depth + 1))
        if draw(st.integers(0, 9)) == 0:
            line += draw(st.sampled_from([" # comment", "  ", "\n", "\n   # note", "\n\n"]))
        lines.append(line)
        if sequence and draw(st.booleans()):  # more keys of the entry's mapping
            lines.append(" " * len(prefix) + f"extra: {draw(scalars())}")
    return "\n".join(lines)


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = draw(blocks(0, 0))
    if draw(st.booleans()):
        text = "# a comment\n" + text
    if draw(st.booleans()):
        text += "\n"
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_agree_with_libyaml(text: str) -> None:
    agree(text)


MUTATIONS = [
    "",
    " ",
    "  ",
    "-",
    ":",
    ": ",
    "#",
    " #",
    '"',
    "'",
    "\\",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "*a",
    "!",
    "\t",
    "\r",
    "\u2028",
    "\ufeff",
    "é",
    "\n",
    "\n  ",
    "- ",
    "? ",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fact_files_agree_with_libyaml(data: st.DataObject) -> None:
    text = (
        FIXTURES / "mini" / "facts" / data.draw(st.sampled_from(["pier.yaml", "sources.yaml", "themes.yaml"]))
    ).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(MUTATIONS)) + text[at + cut :]
    agree(text)


def test_accepts_the_common_shapes() -> None:
    """The subset is wide enough: each of these is read without libyaml."""
    for text in [
        'a: 1\nb: [x, \'y\', "z"]\nc: {k: v, "on": 2020-01-02}\n',
        "facts:\n  - id: a\n    note: >-\n      folded\n      text\n\n  - id: b\n",
        "# head\nlist:\n  - one\n  - two\n",
        'text: "esc \\" \\\\ \\n \\u00e9"\n',
        "facts: []\n",
    ]:
        assert agree(text), text


def test_refuses_what_libyaml_must_report() -> None:
    for text in [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x 1\nb: *x\n",  # alias
        "a: !!str 1\n",  # tag
        "a: b: c\n",  # mapping value in a plain scalar
        "a:\n\tb: 1\n",  # tab
        "a: 'open\n",  # unclosed quote
        "<<: {a: 1}\n",  # merge key
        "null: 1\n",  # key that is not a string
        "a" * 1025 + ": 1\n",  # a key libyaml finds too long, wherever it stands:
        "facts:\n  - id: x\n    " + "a" * 1025 + ": 1\n",
        "facts:\n  - id: x\n    r: {" + "a" * 1025 + ": 1}\n",
        'a: {"' + "a" * 1023 + '": 1}\n',
    ]:
        with pytest.raises(fastyaml.Unsupported):
            fastyaml.parse(text, lazy=True)


def test_check_reports_the_same_with_and_without_the_fast_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: every problem of a broken generated corpus, at the same place either way."""
    from briefgen.check.rules import check

    made = generate(tmp_path / "g", facts=200, seeds=10, themes=3, broken_share=0.1)
    first = made.root / "facts" / f"{made.themes[0]}.yaml"
    text = first.read_text(encoding="utf-8")
    text = text.replace("    credibility: 2\n", "    credibility: 9\n", 1).replace(
        "kind: official", "kind: oficial", 1
    )
    first.write_text(
        text.replace("    credibility: 3\n", "    credibility: 3\n    credibilty: 3\n", 1), encoding="utf-8"
    )
    fast = [str(p) for p in check(load.load_corpus(made.root)).sorted()]

    def refuse(text: str, lazy: bool = False, rare: bool | None = None) -> fastyaml.Parsed:
        raise fastyaml.Unsupported("disabled for the test")

    monkeypatch.setattr(fastyaml, "parse", refuse)
    assert [str(p) for p in check(load.load_corpus(made.root)).sorted()] == fast
    assert len(fast) >= len(made.broken) + 2


def test_resolver_table_is_pyyamls() -> None:
    """The fast reader's copy of PyYAML's implicit resolvers is PyYAML's own, in order."""
    theirs = yaml.resolver.Resolver.yaml_implicit_resolvers
    ours = fastyaml._RESOLVERS
    assert set(ours) == set(theirs)
    for first, resolvers in theirs.items():
        assert [(tag, r.pattern, r.flags) for tag, r in resolvers] == [
            (tag, r.pattern, r.flags) for tag, r in ours[first]
        ], first


@given(
    st.sampled_from(PLAIN)
    | st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9_]{0,3})?(:[0-5]?[0-9]){0,2}", fullmatch=True)
)
def test_plain_scalars_are_constructed_as_pyyaml_does(text: str) -> None:
    node = yaml.ScalarNode(yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)), text)
    try:
        expected = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        return
    try:
        got = fastyaml.plain(text)
    except fastyaml.Unsupported:
        return
    if node.tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
        expected = text
    assert _typed(got) == _typed(expected), text


# Facts in the usual layout are read whole, by one regular expression (fastyaml._rows); the line
# scan then jumps over them. These tests hold that path to the line scan (same data, positions,
# item starts and refusals) and to libyaml, and check that it is taken where it should be.


def scanned(text: str, whole: bool) -> Any:
    """What the lazy scan makes of a text: typed data and positions, or what it raised."""
    if fastyaml._LEAVE_TO_LIBYAML.search(text):
        return "left to libyaml"
    try:
        parsed = fastyaml._scan(text, whole)
    except (fastyaml.Unsupported, fastyaml._NeedsPositions, fastyaml._Retry) as exc:
        return type(exc).__name__
    return _typed(parsed.data), parsed.values, parsed.keys, _item_lines(text, parsed.items)


def _item_lines(text: str, items: dict[Any, fastyaml.Item]) -> dict[Any, tuple[int, int]]:
    """Where each item starts, as (line, indent), once its offset, where kept, is held to its line.

    (The line scan keeps no offsets, reading facts whole does: the two agree on the rest.)
    """
    starts = list(itertools.accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    for item, (line, _, offset) in items.items():
        assert offset in (-1, starts[line]), (item, line, offset)
    return {item: (line, indent) for item, (line, indent, _) in items.items()}


def read_whole(text: str) -> int:
    """Assert that reading facts whole changes nothing; return how many were read whole."""
    expected = scanned(text, False)
    got = scanned(text, True)
    if got == "_Retry":  # parse() then scans line by line
        got = scanned(text, False)
    assert got == expected, text
    whole: dict[int, Any] = {}
    try:
        rows = fastyaml._rows(text, text.count("\n") + 1, whole)
    except fastyaml._Retry:
        return 0
    real = fastyaml._ROW.findall(text)
    read = 0
    for first, run in whole.items():  # the scan meets each run's first line as it stands
        assert rows[first] == real[first], text
        rows[first : run.last + 1] = real[first : run.last + 1]
        read += len(run.facts)
    assert rows == real, text  # and every line outside the runs
    return read


def test_generated_facts_are_read_whole(tmp_path: Path) -> None:
    made = generate(tmp_path / "g", facts=300, seeds=12, themes=3)
    total = read = 0
    for theme in made.themes:
        text = (made.root / "facts" / f"{theme}.yaml").read_text(encoding="utf-8")
        assert scanned(text, True) != "_Retry", theme  # the scan took every fact read whole
        total += text.count("\n  - id: ")
        read += read_whole(text)
    assert total == 300 and read >= total - 3, (read, total)  # (a passage with both quotes has an escape)


FACTS = """\
# head
facts:
  # a comment
  - id: f-1
    statement: "A said that B."
    themes: [t-1, t-2]
    citations:
      - seed: 0001_ab.txt
        passage: "B happened"
      - seed: 0001_ab.txt
        passage: 'he said "no"'
    attribution:
      by: "Dr. A, an official"
      kind: government
      via: [Reuters, the BBC]
    when:
      date: 2019-02
      basis: "'2019-02' as the text dates it"
    credibility: 3
    review: {status: reviewed, by: "A. Editor", "on": 2026-11-20}
    relations:
      - type: corroborates
        fact: f-2
        note: "both say B"

  - id: f-2
    statement: "C\u00a0\u2014 “D”."
    citations:
      - seed: 0001_ab.txt
        passage: "C"
    attribution:
      by: "X"
      kind: author
    when:
      date: 2019
      basis: "y"
    credibility: 1
    review: {status: draft}
"""


def test_facts_in_the_usual_layout_are_read_whole() -> None:
    assert read_whole(FACTS) == 2
    assert agree(FACTS)
    parsed = fastyaml.parse(FACTS, lazy=True)
    starts = [i for i, line in enumerate(FACTS.split("\n")) if line.startswith("  - id: ")]
    offsets = [FACTS.index("\n  - id: f-1") + 1, FACTS.index("\n  - id: f-2") + 1]
    assert starts == [3, 25]
    assert parsed.items == {("facts", 0): (3, 2, offsets[0]), ("facts", 1): (25, 2, offsets[1])}
    assert parsed.values == {(): (2, 1), ("facts",): (4, 3)} and parsed.keys == {("facts",): (2, 1)}
    assert parsed.data == {
        "facts": [
            {
                "id": "f-1",
                "statement": "A said that B.",
                "themes": ["t-1", "t-2"],
                "citations": [
                    {"seed": "0001_ab.txt", "passage": "B happened"},
                    {"seed": "0001_ab.txt", "passage": 'he said "no"'},
                ],
                "attribution": {
                    "by": "Dr. A, an official",
                    "kind": "government",
                    "via": ["Reuters", "the BBC"],
                },
                "when": {"date": "2019-02", "basis": "'2019-02' as the text dates it"},
                "credibility": 3,
                "review": {"status": "reviewed", "by": "A. Editor", "on": "2026-11-20"},
                "relations": [{"type": "corroborates", "fact": "f-2", "note": "both say B"}],
            },
            {
                "id": "f-2",
                "statement": "C\u00a0\u2014 “D”.",
                "citations": [{"seed": "0001_ab.txt", "passage": "C"}],
                "attribution": {"by": "X", "kind": "author"},
                "when": {"date": 2019, "basis": "y"},
                "credibility": 1,
                "review": {"status": "draft"},
            },
        ]
    }


MORE_CITATIONS = "".join(f'      - seed: s{n}.txt\n        passage: "p{n}"\n' for n in range(3))
MORE_RELATIONS = (
    '      - type: contradicts\n        fact: f-3\n        note: ""\n      - type: x\n        fact: "y"\n'
)
EDITS = [  # (old, new, how many facts the pattern still reads whole)
    ("credibility: 3", "credibility: 07", 2),  # an octal int, 7, as PyYAML reads it
    ("credibility: 3", "credibility: 1_000", 2),
    ("credibility: 3", "credibility: .5", 1),
    ("credibility: 3", "credibility: 1e3", 2),  # a string in YAML 1.1 (no sign in the exponent)
    ("credibility: 3", "credibility: 1.0e+3", 2),
    ("kind: government", "kind: no", 2),  # the boolean false
    ("kind: government", "kind: null", 2),
    ("kind: government", "kind: ~", 1),
    ("date: 2019-02\n", "date: 2019-02-30\n", 2),  # a timestamp: kept as its text
    ("date: 2019-02\n", "date: 2001-12-14t21:59:43.10-05:00\n", 1),
    ("id: f-1", "id: yes", 2),
    ("id: f-1", "id: 0x1f", 2),
    ("id: f-1", "id: f-1:", 1),
    ("id: f-1", "id: 'f-1'", 1),
    ('seed: 0001_ab.txt\n        passage: "B', 'seed: 1.5\n        passage: "B', 2),
    ('"A said that B."', '"A said # that: B."', 2),
    ('"A said that B."', '""', 2),
    ('"A said that B."', '"A said that B." ', 1),  # a trailing space
    ('"A said that B."', '"A said that B." # c', 1),
    ('"A said that B."', '"A said \\"that\\" B."', 1),
    ('"A said that B."', '"A \\u00e9 \\x41"', 1),
    ('"A said that B."', "'A said that B.'", 1),
    ("'he said \"no\"'", "'he said ''no'''", 1),
    ("'he said \"no\"'", "'open", 1),
    ("    credibility: 3\n", "    credibility: 3\n    credibility: 4\n", 1),  # a key repeated
    ("    credibility: 3\n", "    credibility: 3\n    credibilty: 3\n", 1),
    ("    credibility: 3\n    review", "    review", 1),
    ("      kind: government\n", "       kind: government\n", 1),  # wrong indentation
    ("      kind: government\n", "     kind: government\n", 1),
    ("    review: {status: reviewed", "     review: {status: reviewed", 1),
    ("  - id: f-2", "   - id: f-2", 0),
    ("  - id: f-2", "  -  id: f-2", 1),
    ("    citations:\n", "    # inside\n    citations:\n", 1),
    ("    citations:\n", "    citations:  \n", 1),
    ("    citations:\n", "    citations: # c\n", 1),
    ("\n\n  - id: f-2", "\n  # between\n\n# more\n  - id: f-2", 2),
    ("\n\n  - id: f-2", "\n  - id: f-2", 2),
    ("\n\n  - id: f-2", "\n\n    extra: 1\n  - id: f-2", 1),  # the first fact goes on
    ("\n\n  - id: f-2", "\n\n    # c\n   \n  - id: f-2", 2),
    ("review: {status: draft}\n", "review: {status: draft}\n\n    extra: 1\n", 1),
    ("review: {status: draft}\n", "review: {status: draft}\n  # c\nother: 1\nlast:\n  - a\n", 2),
    ("review: {status: draft}\n", "review: {status: draft}\nother: [a]\n", 2),  # positions needed
    ("review: {status: draft}\n", "review: {status: draft}\nlist:\n  - id: x\n", 2),
    ("review: {status: draft}\n", "review: {status: draft}", 2),  # no line break at the end
    ("review: {status: draft}\n", "review: {status: draft}\n\n\n", 2),
    ("review: {status: draft}\n", "review:\n      status: draft\n", 1),
    ("review: {status: draft}\n", "review: {status: draft, status: x}\n", 1),
    ("review: {status: draft}\n", "review: {status: draft} # c\n", 2),
    ("review: {status: draft}\n", "review: [a, {b: c}]\n", 1),
    ("themes: [t-1, t-2]", "themes: [t-1, 'x y', \"z\", 2019, no]", 2),
    ("themes: [t-1, t-2]", "themes: []", 2),
    ("themes: [t-1, t-2]", "themes: [t-1,]", 1),
    ("themes: [t-1, t-2]", "themes: {a: 1}", 2),
    ("themes: [t-1, t-2]", "themes: t-1", 1),
    ('        passage: "C"\n', f'        passage: "C"\n{MORE_CITATIONS}', 2),
    ('        note: "both say B"\n', f'        note: "both say B"\n{MORE_RELATIONS}', 1),
    ('        note: "both say B"\n', '        note: "both say B"\n      - type: x\n        fact: y\n', 2),
    ('        note: "both say B"\n', "", 2),
    ('        note: "both say B"\n', '        note: ""\n', 2),
    ("\n    relations:", "\n    relations: []\n    x:", 1),
    ("facts:\n", "facts:\n  - id: bare\n", 2),
    ("facts:\n", "facts: []\nmore:\n", 2),
    ("facts:\n", "root:\n facts:\n", 2),  # (matched whole, but the scan refuses the file)
]


@pytest.mark.parametrize(("old", "new", "whole"), EDITS)
def test_almost_usual_facts_are_read_as_the_line_scan_reads_them(old: str, new: str, whole: int) -> None:
    assert old in FACTS
    text = FACTS.replace(old, new, 1)
    assert read_whole(text) == whole
    agree(text)


def test_facts_with_crlf_line_ends_are_left_to_libyaml() -> None:
    text = FACTS.replace("\n", "\r\n")
    assert fastyaml.rare_characters(text.encode())
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.parse(text, lazy=True)
    assert read_whole(text) == 0  # (not even matched: a value's line must end in \n)
    assert not agree(text)


def test_a_fact_read_whole_where_the_scan_expects_none_is_scanned_line_by_line() -> None:
    facts = "".join(f"    {line}\n" if line else "\n" for line in FACTS.split("\n")[2:])
    nested = f"groups:\n  - name: g\n    facts:\n{facts}"
    assert read_whole(nested) == 2  # the same facts, deeper: not items of a top-level list
    assert scanned(nested, True) == "_Retry"
    assert agree(nested)


@pytest.mark.parametrize("indent", [0, 4, 6])
def test_facts_are_read_whole_at_any_indentation(indent: int) -> None:
    text = FACTS.replace("\n  ", "\n" + " " * indent)
    assert read_whole(text) == 2
    assert agree(text) == (indent > 0)  # a list as deep as its key is left to libyaml


PLAIN_VALUES = ["f-1", "x_y", "0001_ab.txt", "author", "2019", "2019-02-30", "3", *PLAIN]


@st.composite
def fact_items(draw: st.DrawFn, indent: int) -> list[str]:
    """The lines of one fact, mostly in the usual layout but for a value or a line."""

    odd = draw(st.sampled_from([0, 0, 1, 2]))  # how often a value is odd (a fact with one is the
    # interesting case: it must go to the line scan, or be read whole exactly as the scan reads it)

    def usual() -> bool:
        return odd == 0 or draw(st.integers(0, 40 // odd)) > 0

    def plain() -> str:
        return draw(st.sampled_from(PLAIN_VALUES[:7] if usual() else PLAIN_VALUES))

    def quoted() -> str:
        return draw(st.sampled_from(['"text"', '"a # b: c"', "'q'", '""'])) if usual() else draw(scalars())

    def flow() -> str:
        return draw(st.sampled_from(["[a, b]", "{status: draft}", "[]"])) if usual() else draw(flows())

    key = " " * (indent + 2)
    lines = [f"{' ' * indent}- id: {plain()}", f"{key}statement: {quoted()}"]
    if draw(st.booleans()):
        lines.append(f"{key}themes: {flow()}")
    lines.append(f"{key}citations:")
    for _ in range(draw(st.integers(1, 5))):
        lines += [f"{key}  - seed: {plain()}", f"{key}    passage: {quoted()}"]
    lines += [f"{key}attribution:", f"{key}  by: {quoted()}", f"{key}  kind: {plain()}"]
    if draw(st.booleans()):
        lines.append(f"{key}  via: {flow()}")
    lines += [f"{key}when:", f"{key}  date: {plain()}", f"{key}  basis: {quoted()}"]
    lines += [f"{key}credibility: {plain()}", f"{key}review: {flow()}"]
    relations = draw(st.integers(0, 3))
    if relations:
        lines.append(f"{key}relations:")
    for _ in range(relations):
        lines += [f"{key}  - type: {plain()}", f"{key}    fact: {plain()}"]
        if draw(st.booleans()):
            lines.append(f"{key}    note: {quoted()}")
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        lines[at : at + 1] = draw(
            st.sampled_from(
                [
                    [line + " "],
                    [line + " # c"],
                    [" " + line],
                    [line[1:]],
                    [line, line],
                    [line, ""],
                    [line, key + "# c"],
                    [line, "# c"],
                    [line, key + "extra: 1"],
                    [],
                    [line.replace(": ", ":  ", 1)],
                    [line.replace(": ", ":", 1)],
                    [line + ":"],
                    [line.replace(": ", ": &a ", 1)],
                    [line.replace(": ", ": !!str ", 1)],
                ]
            )
        )
    return lines


@st.composite
def fact_documents(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from([2, 2, 2, 2, 0, 4]))
    lines = draw(st.sampled_from([["facts:"], ["# head", "facts:"], ["title: x", "facts:"]]))
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(fact_items(indent))
        lines += draw(st.sampled_from([[""], [""], [], [" " * indent + "# batch"], ["", "# c", ""]]))
    lines += draw(st.sampled_from([[], [], [], [], ["other: 1"], ["other: [a]"], ["  deeper: 1"], ["- x"]]))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_documents())
def test_facts_read_whole_agree_with_the_line_scan_and_libyaml(text: str) -> None:
    read_whole(text)
    agree(text)


FACT_MUTATIONS = [*MUTATIONS, "0", "n", "o", ":x", " #x"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_generated_facts_agree_with_the_line_scan_and_libyaml(data: st.DataObject) -> None:
    text = generated_facts()
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(FACT_MUTATIONS)) + text[at + cut :]
    read_whole(text)
    agree(text)


@functools.cache
def generated_facts() -> str:
    """A generated fact file of twelve facts."""
    with tempfile.TemporaryDirectory() as folder:
        made = generate(Path(folder) / "g", facts=12, seeds=3, themes=1)
        return (made.root / "facts" / f"{made.themes[0]}.yaml").read_text(encoding="utf-8")


LATER_CITATION_OVER_TWO_LINES = FACTS.replace(
    """      - seed: 0001_ab.txt
        passage: 'he said "no"'
""",
    """      - seed: 0001_ab.txt
        passage: 'he said "no"'
      - seed: 0001_ab.txt
        passage: "B"
      - seed: 0001_ab.txt
        passage: "it went on
    credibility: 9 over a line break"
""",
)
LATER_NOTE_OVER_TWO_LINES = FACTS.replace(
    '        note: "both say B"\n',
    '        note: "both say B"\n      - type: contradicts\n        fact: f-3\n        note: "a note\n    credibility: 9 on two lines"\n',
)


@pytest.mark.parametrize(
    ("text", "line"),
    [(LATER_CITATION_OVER_TWO_LINES, 24), (LATER_NOTE_OVER_TWO_LINES, 19)],
    ids=["citation", "note"],
)
def test_a_quoted_value_over_a_line_break_in_a_later_entry_is_read_as_libyaml_reads_it(
    tmp_path: Path, text: str, line: int
) -> None:
    """The fourth citation on and the second relation on are matched as one text; a quoted value
    in them that goes on over a line break (libyaml folds it) must not be taken whole, raw, nor
    let a line inside it pass for the fact's key."""
    expected, problems = by_libyaml(text)
    assert expected is not None and not problems
    path = tmp_path / "facts" / "t.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    smap, data, problems = yamlfile.read_yaml(path, tmp_path)
    assert not problems
    assert _typed(data) == _typed(expected[0])
    assert smap.at("facts", 0, "credibility") == expected[1][("facts", 0, "credibility")] == (line, 18)


def test_a_flow_key_the_flow_reader_refuses_is_not_taken_whole(tmp_path: Path) -> None:
    """A misspelt key with a letter outside ASCII in a one-line flow mapping: the fact is not
    read whole, and where the key stands is found (reading the item's positions used to raise)."""
    text = FACTS.replace("review: {status: draft}", "review: {stätus: draft}")
    agree(text)
    path = tmp_path / "facts" / "t.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    smap, data, problems = yamlfile.read_yaml(path, tmp_path)
    assert not problems and data["facts"][1]["review"] == {"stätus": "draft"}
    assert smap.key_at("facts", 1, "review", "stätus") == (38, 14)
    assert smap.at("facts", 1, "id") == (26, 9)


def test_the_loader_takes_the_facts_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only are facts matched whole: the items the loader returns are the ones made from the match."""
    real = fastyaml._fact

    def marked(*args: Any) -> tuple[dict[str, Any], int]:
        item, lines = real(*args)
        return {**item, "read": "whole"}, lines

    monkeypatch.setattr(fastyaml, "_fact", marked)
    path = tmp_path / "facts" / "t.yaml"
    path.parent.mkdir()
    path.write_text(generated_facts(), encoding="utf-8")
    _, data, problems = yamlfile.read_yaml(path, tmp_path)
    assert not problems
    assert [fact.get("read") for fact in data["facts"]] == ["whole"] * 12


def test_facts_read_whole_share_no_collection() -> None:
    """Flow collections are remembered by their text; each fact still gets its own."""
    facts = fastyaml.parse(generated_facts(), lazy=True).data["facts"]
    facts[0]["review"]["status"] = "changed"
    facts[0]["citations"].clear()
    for fact in fastyaml.parse(generated_facts(), lazy=True).data["facts"] + facts[1:]:
        assert fact["review"]["status"] == "reviewed" and fact["citations"]


# Positions found on demand. A message asks the source map where one value inside a fact stands,
# and the lazy reader walks only the lines on the way there (fastyaml._Walk) instead of reading
# the whole fact. Whatever it is asked, at, key_at and has must answer as after a full read.
# Each pointer goes to a fresh map, so that no position an earlier question recorded can stand
# in for one the walk failed to record; then all of them go to one map, as a check asks them.

ABSENT: tuple[str | int, ...] = ("nope", "", 0, 1, 5, -1)
"""Parts added to each pointer that exists: mostly absent, some present (an index)."""


def questions(
    values: fastyaml.Positions, keys: fastyaml.Positions, items: Any, absent: tuple[str | int, ...]
) -> list[fastyaml.Pointer]:
    """Every pointer with a value or key inside an item, and pointers near them that may not exist:
    one part more; a key of the same mapping by every key name the item has anywhere; the next
    index; an item past the last."""
    inside = {p for p in [*values, *keys] if len(p) >= 2 and p[:2] in items}
    asked = set(inside)
    for item in items:
        mine = [p for p in inside if p[:2] == item]
        names = {part for p in mine for part in p[2:] if isinstance(part, str)} | {"nope"}
        mappings = {p[:-1] for p in keys if p[:2] == item and len(p) > 2}
        asked.update((*mapping, name) for mapping in mappings for name in names)
        asked.update((*p, part) for p in mine for part in absent)
        asked.update((*p[:-1], p[-1] + 1) for p in mine if type(p[-1]) is int)
        asked.add((item[0], len(items)))
    return sorted(asked, key=repr)


def lookups_agree(text: str, absent: tuple[str | int, ...] = (*ABSENT, True)) -> int:
    """Assert that the source map of a lazily read text answers as a full read's; how many
    pointers were asked (0 if the text is not read lazily).

    ``True`` stands for the index 1 in a pointer (True == 1), which the walk leaves to a full read.
    """
    try:
        lazy = fastyaml.parse(text, lazy=True)
        full = fastyaml.parse(text)
    except fastyaml.Unsupported:
        return 0
    if not lazy.items:
        return 0
    data = text.encode("utf-8")
    shipped = marshal.loads(marshal.dumps(lazy.items))  # as a worker sends them back

    def fresh(parent: bool) -> load.SourceMap:
        # As read_yaml makes it, or as the parent process remakes it from the bytes alone.
        positions = (
            fastyaml.LazyPositions(data, shipped)
            if parent
            else fastyaml.LazyPositions(data, lazy.items, text)
        )
        return load.SourceMap("x.yaml", dict(lazy.values), dict(lazy.keys), positions)

    reference = load.SourceMap("x.yaml", full.values, full.keys)
    shared = fresh(False)
    asked = questions(full.values, full.keys, lazy.items, absent)
    for n, pointer in enumerate(asked):
        expected = (reference.at(*pointer), reference.key_at(*pointer), reference.has(*pointer))
        smap = fresh(parent=n % 5 == 0)  # (the walk to a pointer is the same for all three)
        assert (smap.at(*pointer), smap.key_at(*pointer), smap.has(*pointer)) == expected, (pointer, text)
        assert (shared.at(*pointer), shared.key_at(*pointer), shared.has(*pointer)) == expected, (
            pointer,
            text,
        )
    return len(asked)


def walks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a whole item an error: the walk must be sure on the usual files."""

    def refuse(self: fastyaml.LazyPositions, item: Any, values: Any, keys: Any) -> None:
        raise AssertionError(f"{item} read whole")

    monkeypatch.setattr(fastyaml.LazyPositions, "fill", refuse)


@pytest.mark.parametrize("path", yaml_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_project_files_are_located_as_a_full_read_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    walks_only(monkeypatch)
    assert lookups_agree(path.read_text(encoding="utf-8"), ABSENT) > 50


def test_a_generated_corpus_is_located_as_a_full_read_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = generate(tmp_path / "g", facts=40, seeds=6, themes=2, broken_share=0.1)
    walks_only(monkeypatch)
    for path in sorted((made.root / "facts").glob("*.yaml")):
        assert lookups_agree(path.read_text(encoding="utf-8"), ABSENT) > 100, path


def test_an_index_the_walk_is_unsure_of_is_located_by_a_full_read() -> None:
    """True == 1, so a pointer may hold True for an index; the walk leaves that to a full read."""
    parsed = fastyaml.parse(FACTS, lazy=True)
    smap = load.SourceMap(
        "x.yaml", parsed.values, parsed.keys, fastyaml.LazyPositions(b"", parsed.items, FACTS)
    )
    assert smap.at("facts", 0, "citations", True, "passage") == (11, 18)
    assert smap.values[("facts", 0, "statement")] == (5, 16)  # read with the rest of the item
    assert lookups_agree(FACTS) > 100


def mutated(data: st.DataObject, text: str, mutations: list[str]) -> str:
    """``text`` with one to three of ``mutations`` put in, each in place of up to three characters."""
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(mutations)) + text[at + cut :]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fact_documents())
def test_generated_fact_documents_are_located_as_a_full_read_does(text: str) -> None:
    lookups_agree(text)


TAME_SCALARS = [*COMMON_PLAIN, '"text"', "'q'", '"a: b # c"', "x # c", '""']
TAME_FLOWS = ["[a, b]", "{by: x, note: y}", "[]", '{"on": 2019}', "[a, 'b c'] # c"]
BLOCK_LINES = ["text", "id: x", "# not a comment", "- y", "by: z"]
ASIDES = ["", "   ", "# c", "  # c", "      # c", "          # c"]


@st.composite
def tame_blocks(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of a block mapping at ``indent`` that the fast reader mostly accepts: nested by
    steps of one, two or four, with flows, block scalars (holding lines that look like keys,
    entries and comments), blank lines and comments at any indentation between its lines."""
    lines: list[str] = []
    for key in draw(st.lists(st.sampled_from(COMMON_KEYS), min_size=1, max_size=4, unique=True)):
        head = " " * indent + key + ":"
        kind = draw(
            st.sampled_from(["scalar", "flow", "block", "mapping", "sequence"][: 5 if depth < 3 else 3])
        )
        if kind == "scalar":
            lines.append(f"{head} {draw(st.sampled_from(TAME_SCALARS))}")
        elif kind == "flow":
            lines.append(f"{head} {draw(st.sampled_from(TAME_FLOWS))}")
        elif kind == "block":
            lines.append(f"{head} {draw(st.sampled_from(['>-', '|', '>', '|-']))}")
            pad = " " * (indent + draw(st.sampled_from([1, 2, 4])))
            lines += [pad + draw(st.sampled_from(BLOCK_LINES)) for _ in range(draw(st.integers(1, 3)))]
        else:
            step = draw(st.sampled_from([1, 2, 4]))
            lines.append(head + draw(st.sampled_from(["", "", " # c"])))
            if kind == "mapping":
                lines += draw(tame_blocks(indent + step, depth + 1))
            for _ in range(draw(st.integers(1, 3)) if kind == "sequence" else 0):
                lines += draw(entries(indent + step, depth + 1))
        if draw(st.integers(0, 3)) == 0:
            lines.append(draw(st.sampled_from(ASIDES)))
    return lines


@st.composite
def entries(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """The lines of one entry of a block sequence whose ``-`` stands at ``indent``: a mapping or a scalar."""
    if depth > 1 and draw(st.integers(0, 4)) == 0:  # (a top-level list of scalars is read at once)
        return [" " * indent + "- " + draw(st.sampled_from(TAME_SCALARS + TAME_FLOWS))]
    gap = draw(st.sampled_from([1, 1, 2]))  # spaces after the "-"
    lines = draw(tame_blocks(indent + 1 + gap, depth))
    lines[0] = " " * indent + "-" + " " * gap + lines[0].lstrip(" ")
    return lines


@st.composite
def listed_documents(draw: st.DrawFn) -> str:
    """A top-level list of mappings (its items left for later), with YAML's traps inside them."""
    indent = draw(st.sampled_from([2, 2, 4, 1]))
    lines = [draw(st.sampled_from(["facts:", "title: x\nfacts:", "# c\nfacts:\n  # c"]))]
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(entries(indent, 1))
    lines += draw(st.sampled_from([[], ["other: 1"], ["# c", "other: [a]"]]))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(listed_documents())
def test_generated_documents_are_located_as_a_full_read_does(text: str) -> None:
    lookups_agree(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_fact_files_are_located_as_a_full_read_does(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(["pier.yaml", "labour.yaml", "sources.yaml", "themes.yaml"]))
    text = (FIXTURES / "mini" / "facts" / name).read_text(encoding="utf-8")
    lookups_agree(mutated(data, text, MUTATIONS))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_generated_facts_are_located_as_a_full_read_does(data: st.DataObject) -> None:
    facts = generated_facts()
    first_four = facts[: _nth(facts, "\n  - id: ", 5) + 1]
    lookups_agree(mutated(data, first_four, FACT_MUTATIONS))


def _nth(text: str, part: str, n: int) -> int:
    """Where the ``n``-th ``part`` starts in ``text``."""
    at = -1
    for _ in range(n):
        at = text.index(part, at + 1)
    return at
