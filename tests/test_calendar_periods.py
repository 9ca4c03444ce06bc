"""Reporting periods: financial years, year-to-date quarters and months (contract §2)."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pm.calendar import (
    Period,
    financial_year_label,
    financial_year_start_years,
    month_period,
    months_of_year,
    parse_period,
    parse_year_range,
    previous_period,
    quarter_period,
    quarters_of_year,
    year_period,
)
from pm.errors import UsageError

# --- financial years ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2023-24", "2023/24", "2023-2024", "2023/2024", " 2023 - 24 "])
def test_every_way_of_writing_a_financial_year_reads_the_same(text: str) -> None:
    assert parse_period(text) == year_period(2023)
    assert parse_period(text).label == "2023-24"


def test_financial_year_runs_from_1_april_to_31_march() -> None:
    year = parse_period("2023-24")
    assert (year.grain, year.start, year.end) == ("year", date(2023, 4, 1), date(2024, 3, 31))
    assert (year.year_start, year.year_end) == (date(2023, 4, 1), date(2024, 3, 31))
    assert year.scope_start == date(2023, 4, 1)
    assert year.snapshot_date == date(2024, 3, 31)
    assert year.quarter is None and year.month is None


def test_year_start_year_is_the_mid_year_estimate_year() -> None:
    assert parse_period("2023-24").year_start_year == 2023
    assert parse_period("2023-24 Q4").year_start_year == 2023
    assert parse_period("2024-02").year_start_year == 2023


def test_century_boundary_year_label() -> None:
    year = parse_period("1999-00")
    assert (year.label, year.start, year.end) == ("1999-00", date(1999, 4, 1), date(2000, 3, 31))
    assert parse_period("1999-2000") == year


# --- quarters ----------------------------------------------------------------------------


def test_quarter_reports_the_year_to_date() -> None:
    q2 = parse_period("2023-24 Q2")
    assert q2.label == "2023-24 Q2"
    assert q2.grain == "quarter"
    assert q2.start == date(2023, 4, 1)  # year to date: from 1 April
    assert q2.end == date(2023, 9, 30)
    assert q2.scope_start == date(2023, 7, 1)  # the quarter alone: July to September
    assert q2.quarter == 2
    assert q2.year_label == "2023-24"
    assert q2.snapshot_date == date(2023, 9, 30)


@pytest.mark.parametrize(
    ("quarter", "scope_start", "end"),
    [
        (1, date(2023, 4, 1), date(2023, 6, 30)),
        (2, date(2023, 7, 1), date(2023, 9, 30)),
        (3, date(2023, 10, 1), date(2023, 12, 31)),
        (4, date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_quarters_are_april_july_october_and_january(
    quarter: int, scope_start: date, end: date
) -> None:
    period = quarter_period(2023, quarter)
    assert (period.start, period.scope_start, period.end) == (date(2023, 4, 1), scope_start, end)


@pytest.mark.parametrize(
    "text", ["2023-24 Q2", "2023-24q2", "2023-24Q2", "2023-24  q 2", "2023/24 Q2", "2023-24-Q2"]
)
def test_quarter_forms_ignore_case_and_spaces(text: str) -> None:
    assert parse_period(text) == quarter_period(2023, 2)


# --- months ------------------------------------------------------------------------------


def test_month_is_a_calendar_month_alone() -> None:
    june = parse_period("2023-06")
    assert (june.label, june.grain) == ("2023-06", "month")
    assert (june.start, june.end) == (date(2023, 6, 1), date(2023, 6, 30))
    assert june.scope_start == date(2023, 6, 1)
    assert june.year_label == "2023-24"
    assert june.month == 6 and june.quarter is None


def test_january_to_march_belong_to_the_year_that_began_the_april_before() -> None:
    february = parse_period("2024-02")
    assert february.year_label == "2023-24"
    assert february.end == date(2024, 2, 29)  # 2024 is a leap year


@pytest.mark.parametrize(
    ("text", "label"),
    [("2023-24 M03", "2023-06"), ("2023-24 m3", "2023-06"), ("2023-24 M01", "2023-04"),
     ("2023-24M10", "2024-01"), ("2023-24 M12", "2024-03")],
)  # fmt: skip
def test_month_of_the_financial_year_is_labelled_as_the_calendar_month(
    text: str, label: str
) -> None:
    assert parse_period(text).label == label
    assert parse_period(text) == parse_period(label)


def test_a_year_label_is_read_as_the_year_not_as_a_month() -> None:
    # "2011-12" could be December 2011; the financial year wins, as in every report.
    assert parse_period("2011-12").grain == "year"


def test_a_month_whose_label_would_read_as_a_year_is_labelled_by_its_month_of_the_year() -> None:
    december_2011 = month_period(2011, 12)
    assert december_2011.label == "2011-12 M09"
    assert parse_period(december_2011.label) == december_2011


@given(st.integers(1950, 2099), st.integers(1, 12))
def test_every_month_label_parses_back_to_its_month(year: int, month: int) -> None:
    period = month_period(year, month)
    assert parse_period(period.label) == period
    assert (period.start.year, period.start.month) == (year, month)


@given(st.integers(1950, 2099), st.integers(1, 4))
def test_every_quarter_and_year_label_parses_back(start_year: int, quarter: int) -> None:
    for period in (year_period(start_year), quarter_period(start_year, quarter)):
        assert parse_period(period.label) == period


# --- errors ------------------------------------------------------------------------------


def test_second_year_must_follow_the_first() -> None:
    with pytest.raises(UsageError) as caught:
        parse_period("2023-25")
    assert caught.value.message == (
        "'2023-25' is not a reporting period: write a financial year like 2023-24, "
        "a quarter like 2023-24 Q2 or a month like 2023-06."
    )
    assert "2023-24" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "text",
    ["2023-13", "2023-00", "2023-24 Q5", "2023-24 Q0", "2023-24 M13", "2023-24 M00", "2023/06",
     "23-24", "2023", "", "   ", "2023-24 Q2 x", "Q2 2023-24", "2023-2025", "2023-24 H1"],
)  # fmt: skip
def test_anything_else_is_a_usage_error_quoting_the_text(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_period(text)
    assert f"'{text}' is not a reporting period" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_parse_period_passes_a_period_through() -> None:
    period = quarter_period(2023, 3)
    assert parse_period(period) is period


def test_a_period_whose_fields_disagree_is_refused() -> None:
    with pytest.raises(ValueError, match="inconsistent"):
        Period("2023-24", "year", date(2023, 4, 1), date(2024, 3, 30), "2023-24")
    with pytest.raises(ValueError, match="grain"):
        Period("2023-24", "week", date(2023, 4, 1), date(2024, 3, 31), "2023-24")  # type: ignore[arg-type]


# --- ranges of years ---------------------------------------------------------------------


def test_year_range_lists_every_year_in_order() -> None:
    years = parse_year_range("2021-22:2024-25")
    assert [p.label for p in years] == ["2021-22", "2022-23", "2023-24", "2024-25"]


def test_year_range_of_one_year() -> None:
    assert parse_year_range("2023-24") == [year_period(2023)]
    assert parse_year_range("2023/24 : 2023-2024") == [year_period(2023)]


@pytest.mark.parametrize(
    "text", ["2024-25:2021-22", "2023-24 Q1:2023-24 Q3", "2021-22:2022-23:2023-24"]
)
def test_a_backward_or_non_year_range_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="range of financial years"):
        parse_year_range(text)


def test_a_bad_year_inside_a_range_is_reported_by_itself() -> None:
    with pytest.raises(UsageError, match="'2022-24' is not a reporting period"):
        parse_year_range("2021-22:2022-24")


# --- years, quarters and months of a year ------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [(date(2024, 3, 31), "2023-24"), (date(2024, 4, 1), "2024-25"), (date(2023, 4, 1), "2023-24"),
     (date(2000, 1, 1), "1999-00"), (datetime(2024, 3, 31, 23, 59), "2023-24")],
)  # fmt: skip
def test_financial_year_label_changes_on_1_april(day: date, label: str) -> None:
    assert financial_year_label(day) == label


def test_financial_year_start_years_of_a_column_keeps_index_and_gaps() -> None:
    days = pd.Series(
        pd.to_datetime(["2024-03-31", "2024-04-01", None, "1969-01-15"]), index=[9, 8, 7, 6]
    )
    result = financial_year_start_years(days)
    assert result.dtype == "Int64"
    assert list(result.index) == [9, 8, 7, 6]
    assert result.tolist() == [2023, 2024, pd.NA, 1968]


def test_quarters_of_year_are_the_four_year_to_date_quarters() -> None:
    quarters = quarters_of_year("2023-24")
    assert [q.label for q in quarters] == ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]
    assert {q.start for q in quarters} == {date(2023, 4, 1)}
    assert quarters[-1].end == date(2024, 3, 31)


def test_months_of_year_run_april_to_march() -> None:
    months = months_of_year("2023-24")
    assert [m.label for m in months] == [
        "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09",
        "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03",
    ]  # fmt: skip
    assert months_of_year(year_period(2023)) == months


# --- comparison and order ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "previous"),
    [("2023-24", "2022-23"), ("2023-24 Q2", "2022-23 Q2"), ("2023-06", "2022-06"),
     ("2024-02", "2023-02")],
)  # fmt: skip
def test_previous_period_is_the_same_period_a_year_earlier(text: str, previous: str) -> None:
    assert previous_period(parse_period(text)) == parse_period(previous)


def test_previous_month_of_a_leap_february_ends_on_the_28th() -> None:
    assert previous_period(parse_period("2024-02")).end == date(2023, 2, 28)


def test_periods_sort_chronologically() -> None:
    expected = [
        "2022-23 Q4", "2023-03",
        "2023-24", "2023-24 Q1", "2023-24 Q2", "2023-24 Q4",
        "2023-04", "2023-09", "2023-12", "2024-01", "2024-03",
        "2024-25",
    ]  # fmt: skip
    shuffled = [parse_period(t) for t in expected]
    random.Random(4).shuffle(shuffled)
    assert [p.label for p in sorted(shuffled)] == expected


def test_periods_from_different_spellings_are_equal_and_hash_alike() -> None:
    assert {parse_period("2023-24 M03"), parse_period("2023-06")} == {parse_period("2023-06")}
    assert parse_period("2023/24 q1") == parse_period("2023-24 Q1")
    assert parse_period("2023-24") < parse_period("2024-25")


def test_a_period_prints_as_its_label() -> None:
    assert str(parse_period("2023-24q3")) == "2023-24 Q3"
    assert f"{parse_period('2023-24 M03')}" == "2023-06"


def test_reading_a_period_imports_neither_pandas_nor_holidays() -> None:
    code = (
        "import sys; from pm.calendar import parse_period; parse_period('2023-24 Q2'); "
        "assert 'pandas' not in sys.modules and 'holidays' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
