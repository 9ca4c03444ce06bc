"""Published figures checked against their indicators before anything is compared.

Percentages lie from 0 to 100 (their multiplier); nothing pm measures is negative,
infinite or not a number; a percentage's numerator is at most its denominator; a value
given with its numerator and denominator matches them as rounded (to the places it is
written with); and a figure given in two files is an error naming both.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pm.comparison.published_read import (
    BOUNDS,
    FIGURES,
    MISSING,
    WITHHELD,
    Published,
    Reading,
    area_name,
)
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.vocab import IndicatorType
from pm.errors import InputError


def figures_of(readings: list[Reading], definitions: DefinitionSet) -> Published:
    """The rows and bounds of every file read, each figure checked against its indicator."""
    seen: dict[tuple[str, str, str, str], tuple[str, int]] = {}
    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    bounds: dict[tuple[str, str], dict[str, float]] = {}
    for reading in readings:
        for key, cell in reading.cells.items():
            if key in seen:
                other, line = seen[key]
                raise InputError(
                    f"{reading.shown}: line {cell.line}: {key[0]} {key[1]}"
                    f" {area_name(definitions, key[2])} is also given in {other}, line {line};"
                    " keep it in one file"
                )
            seen[key] = (reading.shown, cell.line)
    for reading in readings:
        for (indicator_id, period, area, name), cell in sorted(reading.cells.items()):
            indicator = definitions.indicators[indicator_id]
            number, mark = _number(cell.text, reading.shown, cell.line, name)
            _check_range(number, indicator, name, reading.shown, cell.line)
            if name in BOUNDS:
                bounds.setdefault((indicator_id, period), {})[name] = number
                continue
            row = rows.setdefault(
                (indicator_id, period, area),
                {"withheld": False, "line": cell.line, "shown": reading.shown},
            )
            row[name] = number
            if name == "value":
                row["value_places"] = _places(cell.text)
            row["withheld"] = bool(row["withheld"]) or mark == "withheld"
    for (indicator_id, _, _), row in rows.items():
        _check_row(row, definitions.indicators[indicator_id])
    frame = pd.DataFrame(
        [
            {
                "indicator": key[0],
                "period": key[1],
                "area": key[2],
                **{name: row.get(name, np.nan) for name in FIGURES},
                "suppressed": row["withheld"],
            }
            for key, row in rows.items()
        ],
        columns=["indicator", "period", "area", *FIGURES, "suppressed"],
    )
    bound_frame = pd.DataFrame(
        [
            {"indicator": i, "period": p, **{n: b.get(n, np.nan) for n in BOUNDS}}
            for (i, p), b in bounds.items()
        ],
        columns=["indicator", "period", *BOUNDS],
    )
    for column in (*FIGURES,):
        frame[column] = frame[column].astype("float64")
    return Published(
        frame,
        bound_frame,
        sorted({text for r in readings for text in r.unknown}),
        sorted({text for r in readings for text in r.regions}),
    )


def _number(text: str, shown: str, line: int, name: str) -> tuple[float, str]:
    """A figure as a number, and whether it is a number, withheld or missing."""
    word = text.strip().lower()
    if word == "" or word in MISSING:
        return math.nan, "missing"
    if word in WITHHELD:
        return math.nan, "withheld"
    cleaned = word.replace(",", "").rstrip("%").strip()
    try:
        number = float(cleaned)
    except ValueError:
        raise InputError(
            f"{shown}: line {line}, {name.replace('_', ' ')}: '{text}' is not a number"
        ) from None
    if not math.isfinite(number):
        raise InputError(
            f"{shown}: line {line}, {name.replace('_', ' ')}: '{text}' is not a finite number"
        )
    return number, "number"


def _places(text: str) -> int:
    """Decimal places a figure is written with (96.8 → 1, 97 → 0)."""
    cleaned = text.strip().replace(",", "").rstrip("%")
    if "e" in cleaned.lower():
        return 15
    return len(cleaned.split(".", 1)[1]) if "." in cleaned else 0


def _check_range(number: float, indicator: Indicator, name: str, shown: str, line: int) -> None:
    if math.isnan(number):
        return
    what = name.replace("_", " ")
    if number < 0:
        raise InputError(
            f"{shown}: line {line}, {what}: {number:g} is below 0, which {indicator.id} cannot be"
        )
    percentage = indicator.type is IndicatorType.percentage
    top = indicator.effective_multiplier
    if percentage and name not in ("numerator", "denominator") and number > top:
        raise InputError(
            f"{shown}: line {line}, {what}: {number:g} is above {top:g}, and {indicator.id} is a percentage"
        )


def _check_row(row: dict[str, object], indicator: Indicator) -> None:
    shown, line = row["shown"], row["line"]
    x, n, value = (float(row.get(name, math.nan)) for name in FIGURES)  # type: ignore[arg-type]
    if indicator.type is IndicatorType.percentage and x > n:
        raise InputError(
            f"{shown}: line {line}: numerator {x:g} is above the denominator {n:g}"
            f" ({indicator.id} is a percentage)"
        )
    if math.isnan(value) or math.isnan(x) or math.isnan(n) or n == 0:
        return
    if indicator.type in (IndicatorType.median, IndicatorType.count):
        expected = x if indicator.type is IndicatorType.count else value
    else:
        expected = x / n * indicator.effective_multiplier
    places = int(row.get("value_places", indicator.decimals))  # type: ignore[call-overload]
    if abs(expected - value) > 0.5 * 10 ** (-places) + 1e-9 * max(1.0, abs(value)):
        raise InputError(
            f"{shown}: line {line}: value {value:g} does not match numerator {x:g} and"
            f" denominator {n:g} ({expected:.{indicator.decimals}f} expected for {indicator.id})"
        )
