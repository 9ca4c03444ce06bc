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

from pm.data.columns import Coded, Text, _needs_trimming
from pm.data.reader import type_records
from pm.definitions.models import Column, DatasetSpec
from pm.engine import statistics
from pm.engine.labels import Labels as _Labels
from pm.engine.related import columns_read as _columns_read

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
    " 2023-02-28 ",  # spaces around: trimmed, then read like the others
    "2023-02-28",  # a repeat: converted once, spread to both rows
]
COUNCILS = {"W06000001", "W06000015"}


def _spec(*columns: Column) -> DatasetSpec:
    return DatasetSpec(
        dataset="test_rows",
        title="t",
        one_row_per="row",
        framework="local",
        description="d",
        record_id="row_id",
        columns=[
            Column(name="row_id", type="identifier", required=True, description="d"),
            Column(
                name="la_code", type="code", required=True, description="d", codes_from="councils"
            ),
            *columns,
        ],
    )


def _typed(spec: DatasetSpec, values: list[str | None], *, date_format: str | None = None):
    raw = pd.DataFrame(
        {
            "row_id": [str(n) for n in range(len(values))],
            "la_code": ["W06000001"] * len(values),
            "v": pd.Series(values, dtype="str"),
        }
    )
    return type_records(spec, raw, "t.csv", COUNCILS, date_format=date_format)


@pytest.mark.parametrize("fmt", ["%Y-%m-%d", "%d/%m/%Y"])
def test_dates_typed_once_per_value_match_pandas_row_by_row(fmt: str) -> None:
    spec = _spec(Column(name="v", type="date", required=False, description="d"))
    typed, findings = _typed(spec, AWKWARD_DATES, date_format=fmt)
    text = pd.Series(AWKWARD_DATES, dtype="str").str.strip()
    expected = pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[s]")
    bad = expected.isna() & text.notna()
    assert typed["v"].tolist() == expected[~bad].tolist()
    assert str(typed["v"].dtype) == "datetime64[s]"
    assert sorted(f.line for f in findings) == [n + 2 for n in np.flatnonzero(bad)]
    assert {f.value for f in findings} == set(text[bad])


def test_numbers_typed_once_per_value_match_to_numeric() -> None:
    values = ["65", "65.5", "-3", "abc", None, "1e2", "65", " 7 "]
    spec = _spec(Column(name="v", type="number", required=False, description="d"))
    typed, findings = _typed(spec, values)
    expected = pd.to_numeric(pd.Series(values, dtype="str").str.strip(), errors="coerce")
    kept = [v for n, v in enumerate(expected.tolist()) if n != 3]
    assert typed["v"].astype("float64").tolist()[:3] == [65.0, 65.5, -3.0]
    assert np.allclose(typed["v"].astype("float64"), kept, equal_nan=True)
    assert [(f.line, f.code, f.value) for f in findings] == [(5, "invalid_number", "abc")]


def test_codes_match_in_any_case_and_become_categories() -> None:
    values = ["w06000001", "W06000015", "W06000099", None, " W06000001"]
    spec = _spec(
        Column(name="v", type="code", required=False, description="d", codes_from="councils")
    )
    typed, findings = _typed(spec, values)
    assert typed["v"].astype("str").tolist()[:2] == ["W06000001", "W06000015"]
    assert typed["v"].isna().tolist() == [False, False, True, False]
    assert list(typed["v"].cat.categories) == sorted(COUNCILS)
    assert [(f.line, f.code, f.value) for f in findings] == [(4, "unknown_code", "W06000099")]


def test_coded_column_from_arrow_blocks_shares_one_dictionary() -> None:
    blocks = pa.chunked_array(
        [
            pa.array(["2023-04-01", "bad"]).dictionary_encode(),
            pa.array(["x", None, "2023-04-01"]).dictionary_encode(),
        ]
    )
    coded = Coded.from_arrow(blocks)
    assert coded.spread(coded.distinct).tolist()[:3] == ["2023-04-01", "bad", "x"]
    assert pd.isna(coded.spread(coded.distinct).tolist()[3])
    assert coded.positions[0] == coded.positions[4]


def test_text_key_codes_keep_leading_zeros_apart() -> None:
    digits = Text.from_text(pd.Series(["007", "7", "007", "0070"], dtype="str"))
    codes = pd.DataFrame(dict(enumerate(digits.key_codes(np.arange(4)))))
    assert codes.duplicated().tolist() == [False, False, True, False]
    words = Text.from_text(pd.Series(["a7", " a7", "A7", None, None], dtype="str"))
    codes = pd.DataFrame(dict(enumerate(words.key_codes(np.arange(5)))))
    assert codes.duplicated().tolist() == [False, True, False, False, True]


def test_known_z_values_are_scipys_to_the_last_bit() -> None:
    from scipy.special import ndtri

    for confidence, z in statistics.KNOWN_Z.items():
        assert z == float(ndtri((1.0 + confidence) / 2.0)), confidence
    # a level outside the table is still worked out, and equals scipy's
    statistics.z_value.cache_clear()
    assert statistics.z_value(0.925) == float(ndtri((1.0 + 0.925) / 2.0))
    assert 0.925 not in statistics.KNOWN_Z


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


def test_text_of_digits_is_kept_as_written_and_other_text_trimmed() -> None:
    digits = Text.from_text(pd.Series(["007", None, "12"], dtype="str"))
    assert not _needs_trimming(digits.values)  # kept as read, no copy
    assert digits.series().tolist()[0] == "007" and pd.isna(digits.series().tolist()[1])
    spaced = Text.from_text(pd.Series([" 007", "12 ", "   ", "A1"], dtype="str"))
    assert not _needs_trimming(spaced.values)  # trimmed, and the empty one is missing
    found = spaced.series().tolist()
    assert found[0] == "007" and found[1] == "12" and pd.isna(found[2]) and found[3] == "A1"
    assert spaced.present().tolist() == [True, True, False, True]


@pytest.mark.parametrize(
    "rule",
    [
        "team == other_team",  # two categoricals with different categories
        "team == team",  # the same categories
        "team != other_team",
        "team < other_team",
        "team >= 'M'",  # an ordering with a text
        "'M' > team",
        "team == 'North'",
        "team in ['North', 'South']",
    ],
)
def test_text_held_as_categories_compares_like_text(rule: str) -> None:
    from pm.calendar import year_period
    from pm.engine.evaluate import Context, evaluate

    teams = ["North", "South", None, "Mid", "North"]
    others = ["North", "Mid", "Mid", None, "West"]
    as_text = pd.DataFrame(
        {"team": pd.Series(teams, dtype="str"), "other_team": pd.Series(others, dtype="str")}
    )
    as_categories = as_text.astype("category")
    tree = ast.parse(rule, mode="eval")
    period = year_period(2023)
    expected = evaluate(tree, Context(frame=as_text, period=period))
    found = evaluate(tree, Context(frame=as_categories, period=period))
    assert found.tolist() == expected.tolist()
