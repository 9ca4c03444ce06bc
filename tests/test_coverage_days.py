"""The days a council's records fall on (`pm.engine.coverage`), as the coverage check
counts them: day numbers read from the stored seconds equal pandas' own conversion, and
the council × day grid equals the set of (council, day) pairs worked out record by record;
records without a council or a date count nowhere."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pm.engine import coverage

EPOCH = dt.date(1970, 1, 1)


def _plain_days(values: pd.Series) -> list[int]:
    """Each value's day as days since 1970, one value at a time (-1 where empty)."""
    return [-1 if pd.isna(v) else (v.date() - EPOCH).days for v in values]


def test_days_of_stored_seconds_equal_the_dates_one_by_one() -> None:
    values = pd.Series(
        pd.to_datetime(
            [
                "2023-04-01",
                None,
                "2024-02-29 23:59:59",  # the time of day is dropped, not rounded
                "1969-12-30 06:00:00",  # before 1970: the day is below zero, floored
                "1900-01-01",
                "2099-12-31 12:00:00",
            ],
            format="ISO8601",
        ).astype("datetime64[s]")
    )
    assert coverage._days(values, "Europe/London").tolist() == _plain_days(values)


def test_days_of_random_seconds_equal_pandas_cast_to_days() -> None:
    rng = np.random.default_rng(7)
    seconds = rng.integers(-70 * 365 * 86400, 130 * 365 * 86400, 20_000)
    values = pd.Series(seconds.astype("datetime64[s]"))
    values[rng.random(len(values)) < 0.1] = pd.NaT
    cast = values.to_numpy(dtype="datetime64[D]")
    expected = np.where(np.isnat(cast), -1, cast.astype(np.int64))
    assert (coverage._days(values, "Europe/London") == expected).all()


def test_days_of_zone_aware_times_are_local_days() -> None:
    values = pd.Series(pd.to_datetime(["2023-06-30 23:30:00+00:00", None], utc=True))
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time)
    assert coverage._days(values, "Europe/London").tolist() == [
        (dt.date(2023, 7, 1) - EPOCH).days,
        -1,
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_grid_holds_exactly_the_dated_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size, councils = 5_000, 5
    codes = rng.integers(-1, councils, size)  # -1: no council
    days = rng.integers(19_000, 19_400, size)
    days[rng.random(size) < 0.1] = -1  # no date
    grid = coverage._dated_days(codes, days, councils)
    assert grid is not None
    pairs = {
        (c, d) for c, d in zip(codes.tolist(), days.tolist(), strict=True) if c >= 0 and d >= 0
    }
    found = {(int(c), grid.low + int(d)) for c, d in zip(*np.nonzero(grid.rows), strict=True)}
    assert found == pairs
    assert grid.low == min(d for _, d in pairs)


def test_no_dated_record_gives_no_grid() -> None:
    codes = np.array([0, -1, 2])
    days = np.array([-1, 19_000, -1])
    assert coverage._dated_days(codes, days, 3) is None
    assert coverage._dated_days(np.zeros(0, np.int64), np.zeros(0, np.int64), 3) is None
