"""Edit an editor's YAML file in place: every byte we did not mean to change stays as it was.

ruamel.yaml's round-trip parser gives every node of the file with its exact start and end
offsets; its emitter writes new YAML (quoting, escapes, flow or block style) correctly. We do
not let it re-dump the whole file, though: even with preserved quotes and matched indentation
a full round trip turns ``date: null`` into ``date:`` and cannot keep a file whose lists are
indented in two ways. Instead each edit is a splice of new text at offsets the parser gave, so
everything outside the edit is byte-identical by construction.

Three edits exist: :func:`append_item` (a new fact at the end of ``facts:``),
:func:`append_to` (an item at the end of a list inside one mapping, such as a fact's
``relations`` or a theme's ``key_judgments``, the key added when missing) and
:func:`set_scalars` (fields of one mapping, such as a fact's ``review``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import EditRefused, Problem

WIDTH = 1_000_000
"""Never fold a long line: editors keep one statement per line."""


@dataclass(frozen=True)
class Layout:
    """How a file lays out its list of items, so a new item looks like its neighbours."""

    dash: int = 2
    """Column (0-based) of each item's ``-``."""
    key: int = 4
    """Column of each item's keys."""
    nested_dash: int = 2
    """How far a nested list's ``-`` is indented from its key."""
    blank_between: bool = True
    """Whether items are separated by a blank line."""
    newline: str = "\n"


@dataclass(frozen=True)
class Splice:
    """The new text and where the change lies in it (1-based lines, inclusive)."""

    text: str
    first_line: int
    last_line: int


def compose(text: str, shown: str) -> Node | None:
    """The node tree of ``text``; a syntax error is refused with its location."""
    try:
        return YAML(typ="rt").compose(text)  # type: ignore[no-any-return]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = Problem(shown, line, column, "error", f"YAML syntax error: {exc.problem or exc.context}")
        raise EditRefused(f"{shown} is not valid YAML", [str(problem)]) from None


