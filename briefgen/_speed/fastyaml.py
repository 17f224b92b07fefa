"""A fast reader for the block-YAML subset that briefgen's files are written in.

libyaml composes a node object and two position marks for every scalar; at 50,000 facts that
is seconds before any checking starts. Fact files use a small, regular part of YAML: block
mappings and sequences by indentation, one-line plain, single- and double-quoted scalars,
one-line flow sequences and mappings of scalars, and folded or literal block scalars. This
module reads exactly that part, line by line, into the same plain data and the same positions
that :mod:`briefgen.load` builds from libyaml's nodes, and refuses everything else by raising
:class:`Unsupported`; the caller then reads the file with libyaml, which reports syntax errors,
aliases, tags, duplicate keys and the rest with its own messages. So this reader never has to
be right about a broken or unusual file, only about the plain ones it accepts, and a
differential test holds it to libyaml's result on those (same data, same line and column for
every value and key).

Plain scalars are resolved as PyYAML's YAML 1.1 resolver and safe constructor do (its table of
implicit resolvers, copied), so ``no`` is still the boolean false, ``2019`` an int and
``2019-02-14`` the timestamp text.

Positions can be left for later: :func:`parse` with ``lazy=True`` records only where each item
of a top-level list starts (``("facts", 17)`` -> its first line and, where the scan knows it, that
line's offset), and :class:`LazyPositions` finds a value's line and column when a message about it
needs them, reading only the lines on the way down to it. A check of 50,000 facts then finds
positions for the few values it reports on, not for a million nodes.

Even so, a Python loop over 880,000 lines is seconds. Most lines belong to facts in one layout
(``- id:``, ``statement: "..."``, ``citations:`` of ``seed:`` and ``passage:``, ... ``review:
{...}``), so :func:`_rows` first reads each fact in exactly that layout with one regular
expression, taking only values whose reading is settled (plain scalars of a few characters read
by :func:`plain`, quoted ones without escapes, flow collections read by :func:`_value`), and the
line scan takes such facts whole where it would have read them line by line. Anything else in
the file, a fact with a comment or an escape in it included, is read line by line as before.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

Pointer = tuple[str | int, ...]
Positions = dict[Pointer, tuple[int, int]]
Item = tuple[int, int, int]
"""Where a top-level list item starts: (index of its first line, its list's indent, the offset of
its first line in the text, or -1 where the scan did not keep it)."""

MAX_DEPTH = 40
"""Nesting deeper than this is left to libyaml (and refused by the loader)."""

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

# PyYAML's implicit resolvers (yaml/resolver.py), in its order: which tag a plain scalar gets,
# tried by its first character. Copied so that reading a fact file needs no ``import yaml``
# (a fifth of a check's start-up); a test holds this table equal to PyYAML's own.
_IMPLICIT: list[tuple[str, str, str]] = [
    (_BOOL, r"""^(?:yes|Yes|YES|no|No|NO
                    |true|True|TRUE|false|False|FALSE
                    |on|On|ON|off|Off|OFF)$""", "yYnNtTfFoO"),
    (_FLOAT, r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
                    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                    |[-+]?\.(?:inf|Inf|INF)
                    |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    (_INT, r"""^(?:[-+]?0b[0-1_]+
                    |[-+]?0[0-7_]+
                    |[-+]?(?:0|[1-9][0-9_]*)
                    |[-+]?0x[0-9a-fA-F_]+
                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", "-+0123456789"),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
    (_NULL, r"""^(?: ~
                    |null|Null|NULL
                    | )$""", "~nN"),
    (_TIMESTAMP, r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
                     (?:[Tt]|[ \t]+)[0-9][0-9]?
                     :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
                     (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    ("tag:yaml.org,2002:value", r"^(?:=)$", "="),
    ("tag:yaml.org,2002:yaml", r"^(?:!|&|\*)$", "!&*"),
]  # fmt: skip
_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in _IMPLICIT:
    _regexp = re.compile(_pattern, re.X) if "\n" in _pattern else re.compile(_pattern)
    for _char in [*_first, ""] if _tag == _NULL else _first:
        _RESOLVERS.setdefault(_char, []).append((_tag, _regexp))
_WILDCARD = _RESOLVERS.get(None, [])
_BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}

# Characters libyaml refuses (controls, surrogates), reads as line breaks (CR, NEL, LS, PS), or
# that this reader leaves to it (tab, BOM, characters beyond the BMP); the byte patterns find
# them in UTF-8 a few times faster than one character class over the decoded text.
_RARE_BYTES = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F, *range(0xF0, 0x100)])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _RARE_BYTES)
_RARE_SEQUENCES = [
    re.compile(rb"\xc2[\x80-\x9f]"),  # C1 controls, NEL
    re.compile(rb"\xe2\x80[\xa8\xa9]"),  # line and paragraph separators
    re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # BOM, non-characters
]
_LEAVE_TO_LIBYAML = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"""([A-Za-z_][A-Za-z0-9_-]*|"[^"\\]*"|'[^']*'):(?: +|$)""")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")
_FLOW_TOKEN = re.compile(
    r""" *("[^"\\]*(?:\\.[^"\\]*)*"|'[^']*(?:''[^']*)*'"""  # double- or single-quoted
    r"""|[^\s,\[\]{}#&*!|>'"%@`?:-][^,\[\]{}#:?]*|-[^\s,\[\]{}#:?][^,\[\]{}#:?]*)"""  # or plain
)
_BLOCK_HEADER = re.compile(r"([|>])(-?)(?: +#.*| *)$")
_MEMO: dict[str, Any] = {}
_MEMO_LIMIT = 50_000


class Unsupported(Exception):
    """The text uses YAML outside the subset read here; libyaml must read it."""


@dataclass
class Parsed:
    """A file read by this module: its data and the positions recorded so far (1-based)."""

    data: Any
    values: Positions = field(default_factory=dict)
    keys: Positions = field(default_factory=dict)
    items: dict[Pointer, Item] = field(default_factory=dict)
    """With ``lazy``: where each top-level list item starts (see :data:`Item`)."""


