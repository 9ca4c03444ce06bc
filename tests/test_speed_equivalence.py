"""The fast paths added for speed (issue 9) give exactly what the slow ones gave.

No timings here: speed is measured by `make bench`. These tests pin the results: the
distinct-value conversions against pandas on whole columns, scipy.special against
scipy.stats, and the helpers of the record evaluation.
"""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from pm.data.arrow_types import map_codes, parse_dates, to_numbers
from pm.engine import statistics
from pm.engine.records import _columns_read, _Labels

AWKWARD_DATES = [
    "2023-02-28",
    "2023-02-29",  # not a leap year
    "2024-02-29",
    "2023-02-30",  # Arrow's own strptime rolls this over to 2 March
    "2023-13-01",
    "31/02/2023",
    "05/01/2023",
    "2023-1-5",
    "20230105",
    "2023-01-32",
    None,
    "2023-02-28",  # a repeat: converted once, spread to both rows
]


def _text(values: list[str | None], index: list[int] | None = None) -> pd.Series:
    return pd.Series(values, dtype="str", index=index)


@pytest.mark.parametrize("fmt", ["%Y-%m-%d", "%d/%m/%Y"])
def test_parse_dates_matches_pandas_row_by_row(fmt: str) -> None:
    text = _text(AWKWARD_DATES, index=list(range(100, 100 + len(AWKWARD_DATES))))
    expected = pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[s]")
    found = parse_dates(text, fmt)
    pd.testing.assert_series_equal(found, expected)
    assert found.isna().sum() == expected.isna().sum()


def test_parse_dates_reads_a_column_that_arrived_in_blocks() -> None:
    blocks = pa.chunked_array(
        [
            pa.array(["2023-04-01", "bad"], pa.large_string()),
            pa.array(["2023-04-01", None], pa.large_string()),
        ]
    )
    text = pd.Series(blocks.to_pandas().array, dtype="str")
    found = parse_dates(text, "%Y-%m-%d")
    assert found.tolist()[0] == pd.Timestamp("2023-04-01")
    assert found.tolist()[2] == pd.Timestamp("2023-04-01")
    assert found.isna().tolist() == [False, True, False, True]


def test_map_codes_matches_lowercase_lookup() -> None:
    canonical = {"w06000001": "W06000001", "w06000015": "W06000015"}
    text = _text(
        ["w06000001", "W06000015", "W06000099", None, "W06000001"], index=[7, 8, 9, 10, 11]
    )
    expected = text.str.lower().map(canonical).astype("str")
    found = map_codes(text, canonical)
    pd.testing.assert_series_equal(found, expected)
    assert found.tolist()[:2] == ["W06000001", "W06000015"]
    assert found.isna().tolist() == [False, False, True, True, False]


def test_map_codes_of_an_empty_column() -> None:
    found = map_codes(_text([]), {"f": "F"})
    assert len(found) == 0 and str(found.dtype) == "str"


def test_to_numbers_matches_to_numeric() -> None:
    text = _text(["65", "65.5", "-3", "abc", None, "1e2", "65"])
    expected = pd.to_numeric(text, errors="coerce").astype("float64")
    found = to_numbers(text)
    pd.testing.assert_series_equal(found, expected)
    assert found.tolist()[:3] == [65.0, 65.5, -3.0]


def test_quantiles_from_scipy_special_equal_scipy_stats() -> None:
    from scipy.stats import chi2, norm, t

    for confidence in (0.95, 0.998, 0.9):
        assert statistics.z_value(confidence) == norm.ppf((1 + confidence) / 2)
    counts = np.arange(0, 30, dtype=float)
    lower, upper = statistics.poisson_count_interval(counts, 0.95)
    exact = counts < statistics.BYAR_THRESHOLD
    alpha = 1.0 - 0.95  # as the module computes it (not exactly 0.05)
    assert np.array_equal(upper[exact], chi2.ppf(1 - alpha / 2, 2 * counts[exact] + 2) / 2)
    assert np.array_equal(lower[1:10], chi2.ppf(alpha / 2, 2 * counts[1:10]) / 2)
    assert lower[0] == 0.0
    mean_lower, mean_upper = statistics.mean_interval([10.0, 10.0], [2.0, 2.0], [5, 1], 0.95)
    assert mean_upper[0] == 10.0 + t.ppf(0.975, 4) * 2.0 / np.sqrt(5.0)
    assert mean_lower[0] == 10.0 - t.ppf(0.975, 4) * 2.0 / np.sqrt(5.0)
    assert np.isnan(mean_lower[1]) and np.isnan(mean_upper[1])


def test_labels_keep_the_first_text_set_and_turn_into_text() -> None:
    labels = _Labels(5, "")
    labels.set(np.array([True, False, False, True, False]), "excluded: a")
    labels.set(np.array([True, True, False, False, False]) & labels.equals(""), "excluded: b")
    labels.set(np.array([4]), "not counted: twice")
    index = pd.Index([10, 11, 12, 13, 14])
    series = labels.series(index)
    assert series.tolist() == [
        "excluded: a",
        "excluded: b",
        "",
        "excluded: a",
        "not counted: twice",
    ]
    assert series.index.equals(index) and str(series.dtype) == "str"
    assert labels.starts_with("not counted").tolist() == [False, False, False, False, True]


def test_columns_read_by_a_match_rule() -> None:
    rule = (
        "known(earlier.deregistration_date) and earlier.deregistration_date <= registration_date"
        " and registration_date <= add_months(earlier.deregistration_date, lookback_months)"
    )
    own, theirs = _columns_read(ast.parse(rule, mode="eval"), "earlier")
    assert theirs == {"deregistration_date"}
    assert "registration_date" in own and "earlier" not in own
    assert _columns_read(None, "earlier") == (set(), set())
