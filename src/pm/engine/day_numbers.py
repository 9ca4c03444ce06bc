"""A dataset's date columns as day numbers, worked out once per frame and shared.

Placing records in a period compares a date column with the period's first and last day for
every indicator and every period: turning the same millions of dates into day numbers each
time cost more than the comparison. Here a column is turned once per dataset frame (held in
`pm.engine.keys.memo`, so never served for another frame) into int32 day numbers since
1 January 1970, with a missing date as `MISSING`, a number no real date takes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pm.engine.keys import memo

#: A missing date: below every real day (int32's smallest; the reader's dates are years 1 to
#: 9999, days -719,162 to 2,932,896), so "on or after a day" is false for it without a mask.
MISSING = np.int32(np.iinfo(np.int32).min)

_SECONDS = np.dtype("datetime64[s]")
_EPOCH = dt.date(1970, 1, 1)


def column_days(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    """The column's dates as int32 day numbers (`MISSING` where empty), or None where the
    column is not plain dates in whole seconds (date-times with a zone, other units): those
    take the general path, which knows their clocks."""
    if name not in frame.columns or frame[name].dtype != _SECONDS:
        return None
    return memo(frame, ("day numbers", name), lambda: _days(frame[name].to_numpy()))


def _days(values: np.ndarray) -> np.ndarray | None:
    missing = np.isnat(values)
    days = values.view(np.int64) // 86400  # floor: a time of day before midnight stays on its day
    gaps = bool(missing.any())
    if gaps:
        days[missing] = 0  # a real day, so that the range check below sees known days only
    if len(days) and (days.min() <= MISSING or days.max() > np.iinfo(np.int32).max):
        return None  # beyond any real calendar: left to the general path
    out = days.astype(np.int32)
    if gaps:
        out[missing] = MISSING
    return out


def day_number(day: dt.date) -> int:
    """A date (or the date of a date-time) as days since 1 January 1970."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return (day - _EPOCH).days
