"""Rank and quartiles among councils (methods.md, "Quartiles among councils").

Quartile bounds are numpy's linear percentiles (Excel PERCENTILE.INC) of the councils that
have a publishable value; a value's quartile counted from the bottom is the first whose upper
bound it does not exceed. Quartile 1 is reported as the best quarter, so for higher-is-better
measures the bottom-up number is turned round. Fewer than four values give no quartiles.
Rank 1 is the best value by polarity and ties share the better rank; fewer than two values
give no rank (a rank "1 of 1" says nothing). Contextual measures get the quartile bounds but
neither rank nor quartile, since neither end is better.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

QUARTILE_BANDS = {1: "top_quartile", 2: "middle_half", 3: "middle_half", 4: "bottom_quartile"}
MIN_VALUES_FOR_QUARTILES = 4
MIN_VALUES_FOR_RANK = 2


def quartile_bounds(values: np.ndarray) -> np.ndarray:
    """Minimum, lower quartile, median, upper quartile and maximum."""
    return np.percentile(values, [0, 25, 50, 75, 100])


def bottom_up_quartile(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """1 to 4 counted from the lowest values: the first quartile whose upper bound is not exceeded."""
    return np.searchsorted(bounds[1:4], values, side="left") + 1


def rank_and_quartile(values: pd.Series, polarity: str) -> pd.DataFrame:
    """Rank, quartile (1 = best) and the bounds, for one indicator, period and breakdown.

    `values` holds only the councils to rank (publishable values, no Wales row).
    """
    frame = pd.DataFrame(index=values.index)
    count = int(values.notna().sum())
    known = values.dropna()
    ranked = polarity != "none" and count >= MIN_VALUES_FOR_RANK
    frame["rank_of"] = count if ranked else np.nan
    if ranked:
        frame["rank"] = known.rank(method="min", ascending=polarity == "lower")
    else:
        frame["rank"] = np.nan
    if count < MIN_VALUES_FOR_QUARTILES:
        for column in ("quartile", "lower_quartile", "upper_quartile"):
            frame[column] = np.nan
        return frame
    bounds = quartile_bounds(known.to_numpy(dtype=float))
    frame["lower_quartile"] = bounds[1]
    frame["upper_quartile"] = bounds[3]
    bottom_up = pd.Series(
        bottom_up_quartile(known.to_numpy(dtype=float), bounds), index=known.index
    )
    if polarity == "higher":
        frame["quartile"] = 5 - bottom_up
    elif polarity == "lower":
        frame["quartile"] = bottom_up
    else:
        frame["quartile"] = np.nan
    return frame
