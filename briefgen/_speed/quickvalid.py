"""Validate plain data against the models' JSON Schema without pydantic: the check's fast path.

Importing pydantic and building its validators takes longer than checking a small project, and
validating 50,000 facts through it costs a second. Yet nearly every item an editor writes is
valid. So the check first asks this module, which compiles the committed JSON Schema of each
kind of file (``schema/*.schema.json``, written from the models by ``briefgen schema`` and
held equal to them by a test) into a plain Python function per kind of item, with the checks
of every nested definition written in place, and which only ever *accepts*:

- an item it is sure pydantic would accept unchanged becomes a :class:`Record`, with the same
  fields and the same values the model would hold (defaults filled in, ``2019`` made the text
  ``"2019"``, a date text made a date, an enum text made the enum member, an int made a float
  where the model wants a float);
- anything else (a wrong type, a missing or unknown key, a value pydantic would coerce, a
  keyword this module does not know) is refused, and the caller validates that item with
  pydantic, which words the problem.

So this module never words an error, and it cannot disagree with pydantic about a broken item:
it can only be wrong by accepting something pydantic refuses, or by converting a value
differently, and a differential test holds it to pydantic on mutated facts, sources, themes and
places. Its acceptance is deliberately narrow (exact types, ASCII-only patterns matched whole).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from types import SimpleNamespace
from typing import Any

from ..project import vocab
from .manifest import SCHEMA_FOLDERS

Record = SimpleNamespace
"""A validated item: its fields as attributes, as on the model it stands in for."""

Validator = Callable[[Any], Any]
"""Returns the validated value, or raises :class:`Refused`."""

KINDS = {"facts": "Fact", "sources": "Source", "themes": "Theme", "gazetteer": "Place"}
"""Each kind of file (``<kind>.schema.json``) and the definition of the items of its list."""


class Refused(Exception):
    """This module is not sure the value is valid: pydantic must decide."""


class Unknown(Exception):
    """The schema uses something this module does not interpret; its kind is left to pydantic."""


class Compiled:
    """The validators of one kind of file: its root (with an empty list) and its list items."""

    def __init__(self, root: Validator, item: Validator) -> None:
        self._root, self._item = root, item

    def root_ok(self, data: Any) -> bool:
        """Whether pydantic would accept the file's root with its list emptied."""
        try:
            self._root(data)
        except (Refused, KeyError):
            return False
        return True

    def item(self, data: Any) -> Record | None:
        """The record pydantic's model would hold for this item, or None if not sure."""
        try:
            record: Record = self._item(data)
        except (Refused, KeyError):
            return None
        return record


@cache
def compiled(kind: str) -> Compiled | None:
    """The validators of ``kind`` (a key of :data:`KINDS`); None when its schema cannot be used."""
    for folder in SCHEMA_FOLDERS:  # (the digest of the code a cached result is keyed on has them)
        path = folder / f"{kind}.schema.json"
        if path.is_file():
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
                return _Compiler(schema).kind(KINDS[kind])
            except (Unknown, ValueError, KeyError, TypeError):
                return None  # pydantic validates this kind: slower, never wrong
    return None


_MISSING = object()
_EXACT_INT = 2**53
"""The largest int that a float holds exactly, and every int below it."""
_PLAIN_STRING = {"type", "minLength", "maxLength", "pattern", "title", "description"}
"""The keywords of a string checked without being changed."""


