"""A date column that cannot be read at all stops the run.

One unreadable date is a typing mistake: a finding, and the record is left out. A column
none of whose values can be read is the whole extract written another way (day-first dates,
Excel serial numbers, a wrong --date-format): leaving every record out would give `no_data`
and exit 0, which reads as "nothing happened". So pm stops with one line naming the file,
the column, an example value and what to do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.data.columns import Coded
from pm.definitions.models import Column
from pm.definitions.vocab import ColumnType
from pm.errors import InputError

DATE_TYPES = {ColumnType.date, ColumnType.datetime}
# A lone unreadable value stays a finding (it may be the only date filled in); two or more
# records with no readable value among them are a column written another way.
MIN_RECORDS = 2


def refuse_unreadable_dates(
    held: Coded, parsed: pd.Series, column: Column, label: str, date_format: str | None
) -> None:
    """Raise InputError when no value of a date column in this file could be read."""
    if column.type not in DATE_TYPES:
        return
    text = held.distinct.astype("str").str.strip()
    present = (held.distinct.notna() & (text != "")).to_numpy()
    if not present.any() or parsed[present].notna().any():
        return
    records = np.bincount(held.positions, minlength=len(held.distinct))[present]
    if int(records.sum()) < MIN_RECORDS:
        return
    example = str(text[present].iloc[int(np.argmax(records))])
    declared = column.format or date_format or "%Y-%m-%d"
    from pm.data.csv_shape import date_advice

    advice = date_advice(example, declared) if column.type is ColumnType.date else ""
    if not advice:
        kind = "dates" if column.type is ColumnType.date else "date-times"
        advice = (
            f"the {kind} must be written YYYY-MM-DD"
            + (" HH:MM" if column.type is ColumnType.datetime else "")
            + (f" (the declared format is {declared})" if declared != "%Y-%m-%d" else "")
            + "; give their format with --date-format, such as %d/%m/%Y, if they are written another way."
        )
    raise InputError(
        f"{label}: no value in the column {column.name} can be read as a date "
        f"({int(records.sum()):,} records, such as '{example}'), so nothing was computed. "
        f"{advice[:1].upper()}{advice[1:]}"
    )
