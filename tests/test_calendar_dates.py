"""Calendar-month arithmetic, ages, spans and ranges on whole columns (contract §2 and §4)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pm.calendar import (
    add_months,
    add_months_to_date,
    age_at,
    days_between,
    hours_between,
    in_range,
    months_between,
    open_on,
    overlaps,
)

any_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))


def D(text: str) -> date:  # noqa: N802 - reads like a literal
    return date.fromisoformat(text)


def one(values: object) -> object:
    return list(values)[0]  # type: ignore[call-overload]


# --- add_months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2023-01-31", 1, "2023-02-28"),  # common year: clamped to 28 February
        ("2024-01-31", 1, "2024-02-29"),  # leap year: 29 February
        ("2023-08-31", 6, "2024-02-29"),
        ("2022-08-31", 6, "2023-02-28"),
        ("2023-09-30", 6, "2024-03-30"),  # 30 stays 30: March is long enough
        ("2023-03-31", 1, "2023-04-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2024-03-31", -13, "2023-02-28"),
        ("2023-12-15", 1, "2024-01-15"),  # over the turn of the year
        ("2024-01-15", -1, "2023-12-15"),
        ("2023-05-17", 0, "2023-05-17"),
        ("1969-12-31", 2, "1970-02-28"),  # before 1970 too
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start: str, n: int, expected: str) -> None:
    assert add_months_to_date(D(start), n) == D(expected)
    assert add_months(np.array([start], dtype="datetime64[D]"), n).tolist() == [D(expected)]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_add_months_keeps_unit_index_time_of_day_and_gaps(unit: str) -> None:
    values = np.array(["2024-01-31T10:30", "NaT", "2023-01-31"], dtype=f"datetime64[{unit}]")
    dates = pd.Series(values, index=["x", "y", "z"])
    result = add_months(dates, 1)
    assert result.dtype == np.dtype(f"datetime64[{unit}]")
    assert list(result.index) == ["x", "y", "z"]
    assert result["x"] == pd.Timestamp("2024-02-29 10:30")
    assert pd.isna(result["y"])
    assert result["z"] == pd.Timestamp("2023-02-28")


def test_add_months_takes_a_count_per_row_and_missing_counts_give_nat() -> None:
    dates = pd.Series(pd.to_datetime(["2024-01-31", "2024-01-31", "2024-01-31"]))
    result = add_months(dates, pd.array([1, -2, pd.NA], dtype="Int64"))
    assert result.tolist()[:2] == [pd.Timestamp("2024-02-29"), pd.Timestamp("2023-11-30")]
    assert pd.isna(result.tolist()[2])


def test_add_months_on_a_numpy_array_returns_the_same_dtype() -> None:
    values = np.array(["2023-08-31", "NaT"], dtype="datetime64[D]")
    result = add_months(values, 6)
    assert isinstance(result, np.ndarray) and result.dtype == values.dtype
    assert result.tolist() == [date(2024, 2, 29), None]


def test_add_months_keeps_a_time_zone() -> None:
    dates = pd.Series(pd.to_datetime(["2024-01-31 09:00"]).tz_localize("Europe/London"))
    result = add_months(dates, 6)
    assert result.tolist() == [pd.Timestamp("2024-07-31 09:00", tz="Europe/London")]


@given(any_dates, st.integers(-600, 600))
def test_add_months_on_a_column_agrees_with_the_single_date_form(d: date, n: int) -> None:
    expected = _month_shift_reference(d, n)
    assert add_months_to_date(d, n) == expected
    assert add_months([d], n).tolist() == [datetime.combine(expected, datetime.min.time())]


def _month_shift_reference(d: date, n: int) -> date:
    year, month = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@given(any_dates, st.integers(-240, 240))
def test_going_there_and_back_never_ends_after_the_start(d: date, n: int) -> None:
    back = add_months_to_date(add_months_to_date(d, n), -n)
    assert back <= d
    if d.day <= 28:
        assert back == d


@given(any_dates, any_dates, st.integers(-240, 240))
def test_add_months_keeps_the_order_of_dates(a: date, b: date, n: int) -> None:
    first, second = sorted([a, b])
    assert add_months_to_date(first, n) <= add_months_to_date(second, n)


# --- months_between ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2023-01-31", "2023-02-28", 1),  # 31 Jan + 1 month = 28 Feb 2023
        ("2023-01-31", "2023-02-27", 0),
        ("2024-01-31", "2024-02-28", 0),  # 31 Jan + 1 month = 29 Feb 2024
        ("2024-01-31", "2024-02-29", 1),
        ("2023-04-15", "2023-04-15", 0),
        ("2023-04-15", "2024-04-14", 11),
        ("2023-04-15", "2024-04-15", 12),
        ("2023-03-31", "2023-02-28", -1),  # backwards: 31 Mar - 1 month = 28 Feb
        ("2023-03-31", "2023-02-27", -2),
    ],
)
def test_months_between_counts_whole_calendar_months(start: str, end: str, months: int) -> None:
    assert months_between([D(start)], [D(end)]).tolist() == [months]


@given(any_dates, any_dates)
def test_months_between_is_the_largest_m_that_add_months_reaches(start: date, end: date) -> None:
    m = one(months_between([start], [end]))
    assert add_months_to_date(start, m) <= end < add_months_to_date(start, m + 1)


def test_months_between_missing_gives_na_and_keeps_index() -> None:
    start = pd.Series(pd.to_datetime(["2023-01-31", None]), index=[5, 6])
    result = months_between(start, date(2023, 7, 31))
    assert result.dtype == "Int64"
    assert list(result.index) == [5, 6]
    assert result.tolist() == [6, pd.NA]


# --- ages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        ("2000-06-15", "2023-06-14", 22),  # the day before the birthday
        ("2000-06-15", "2023-06-15", 23),  # on the birthday
        ("2000-02-29", "2023-02-28", 22),  # leap-day birth, common year: not yet
        ("2000-02-29", "2023-03-01", 23),  # ... a year older on 1 March
        ("2000-02-29", "2024-02-28", 23),
        ("2000-02-29", "2024-02-29", 24),  # leap year: on 29 February itself
        ("2023-06-15", "2023-06-15", 0),
        ("1958-03-31", "2023-03-31", 65),
        ("1958-04-01", "2023-03-31", 64),
        ("2023-06-15", "2023-06-14", -1),  # before birth: negative, for validation to report
    ],
)
def test_age_in_completed_years(birth: str, on: str, age: int) -> None:
    assert age_at([D(birth)], [D(on)]).tolist() == [age]


def test_age_is_na_where_a_date_is_missing_and_keeps_index() -> None:
    births = pd.Series(pd.to_datetime(["1950-05-01", None]), index=[1, 2])
    ages = age_at(births, pd.Series(pd.to_datetime(["2023-05-01", "2023-05-01"]), index=[1, 2]))
    assert ages.dtype == "Int64"
    assert list(ages.index) == [1, 2]
    assert ages.tolist() == [73, pd.NA]


def test_age_ignores_the_time_of_day() -> None:
    result = age_at([datetime(2000, 6, 15, 23, 0)], [datetime(2023, 6, 15, 1, 0)])
    assert result.tolist() == [23]


@given(any_dates, any_dates)
def test_age_agrees_with_the_reference(birth: date, on: date) -> None:
    expected = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    assert age_at([birth], [on]).tolist() == [expected]


# --- days and hours ----------------------------------------------------------------------


def test_days_between_is_end_minus_start() -> None:
    result = days_between(
        [D("2023-04-01"), D("2024-03-31"), None],
        [D("2024-03-31"), D("2024-03-01"), D("2024-01-01")],
    )
    assert result.tolist() == [365, -30, pd.NA]


def test_days_between_counts_calendar_days_of_date_times() -> None:
    assert days_between([datetime(2024, 1, 1, 23, 0)], [datetime(2024, 1, 2, 1, 0)]).tolist() == [1]


@given(any_dates, any_dates)
def test_days_between_agrees_with_python(a: date, b: date) -> None:
    assert days_between([a], [b]).tolist() == [(b - a).days]


def test_hours_between_gives_fractional_hours() -> None:
    t0 = pd.Series(pd.to_datetime(["2024-01-05 09:00", "2024-01-05 09:00", None]))
    t1 = pd.Series(pd.to_datetime(["2024-01-05 13:00", "2024-01-05 10:30", "2024-01-05 10:00"]))
    result = hours_between(t0, t1)
    assert result.dtype == "Float64"
    assert result.tolist() == [4.0, 1.5, pd.NA]


def test_hours_between_naive_times_compares_clock_readings_across_a_clock_change() -> None:
    # The clocks went forward at 01:00 on 31 March 2024: 00:30 to 03:30 reads as 3 hours.
    assert hours_between(
        [datetime(2024, 3, 31, 0, 30)], [datetime(2024, 3, 31, 3, 30)]
    ).tolist() == [3.0]


def test_hours_between_tz_aware_times_is_the_real_elapsed_time() -> None:
    t0 = pd.Series(pd.to_datetime(["2024-03-31 00:30"]).tz_localize("Europe/London"))
    t1 = pd.Series(pd.to_datetime(["2024-03-31 03:30"]).tz_localize("Europe/London"))
    assert hours_between(t0, t1).tolist() == [2.0]


def test_hours_between_refuses_to_mix_naive_and_tz_aware() -> None:
    aware = pd.Series(pd.to_datetime(["2024-03-31 00:30"]).tz_localize("Europe/London"))
    with pytest.raises(ValueError, match="tz-aware"):
        hours_between(aware, [datetime(2024, 3, 31, 3, 30)])


def test_hours_between_of_mixed_units() -> None:
    t0 = np.array(["2024-01-05T09:00:00"], dtype="datetime64[s]")
    t1 = np.array(["2024-01-05T09:00:00.000000360"], dtype="datetime64[ns]")
    assert hours_between(t0, t1).tolist() == [pytest.approx(1e-10)]


# --- ranges ------------------------------------------------------------------------------


def test_in_range_includes_both_ends() -> None:
    days = [D("2023-03-31"), D("2023-04-01"), D("2024-03-31"), D("2024-04-01"), None]
    result = in_range(days, D("2023-04-01"), D("2024-03-31"))
    assert isinstance(result, pd.arrays.BooleanArray)
    assert result.tolist() == [False, True, True, False, pd.NA]


def test_in_range_counts_a_date_time_on_the_last_day() -> None:
    times = pd.Series(pd.to_datetime(["2024-03-31 15:00"]), index=[7])
    assert in_range(times, D("2023-04-01"), D("2024-03-31")).to_dict() == {7: True}


def test_open_on_follows_the_snapshot_rule() -> None:
    day = D("2024-03-31")
    starts = ["2023-01-01", "2023-01-01", "2023-01-01", "2024-03-31", "2024-04-01", None]
    ends = ["2024-03-31", None, "2024-04-01", None, None, None]
    result = open_on(pd.Series(starts), pd.Series(ends), day)
    # ends on the day: not open; no end: open; ends after: open; starts on the day: open;
    # starts after: not open; no start: unknown.
    assert result.tolist() == [False, True, True, True, False, pd.NA]


def test_overlaps_the_year() -> None:
    starts = ["2022-01-01", "2022-01-01", "2022-01-01", "2024-03-31", "2024-04-01", None]
    ends = ["2023-04-01", "2023-03-31", None, "2024-05-01", None, "2023-05-01"]
    result = overlaps(pd.Series(starts), pd.Series(ends), D("2023-04-01"), D("2024-03-31"))
    assert result.tolist() == [True, False, True, True, False, pd.NA]


# --- what the functions accept -----------------------------------------------------------


def test_string_dates_are_read_as_iso_only() -> None:
    assert days_between(["2024-01-01"], ["2024-01-31"]).tolist() == [30]
    with pytest.raises(ValueError):
        days_between(["01/02/2024"], ["2024-01-31"])  # never guess day-first or month-first


def test_numbers_are_refused_rather_than_read_as_nanoseconds() -> None:
    with pytest.raises(TypeError, match="expected dates"):
        age_at(pd.Series([1.0]), [date(2024, 1, 1)])


def test_series_with_different_indexes_are_refused() -> None:
    with pytest.raises(ValueError, match="different indexes"):
        days_between(
            pd.Series([D("2024-01-01")], index=[0]), pd.Series([D("2024-01-02")], index=[1])
        )


def test_empty_columns_give_empty_results() -> None:
    empty = pd.Series([], dtype="datetime64[s]")
    assert len(days_between(empty, empty)) == 0
    assert len(age_at(empty, empty)) == 0
    assert len(add_months(empty, 1)) == 0


def test_a_single_date_against_a_column_spans_the_column() -> None:
    result = days_between(D("2024-01-01"), pd.Series([D("2024-01-02"), D("2024-01-11")]))
    assert result.tolist() == [1, 10]


@given(any_dates, st.integers(-3000, 3000))
def test_days_survive_every_unit(d: date, offset: int) -> None:
    for unit in ("D", "s", "ms", "us"):
        values = np.array([d + timedelta(days=offset)], dtype=f"datetime64[{unit}]")
        assert days_between([d], values).tolist() == [offset]
