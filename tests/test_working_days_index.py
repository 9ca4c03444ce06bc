"""Working days counted by a calendar index give numpy's busday_count, day for day."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.calendar.working_days import _calendar, working_days_between


def test_index_counts_equal_busday_count_over_many_pairs_both_ways() -> None:
    rng = np.random.default_rng(5)
    start = np.datetime64("2019-12-01") + rng.integers(0, 2000, 5000).astype("timedelta64[D]")
    end = start + rng.integers(-60, 400, 5000).astype("timedelta64[D]")
    calendar = _calendar(1989, 2041)
    low, high = np.minimum(start, end), np.maximum(start, end)
    expected = np.busday_count(low + 1, high + 1, busdaycal=calendar)
    expected = np.where(end < start, -expected, expected)
    got = working_days_between(pd.Series(start.astype("datetime64[s]")), pd.Series(end))
    assert got.tolist() == expected.tolist()
    # one pair forty years apart
    far = working_days_between(np.datetime64("1995-01-02"), np.datetime64("2035-06-30"))
    near = np.busday_count(
        np.datetime64("1995-01-03"), np.datetime64("2035-07-01"), busdaycal=_calendar(1989, 2041)
    )
    assert int(far[0]) == int(near)
