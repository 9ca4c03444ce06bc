"""Reporting periods: financial years, year-to-date quarters and months (data contract §2).

The reporting year runs from 1 April to 31 March and is labelled ``2023-24``. A quarterly run
reports the year to date (``2023-24 Q2`` is 1 April to 30 September 2023), so a quarter's
``start`` is 1 April and ``scope_start`` is where the quarter itself begins. A month is a
calendar month on its own (``2023-06`` is 1 to 30 June 2023).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pm.errors import UsageError

__all__ = [
    "Grain",
    "Period",
    "financial_year_label",
    "financial_year_start_years",
    "month_period",
    "months_of_year",
    "parse_period",
    "parse_year_range",
    "previous_period",
    "quarter_period",
    "quarters_of_year",
    "year_period",
]

Grain = Literal["year", "quarter", "month"]
# Extracts hold dates from 1900 to 2099 (later or earlier ones are typing mistakes), so a
# reporting period starts in one of those years.
FIRST_YEAR, LAST_YEAR = 1900, 2099

_GRAIN_RANK: dict[str, int] = {"year": 0, "quarter": 1, "month": 2}
_ACCEPTED = (
    "write a financial year like 2023-24, a quarter like 2023-24 Q2 or a month like 2023-06."
)
_YEAR_LABEL = re.compile(r"^\d{4}-\d{2}$")
_PERIOD = re.compile(
    r"^(?P<first>\d{4})\s*(?P<sep>[-/])\s*(?P<second>\d{4}|\d{2})"
    r"(?:[\s-]*(?:q\s*(?P<quarter>\d{1,2})|m\s*(?P<month>\d{1,2})))?$"
)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period; periods sort by financial year, then the year, its quarters, its months.

    Build one with :func:`parse_period`, :func:`year_period`, :func:`quarter_period` or
    :func:`month_period`; the constructor checks that the fields agree.
    """

    sort_key: tuple[int, int, int] = field(init=False, repr=False)
    label: str
    grain: Grain
    start: dt.date
    end: dt.date
    year_label: str

    def __post_init__(self) -> None:
        number = self._number()
        expected = _build(self.grain, self.year_start_year, number)
        if (self.label, self.start, self.end, self.year_label) != expected:
            raise ValueError(f"inconsistent period {self.label!r}: {expected} expected")
        rank = _GRAIN_RANK[self.grain]
        object.__setattr__(self, "sort_key", (self.year_start_year, rank, number))

    def _number(self) -> int:
        """0 for a year, the quarter (1-4), or the month of the financial year (1 = April)."""
        if self.grain not in _GRAIN_RANK:
            raise ValueError(f"unknown grain {self.grain!r}: year, quarter or month")
        if not _YEAR_LABEL.match(self.year_label):
            raise ValueError(f"year label {self.year_label!r} is not like 2023-24")
        if self.grain == "year":
            return 0
        if self.grain == "quarter":
            return (_financial_month(self.end) + 2) // 3
        return _financial_month(self.start)

    def __str__(self) -> str:
        return self.label

    @property
    def year_start_year(self) -> int:
        """The calendar year in which the financial year starts (2023 for 2023-24).

        This is also the mid-year population estimate year the contract pairs with it.
        """
        return int(self.year_label[:4])

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year_start_year, 4, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year_start_year + 1, 3, 31)

    @property
    def snapshot_date(self) -> dt.date:
        """The day whose state a snapshot measure reports: the last day of the period."""
        return self.end

    @property
    def quarter(self) -> int | None:
        """The quarter of a quarterly period (1 = April to June); None for years and months."""
        return self.sort_key[2] if self.grain == "quarter" else None

    @property
    def month(self) -> int | None:
        """The calendar month of a monthly period (6 = June); None for years and quarters."""
        return self.start.month if self.grain == "month" else None

    @property
    def scope_start(self) -> dt.date:
        """Where the quarter or month alone begins, as opposed to the year-to-date ``start``."""
        if self.grain == "quarter":
            return _months_after_april(self.year_start_year, 3 * (self.sort_key[2] - 1))
        return self.start


def _financial_month(d: dt.date) -> int:
    """The month of the financial year: April is 1, March is 12."""
    return (d.month - 4) % 12 + 1


def _months_after_april(start_year: int, months: int) -> dt.date:
    year, month_index = divmod(start_year * 12 + 3 + months, 12)
    return dt.date(year, month_index + 1, 1)


def _last_day_before(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=1)


def _year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _month_label(year: int, month: int, start_year: int) -> str:
    """``2023-06``; but where that would read as a financial year (``2011-12`` for December
    2011), the financial-month form ``2011-12 M09``, so that every label parses back."""
    if month == (year + 1) % 100:
        return f"{_year_label(start_year)} M{_financial_month(dt.date(year, month, 1)):02d}"
    return f"{year}-{month:02d}"


def _build(grain: str, start_year: int, number: int) -> tuple[str, dt.date, dt.date, str]:
    """(label, start, end, year label) of a period, from its grain and number."""
    year_label = _year_label(start_year)
    year_start = dt.date(start_year, 4, 1)
    if grain == "year":
        return year_label, year_start, dt.date(start_year + 1, 3, 31), year_label
    if grain == "quarter":
        end = _last_day_before(_months_after_april(start_year, 3 * number))
        return f"{year_label} Q{number}", year_start, end, year_label
    start = _months_after_april(start_year, number - 1)
    end = _last_day_before(_months_after_april(start_year, number))
    return _month_label(start.year, start.month, start_year), start, end, year_label


