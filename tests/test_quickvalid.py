"""The check's pydantic-free validator accepts only what pydantic accepts, and makes the same values.

:mod:`briefgen._speed.quickvalid` may refuse anything (pydantic then decides and words the problem); what
it must never do is accept an item pydantic refuses, or hold a value the model would not. These
tests hold it to pydantic on every shipped item and on items mutated where editors go wrong.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from briefgen._speed import fastyaml, quickvalid
from briefgen.project import models, vocab

from .conftest import REPO

ITEM_MODELS: dict[str, type[BaseModel]] = {
    "facts": models.Fact,
    "sources": models.Source,
    "themes": models.Theme,
    "gazetteer": models.Place,
}
ROOT_MODELS: dict[str, type[BaseModel]] = {
    "facts": models.FactsFile,
    "sources": models.SourcesFile,
    "themes": models.ThemesFile,
    "gazetteer": models.GazetteerFile,
}
LIST_FIELDS = {"facts": "facts", "sources": "sources", "themes": "themes", "gazetteer": "places"}


def shipped_files() -> list[tuple[str, Any]]:
    """(kind, data) of every shipped YAML file."""
    found = []
    for path in sorted((REPO / "facts").glob("*.yaml")):
        kind = path.stem if path.stem in ("sources", "themes", "gazetteer") else "facts"
        found.append((kind, fastyaml.parse(path.read_text(encoding="utf-8")).data))
    return found


SHIPPED = shipped_files()
ITEMS = [(kind, item) for kind, data in SHIPPED for item in data[LIST_FIELDS[kind]]]


def plain(value: Any) -> Any:
    """A record or a model as nested plain data, with each leaf's exact type kept."""
    if isinstance(value, quickvalid.Record):
        return {name: plain(field) for name, field in vars(value).items()}
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return (type(value), value)


def pydantic_value(model: type[BaseModel], data: Any) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def agree(kind: str, item: Any) -> bool:
    """Assert the quick validator agrees with pydantic on ``item``; whether it accepted it."""
    record = quickvalid.compiled(kind).item(item)  # type: ignore[union-attr]
    if record is None:
        return False
    model = pydantic_value(ITEM_MODELS[kind], item)
    assert model is not None, f"accepted what pydantic refuses: {item!r}"
    assert plain(record) == plain(model)
    return True


@pytest.mark.parametrize("kind", sorted(quickvalid.KINDS))
def test_every_kind_compiles_from_the_committed_schema(kind: str) -> None:
    assert quickvalid.compiled(kind) is not None


@pytest.mark.parametrize(("kind", "item"), ITEMS, ids=[str(i) for i in range(len(ITEMS))])
def test_every_shipped_item_is_accepted_with_the_models_values(kind: str, item: Any) -> None:
    assert agree(kind, item)


@pytest.mark.parametrize(("kind", "data"), SHIPPED)
def test_every_shipped_root_is_accepted(kind: str, data: Any) -> None:
    shell = {**data, LIST_FIELDS[kind]: []}
    assert quickvalid.compiled(kind).root_ok(shell)  # type: ignore[union-attr]
    bad = {**shell, "extra": 1}
    assert not quickvalid.compiled(kind).root_ok(bad)  # type: ignore[union-attr]


FACT = next(item for kind, item in ITEMS if kind == "facts" and item.get("themes") and item.get("relations"))


