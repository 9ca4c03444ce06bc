"""Date arithmetic on whole columns: months, ages, spans and ranges (data contract §2 and §4).

Every function takes array-likes (a pandas Series, a numpy ``datetime64`` array of any unit, a
list of dates) or single dates, which are broadcast against the other arguments. Missing values
(``NaT``, ``None``) give missing results, never errors, because extracts are full of gaps. The
work is done with numpy on whole columns: extracts run to millions of rows.

What comes back follows what went in: a Series keeps its index; dates come back as
``datetime64`` in the unit they arrived in; counts come back as nullable ``Int64``, hours as
``Float64`` and tests as ``boolean``. Functions that count days, months or years work on
calendar dates: a time of day is dropped first, because the contract's rules are about days.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "add_months",
    "add_months_to_date",
    "age_at",
    "days_between",
    "hours_between",
    "in_range",
    "months_between",
    "open_on",
    "overlaps",
]

_DAY = np.dtype("datetime64[D]")
# Missing dates are computed as 1 January 2000 and masked afterwards, so that arithmetic on a
# whole column never meets NaT and never reaches for bank holidays of an odd year.
_FILL_DAY = 10957


# --- columns in, columns out -------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """One argument as a numpy datetime64 array, with what is needed to shape the result."""

    values: np.ndarray  # datetime64 of some unit, NaT where missing; 0-d for a scalar
    index: pd.Index | None  # the Series' index, put back on the result
    tz: Any  # the time zone of a tz-aware input, else None


def _is_scalar(values: object) -> bool:
    return (
        values is None
        or values is pd.NaT
        or values is pd.NA
        or isinstance(values, (str, dt.date, np.datetime64))
    )


def _scalar_column(value: object, *, utc: bool) -> _Column:
    if isinstance(value, str):
        # ISO only: the contract forbids guessing between day-first and month-first.
        value = pd.to_datetime(value, format="ISO8601")
    stamp = pd.NaT if value is None or value is pd.NA else pd.Timestamp(value)
    if stamp is pd.NaT:
        return _Column(np.array("NaT", dtype="datetime64[s]"), None, None)
    tz = stamp.tz
    if tz is not None:
        stamp = (stamp.tz_convert("UTC") if utc else stamp).tz_localize(None)
    return _Column(np.array(stamp.to_datetime64()), None, tz)


def _series_values(series: pd.Series, *, utc: bool) -> tuple[np.ndarray, Any]:
    dtype = series.dtype
    if dtype.kind in "biufcm":
        # Numbers would be read as nanoseconds since 1970: refuse rather than invent dates.
        raise TypeError(f"expected dates, got a column of {dtype}")
    if not (isinstance(dtype, (pd.DatetimeTZDtype, np.dtypes.DateTime64DType))):
        # Dates as objects, ISO strings or pyarrow dates: parse strictly, never guess a format.
        series = pd.to_datetime(series, format="ISO8601")
        dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        local = series.dt.tz_convert("UTC") if utc else series
        return local.dt.tz_localize(None).to_numpy(), dtype.tz
    return series.to_numpy(), None


def _column(values: Any, *, utc: bool = False) -> _Column:
    """Read one argument; tz-aware values become local wall-clock times (UTC when ``utc``)."""
    if _is_scalar(values):
        return _scalar_column(values, utc=utc)
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return _Column(values, None, None)
    if isinstance(values, pd.Series):
        array, tz = _series_values(values, utc=utc)
        return _Column(array, values.index, tz)
    array, tz = _series_values(pd.Series(values, copy=False), utc=utc)
    return _Column(array, None, tz)


def _shared_index(*indexes: pd.Index | None) -> pd.Index | None:
    """The index the result carries: the Series' index; two Series must agree on it."""
    shared = None
    for index in indexes:
        if index is None or index is shared:
            continue
        if shared is None:
            shared = index
        elif not index.equals(shared):
            raise ValueError("the Series have different indexes: align them first")
    return shared