def value_of(mapping: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The key node and value node of ``key`` in a mapping node, if it has it."""
    if not isinstance(mapping, MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def emit(value: Any, layout: Layout = Layout()) -> str:
    """``value`` (ruamel round-trip data) as YAML text in the file's layout."""
    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    step = layout.key - layout.dash
    yaml.indent(mapping=step, sequence=layout.nested_dash + step, offset=layout.nested_dash)
    yaml.representer.add_representer(type(None), _represent_null)
    stream = io.StringIO()
    yaml.dump(value, stream)
    return stream.getvalue()


def _represent_null(representer: Any, _data: None) -> Any:
    # ruamel writes None as an empty value; the shipped files say `null`, which reads better.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def emit_scalar(value: Any) -> str:
    """One scalar as YAML text (quoted when it must be), for splicing in place of another."""
    return emit({"k": value}).removeprefix("k: ").rstrip("\n")


def layout_of(text: str, items: SequenceNode) -> Layout:
    """The layout of an existing block list of mappings (defaults for an empty one)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    first = items.value[0] if items.value else None
    if not isinstance(first, MappingNode) or items.flow_style:
        return Layout(newline=newline)
    dash, key = items.start_mark.column, first.start_mark.column
    nested = next(
        (
            v.start_mark.column - k.start_mark.column
            for k, v in first.value
            if isinstance(v, SequenceNode) and not v.flow_style and v.value
        ),
        dash,
    )
    blank = True
    if len(items.value) > 1:
        lines = text.splitlines()
        blank = not lines[items.value[1].start_mark.line - 1].strip()
    return Layout(dash, key, nested, blank, newline)


def content_end(text: str, node: Node) -> int:
    """The offset where the last line holding ``node``'s content ends (before its newline).

    A block node's end mark lies after the comments and blank lines that follow it, so the
    end is found from its last scalar or flow collection instead; a comment on that same
    line stays with it.
    """
    end = _last_index(node)
    if end > 0 and text[end - 1] == "\n":
        end -= 1  # a block scalar ends after its own line break
    at = text.find("\n", end)
    at = len(text) if at < 0 else at
    return at - 1 if at > 0 and text[at - 1] == "\r" else at


def _last_index(node: Node) -> int:
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    children: list[Node] = []
    if isinstance(node, MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, SequenceNode):
        children = list(node.value)
    return max((_last_index(child) for child in children), default=int(node.start_mark.index))


def line_of(text: str, offset: int) -> int:
    """The 1-based line of an offset."""
    return text.count("\n", 0, offset) + 1


def append_item(text: str, list_key: str, item: Any, shown: str, header: str = "") -> Splice:
    """Append ``item`` to the block list under top-level ``list_key``, touching nothing else."""
    root = compose(text, shown) if text.strip() else None
    found = value_of(root, list_key)
    if root is None or found is None:
        return _new_list(text, list_key, item, header if not text.strip() else "")
    key_node, items = found
    if isinstance(items, SequenceNode) and not items.flow_style and items.value:
        layout = layout_of(text, items)
        at = content_end(text, items.value[-1])
        gap = layout.newline * (2 if layout.blank_between else 1)
        return _splice(text, at, at, gap + _indented(item, layout))
    if _is_empty(items):
        layout = Layout(newline="\r\n" if "\r\n" in text else "\n")
        start, end = _empty_value_span(text, key_node, items)
        return _splice(text, start, end, layout.newline + _indented(item, layout))
    line = key_node.start_mark.line + 1
    problem = Problem(shown, line, 1, "error", f"'{list_key}' must be a block list ('- ' items) to append to")
    raise EditRefused(f"cannot append to {shown}", [str(problem)])


def _is_empty(node: Node) -> bool:
    if isinstance(node, SequenceNode):
        return not node.value
    return isinstance(node, ScalarNode) and str(node.tag or "").endswith(":null")


def _empty_value_span(text: str, key_node: Node, value: Node) -> tuple[int, int]:
    """What to replace to give an empty value (``[]``, ``null``, nothing) a first item."""
    after_colon = text.index(":", key_node.end_mark.index) + 1
    if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:
        return after_colon, after_colon
    return after_colon, int(value.end_mark.index)


def _new_list(text: str, list_key: str, item: Any, header: str) -> Splice:
    layout = Layout(newline="\r\n" if "\r\n" in text else "\n")
    lead = "" if not text or text.endswith(("\n", "\r")) else layout.newline
    opening = f"{lead}{header}{list_key}:{layout.newline}"
    result = f"{text}{opening}{_indented(item, layout)}{layout.newline}"
    return Splice(result, line_of(result, len(text) + len(opening)), line_of(result, len(result) - 1))


def _indented(item: Any, layout: Layout) -> str:
    """One list item as text at the layout's columns, without a final newline."""
    emitted = emit([item], layout).rstrip("\n").split("\n")
    shift = layout.dash - (len(emitted[0]) - len(emitted[0].lstrip(" ")))
    lines = [(" " * shift + line) if shift >= 0 else line[-shift:] for line in emitted]
    return layout.newline.join(lines)


def _splice(text: str, start: int, end: int, new: str) -> Splice:
    result = text[:start] + new + text[end:]
    first = line_of(result, start + len(new) - len(new.lstrip("\r\n")))
    return Splice(result, first, line_of(result, start + len(new)))


def append_to(text: str, mapping: Node, key: str, item: Any, shown: str) -> Splice:
    """Append ``item`` to the block list under ``key`` of one block mapping (an item of a
    top-level list), adding ``key`` after the mapping's last line when it has none; an empty
    value (``[]``, ``null``) gets the list in its place."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if not isinstance(mapping, MappingNode) or mapping.flow_style:
        line, column = mapping.start_mark.line + 1, mapping.start_mark.column + 1
        problem = Problem(shown, line, column, "error", f"cannot add '{key}' to a flow mapping")
        raise EditRefused(f"cannot edit {shown}", [str(problem)])
    column = mapping.start_mark.column
    nested = Layout(column + 2, column + 4, 2, False, newline)
    found = value_of(mapping, key)
    if found is None:
        at = content_end(text, mapping)
        return _splice(text, at, at, f"{newline}{' ' * column}{key}:{newline}{_indented(item, nested)}")
    key_node, items = found
    if isinstance(items, SequenceNode) and not items.flow_style and items.value:
        first = items.value[0]
        dash = items.start_mark.column
        inner = first.start_mark.column if isinstance(first, MappingNode) else dash + 2
        layout = Layout(dash, inner, 2, False, newline)
        at = content_end(text, items.value[-1])
        return _splice(text, at, at, newline + _indented(item, layout))
    if _is_empty(items):
        start, end = _empty_value_span(text, key_node, items)
        return _splice(text, start, end, newline + _indented(item, nested))
    line = key_node.start_mark.line + 1
    problem = Problem(
        shown, line, key_node.start_mark.column + 1, "error", f"'{key}' must be a block list to append to"
    )
    raise EditRefused(f"cannot append to '{key}' in {shown}", [str(problem)])


def set_scalars(text: str, mapping: Node, values: dict[str, Any], shown: str) -> Splice:
    """Set keys of one mapping node: replace a value where the key exists, add it where not.

    A replaced value keeps its quoting style when the new value allows it. A flow mapping
    (``{status: draft}``) gets new keys before its ``}``; a block mapping gets new lines after
    its last key, at its keys' column.
    """
    edits: list[tuple[int, int, str]] = []
    missing: list[str] = []
    for key, value in values.items():
        found = value_of(mapping, key)
        if found is None:
            missing.append(f"{_key_text(key)}: {emit_scalar(value)}")
            continue
        old = found[1]
        if not isinstance(old, ScalarNode):
            problem = Problem(
                shown, old.start_mark.line + 1, old.start_mark.column + 1, "error", f"'{key}' is not a value"
            )
            raise EditRefused(f"cannot set '{key}' in {shown}", [str(problem)])
        edits.append((int(old.start_mark.index), int(old.end_mark.index), _styled(value, old)))
    if missing:
        edits.append(_additions(text, mapping, missing))
    edits.sort()
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    if not edits:
        return Splice(text, 0, 0)
    # The last edit moved by what the earlier ones added or removed.
    shift = sum(len(new) - (end - start) for start, end, new in edits[:-1])
    start, _, new = edits[-1]
    return Splice(text, line_of(text, edits[0][0]), line_of(text, start + shift + len(new)))


def _key_text(key: str) -> str:
    # YAML 1.1 readers (PyYAML among them) take a bare `on:` key for the boolean true.
    return f'"{key}"' if key.lower() in _YAML11_WORDS else key


_YAML11_WORDS = {"on", "off", "yes", "no", "y", "n", "true", "false", "null"}


def _styled(value: Any, old: ScalarNode) -> str:
    """The new value in the old value's quoting style, unless the value needs quotes."""
    if old.style in ('"', "'"):
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        return emit_scalar(_quoted(text, old.style))
    if isinstance(value, str):
        plain = emit_scalar(str(value))  # the caller's style gives way to the file's
        return plain if _safe_plain(plain, str(value)) else emit_scalar(_quoted(str(value), '"'))
    return emit_scalar(value)


