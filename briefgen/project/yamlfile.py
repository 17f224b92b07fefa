"""One YAML file -> plain data and its source map, with a located problem for anything wrong.

PyYAML's ``safe_load`` forgets where each value came from and silently keeps the last of two
duplicate keys. Here a file is read by the fast reader where it can (:mod:`briefgen._speed.
fastyaml`, unless ``BRIEFGEN_FAST_READER=off``), else *composed* by libyaml into nodes and
turned into plain data by hand, so that a duplicate key, an alias or an unexpected tag is a
located problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._speed import fast_reader, fastyaml
from .._speed.files import FileTooLarge, leads_out, read_file
from ..errors import Problem
from .corpus import Pointer, SourceMap
from .layout import display_path

if TYPE_CHECKING:
    import yaml

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A fact file larger than this is refused before parsing."""

MAX_DEPTH = 40
"""Deeper nesting than this is refused before parsing (libyaml's composer recurses)."""

_STR, _TIMESTAMP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


def read_yaml(path: Path, root: Path, data: bytes | None = None) -> tuple[SourceMap, Any, list[Problem]]:
    """Parse one YAML file (or its bytes, when already read) into plain data and its source map."""
    relative = path.relative_to(root).as_posix()
    smap = SourceMap(display_path(root, relative))
    problems: list[Problem] = []

    def fail(message: str, line: int = 1, column: int = 1) -> tuple[SourceMap, Any, list[Problem]]:
        problems.append(Problem(smap.path, line, column, "error", message))
        return smap, None, problems

    outside = leads_out(path, root)
    if outside is not None:
        return fail(
            f"the file is a link to {outside}, outside the project; briefgen reads only files inside it"
        )
    if data is None:
        if not path.exists():
            return fail(f"missing file: {relative} is required")
        try:
            data = read_file(str(path), MAX_FILE_BYTES)
        except FileTooLarge as exc:
            return fail(str(exc.strerror))
        except OSError as exc:
            return fail(f"cannot read the file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return fail(f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    fast = fast_reader()
    rare = fastyaml.rare_characters(data) if fast else True
    text, message, line, column = decode_yaml(data, rare)
    if message:
        return fail(message, line, column)
    parsed = _read_fast(text, rare) if fast else None
    if parsed is not None:
        smap.values, smap.keys = parsed.values, parsed.keys
        if parsed.items:
            smap.lazy = fastyaml.LazyPositions(data, parsed.items, text)
        return smap, parsed.data, problems
    import yaml  # here: only a file the fast reader leaves to libyaml needs PyYAML

    try:
        node = yaml.compose(text, Loader=libyaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return fail(f"YAML syntax error: {exc.problem or exc.context}", *where)
    except yaml.reader.ReaderError as exc:  # libyaml's offset counts the UTF-8 bytes
        before = data[: exc.position].decode("utf-8", errors="replace")
        where = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return fail(f"YAML syntax error: unacceptable character #x{exc.character:04x}: {exc.reason}", *where)
    except yaml.YAMLError as exc:
        return fail(f"YAML error: {exc}")
    except RecursionError:
        return fail(f"nesting deeper than {MAX_DEPTH} levels")
    if node is None:
        return fail("the file is empty")
    try:
        value = _Builder(smap, problems).build(node, ())
    except _Refused as refused:
        return fail(refused.message, refused.line, refused.column)
    return smap, value, problems


def _read_fast(text: str, rare: bool) -> fastyaml.Parsed | None:
    """The file as the fast reader reads it, or None if it leaves the file to libyaml (which
    then reads it, and reports what is wrong with it)."""
    try:
        return fastyaml.parse(text, lazy=True, rare=rare)
    except fastyaml.Unsupported:
        return None


def libyaml_loader() -> Any:
    """PyYAML's libyaml-based safe loader (its pure-Python one where libyaml is missing)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode_yaml(data: bytes, rare: bool = True) -> tuple[str, str, int, int]:
    """Decode a YAML file's bytes as UTF-8: (text, message, line, column); no message if fine.

    ``rare`` is false when the bytes hold none of :func:`fastyaml.rare_characters`' characters.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "", "the file starts with a byte-order mark; save it as UTF-8 without BOM", 1, 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return "", f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded", line, column
    tab = _TAB_INDENT.search(text) if rare else None  # a tab is one of the rare characters
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return "", "a tab in the indentation: YAML indents with spaces only", line, 1
    if _too_deep(text, data, rare):
        return "", f"nesting deeper than {MAX_DEPTH} levels", 1, 1
    return text, "", 0, 0


_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def _too_deep(text: str, data: bytes, rare: bool) -> bool:
    """Whether a YAML text may nest deeper than :data:`MAX_DEPTH`, judged without parsing it.

    The bound is :func:`_flow_depth`; the common case is settled with a few C-speed scans of the
    bytes instead: brackets that close at once add one level at most, and no line is indented
    that deeply if no newline is followed by that many spaces and dashes.
    """
    if not rare:  # else line breaks other than \n may be among them: count as splitlines does
        unpaired = _BRACKET_PAIR.sub(b"", data.translate(None, _NOT_BRACKET_BYTES))
        shallow_brackets = unpaired.count(b"[") + unpaired.count(b"{") + 1 <= MAX_DEPTH
        if shallow_brackets and not (_DEEP_INDENT.match(text) or _DEEP_LINE.search(text)):
            return False
    return _flow_depth(text) > MAX_DEPTH


_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_PAIR = re.compile(rb"[\[{][\]}]")
_DEEP_INDENT = re.compile(f"[ -]{{{2 * MAX_DEPTH + 2}}}")
_DEEP_LINE = re.compile(f"\n[ -]{{{2 * MAX_DEPTH + 2}}}")


def _flow_depth(text: str) -> int:
    """An upper bound of the nesting a YAML text can reach, counted without parsing it."""
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    indent = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    return max(deepest, indent // 2)


class _Refused(Exception):
    """A file the builder refuses as a whole, at one place."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Builder:
    """Turns composed YAML nodes into plain data, filling a source map as it goes."""

    def __init__(self, smap: SourceMap, problems: list[Problem]) -> None:
        self.smap, self.problems = smap, problems
        self.seen: set[int] = set()
        import yaml

        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.smap.path, mark.line + 1, mark.column + 1, "error", message))

    def build(self, node: yaml.Node, pointer: Pointer) -> Any:
        import yaml

        if id(node) in self.seen:
            # The composer hands back the anchored node itself; its key is where the alias is.
            # One alias refuses the whole file: expanding or reporting each one is what a
            # "billion laughs" file counts on.
            line, column = self.smap.keys.get(pointer) or self.smap.at(*pointer)
            raise _Refused("aliases (*name) are not allowed in briefgen files", line, column)
        self.smap.values[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.seen.add(id(node))
        if len(pointer) > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", *self.smap.values[pointer])
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _COLLECTION_TAGS:
            self.error(node, f"unsupported YAML tag {node.tag}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*pointer, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, pointer: Pointer) -> dict[str, Any]:
        import yaml

        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, "merge keys (<<) are not allowed in briefgen files")
                continue
            # Keys are taken as written: YAML 1.1 would read a key `on:` or `no:` as a boolean.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag not in (_STR, "tag:yaml.org,2002:bool"):
                self.error(key_node, "a key must be a plain string")
                continue
            if key in first_line:
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first at line {first_line[key]}); YAML would "
                    "silently keep only the last one",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.smap.keys[(*pointer, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*pointer, key))
        return result

    def scalar(self, node: yaml.Node) -> Any:
        if node.tag in (_STR, _TIMESTAMP):
            return node.value
        if node.tag in _PLAIN_TAGS:
            return self.constructor.construct_object(node, deep=True)
        self.error(node, f"unsupported YAML tag {node.tag}")
        return None
