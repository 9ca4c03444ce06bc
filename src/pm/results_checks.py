"""Checks of a results file read back for publishing (`pm report`, `pm compare`, `pm plan`).

A results file may have been edited, merged or damaged since `pm compute` wrote it. Before
anything is banded, ranked or published from it, pm refuses, naming the rows:

* disclosure columns missing, blank or contradicting each other where a figure would be
  published (`status` says suppressed but `suppressed` is blank or false; `suppressed` is
  true but `status` says nothing of it; a count under the threshold marked `ok`; a figure
  pm computed whose counts are blank, so nobody can tell whether it may be shown);
* values impossible for the indicator's type (a percentage outside 0–100, a negative or
  infinite count, rate, mean or median, a numerator above its denominator);
* the same figure twice (indicator, period, area, breakdown), which would be ranked twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pm.engine.schema import KEY, OWN_FIGURES
from pm.engine.withheld import flagged, status_says_suppressed, under_threshold
from pm.errors import InputError

if TYPE_CHECKING:
    from pm.definitions.loader import DefinitionSet

SHOWN = 4  # rows named in a message; the rest are counted
FIX = "write the file again with pm compute (and pm compare), and do not edit these columns by hand"


def check_results(table: pd.DataFrame, path: Path, definitions: DefinitionSet) -> None:
    """Refuse a results file that cannot be published safely (a one-line InputError)."""
    check_duplicates(table, path)
    check_disclosure(table, path, definitions)
    check_values(table, path, definitions)


def _text(table: pd.DataFrame, column: str) -> pd.Series:
    if column not in table.columns:
        return pd.Series("", index=table.index, dtype=object)
    values = table[column].astype(object)
    return values.where(values.notna(), "").map(lambda v: str(v).strip())


def _numbers(table: pd.DataFrame, column: str) -> np.ndarray:
    if column not in table.columns:
        return np.full(len(table), np.nan)
    values = table[column].astype(object).where(table[column].notna(), None)
    values = values.map(lambda v: None if isinstance(v, str) and not v.strip() else v)
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _where(path: Path, position: int) -> str:
    """How a user finds a row: the line of a CSV file, the row of a sheet, the record of JSON."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return f"line {position + 2}"
    if suffix == ".xlsx":
        return f"row {position + 2}"
    return f"record {position + 1}"


def _describe(table: pd.DataFrame, path: Path, position: int) -> str:
    row = table.iloc[position]
    parts = [str(row.get(c, "") or "") for c in ("indicator", "area", "period")]
    breakdown = str(row.get("breakdown", "") or "")
    if breakdown and breakdown.lower() != "nan":
        parts.append(breakdown)
    return f"{_where(path, position)} ({', '.join(p for p in parts if p)})"


def _refuse(path: Path, what: str, found: list[tuple[int, str]], table: pd.DataFrame) -> None:
    if not found:
        return
    named = "; ".join(f"{_describe(table, path, i)}: {why}" for i, why in found[:SHOWN])
    more = f"; and {len(found) - SHOWN} more row(s)" if len(found) > SHOWN else ""
    raise InputError(f"{path.name}: {what}: {named}{more}; {FIX}")


def check_duplicates(table: pd.DataFrame, path: Path) -> None:
    """The same (indicator, period, area, breakdown) twice is an error naming both rows."""
    if not set(KEY) <= set(table.columns):
        return
    keys = pd.DataFrame({c: _text(table, c) for c in KEY})
    repeated = keys.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    groups: dict[tuple[str, ...], list[int]] = {}
    for position in np.flatnonzero(repeated):
        groups.setdefault(tuple(keys.iloc[position]), []).append(int(position))
    described = []
    for (indicator, period, area, breakdown), rows in list(groups.items())[:SHOWN]:
        where = " and ".join(_where(path, i) for i in rows)
        label = " ".join(p for p in (indicator, area, period, breakdown) if p)
        described.append(f"{label} ({where})")
    more = f"; and {len(groups) - SHOWN} more" if len(groups) > SHOWN else ""
    raise InputError(
        f"{path.name}: the same figure appears more than once: {'; '.join(described)}{more}; "
        "keep one row for each indicator, period, area and breakdown"
    )


def _has_figure(table: pd.DataFrame) -> np.ndarray:
    present = np.zeros(len(table), dtype=bool)
    for column in OWN_FIGURES:
        present |= ~np.isnan(_numbers(table, column))
    return present


