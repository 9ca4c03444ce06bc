"""Reports read periods with the calendar's rules: the same period a year earlier, the trend
of like periods, the default year. A month such as 2023-06 is a month, never a year (the
report used to read it as the financial year 2023-24 and compare it with 2022-23)."""

from __future__ import annotations

import pandas as pd
import pytest

from pm.reporting.build import latest_year
from pm.reporting.context import previous_period
from pm.reporting.measures import ResultIndex


@pytest.mark.parametrize(
    ("period", "year_before"),
    [
        ("2023-24", "2022-23"),
        ("2000-01", "1999-00"),  # the financial year 2000-01, not January 2000
        ("2023-24 Q1", "2022-23 Q1"),
        ("2023-24 Q4", "2022-23 Q4"),
        ("2023-06", "2022-06"),
        ("2024-01", "2023-01"),  # January: the year before is in the financial year before
        ("2024-03", "2023-03"),
        ("2012-12", "2011-12 M09"),  # December 2011 is labelled so as not to read as a year
        ("2011-12 M09", "2010-12"),
        ("1999-00 M10", "1999-01"),  # January 2000, labelled so, and January 1999
    ],
)
def test_the_same_period_a_year_earlier(period: str, year_before: str) -> None:
    assert previous_period(period) == year_before


@pytest.mark.parametrize("text", ["", "Q2", "2023", "2023/24", "2023-24 Q5", "2023-13", "total"])
def test_text_that_is_not_a_period_has_no_year_before(text: str) -> None:
    assert previous_period(text) == ""


def _index(periods: list[str]) -> ResultIndex:
    rows = [
        {"indicator": "PM18", "period": p, "area": "W06000015", "breakdown": ""} for p in periods
    ]
    rows.append(
        {"indicator": "PM18", "period": "2023-24", "area": "W06000015", "breakdown": "age=65+"}
    )
    return ResultIndex(pd.DataFrame(rows))


MIXED = [
    "2023-24", "2022-23", "2021-22",
    "2022-23 Q2", "2023-24 Q2", "2023-24 Q3",
    "2022-06", "2023-06", "2023-07", "2024-03", "2023-03",
    "2011-12 M09", "2012-12",
]  # fmt: skip


@pytest.mark.parametrize(
    ("like", "trend"),
    [
        ("2023-24", ["2021-22", "2022-23", "2023-24"]),
        ("2023-24 Q2", ["2022-23 Q2", "2023-24 Q2"]),
        ("2023-24 Q3", ["2023-24 Q3"]),
        ("2023-06", ["2022-06", "2023-06"]),
        ("2024-03", ["2023-03", "2024-03"]),
        ("2012-12", ["2011-12 M09", "2012-12"]),
    ],
)
def test_a_trend_holds_only_like_periods_oldest_first(like: str, trend: list[str]) -> None:
    assert _index(MIXED).periods("PM18", "W06000015", like) == trend


def test_the_default_year_is_the_latest_financial_year_not_a_month() -> None:
    table = pd.DataFrame({"period": ["2022-23", "2023-24", "2024-03", "2023-24 Q2", "2023-06"]})
    assert latest_year(table) == "2023-24"


def test_results_of_months_alone_have_no_default_year() -> None:
    from pm.errors import UsageError

    with pytest.raises(UsageError, match="--year"):
        latest_year(pd.DataFrame({"period": ["2023-06", "2024-03"]}))