def rare_characters(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds a character this module leaves to libyaml (see :func:`parse`)."""
    return bool(data.translate(None, _OTHER_BYTES)) or any(p.search(data) for p in _RARE_SEQUENCES)


def parse(text: str, lazy: bool = False, rare: bool | None = None) -> Parsed:
    """Read ``text``; raise :class:`Unsupported` if it is not in the subset read here.

    With ``lazy``, the items of top-level lists get no positions yet (see :func:`locate_item`);
    a file whose shape does not allow that is read with every position at once. ``rare`` is
    :func:`rare_characters` of the text's bytes when the caller knows it.
    """
    if rare if rare is not None else _LEAVE_TO_LIBYAML.search(text):
        raise Unsupported("a character left to libyaml")
    if lazy:
        try:
            try:
                return _scan(text, fast=True)
            except _Retry:
                return _scan(text, fast=False)
        except _NeedsPositions:
            pass
    reader = _Reader(text.split("\n"))
    start = reader.significant(0)
    if start >= reader.count:
        raise Unsupported("no content")
    indent = reader.indent(start)
    data: Any
    if reader.lines[start].startswith("- ", indent):
        data, end = reader.sequence(start, indent, ())
    else:
        data, end = reader.mapping(start, indent, ())
    if end < reader.count:
        raise Unsupported("content after the root node")
    return Parsed(data, reader.values, reader.keys)


class _NeedsPositions(Exception):
    """The file's shape needs positions the lazy scan does not keep; read it eagerly."""


class _Retry(Exception):
    """A fact read whole (see :func:`_rows`) is not where the scan expects one; scan line by line."""


_ROW = re.compile(
    r"""^( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_-]*|"[^"\\\n]*"|'[^'\n]*'):( +|$))?(.*)$""", re.MULTILINE
)
_INDICATORS = frozenset(",]}#&*!%@`|>")


def _scan(text: str, fast: bool) -> Parsed:
    """Read a file whose root is a block mapping, without positions inside top-level list items.

    One regular expression splits every line into indent, ``- ``, key and the rest, in C; this
    loop then keeps a stack of open collections (indent, container, is it a mapping, depth,
    pointer), with the innermost one's in local variables. Only the root level records positions;
    each item of a top-level list records where it starts, for :func:`locate_item`. With
    ``fast``, items in the usual layout of a fact are read whole beforehand (see :func:`_rows`).
    """
    count = text.count("\n") + 1
    whole: dict[int, _Run] = {}
    rows = _rows(text, count, whole) if fast else _ROW.findall(text)
    if len(rows) != count:
        raise Unsupported("lines the row pattern does not split")
    values: Positions = {}
    keys: Positions = {}
    items: dict[Pointer, Item] = {}
    stack: list[tuple[int, Any, bool, int, Pointer]] = []
    pending: tuple[Any, str, int, int, Pointer] | None = None
    root: dict[str, Any] | None = None
    reader: _Reader | None = None  # made for the first block scalar, which needs the lines
    # The innermost open collection, kept in local variables.
    top_indent, is_mapping, depth = -1, False, 0
    container: Any = None
    pointer: Pointer = ()
    names, plain_start, resolvers = _NAMES, _PLAIN_START, _RESOLVERS
    i, count = -1, len(rows)
    while i + 1 < count:
        i += 1
        indent_text, dash, key, spaces, rest = rows[i]
        if not key and not dash:
            if not rest or rest[0] == "#":
                continue
            if rows[i] is _INSIDE_WHOLE:  # a fact read whole, but the scan did not take it as one
                raise _Retry
            raise Unsupported(f"line {i + 1}: neither a key nor an entry")
        indent = len(indent_text)
        if pending is not None:  # the first line of a key's nested collection
            parent, parent_key, parent_indent, depth, pointer = pending
            pending = None
            if indent <= parent_indent:
                raise Unsupported(f"line {i}: empty value")
            if depth >= MAX_DEPTH:
                raise Unsupported("deep nesting")
            if depth == 1:
                values[pointer] = (i + 1, indent + 1)
                if not dash:
                    raise _NeedsPositions
            container = [] if dash else {}
            parent[parent_key] = container
            top_indent, is_mapping = indent, not dash
            stack.append((top_indent, container, is_mapping, depth, pointer))
        else:
            if indent < top_indent:  # back out of nested collections
                while stack and indent < stack[-1][0]:
                    stack.pop()
                top_indent, container, is_mapping, depth, pointer = stack[-1] if stack else _NOTHING_OPEN
            if not stack:
                if root is not None or dash:
                    raise _NeedsPositions if root is None else Unsupported("content after the root node")
                root = container = {}
                values[()] = (i + 1, indent + 1)
                top_indent, is_mapping, depth, pointer = indent, True, 0, ()
                stack.append((top_indent, container, is_mapping, depth, pointer))
            if indent != top_indent:
                raise Unsupported(f"line {i + 1}: unexpected indentation")
        if dash:
            if is_mapping:
                raise Unsupported(f"line {i + 1}: an entry where a key was expected")
            if depth == 1:
                if not key:
                    raise _NeedsPositions  # a top-level list of scalars: positions now
                items[(*pointer, len(container))] = (i, indent, -1)  # the row does not say where
                if whole:
                    run = whole.get(i)
                    if run is not None:  # items read whole: take them, go on after the last one
                        facts, firsts, starts, i = run
                        pointers = [(*pointer, n) for n in range(len(container), len(container) + len(facts))]
                        wheres = [(first, indent, start) for first, start in zip(firsts, starts, strict=True)]
                        items.update(zip(pointers, wheres, strict=True))
                        container.extend(facts)
                        continue
            if not key:
                if not rest or rest[0] == "#":
                    raise Unsupported(f"line {i + 1}: an entry on the following lines")
                container.append(_value(rest, i))
                continue
            entry: dict[str, Any] = {}
            container.append(entry)
            depth += 1
            if depth >= MAX_DEPTH:
                raise Unsupported("deep nesting")
            top_indent, container, is_mapping, pointer = indent + len(dash), entry, True, ()
            indent = top_indent
            stack.append((top_indent, container, is_mapping, depth, pointer))
        elif not is_mapping:
            raise Unsupported(f"line {i + 1}: a key where an entry was expected")
        name = names.get(key) or _name(key)
        if name in container:
            raise Unsupported(f"line {i + 1}: duplicate key")
        if not rest or rest[0] == "#":
            if depth == 0:
                keys[(name,)] = (i + 1, indent + 1)
            pending = (container, name, indent, depth + 1, (name,) if depth == 0 else ())
            continue
        first = rest[0]
        if depth:
            if first == '"' and rest[-1] == '"' and rest.count('"') == 2 and "\\" not in rest:
                container[name] = rest[1:-1]
                continue
            if first in plain_start and rest[-1] not in " :" and " #" not in rest and ": " not in rest:
                container[name] = plain(rest) if first in resolvers else rest
                continue
        else:
            keys[(name,)] = (i + 1, indent + 1)
            values[(name,)] = (i + 1, indent + len(key) + len(spaces) + 2)
            if (first == "[" or first == "{") and rest[1:].lstrip(" ")[:1] not in "]}":
                raise _NeedsPositions
        if first == "|" or first == ">":
            column = indent + len(key) + 1 + len(spaces)
            if reader is None:
                reader = _Reader(text.split("\n"))
            container[name], end = reader.block_scalar(i, column, indent, (name,))
            i = end - 1
            continue
        container[name] = _value(rest, i)
    if pending is not None:
        raise Unsupported("empty value at the end")
    if root is None:
        raise Unsupported("no content")
    return Parsed(root, values, keys, items)


# A one-line plain scalar starting with one of these, with no " #", ": " or trailing space or
# colon, is its own text (or what the resolver makes of it): the scan takes it without a call.
_PLAIN_START = frozenset() if _WILDCARD else frozenset(string.ascii_letters + string.digits + "_(./+~")
_NAMES: dict[str, str] = {}
"""Key tokens already read -> the key they stand for (few distinct keys, read many times)."""


def _name(token: str) -> str:
    name = _key(token)
    if len(_NAMES) < _MEMO_LIMIT:
        _NAMES[token] = name
    return name


_NOTHING_OPEN: tuple[int, Any, bool, int, Pointer] = (-1, None, False, 0, ())


Row = tuple[str, str, str, str, str]
_INSIDE_WHOLE: Row = ("", "", "", "", "\x00")
"""The row of each line inside a fact read whole; the scan jumps over them (never a real row:
a NUL is a character left to libyaml)."""
_FIRST_FACT = re.compile(r"\n( {0,16})- id: ")


class _Run(NamedTuple):
    """Facts read whole, one right after the other."""

    facts: list[dict[str, Any]]
    firsts: list[int]
    """The index of each one's first line."""
    starts: list[int]
    """The offset of each one's first line in the text."""
    last: int
    """The index of the last one's last line."""


def _rows(text: str, count: int, whole: dict[int, _Run]) -> list[Row]:
    """The rows of :data:`_ROW` for ``text``, reading the facts in the usual layout whole.

    At 50,000 facts the line loop of :func:`_scan` is most of the time a check takes to read
    its files; one regular expression matches a whole item laid out as fact files usually are
    and its groups make the item. Each such item keeps the row of its first line, so the scan
    meets it as it would meet any item, and ``whole`` maps that line to the item and the ones
    right after it (a :class:`_Run`): if the scan takes the row as the start of a top-level
    list item, it takes them all and goes on after them (it would read each next one in the same
    state); if it meets a row inside the run instead, it raises :class:`_Retry` and the file is
    scanned line by line. The layout is narrow enough that every value in it is read as the scan
    reads it, and an item matches only where it ends before a line indented no deeper than its
    ``-``, so the scan would close it there too.
    """
    first = _FIRST_FACT.search(text)
    if first is None or _WILDCARD:
        return _ROW.findall(text)
    indent = len(first.group(1))
    fact, more_citations, more_relations = _fact_patterns(indent)
    escapes = [*_where(text, "\\"), len(text)]
    escape = 0  # the first escape that may be inside the item at hand
    dash = " " * indent
    rows = [_INSIDE_WHOLE] * count
    line = at = 0  # rows are filled up to ``line``, which starts at ``at``
    facts: list[dict[str, Any]] = []  # the run being read
    firsts: list[int] = []
    starts: list[int] = []
    for match in fact.finditer(text, first.start()):
        start, end = match.span()  # from the line break before the item to the one after it
        if escapes[escape] < end:
            while escapes[escape] < start:
                escape += 1
            if escapes[escape] < end:
                continue  # a backslash: maybe an escape in a quoted value, which the scan reads
        groups = match.groups()
        try:
            item, lines = _fact(groups, more_citations, more_relations)
        except Unsupported:
            continue  # the scan meets the value that is not read here, in its place
        if start != at - 1:  # not right after the previous one: a new run
            if facts:
                whole[firsts[0]] = _Run(facts, firsts, starts, line - 1)
            first_line = line + text.count("\n", at, start) + 1
            rows[line:first_line] = _gap_rows(text, at, start, first_line - line)
            rows[first_line] = (dash, "- ", "id", " ", groups[0])  # as _ROW splits the line
            facts, firsts, starts, line = [], [], [], first_line
        facts.append(item)
        firsts.append(line)
        starts.append(start + 1)
        line += lines
        at = end + 1
    if facts:
        whole[firsts[0]] = _Run(facts, firsts, starts, line - 1)
    rest = text.count("\n", at) + 1 if at <= len(text) else 0
    if line + rest != count:  # a quoted value went on over a line break: not in the layout
        raise _Retry
    if rest:
        rows[line:] = _gap_rows(text, at, len(text), rest)
    return rows


def _where(text: str, character: str) -> Iterator[int]:
    """Where ``character`` stands in ``text``, in order."""
    at = text.find(character)
    while at >= 0:
        yield at
        at = text.find(character, at + 1)


def _gap_rows(text: str, start: int, end: int, expected: int) -> list[Row]:
    rows: list[Row] = _ROW.findall(text, start, end)
    if len(rows) != expected:
        raise _Retry
    return rows


_FACT_PATTERNS: dict[int, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = {}
_PLAIN_TEXT = r"[A-Za-z0-9_][A-Za-z0-9_.+-]*"  # no space, '#' or ':'; read by plain() as the scan does
# The bodies of quoted values: no quote, and no line break or backslash, which _rows() checks
# once for the whole fact rather than here, where each character would be tested three times.
_DOUBLE_BODY = r'[^"]*'
_SINGLE_BODY = r"[^']*"
_FLOW_TEXT = r"[\[{][^\n]*"  # the rest of the line, read by _value() as the scan reads it


def _fact_patterns(indent: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A whole fact in the usual layout whose ``-`` stands at ``indent``; more citations; more relations.

    Three citations and one relation have groups of their own (findall costs more than a group);
    more of them are captured as one text for the other two patterns. Nothing may follow a
    value on its line, and the fact must be followed by blank lines, comments and then a line
    indented no deeper than its ``-``, or the end.
    """
    if indent not in _FACT_PATTERNS:
        at = "\n" + " " * (indent + 2)  # where the item's keys stand
        plain, double, flow = f"({_PLAIN_TEXT})", f'"({_DOUBLE_BODY})"', f"({_FLOW_TEXT})"
        citation, relation = _entries(at, "(")
        more_citations, more_relations = (f"((?:{entry})+)" for entry in _entries(at, "(?:"))
        fact = (
            f"\n{' ' * indent}- id: {plain}{at}statement: {double}(?:{at}themes: {flow})?"
            f"{at}citations:{citation}(?:{citation}(?:{citation}{more_citations}?)?)?"
            f"{at}attribution:{at}  by: {double}{at}  kind: {plain}(?:{at}  via: {flow})?"
            f"{at}when:{at}  date: {plain}{at}  basis: {double}"
            f"{at}credibility: {plain}{at}review: {flow}"
            f"(?:{at}relations:{relation}{more_relations}?)?"
            r"((?:\n *(?:#[^\n]*)?(?=\n|\Z))*)"  # blank lines and comments after it
            f"(?=\\n {{0,{indent}}}[^ \\n#]|\\Z)"  # then a line that closes it, or the end
        )
        _FACT_PATTERNS[indent] = (re.compile(fact), re.compile(citation), re.compile(relation))
    return _FACT_PATTERNS[indent]


def _entries(at: str, group: str) -> tuple[str, str]:
    """A citation and a relation of a fact whose keys stand after ``at``; ``group`` opens groups."""
    plain, double = f"{group}{_PLAIN_TEXT})", f'"{group}{_DOUBLE_BODY})"'
    passage = f"""(?:{double}|'{group}{_SINGLE_BODY})')"""
    citation = f"{at}  - seed: {plain}{at}    passage: {passage}"
    return citation, f"{at}  - type: {plain}{at}    fact: {plain}(?:{at}    {group}note): {double})?"


def _fact(
    groups: tuple[Any, ...], more_citations: re.Pattern[str], more_relations: re.Pattern[str]
) -> tuple[dict[str, Any], int]:
    """The item of a match of :func:`_fact_patterns` as the scan would read it, and its lines.

    The lines are counted from the parts that matched: counting the line breaks in the text
    would cost nearly as much as making the item (:func:`_rows` checks the sum once per file).
    """
    (
        ident, statement, themes,
        seed, double, single, seed_2, double_2, single_2, seed_3, double_3, single_3, more,
        by, kind, via, date, basis, credibility, review,
        relation_type, other, has_note, note, further, after,
    ) = groups  # fmt: skip
    lines = 14 if after == "\n" else 13 + after.count("\n")  # id to review, one citation, after it
    scalars, flows = _SCALARS, _FLOWS
    citations = [{"seed": scalars[seed], "passage": single if double is None else double}]
    if seed_2 is not None:
        lines += 2
        citations.append({"seed": scalars[seed_2], "passage": single_2 if double_2 is None else double_2})
        if seed_3 is not None:
            lines += 2
            citations.append({"seed": scalars[seed_3], "passage": single_3 if double_3 is None else double_3})
            if more is not None:
                found = more_citations.findall(more)
                lines += _entry_lines(more, 2 * len(found))
                citations += [{"seed": scalars[s], "passage": d or q} for s, d, q in found]
    attribution = {"by": by, "kind": scalars[kind]}
    if via is not None:
        lines += 1
        attribution["via"] = (flows.get(via) or _flow(via)).copy()
    if ident[0] in _RESOLVERS:
        ident = plain(ident)
    when = {"date": scalars[date], "basis": basis}
    credibility, review = scalars[credibility], (flows.get(review) or _flow(review)).copy()
    # One dict display per shape: made at its size, not grown key by key.
    item: dict[str, Any]
    if themes is None:
        item = {
            "id": ident,
            "statement": statement,
            "citations": citations,
            "attribution": attribution,
            "when": when,
            "credibility": credibility,
            "review": review,
        }
    else:
        lines += 1
        item = {
            "id": ident,
            "statement": statement,
            "themes": (flows.get(themes) or _flow(themes)).copy(),
            "citations": citations,
            "attribution": attribution,
            "when": when,
            "credibility": credibility,
            "review": review,
        }
    if relation_type is not None:
        lines += 3 if has_note is None else 4
        relations = [_relation(relation_type, other, has_note, note)]
        if further is not None:
            found = more_relations.findall(further)
            lines += _entry_lines(further, sum(3 if noted else 2 for _, _, noted, _ in found))
            relations += [_relation(*entry) for entry in found]
        item["relations"] = relations
    return item, lines


def _entry_lines(text: str, expected: int) -> int:
    """The lines of the citations or relations after the first few, which are ``expected`` if
    every value in them stands on one line.

    Their quoted values may match over a line break (the pattern leaves line breaks to the count
    of a file's lines, see :func:`_rows`), and counting the line breaks of this text would count
    those too: libyaml folds such a value, so the fact is left to the scan, and then to libyaml.
    """
    if text.count("\n") != expected:
        raise Unsupported("a quoted value over a line break")
    return expected


def _relation(relation_type: str, other: str, has_note: str | None, note: str) -> dict[str, Any]:
    relation = {
        "type": _SCALARS[relation_type],
        "fact": other if other[0] not in _RESOLVERS else plain(other),
    }
    if has_note:
        relation["note"] = note
    return relation


class _Scalars(dict[str, Any]):
    """Plain scalars already read -> their value (a fact file repeats the same few many times)."""

    def __missing__(self, text: str) -> Any:
        value = plain(text)
        if len(self) < _MEMO_LIMIT:
            self[text] = value
        return value


_SCALARS = _Scalars()
_FLOWS: dict[str, Any] = {}
"""Flow collections already read -> their value (the same few are written again and again)."""


def _flow(rest: str) -> Any:
    """A one-line flow collection as :func:`_value` reads it, remembered: the caller copies it."""
    value = _value(rest, 0)
    if len(_FLOWS) < _MEMO_LIMIT:
        _FLOWS[rest] = value
    return value


def _value(rest: str, i: int) -> Any:
    """A one-line value (scalar or flow collection of scalars), without positions."""
    first = rest[0]
    if first == '"':
        if rest[-1] == '"' and rest.count('"') == 2 and "\\" not in rest:
            return rest[1:-1]
    elif first == "'":
        if rest[-1] == "'" and rest.count("'") == 2:
            return rest[1:-1]
    elif first != "[" and first != "{":
        if first in _INDICATORS or (first in "-?:" and (len(rest) == 1 or rest[1] == " ")):
            raise Unsupported(f"line {i + 1}: indicator")
        cut = rest.find(" #")
        text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise Unsupported(f"line {i + 1}: ':' in a plain scalar")
        return plain(text) if first in _RESOLVERS or _WILDCARD else text
    elif first == "[":
        if _SIMPLE_SEQUENCE.fullmatch(rest):
            inner = rest[1:-1]
            return [plain(part.strip(" ")) for part in inner.split(",")] if inner else []
    elif _SIMPLE_MAPPING.fullmatch(rest):
        result: dict[str, Any] = {}
        for key, quoted, bare in _MAPPING_ENTRY.findall(rest):
            name = _NAMES.get(key) or _name(key)
            if name in result:
                raise Unsupported(f"line {i + 1}: duplicate key")
            result[name] = quoted[1:-1] if quoted else plain(bare.rstrip(" "))
        return result
    return _Reader([]).inline(rest, i, 0, ())


# One-line flow collections of simple scalars, read without the general flow reader.
_SIMPLE_ITEM = r"[A-Za-z0-9][\w .()/+-]*"
_SIMPLE_SEQUENCE = re.compile(rf"\[(?:{_SIMPLE_ITEM}(?:, *{_SIMPLE_ITEM})*)?\]")
# Keys as the flow reader takes them (plain ones in ASCII, see _PLAIN_KEY): an item taken here
# with a key that reader refuses would make it fail where a message asks where a value stands.
_SIMPLE_KEY = f'{_PLAIN_KEY.pattern}|"{_PLAIN_KEY.pattern}"'
_SIMPLE_ENTRY = rf"""(?:{_SIMPLE_KEY}): (?:"[^"\\]*"|{_SIMPLE_ITEM})"""
_SIMPLE_MAPPING = re.compile(rf"\{{{_SIMPLE_ENTRY}(?:, *{_SIMPLE_ENTRY})*\}}")
_MAPPING_ENTRY = re.compile(rf"""({_SIMPLE_KEY}): (?:("[^"\\]*")|({_SIMPLE_ITEM}))""")


class LazyPositions:
    """The positions inside top-level list items, read from the file's text on first use.

    A message about a fact needs one value's line and column (or its nearest enclosing value's),
    so :meth:`locate` reads only the lines on the way down to it (see :class:`_Walk`), about a
    tenth of what reading the whole item costs; :meth:`fill` reads the whole item, as the walk
    does wherever it is unsure. ``text`` is the decoded ``data`` when the caller has it already.
    """

    def __init__(self, data: bytes, items: dict[Pointer, Item], text: str | None = None) -> None:
        self.data, self.items = data, items
        self._text = text
        self._lines: list[str] | None = None
        self._starts: list[int] | None = None
        self._done: set[Pointer] = set()

    def text(self) -> str:
        if self._text is None:
            self._text = self.data.decode("utf-8")
        return self._text

    def fill(self, item: Pointer, values: Positions, keys: Positions) -> None:
        """Add the positions of every value and key inside ``item`` to the maps, once."""
        where = self.items.get(item)
        if where is None or item in self._done:
            return
        self._done.add(item)
        if self._lines is None:
            self._lines = self.text().split("\n")
        more_values, more_keys = locate_item(self._lines, where[0], where[1], item)
        values.update(more_values)
        keys.update(more_keys)

    def locate(self, pointer: Pointer, values: Positions, keys: Positions) -> None:
        """Add the positions of the values and keys on the way to ``pointer`` to the maps.

        Those are every enclosing value that exists, and the value itself if it does: all that
        the nearest enclosing value, the key and whether the value exists are judged by.
        """
        item = pointer[:2]
        where = self.items.get(item)
        if where is None or item in self._done:
            return
        walk = _Walk(self.text(), pointer)
        try:
            sure = walk.item(self._offset(item, where), where[0], where[1])
        except (_Unsure, Unsupported):
            sure = False
        if sure:
            values.update(walk.values)
            keys.update(walk.keys)
        else:
            self.fill(item, values, keys)

    def _offset(self, item: Pointer, where: Item) -> int:
        """Where the first line of ``item`` starts in the text."""
        line, _, offset = where
        if offset >= 0:
            return offset
        text, index = self.text(), item[1]
        if self._starts is None and isinstance(index, int):
            # An item the scan read line by line mostly follows one it read whole: count on from it.
            for back in range(index - 1, max(index - _LOOK_BACK, -1), -1):
                known = self.items.get((item[0], back))
                if known is not None and known[2] >= 0 and known[0] <= line:
                    return _skip_lines(text, known[2], line - known[0])
        if self._starts is None:
            self._starts = _line_starts(text)
        return self._starts[line]


_LOOK_BACK = 64
"""How many items before one the scan read line by line :meth:`LazyPositions._offset` looks for
one whose offset is known, before it finds where every line starts (as costly as a split)."""


def _skip_lines(text: str, at: int, count: int) -> int:
    """The offset of the line ``count`` lines after the one at offset ``at``."""
    for _ in range(count):
        at = text.index("\n", at) + 1
    return at


def _line_starts(text: str) -> list[int]:
    """The offset of every line of ``text``."""
    starts = [0]
    starts += [match.end() for match in _LINE_BREAK.finditer(text)]
    return starts


_LINE_BREAK = re.compile("\n")


class _Line(NamedTuple):
    """One line of a text, where it starts and its index."""

    at: int
    number: int
    text: str


class _Walk:
    """The positions on the way from a top-level list item down to one pointer inside it.

    It reads the item's lines as :class:`_Reader` does, but skips every subtree off the way by
    its indentation: in a text the reader accepts, each line of a value nested under a key or an
    entry is indented deeper than that key or entry, or is blank or a comment. Each method
    walks on from the value at ``pointer[:depth]`` and returns False where it cannot be sure of
    reading as the reader does; what it recorded is then incomplete, and the caller reads the
    whole item instead.
    """

    def __init__(self, text: str, pointer: Pointer) -> None:
        self.text, self.pointer = text, pointer
        self.values: Positions = {}
        self.keys: Positions = {}

    def item(self, at: int, number: int, indent: int) -> bool:
        """Walk down from the item whose ``-`` stands at ``indent`` on line ``number`` at ``at``."""
        return self.entry(_Line(at, number, self.line(at)), indent, 2)

    def entry(self, line: _Line, indent: int, depth: int) -> bool:
        """From an entry of a block sequence, whose ``-`` stands at ``indent`` on ``line``."""
        text = line.text
        if not text.startswith("- ", indent):
            return False
        column = indent + 2
        while column < len(text) and text[column] == " ":
            column += 1
        rest = text[column:]
        if not rest or rest[0] in "#|>":
            return False
        self.values[self.pointer[:depth]] = (line.number + 1, column + 1)
        if _KEY.match(text, column) is None:
            return self.inline(rest, line.number, column, depth)
        return self.mapping(line, column, depth)

    def mapping(self, line: _Line, indent: int, depth: int) -> bool:
        """From a block mapping whose first key stands on ``line`` at column ``indent``."""
        pointer = self.pointer
        if depth == len(pointer):
            return True
        name = pointer[depth]
        if type(name) is not str:
            return type(name) is int  # an index into a mapping: absent
        found = self.key(line, indent, name)
        if found is None:
            return True
        line, column = found
        self.keys[pointer[: depth + 1]] = (line.number + 1, indent + 1)
        rest = line.text[column:]
        if not rest or rest[0] == "#":
            return self.nested(line, indent, depth + 1)
        self.values[pointer[: depth + 1]] = (line.number + 1, column + 1)
        return self.inline(rest, line.number, column, depth + 1)

    def nested(self, line: _Line, parent: int, depth: int) -> bool:
        """From the block collection under the key on ``line``, which stands at column ``parent``."""
        first = self.significant(line)
        if first is None:
            return False
        text = first.text
        indent = len(text) - len(text.lstrip(" "))
        if indent <= parent:
            return False
        self.values[self.pointer[:depth]] = (first.number + 1, indent + 1)
        if text[indent] == "-" and (len(text) == indent + 1 or text[indent + 1] == " "):
            return self.sequence(first, indent, depth)
        return self.mapping(first, indent, depth)

    def sequence(self, line: _Line, indent: int, depth: int) -> bool:
        """From a block sequence whose first ``-`` stands on ``line`` at column ``indent``."""
        pointer = self.pointer
        if depth == len(pointer):
            return True
        index = pointer[depth]
        if type(index) is not int:
            return type(index) is str  # a key into a sequence: absent
        if index < 0:
            return True
        found: _Line | None = line
        for _ in range(index):
            found = self.following(found, indent) if found is not None else None
        return found is None or self.entry(found, indent, depth + 1)

    def inline(self, rest: str, number: int, column: int, depth: int) -> bool:
        """Inside a value that starts on its key's line: a flow collection's scalars, read by the
        reader; nothing inside a scalar, plain, quoted or block."""
        if depth == len(self.pointer) or rest[0] not in "[{":
            return True
        reader = _Reader([])
        try:
            reader.inline(rest, 0, column, self.pointer[:depth])
        except Unsupported:
            return False
        line = number + 1  # the reader took the value for the first line of a text
        self.values.update((inner, (line, where)) for inner, (_, where) in reader.values.items())
        self.keys.update((inner, (line, where)) for inner, (_, where) in reader.keys.items())
        return True

    def key(self, line: _Line, indent: int, name: str) -> tuple[_Line, int] | None:
        """The line of key ``name`` of the mapping whose first key is on ``line``, and where its
        value starts; None if the mapping has no such key.

        Past the first key, each line indented exactly ``indent`` before the first one indented
        less is one of the mapping's keys, so one search finds the key's line.
        """
        match = _KEY.match(line.text, indent)
        if match is None:
            raise _Unsure
        if (_NAMES.get(match.group(1)) or _name(match.group(1))) == name:
            return line, match.end()
        pattern = _KEY_LINES.get((indent, name)) or _key_line(indent, name)
        found = pattern.search(self.text, line.at + len(line.text))
        if found is None or found.group(1) is None:
            return None
        line = self.after(line, found.start() + 1)
        match = _KEY.match(line.text, indent)
        if match is None or (_NAMES.get(match.group(1)) or _name(match.group(1))) != name:
            raise _Unsure
        return line, match.end()

    def following(self, line: _Line, indent: int) -> _Line | None:
        """The next line indented exactly ``indent``, past deeper ones; None if one less comes first."""
        pattern = _SHALLOW.get(indent) or _shallow(indent)
        match = pattern.search(self.text, line.at + len(line.text))
        if match is None or match.end() - match.start() - 1 != indent:
            return None
        return self.after(line, match.start() + 1)

    def significant(self, line: _Line) -> _Line | None:
        """The next line that is neither blank nor a comment; None at the end of the text."""
        match = _SIGNIFICANT.search(self.text, line.at + len(line.text))
        return None if match is None else self.after(line, match.start() + 1)

    def after(self, line: _Line, at: int) -> _Line:
        """The line that starts at ``at``, after ``line``."""
        number = line.number + self.text.count("\n", line.at, at)
        end = self.text.find("\n", at)
        return _Line(at, number, self.text[at:] if end < 0 else self.text[at:end])

    def line(self, at: int) -> str:
        end = self.text.find("\n", at)
        return self.text[at:] if end < 0 else self.text[at:end]


_SIGNIFICANT = re.compile(r"\n *(?=[^ \n#])")
"""The start of the next line that is neither blank nor a comment (the reader's
``significant``: tabs and other line breaks are left to libyaml, so only spaces indent)."""
_SHALLOW: dict[int, re.Pattern[str]] = {}
_KEY_LINES: dict[tuple[int, str], re.Pattern[str]] = {}


def _key_line(indent: int, name: str) -> re.Pattern[str]:
    """The start of the next line that is key ``name`` indented ``indent`` (group 1 matches),
    or that is neither blank nor a comment and indented less, which ends the mapping."""
    spellings = [re.escape(name)] if _PLAIN_KEY.fullmatch(name) else []
    if "\n" not in name and '"' not in name and "\\" not in name:
        spellings.append(re.escape(f'"{name}"'))
    if "\n" not in name and "'" not in name:
        spellings.append(re.escape(f"'{name}'"))
    token = "|".join(spellings) or "(?!)"  # no spelling: no line has that key
    shallower = f"| {{0,{indent - 1}}}(?=[^ \n#])" if indent else ""
    pattern = re.compile(rf"\n(?:( {{{indent}}})(?:{token}):(?: |\n|\Z){shallower})")
    if len(_KEY_LINES) < _MEMO_LIMIT:
        _KEY_LINES[indent, name] = pattern
    return pattern


def _shallow(indent: int) -> re.Pattern[str]:
    """The start of the next line that is neither blank nor a comment and is indented no deeper
    than ``indent``, and its indentation."""
    _SHALLOW[indent] = re.compile(rf"\n {{0,{indent}}}(?=[^ \n#])")
    return _SHALLOW[indent]


class _Unsure(Exception):
    """The walk met a line it does not read as the reader would; read the whole item."""


def locate_item(
    lines: list[str], first_line: int, indent: int, pointer: Pointer
) -> tuple[Positions, Positions]:
    """The positions of every value and key inside one list item that :func:`parse` left lazy."""
    reader = _Reader(lines)
    reader.item(first_line, indent, pointer)
    return reader.values, reader.keys


def plain(text: str) -> Any:
    """A one-line plain scalar as PyYAML's safe loader resolves and constructs it."""
    if not text or text[0] in _RESOLVERS:
        try:
            return _MEMO[text]
        except KeyError:
            pass
        tag = _resolve(text)
        if tag in (_STR, _TIMESTAMP):
            value: Any = text
        elif tag == _NULL:
            value = None
        elif tag == _BOOL:
            value = _BOOL_VALUES[text.lower()]
        elif tag == _INT:
            value = _construct_int(text)
        elif tag == _FLOAT:
            value = _construct_float(text)
        else:
            raise Unsupported(f"plain scalar resolving to {tag}")
        if len(_MEMO) < _MEMO_LIMIT:
            _MEMO[text] = value
        return value
    if _WILDCARD:
        raise Unsupported("wildcard resolvers")
    return text


def _construct_int(text: str) -> int:
    """An int as PyYAML's SafeConstructor.construct_yaml_int makes it."""
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        total, base = 0, 1
        for digit in reversed([int(part) for part in value.split(":")]):
            total += digit * base
            base *= 60
        return sign * total
    return sign * int(value)


_INF = 1e300
while _INF != _INF * _INF:
    _INF *= _INF
_NAN = -_INF / _INF  # as PyYAML makes them


def _construct_float(text: str) -> float:
    """A float as PyYAML's SafeConstructor.construct_yaml_float makes it."""
    value = text.replace("_", "").lower()
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * _INF
    if value == ".nan":
        return _NAN
    if ":" in value:
        total, base = 0.0, 1
        for digit in reversed([float(part) for part in value.split(":")]):
            total += digit * base
            base *= 60
        return sign * total
    return sign * float(value)


def _resolve(text: str) -> str:
    for tag, regexp in _RESOLVERS.get(text[0] if text else "", []) + _WILDCARD:
        if regexp.match(text):
            return tag
    return _STR


def _key(token: str) -> str:
    """The key a key token stands for; a plain key must resolve to a string or a boolean."""
    if len(token) > _LONGEST_KEY:
        raise Unsupported("a long key")
    if token[0] in "\"'":
        if "\\" in token or "''" in token[1:-1]:
            raise Unsupported("an escape in a quoted key")
        return token[1:-1]
    if token[0] in _RESOLVERS and _resolve(token) not in (_STR, _BOOL):
        raise Unsupported("a key that is not a string")
    return token


_LONGEST_KEY = 1000
"""libyaml takes a key of up to 1024 characters, colon included, and refuses a longer one ("could
not find expected ':'"): a key token longer than this is left to it, wherever it stands."""


def _double(body: str) -> str:
    """The text of a one-line double-quoted scalar's body; rare escapes are left to libyaml."""
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_unescape, body)


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _ESCAPES:
        return _ESCAPES[code]
    if len(code) == 5:
        point = int(code[1:], 16)
        if not 0xD800 <= point <= 0xDFFF:
            return chr(point)
    raise Unsupported(f"escape \\{code}")


def _tail_ok(tail: str) -> bool:
    """Whether what follows a closed scalar or collection on its line is blank or a comment."""
    stripped = tail.lstrip(" ")
    return not stripped or (stripped[0] == "#" and len(stripped) < len(tail))


class _Reader:
    """Reads the lines of one text recursively, recording the position of every value and key."""

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.count = lines, len(lines)
        self.values: Positions = {}
        self.keys: Positions = {}

    def significant(self, i: int) -> int:
        """The index of the first line at or after ``i`` that is neither blank nor a comment."""
        lines, count = self.lines, self.count
        while i < count:
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                return i
            i += 1
        return i

    def indent(self, i: int) -> int:
        line = self.lines[i]
        return len(line) - len(line.lstrip(" "))

    def mapping(self, i: int, indent: int, pointer: Pointer) -> tuple[dict[str, Any], int]:
        """A block mapping whose first key stands on line ``i`` at column ``indent``."""
        if len(pointer) >= MAX_DEPTH:
            raise Unsupported("deep nesting")
        lines = self.lines
        result: dict[str, Any] = {}
        self.values[pointer] = (i + 1, indent + 1)
        while True:
            line = lines[i]
            match = _KEY.match(line, indent)
            if match is None:
                raise Unsupported(f"line {i + 1}: not a key")
            key = _key(match.group(1))
            if key in result:
                raise Unsupported(f"line {i + 1}: duplicate key")
            child = (*pointer, key)
            self.keys[child] = (i + 1, indent + 1)
            column = match.end()
            rest = line[column:]
            if not rest or rest[0] == "#":
                result[key], i = self.nested(i + 1, indent, child)
            elif rest[0] in "|>":
                result[key], i = self.block_scalar(i, column, indent, child)
            else:
                result[key] = self.inline(rest, i, column, child)
                i += 1
            i = self.significant(i)
            if i >= self.count:
                return result, i
            line = lines[i]
            found = len(line) - len(line.lstrip(" "))
            if found < indent:
                return result, i
            if found > indent:
                raise Unsupported(f"line {i + 1}: unexpected indentation")

    def nested(self, i: int, parent: int, pointer: Pointer) -> tuple[Any, int]:
        """The block collection that is the value of a key written alone on its line."""
        i = self.significant(i)
        if i >= self.count or self.indent(i) <= parent:
            raise Unsupported(f"line {i}: empty value")
        indent = self.indent(i)
        line = self.lines[i]
        if line[indent] == "-" and (len(line) == indent + 1 or line[indent + 1] == " "):
            return self.sequence(i, indent, pointer)
        return self.mapping(i, indent, pointer)

    def sequence(self, i: int, indent: int, pointer: Pointer) -> tuple[list[Any], int]:
        """A block sequence whose first ``-`` stands on line ``i`` at column ``indent``."""
        if len(pointer) >= MAX_DEPTH:
            raise Unsupported("deep nesting")
        lines = self.lines
        result: list[Any] = []
        self.values[pointer] = (i + 1, indent + 1)
        while True:
            child = (*pointer, len(result))
            value, i = self.item(i, indent, child)
            result.append(value)
            i = self.significant(i)
            if i >= self.count:
                return result, i
            line = lines[i]
            found = len(line) - len(line.lstrip(" "))
            if found < indent:
                return result, i
            if found > indent:
                raise Unsupported(f"line {i + 1}: unexpected indentation")

    def item(self, i: int, indent: int, pointer: Pointer) -> tuple[Any, int]:
        """One ``- `` entry of a block sequence: a mapping started on its line, or a scalar."""
        line = self.lines[i]
        if not line.startswith("- ", indent):
            raise Unsupported(f"line {i + 1}: not a sequence entry")
        column = indent + 2
        while column < len(line) and line[column] == " ":
            column += 1
        rest = line[column:]
        if not rest or rest[0] in "#|>":
            raise Unsupported(f"line {i + 1}: entry on the following lines")
        if _KEY.match(line, column):
            return self.mapping(i, column, pointer)
        return self.inline(rest, i, column, pointer), i + 1

    def inline(self, rest: str, i: int, column: int, pointer: Pointer) -> Any:
        """A value that starts and ends on line ``i`` at ``column``: a scalar or a flow collection."""
        self.values[pointer] = (i + 1, column + 1)
        first = rest[0]
        if first == '"' or first == "'":
            match = (_DOUBLE if first == '"' else _SINGLE).match(rest)
            if match is None or not _tail_ok(rest[match.end() :]):
                raise Unsupported(f"line {i + 1}: quoted scalar")
            body = match.group(1)
            return _double(body) if first == '"' else body.replace("''", "'")
        if first == "[":
            return self.flow_sequence(rest, i, column, pointer)
        if first == "{":
            return self.flow_mapping(rest, i, column, pointer)
        if first in ",]}#&*!%@`" or (first in "-?:" and (len(rest) == 1 or rest[1] == " ")):
            raise Unsupported(f"line {i + 1}: indicator")
        cut = rest.find(" #")
        text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise Unsupported(f"line {i + 1}: ':' in a plain scalar")
        return plain(text)

    def block_scalar(self, i: int, column: int, parent: int, pointer: Pointer) -> tuple[str, int]:
        """A folded (``>``) or literal (``|``) scalar, clipped or stripped, of even indentation."""
        header = _BLOCK_HEADER.match(self.lines[i], column)
        if header is None:
            raise Unsupported(f"line {i + 1}: block scalar header")
        self.values[pointer] = (i + 1, column + 1)
        lines, count = self.lines, self.count
        first = i + 1
        if first >= count or not lines[first].strip(" "):
            raise Unsupported(f"line {i + 1}: block scalar starts blank")
        indent = self.indent(first)
        if indent <= parent:
            raise Unsupported(f"line {i + 1}: empty block scalar")
        end = first
        while end < count:
            line = lines[end]
            if not line:
                break
            found = len(line) - len(line.lstrip(" "))
            if found < indent and line.strip(" "):
                break
            if found != indent or line[-1] == " ":
                raise Unsupported(f"line {end + 1}: block scalar indentation or trailing space")
            end += 1
        after = end
        while after < count and not lines[after]:
            after += 1
        if after < count and self.indent(after) >= indent:
            raise Unsupported(f"line {end + 1}: blank line inside a block scalar")
        body = [line[indent:] for line in lines[first:end]]
        text = (" " if header.group(1) == ">" else "\n").join(body)
        clipped = header.group(2) != "-" and end < count  # the last line break, if there is one
        return (text + "\n" if clipped else text), end

    def flow_sequence(self, rest: str, i: int, column: int, pointer: Pointer) -> list[Any]:
        """A one-line ``[a, "b", 'c']`` of scalars."""
        result: list[Any] = []
        at = 1
        while at < len(rest) and rest[at] == " ":
            at += 1
        if rest.startswith("]", at):
            at += 1
        else:
            while True:
                value, start, at = self.flow_scalar(rest, at, i)
                self.values[(*pointer, len(result))] = (i + 1, column + start + 1)
                result.append(value)
                closer = rest[at] if at < len(rest) else ""
                at += 1
                if closer == "]":
                    break
                if closer != "," or rest[at:].lstrip(" ")[:1] in ("]", ""):
                    raise Unsupported(f"line {i + 1}: flow sequence")
        if not _tail_ok(rest[at:]):
            raise Unsupported(f"line {i + 1}: after a flow sequence")
        return result

    def flow_mapping(self, rest: str, i: int, column: int, pointer: Pointer) -> dict[str, Any]:
        """A one-line ``{key: value, "key": value}`` of scalars."""
        result: dict[str, Any] = {}
        at = 1
        while True:
            token = _FLOW_TOKEN.match(rest, at)
            if token is None:
                raise Unsupported(f"line {i + 1}: flow mapping key")
            raw = token.group(1).rstrip(" ")
            key = _key(raw) if raw[0] in "\"'" or _PLAIN_KEY.fullmatch(raw) else None
            if key is None or key in result or not rest.startswith(": ", token.start(1) + len(raw)):
                raise Unsupported(f"line {i + 1}: flow mapping key")
            child = (*pointer, key)
            self.keys[child] = (i + 1, column + token.start(1) + 1)
            value, start, at = self.flow_scalar(rest, token.start(1) + len(raw) + 2, i)
            self.values[child] = (i + 1, column + start + 1)
            result[key] = value
            closer = rest[at] if at < len(rest) else ""
            at += 1
            if closer == "}":
                break
            if closer != ",":
                raise Unsupported(f"line {i + 1}: flow mapping")
        if not _tail_ok(rest[at:]):
            raise Unsupported(f"line {i + 1}: after a flow mapping")
        return result

    def flow_scalar(self, rest: str, at: int, i: int) -> tuple[Any, int, int]:
        """A scalar inside a flow collection: (value, where it starts, where its entry ends)."""
        token = _FLOW_TOKEN.match(rest, at)
        if token is None:
            raise Unsupported(f"line {i + 1}: flow scalar")
        raw = token.group(1)
        start, end = token.start(1), token.end(1)
        while end < len(rest) and rest[end] == " ":
            end += 1
        if raw[0] == '"':
            return _double(raw[1:-1]), start, end
        if raw[0] == "'":
            return raw[1:-1].replace("''", "'"), start, end
        text = raw.rstrip(" ")
        return plain(text), start, end