class _Compiler:
    """Turns one schema document into Python source, one function per definition, and runs it."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.lines: list[str] = []
        self.names: dict[str, str] = {}
        self.env: dict[str, Any] = {
            "Refused": Refused,
            "Record": Record,
            "MISSING": _MISSING,
            "partial_date": _partial_date,
            "iso_date": _iso_date,
        }
        self.counter = 0
        self.open: set[str] = set()
        """The definitions being written, which a reference to calls rather than repeats."""

    def kind(self, item_name: str) -> Compiled:
        root = self.function("root", self.schema)
        item = self.definition(item_name)
        # The source is made from the package's own schema files, never from an editor's input.
        exec(compile("\n".join(self.lines), f"<quickvalid {item_name}>", "exec"), self.env)
        return Compiled(self.env[root], self.env[item])

    def definition(self, name: str) -> str:
        """The function validating ``$defs/name`` (compiled once)."""
        if name not in self.names:
            self.names[name] = f"v_{name}"
            schema = self.schema["$defs"][name]
            self.open.add(name)
            self.function(f"v_{name}", schema, _enum_class(name, schema) if "enum" in schema else None)
            self.open.discard(name)
        return self.names[name]

    def reference(self, name: str, var: str, out: list[str], pad: str) -> None:
        """A definition's checks written in place (a call per nested object costs more than the
        checks in it), or a call where it refers to itself."""
        if name in self.open:
            out.append(f"{pad}{var} = {self.definition(name)}({var})")
            return
        schema = self.schema["$defs"][name]
        self.open.add(name)
        self.value(schema, var, out, pad, _enum_class(name, schema) if "enum" in schema else None)
        self.open.discard(name)

    def function(self, name: str, schema: dict[str, Any], members: dict[Any, Any] | None = None) -> str:
        body: list[str] = []
        self.value(schema, "v", body, "    ", members)
        self.lines += [f"def {name}(v):", *body, "    return v", ""]
        return name

    def constant(self, value: Any) -> str:
        self.counter += 1
        key = f"c{self.counter}"
        self.env[key] = value
        return key

    def value(
        self,
        schema: dict[str, Any],
        var: str,
        out: list[str],
        pad: str,
        members: dict[Any, Any] | None = None,
    ) -> None:
        """Lines that check ``var`` against ``schema`` and leave the validated value in it.

        ``members`` maps each value of an enum definition to its member of :mod:`briefgen.vocab`.
        """
        known = {"title", "description", "default", "$schema", "$defs"}
        keys = set(schema) - known
        if "$ref" in schema:
            if keys != {"$ref"}:
                raise Unknown(f"$ref with {sorted(keys)}")
            ref = schema["$ref"]
            if not ref.startswith("#/$defs/"):
                raise Unknown(ref)
            self.reference(ref[len("#/$defs/") :], var, out, pad)
            return
        if schema.get("format") == "partial-date":  # vocab.partial_date is the model's validator
            if not keys <= {"format", "anyOf"}:
                raise Unknown(f"a partial date with {sorted(keys)}")
            out.append(f"{pad}{var} = partial_date({var})")
            return
        if "anyOf" in schema:
            if keys != {"anyOf"}:
                raise Unknown(f"anyOf with {sorted(keys)}")
            self.any_of(schema["anyOf"], var, out, pad)
            return
        kind = schema.get("type")
        handlers = {
            "object": self.object,
            "array": self.array,
            "string": self.string,
            "integer": self.integer,
            "number": self.number,
            "null": self.null,
        }
        if not isinstance(kind, str) or kind not in handlers:
            raise Unknown(f"type {kind!r}")
        handlers[kind](schema, keys - {"type", "enum"}, var, out, pad)
        if "enum" in schema:
            self.enum(schema, members, var, out, pad)

    def any_of(self, branches: list[dict[str, Any]], var: str, out: list[str], pad: str) -> None:
        # Each next branch runs only when the ones before refused, on the original value. The
        # branches the models produce (a type or null, a date or null) never accept the same
        # value, so the first that accepts gives pydantic's answer.
        if not branches:
            raise Unknown("an empty anyOf")
        self.counter += 1
        original = f"o{self.counter}"
        out.append(f"{pad}{original} = {var}")
        for branch in branches[:-1]:
            out.append(f"{pad}try:")
            self.value(branch, var, out, pad + "    ")
            out.append(f"{pad}except Refused:")
            pad += "    "
            out.append(f"{pad}{var} = {original}")
        self.value(branches[-1], var, out, pad)

    def object(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if not keys <= {"properties", "required", "additionalProperties"}:
            raise Unknown(f"object with {sorted(keys)}")
        if schema.get("additionalProperties") is not False:
            raise Unknown("an object that allows unknown keys")
        properties: dict[str, dict[str, Any]] = schema.get("properties", {})
        required = set(schema.get("required", []))
        allowed = self.constant(frozenset(properties))
        out.append(f"{pad}if type({var}) is not dict or not {var}.keys() <= {allowed}:")
        out.append(f"{pad}    raise Refused")
        if not all(name.isidentifier() and not name.startswith("_") for name in properties):
            raise Unknown("a field name that is not an identifier")
        fields = []
        for name, sub in properties.items():
            self.counter += 1
            field = f"f{self.counter}"
            fields.append(f"{name}={field}")
            if name in required:  # a missing one raises KeyError, which refuses the item
                out.append(f"{pad}{field} = {var}[{name!r}]")
                self.value(sub, field, out, pad)
                continue
            out.append(f"{pad}{field} = {var}.get({name!r}, MISSING)")
            out.append(f"{pad}if {field} is MISSING:")
            if "default" in sub:
                default = sub["default"]
                if isinstance(default, list | dict):
                    raise Unknown("a mutable default")
                out.append(f"{pad}    {field} = {self.constant(default)}")
            elif sub.get("type") == "array":  # pydantic's default_factory=list
                out.append(f"{pad}    {field} = []")
            else:
                raise Unknown(f"optional field {name} with no default")
            out.append(f"{pad}else:")
            self.value(sub, field, out, pad + "    ")
        out.append(f"{pad}{var} = Record({', '.join(fields)})")

    def array(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if not keys <= {"items", "minItems", "maxItems"}:
            raise Unknown(f"array with {sorted(keys)}")
        out.append(f"{pad}if type({var}) is not list:")
        out.append(f"{pad}    raise Refused")
        if "minItems" in schema:
            out.append(f"{pad}if len({var}) < {int(schema['minItems'])}:")
            out.append(f"{pad}    raise Refused")
        if "maxItems" in schema:
            out.append(f"{pad}if len({var}) > {int(schema['maxItems'])}:")
            out.append(f"{pad}    raise Refused")
        items = schema.get("items")
        if items is None:
            raise Unknown("an array without items")
        self.counter += 1
        element, result = f"e{self.counter}", f"r{self.counter}"
        if items.get("type") == "string" and set(items) <= _PLAIN_STRING:
            # The items come out as they went in: check them, and keep the list.
            out.append(f"{pad}for {element} in {var}:")
            self.value(items, element, out, pad + "    ")
            return
        out.append(f"{pad}{result} = []")
        out.append(f"{pad}for {element} in {var}:")
        self.value(items, element, out, pad + "    ")
        out.append(f"{pad}    {result}.append({element})")
        out.append(f"{pad}{var} = {result}")

    def string(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if not keys <= {"minLength", "maxLength", "pattern", "format"}:
            raise Unknown(f"string with {sorted(keys)}")
        tests = [f"type({var}) is not str"]
        for keyword, test in (("minLength", "len({v}) < {n}"), ("maxLength", "len({v}) > {n}")):
            if keyword in schema:
                tests.append(test.format(v=var, n=int(schema[keyword])))
        out.append(f"{pad}if {' or '.join(tests)}:")
        out.append(f"{pad}    raise Refused")
        if "pattern" in schema:
            pattern = self.constant(_whole_match(schema["pattern"]))
            out.append(f"{pad}if {pattern}({var}) is None:")
            out.append(f"{pad}    raise Refused")
        if "format" in schema:
            if schema["format"] != "date":
                raise Unknown(f"format {schema['format']}")
            out.append(f"{pad}{var} = iso_date({var})")

    def enum(
        self, schema: dict[str, Any], members: dict[Any, Any] | None, var: str, out: list[str], pad: str
    ) -> None:
        """One of the listed values (its type already checked); the vocab's member if it has one."""
        kind = {"string": str, "integer": int}.get(schema["type"])
        if kind is None or not all(type(value) is kind for value in schema["enum"]):
            raise Unknown(f"an enum of {schema['type']}")
        mapping = self.constant(members if members is not None else {v: v for v in schema["enum"]})
        out.append(f"{pad}{var} = {mapping}.get({var}, MISSING)")
        out.append(f"{pad}if {var} is MISSING:")
        out.append(f"{pad}    raise Refused")

    def integer(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if not keys <= {"minimum", "maximum"}:
            raise Unknown(f"integer with {sorted(keys)}")
        out.append(f"{pad}if type({var}) is not int:")  # not bool, not an int subclass
        out.append(f"{pad}    raise Refused")
        self.bounds(schema, var, out, pad)

    def number(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if not keys <= {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            raise Unknown(f"number with {sorted(keys)}")
        # An int is the float it stands for only up to 2**53 (float() of a larger one rounds it,
        # or raises OverflowError past the largest float): pydantic decides the others.
        out.append(f"{pad}if type({var}) is int and {-_EXACT_INT} <= {var} <= {_EXACT_INT}:")
        out.append(f"{pad}    {var} = float({var})")
        out.append(f"{pad}elif type({var}) is not float or {var} != {var}:")  # NaN: pydantic decides
        out.append(f"{pad}    raise Refused")
        self.bounds(schema, var, out, pad)

    def bounds(self, schema: dict[str, Any], var: str, out: list[str], pad: str) -> None:
        tests = {"minimum": "<", "maximum": ">", "exclusiveMinimum": "<=", "exclusiveMaximum": ">="}
        for keyword, refused_if in tests.items():
            if keyword in schema:
                limit = schema[keyword]
                if type(limit) not in (int, float):
                    raise Unknown(f"{keyword} {limit!r}")
                out.append(f"{pad}if {var} {refused_if} {limit!r}:")
                out.append(f"{pad}    raise Refused")

    def null(self, schema: dict[str, Any], keys: set[str], var: str, out: list[str], pad: str) -> None:
        if keys:
            raise Unknown(f"null with {sorted(keys)}")
        out.append(f"{pad}if {var} is not None:")
        out.append(f"{pad}    raise Refused")


def _enum_class(name: str, schema: dict[str, Any]) -> dict[Any, Any]:
    """Each value of the enum definition ``name`` -> its member of the vocab's class of that name."""
    from enum import Enum

    cls = getattr(vocab, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Enum)):
        raise Unknown(f"no vocab class for the enum {name}")
    members = {member.value: member for member in cls}
    if list(members) != schema["enum"]:
        raise Unknown(f"the vocab's {name} differs from the schema")
    return members


def _whole_match(pattern: str) -> Callable[[str], re.Match[str] | None]:
    """The test that a whole text matches an anchored pattern, in ASCII (narrower than pydantic)."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        raise Unknown(f"pattern {pattern}")
    return re.compile(pattern[1:-1], re.ASCII).fullmatch


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: str) -> dt.date:
    """A ``YYYY-MM-DD`` text as the date pydantic makes of it (any other form is refused)."""
    known = _DATES.get(value)
    if known is not None:
        return known
    if _ISO_DATE.fullmatch(value) is None:
        raise Refused
    try:
        made = dt.date.fromisoformat(value)
    except ValueError:
        raise Refused from None
    if len(_DATES) < _MEMO_LIMIT:
        _DATES[value] = made
    return made


def _partial_date(value: Any) -> str:
    """What the models' partial-date validator makes of ``value``, when it accepts it."""
    kind = type(value)
    if kind is str or kind is int:  # a few thousand distinct dates among 50,000 facts
        known = _PARTIAL_DATES.get((kind, value))
        if known is not None:
            return known
    try:
        result = vocab.partial_date(value)
    except ValueError:
        raise Refused from None
    if type(result) is not str:
        raise Refused
    if (kind is str or kind is int) and len(_PARTIAL_DATES) < _MEMO_LIMIT:
        _PARTIAL_DATES[(kind, value)] = result
    return result


_MEMO_LIMIT = 100_000
_DATES: dict[str, dt.date] = {}
_PARTIAL_DATES: dict[tuple[type, Any], str] = {}
