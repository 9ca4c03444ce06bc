"""Fast text-to-type conversions for the reader: each distinct value converted once.

A column of a million dates holds a few thousand distinct dates, and a council code column
22 codes. pandas parses dates with a format row by row, and maps codes through Python
objects, which on millions of records costs more than reading the file. Here the column is
dictionary-encoded in Arrow (a hash pass in C++), pandas converts the distinct values only,
and the results are spread back by position. Each value is still converted by pandas, so
the result is exactly what converting the whole column with pandas would give.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def _distinct(text: pd.Series):  # type: ignore[no-untyped-def]
    """The distinct values of `text` and, per row, the position of its value among them
    (one past the end for an empty cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(text.array, from_pandas=True)
    if isinstance(values, pa.ChunkedArray):  # large files come in blocks: one dictionary for all
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    distinct = pd.Series(encoded.dictionary.to_pandas(), dtype="str")
    return distinct, pc.fill_null(encoded.indices, len(distinct))


def _via_distinct(text: pd.Series, convert: Callable[[pd.Series], np.ndarray], missing: object):
    """`convert` applied to the distinct values of `text`, spread back over its rows."""
    distinct, positions = _distinct(text)
    converted = convert(distinct)
    table = np.concatenate([converted, np.array([missing], dtype=converted.dtype)])
    return table[positions.to_numpy(zero_copy_only=False)]


def parse_dates(text: pd.Series, fmt: str) -> pd.Series:
    """Dates (datetime64[s], NaT where empty or not a date in `fmt`) from stripped text."""

    def convert(distinct: pd.Series) -> np.ndarray:
        parsed = pd.to_datetime(distinct, format=fmt, errors="coerce")
        return parsed.to_numpy(dtype="datetime64[s]")

    values = _via_distinct(text, convert, np.datetime64("NaT", "s"))
    return pd.Series(values, index=text.index, dtype="datetime64[s]")


def map_codes(text: pd.Series, canonical: dict[str, str]) -> pd.Series:
    """Each value's canonical code, matched case-insensitively; missing where not a code."""

    import pyarrow as pa
    import pyarrow.compute as pc

    distinct, positions = _distinct(text)
    codes = (
        distinct.str.lower()
        .map(canonical)
        .astype(object)
        .where(distinct.str.lower().isin(canonical), None)
    )
    table = pa.array([*codes.tolist(), None], type=pa.large_string())
    mapped = pc.take(table, positions).to_pandas()  # strings stay in Arrow: no Python objects
    return pd.Series(mapped.array, index=text.index, dtype="str")


def to_numbers(text: pd.Series) -> pd.Series:
    """Numbers (float64, NaN where empty or not a number) from stripped text."""

    def convert(distinct: pd.Series) -> np.ndarray:
        return pd.to_numeric(distinct, errors="coerce").to_numpy(dtype="float64")

    values = _via_distinct(text, convert, np.nan)
    return pd.Series(values, index=text.index, dtype="float64")
