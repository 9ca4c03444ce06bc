"""`compare`: one pass over a results table adding bands, change, trend, benchmarks, ranks.

Nothing is derived from a figure the disclosure rules hide or from a period the extracts
cover only partly (`available`): such a row gets no band, no comparison, no rank; as a
previous value it gives no change; it is left out of trends, ranks and quartile bounds.
Benchmarks among councils are made only from what is really there (`councils`). Figures are
compared as shown, rounded half-up to the indicator's decimals (bands, change, ranks,
quartiles); intervals use full precision. The change needs the year before in the table
itself, so `pm compute --compare` and `pm compare` on the saved results agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm.comparison.available import usable
from pm.comparison.bands import band, target_and_close_limit
from pm.comparison.councils import add_comparator, add_ranks, add_wales
from pm.comparison.targets import TargetSet
from pm.comparison.travel import (
    TREND_POINTS,
    Z_95,
    direction,
    intervals_apart,
    proportion_trend_statistic,
    trend_word,
    two_proportion_z,
    wls_trend_statistic,
)
from pm.definitions.loader import DefinitionSet
from pm.definitions.vocab import Polarity
from pm.engine.rounding import round_half_up_array
from pm.engine.statistics import BOUNDED_KINDS, interval_for

COMPARE_COLUMNS = [
    "polarity",
    "target",
    "close_limit",
    "band",
    "previous_period",
    "previous_value",
    "change",
    "direction",
    "change_significant",
    "trend",
    "benchmark_area",
    "benchmark_value",
    "benchmark_comparison",
    "comparator_group",
    "comparator_value",
    "comparator_comparison",
    "rank",
    "rank_of",
    "quartile",
    "lower_quartile",
    "upper_quartile",
    "quartile_band",
    "source",
]

KEY = ["indicator", "period", "area", "breakdown"]


@dataclass
class CompareOptions:
    """What to compare with; everything is optional."""

    targets: TargetSet = field(default_factory=TargetSet)
    comparator_groups: dict[str, list[str]] = field(default_factory=dict)
    preferred_group: str | None = None
    confidence: float = 0.95  # the level of the intervals already in the table
    # Published quartile bounds (indicator, period, lower_quartile, median, upper_quartile)
    # from a Wales-level table, for when the councils' own figures are not all there.
    published_bounds: pd.DataFrame | None = None


def compare(
    results: pd.DataFrame, definitions: DefinitionSet, options: CompareOptions | None = None
) -> pd.DataFrame:
    """The results table with the comparison columns added (same rows, same order)."""
    options = options or CompareOptions()
    table = results.drop(
        columns=[c for c in COMPARE_COLUMNS if c in results.columns and c != "source"]
    ).reset_index(drop=True)
    if "source" not in table.columns:
        table["source"] = "computed"
    meta = _indicator_meta(table, definitions)
    table["polarity"] = meta["polarity"]
    known = usable(table, definitions)
    shown = _shown_values(table, meta)
    lower95, upper95 = _intervals_95(table, meta, options.confidence)
    councils = set(definitions.reference.council_codes)

    _add_targets(table, definitions, options.targets, meta, known, shown)
    _add_previous(table, meta, known, shown, lower95, upper95)
    _add_trend(table, meta, known, lower95, upper95)
    add_wales(table, known, lower95, upper95, councils)
    add_comparator(table, meta, known, options, lower95, upper95, definitions)
    add_ranks(table, meta, known, shown, councils, options.published_bounds)
    ordered = [c for c in table.columns if c not in COMPARE_COLUMNS] + COMPARE_COLUMNS
    return table[ordered]


def _indicator_meta(table: pd.DataFrame, definitions: DefinitionSet) -> pd.DataFrame:
    rows = {}
    for indicator_id in table["indicator"].unique():
        found = definitions.indicators.get(indicator_id)
        if found is None:
            rows[indicator_id] = ("none", "count", 1.0, 1)
        else:
            rows[indicator_id] = (
                str(found.polarity),
                str(found.type),
                found.effective_multiplier,
                found.decimals,
            )
    meta = pd.DataFrame.from_dict(
        rows, orient="index", columns=["polarity", "kind", "multiplier", "decimals"]
    )
    return meta.loc[table["indicator"]].reset_index(drop=True)


def _shown_values(table: pd.DataFrame, meta: pd.DataFrame) -> np.ndarray:
    shown = np.full(len(table), np.nan)
    values = table["value"].to_numpy(dtype=float, na_value=np.nan)
    for decimals, index in meta.groupby("decimals").groups.items():
        positions = np.asarray(index)
        shown[positions] = round_half_up_array(values[positions], int(decimals))
    return shown


def _intervals_95(
    table: pd.DataFrame, meta: pd.DataFrame, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """95% intervals for comparisons: recomputed from numerator and denominator where the
    method allows (percentages, rates); otherwise the table's own, rescaled to 95% when the
    table was computed at another level."""
    lower = table["lower_ci"].to_numpy(dtype=float, na_value=np.nan).copy()
    upper = table["upper_ci"].to_numpy(dtype=float, na_value=np.nan).copy()
    if confidence != 0.95:
        from pm.engine.statistics import z_value

        value = table["value"].to_numpy(dtype=float, na_value=np.nan)
        scale = Z_95 / z_value(confidence)
        lower, upper = value - (value - lower) * scale, value + (upper - value) * scale
    numerator = table["numerator"].to_numpy(dtype=float, na_value=np.nan)
    denominator = table["denominator"].to_numpy(dtype=float, na_value=np.nan)
    for (kind, multiplier), index in meta.groupby(["kind", "multiplier"]).groups.items():
        if kind in BOUNDED_KINDS or kind == "rate":
            positions = np.asarray(index)
            low, high = interval_for(
                kind, numerator[positions], denominator[positions], multiplier, 0.95
            )
            lower[positions], upper[positions] = low, high
    return lower, upper


def _year_of(period_label: str) -> int:
    from pm.calendar import parse_period

    return parse_period(period_label).year_start_year


def _add_targets(table, definitions, targets: TargetSet, meta, known, shown) -> None:  # type: ignore[no-untyped-def]
    """The target in force for each row, looked up once per indicator, council and year."""
    years = {label: _year_of(label) for label in table["period"].unique()}
    keys = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "area": table["area"],
            "year": table["period"].map(years),
            "polarity": meta["polarity"],
        }
    )
    found = keys[keys["polarity"] != "none"].drop_duplicates()
    limits = [
        (np.nan, np.nan) if target is None else target_and_close_limit(target, Polarity(polarity))
        for target, polarity in zip(
            (
                targets.lookup(definitions, i, a, int(y))
                for i, a, y in zip(found["indicator"], found["area"], found["year"], strict=True)
            ),
            found["polarity"],
            strict=True,
        )
    ]
    found = found.assign(target=[t for t, _ in limits], close_limit=[c for _, c in limits])
    merged = keys.merge(found, how="left", on=["indicator", "area", "year", "polarity"])
    target_values = merged["target"].to_numpy(dtype=float, na_value=np.nan)
    close_limits = merged["close_limit"].to_numpy(dtype=float, na_value=np.nan)
    table["target"] = target_values
    table["close_limit"] = close_limits
    bandable = known & (meta["polarity"] != "none").to_numpy()
    table["band"] = band(
        shown, target_values, close_limits, (meta["polarity"] == "higher").to_numpy(), bandable
    )


def _add_previous(table, meta, known, shown, lower95, upper95) -> None:  # type: ignore[no-untyped-def]
    from pm.calendar import parse_period, previous_period

    labels = {
        label: previous_period(parse_period(label)).label for label in table["period"].unique()
    }
    table["previous_period"] = table["period"].map(labels)
    lookup = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "previous_period": table["period"],
            "area": table["area"],
            "breakdown": table["breakdown"],
            "_position": np.arange(len(table)),
        }
    )
    matched = table[["indicator", "previous_period", "area", "breakdown"]].merge(
        lookup, how="left", on=["indicator", "previous_period", "area", "breakdown"]
    )
    found = matched["_position"].to_numpy(dtype=float, na_value=np.nan)
    has = ~np.isnan(found)
    index = np.where(has, found, 0).astype(int)
    previous_known = has & known[index]
    both = previous_known & known
    previous_shown = np.where(previous_known, shown[index], np.nan)
    table["previous_value"] = np.where(
        previous_known, table["value"].to_numpy(dtype=float, na_value=np.nan)[index], np.nan
    )
    value = table["value"].to_numpy(dtype=float, na_value=np.nan)
    table["change"] = np.where(both, value - table["previous_value"].to_numpy(), np.nan)
    table["direction"] = direction(shown - previous_shown, meta["polarity"].to_numpy(), both)

    x1 = table["numerator"].to_numpy(dtype=float, na_value=np.nan)
    n1 = table["denominator"].to_numpy(dtype=float, na_value=np.nan)
    bounded = meta["kind"].isin(list(BOUNDED_KINDS)).to_numpy()
    z = two_proportion_z(x1, n1, x1[index], n1[index])
    apart = intervals_apart(lower95, upper95, lower95[index], upper95[index])
    has_interval = ~np.isnan(lower95) & ~np.isnan(lower95[index])
    significant = np.where(bounded, np.abs(z) > Z_95, apart)
    testable = both & (bounded | has_interval)
    table["change_significant"] = pd.array(np.where(testable, significant, False), dtype="boolean")
    table.loc[~testable, "change_significant"] = pd.NA


def _add_trend(table, meta, known, lower95, upper95) -> None:  # type: ignore[no-untyped-def]
    from pm.calendar import parse_period

    trend = np.full(len(table), "", dtype=object)
    periods = {label: parse_period(label) for label in table["period"].unique()}
    yearly = np.array([periods[label].grain == "year" for label in table["period"]])
    start_years = np.array([periods[label].year_start_year for label in table["period"]])
    numerator = table["numerator"].to_numpy(dtype=float, na_value=np.nan)
    denominator = table["denominator"].to_numpy(dtype=float, na_value=np.nan)
    value = table["value"].to_numpy(dtype=float, na_value=np.nan)
    frame = pd.DataFrame(
        {"indicator": table["indicator"], "area": table["area"], "breakdown": table["breakdown"]}
    )
    for _, index in (
        frame[yearly].groupby(["indicator", "area", "breakdown"], sort=False).groups.items()
    ):
        positions = np.asarray(index)
        if len(positions) < TREND_POINTS:
            continue
        by_year = dict(zip(start_years[positions], positions, strict=True))
        polarity = meta["polarity"].iat[positions[0]]
        bounded = meta["kind"].iat[positions[0]] in BOUNDED_KINDS
        for year, position in by_year.items():
            window = [by_year.get(y) for y in range(year - TREND_POINTS + 1, year + 1)]
            if any(p is None or not known[p] for p in window):
                continue
            if bounded:
                statistic, sign = proportion_trend_statistic(numerator[window], denominator[window])
            else:
                statistic, sign = wls_trend_statistic(
                    value[window], lower95[window], upper95[window]
                )
            trend[position] = trend_word(statistic, sign, polarity)
    table["trend"] = trend
