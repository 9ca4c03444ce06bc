"""Half-up display rounding: the figures people expect, and the array form agreeing."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pm.engine.rounding import format_number, round_half_up, round_half_up_array


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.05, 1, "0.1"),
        (2.675, 2, "2.68"),  # stored as 2.67499999…; round() gives 2.67
        (88.85, 1, "88.9"),  # stored as 88.8499999…
        (-0.05, 1, "-0.1"),  # half away from zero, as Excel
        (0.25, 1, "0.3"),  # round() would give 0.2 (half to even)
        (1.005, 2, "1.01"),
        (84.30, 1, "84.3"),
        (338227 / 4012, 1, "84.3"),  # PM22 as StatsWales publishes it
        (0.04, 1, "0.0"),
        (-0.04, 1, "0.0"),  # no "-0.0"
        (7, 0, "7"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (36696, 0, "36,696"),
        (1234567.891, 2, "1,234,567.89"),
        (999.95, 1, "1,000.0"),
    ],
)
def test_format_number(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_default_is_one_place_with_thousands() -> None:
    assert format_number(36696) == "36,696.0"
    assert format_number(36696, 0, thousands=False) == "36696"


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, float("nan")])
def test_missing_formats_as_empty(missing: object) -> None:
    assert format_number(missing) == ""
    assert math.isnan(round_half_up(missing, 1))


def test_infinity_is_not_hidden() -> None:
    assert format_number(math.inf) == "∞"
    assert format_number(-math.inf) == "-∞"


def test_round_half_up_returns_decimal_with_the_places() -> None:
    assert round_half_up(2.675, 2) == Decimal("2.68")
    assert str(round_half_up(3, 1)) == "3.0"
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")


def test_round_half_up_rejects_bad_decimals() -> None:
    with pytest.raises(ValueError):
        round_half_up(1.0, -1)
    with pytest.raises(ValueError):
        round_half_up(1.0, 1.5)  # type: ignore[arg-type]


def test_round_half_up_array() -> None:
    values = pd.Series([0.05, None, 88.85, 2.675, -0.05, math.inf], dtype="Float64")
    result = round_half_up_array(values, 1)
    expected = np.array([0.1, np.nan, 88.9, 2.7, -0.1, math.inf])
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(round_half_up_array([2.675, 1.005], 2), [2.68, 1.01])


def test_round_half_up_array_keeps_shape_and_input() -> None:
    values = np.array([[0.15, 0.25], [0.35, np.nan]])
    before = values.copy()
    result = round_half_up_array(values, 1)
    np.testing.assert_array_equal(result, [[0.2, 0.3], [0.4, np.nan]])
    np.testing.assert_array_equal(values, before)


@given(
    whole=st.integers(min_value=0, max_value=10**9),
    fraction=st.integers(min_value=0, max_value=9999),
    decimals=st.integers(min_value=0, max_value=4),
    negative=st.booleans(),
)
def test_ties_round_away_from_zero(whole: int, fraction: int, decimals: int, negative: bool):
    # Build a tie "w.ffff5" by hand and its expected result by decimal addition.
    digits = f"{fraction % 10**decimals:0{decimals}d}" if decimals else ""
    text = f"{whole}.{digits}5"
    kept = Decimal(f"{whole}.{digits}" if decimals else f"{whole}")
    expected = kept + Decimal(1).scaleb(-decimals)
    sign = -1 if negative else 1
    assert round_half_up(sign * float(text), decimals) == sign * expected


@given(
    values=st.lists(
        st.one_of(
            st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
            st.integers(min_value=-(10**6), max_value=10**6).map(lambda i: i / 200),
            st.just(math.nan),
        ),
        max_size=30,
    ),
    decimals=st.integers(min_value=0, max_value=6),
)
def test_array_agrees_with_scalar(values: list[float], decimals: int) -> None:
    result = round_half_up_array(values, decimals)
    assert result.shape == (len(values),)
    for value, rounded in zip(values, result, strict=True):
        scalar = round_half_up(value, decimals)
        if math.isnan(value):
            assert math.isnan(rounded)
        else:
            assert rounded == float(scalar)
            # never more than half a step from the value
            assert abs(Decimal(repr(value)) - scalar) <= Decimal(1).scaleb(-decimals) / 2
