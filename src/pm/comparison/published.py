"""Published figures from elsewhere (StatsWales tables, read by `published_read`) merged
with what pm computed, so that a council holding only its own extracts can benchmark.

A figure pm computed for a period its extracts cover in full wins over an imported one;
an imported figure fills everything else (councils not in the extracts, a partly covered
year), marked `source = imported`. The Wales row is the imported Wales figure if a file has
one, else the computed one when the extracts covered every council, else pooled again from
all 22 councils' numerators and denominators when every one of them is known
(`source = derived`); otherwise it stays empty. A Wales row computed from some councils'
extracts would only be those councils' own figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pm.comparison.available import NONE, PARTIAL, coverage_of
from pm.comparison.published_read import Published
from pm.definitions.loader import DefinitionSet
from pm.definitions.reference import WALES


@dataclass
class Imported:
    """Rows read from published-figures files, their quartile bounds, and what was set aside."""

    rows: pd.DataFrame
    unknown_indicators: list[str] = field(default_factory=list)
    bounds: pd.DataFrame | None = None
    left_out_areas: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, published: Published) -> Imported:
        return cls(
            published.rows,
            published.unknown_indicators,
            published.bounds,
            published.left_out_areas,
        )


def read_published(path: Path, definitions: DefinitionSet) -> Imported:
    """Read and check one published-figures file (any layout `published_read` knows)."""
    from pm.comparison.published_files import PublishedSource, read_sources
    from pm.comparison.published_read import Layout
    from pm.definitions.problems import display_path

    source = PublishedSource(path, Layout(), display_path(path))
    return Imported.of(read_sources([source], definitions))


def merge_published(
    results: pd.DataFrame, imported: Imported, definitions: DefinitionSet, confidence: float = 0.95
) -> pd.DataFrame:
    """Computed rows with figures, plus imported rows where pm computed nothing."""
    from pm.engine.compute import unit_of
    from pm.engine.statistics import interval_for

    table = results.copy()
    if "source" not in table.columns:
        table["source"] = "computed"
    # Published figures fill the table being compared: the measures and periods it holds.
    wanted = set(zip(table["indicator"], table["period"], strict=True))
    rows = imported.rows
    rows = rows[[key in wanted for key in zip(rows["indicator"], rows["period"], strict=True)]]
    rows = rows.reset_index(drop=True)
    if rows.empty:
        return table
    whole = table["breakdown"].fillna("") == ""
    for_the_whole_period = ~np.isin(coverage_of(table), [PARTIAL, NONE])
    has_figures = (
        whole & (table["status"] != "no_data") & table["value"].notna() & for_the_whole_period
    )
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
            and not np.isin(coverage_of(members), [PARTIAL, NONE]).any()
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
