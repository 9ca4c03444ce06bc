"""A column of an extract as its distinct values and, per record, which one it holds.

Most columns repeat a few values: 22 council codes, a few thousand dates, a handful of
outcome codes. Reading them from the CSV file straight into Arrow dictionaries, then typing
and checking each distinct value once and spreading the result back by position, costs a
small part of doing the same for every record. Identifiers and free text are the exception
(nearly every value differs): they stay Arrow text, trimmed in Arrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pm.data.text_codes import fixed_codes

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass
class Coded:
    """`distinct` holds the values as read (text; its last entry is the empty cell) and
    `positions` the entry each record holds."""

    distinct: pd.Series
    positions: np.ndarray

    @classmethod
    def from_arrow(cls, column: pa.ChunkedArray) -> Coded:
        """From an Arrow column, dictionary-encoded (as the CSV reader gives it) or not."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_dictionary(column.type):
            column = pc.dictionary_encode(column.combine_chunks())
            column = pa.chunked_array([column])
        column = column.unify_dictionaries()
        if column.num_chunks:
            dictionary = column.chunk(0).dictionary
        else:
            dictionary = pa.array([], pa.large_string())
        positions = _positions(column, len(dictionary))
        values = dictionary.cast(pa.large_string()).to_pandas()
        distinct = pd.concat(
            [pd.Series(values, dtype="str"), pd.Series([None], dtype="str")], ignore_index=True
        )
        return cls(distinct, positions)

    @classmethod
    def from_text(cls, text: pd.Series) -> Coded:
        """From a pandas text column (test rows, Parquet files)."""
        import pyarrow as pa

        return cls.from_arrow(pa.chunked_array([_arrow_text(text)]))

    def __len__(self) -> int:
        return len(self.positions)

    def spread(self, typed: pd.Series, rows: np.ndarray | None = None) -> pd.Series:
        """Per-distinct-value results, one per record (or per record in `rows`)."""
        positions = self.positions if rows is None else self.positions[rows]
        return _take(typed, positions)

    def per_record(self, mask: np.ndarray) -> np.ndarray:
        """A per-distinct-value flag, one per record."""
        return np.asarray(mask, dtype=bool)[self.positions]


def _take(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """`values.iloc[positions]` with a fresh index, taken in numpy where the type allows:
    pandas would first check and widen the millions of positions."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()[positions]
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), copy=False)
    if isinstance(dtype, np.dtype) and dtype.kind in "biufmM":
        return pd.Series(values.to_numpy()[positions], dtype=dtype, copy=False)
    return values.iloc[positions].reset_index(drop=True)


def _positions(column: pa.ChunkedArray, empty: int) -> np.ndarray:
    """The dictionary positions of every chunk, copied once from Arrow's buffers into one
    array (int32, as Arrow holds them: half the memory of numpy's default integers); an
    empty cell gets `empty`. Arrow's own way (fill the nulls, convert, join the chunks)
    copied each column three times."""
    import pyarrow as pa

    positions = np.empty(len(column), dtype=np.int32)
    at = 0
    for chunk in column.chunks:
        size = len(chunk)
        if not size:
            continue
        indices = chunk.indices
        if indices.type != pa.int32():
            indices = indices.cast(pa.int32())
        buffer = indices.buffers()[1]
        here = positions[at : at + size]
        here[:] = np.frombuffer(buffer, dtype=np.int32, count=size, offset=indices.offset * 4)
        if chunk.null_count:
            here[~chunk.is_valid().to_numpy(zero_copy_only=False)] = empty
        at += size
    return positions


def _arrow_text(text: pd.Series) -> pa.Array:
    import pyarrow as pa

    return pa.array(text.astype("str").array, from_pandas=True).cast(pa.large_string())


@dataclass
class Text:
    """Identifiers and free text: trimmed Arrow text, empty cells as missing."""

    values: pa.ChunkedArray

    @classmethod
    def from_arrow(cls, column: pa.ChunkedArray) -> Text:
        import pyarrow as pa
        import pyarrow.compute as pc

        if not pa.types.is_large_string(column.type):
            column = column.cast(pa.large_string())
        if not _needs_trimming(column):
            return cls(column)  # most ids: looking at their ends is cheaper than trimming
        trimmed = pc.utf8_trim_whitespace(column)
        empty = pc.equal(trimmed, "")
        if pc.any(empty).as_py():
            trimmed = pc.if_else(empty, pa.scalar(None, pa.large_string()), trimmed)
        return cls(trimmed)

    @classmethod
    def from_text(cls, text: pd.Series) -> Text:
        import pyarrow as pa

        return cls.from_arrow(pa.chunked_array([_arrow_text(text)]))

    def __len__(self) -> int:
        return len(self.values)

    def present(self) -> np.ndarray:
        import pyarrow.compute as pc

        return pc.is_valid(self.values).to_numpy(zero_copy_only=False)

    def series(self, rows: np.ndarray | None = None) -> pd.Series:
        """The text as a pandas `str` column (Arrow-backed), of every record or of `rows`
        (positions, or a mask: a mask is applied block by block, without joining blocks)."""
        import pyarrow as pa

        if rows is None:
            values = self.values
        elif rows.dtype == bool:
            values = self.values.filter(pa.array(rows))
        else:
            values = self.values.take(pa.array(rows))
        return values.to_pandas().reset_index(drop=True)

    def at(self, rows: np.ndarray) -> list[str]:
        import pyarrow as pa

        return ["" if v is None else v for v in self.values.take(pa.array(rows)).to_pylist()]

    def codes(self) -> np.ndarray | None:
        """One int64 per record, equal exactly where the texts are, in the order of the
        texts padded to one width (`pm.data.text_codes`); None for ids that do not fit."""
        return fixed_codes(self.values)

    def key_codes(self, rows: np.ndarray) -> list[np.ndarray]:
        """Integer codes of the text of `rows`: equal codes exactly where the texts are equal."""
        import pyarrow as pa
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(self.values.take(pa.array(rows)).combine_chunks())
        return [pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)]


_SPACES = np.zeros(256, dtype=bool)
_SPACES[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_SPACES[128:] = True  # a byte of a non-ASCII character, perhaps a space: trimmed to be sure


def _needs_trimming(column: pa.ChunkedArray) -> bool:
    """Whether any value is empty or starts or ends with what may be white space, found by
    looking at the first and last byte of each value in Arrow's buffers."""
    import pyarrow as pa

    for chunk in column.chunks:
        if len(chunk) == 0:
            continue
        buffers = chunk.buffers()
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(buffers[1], dtype=offset_type)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        starts, ends = offsets[:-1], offsets[1:]
        if chunk.null_count:
            valid = chunk.is_valid().to_numpy(zero_copy_only=False)
            starts, ends = starts[valid], ends[valid]
        if not len(starts):
            continue
        if np.any(ends <= starts):
            return True
        data = np.frombuffer(buffers[2], dtype=np.uint8)
        if _SPACES[data[starts]].any() or _SPACES[data[ends - 1]].any():
            return True
    return False