def _broadcast(*arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast the arguments against each other; all scalars give one row."""
    shaped = np.broadcast_arrays(*arrays)
    if shaped[0].ndim == 0:
        return [a.reshape(1) for a in shaped]
    return list(shaped)


def _days(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates as int64 day numbers since 1970 (time of day dropped) and the missing mask."""
    missing = np.isnat(values)
    if values.dtype == np.dtype("datetime64[s]"):  # how extracts are read: whole seconds
        days = values.view(np.int64) // 86400  # floor division, as astype to days does
    else:
        days = values.astype(_DAY).view(np.int64)
    if missing.any():
        np.putmask(days, missing, _FILL_DAY)  # a new array either way: filled in place
    return days, missing


def _as_days(*arguments: Any) -> tuple[list[tuple[np.ndarray, np.ndarray]], pd.Index | None]:
    """Each argument as (day numbers, missing mask), broadcast together; and the result's index."""
    columns = [_column(argument) for argument in arguments]
    index = _shared_index(*(column.index for column in columns))
    # Each argument converted before broadcasting: a single date (a period's start or end)
    # is converted once, not once per record.
    converted = [_days(column.values) for column in columns]
    days = _broadcast(*(day for day, _ in converted))
    missing = _broadcast(*(gap for _, gap in converted))
    return list(zip(days, missing, strict=True)), index


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of day numbers.

    A column's dates span far fewer days than it has rows, so the calendar of that span is
    worked out once and looked up: several times faster than converting every row.
    """
    if days.size == 0:
        return days, days, days
    low, high = int(days.min()), int(days.max())
    if high - low >= days.size:
        return _civil_from_days(days)
    offsets = days - low
    table = _civil_from_days(np.arange(low, high + 1, dtype=np.int64))
    return table[0][offsets], table[1][offsets], table[2][offsets]


def _civil_from_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of day numbers, in integer arithmetic (H. Hinnant's civil_from_days)."""
    shifted = days + 719468  # days since 0000-03-01: years start in March, leap day last
    era = shifted // 146097
    day_of_era = shifted - era * 146097
    year_of_era = (
        day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096
    ) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    month_from_march = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * month_from_march + 2) // 5 + 1
    month = np.where(month_from_march < 10, month_from_march + 3, month_from_march - 9)
    year = year_of_era + era * 400 + (month <= 2)
    return year, month, day


