"""Reading date-times written in local clock time as real instants (for "within N hours").

Extracts write date-times as the clock on the wall showed them, in the UK (Europe/London)
unless a data-item specification says otherwise. A difference of clock readings is not the
time that passed when the clocks change: 00:30 to 02:10 on the night the clocks go forward
reads as 1 h 40 min but only 40 minutes passed. So the reader turns every date-time into a
time-zone-aware instant, and `hours_between` then gives the real elapsed time.

Two hours a year cannot be read unambiguously from the clock alone; pm reads them so:

* **The hour that does not exist** (clocks go forward, last Sunday of March, 01:00 to 01:59
  never shows on a UK clock): a reading in it is taken as the time on a clock that had not yet
  gone forward, i.e. Greenwich Mean Time. 01:30 is 01:30 GMT, which is 02:30 British Summer
  Time: the reading is moved one hour on.
* **The hour that happens twice** (clocks go back, last Sunday of October, 01:00 to 01:59
  shows twice): a reading in it is taken as the first time round, British Summer Time.
  Write the offset (``2023-10-29T01:30+00:00``) to say it was the second time round.

A reading with an offset or ``Z`` (``2023-10-29T01:30:00+00:00``) is exact and used as
written, then shown in the dataset's time zone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.calendar.zones import is_time_zone  # noqa: F401  (part of this module's interface)

__all__ = ["DEFAULT_TIME_ZONE", "is_time_zone", "read_local_times"]

DEFAULT_TIME_ZONE = "Europe/London"
_OFFSET = r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"


def read_local_times(text: pd.Series, time_zone: str = DEFAULT_TIME_ZONE) -> pd.Series:
    """Date-time text (ISO, ``T`` or space, optional seconds and offset) → aware instants.

    Unreadable or empty text gives NaT; the caller reports it. The result has the dtype
    ``datetime64[s, <time_zone>]`` and the input's index.
    """
    text = (
        text.astype("str").str.strip().str.replace(r"^(\d{4}-\d{2}-\d{2})[Tt]", r"\1 ", regex=True)
    )
    has_offset = text.str.contains(_OFFSET, regex=True).fillna(False).to_numpy(dtype=bool)
    wall = pd.to_datetime(text.where(~has_offset), format="ISO8601", errors="coerce")
    aware = wall.dt.tz_localize(
        time_zone,
        ambiguous=np.ones(len(wall), dtype=bool),  # the repeated hour: first time round (summer)
        nonexistent=pd.Timedelta(hours=1),  # the skipped hour: a clock not yet put forward
    )
    aware = aware.dt.as_unit("s")
    if has_offset.any():
        exact = pd.to_datetime(
            text.where(has_offset), format="ISO8601", errors="coerce", utc=True
        ).dt.tz_convert(time_zone)
        aware = aware.where(~has_offset, exact.dt.as_unit("s"))
    return aware
