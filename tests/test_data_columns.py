"""A coded column (`pm.data.columns.Coded`): each record's position in the distinct values
is read from Arrow's blocks as Arrow's own conversion would give it, and values spread back
by position equal pandas' `iloc`, whatever the blocks (sliced, empty, with empty cells)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pm.data.columns import Coded, _take


def _arrow_positions(column: pa.ChunkedArray) -> list[int]:
    """The plain way: fill the nulls with the empty entry, convert, join the blocks."""
    empty = len(column.chunk(0).dictionary)
    return [
        value for chunk in column.chunks for value in pc.fill_null(chunk.indices, empty).to_pylist()
    ]


def test_positions_of_sliced_empty_and_null_blocks() -> None:
    whole = pa.array(["b", None, "a", "b", "c", None, "a", "c"]).dictionary_encode()
    column = pa.chunked_array(
        [whole.slice(1, 4), whole.slice(0, 0), whole.slice(5, 3), whole.slice(0, 1)]
    )
    coded = Coded.from_arrow(column)
    assert coded.positions.dtype == np.int32
    assert coded.positions.tolist() == _arrow_positions(column)
    texts = coded.spread(coded.distinct).tolist()
    assert texts[1:4] == ["a", "b", "c"] and pd.isna(texts[0]) and pd.isna(texts[4])
    assert texts[5:] == ["a", "c", "b"]


def test_positions_of_blocks_with_their_own_dictionaries() -> None:
    column = pa.chunked_array(
        [
            pa.array(["x", "y", None]).dictionary_encode(),
            pa.array([None, "z", "x", "x"]).dictionary_encode(),
        ]
    )
    coded = Coded.from_arrow(column)
    texts = [None if pd.isna(v) else v for v in coded.spread(coded.distinct).tolist()]
    assert texts == ["x", "y", None, None, "z", "x", "x"]
    assert coded.positions[0] == coded.positions[5] == coded.positions[6]
    assert coded.positions[2] == coded.positions[3] == len(coded.distinct) - 1


def test_positions_of_narrow_index_types() -> None:
    column = pa.chunked_array(
        [pa.DictionaryArray.from_arrays(pa.array([1, 0, None, 1], pa.int8()), ["p", "q"])]
    )
    assert Coded.from_arrow(column).positions.tolist() == [1, 0, 2, 1]


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(pd.Categorical(["W2", None, "W1"], categories=["W1", "W2", "W3"])),
        pd.Series(pd.to_datetime(["2023-04-01", None, "2024-02-29"]).astype("datetime64[s]")),
        pd.Series([1.5, np.nan, -2.0]),
        pd.Series([3, 1, 2], dtype="int64"),
        pd.Series([True, None, False], dtype="boolean"),
        pd.Series(["a", None, "c"], dtype="str"),
    ],
)
def test_take_equals_iloc(values: pd.Series) -> None:
    positions = np.array([2, 0, 1, 1, 2, 0], dtype=np.int32)
    expected = values.iloc[positions].reset_index(drop=True)
    pd.testing.assert_series_equal(_take(values, positions), expected)
