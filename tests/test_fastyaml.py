"""The fast YAML reader against libyaml: whatever it accepts, it reads exactly as libyaml does.

For every text, either :func:`fastyaml.parse` refuses it (and the loader asks libyaml), or
libyaml reads it without any problem and both give the same data and the same line and column
for every value and every key. Texts come from the shipped corpus, the fixtures, a generated
corpus, generated documents full of YAML's traps, and mutations of real fact files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from briefgen import fastyaml, load
from briefgen.errors import Problem

from .conftest import FIXTURES, REPO

Reading = tuple[Any, dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]


def by_libyaml(text: str) -> tuple[Reading | None, list[Problem]]:
    """What the loader's libyaml path makes of a text: data and positions, or None, and problems."""
    smap = load.SourceMap("x.yaml")
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=load.libyaml_loader())
    except (yaml.YAMLError, RecursionError):
        return None, [Problem("x.yaml", 1, 1, "error", "does not parse")]
    if node is None:
        return None, [Problem("x.yaml", 1, 1, "error", "empty")]
    data = load._Builder(smap, problems).build(node, ())
    return (data, smap.values, smap.keys), problems


def by_fastyaml(text: str, lazy: bool) -> Reading:
    """What the fast reader makes of a text, every lazy item's positions filled in."""
    parsed = fastyaml.parse(text, lazy=lazy)
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
            got = by_fastyaml(text, lazy)
        except fastyaml.Unsupported:
            continue
        accepted = True
        assert not problems, f"fast reader accepted a text libyaml refuses: {problems}\n{text}"
        assert expected is not None
        assert _typed(got[0]) == _typed(expected[0]), text  # (NaN is not equal to itself)
        assert got[1] == expected[1], text
        assert got[2] == expected[2], text
    return accepted


def _typed(value: Any) -> Any:
    """The value with every scalar's type spelt out (True == 1 and 1 == 1.0 in Python)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
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
    ]:
        with pytest.raises(fastyaml.Unsupported):
            fastyaml.parse(text, lazy=True)


def test_check_reports_the_same_with_and_without_the_fast_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: every problem of a broken generated corpus, at the same place either way."""
    from briefgen.check import check

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
