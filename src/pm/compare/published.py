"""Published figures from elsewhere: other councils' results, as StatsWales lays them out,
merged with what pm computed so that a council holding only its own extracts can benchmark.

Accepted columns (any case; spaces and underscores alike): council (or area, area code,
local authority, la_code), indicator (or measure), year (or period; 2022-23 or 2022/23),
numerator, denominator, value (or data). Published suppression marks (*, x, c, .., .) leave
the figure suppressed. A computed figure always wins over an imported one; imported rows are
marked `source = imported`. When councils are imported, the Wales row is the imported Wales
figure if the file has one, otherwise it is pooled again from all 22 councils' numerators
and denominators (`source = derived`), since a Wales row computed from one council's
extract would be that council's own figure.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pm.definitions.loader import DefinitionSet
from pm.errors import InputError

WALES = "W92000004"
SUPPRESSION_MARKS = {"*", "x", "c", "..", ".", "[c]", "[x]", "[z]", "-"}
ALIASES = {
    "council": "area",
    "area": "area",
    "areacode": "area",
    "area_code": "area",
    "localauthority": "area",
    "local_authority": "area",
    "authority": "area",
    "la_code": "area",
    "lacode": "area",
    "indicator": "indicator",
    "measure": "indicator",
    "indicator_id": "indicator",
    "year": "period",
    "period": "period",
    "financial_year": "period",
    "financialyear": "period",
    "numerator": "numerator",
    "denominator": "denominator",
    "value": "value",
    "data": "value",
}
NEEDED = ["area", "indicator", "period", "value"]


@dataclass
class Imported:
    """Rows read from a published-figures file, and what was set aside."""

    rows: pd.DataFrame
    unknown_indicators: list[str] = field(default_factory=list)


def read_published(path: Path, definitions: DefinitionSet) -> Imported:
    """Read and check a published-figures CSV; any wrong row stops with its line number."""
    from pm.calendar import parse_period
    from pm.errors import UsageError

    if not path.is_file():
        raise InputError(f"{path}: no such published-figures file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise InputError(
            f"{path}: is not UTF-8 text (byte {problem.start}); save it from Excel as 'CSV UTF-8'"
        ) from problem
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise InputError(
            f"{path}: the file is empty; it needs a header row: council,indicator,year,numerator,denominator,value"
        )
    names = [
        ALIASES.get(
            h.strip().lower().replace(" ", "_"), ALIASES.get(h.strip().lower().replace(" ", ""), "")
        )
        for h in header
    ]
    missing = [n for n in NEEDED if n not in names]
    if missing:
        raise InputError(
            f"{path}: columns missing: {', '.join(missing)}"
            " (the header needs council, indicator, year, numerator, denominator, value)"
        )
    areas = definitions.reference.area_lookup()
    rows, unknown = [], set()
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise InputError(
                f"{path}: line {line} has {len(record)} fields but the header has {len(header)}"
            )
        cells = {name: cell.strip() for name, cell in zip(names, record, strict=True) if name}
        indicator = cells["indicator"]
        if indicator not in definitions.indicators:
            unknown.add(indicator)
            continue
        area = areas.get(cells["area"].lower())
        if area is None:
            raise InputError(
                f"{path}: line {line}: '{cells['area']}' is not a Welsh council;"
                " use an ONS code such as W06000015 or a name such as Cardiff"
            )
        try:
            period = parse_period(cells["period"].replace("/", "-")).label
        except UsageError:
            raise InputError(
                f"{path}: line {line}: year '{cells['period']}' is not a financial year; write it like 2022-23"
            ) from None
        figures = {
            column: _number(cells.get(column, ""), path, line, column)
            for column in ("numerator", "denominator", "value")
        }
        suppressed = any(
            cells.get(c, "").lower() in SUPPRESSION_MARKS
            for c in ("numerator", "denominator", "value")
        )
        rows.append(
            {
                "indicator": indicator,
                "period": period,
                "area": area,
                **figures,
                "suppressed": suppressed,
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=["indicator", "period", "area", "numerator", "denominator", "value", "suppressed"],
    )
    duplicated = frame.duplicated(["indicator", "period", "area"], keep=False)
    if duplicated.any():
        first = frame.loc[duplicated].iloc[0]
        raise InputError(
            f"{path}: {first['indicator']} {first['period']} {first['area']} is given more than once; keep one row"
        )
    return Imported(frame, sorted(unknown))


def _number(text: str, path: Path, line: int, column: str) -> float:
    if text == "" or text.lower() in SUPPRESSION_MARKS:
        return np.nan
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise InputError(
            f"{path}: line {line}, column {column}: '{text}' is not a number"
        ) from None


def merge_published(
    results: pd.DataFrame, imported: Imported, definitions: DefinitionSet, confidence: float = 0.95
) -> pd.DataFrame:
    """Computed rows with figures, plus imported rows where pm computed nothing."""
    from pm.engine.compute import unit_of
    from pm.engine.statistics import interval_for

    table = results.copy()
    if "source" not in table.columns:
        table["source"] = "computed"
    rows = imported.rows.copy()
    if rows.empty:
        return table
    whole = table["breakdown"].fillna("") == ""
    has_figures = whole & (table["status"] != "no_data") & table["value"].notna()
    computed_keys = set(
        zip(
            table.loc[has_figures, "indicator"],
            table.loc[has_figures, "period"],
            table.loc[has_figures, "area"],
            strict=True,
        )
    )
    new_council = [
        a != WALES and (i, p, a) not in computed_keys
        for i, p, a in zip(rows["indicator"], rows["period"], rows["area"], strict=True)
    ]
    councils_imported = rows.loc[new_council, ["indicator", "period"]].drop_duplicates()
    widened = set(zip(councils_imported["indicator"], councils_imported["period"], strict=True))
    # A Wales row computed from some councils' extracts gives way once others are imported.
    keep = [
        new or (a == WALES and ((i, p) in widened or (i, p, a) not in computed_keys))
        for new, i, p, a in zip(
            new_council, rows["indicator"], rows["period"], rows["area"], strict=True
        )
    ]
    rows = rows.loc[keep].reset_index(drop=True)
    if rows.empty:
        return table
    rows = _fill_imported(rows, definitions, confidence, unit_of, interval_for)
    replaced = set(zip(rows["indicator"], rows["period"], rows["area"], strict=True))
    stale = [
        (i, p, a) in replaced
        for i, p, a in zip(table["indicator"], table["period"], table["area"], strict=True)
    ]
    table = table.loc[~(np.array(stale) & whole.to_numpy())]
    merged = pd.concat([table, rows], ignore_index=True)
    merged = _rederive_wales(merged, councils_imported, rows, definitions, confidence, interval_for)
    return _sorted(merged, definitions)


def _fill_imported(rows, definitions, confidence, unit_of, interval_for):  # type: ignore[no-untyped-def]
    reference = definitions.reference
    rows["area_name"] = rows["area"].map(reference.council_name)
    rows["breakdown"] = ""
    rows["records"] = pd.NA
    rows["source"] = "imported"
    rows["unit"] = rows["indicator"].map(lambda i: unit_of(definitions.indicators[i]))
    lower = np.full(len(rows), np.nan)
    upper = np.full(len(rows), np.nan)
    values = rows["value"].to_numpy(dtype=float, copy=True)
    for indicator_id, index in rows.groupby("indicator").groups.items():
        indicator = definitions.indicators[indicator_id]
        positions = rows.index.get_indexer(index)
        numerator = rows["numerator"].to_numpy(dtype=float)[positions]
        denominator = rows["denominator"].to_numpy(dtype=float)[positions]
        low, high = interval_for(
            str(indicator.type), numerator, denominator, indicator.effective_multiplier, confidence
        )
        lower[positions], upper[positions] = low, high
        with np.errstate(invalid="ignore", divide="ignore"):
            derived = numerator / denominator * indicator.effective_multiplier
        values[positions] = np.where(np.isnan(values[positions]), derived, values[positions])
    rows["value"] = values
    rows["lower_ci"], rows["upper_ci"] = lower, upper
    rows["status"] = np.where(
        rows["suppressed"], "suppressed:published", np.where(rows["value"].isna(), "no_data", "ok")
    )
    return rows


def _rederive_wales(merged, councils_imported, rows, definitions, confidence, interval_for):  # type: ignore[no-untyped-def]
    """Replace a computed Wales row wherever councils were imported and Wales was not."""
    councils = set(definitions.reference.council_codes)
    imported_wales = set(
        zip(
            rows.loc[rows["area"] == WALES, "indicator"],
            rows.loc[rows["area"] == WALES, "period"],
            strict=True,
        )
    )
    for indicator_id, period in councils_imported.itertuples(index=False):
        if (indicator_id, period) in imported_wales:
            continue
        indicator = definitions.indicators[indicator_id]
        is_wales = (
            (merged["indicator"] == indicator_id)
            & (merged["period"] == period)
            & (merged["area"] == WALES)
            & (merged["breakdown"].fillna("") == "")
        )
        members = merged[
            (merged["indicator"] == indicator_id)
            & (merged["period"] == period)
            & merged["area"].isin(councils)
            & (merged["breakdown"].fillna("") == "")
        ]
        complete = (
            members["area"].nunique() == len(councils)
            and members["numerator"].notna().all()
            and members["denominator"].notna().all()
        )
        poolable = str(indicator.type) in {"percentage", "proportion", "rate", "ratio", "count"}
        numerator = members["numerator"].sum() if complete else np.nan
        denominator = members["denominator"].sum() if complete else np.nan
        if complete and poolable:
            multiplier = indicator.effective_multiplier
            value = (
                numerator
                if str(indicator.type) == "count"
                else numerator / denominator * multiplier
            )
            low, high = interval_for(
                str(indicator.type), [numerator], [denominator], multiplier, confidence
            )
            figures = {
                "numerator": numerator,
                "denominator": denominator,
                "value": value,
                "lower_ci": low[0],
                "upper_ci": high[0],
                "status": "ok",
            }
        else:
            figures = {
                "numerator": np.nan,
                "denominator": np.nan,
                "value": np.nan,
                "lower_ci": np.nan,
                "upper_ci": np.nan,
                "status": "no_data",
            }
        figures.update(suppressed=False, source="derived", records=pd.NA)
        if is_wales.any():
            for column, value in figures.items():
                merged.loc[is_wales, column] = value
        else:
            from pm.engine.compute import unit_of

            row = {
                "indicator": indicator_id,
                "period": period,
                "area": WALES,
                "area_name": definitions.reference.council_name(WALES),
                "breakdown": "",
                "unit": unit_of(indicator),
                **figures,
            }
            merged = pd.concat([merged, pd.DataFrame([row])], ignore_index=True)
    return merged


def _sorted(table: pd.DataFrame, definitions: DefinitionSet) -> pd.DataFrame:
    """The results table's own order: indicator, period, area (Wales last), breakdown."""
    from pm.calendar import parse_period
    from pm.definitions.ordering import indicator_sort_key

    indicator_order = {
        i: n for n, i in enumerate(sorted(table["indicator"].unique(), key=indicator_sort_key))
    }
    period_order = {p: parse_period(p).sort_key for p in table["period"].unique()}
    keys = pd.DataFrame(
        {
            "i": table["indicator"].map(indicator_order),
            "p": table["period"].map(period_order),
            "w": (table["area"] == WALES).astype(int),
            "a": table["area"],
            "b": table["breakdown"].fillna(""),
        }
    )
    order = keys.sort_values(["i", "p", "w", "a", "b"], kind="stable").index
    return table.loc[order].reset_index(drop=True)
