"""Turn pydantic validation errors into located, plain-words problems."""

from __future__ import annotations

import difflib
import types
import typing

from pydantic import BaseModel, ValidationError

from pm.definitions.problems import Problem
from pm.definitions.yaml_loader import LoadedYaml


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that holds the last key of `loc`, following lists and dicts."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: object) -> object:
    """Reach the model inside Optional[...], list[...] or dict[str, ...]."""
    for _ in range(5):
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (list, tuple) and args:
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        elif origin in (typing.Union, types.UnionType) and args:
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        else:
            return annotation
    return annotation


def _where(loc: tuple[str | int, ...]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else p for p in loc]
    text = ".".join(str(p) for p in parts).replace(".[", "[")
    return text or "the file"


def problems_from_validation(
    error: ValidationError, model: type[BaseModel], source: LoadedYaml, file: str
) -> list[Problem]:
    """One problem per pydantic error, with the line of the offending key."""
    found: list[Problem] = []
    for item in error.errors(include_url=False):
        # A value of a union type (`float | int`) fails once per member: the member's name is
        # not a key of the file, and the two failures are one mistake.
        loc = tuple(p for p in item["loc"] if isinstance(p, str | int) and p not in _MEMBERS)
        kind = item["type"]
        line = source.line_of(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else "?"
            parent = _model_at(model, loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            allowed_text = f" Allowed here: {', '.join(allowed)}." if allowed else ""
            message = f"unknown key '{key}' in {_where(loc[:-1])}.{hint}{allowed_text}"
            found.append(Problem(file, line, "unknown-key", message))
        elif kind == "missing":
            found.append(Problem(file, line, "missing-key", f"'{_where(loc)}' is required: add it"))
        elif kind in ("enum", "literal_error"):
            expected = item.get("ctx", {}).get("expected", "")
            given = item.get("input")
            close = difflib.get_close_matches(
                str(given),
                [e.strip(" '") for e in str(expected).replace(" or ", ",").split(",")],
                n=1,
            )
            hint = f" Did you mean '{close[0]}'?" if close else ""
            found.append(
                Problem(
                    file,
                    line,
                    "invalid-choice",
                    f"'{given}' is not allowed for {_where(loc)}; use one of {expected}.{hint}",
                )
            )
        elif kind in ("finite_number", "float_type", "float_parsing", "int_type", "int_parsing"):
            found.append(Problem(file, line, "invalid-value", _not_a_number(loc, item)))
        elif kind.startswith(("date_", "datetime_")):
            given = item.get("input")
            message = f"{_where(loc)}: '{given}' is not a date; write dates as YYYY-MM-DD, such as 2024-09-30"
            found.append(Problem(file, line, "invalid-value", message))
        else:
            message = item["msg"].removeprefix("Value error, ")
            found.append(Problem(file, line, "invalid-value", f"{_where(loc)}: {message}"))
    return list(dict.fromkeys(found))


def _not_a_number(loc: tuple[str | int, ...], item: typing.Any) -> str:
    """Why a number was refused, in the words of the YAML the user wrote."""
    given = item.get("input")
    if isinstance(given, bool):
        shown = "a yes/no answer (YAML reads yes, no, on, off, true and false as one)"
    elif isinstance(given, float) and given != given:
        shown = ".nan"
    elif isinstance(given, float):
        shown = ".inf" if given > 0 else "-.inf"
    else:
        shown = f"'{given}'"
    return (
        f"{_where(loc)}: {shown} is not a finite number; write a number such as 95, without quotes"
    )


_MEMBERS = {"float", "int", "str", "bool"}