def plain_if_safe(value: str) -> Any:
    """``value`` to be written unquoted when every YAML reader gets it back, else double-quoted."""
    return value if _safe_plain(emit_scalar(value), value) else _quoted(value, '"')


def _safe_plain(emitted: str, value: str) -> bool:
    """Whether an unquoted string reads back as the same string in YAML 1.1 and 1.2."""
    return emitted == value and value.lower() not in _YAML11_WORDS and not _NUMBERISH.match(value)


_NUMBERISH = re.compile(r"^[-+.\d]")


def _quoted(value: str, style: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    return DoubleQuotedScalarString(value) if style == '"' else SingleQuotedScalarString(value)


def _additions(text: str, mapping: Node, pairs: list[str]) -> tuple[int, int, str]:
    """Where and what to insert to add ``pairs`` (``key: value`` texts) to a mapping."""
    if getattr(mapping, "flow_style", False):
        last = max(int(v.end_mark.index) for _, v in mapping.value) if mapping.value else None
        if last is None:
            at = text.rindex("}", 0, mapping.end_mark.index)
            return at, at, ", ".join(pairs)
        return last, last, "".join(f", {pair}" for pair in pairs)
    newline = "\r\n" if "\r\n" in text else "\n"
    at = content_end(text, mapping)
    indent = " " * mapping.start_mark.column
    return at, at, "".join(f"{newline}{indent}{pair}" for pair in pairs)
