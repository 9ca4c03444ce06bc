"""Numbers read from extract text exactly, or set aside as findings.

A value is read as a float first (fast, for a column's distinct values); whole numbers from
2**53 up, where a float no longer holds every whole number, are read again from their text,
so an integer column keeps every digit. An integer beyond what 64 bits hold (such as an age
typed as 99999999999999999999), or a number too large to hold at all (1e400), is a finding
for its record: the record is left out and the other records carry on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
EXACT_FLOAT = 2**53  # from here up, not every whole number is a float

INVALID = "invalid_number"
TOO_LARGE = "number_too_large"


@dataclass
class Numbers:
    """Typed values (missing where unreadable) and, per value, why it could not be read."""

    values: pd.Series  # Int64 for an integer column, Float64 otherwise
    invalid: np.ndarray  # not a number, or not whole in an integer column
    too_large: np.ndarray  # a number beyond what the column's type holds


def read_numbers(text: pd.Series, *, integer: bool) -> Numbers:
    """`text` (stripped, missing where empty) as numbers of the column's kind."""
    present = text.notna().to_numpy()
    number = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    infinite = np.isinf(number)
    written_as_digits = text.str.contains(r"\d", regex=True).fillna(False).to_numpy(dtype=bool)
    too_large = infinite & written_as_digits  # such as 1e400; 'inf' itself is not a number
    invalid = present & ~np.isfinite(number) & ~too_large
    if not integer:
        keep = ~(invalid | too_large)
        values = pd.array(np.where(keep, number, np.nan), dtype="Float64")
        return Numbers(pd.Series(values, index=text.index), invalid, too_large)
    finite = np.isfinite(number)
    small = np.where(finite & (np.abs(np.where(finite, number, 0)) < EXACT_FLOAT), number, 0)
    invalid |= np.mod(small, 1) != 0
    exact = small.astype(np.int64)
    for position in np.flatnonzero(finite & (small != number)).tolist():
        whole = _whole_number(text.iloc[position])
        if whole is None:
            invalid[position] = True
        elif not INT64_MIN <= whole <= INT64_MAX:
            too_large[position] = True
        else:
            exact[position] = whole
    missing = ~present | invalid | too_large
    values = pd.arrays.IntegerArray(np.where(missing, 0, exact), missing)
    return Numbers(pd.Series(values, index=text.index), invalid, too_large)


def _whole_number(text: str) -> int | None:
    """The exact whole number a text holds ('12345678901234567890', '1.5e19'), or None."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.to_integral_value():
        return None
    return int(value)
