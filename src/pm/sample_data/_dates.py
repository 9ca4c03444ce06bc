"""Vectorised date helpers for the synthetic-data generator.

Kept inside the generator package on purpose: the generator must not depend on the
engine's own calendar code, so that the sample data can be used to check that code.
Dates are numpy ``datetime64[D]`` arrays; ``NaT`` means missing.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import numpy as np

DAY = np.timedelta64(1, "D")
NAT = np.datetime64("NaT", "D")


def fy_bounds(label: str) -> tuple[np.datetime64, np.datetime64]:
    """First and last day of the financial year ``2023-24``."""
    start_year = int(label[:4])
    return np.datetime64(f"{start_year:04d}-04-01"), np.datetime64(f"{start_year + 1:04d}-03-31")


@lru_cache(maxsize=8)
def _bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    import holidays

    # England and Wales share bank holidays; the holidays package files them under GB/WLS.
    calendar = holidays.country_holidays("GB", subdiv="WLS", years=range(first_year, last_year + 1))
    days = sorted(d for d in calendar if isinstance(d, _dt.date))
    return np.array([np.datetime64(d, "D") for d in days], dtype="datetime64[D]")


def bank_holidays(start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """Bank holidays (England and Wales) between two dates, with a margin of two years."""
    y0 = int(str(start)[:4]) - 2
    y1 = int(str(end)[:4]) + 2
    return _bank_holidays(y0, y1)


class WorkCalendar:
    """Working days = Monday to Friday except bank holidays in England and Wales."""

    def __init__(self, start: np.datetime64, end: np.datetime64) -> None:
        self.holidays = bank_holidays(start, end)
        self.cal = np.busdaycalendar(weekmask="1111100", holidays=self.holidays)

    def count(self, d0: np.ndarray, d1: np.ndarray) -> np.ndarray:
        """Working days d with d0 < d <= d1 (day of receipt is day 0)."""
        return np.busday_count(d0 + DAY, d1 + DAY, busdaycal=self.cal)

    def add(self, d0: np.ndarray, k: np.ndarray) -> np.ndarray:
        """The date that is exactly k working days after d0 (k = 0: d0 itself).

        For k >= 1 the result is a working day and ``count(d0, result) == k`` also when
        d0 falls on a weekend or a bank holiday (d0 is rolled back to the last working day).
        """
        k = np.asarray(k)
        moved = np.busday_offset(d0, np.maximum(k, 0), roll="backward", busdaycal=self.cal)
        return np.where(k <= 0, d0, moved)

    def roll_forward(self, d: np.ndarray) -> np.ndarray:
        return np.busday_offset(d, 0, roll="forward", busdaycal=self.cal)

    def is_workday(self, d: np.ndarray) -> np.ndarray:
        return np.is_busday(d, busdaycal=self.cal)


def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day (1-31) of a date array."""
    months = d.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def add_months(d: np.ndarray, n) -> np.ndarray:
    """d + n calendar months, the day clipped to the month's length (31 Jan + 1 = 28/29 Feb)."""
    d = np.asarray(d, dtype="datetime64[D]")
    months = d.astype("datetime64[M]")
    day = (d - months.astype("datetime64[D]")).astype(np.int64)
    target = months + np.asarray(n, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    out = target.astype("datetime64[D]") + np.minimum(day, length - 1)
    return np.where(np.isnat(d), NAT, out)


def add_years(d: np.ndarray, n) -> np.ndarray:
    return add_months(d, np.asarray(n, dtype=np.int64) * 12)


def completed_years(born: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Age in completed years (29 February birthdays move to 1 March in common years)."""
    by, bm, bd = ymd(born)
    oy, om, od = ymd(on)
    before = (om < bm) | ((om == bm) & (od < bd))
    return oy - by - before.astype(np.int64)


def day_range(start: np.datetime64, end: np.datetime64) -> np.ndarray:
    return np.arange(start, end + DAY, dtype="datetime64[D]")


def day_of_year(d: np.ndarray) -> np.ndarray:
    return (d - d.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64)


def third_thursdays(start: np.datetime64, end: np.datetime64) -> np.ndarray:
    """The third Thursday of each month between start and end (the monthly census day)."""
    months = np.arange(start.astype("datetime64[M]"), end.astype("datetime64[M]") + 1)
    first = months.astype("datetime64[D]")
    thursdays = np.busday_offset(first, 2, roll="forward", weekmask="0001000")
    return thursdays[(thursdays >= start) & (thursdays <= end)]


def years_between(d: np.ndarray, centre: np.datetime64) -> np.ndarray:
    return (d - centre).astype(np.float64) / 365.25
