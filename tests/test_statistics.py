"""Confidence intervals and input checks against independently worked figures.

Reference figures come from methods.md (computed independently, printed to 10 decimal
places); other expected values are closed forms worked out here by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pm.engine.statistics import (
    check_inputs,
    interval_for,
    is_no_data,
    mean_interval,
    poisson_count_interval,
    rate_interval,
    sample_sd_from_sums,
    wilson_interval,
    z_value,
)

Z95 = 1.959963984540054  # Φ⁻¹(0.975), statistical tables
Z998 = 3.090232306167814  # Φ⁻¹(0.999)
T975_DF3 = 3.182446305284263  # Student's t, 0.975 quantile, 3 degrees of freedom (R: qt)

# methods.md, "Reference figures (95%, percentages / rates per 100,000)".
PROPORTIONS = [
    (1, 100, 1, 0.1767432064, 5.4486196179),
    (20, 100, 20, 13.3366933331, 28.8829165593),
    (65, 100, 65, 55.2544432969, 73.6357517569),
]
RATES = [
    (1, 100, 1000, 25.3178079843, 5571.6433909389),  # exact
    (5, 100, 5000, 1623.4863901184, 11668.3320793227),  # exact
    (20, 100, 20000, 12211.4288348759, 30889.8803691971),  # Byar's
]


def test_z_values() -> None:
    assert z_value() == pytest.approx(Z95, abs=1e-12)
    assert z_value(0.95) == pytest.approx(Z95, abs=1e-12)
    assert z_value(0.998) == pytest.approx(Z998, abs=1e-12)


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 95])
def test_z_value_rejects_impossible_confidence(confidence: float) -> None:
    with pytest.raises(ValueError):
        z_value(confidence)


@pytest.mark.parametrize(("x", "n", "value", "lower", "upper"), PROPORTIONS)
def test_percentage_reference_figures(x, n, value, lower, upper) -> None:
    lo, hi = interval_for("percentage", x, n, 100)
    # The reference is rounded to 10 places; the unrounded result is within 1e-9 of it.
    assert x / n * 100 == pytest.approx(value, abs=1e-12)
    assert float(lo) == pytest.approx(lower, abs=1e-9)
    assert float(hi) == pytest.approx(upper, abs=1e-9)
    # ... and rounding to 10 places reproduces the printed figure exactly.
    assert round(float(lo), 10) == pytest.approx(lower, abs=1e-12)
    assert round(float(hi), 10) == pytest.approx(upper, abs=1e-12)


def test_percentage_reference_figures_vectorised_over_a_series() -> None:
    x = pd.Series([case[0] for case in PROPORTIONS])
    n = pd.Series([case[1] for case in PROPORTIONS])
    lo, hi = interval_for("percentage", x, n)  # default multiplier for percentages is 100
    np.testing.assert_allclose(lo, [case[3] for case in PROPORTIONS], rtol=0, atol=1e-9)
    np.testing.assert_allclose(hi, [case[4] for case in PROPORTIONS], rtol=0, atol=1e-9)


@pytest.mark.parametrize(("x", "n", "value", "lower", "upper"), RATES)
def test_rate_reference_figures(x, n, value, lower, upper) -> None:
    lo, hi = interval_for("rate", x, n, 100_000)
    assert x / n * 100_000 == pytest.approx(value, abs=1e-9)
    assert float(lo) == pytest.approx(lower, abs=1e-9)
    assert float(hi) == pytest.approx(upper, abs=1e-9)
    assert round(float(lo), 10) == pytest.approx(lower, abs=1e-12)
    assert round(float(hi), 10) == pytest.approx(upper, abs=1e-12)


def test_rate_interval_vectorised_matches_reference() -> None:
    lo, hi = rate_interval([case[0] for case in RATES], 100, 100_000)
    np.testing.assert_allclose(lo, [case[3] for case in RATES], rtol=0, atol=1e-9)
    np.testing.assert_allclose(hi, [case[4] for case in RATES], rtol=0, atol=1e-9)


def test_wilson_edge_x_zero_and_x_n() -> None:
    # x = 0: lower is exactly 0, upper = (z² + z·z) / (2(n + z²)) = z² / (n + z²).
    lo, hi = wilson_interval([0, 100], [100, 100])
    assert lo[0] == 0.0
    assert hi[0] == pytest.approx(Z95**2 / (100 + Z95**2), abs=1e-12)
    # x = n: upper is exactly 1, lower = (2n + z² − z²) / (2(n + z²)) = n / (n + z²).
    assert hi[1] == 1.0
    assert lo[1] == pytest.approx(100 / (100 + Z95**2), abs=1e-12)


def test_wilson_single_case_one_of_one() -> None:
    lo, hi = wilson_interval(1, 1)
    assert float(hi) == 1.0
    assert float(lo) == pytest.approx(1 / (1 + Z95**2), abs=1e-12)


def test_poisson_zero_count() -> None:
    # Exact upper for 0: χ²(0.975; 2)/2 = −ln(0.025) (chi-squared with 2 df is exponential).
    lo, hi = poisson_count_interval(0)
    assert float(lo) == 0.0
    assert float(hi) == pytest.approx(-math.log(0.025), abs=1e-12)


def test_poisson_exact_for_one() -> None:
    # Exact lower for 1: χ²(0.025; 2)/2 = −ln(0.975).
    lo, _ = poisson_count_interval(1)
    assert float(lo) == pytest.approx(-math.log(0.975), abs=1e-12)


def test_poisson_switches_to_byar_at_ten() -> None:
    def byar(x: float, z: float = Z95) -> tuple[float, float]:
        lower = x * (1 - 1 / (9 * x) - z / (3 * math.sqrt(x))) ** 3
        upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * math.sqrt(x + 1))) ** 3
        return lower, upper

    lo, hi = poisson_count_interval([10, 250])
    for i, x in enumerate([10, 250]):
        assert lo[i] == pytest.approx(byar(x)[0], abs=1e-9)
        assert hi[i] == pytest.approx(byar(x)[1], abs=1e-9)
    # Below 10 the exact interval is used, not Byar's.
    lo9, _ = poisson_count_interval(9)
    assert abs(float(lo9) - byar(9)[0]) > 1e-3


def test_confidence_998_is_wider_than_95() -> None:
    for kind, x, n, m in [
        ("percentage", [1, 20, 65, 99], [100] * 4, 100),
        ("rate", [1, 5, 20, 500], [100, 100, 100, 10_000], 100_000),
    ]:
        lo95, hi95 = interval_for(kind, x, n, m, 0.95)
        lo998, hi998 = interval_for(kind, x, n, m, 0.998)
        assert np.all(lo998 < lo95)
        assert np.all(hi998 > hi95)
    lo95, hi95 = mean_interval(10.0, 2.0, 30)
    lo998, hi998 = mean_interval(10.0, 2.0, 30, confidence=0.998)
    assert lo998 < lo95 and hi998 > hi95


def test_zero_count_lower_stays_zero_at_998() -> None:
    lo, _ = interval_for("percentage", 0, 50, 100, 0.998)
    assert float(lo) == 0.0
    lo, _ = interval_for("rate", 0, 50, 1000, 0.998)
    assert float(lo) == 0.0


def test_mean_interval_by_hand() -> None:
    # Records 1, 2, 3, 4: mean 2.5, sample sd √(5/3), n 4: 2.5 ± t(0.975; 3)·sd/2.
    sd = math.sqrt(5 / 3)
    half = T975_DF3 * sd / 2
    lo, hi = mean_interval(2.5, sd, 4)
    assert float(lo) == pytest.approx(2.5 - half, abs=1e-9)
    assert float(hi) == pytest.approx(2.5 + half, abs=1e-9)
    # Through the dispatcher: numerator = sum (10), denominator = records (4).
    lo, hi = interval_for("mean", 10, 4, sd=sd)
    assert float(lo) == pytest.approx(2.5 - half, abs=1e-9)
    assert float(hi) == pytest.approx(2.5 + half, abs=1e-9)


def test_mean_interval_needs_two_records_and_an_sd() -> None:
    lo, hi = mean_interval([5.0, 5.0, 5.0], [1.0, np.nan, -1.0], [1, 10, 10])
    assert np.isnan(lo).all() and np.isnan(hi).all()
    lo, hi = interval_for("mean", 10, 4)  # no sd given
    assert np.isnan(lo) and np.isnan(hi)


def test_sample_sd_from_sums() -> None:
    # 2, 4, 4, 4, 5, 5, 7, 9: Σx = 40, Σx² = 232, mean 5, Σ(x − 5)² = 32, sd = √(32/7).
    assert float(sample_sd_from_sums(40, 232, 8)) == pytest.approx(math.sqrt(32 / 7), abs=1e-12)
    assert np.isnan(sample_sd_from_sums(5, 25, 1))
    assert float(sample_sd_from_sums(30, 300, 3)) == 0.0  # all equal to 10


@pytest.mark.parametrize("kind", ["median", "count", "ratio"])
def test_kinds_without_interval(kind: str) -> None:
    lo, hi = interval_for(kind, [3, 50], [10, 100])
    assert lo.shape == (2,) and np.isnan(lo).all() and np.isnan(hi).all()


def test_proportion_uses_multiplier_one() -> None:
    lo, hi = interval_for("proportion", 20, 100)
    assert float(lo) == pytest.approx(0.133366933331, abs=1e-11)
    assert float(hi) == pytest.approx(0.288829165593, abs=1e-11)


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown indicator kind"):
        interval_for("average", 1, 2)
    with pytest.raises(ValueError):
        check_inputs("average", 1, 2)


def test_missing_inputs_give_missing_outputs() -> None:
    x = pd.Series([5, None, 5], dtype="Int64")
    n = pd.Series([10, 10, None], dtype="Int64")
    for kind in ["percentage", "rate"]:
        lo, hi = interval_for(kind, x, n, 100)
        assert not np.isnan(lo[0]) and not np.isnan(hi[0])
        assert np.isnan(lo[1:]).all() and np.isnan(hi[1:]).all()
    lo, hi = poisson_count_interval([np.nan])
    assert np.isnan(lo).all() and np.isnan(hi).all()
    assert list(check_inputs("percentage", x, n)) == ["", "", ""]


def test_invalid_inputs_give_nan_not_exceptions() -> None:
    lo, hi = interval_for("percentage", [-1, 5, 11, 0], [10, 0, 10, -3])
    assert np.isnan(lo).all() and np.isnan(hi).all()
    lo, hi = interval_for("rate", [-1, 5, 3], [10, 0, -5], 1000)
    assert np.isnan(lo).all() and np.isnan(hi).all()


def test_check_inputs_codes() -> None:
    x = [5, -1, 5, 0, 11, 10, -2, np.nan, 3]
    n = [10, 10, 0, 0, 10, 10, 0, 0, -1]
    codes = check_inputs("percentage", x, n)
    assert codes.dtype == object
    assert list(codes) == [
        "",
        "negative_numerator",
        "non_positive_denominator",
        "",  # 0 / 0 is no_data
        "numerator_exceeds_denominator",
        "",
        "negative_numerator",  # first failing check wins
        "",  # missing numerator over 0: no records, no_data
        "non_positive_denominator",
    ]


def test_check_inputs_by_kind() -> None:
    # A rate may exceed 1 per person; a count needs no denominator.
    assert list(check_inputs("rate", [150, 3], [100, 0])) == ["", "non_positive_denominator"]
    assert list(check_inputs("count", [3, -1], [np.nan, np.nan])) == ["", "negative_numerator"]
    assert list(check_inputs("mean", [300, 0], [4, 0])) == ["", ""]


def test_is_no_data() -> None:
    x = [0, np.nan, 1, 0, np.nan]
    n = [0, 0, 0, 5, np.nan]
    assert list(is_no_data(x, n)) == [True, True, False, False, False]


@given(
    n=st.integers(min_value=1, max_value=10_000_000),
    fraction=st.floats(min_value=0, max_value=1),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998]),
)
def test_wilson_contains_the_proportion(n: int, fraction: float, confidence: float) -> None:
    x = round(fraction * n)
    lo, hi = wilson_interval(x, n, confidence)
    assert 0.0 <= float(lo) <= x / n <= float(hi) <= 1.0


@given(
    x=st.integers(min_value=0, max_value=10_000_000),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.998]),
)
def test_poisson_contains_the_count(x: int, confidence: float) -> None:
    lo, hi = poisson_count_interval(x, confidence)
    assert 0.0 <= float(lo) <= x <= float(hi)
    assert float(hi) > float(lo)


@given(
    x=st.integers(min_value=0, max_value=100_000),
    n=st.integers(min_value=1, max_value=10_000_000),
    multiplier=st.sampled_from([1, 1000, 100_000]),
)
def test_rate_contains_the_rate(x: int, n: int, multiplier: int) -> None:
    lo, hi = rate_interval(x, n, multiplier)
    value = x / n * multiplier
    assert float(lo) <= value * (1 + 1e-12) and value <= float(hi) * (1 + 1e-12)
