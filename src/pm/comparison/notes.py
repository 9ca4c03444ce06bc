"""The one line that says which benchmarks are missing, why, and how to get them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.comparison.available import complete_groups, councils_covered, usable
from pm.definitions.loader import DefinitionSet

SHOWN_NAMES = 6


def missing_benchmarks(
    compared: pd.DataFrame, definitions: DefinitionSet, *, published: bool
) -> str | None:
    """One line naming the measures whose council figures have no Wales figure, rank or
    quartile because not every council is known, or None when nothing is missing."""
    if compared.empty:
        return None
    councils = set(definitions.reference.council_codes)
    whole = (compared["breakdown"].fillna("").astype(str) == "").to_numpy()
    figures = usable(compared, definitions) & compared["area"].isin(councils).to_numpy() & whole
    incomplete = ~complete_groups(compared, councils)
    rankable = (compared["polarity"].astype(str) != "none").to_numpy() & ~_counts(
        compared, definitions
    )
    no_wales = figures & compared["benchmark_value"].isna().to_numpy()
    no_rank = figures & incomplete & rankable & compared["rank"].isna().to_numpy()
    no_quartile = no_rank & compared["quartile_band"].fillna("").astype(str).eq("").to_numpy()
    missing = no_wales | no_rank
    if not missing.any():
        return None
    what = [
        word
        for word, rows in (("Wales figure", no_wales), ("rank", no_rank), ("quartile", no_quartile))
        if rows.any()
    ]
    ids = sorted(set(compared.loc[missing, "indicator"]), key=_order_key)
    periods = sorted(set(compared.loc[missing, "period"]))
    listed = ", ".join(ids[:SHOWN_NAMES]) + (", …" if len(ids) > SHOWN_NAMES else "")
    covered = councils_covered(compared, councils)
    line = (
        f"No {_joined(what)} for {len(ids)} measure{'s' if len(ids) != 1 else ''} ({listed})"
        f" in {', '.join(periods)}: "
    )
    if published:
        return line + (
            f"neither the extracts ({covered} of {len(councils)} councils) nor the published"
            " figures hold every council."
        )
    return line + (
        f"the extracts cover {covered} of {len(councils)} councils, and these need every one."
        " Import published figures (a StatsWales table saved as CSV) with --published FILE,"
        " or list them under 'published:' in pm.yaml."
    )


def _counts(compared: pd.DataFrame, definitions: DefinitionSet) -> np.ndarray:
    kinds = {
        i: str(definitions.indicators[i].type) if i in definitions.indicators else "count"
        for i in compared["indicator"].unique()
    }
    return (compared["indicator"].map(kinds) == "count").to_numpy()


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _order_key(indicator_id: str) -> object:
    from pm.definitions.ordering import indicator_sort_key

    return indicator_sort_key(indicator_id)


def missing_previous(compared: pd.DataFrame) -> str | None:
    """One line naming the periods without a change because the period a year before is not
    in the table, and the --year range that would give it."""
    if compared.empty or "previous_period" not in compared.columns:
        return None
    present = set(compared["period"])
    lacking = sorted(
        {
            (str(period), str(previous))
            for period, previous in zip(
                compared["period"], compared["previous_period"], strict=True
            )
            if previous and previous not in present
        }
    )
    if not lacking:
        return None
    from pm.calendar import parse_period

    _, before = lacking[0]
    named = ", ".join(period for period, _ in lacking)
    missing = ", ".join(sorted({previous for _, previous in lacking}))
    years = sorted((parse_period(str(p)) for p in present), key=lambda p: p.sort_key)
    if all(p.grain == "year" for p in years):
        how = f"compute --year {before}:{years[-1].label}"
    else:
        how = f"compute {missing} too"
    return (
        f"No change from the year before for {named}: {missing} is not among the results"
        f" ({how} to have it, if the extracts cover {missing} in full)."
    )
