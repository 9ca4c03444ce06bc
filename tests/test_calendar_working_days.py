"""Working days between two dates: d0 < d ≤ d1, Monday to Friday less bank holidays (§2)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from functools import cache

import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pm.calendar import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
    working_days_between_dates,
)


def wd(d0: str, d1: str) -> int:
    return working_days_between_dates(date.fromisoformat(d0), date.fromisoformat(d1))


# --- the slow, obvious reference ---------------------------------------------------------


@cache
def _holiday_set() -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="WLS", years=range(1985, 2046)))


def _is_working(d: date) -> bool:
    return d.weekday() < 5 and d not in _holiday_set()


def reference_working_days(d0: date, d1: date) -> int:
    """Count the working days d with d0 < d ≤ d1 one day at a time; negative when d1 < d0."""
    if d1 < d0:
        return -reference_working_days(d1, d0)
    return sum(_is_working(d0 + timedelta(days=k)) for k in range(1, (d1 - d0).days + 1))


@pytest.fixture(autouse=True, scope="module")
def _bank_holidays_ready() -> None:
    """Work the bank holidays out once, before hypothesis starts timing examples."""
    _holiday_set()
    working_days_between_dates(date(2024, 1, 1), date(2024, 1, 2))


reasonable_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


# --- the rule, case by case (counted by hand) --------------------------------------------


def test_done_on_the_day_is_zero() -> None:
    assert wd("2024-01-10", "2024-01-10") == 0


def test_done_the_next_working_day_is_one() -> None:
    assert wd("2024-01-10", "2024-01-11") == 1


def test_friday_to_monday_is_one() -> None:
    assert wd("2024-01-05", "2024-01-08") == 1  # Sat 6 and Sun 7 do not count


def test_friday_to_the_weekend_is_zero() -> None:
    assert wd("2024-01-05", "2024-01-06") == 0
    assert wd("2024-01-05", "2024-01-07") == 0


def test_a_full_week_is_five() -> None:
    assert wd("2024-01-10", "2024-01-17") == 5  # Thu, Fri, Mon, Tue, Wed


def test_saturday_receipt_counts_from_the_monday() -> None:
    assert wd("2024-01-06", "2024-01-07") == 0  # Sunday
    assert wd("2024-01-06", "2024-01-08") == 1  # Monday is the first working day
    assert wd("2024-01-06", "2024-01-12") == 5  # Mon to Fri


def test_christmas_and_new_year_bank_holidays_do_not_count() -> None:
    # Fri 22 Dec 2023 to Tue 2 Jan 2024: Mon 25 and Tue 26 Dec are bank holidays; Wed 27, Thu 28,
    # Fri 29 count; Sat 30, Sun 31; Mon 1 Jan is a bank holiday; Tue 2 counts. 4 in all.
    assert wd("2023-12-22", "2024-01-02") == 4
    assert wd("2023-12-22", "2023-12-26") == 0


def test_easter_2024_good_friday_and_easter_monday_do_not_count() -> None:
    # Thu 28 Mar 2024; Good Friday 29 Mar, Sat 30, Sun 31, Easter Monday 1 Apr; Tue 2 Apr counts.
    assert wd("2024-03-28", "2024-04-01") == 0
    assert wd("2024-03-28", "2024-04-02") == 1


def test_substitute_day_for_christmas_on_a_sunday_does_not_count() -> None:
    # Christmas 2022 was a Sunday: Boxing Day Mon 26 and the substitute Tue 27 Dec were holidays.
    assert wd("2022-12-23", "2022-12-27") == 0
    assert wd("2022-12-23", "2022-12-28") == 1
    assert is_working_day([date(2022, 12, 27)]).tolist() == [False]


def test_one_off_bank_holidays_do_not_count() -> None:
    one_offs = [
        date(2022, 6, 3),
        date(2022, 9, 19),
        date(2023, 5, 8),
    ]  # jubilee, funeral, coronation
    assert is_working_day(one_offs).tolist() == [False, False, False]


def test_bank_holidays_of_2023_are_the_official_england_and_wales_list() -> None:
    weekdays = [d for d in bank_holidays(2023, 2023).tolist() if d.weekday() < 5]
    assert weekdays == [
        date(2023, 1, 2), date(2023, 4, 7), date(2023, 4, 10), date(2023, 5, 1), date(2023, 5, 8),
        date(2023, 5, 29), date(2023, 8, 28), date(2023, 12, 25), date(2023, 12, 26),
    ]  # fmt: skip


def test_bank_holidays_are_sorted_read_only_and_cached() -> None:
    days = bank_holidays(1990, 2040)
    assert days.dtype == np.dtype("datetime64[D]")
    assert (np.diff(days.view(np.int64)) > 0).all()
    assert not days.flags.writeable
    assert bank_holidays(1990, 2040) is days


def test_end_before_start_counts_backwards() -> None:
    assert wd("2024-01-08", "2024-01-05") == -1  # minus the working days Fri < d ≤ Mon
    assert wd("2024-01-06", "2024-01-05") == 0  # Fri < d ≤ Sat holds no working day
    assert wd("2024-01-02", "2023-12-22") == -4


def test_dates_outside_the_usual_years_still_skip_bank_holidays() -> None:
    # Tue 24 Dec 1985: Christmas Wed 25 and Boxing Day Thu 26 were holidays; Fri 27 counts.
    assert wd("1985-12-24", "1985-12-27") == 1
    assert wd("2045-12-22", "2045-12-27") == 1  # Mon 25, Tue 26 holidays; Wed 27 counts


# --- columns -----------------------------------------------------------------------------


def test_missing_dates_give_na_and_the_series_keeps_its_index() -> None:
    start = pd.Series(pd.to_datetime(["2024-01-05", None, "2024-01-05"]), index=[10, 20, 30])
    end = pd.Series(pd.to_datetime(["2024-01-08", "2024-01-08", None]), index=[10, 20, 30])
    result = working_days_between(start, end)
    assert isinstance(result, pd.Series)
    assert result.dtype == "Int64"
    assert list(result.index) == [10, 20, 30]
    assert result.tolist() == [1, pd.NA, pd.NA]


def test_arrays_give_a_nullable_integer_array() -> None:
    result = working_days_between([date(2024, 1, 5), None], [date(2024, 1, 8), date(2024, 1, 9)])
    assert isinstance(result, pd.arrays.IntegerArray)
    assert result.tolist() == [1, pd.NA]


@pytest.mark.parametrize("unit", ["D", "s", "ms", "us", "ns"])
def test_every_datetime_unit_counts_alike(unit: str) -> None:
    start = np.array(["2023-12-22", "NaT"], dtype=f"datetime64[{unit}]")
    end = np.array(["2024-01-02", "2024-01-02"], dtype=f"datetime64[{unit}]")
    assert working_days_between(start, end).tolist() == [4, pd.NA]


def test_date_times_count_by_their_date() -> None:
    start = pd.Series(pd.to_datetime(["2024-01-05 23:59", "2024-01-08 00:00"]))
    end = pd.Series(pd.to_datetime(["2024-01-08 00:01", "2024-01-08 23:59"]))
    assert working_days_between(start, end).tolist() == [1, 0]
    assert working_days_between_dates(datetime(2024, 1, 5, 18), datetime(2024, 1, 8, 9)) == 1


def test_one_date_is_compared_with_a_whole_column() -> None:
    start = pd.Series(pd.to_datetime(["2024-03-28", "2024-03-27"]), index=["a", "b"])
    result = working_days_between(start, date(2024, 4, 2))
    assert result.to_dict() == {"a": 1, "b": 2}


@pytest.mark.parametrize("dtype", ["date32[pyarrow]", "timestamp[s][pyarrow]", "object"])
def test_pyarrow_object_and_iso_string_dates_are_read(dtype: str) -> None:
    start = pd.Series([date(2024, 1, 5), None], dtype=dtype)
    assert working_days_between(start, ["2024-01-08", "2024-01-08"]).tolist() == [1, pd.NA]


def test_series_with_different_indexes_are_refused() -> None:
    start = pd.Series(pd.to_datetime(["2024-01-05"]), index=[0])
    end = pd.Series(pd.to_datetime(["2024-01-08"]), index=[1])
    with pytest.raises(ValueError, match="different indexes"):
        working_days_between(start, end)


def test_numbers_are_not_taken_for_dates() -> None:
    with pytest.raises(TypeError, match="expected dates"):
        working_days_between(pd.Series([1, 2]), pd.Series([3, 4]))


def test_vectorised_count_matches_the_day_by_day_reference() -> None:
    rng = np.random.default_rng(20240401)
    starts = np.datetime64("1991-01-01") + rng.integers(0, 18000, 3000)
    ends = starts + rng.integers(-120, 400, 3000)
    result = working_days_between(starts, ends)
    expected = [
        reference_working_days(a, b) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]
    assert result.tolist() == expected


@given(reasonable_dates, st.integers(-60, 60))
def test_count_agrees_with_the_reference(d0: date, span: int) -> None:
    d1 = d0 + timedelta(days=span)
    assert working_days_between_dates(d0, d1) == reference_working_days(d0, d1)


@given(reasonable_dates, reasonable_dates, reasonable_dates)
def test_counts_add_up_along_the_way(a: date, b: date, c: date) -> None:
    result = working_days_between([a, a, b], [c, b, c]).tolist()
    assert result[0] == result[1] + result[2]


@given(reasonable_dates, reasonable_dates)
def test_swapping_the_dates_negates_the_count(a: date, b: date) -> None:
    assert working_days_between_dates(a, b) == -working_days_between_dates(b, a)


def test_a_missing_single_date_is_refused() -> None:
    with pytest.raises(ValueError):
        working_days_between_dates(None, date(2024, 1, 1))  # type: ignore[arg-type]


# --- adding working days -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-01-05", 1, "2024-01-08"),  # Friday + 1 = Monday
        ("2024-01-06", 1, "2024-01-08"),  # Saturday + 1 = Monday
        ("2024-01-10", 0, "2024-01-10"),
        ("2024-01-06", 0, "2024-01-06"),  # day 0 is the day itself, even a Saturday
        ("2023-12-22", 1, "2023-12-27"),  # over Christmas and Boxing Day
        ("2023-12-22", 4, "2024-01-02"),  # the Christmas case above, the other way round
        ("2024-03-28", 1, "2024-04-02"),  # over Easter
        ("2024-01-08", -1, "2024-01-05"),  # Monday - 1 = Friday
        ("2024-01-06", -1, "2024-01-05"),  # Saturday - 1 = Friday
        ("2024-04-02", -1, "2024-03-28"),
    ],
)
def test_add_working_days(start: str, n: int, expected: str) -> None:
    result = add_working_days(np.array([start], dtype="datetime64[D]"), n)
    assert result.tolist() == [date.fromisoformat(expected)]


def test_add_working_days_far_ahead_still_skips_bank_holidays() -> None:
    # 2040-12-24 is a Monday; 600 working days on reaches into 2043, past the usual years.
    d = date(2040, 12, 24)
    r = add_working_days([d], 600).tolist()[0].date()
    assert r.year == 2043
    assert reference_working_days(d, r) == 600


def test_add_working_days_keeps_unit_index_and_gaps() -> None:
    dates = pd.Series(
        np.array(["2024-01-05T14:00", "NaT", "2024-01-06"], dtype="datetime64[s]"), index=[3, 2, 1]
    )
    result = add_working_days(dates, pd.Series([1, 1, pd.NA], index=[3, 2, 1], dtype="Int64"))
    assert result.dtype == np.dtype("datetime64[s]")
    assert list(result.index) == [3, 2, 1]
    assert result.tolist()[0] == pd.Timestamp("2024-01-08")
    assert result.isna().tolist() == [False, True, True]


@given(reasonable_dates, st.integers(1, 60))
def test_add_working_days_gives_the_first_date_n_working_days_on(d: date, n: int) -> None:
    r = add_working_days([d], n).tolist()[0].date()
    assert reference_working_days(d, r) == n
    assert reference_working_days(d, r - timedelta(days=1)) == n - 1


@given(reasonable_dates, reasonable_dates, st.integers(0, 45))
def test_within_n_working_days_means_before_the_n_plus_first(d0: date, d1: date, n: int) -> None:
    within = working_days_between_dates(d0, d1) <= n
    deadline = add_working_days([d0], n + 1).tolist()[0].date()
    assert within == (d1 < deadline)


def test_importing_working_days_does_not_compute_bank_holidays() -> None:
    code = "import sys, pm.calendar.working_days; assert 'holidays' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
