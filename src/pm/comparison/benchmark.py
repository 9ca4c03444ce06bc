"""Comparison with a benchmark by the confidence-interval method (Fingertips).

A benchmark inside the council's 95% interval (ends included) is `similar`; outside it the
council is `better` or `worse` by polarity, or `higher` / `lower` for a contextual measure.
Without an interval or a benchmark value there is nothing to compare: `not_compared`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

NOT_COMPARED = "not_compared"


def compare_with_benchmark(
    benchmark: Any, lower: Any, upper: Any, polarity: Any, comparable: Any
) -> npt.NDArray[np.object_]:
    """Words for whole columns; `polarity` holds 'higher', 'lower' or 'none' per row."""
    bench = np.asarray(benchmark, dtype=float)
    low = np.asarray(lower, dtype=float)
    high = np.asarray(upper, dtype=float)
    pol = np.asarray(polarity, dtype=object)
    known = np.asarray(comparable, dtype=bool) & ~(np.isnan(bench) | np.isnan(low) | np.isnan(high))
    above = low > bench  # the whole interval lies above the benchmark
    below = high < bench
    words = np.select(
        [~known, ~(above | below), pol == "none", pol == "higher", pol == "lower"],
        [
            NOT_COMPARED,
            "similar",
            np.where(above, "higher", "lower"),
            np.where(above, "better", "worse"),
            np.where(above, "worse", "better"),
        ],
        NOT_COMPARED,
    )
    return words.astype(object)
