"""Direction of travel (methods.md): the change from the same period a year earlier, and
the Fingertips trend over the five most recent annual points.

Change significance: for percentages and proportions a two-proportion z-test (pooled);
for other measures with intervals, the two periods' 95% intervals not overlapping; none
for measures without intervals (counts, medians, ratios).

Trend: the chi-squared test for linear trend (Armitage) for percentages and proportions;
weighted least squares with weights from the 95% interval width for other measures;
significant when the statistic exceeds 9.5495, the 99.8% point of chi-squared on 1 degree
of freedom. Five consecutive annual values, none suppressed, are needed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

TREND_POINTS = 5
TREND_CRITICAL = 9.5495  # chi-squared, 1 df, 99.8%
Z_95 = 1.959963984540054


def direction(change_shown: Any, polarity: Any, known: Any) -> npt.NDArray[np.object_]:
    """improved / declined / no_change by polarity; increased / decreased when contextual."""
    change = np.asarray(change_shown, dtype=float)
    pol = np.asarray(polarity, dtype=object)
    ok = np.asarray(known, dtype=bool) & ~np.isnan(change)
    up, down = change > 0, change < 0
    words = np.select(
        [change == 0, pol == "none", pol == "higher", pol == "lower"],
        [
            "no_change",
            np.where(up, "increased", "decreased"),
            np.where(up, "improved", "declined"),
            np.where(down, "improved", "declined"),
        ],
        "",
    )
    return np.where(ok, words, "").astype(object)


def two_proportion_z(x1: Any, n1: Any, x2: Any, n2: Any) -> npt.NDArray[np.float64]:
    """The pooled two-proportion z statistic; 0 where both proportions are 0 or both 1."""
    x1, n1, x2, n2 = (np.asarray(a, dtype=float) for a in (x1, n1, x2, n2))
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = (x1 + x2) / (n1 + n2)
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (x1 / n1 - x2 / n2) / se
    return np.where(se == 0, 0.0, z)


def intervals_apart(lower1: Any, upper1: Any, lower2: Any, upper2: Any) -> npt.NDArray[np.bool_]:
    l1, u1, l2, u2 = (np.asarray(a, dtype=float) for a in (lower1, upper1, lower2, upper2))
    return (l1 > u2) | (l2 > u1)


def proportion_trend_statistic(numerators: Any, denominators: Any) -> tuple[float, float]:
    """Chi-squared for linear trend over time points 1..k, and the sign of the slope.

    χ² = (Σ rᵢtᵢ − p Σ nᵢtᵢ)² / (p(1 − p)(Σ nᵢtᵢ² − (Σ nᵢtᵢ)² / Σ nᵢ)), p = Σ rᵢ / Σ nᵢ.
    """
    r = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    t = np.arange(1, len(r) + 1, dtype=float)
    p = r.sum() / n.sum()
    slope_term = (r * t).sum() - p * (n * t).sum()
    spread = (n * t * t).sum() - (n * t).sum() ** 2 / n.sum()
    variance = p * (1 - p) * spread
    if variance <= 0:
        return 0.0, 0.0
    return float(slope_term**2 / variance), float(np.sign(slope_term))


def wls_trend_statistic(values: Any, lower: Any, upper: Any) -> tuple[float, float]:
    """(slope / its standard error)² from weighted least squares, weights 1/se²,
    se = 95% interval width / (2 × 1.96); and the sign of the slope."""
    y = np.asarray(values, dtype=float)
    se = (np.asarray(upper, dtype=float) - np.asarray(lower, dtype=float)) / (2 * Z_95)
    if np.any(~np.isfinite(se)) or np.any(se <= 0):
        return float("nan"), 0.0
    w = 1 / se**2
    t = np.arange(1, len(y) + 1, dtype=float)
    t_mean = (w * t).sum() / w.sum()
    y_mean = (w * y).sum() / w.sum()
    sxx = (w * (t - t_mean) ** 2).sum()
    slope = (w * (t - t_mean) * (y - y_mean)).sum() / sxx
    return float(slope**2 * sxx), float(np.sign(slope))


def trend_word(statistic: float, sign: float, polarity: str) -> str:
    if not np.isfinite(statistic):
        return ""
    if statistic <= TREND_CRITICAL or sign == 0:
        return "no_significant_change"
    if polarity == "none":
        return "increasing" if sign > 0 else "decreasing"
    better = (sign > 0) == (polarity == "higher")
    return "improving" if better else "worsening"