def _counts_needed(definitions: DefinitionSet, indicator_id: str) -> Iterable[str]:
    indicator = definitions.indicators.get(indicator_id)
    if indicator is None:
        return ()
    kind = indicator.type.value
    return {
        "count": ("numerator",),
        "median": ("records",),
        "mean": ("numerator", "denominator"),
    }.get(kind, ("numerator", "denominator"))


def check_disclosure(table: pd.DataFrame, path: Path, definitions: DefinitionSet) -> None:
    """Every row holding a figure says consistently whether it may be published."""
    missing = [c for c in ("suppressed", "status") if c not in table.columns]
    if missing:
        raise InputError(
            f"{path.name}: has no {' or '.join(missing)} column, so pm cannot tell which "
            f"figures disclosure control withholds; {FIX}"
        )
    figure = _has_figure(table)
    flag_text = _text(table, "suppressed").str.lower()
    status = _text(table, "status")
    is_flagged = flagged(table)
    says = status_says_suppressed(table)
    small = under_threshold(table, definitions)
    computed = _text(table, "source").str.lower().isin(["", "computed"]).to_numpy()
    value = _numbers(table, "value")
    ids = _text(table, "indicator")
    counts = {c: _numbers(table, c) for c in ("numerator", "denominator", "records")}
    found: list[tuple[int, str]] = []
    for i in np.flatnonzero(figure):
        if flag_text.iloc[i] == "" or flag_text.iloc[i] in ("nan", "<na>", "none"):
            reason = f"suppressed is blank (status {status.iloc[i] or 'blank'})"
        elif status.iloc[i] == "":
            reason = f"status is blank (suppressed {flag_text.iloc[i]})"
        elif says[i] and not is_flagged[i]:
            reason = f"status is {status.iloc[i]} but suppressed is {flag_text.iloc[i]}"
        elif is_flagged[i] and not says[i]:
            reason = f"suppressed is {flag_text.iloc[i]} but status is {status.iloc[i]}"
        elif not computed[i]:
            continue  # imported figures: a small count is withheld (pm.engine.withheld), not refused
        elif small[i] and status.iloc[i] == "ok":
            reason = "a count under the disclosure threshold is marked ok, not suppressed"
        elif status.iloc[i] == "ok" and value[i] == value[i]:
            blank = [
                c for c in _counts_needed(definitions, ids.iloc[i]) if counts[c][i] != counts[c][i]
            ]
            if not blank:
                continue
            reason = f"{' and '.join(blank)} blank, so the figure cannot be checked for disclosure"
        else:
            continue
        found.append((int(i), reason))
    what = "its disclosure columns are missing, blank or contradictory where a figure would be published"
    _refuse(path, what, found, table)


def check_values(table: pd.DataFrame, path: Path, definitions: DefinitionSet) -> None:
    """Figures possible for each indicator's type: finite, not negative, percentages 0–100
    and numerators no larger than denominators."""
    numbers = {c: _numbers(table, c) for c in OWN_FIGURES}
    ids = _text(table, "indicator")
    found: list[tuple[int, str]] = []
    for position in range(len(table)):
        indicator = definitions.indicators.get(ids.iloc[position])
        if indicator is None:
            continue
        problem = _impossible(indicator, {c: v[position] for c, v in numbers.items()})
        if problem:
            found.append((position, problem))
    _refuse(path, "it holds figures impossible for their indicator", found, table)


def _impossible(indicator: object, row: dict[str, float]) -> str:
    from pm.definitions.vocab import IndicatorType

    kind = indicator.type  # type: ignore[attr-defined]
    for column, number in row.items():
        if np.isnan(number):
            continue
        if not np.isfinite(number):
            return f"{column} is {number}, not a finite number"
        if number < 0 and column not in ("lower_ci", "upper_ci"):  # a mean's interval may be
            return f"{column} is {number:g}; a {kind.value}'s {column} cannot be negative"
    if kind is IndicatorType.percentage:
        top = indicator.effective_multiplier  # type: ignore[attr-defined]
        for column in ("value", "lower_ci", "upper_ci"):
            if row[column] > top:
                return f"{column} is {row[column]:g}; a percentage is between 0 and {top:g}"
        if row["numerator"] > row["denominator"]:
            return (
                f"numerator {row['numerator']:g} is larger than denominator {row['denominator']:g}"
            )
    return ""