def _make(grain: Grain, start_year: int, number: int) -> Period:
    label, start, end, year_label = _build(grain, start_year, number)
    return Period(label, grain, start, end, year_label)


def year_period(start_year: int) -> Period:
    """The financial year starting on 1 April of ``start_year`` (2023 → 2023-24)."""
    return _make("year", start_year, 0)


def quarter_period(start_year: int, quarter: int) -> Period:
    """Quarter 1-4 of the financial year starting in ``start_year``, reported year to date."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1 to 4, not {quarter}")
    return _make("quarter", start_year, quarter)


def month_period(year: int, month: int) -> Period:
    """The calendar month ``month`` of ``year`` (2023, 6 → June 2023, in 2023-24)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month}")
    start_year = year if month >= 4 else year - 1
    return _make("month", start_year, _financial_month(dt.date(year, month, 1)))


# --- parsing -----------------------------------------------------------------------------


def _not_a_period(text: str, hint: str | None = None) -> UsageError:
    return UsageError(f"'{text}' is not a reporting period: {_ACCEPTED}", hint=hint)


def parse_period(text: str | Period) -> Period:
    """Read a period as a user types it: 2023-24, 2023/24, 2023-2024, 2023-24 Q2, 2023-24q2,
    2023-06 or 2023-24 M03 (the third month of the year, June 2023, labelled 2023-06).

    Case and spaces do not matter. Raises :class:`~pm.errors.UsageError` otherwise.
    """
    if isinstance(text, Period):
        return text
    match = _PERIOD.match(" ".join(str(text).split()).lower())
    if match is None:
        raise _not_a_period(text)
    first, second = int(match["first"]), match["second"]
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise _not_a_period(
            text,
            f"Periods run from {_year_label(FIRST_YEAR)} to {_year_label(LAST_YEAR)}, the "
            "years whose dates extracts may hold.",
        )
    follows = int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)
    quarter, month = match["quarter"], match["month"]
    if not follows:
        if quarter is None and month is None and match["sep"] == "-" and len(second) == 2:
            if 1 <= int(second) <= 12:
                return month_period(first, int(second))
        raise _not_a_period(text, f"A financial year runs into the next: {_year_label(first)}.")
    if quarter is not None:
        if not 1 <= int(quarter) <= 4:
            raise _not_a_period(text, "Quarters are Q1 to Q4.")
        return quarter_period(first, int(quarter))
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise _not_a_period(text, "Months of the year are M01 (April) to M12 (March).")
        return _make("month", first, int(month))
    return year_period(first)


def parse_year_range(text: str) -> list[Period]:
    """The financial years from one to another, in order: ``2021-22:2024-25`` gives four.

    A single year gives a list of one.
    """
    parts = str(text).split(":")
    if len(parts) > 2:
        raise _not_a_year_range(text)
    first, last = parse_period(parts[0].strip()), parse_period(parts[-1].strip())
    if first.grain != "year" or last.grain != "year":
        raise _not_a_year_range(text)
    if last < first:
        raise _not_a_year_range(text, "The first year comes first.")
    return [year_period(y) for y in range(first.year_start_year, last.year_start_year + 1)]


def _not_a_year_range(text: str, hint: str | None = None) -> UsageError:
    message = f"'{text}' is not a range of financial years: write it like 2021-22:2024-25."
    return UsageError(message, hint=hint)


# --- years, quarters and months ----------------------------------------------------------


def financial_year_label(d: dt.date) -> str:
    """The financial year a date falls in: 2024-03-31 → 2023-24, 2024-04-01 → 2024-25."""
    return _year_label(d.year if d.month >= 4 else d.year - 1)


def financial_year_start_years(dates: Any) -> Any:
    """For a column of dates, the year each one's financial year starts in (``Int64``).

    Lets the engine group records of several years by financial year in one pass.
    """
    from pm.calendar.dates import _broadcast, _civil, _column, _days, _integers

    column = _column(dates)
    days, missing = _days(_broadcast(column.values)[0])
    year, month, _ = _civil(days)
    return _integers(year - (month < 4), missing, column.index)


def previous_period(period: Period) -> Period:
    """The same period a year earlier, for year-on-year comparison.

    For a quarter or month this is the same quarter or month of the previous year, not the
    quarter or month just before it.
    """
    if period.grain == "year":
        return year_period(period.year_start_year - 1)
    if period.grain == "quarter":
        return quarter_period(period.year_start_year - 1, period.sort_key[2])
    return month_period(period.start.year - 1, period.start.month)


def _year_of(year: str | Period) -> int:
    return parse_period(year).year_start_year


def quarters_of_year(year_label: str | Period) -> list[Period]:
    """The four year-to-date quarters of a financial year, Q1 to Q4."""
    start_year = _year_of(year_label)
    return [quarter_period(start_year, q) for q in range(1, 5)]


def months_of_year(year_label: str | Period) -> list[Period]:
    """The twelve months of a financial year, April to March."""
    start_year = _year_of(year_label)
    return [_make("month", start_year, m) for m in range(1, 13)]
