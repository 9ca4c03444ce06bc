"""Benchmarks among councils: the Wales figure, comparator groups, ranks and quartiles.

Each is made only from what is really there (see `available`): the Wales row is used when
the extracts covered every council (or it was imported, or pooled again from all 22); a
comparator group is pooled only when every member is accounted for; ranks and quartiles are
worked out only when every council is accounted for, rank among the councils with a shown
figure (never "1 of 1": fewer than two figures give no rank), and quartiles from four.
Counts are neither ranked nor put into quartiles (a big council does more of everything);
contextual measures get the quartile bounds but no rank or quartile. Where the councils'
figures are incomplete but published quartile bounds were imported (a Wales-level table),
each council is placed in a quartile band by those bounds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pm.comparison.available import FULL, complete_groups, coverage_of, source_of
from pm.comparison.benchmark import compare_with_benchmark
from pm.comparison.ranking import QUARTILE_BANDS, rank_and_quartile
from pm.definitions.reference import WALES
from pm.engine.withheld import under_threshold

if TYPE_CHECKING:
    from pm.comparison.comparison import CompareOptions

POOLABLE_KINDS = frozenset({"percentage", "proportion", "rate", "ratio", "mean"})
KEY = ["indicator", "period", "breakdown"]


def wales_usable(table: pd.DataFrame, known: np.ndarray, councils: set[str]) -> np.ndarray:
    """Wales rows that may serve as a benchmark: shown, and made from every council (the
    extracts covered all of them, or the figure was imported or pooled again from all 22)."""
    is_wales = (table["area"] == WALES).to_numpy()
    source = source_of(table)
    trusted = (
        np.isin(source, ["imported", "derived"])
        | (coverage_of(table) == FULL)
        | ((coverage_of(table) == "") & complete_groups(table, councils))
    )
    return is_wales & known & trusted


def _benchmark_values(table: pd.DataFrame, usable_rows: np.ndarray, area: str) -> np.ndarray:
    """The usable value of `area` for each row's indicator, period and breakdown."""
    benchmark = table.loc[(table["area"] == area).to_numpy() & usable_rows, KEY + ["value"]]
    merged = table[KEY].merge(benchmark.drop_duplicates(KEY), how="left", on=KEY)
    return merged["value"].to_numpy(dtype=float, na_value=np.nan)


def add_wales(table, known, lower95, upper95, councils: set[str]) -> None:  # type: ignore[no-untyped-def]
    is_council = (table["area"] != WALES).to_numpy()
    table["benchmark_area"] = np.where(is_council, WALES, "")
    wales = _benchmark_values(table, wales_usable(table, known, councils), WALES)
    table["benchmark_value"] = np.where(is_council, wales, np.nan)
    words = compare_with_benchmark(
        wales, lower95, upper95, table["polarity"].to_numpy(), known & is_council
    )
    table["benchmark_comparison"] = np.where(is_council, words, "")


def _group_of(options: CompareOptions) -> dict[str, str]:
    """Each council's comparator group: the preferred group first, then the first listing it."""
    names = list(options.comparator_groups)
    if options.preferred_group in options.comparator_groups:
        names.remove(options.preferred_group)
        names.insert(0, options.preferred_group)
    membership: dict[str, str] = {}
    for name in names:
        for code in options.comparator_groups[name]:
            membership.setdefault(code, name)
    return membership


def add_comparator(
    table, meta, known, options: CompareOptions, lower95, upper95, definitions
) -> None:  # type: ignore[no-untyped-def]
    membership = _group_of(options)
    group = table["area"].map(lambda code: membership.get(code, ""))
    table["comparator_group"] = group.to_numpy(dtype=object)
    values = np.full(len(table), np.nan)
    if membership:
        pooled = _pooled_groups(table, meta, options.comparator_groups, definitions)
        if not pooled.empty:
            merged = (
                table[KEY]
                .assign(comparator_group=group)
                .merge(pooled, how="left", on=[*KEY, "comparator_group"])
            )
            values = merged["comparator_value"].to_numpy(dtype=float, na_value=np.nan)
    table["comparator_value"] = values
    words = compare_with_benchmark(
        values, lower95, upper95, table["polarity"].to_numpy(), known & (group != "").to_numpy()
    )
    table["comparator_comparison"] = np.where(group != "", words, "")