def with_change(path: tuple[str | int, ...], value: Any) -> Any:
    item = copy.deepcopy(FACT)
    target = item
    for part in path[:-1]:
        target = target[part]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return item


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("when", "date"), 2019, "2019"),
        (("when", "date"), "2019-02", "2019-02"),
        (("when", "date"), None, None),
        (("review", "on"), "2026-11-20", dt.date(2026, 11, 20)),
        (("credibility",), 4, 4),
        (("attribution", "kind"), "outlet", vocab.AttributionKind.OUTLET),
    ],
)
def test_values_are_made_as_the_model_makes_them(
    path: tuple[str | int, ...], value: Any, expected: Any
) -> None:
    item = with_change(path, value)
    assert agree("facts", item)
    record: Any = quickvalid.compiled("facts").item(item)  # type: ignore[union-attr]
    for part in path:
        record = getattr(record, part) if isinstance(part, str) else record[part]
    assert (type(record), record) == (type(expected), expected)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credibility",), 7),
        (("credibility",), True),
        (("credibility",), "3"),  # pydantic would coerce it: it decides, not us
        (("credibility",), 3.0),
        (("when", "date"), "2019-02-30"),
        (("when", "date"), "2019-13"),
        (("when", "date"), "١٢٣٤"),
        (("review", "on"), "2026-02-30"),
        (("review", "on"), "2026-11-20T00:00:00"),
        (("review", "status"), "done"),
        (("review", "by"), False),
        (("id",), "Upper-Case"),
        (("id",), "ok-id\n"),
        (("id",), "x"),
        (("statement",), "short"),
        (("statement",), None),
        (("themes", 0), False),
        (("themes",), "isis-endgame"),
        (("citations",), []),
        (("citations", 0, "seed"), ""),
        (("citations", 0, "passage"), 5),
        (("attribution", "kind"), "blogger"),
        (("attribution", "kind"), "Author"),
        (("relations", 0, "type"), "supports"),
        (("when",), DELETE),
        (("citations", 0, "page"), 4),
    ],
)
def test_what_is_wrong_or_coerced_is_left_to_pydantic(path: tuple[str | int, ...], value: Any) -> None:
    item = with_change(path, value)
    assert quickvalid.compiled("facts").item(item) is None  # type: ignore[union-attr]


TRICKY: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    6,
    7,
    -1,
    1.5,
    36.0,
    math.nan,
    math.inf,
    10**400,
    "",
    "a",
    "ab",
    "abc",
    "x" * 300,
    "no",
    "A",
    "D",
    "Z",
    "author",
    "outlet",
    "reviewed",
    "draft",
    "corroborates",
    "likely",
    "low",
    "camp",
    "right",
    "2019",
    2019,
    "2019-02",
    "2019-02-30",
    "2026-11-20",
    "2026-11-20T00:00:00",
    "0" * 64,
    "a" * 64,
    "isis-endgame",
    "some-id\n",
    "١٢٣٤",
    [],
    ["x"],
    ["isis-endgame"],
    {},
    {"extra": 1},
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A shipped item with one value, key or list changed the way an editor might get it wrong."""
    kind, item = draw(st.sampled_from(ITEMS))
    item = copy.deepcopy(item)
    target: Any = item
    while True:  # walk down to a random container
        keys = list(target) if isinstance(target, dict) else list(range(len(target)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if isinstance(target[key], dict | list) and target[key] and draw(st.booleans()):
            target = target[key]
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            target[key] = draw(st.sampled_from(TRICKY))
        elif action == "delete":
            del target[key]
        elif isinstance(target, dict):
            target[draw(st.sampled_from(["extra", "note", "prefix", "via", "label", "omitted"]))] = draw(
                st.sampled_from(TRICKY)
            )
        else:
            target.append(draw(st.sampled_from(TRICKY)))
        break
    return kind, item


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_items_are_refused_or_made_exactly_as_pydantic_makes_them(case: tuple[str, Any]) -> None:
    kind, item = case
    agree(kind, item)


@pytest.mark.parametrize("value", [10**400, -(10**400), 2**53 + 1], ids=["huge", "-huge", "2**53+1"])
def test_an_int_no_float_holds_exactly_is_left_to_pydantic(value: int) -> None:
    """float() of an int past the largest float raises OverflowError (the check crashed on a
    gazetteer's ``lat: 1000…0``); one past 2**53 is rounded. pydantic words the problem."""
    place = next(item for kind, item in ITEMS if kind == "gazetteer")
    for field in ("lat", "lon", "uncertainty_km"):
        assert quickvalid.compiled("gazetteer").item({**place, field: value}) is None  # type: ignore[union-attr]
        assert pydantic_value(models.Place, {**place, field: value}) is None


def test_a_schema_keyword_it_does_not_know_turns_it_off_for_that_kind(tmp_path: Path) -> None:
    schema = json.loads((REPO / "schema" / "facts.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["Citation"]["properties"]["seed"]["multipleOf"] = 2
    with pytest.raises(quickvalid.Unknown):
        quickvalid._Compiler(schema).kind("Fact")
    schema["$defs"]["Citation"]["properties"]["seed"].pop("multipleOf")
    schema["$defs"]["Citation"]["additionalProperties"] = True
    with pytest.raises(quickvalid.Unknown):
        quickvalid._Compiler(schema).kind("Fact")
