"""Integer keys of a dataset's columns, worked out once per frame and shared by indicators.

Grouping, counting people and joining related records on text columns (council codes,
person ids) makes pandas hash the same millions of strings for every indicator. Here each
column is turned into integer codes once per dataset frame, and every indicator on that
frame reuses them: a council as a small integer, a person as one int64 per record.

The cache is keyed by the frame object itself (held weakly): an entry lives as long as its
frame and is never served for another frame, even one that reuses the address. The engine
never changes a dataset's frame in place, which is what makes caching by frame safe.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")

_CACHE: dict[int, tuple[weakref.ref[pd.DataFrame], dict[tuple[object, ...], Any]]] = {}


def _forget(key: int) -> Callable[[weakref.ref[pd.DataFrame]], None]:
    def callback(ref: weakref.ref[pd.DataFrame]) -> None:
        entry = _CACHE.get(key)
        if entry is not None and entry[0] is ref:
            del _CACHE[key]

    return callback


def memo(frame: pd.DataFrame, key: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()` for this frame and key, worked out on first use and kept while the frame lives."""
    entry = _CACHE.get(id(frame))
    if entry is None or entry[0]() is not frame:
        entry = (weakref.ref(frame, _forget(id(frame))), {})
        _CACHE[id(frame)] = entry
    store = entry[1]
    full_key = (*key, len(frame))
    if full_key not in store:
        store[full_key] = make()
    return store[full_key]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Codes:
    """A column as integer codes: -1 where empty, else a position in `texts`."""

    codes: np.ndarray  # the smallest signed integer type that holds them, one per row
    texts: list[str]  # the distinct values as text, sorted (Python string order)


def _ranked_text(values: pd.Series) -> tuple[np.ndarray, Any]:
    """Each value's rank among the distinct texts of the values (-1 where empty), and those
    texts in order (an Arrow array). Values are turned into text as `astype("str")` does and
    sorted by Arrow: byte order of UTF-8, which is the order `sorted()` gives. Values with
    the same text share a rank."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    texts = pa.array(
        pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype("str").to_numpy(),
        type=pa.large_string(),
    )
    order = pc.sort_indices(texts)
    ordered = texts.take(order)
    fresh = np.ones(len(ordered), dtype=bool)
    if len(ordered) > 1:
        fresh[1:] = pc.not_equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    rank = np.full(len(ordered) + 1, -1, dtype=np.int64)  # code -1 (empty) stays -1
    rank[order.to_numpy()] = np.cumsum(fresh) - 1
    return rank[np.asarray(codes, dtype=np.int64)], ordered.filter(pa.array(fresh))


def _text_codes(values: pd.Series) -> Codes:
    codes, distinct = _ranked_text(values)
    return Codes(codes.astype(small_code_type(len(distinct))), distinct.to_pylist())


def small_code_type(distinct: int) -> np.dtype:
    """The smallest signed integer type for codes -1 .. `distinct` (one spare, for a label
    such as "unknown" added later): a council code is one byte per record, not eight,
    kept while the dataset lives."""
    for kind in (np.int8, np.int16, np.int32):
        if distinct < np.iinfo(kind).max:
            return np.dtype(kind)
    return np.dtype(np.int64)


def text_codes(frame: pd.DataFrame, column: str) -> Codes:
    """The column's values as codes in the order of their text (as `sorted()` orders it),
    whether the column arrives as Arrow text, a Categorical or numbers."""
    return memo(frame, ("text", column), lambda: _text_codes(frame[column]))


def councils(frame: pd.DataFrame) -> Codes:
    """`la_code` as codes: each record's council as a small integer."""
    return text_codes(frame, "la_code")


