"""Banding, benchmark, rank, quartile and trend rules, each against values worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pm.comparison.bands import band, target_and_close_limit
from pm.comparison.benchmark import compare_with_benchmark
from pm.comparison.ranking import quartile_bounds, rank_and_quartile
from pm.comparison.travel import (
    TREND_CRITICAL,
    direction,
    proportion_trend_statistic,
    trend_word,
    two_proportion_z,
    wls_trend_statistic,
)
from pm.definitions.models import Target
from pm.definitions.vocab import Polarity

# ---------------------------------------------------------------- target and close limit


@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        (Target(value=95, tolerance=5), Polarity.higher, (95, 90)),
        (Target(value=95, tolerance=5), Polarity.lower, (95, 100)),
        (Target(value=80, tolerance=10, tolerance_unit="percent"), Polarity.higher, (80, 72)),
        (Target(value=80, tolerance=10, tolerance_unit="percent"), Polarity.lower, (80, 88)),
        (Target(range=(80, 90)), Polarity.higher, (90, 80)),
        (Target(range=(500, 650)), Polarity.lower, (500, 650)),
        (Target(value=95), Polarity.higher, (95, 95)),  # no tolerance: no close band
    ],
)
def test_target_and_close_limit(
    target: Target, polarity: Polarity, expected: tuple[float, float]
) -> None:
    assert target_and_close_limit(target, polarity) == pytest.approx(expected)


# ---------------------------------------------------------------- bands


def bands(values, target, close, higher, bandable=None):  # type: ignore[no-untyped-def]
    n = len(values)
    return list(
        band(
            values,
            [target] * n,
            [close] * n,
            [higher] * n,
            [True] * n if bandable is None else bandable,
        )
    )


def test_higher_is_better_boundaries() -> None:
    # target 95, tolerance 5: 95 itself is on target, 90 (the edge) is close, 89.9 is off.
    assert bands([95.0, 99.0, 94.9, 90.0, 89.9], 95, 90, True) == [
        "on_target",
        "on_target",
        "close_to_target",
        "close_to_target",
        "off_target",
    ]


def test_lower_is_better_reverses_every_comparison() -> None:
    # target 20 days, close up to 25 days
    assert bands([20.0, 12.0, 20.1, 25.0, 25.1], 20, 25, False) == [
        "on_target",
        "on_target",
        "close_to_target",
        "close_to_target",
        "off_target",
    ]


def test_no_tolerance_means_on_or_off() -> None:
    assert bands([95.0, 94.9], 95, 95, True) == ["on_target", "off_target"]


def test_not_bandable_rows_get_no_band_even_with_a_target() -> None:
    # a contextual measure, a suppressed figure or a missing value is never banded
    assert bands([50.0, 99.0, math.nan], 95, 90, True, [False, False, True]) == ["", "", ""]


def test_missing_target_is_no_target() -> None:
    assert bands([50.0], math.nan, math.nan, True) == ["no_target"]


# ---------------------------------------------------------------- benchmark


def test_benchmark_inside_interval_is_similar_ends_included() -> None:
    words = compare_with_benchmark(
        [80.0, 70.0, 90.0, 95.0, 60.0, 95.0, 60.0, 80.0],
        [70.0, 70.0, 70.0, 70.0, 70.0, 70.0, 70.0, math.nan],
        [90.0, 90.0, 90.0, 90.0, 90.0, 90.0, 90.0, math.nan],
        ["higher", "higher", "lower", "higher", "higher", "none", "lower", "higher"],
        [True] * 8,
    )
    # benchmark 95 above the whole interval: the council is worse (higher is better);
    # benchmark 60 below it: better; contextual measures are lower / higher; no interval: not compared
    assert list(words) == [
        "similar",
        "similar",
        "similar",
        "worse",
        "better",
        "lower",
        "worse",
        "not_compared",
    ]


def test_benchmark_not_compared_when_not_comparable() -> None:
    assert list(compare_with_benchmark([95.0], [70.0], [90.0], ["higher"], [False])) == [
        "not_compared"
    ]


# ---------------------------------------------------------------- quartiles and rank


def test_quartile_bounds_reproduce_methods_reference() -> None:
    # methods.md: values 1..50 give [1, 13.25, 25.5, 37.75, 50]
    assert list(quartile_bounds(np.arange(1, 51, dtype=float))) == [1, 13.25, 25.5, 37.75, 50]


def test_quartiles_and_ranks_higher_is_better() -> None:
    # 8 councils; bounds by hand (linear, positions (n-1)p): q1 at 1.75 → 20 + .75*10 = 27.5,
    # median at 3.5 → 45, q3 at 5.25 → 60 + .25*10 = 62.5
    values = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0], index=list("abcdefgh"))
    frame = rank_and_quartile(values, "higher")
    assert frame["lower_quartile"].iloc[0] == 27.5
    assert frame["upper_quartile"].iloc[0] == 62.5
    # bottom-up quartiles: 10,20 ≤ 27.5 → 1; 30,40 ≤ 45 → 2; 50,60 ≤ 62.5 → 3; 70,80 → 4;
    # higher is better, so quartile 1 (best) is the top quarter
    assert list(frame["quartile"]) == [4, 4, 3, 3, 2, 2, 1, 1]
    assert list(frame["rank"]) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert set(frame["rank_of"]) == {8}


def test_value_on_a_bound_belongs_to_the_lower_quartile() -> None:
    # 1..5: bounds [1, 2, 3, 4, 5]; 2 does not exceed q1 → bottom-up quartile 1
    frame = rank_and_quartile(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), "lower")
    assert list(frame["quartile"]) == [1, 1, 2, 3, 4]


def test_ties_share_the_better_rank() -> None:
    frame = rank_and_quartile(pd.Series([90.0, 80.0, 80.0, 70.0]), "higher")
    assert list(frame["rank"]) == [1, 2, 2, 4]
    frame = rank_and_quartile(pd.Series([90.0, 80.0, 80.0, 70.0]), "lower")
    assert list(frame["rank"]) == [4, 2, 2, 1]


def test_fewer_than_four_councils_have_no_quartiles() -> None:
    frame = rank_and_quartile(pd.Series([90.0, 80.0, 70.0]), "higher")
    assert frame["quartile"].isna().all()
    assert frame["lower_quartile"].isna().all()
    assert list(frame["rank"]) == [1, 2, 3]  # still ranked


def test_contextual_measures_have_bounds_but_no_rank_or_quartile() -> None:
    frame = rank_and_quartile(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), "none")
    assert frame["rank"].isna().all() and frame["quartile"].isna().all()
    assert frame["lower_quartile"].iloc[0] == 2.0


# ---------------------------------------------------------------- direction of travel


def test_direction_words() -> None:
    words = direction(
        [1.0, -1.0, 1.0, -1.0, 0.0, 1.0, -1.0, math.nan, 2.0],
        ["higher", "higher", "lower", "lower", "higher", "none", "none", "higher", "higher"],
        [True] * 8 + [False],
    )
    assert list(words) == [
        "improved",
        "declined",
        "declined",
        "improved",
        "no_change",
        "increased",
        "decreased",
        "",
        "",
    ]


def test_two_proportion_z_by_hand() -> None:
    # 60/100 v 50/100: pooled p .55, se √(.55 × .45 × .02) = .0703562, z = .1 / .0703562 = 1.42134
    # 70/100 v 50/100: pooled p .6, se √(.6 × .4 × .02) = .0692820, z = 2.88675
    z = two_proportion_z([60, 70, 0], [100, 100, 50], [50, 50, 0], [100, 100, 80])
    assert z[0] == pytest.approx(1.42134, abs=1e-5)
    assert z[1] == pytest.approx(2.88675, abs=1e-5)
    assert z[2] == 0.0  # both 0%: no evidence of change, not a division by zero


def test_chi_squared_trend_for_proportions_by_hand() -> None:
    # r = 50, 55, 60, 65, 70 of 100 each; t = 1..5. Σr = 300, Σn = 500, p = .6;
    # Σrt = 950, Σnt = 1500, Σnt² = 5500; numerator (950 − .6 × 1500)² = 50² = 2500;
    # denominator .6 × .4 × (5500 − 1500²/500) = .24 × 1000 = 240; χ² = 10.41667 > 9.5495
    statistic, sign = proportion_trend_statistic([50, 55, 60, 65, 70], [100] * 5)
    assert statistic == pytest.approx(2500 / 240)
    assert sign == 1
    assert trend_word(statistic, sign, "higher") == "improving"
    assert trend_word(statistic, sign, "lower") == "worsening"
    assert trend_word(statistic, sign, "none") == "increasing"
    # r = 50, 52, ..., 58: p = .54, (830 − 810)² / (.54 × .46 × 1000) = 400 / 248.4 = 1.61 → not significant
    statistic, sign = proportion_trend_statistic([50, 52, 54, 56, 58], [100] * 5)
    assert statistic == pytest.approx(400 / 248.4)
    assert trend_word(statistic, sign, "higher") == "no_significant_change"


def test_weighted_least_squares_trend_by_hand() -> None:
    # y = 10, 12, ..., 18 (slope 2); se 2 for every point (interval ± 1.96 × 2): weights ¼,
    # Σw(t − 3)² = 10/4 = 2.5, χ² = 2² × 2.5 = 10 > 9.5495 → significant
    z = 1.959963984540054
    values = [10.0, 12.0, 14.0, 16.0, 18.0]
    statistic, sign = wls_trend_statistic(
        values, [v - 2 * z for v in values], [v + 2 * z for v in values]
    )
    assert statistic == pytest.approx(10.0)
    assert trend_word(statistic, sign, "lower") == "worsening"
    # se 2.1: Σw(t − 3)² = 10 / 4.41, χ² = 40 / 4.41 = 9.07 < 9.5495 → not significant
    statistic, sign = wls_trend_statistic(
        values, [v - 2.1 * z for v in values], [v + 2.1 * z for v in values]
    )
    assert statistic == pytest.approx(40 / 4.41)
    assert statistic < TREND_CRITICAL
    assert trend_word(statistic, sign, "lower") == "no_significant_change"


def test_wls_without_intervals_gives_no_trend() -> None:
    statistic, sign = wls_trend_statistic([1.0] * 5, [math.nan] * 5, [math.nan] * 5)
    assert trend_word(statistic, sign, "higher") == ""
