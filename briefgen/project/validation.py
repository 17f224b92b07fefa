"""Plain data -> models, one item at a time, with a located message an editor can act on.

Each file's root and then each item of its list is validated with pydantic, so one broken fact
costs only that fact, and each pydantic error is mapped back to the line and column of the
value it is about (the ``loc`` of the error, through the file's source map).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Problem
from .corpus import Pointer, SourceMap
from .vocab import PATTERN_MEANINGS

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

FileKind = Literal["facts", "sources", "themes", "gazetteer"]
"""The kinds of YAML file, each with its root model, its list field and its item model."""


_LIST_FIELDS = {"facts": "facts", "sources": "sources", "themes": "themes", "gazetteer": "places"}


def validate_items(
    data: Any, kind: FileKind, smap: SourceMap, problems: list[Problem]
) -> Iterator[tuple[Pointer, Any]]:
    """Validate a file's root and then each item of its list, so one bad item costs only itself.

    Each item comes out as its model (:class:`Fact`, :class:`Source`, :class:`Theme` or
    :class:`Place`).
    """
    list_field = _LIST_FIELDS[kind]
    taken = {(p.line, p.column) for p in problems}
    if not isinstance(data, dict):
        problems.append(
            smap.problem((), f"the file must be a mapping with a '{list_field}' list, not {_describe(data)}")
        )
        return
    items = data.get(list_field)
    shell = {**data, list_field: []} if isinstance(items, list) else data
    problems.extend(_new(_pydantic(kind, 0, shell, smap, ())[1], taken))
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        pointer: Pointer = (list_field, index)
        model, found = _pydantic(kind, 1, item, smap, pointer)
        if model is not None:
            yield pointer, model
        problems.extend(_new(found, taken))


def _pydantic(
    kind: FileKind, which: int, data: Any, smap: SourceMap, pointer: Pointer
) -> tuple[Any, list[Problem]]:
    """The root (``which`` 0) or item (1) model of ``kind`` made from ``data``, or its problems."""
    from pydantic import ValidationError  # here: a check answered from the cache never needs it

    from . import models

    pairs: dict[str, tuple[type[BaseModel], type[BaseModel]]] = {
        "facts": (models.FactsFile, models.Fact),
        "sources": (models.SourcesFile, models.Source),
        "themes": (models.ThemesFile, models.Theme),
        "gazetteer": (models.GazetteerFile, models.Place),
    }
    model = pairs[kind][which]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, pydantic_problems(exc, smap, pointer, model)


def _new(problems: list[Problem], taken: set[tuple[int, int]]) -> list[Problem]:
    """The problems not at a place already reported (a bad node is reported once)."""
    return [p for p in problems if (p.line, p.column) not in taken]


def pydantic_problems(
    exc: ValidationError, smap: SourceMap, base: Pointer, model: type[BaseModel]
) -> list[Problem]:
    """Turn a pydantic error into located problems with messages an editor can act on."""
    problems = []
    for error in exc.errors():
        loc = _data_loc(smap, base, error["loc"])
        pointer: Pointer = (*base, *loc)
        message = _message(error, loc, model)
        if error["type"] == "extra_forbidden":
            line, column = smap.key_at(*pointer)
        else:
            line, column = smap.at(*pointer)
        problems.append(Problem(smap.path, line, column, "error", message))
    return problems


def _data_loc(smap: SourceMap, base: Pointer, loc: tuple[Any, ...]) -> Pointer:
    """pydantic's ``loc`` without the names it gives validator branches ('function-after[…]')."""
    kept: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and "[" in part and not smap.has(*base, *kept, part):
            continue
        kept.append(part)
    return tuple(kept)


def _where(loc: Pointer) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_YAML11 = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _message(error: Any, loc: Pointer, model: type[BaseModel]) -> str:
    kind, where, value = error["type"], _where(loc), error.get("input")
    if kind == "missing":
        return f"missing required field '{loc[-1]}'" + (f" in {_where(loc[:-1])}" if loc[:-1] else "")
    if kind == "extra_forbidden":
        inside = f" in {_where(loc[:-1])}" if loc[:-1] else ""
        return f"unknown field '{loc[-1]}'{inside}" + _did_you_mean(str(loc[-1]), _fields_at(model, loc[:-1]))
    if kind == "string_type" and isinstance(value, bool):
        return (
            f"{where}: expected a string, got the boolean {str(value).lower()} (YAML 1.1 reads "
            f"unquoted {'/'.join(sorted(_YAML11))} as booleans: put the text in quotes)"
        )
    if kind == "string_type":
        return f"{where}: expected a string, got {_describe(value)} (put the text in quotes)"
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", error["ctx"]["expected"])
        hint = (
            _did_you_mean(str(value), allowed, list_all=False) if isinstance(value, str) and allowed else ""
        )
        return f"{where}: {_describe(value)} is not one of {error['ctx']['expected']}{hint}"
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] in PATTERN_MEANINGS:
        return f"{where}: {PATTERN_MEANINGS[error['ctx']['pattern']]}, not {_describe(value)}"
    if kind.startswith("date"):
        return f"{where}: {_describe(value)} is not a valid date YYYY-MM-DD ({error['msg'].split(', ')[-1]})"
    detail = str(error["msg"])
    if detail.startswith("Value error, "):
        detail = detail[len("Value error, ") :]
    return f"{where}: {detail[0].lower() + detail[1:]}" if where else detail


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str) and len(value) > 60:  # a whole file's text is no message
        return f"{value[:40]!r}… ({len(value)} characters)"
    if isinstance(value, str | int | float):
        return repr(value)
    return f"{type(value).__name__} {value!r}"


def _fields_at(model: type[BaseModel], loc: Pointer) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _inner_model(annotation: Any) -> Any:
    """The model inside list[Model] or Model | None."""
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    from pydantic import BaseModel

    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _did_you_mean(word: str, options: list[str], list_all: bool = True) -> str:
    import difflib  # only for a message

    close = difflib.get_close_matches(word, options, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(options)})" if options and list_all else ""
