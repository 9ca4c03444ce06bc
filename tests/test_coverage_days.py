"""The days a council's records fall on (`pm.engine.coverage`), as the coverage check
counts them: day numbers read from the stored seconds equal pandas' own conversion, and
the council × day grid equals the set of (council, day) pairs worked out record by record;
records without a council or a date count nowhere, and dates before 1970 (day numbers below
zero, -1 included) count on their days like any other."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pm.engine import coverage

EPOCH = dt.date(1970, 1, 1)


def _plain_days(values: pd.Series) -> list[int | None]:
    """Each value's day as days since 1970, one value at a time (None where empty)."""
    return [None if pd.isna(v) else (v.date() - EPOCH).days for v in values]


def _read(days: np.ndarray, known: np.ndarray) -> list[int | None]:
    """What `_days` returns, as one list: the day where known, else None."""
    return [d if k else None for d, k in zip(days.tolist(), known.tolist(), strict=True)]


def test_days_of_stored_seconds_equal_the_dates_one_by_one() -> None:
    values = pd.Series(
        pd.to_datetime(
            [
                "2023-04-01",
                None,
                "2024-02-29 23:59:59",  # the time of day is dropped, not rounded
                "1969-12-30 06:00:00",  # before 1970: the day is below zero, floored
                "1969-12-31 23:59:59",  # day -1: a real day, not "empty"
                "1900-01-01",
                "2099-12-31 12:00:00",
            ],
            format="ISO8601",
        ).astype("datetime64[s]")
    )
    assert _read(*coverage._days(values, "Europe/London")) == _plain_days(values)
    assert _plain_days(values)[4] == -1


def test_days_of_random_seconds_equal_pandas_cast_to_days() -> None:
    rng = np.random.default_rng(7)
    seconds = rng.integers(-70 * 365 * 86400, 130 * 365 * 86400, 20_000)
    values = pd.Series(seconds.astype("datetime64[s]"))
    values[rng.random(len(values)) < 0.1] = pd.NaT
    cast = values.to_numpy(dtype="datetime64[D]")
    days, known = coverage._days(values, "Europe/London")
    assert (known == ~np.isnat(cast)).all()
    assert (days[known] == cast[known].astype(np.int64)).all()
    assert (days[~known] == 0).all()  # filled: no NaT number left to overflow


def test_days_of_zone_aware_times_are_local_days() -> None:
    values = pd.Series(pd.to_datetime(["2023-06-30 23:30:00+00:00", None], utc=True))
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time)
    assert _read(*coverage._days(values, "Europe/London")) == [
        (dt.date(2023, 7, 1) - EPOCH).days,
        None,
    ]


def test_days_of_dates_in_another_form_keep_the_days_before_1970() -> None:
    values = pd.Series(["1969-12-31", None, "1899-12-31", "2024-03-31"], dtype=object)
    # worked out by hand: 1900-01-01 is 70 years and 17 leap days (1904-1968) before 1970
    assert _read(*coverage._days(values, "Europe/London")) == [-1, None, -25568, 19813]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_grid_holds_exactly_the_dated_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size, councils = 5_000, 5
    codes = rng.integers(-1, councils, size)  # -1: no council
    days = rng.integers(-200, 200, size)  # either side of 1 January 1970 (day 0)
    known = rng.random(size) >= 0.1  # a tenth without a date
    days[~known] = 0  # as `_days` fills them: day 0 is no date here
    grid = coverage._dated_days(codes, days, known, councils)
    assert grid is not None
    pairs = {
        (c, d)
        for c, d, k in zip(codes.tolist(), days.tolist(), known.tolist(), strict=True)
        if c >= 0 and k
    }
    found = {(int(c), grid.low + int(d)) for c, d in zip(*np.nonzero(grid.rows), strict=True)}
    assert found == pairs
    assert grid.low == min(d for _, d in pairs)


def test_no_dated_record_gives_no_grid() -> None:
    codes = np.array([0, -1, 2])
    days = np.array([-1, 19_000, -1])
    known = np.array([False, True, False])
    assert coverage._dated_days(codes, days, known, 3) is None
    empty = np.zeros(0, np.int64)
    assert coverage._dated_days(empty, empty, np.zeros(0, bool), 3) is None


def test_day_minus_one_is_a_day() -> None:
    """31 December 1969 is day -1: counted on its day, not taken for an empty date."""
    codes = np.array([0, 0, 1])
    days = np.array([-1, 0, 0])
    known = np.array([True, False, True])
    grid = coverage._dated_days(codes, days, known, 2)
    assert grid is not None and grid.low == -1
    assert grid.rows.tolist() == [[True, False], [False, True]]