def _days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Day numbers since 1970 of (year, month, day): the inverse of :func:`_civil`."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    month_from_march = np.where(month > 2, month - 3, month + 9)
    day_of_year = (153 * month_from_march + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


_MONTH_LENGTHS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _month_length(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return _MONTH_LENGTHS[month - 1] + ((month == 2) & leap)


def _integers(values: np.ndarray, missing: np.ndarray, index: pd.Index | None) -> Any:
    array = pd.arrays.IntegerArray(values.astype(np.int64, copy=False), missing)
    return array if index is None else pd.Series(array, index=index, copy=False)


def _floats(values: np.ndarray, missing: np.ndarray, index: pd.Index | None) -> Any:
    array = pd.arrays.FloatingArray(values.astype(np.float64, copy=False), missing)
    return array if index is None else pd.Series(array, index=index, copy=False)


def _booleans(values: np.ndarray, missing: np.ndarray, index: pd.Index | None) -> Any:
    array = pd.arrays.BooleanArray(values.astype(bool, copy=False), missing)
    return array if index is None else pd.Series(array, index=index, copy=False)


def _dates(values: np.ndarray, template: _Column, index: pd.Index | None) -> Any:
    """Dates in the input's unit (and time zone); a Series if any argument was one."""
    values = values.astype(template.values.dtype, copy=False)
    if template.tz is None:
        return values if index is None else pd.Series(values, index=index, copy=False)
    # The arithmetic was done on the wall clock; put the zone back, moving a time that the
    # clocks skipped to the first real time after it, and reading a repeated hour as summer time.
    series = pd.Series(values, index=index, copy=False).dt.tz_localize(
        template.tz, ambiguous=np.ones(len(values), dtype=bool), nonexistent="shift_forward"
    )
    return series if index is not None else series.array


def _int_operand(n: Any) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    """A count (of months, working days) as int64 values, a missing mask and a Series' index."""
    if isinstance(n, (int, np.integer)):
        return np.array(int(n), dtype=np.int64), np.array(False), None
    index = n.index if isinstance(n, pd.Series) else None
    array = pd.array(n, dtype="Int64")
    missing = np.asarray(array.isna(), dtype=bool)
    return array.to_numpy(dtype=np.int64, na_value=0), missing, index


# --- months ------------------------------------------------------------------------------


def _add_months_to_days(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Day numbers moved by n calendar months, the day clamped to the target month's length.

    With one n for every row, each day of the column's span is moved once and looked up, as
    `_civil` does: the same arithmetic on far fewer values."""
    if np.ndim(n) == 0 and days.size:
        low, high = int(days.min()), int(days.max())
        if high - low < days.size:
            span = np.arange(low, high + 1, dtype=np.int64)
            return _add_months_to_each_day(span, n)[days - low]
    return _add_months_to_each_day(days, n)


def _add_months_to_each_day(days: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    year, month, day = _civil(days)
    target = year * 12 + (month - 1) + n
    target_year, target_month = target // 12, target % 12 + 1
    target_day = np.minimum(day, _month_length(target_year, target_month))
    return _days_from_civil(target_year, target_month, target_day)


def add_months(dates: Any, n: Any) -> Any:
    """Move each date by ``n`` calendar months, clamping to the end of a shorter month.

    31 January + 1 month is 29 February in a leap year, else 28 February ("within N months",
    contract §2). ``n`` may be negative and may be one int or one per row. A time of day is
    kept. NaT (or a missing ``n``) gives NaT.
    """
    column = _column(dates)
    months, months_missing, months_index = _int_operand(n)
    index = _shared_index(column.index, months_index)
    values, months, months_missing = _broadcast(column.values, months, months_missing)
    days, missing = _days(values)
    missing = missing | months_missing
    time_of_day = values - values.astype(_DAY).astype(values.dtype)
    moved = _add_months_to_days(days, _one_step(months, missing)).view(_DAY)
    result = moved.astype(values.dtype) + np.where(missing, np.timedelta64(0), time_of_day)
    result[missing] = np.datetime64("NaT")
    return _dates(result, column, index)


def _one_step(steps: np.ndarray, missing: np.ndarray) -> np.ndarray | int:
    """The rows' numbers of months, as one int when every row that counts has the same:
    rows with a missing date or number are masked afterwards, so their step is free."""
    known = steps[~missing]
    if known.size and bool((known == known[0]).all()):
        return int(known[0])
    return np.where(missing, 0, steps)


def add_months_to_date(d: dt.date, n: int) -> dt.date:
    """One date moved by ``n`` calendar months, clamped like :func:`add_months`."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(month_index, 12)
    last_day = _stdlib_calendar.monthrange(year, month + 1)[1]
    return d.replace(year=year, month=month + 1, day=min(d.day, last_day))


def months_between(start: Any, end: Any) -> Any:
    """Whole calendar months from start to end: the largest m with add_months(start, m) ≤ end.

    Defined through :func:`add_months` so that "within N months" and "N months completed"
    never disagree; negative when end is before start. Dates only (a time of day is dropped).
    """
    [(first_days, first_missing), (last_days, last_missing)], index = _as_days(start, end)
    month_numbers = _month_numbers(last_days) - _month_numbers(first_days)
    reached = _add_months_to_days(first_days, month_numbers) <= last_days
    months = month_numbers - (~reached).astype(np.int64)
    return _integers(months, first_missing | last_missing, index)


def _month_numbers(days: np.ndarray) -> np.ndarray:
    year, month, _ = _civil(days)
    return year * 12 + month - 1


# --- ages and spans ----------------------------------------------------------------------


def age_at(birth_dates: Any, on_dates: Any) -> Any:
    """Age in completed years on a date (contract §4, "Ages").

    The difference in years, less one if the (month, day) of the date comes before the
    (month, day) of birth; so someone born on 29 February turns a year older on 1 March in
    common years. Negative when the date is before the birth (a data-quality problem that the
    validation reports). NA where either date is missing.
    """
    [(birth_days, birth_missing), (on_days, on_missing)], index = _as_days(birth_dates, on_dates)
    birth_year, birth_month, birth_day = _civil(birth_days)
    on_year, on_month, on_day = _civil(on_days)
    before_birthday = (on_month * 100 + on_day) < (birth_month * 100 + birth_day)
    age = on_year - birth_year - before_birthday.astype(np.int64)
    return _integers(age, birth_missing | on_missing, index)


def days_between(start: Any, end: Any) -> Any:
    """Calendar days from start to end (end − start), dates only; negative if end is first."""
    [(first_days, first_missing), (last_days, last_missing)], index = _as_days(start, end)
    return _integers(last_days - first_days, first_missing | last_missing, index)


def hours_between(t0: Any, t1: Any) -> Any:
    """Hours from t0 to t1 (t1 − t0), for "within N hours" (contract §2: clock time).

    When both are tz-aware the result is the real elapsed time; the reader makes every
    date-time column of an extract tz-aware in its dataset's time zone (`pm.calendar.clock`),
    so rules such as "allocated within one hour" count real hours across a change of the
    clocks. Naive date-times (library callers only) are compared as written: the difference
    of the clock readings. Mixing the two is refused, because there is no honest way to
    compare them.
    """
    first, last = _column(t0, utc=True), _column(t1, utc=True)
    if (first.tz is None) != (last.tz is None) and not (_empty(first) or _empty(last)):
        raise ValueError("cannot compare tz-aware with naive date-times: give both or neither")
    index = _shared_index(first.index, last.index)
    first_values, last_values = _broadcast(first.values, last.values)
    missing = np.isnat(first_values) | np.isnat(last_values)
    hours = (last_values - first_values) / np.timedelta64(1, "h")
    return _floats(np.where(missing, 0.0, hours), missing, index)


def _empty(column: _Column) -> bool:
    return bool(np.isnat(column.values).all())


# --- ranges ------------------------------------------------------------------------------


def in_range(d: Any, start: Any, end: Any) -> Any:
    """Whether start ≤ d ≤ end, both ends included ("in the year", contract §2).

    Dates only, so a date-time on the last day is in range. NA where any of the three is
    missing.
    """
    [(day, day_missing), (first, first_missing), (last, last_missing)], index = _as_days(
        d, start, end
    )
    inside = (first <= day) & (day <= last)
    return _booleans(inside, day_missing | first_missing | last_missing, index)


def open_on(start: Any, end: Any, day: Any) -> Any:
    """Whether a record is open on a day: start ≤ day and (end missing or end > day).

    The snapshot rule of contract §2 and §4 ("looked after on day d"): a record that ends on
    the day itself is not open. NA where the start or the day is missing.
    """
    [(first, first_missing), (last, last_missing), (on, on_missing)], index = _as_days(
        start, end, day
    )
    is_open = (first <= on) & (last_missing | (last > on))
    return _booleans(is_open, first_missing | on_missing, index)


def overlaps(start: Any, end: Any, range_start: Any, range_end: Any) -> Any:
    """Whether a record overlaps a range: start ≤ range_end and (end missing or end ≥ range_start).

    Contract §4, "overlapping the year". NA where the record's start or a bound is missing.
    """
    days, index = _as_days(start, end, range_start, range_end)
    (first, first_missing), (last, last_missing), (low, low_missing), (high, high_missing) = days
    overlapping = (first <= high) & (last_missing | (last >= low))
    return _booleans(overlapping, first_missing | low_missing | high_missing, index)
