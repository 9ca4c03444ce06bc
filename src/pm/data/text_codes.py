"""Text identifiers as one integer each, read straight from Arrow's bytes, without hashing.

Case-management systems write identifiers such as `P0031388` or `R00000001`: short ASCII
text whose bytes, position by position, take few values (a fixed letter, then digits).
Padded on the left to one width, each value is a row of bytes; read in mixed radix over
the positions that vary, it is one int64, equal exactly where the texts are equal and
ordered as the padded texts are (so ids written in digits keep their numeric order). Finding
repeated ids, or numbering people, is then integer work: a check that the codes rise (an
extract in id order has no repeats) or one hash of integers, instead of hashing millions of
strings. Ids that do not fit (non-ASCII, longer than 32 bytes, or too many varying
positions for 63 bits) give None, and the callers hash the text as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa

MAX_WIDTH = 32  # bytes: longer ids are hashed as text
_LIMIT = 2**62


def fixed_codes(values: pa.ChunkedArray | pa.Array, limit: int = _LIMIT) -> np.ndarray | None:
    """One int64 per value, equal exactly where the texts are equal (a missing value counts
    as the empty text), ordered as the texts padded on the left with spaces (then by length);
    all codes are below `limit`. None when the values are not ASCII, are too long or vary too much.

    Values of several lengths are padded on the left with spaces and their length kept
    beside, so that padding never makes two different values equal."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        return None
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    filled = pc.fill_null(values, "") if values.null_count else values
    lengths = pc.min_max(pc.binary_length(filled)).as_py()
    width = int(lengths["max"] or 0)
    if width > MAX_WIDTH:
        return None
    if width == 0:
        return np.zeros(len(values), dtype=np.int64)
    if lengths["min"] == width:
        columns = _byte_columns(filled, width)
        return None if columns is None else _mixed_radix(columns, limit)
    # Values of several lengths: padded on the left, and the length kept as the last digit,
    # so that " P1" and "P1" stay apart even where the values were not trimmed.
    sizes = pc.binary_length(filled).to_numpy(zero_copy_only=False).astype(np.int64)
    columns = _byte_columns(pc.utf8_lpad(filled, width=width, padding=" "), width)
    if columns is None:  # padding by characters gave values of other widths: not ASCII
        return None
    codes = _mixed_radix(columns, limit // (width + 1))
    return None if codes is None else codes * (width + 1) + sizes


def _byte_columns(values: pa.ChunkedArray, width: int) -> np.ndarray | None:
    """The values' bytes as a (width, n) array, one row per position (so that each position
    is read in one pass), copied once from Arrow's buffers, block by block; None when a
    value is not `width` bytes long."""
    import pyarrow as pa

    columns = np.empty((width, len(values)), dtype=np.uint8)
    at = 0
    for chunk in values.chunks:
        if len(chunk) == 0:
            continue
        offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        buffers = chunk.buffers()
        offsets = np.frombuffer(buffers[1], dtype=offset_type)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        first, last = int(offsets[0]), int(offsets[-1])
        if last - first != width * len(chunk) or np.any(np.diff(offsets) != width):
            return None
        data = np.frombuffer(buffers[2], dtype=np.uint8)[first:last]
        columns[:, at : at + len(chunk)] = data.reshape(len(chunk), width).T
        at += len(chunk)
    return columns


def _mixed_radix(columns: np.ndarray, limit: int) -> np.ndarray | None:
    """Each value (a column of `columns`, one row per byte position) as one number: the
    positions read left to right, each as its offset from the lowest byte found there;
    constant positions add nothing."""
    if not columns.shape[1]:
        return np.zeros(0, dtype=np.int64)
    low = columns.min(axis=1).astype(np.int64)
    spans = columns.max(axis=1).astype(np.int64) - low + 1
    total = 1
    for span in spans.tolist():
        total *= span
    if total >= limit:
        return None
    codes = np.zeros(columns.shape[1], dtype=np.int64)
    for position in np.flatnonzero(spans > 1).tolist():
        codes *= int(spans[position])
        codes += columns[position]
        codes -= int(low[position])
    return codes


def rising(codes: np.ndarray) -> bool:
    """Whether every code is above the one before: then no two are equal."""
    return bool(len(codes) < 2 or np.all(codes[1:] > codes[:-1]))