def person_keys(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """A person (council and id: ids are the council's own) as one int64 per record, equal
    for the same person, and whether either part is empty. The numbering follows no order:
    for grouping and joining."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        council = councils(frame).codes
        values = frame[column]
        digits = _byte_codes(values)
        if digits is not None:
            person, people = digits
            if (len(councils(frame).texts) + 2) * (people + 2) < 2**62:
                return pair_keys(council, person, people), (council < 0) | (person < 0)
        if values.dtype == np.dtype(object):  # mixed values: the same text is the same id
            person, distinct = _ranked_text(values)
            people = len(distinct)
        else:  # one type: equal values are equal texts
            codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
            person, people = np.asarray(codes, dtype=np.int64), len(uniques)
        return pair_keys(council, person, people), (council < 0) | (person < 0)

    return memo(frame, ("person", column), make)


def _byte_codes(values: pd.Series) -> tuple[np.ndarray, int] | None:
    """Ids in Arrow text, as codes read straight from their bytes (`pm.data.text_codes`):
    equal exactly where the texts are equal ('007' is not '7'), with no hashing; -1 where
    empty. None for ids that do not fit (not ASCII, too long or too varied)."""
    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa

    from pm.data.text_codes import fixed_codes

    text = pa.array(values.array)  # the Arrow data pandas holds, without a copy
    if not len(text) or text.null_count == len(text):
        return None
    codes = fixed_codes(text)
    if codes is None:
        return None
    if text.null_count:
        codes = np.where(text.is_valid().to_numpy(zero_copy_only=False), codes, -1)
    return codes, int(codes.max()) + 1


def ordered_person_keys(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """As `person_keys`, numbered in the order of the text "council id": for adding up
    values person by person in the order pandas grouped them by that text."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        council = councils(frame).codes
        person, distinct = _ranked_text(frame[column])
        return pair_keys(council, person, len(distinct)), (council < 0) | (person < 0)

    return memo(frame, ("ordered person", column), make)


def sort_ranks(values: pd.Series) -> np.ndarray:
    """Each value's rank in the order `sort_values` puts them in (-1 where empty)."""
    codes, _ = pd.factorize(values, sort=True, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64)


def stable_order(keys: np.ndarray) -> np.ndarray:
    """`np.argsort(keys, kind="stable")` of int64 keys, the same order, found faster.

    numpy's stable sort of int64 is a timsort; its default sort is a vectorised quicksort,
    several times faster but not stable. Where (key - smallest) × n + position fits in an
    int64, those values are all different and sort in exactly the stable order, so the
    quicksort gives it. Otherwise the stable sort is used."""
    n = len(keys)
    if n < 2:
        return np.argsort(keys, kind="stable")
    low, high = int(keys.min()), int(keys.max())
    if (high - low + 1) * n >= 2**63:
        return np.argsort(keys, kind="stable")
    unique = (keys - low) * n
    unique += np.arange(n, dtype=np.int64)
    return np.argsort(unique)


def pair_keys(council: np.ndarray, person: np.ndarray, people: int) -> np.ndarray:
    """One int64 per (council, person) pair of codes, ordered as the pairs are (council
    first); an empty part is a value of its own, lower than any other."""
    # int64 first: council codes are small types, whose products would wrap around
    return (council.astype(np.int64) + 1) * (people + 1) + (person.astype(np.int64) + 1)


def sorted_person_keys(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """The frame's person keys sorted, with the rows in that order: for joining on them."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        keys, _ = person_keys(frame, column)
        order = stable_order(keys)
        return keys[order], order

    return memo(frame, ("sorted person", column), make)


def joint_person_keys(
    left: pd.DataFrame, left_column: str, right: pd.DataFrame, right_column: str
) -> tuple[np.ndarray, np.ndarray]:
    """Person keys of two different frames in one shared numbering (for joining them)."""
    council, _ = pd.factorize(
        pd.concat([left["la_code"].astype("str"), right["la_code"].astype("str")]),
        use_na_sentinel=True,
    )
    person, uniques = pd.factorize(
        pd.concat([left[left_column].astype("str"), right[right_column].astype("str")]),
        use_na_sentinel=True,
    )
    keys = pair_keys(np.asarray(council, np.int64), np.asarray(person, np.int64), len(uniques))
    return keys[: len(left)], keys[len(left) :]


def join_pairs(
    left_keys: np.ndarray, sorted_right: np.ndarray, right_order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (left row, right row) pair with equal keys, as two position arrays: an inner
    join done with a binary search in the sorted right keys."""
    low = np.searchsorted(sorted_right, left_keys, side="left")
    high = np.searchsorted(sorted_right, left_keys, side="right")
    return _pairs(low, high - low, right_order)


def person_runs(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each record, where the records of its person start among the frame's records
    sorted by person key, and how many there are; with that order. Worked out once per
    frame (one pass over the sorted keys), so that joining a frame's records to the same
    frame's people needs no search at all."""

    def make() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        person, _ = person_keys(frame, column)
        order = stable_order(person)
        ordered = person[order]
        fresh = np.ones(len(ordered), dtype=bool)
        fresh[1:] = ordered[1:] != ordered[:-1]
        del ordered
        starts = np.flatnonzero(fresh)
        sizes = np.diff(np.append(starts, len(fresh)))
        run = np.cumsum(fresh) - 1  # each sorted position's run
        # int32 (no extract has 2**31 records): kept while the frame lives, so kept small
        low = np.empty(len(fresh), dtype=np.int32)
        size = np.empty(len(fresh), dtype=np.int32)
        low[order] = starts[run]
        size[order] = sizes[run]
        return low, size, order.astype(np.int32)

    return memo(frame, ("person runs", column), make)


def join_same_people(
    frame: pd.DataFrame, column: str, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`join_pairs` of the records `rows` (positions) with every record of the same frame
    whose person key is equal: the same pairs, in the same order, read from
    `person_runs` instead of searched for."""
    low, size, order = person_runs(frame, column)
    return _pairs(low[rows].astype(np.int64), size[rows].astype(np.int64), order)


def _pairs(
    low: np.ndarray, sizes: np.ndarray, right_order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each left row paired with the `sizes` right rows found from sorted position `low`."""
    left_rows = np.repeat(np.arange(len(low), dtype=np.int64), sizes)
    starts = np.repeat(low - (np.cumsum(sizes) - sizes), sizes)
    right_rows = right_order[starts + np.arange(len(left_rows), dtype=np.int64)]
    return left_rows, right_rows.astype(np.int64, copy=False)