def _pooled_groups(table, meta, groups: dict[str, list[str]], definitions) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Each group's value from its members' summed numerators and denominators, like the
    Wales figure; only where every member is accounted for with figures for the whole
    period, and withheld where the summed counts fall under the indicator's own disclosure
    rules (pm.engine.withheld: the same rule every published figure meets)."""
    poolable = meta["kind"].isin(list(POOLABLE_KINDS)).to_numpy()
    status = table["status"].fillna("").astype(str)
    numerator = pd.to_numeric(table["numerator"], errors="coerce").astype("float64")
    denominator = pd.to_numeric(table["denominator"], errors="coerce").astype("float64")
    records = (
        pd.to_numeric(table["records"], errors="coerce").astype("float64")
        if "records" in table.columns
        else pd.Series(np.nan, index=table.index)
    )
    whole_period = ~np.isin(coverage_of(table), ["partial", "none"])
    has_figures = (
        poolable
        & whole_period
        & ~status.str.startswith("error").to_numpy()
        & denominator.notna().to_numpy()
        & (numerator.notna().to_numpy() | (denominator == 0).to_numpy())
    )
    columns = ["indicator", "period", "breakdown", "comparator_group", "comparator_value"]
    pieces = []
    for name, members in groups.items():
        chosen = has_figures & table["area"].isin(members).to_numpy()
        rows = table.loc[chosen, ["indicator", "period", "breakdown", "area"]].assign(
            numerator=numerator[chosen].fillna(0.0),
            denominator=denominator[chosen],
            records=records[chosen],
        )
        sums = rows.groupby(KEY, sort=False).agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            records=("records", lambda counts: counts.sum(min_count=len(counts))),
            members=("area", "nunique"),
        )
        sums = sums[sums["members"] == len(set(members))].reset_index()
        sums["comparator_group"] = name
        pieces.append(sums)
    pooled = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
    if pooled.empty:
        return pd.DataFrame(columns=columns)
    multipliers = dict(zip(table["indicator"], meta["multiplier"], strict=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        value = (
            pooled["numerator"].astype("float64")
            / pooled["denominator"].astype("float64")
            * pooled["indicator"].map(multipliers).astype("float64")
        )
    small = under_threshold(pooled, definitions)
    pooled["comparator_value"] = value.where(~small & (pooled["denominator"] > 0))
    return pooled[columns]


def add_ranks(table, meta, known, shown, councils: set[str], published_bounds) -> None:  # type: ignore[no-untyped-def]
    """Rank, quartile and bounds for every council row, where they can be known."""
    is_council = table["area"].isin(councils).to_numpy()
    rankable = ~(meta["kind"] == "count").to_numpy()  # counts: neither rank nor quartile
    complete = complete_groups(table, councils)
    ranked = known & is_council & rankable & complete
    columns = ["rank", "rank_of", "quartile", "lower_quartile", "upper_quartile"]
    result = pd.DataFrame(np.nan, index=table.index, columns=columns)
    values = pd.Series(shown, index=table.index)
    groups = table.loc[ranked].groupby(KEY, sort=False).groups
    for _, index in groups.items():
        polarity = table["polarity"].at[index[0]]
        part = rank_and_quartile(values.loc[index], polarity)
        result.loc[index, columns] = part[columns].to_numpy(dtype=float)
    # The bounds are a property of the group, published beside every council (StatsWales
    # does so), suppressed ones included; Wales does not carry them.
    bounds = (
        table.loc[ranked, KEY]
        .assign(
            lower_quartile=result.loc[ranked, "lower_quartile"],
            upper_quartile=result.loc[ranked, "upper_quartile"],
        )
        .drop_duplicates(KEY)
    )
    spread = table[KEY].merge(bounds, how="left", on=KEY)
    lower = np.where(is_council, spread["lower_quartile"].to_numpy(float, na_value=np.nan), np.nan)
    upper = np.where(is_council, spread["upper_quartile"].to_numpy(float, na_value=np.nan), np.nan)
    quartile = result["quartile"].to_numpy(dtype=float)
    middle = np.zeros(len(table), dtype=bool)
    if published_bounds is not None and len(published_bounds):
        placed = _published_quartiles(
            table, is_council & rankable & ~complete, known, shown, published_bounds
        )
        use, low, high, number, middle = placed
        lower, upper = np.where(use, low, lower), np.where(use, high, upper)
        quartile = np.where(~np.isnan(number), number, quartile)
    for column in ("rank", "rank_of"):
        table[column] = pd.array(result[column].round(), dtype="Int64")
    table["quartile"] = pd.array(pd.Series(quartile).round(), dtype="Int64")
    table["lower_quartile"], table["upper_quartile"] = lower, upper
    band = table["quartile"].map(QUARTILE_BANDS).fillna("").astype(object).to_numpy()
    table["quartile_band"] = np.where(middle, "middle_half", band)


def _published_quartiles(table, rows, known, shown, bounds):  # type: ignore[no-untyped-def]
    """Published lower and upper quartiles (a Wales-level table) for the council rows of
    `rows`, and each shown value placed by them: bottom-up, at or below the lower quartile
    is the first quarter and above the upper the fourth; between them is the middle half,
    split at the median when that was published too. Returns where the bounds apply, the
    bounds, the quartile (1 = best; empty in an unsplit middle half) and the unsplit
    middle-half rows."""
    found = table[["indicator", "period"]].merge(bounds, how="left", on=["indicator", "period"])
    low = found["lower_quartile"].to_numpy(dtype=float, na_value=np.nan)
    high = found["upper_quartile"].to_numpy(dtype=float, na_value=np.nan)
    median = found["median"].to_numpy(dtype=float, na_value=np.nan)
    whole = (table["breakdown"].fillna("").astype(str) == "").to_numpy()
    use = rows & whole & ~np.isnan(low) & ~np.isnan(high)
    polarity = table["polarity"].to_numpy(dtype=object)
    placed = use & known & (polarity != "none")
    with np.errstate(invalid="ignore"):
        bottom_up = np.select(
            [shown <= low, shown > high, shown <= median, shown > median], [1, 4, 2, 3], 0
        ).astype(float)
    number = np.where(polarity == "higher", 5 - bottom_up, bottom_up)
    number = np.where(placed & (bottom_up > 0), number, np.nan)
    middle = placed & (bottom_up == 0)
    return use, low, high, number, middle


__all__ = ["add_comparator", "add_ranks", "add_wales", "wales_usable"]
