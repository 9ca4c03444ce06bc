"""Working days: Monday to Friday except bank holidays in England and Wales (contract §2).

The working days between d0 and d1 are the working days d with d0 < d ≤ d1: the day of
receipt is day 0, done on the day is 0, done on the next working day is 1. "Within N working
days" means at most N. The count is done for whole columns with ``numpy.busday_count``; the
bank holidays come from the ``holidays`` package (GB, subdivision Wales, substitute days
included, as in the official list), computed on first use and cached.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal

import numpy as np

from pm.calendar.dates import (
    _DAY,
    _as_days,
    _booleans,
    _broadcast,
    _column,
    _dates,
    _days,
    _int_operand,
    _integers,
    _shared_index,
)

__all__ = [
    "add_working_days",
    "bank_holidays",
    "is_working_day",
    "working_days_between",
    "working_days_between_dates",
]

# Bank holidays are always known for these years (and one year either side); a column reaching
# outside them widens the range, as far as the limits below. Dates beyond the limits are surely
# data errors (validation reports them): there, only weekends are skipped.
_USUAL_YEARS = (1990, 2040)
_YEAR_LIMITS = (1900, 2100)
_WEEKDAYS = "1111100"


@functools.lru_cache(maxsize=32)
def bank_holidays(start_year: int, end_year: int) -> np.ndarray:
    """The bank holidays of England and Wales from ``start_year`` to ``end_year`` inclusive.

    A sorted, read-only ``datetime64[D]`` array, substitute days ("observed") and one-off
    holidays (jubilees, state funerals) included, as on the official list.
    """
    import holidays  # imported here: it is slow to import and most commands never need it

    years = range(start_year, end_year + 1)
    found = holidays.country_holidays("GB", subdiv="WLS", years=years)
    days = np.array(sorted(d for d in found if start_year <= d.year <= end_year), dtype=_DAY)
    days.setflags(write=False)
    return days


@functools.lru_cache(maxsize=32)
def _calendar(start_year: int, end_year: int) -> np.busdaycalendar:
    return np.busdaycalendar(weekmask=_WEEKDAYS, holidays=bank_holidays(start_year, end_year))


def _calendar_for(*day_numbers: np.ndarray) -> np.busdaycalendar:
    """A calendar whose bank holidays cover every date given (as day numbers; missing ones
    already stand in as a date in the usual years), and a year either side."""
    low, high = _USUAL_YEARS
    for days in day_numbers:
        if days.size:
            first, last = _years_of(days.min(), days.max())
            low, high = min(low, first), max(high, last)
    return _calendar(max(low - 1, _YEAR_LIMITS[0]), min(high + 1, _YEAR_LIMITS[1]))


def _years_of(*days: int) -> list[int]:
    years = np.array(days, dtype=np.int64).view(_DAY).astype("datetime64[Y]")
    return (years.view(np.int64) + 1970).tolist()


def working_days_between(start: Any, end: Any) -> Any:
    """Working days d with start < d ≤ end, for whole columns (``Int64``, NA where missing).

    When end is before start the count is negative: minus the working days d with
    end < d ≤ start. Date-times count by their date. A Series keeps its index.
    """
    [(first_days, first_missing), (last_days, last_missing)], index = _as_days(start, end)
    missing = first_missing | last_missing
    calendar = _calendar_for(first_days, last_days)
    # busday_count counts begin ≤ d < end; a day later at both ends gives low < d ≤ high. The
    # backward count is the forward one negated (numpy's own backward convention differs).
    low, high = np.minimum(first_days, last_days), np.maximum(first_days, last_days)
    counts = _count_by_index(low, high, calendar)
    return _integers(np.where(last_days < first_days, -counts, counts), missing, index)


def _count_by_index(low: np.ndarray, high: np.ndarray, calendar: np.busdaycalendar) -> np.ndarray:
    """Working days d with low < d ≤ high, by a calendar index: the number of working days
    up to each day of the span is worked out once, and each count is the difference of two
    look-ups (the same count as ``numpy.busday_count``, without walking each row's days)."""
    if not low.size:
        return np.zeros(low.shape, dtype=np.int64)
    first, last = int(low.min()), int(high.max())
    if last - first > max(4 * low.size, 1 << 16):  # a few rows over a long span: count them
        return np.busday_count((low + 1).view(_DAY), (high + 1).view(_DAY), busdaycal=calendar)
    days = np.arange(first, last + 1, dtype=np.int64).view(_DAY)
    index = np.cumsum(np.is_busday(days, busdaycal=calendar), dtype=np.int64)
    return index[high - first] - index[low - first]


def working_days_between_dates(d0: dt.date, d1: dt.date) -> int:
    """Working days d with d0 < d ≤ d1 for two single dates (see :func:`working_days_between`)."""
    if d0 is None or d1 is None:
        raise ValueError("working_days_between_dates needs two dates")
    return int(working_days_between(d0, d1)[0])


def add_working_days(dates: Any, n: Any) -> Any:
    """The n-th working day after each date (before it, when n is negative).

    For n > 0 this is the first date r with working_days_between(date, r) == n, so "within n
    working days" means "before add_working_days(date, n + 1)". For n = 0 it is the date itself;
    for n < 0 it is the |n|-th working day strictly before the date. Returned as dates (time of
    day dropped) in the input's unit; NaT where the date or n is missing.
    """
    column = _column(dates)
    steps, steps_missing, steps_index = _int_operand(n)
    index = _shared_index(column.index, steps_index)
    days, missing = _days(column.values)
    days, steps, missing = _broadcast(days, steps, missing | steps_missing)
    steps = np.where(missing, 0, steps)
    # n working days never take more than 2n calendar days: cover that far too.
    calendar = _calendar_for(days, days + 2 * steps)
    result = days.view(_DAY).copy()
    # Forward from a weekend or holiday: roll back to the working day before it, then step, so
    # the first working day after a Saturday is the Monday. Backward: the mirror image.
    _step(result, steps, steps > 0, "backward", calendar)
    _step(result, steps, steps < 0, "forward", calendar)
    result[missing] = np.datetime64("NaT")
    return _dates(result, column, index)


def _step(
    result: np.ndarray,
    steps: np.ndarray,
    rows: np.ndarray,
    roll: Literal["backward", "forward"],
    calendar: np.busdaycalendar,
) -> None:
    """Move the chosen rows of ``result`` (in place) by their number of working days."""
    if rows.any():
        result[rows] = np.busday_offset(result[rows], steps[rows], roll=roll, busdaycal=calendar)


def is_working_day(dates: Any) -> Any:
    """Whether each date is a working day (``boolean``, NA where missing)."""
    column = _column(dates)
    days, missing = _days(np.atleast_1d(column.values))
    calendar = _calendar_for(days)
    return _booleans(np.is_busday(days.view(_DAY), busdaycal=calendar), missing, column.index)
