"""The integer keys and array helpers behind the fast engine (issue 9) give what the pandas
operations they replaced gave: grouping, ordering, joining and picking one record per person.

No timings here (speed is measured by `make bench`); each helper is checked against the
plain pandas way of doing the same thing, or against values worked out by hand.
"""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest

from pm.calendar import dates
from pm.engine import keys
from pm.engine.aggregate import Cells, _first_valid
from pm.engine.related import one_per_person as _one_per_person


def _frame(councils: list[str | None], people: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {"la_code": pd.Series(councils, dtype="str"), "person_id": pd.Series(people, dtype="str")}
    )


# --- the cache: one entry per frame, never another frame's -----------------------------------


def test_codes_are_worked_out_once_per_frame() -> None:
    frame = _frame(["W2", "W1", "W2"], ["a", "b", "a"])
    first = keys.councils(frame)
    assert keys.councils(frame) is first  # served from the cache
    assert first.texts == ["W1", "W2"] and first.codes.tolist() == [1, 0, 1]


def test_a_frame_with_other_values_gets_its_own_codes() -> None:
    one = _frame(["W1", "W2"], ["a", "b"])
    other = _frame(["W3", "W3"], ["a", "b"])
    assert keys.councils(one).texts == ["W1", "W2"]
    assert keys.councils(other).texts == ["W3"]
    assert keys.councils(other).codes.tolist() == [0, 0]
    assert keys.councils(one).codes.tolist() == [0, 1]


def test_the_entry_goes_with_its_frame() -> None:
    frame = _frame(["W1"], ["a"])
    keys.councils(frame)
    address = id(frame)
    assert address in keys._CACHE
    del frame
    gc.collect()
    assert address not in keys._CACHE  # so a new frame at that address starts afresh


def test_an_entry_is_not_served_for_a_different_frame_at_the_same_address() -> None:
    frame = _frame(["W1"], ["a"])
    # what a stale entry would look like: the address of `frame`, held for a frame now gone
    gone = _frame(["W9"], ["z"])
    keys.memo(gone, ("text", "la_code"), lambda: keys.Codes(np.array([0]), ["W9"]))
    keys._CACHE[id(frame)] = keys._CACHE.pop(id(gone))
    assert keys.councils(frame).texts == ["W1"]


# --- codes in text order -----------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(["b", None, "a", "B", "b", "é"], dtype="str"),
        pd.Series(pd.Categorical(["b", None, "a", "B", "b", "é"], categories=["é", "b", "a", "B"])),
        pd.Series(["b", None, "a", "B", "b", "é"], dtype=object),
    ],
)
def test_text_codes_follow_the_order_of_sorted_text(values: pd.Series) -> None:
    found = keys.text_codes(pd.DataFrame({"c": values}), "c")
    assert found.texts == ["B", "a", "b", "é"]  # Python's order: capitals first
    assert found.codes.tolist() == [2, -1, 1, 0, 2, 3]


def test_text_codes_of_numbers_follow_their_text() -> None:
    found = keys.text_codes(pd.DataFrame({"c": pd.array([10, 9, None, 10], dtype="Int64")}), "c")
    assert found.texts == ["10", "9"]  # as text, "10" comes before "9"
    assert found.codes.tolist() == [0, 1, -1, 0]


def test_values_with_the_same_text_share_a_code() -> None:
    found = keys.text_codes(pd.DataFrame({"c": pd.Series([1, "1", 2, None], dtype=object)}), "c")
    assert found.texts == ["1", "2"]
    assert found.codes.tolist() == [0, 0, 1, -1]


def test_ordered_person_keys_sort_as_the_council_and_id_text() -> None:
    rng = np.random.default_rng(7)
    councils = rng.choice(["W06000001", "W06000015", "W06000002", None], 400).tolist()
    people = rng.choice(["1", "10", "2", "a", "A", "ab", None], 400).tolist()
    frame = _frame(councils, people)
    found, missing = keys.ordered_person_keys(frame, "person_id")
    text = frame["la_code"] + "\x1f" + frame["person_id"]  # the key pandas grouped on
    assert missing.tolist() == text.isna().tolist()
    known = ~missing
    expected_rank = pd.factorize(text[known], sort=True)[0]
    found_rank = pd.factorize(found[known], sort=True)[0]
    assert found_rank.tolist() == expected_rank.tolist()


def test_person_keys_tell_people_apart_by_council_and_id() -> None:
    frame = _frame(["W1", "W1", "W2", "W1", None], ["a", "b", "a", "a", "a"])
    found, missing = keys.person_keys(frame, "person_id")
    assert found[0] == found[3]  # same council, same id
    assert found[0] != found[1] and found[0] != found[2]  # another id; the same id elsewhere
    assert missing.tolist() == [False, False, False, False, True]


@pytest.mark.parametrize(
    "people",
    [
        # 17 varying positions do not fit in 63 bits: hashed as text
        ["007", "7", "007", "0070", None, "7", "12345678901234567"],
        ["007", "7", "007", "0070", None, "7", "x1"],  # short ids: read from their bytes
    ],
)
def test_person_keys_from_digits_equal_exactly_where_the_text_is_equal(
    people: list[str | None],
) -> None:
    frame = _frame(["W1", "W1", "W1", "W1", "W1", "W2", "W1"], people)
    assert (keys._byte_codes(frame["person_id"]) is None) == (people[-1] != "x1")
    found, missing = keys.person_keys(frame, "person_id")
    text = (frame["la_code"] + " " + frame["person_id"]).tolist()
    for i in range(len(people)):
        for j in range(len(people)):
            if not (missing[i] or missing[j]):
                assert (found[i] == found[j]) == (text[i] == text[j]), (i, j)
    assert missing.tolist() == [False, False, False, False, True, False, False]


def test_person_keys_of_mixed_values_go_by_their_text() -> None:
    frame = pd.DataFrame({"la_code": ["W1", "W1", "W1"], "person_id": [7, "7", "8"]})
    found, _ = keys.person_keys(frame, "person_id")
    assert found[0] == found[1] != found[2]  # as the text key "W1 7" made them one person


def test_sort_ranks_follow_sort_values() -> None:
    values = pd.Series(pd.to_datetime(["2024-01-02", None, "2023-05-01", "2024-01-02"]))
    assert keys.sort_ranks(values).tolist() == [1, -1, 0, 1]


# --- the join on person keys -------------------------------------------------------------


def test_join_pairs_matches_an_inner_merge() -> None:
    rng = np.random.default_rng(3)
    left = rng.integers(0, 30, 200)
    right = rng.integers(0, 30, 300)
    order = np.argsort(right, kind="stable")
    mine, theirs = keys.join_pairs(left, right[order], order)
    merged = pd.DataFrame({"k": left, "l": np.arange(200)}).merge(
        pd.DataFrame({"k": right, "r": np.arange(300)}), on="k"
    )
    assert sorted(zip(mine.tolist(), theirs.tolist(), strict=True)) == sorted(
        zip(merged["l"], merged["r"], strict=True)
    )
    assert (left[mine] == right[theirs]).all()


@pytest.mark.parametrize("seed", range(6))
def test_join_pairs_matches_a_pandas_merge_on_random_keys(seed: int) -> None:
    """Keys repeated on both sides, keys found on one side only, keys far apart (person keys
    are large int64), and sides of any size, empty included: the same pairs as pandas'
    inner merge, which hashes the keys."""
    rng = np.random.default_rng(seed)
    sizes = [(0, 5), (5, 0), (1, 1), (50, 80), (400, 300), (1_000, 2_000)][seed]
    spread = [2, 3, 1, 40, 250, 2**40][seed]  # few distinct keys (many repeats) to many
    left = rng.integers(-1, spread, sizes[0]) * 7_919  # -1: a key with an empty part
    right = rng.integers(0, spread + 5, sizes[1]) * 7_919  # keys the left has not
    order = np.argsort(right, kind="stable")
    mine, theirs = keys.join_pairs(left, right[order], order)
    assert mine.dtype.kind == theirs.dtype.kind == "i"
    merged = pd.DataFrame({"k": left, "l": np.arange(len(left))}).merge(
        pd.DataFrame({"k": right, "r": np.arange(len(right))}), on="k", how="inner"
    )
    expected = sorted(zip(merged["l"].tolist(), merged["r"].tolist(), strict=True))
    assert sorted(zip(mine.tolist(), theirs.tolist(), strict=True)) == expected
    assert len(expected) == len(mine)  # every pair once


@pytest.mark.parametrize("seed", range(4))
def test_joining_a_frame_to_its_own_people_gives_the_searched_pairs(seed: int) -> None:
    """`join_same_people` reads each person's run of records, found once per frame; it
    gives the pairs, in the order, that the binary search gives, and a pandas merge's."""
    rng = np.random.default_rng(seed)
    size = [0, 1, 60, 3_000][seed]
    councils = rng.choice(["W1", "W2", None], size, p=[0.5, 0.45, 0.05]).tolist()
    people = [None if rng.random() < 0.05 else f"P{v:03d}" for v in rng.integers(0, 40, size)]
    frame = _frame(councils, people)
    rows = rng.permutation(size)[: size // 2]  # a period's records, in any order
    mine, theirs = keys.join_same_people(frame, "person_id", rows)
    person, _ = keys.person_keys(frame, "person_id")
    ordered, order = keys.sorted_person_keys(frame, "person_id")
    searched = keys.join_pairs(person[rows], ordered, order)
    assert mine.tolist() == searched[0].tolist() and theirs.tolist() == searched[1].tolist()
    merged = pd.DataFrame({"k": person[rows], "l": np.arange(len(rows))}).merge(
        pd.DataFrame({"k": person, "r": np.arange(size)}), on="k"
    )
    assert sorted(zip(mine.tolist(), theirs.tolist(), strict=True)) == sorted(
        zip(merged["l"].tolist(), merged["r"].tolist(), strict=True)
    )


def test_joint_keys_match_equal_people_of_two_frames_and_empty_with_empty() -> None:
    left = _frame(["W1", "W1", None], ["a", "b", "a"])
    right = _frame(["W1", "W2", None, "W1"], ["b", "a", "a", "a"])
    mine, theirs = keys.joint_person_keys(left, "person_id", right, "person_id")
    assert mine[0] == theirs[3] and mine[1] == theirs[0]
    assert mine[2] == theirs[2]  # pandas' merge pairs empty keys with empty keys too
    assert mine[0] != theirs[1]


# --- one record per person ---------------------------------------------------------------


def _by_pandas(person: list, by: list, tie: list, latest: bool) -> list[int]:
    """The pick as the engine made it before: a stable sort, then drop_duplicates."""
    frame = pd.DataFrame(
        {"person": pd.Series(person, dtype="str"), "by": pd.to_datetime(by), "tie": tie}
    )
    order = frame.sort_values(
        ["person", "by", "tie"], kind="stable", na_position="first" if latest else "last"
    )
    return sorted(order.drop_duplicates("person", keep="last" if latest else "first").index)


@pytest.mark.parametrize("latest", [True, False])
@pytest.mark.parametrize("seed", range(5))
def test_one_record_per_person_as_pandas_picked_it(latest: bool, seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = 300
    person = rng.choice(["p1", "p2", "p3", "p4", None], size).tolist()
    by = rng.choice(["2023-04-01", "2023-05-01", "2023-06-01", None], size).tolist()
    tie = pd.Series(rng.choice(["r1", "r2", "r10", None], size).tolist(), dtype="str")
    codes = pd.factorize(pd.Series(person, dtype="str"))[0]  # -1 for an empty person
    picked = _one_per_person(
        np.asarray(codes, dtype=np.int64), pd.Series(pd.to_datetime(by)), tie, latest
    )
    assert sorted(picked.tolist()) == _by_pandas(person, by, tie.tolist(), latest)


def test_the_latest_record_wins_and_ties_go_to_the_record_id() -> None:
    person = np.array([0, 0, 0, 1], dtype=np.int64)
    by = pd.Series(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-02-01", None]))
    tie = pd.Series(["b", "c", "a", "x"], dtype="str")
    assert sorted(_one_per_person(person, by, tie, latest=True).tolist()) == [1, 3]
    assert sorted(_one_per_person(person, by, tie, latest=False).tolist()) == [0, 3]


# --- figures from arrays -----------------------------------------------------------------


def test_first_valid_skips_empty_values_like_groupby_first() -> None:
    values = np.array([np.nan, 2.0, 3.0, np.nan, np.nan, 6.0])
    starts = np.array([0, 3, 4])  # groups [nan, 2, 3], [nan], [nan, 6]
    found = _first_valid(values, ~np.isnan(values), starts, np.nan)
    assert found[0] == 2.0 and np.isnan(found[1]) and found[2] == 6.0


@pytest.mark.parametrize(
    "column",
    [
        np.array([1.0, 2.0, np.nan, 4.0, np.nan, np.nan]),  # whole numbers: added by numpy
        np.array([0.1, 0.2, np.nan, 0.3, 1e16, np.nan]),  # fractions: added by pandas
    ],
)
def test_sum_over_councils_is_pandas_sum_with_min_count(column: np.ndarray) -> None:
    cells = Cells(areas=3, labels=2)  # rows: council 0 (labels 0, 1), council 1, council 2
    labels = np.tile(np.arange(2), 3)
    expected = pd.Series(column).groupby(labels).sum(min_count=1).to_numpy()
    found = cells.sum_over_areas(column)
    np.testing.assert_array_equal(found, expected)
    assert cells.sum_over_areas(np.array([1.0, np.nan, 2.0, np.nan, 4.0, np.nan])).tolist()[0] == 7


# --- moving dates by months through a table of the column's days ------------------------


def test_add_months_by_table_equals_day_by_day() -> None:
    rng = np.random.default_rng(11)
    days = rng.integers(18000, 19500, 5000)  # many rows over a short span: the table is used
    for months in (1, 6, -13, 0):
        expected = dates._add_months_to_each_day(days, np.full(len(days), months))
        np.testing.assert_array_equal(dates._add_months_to_days(days, months), expected)


def test_add_months_with_one_step_keeps_missing_dates_missing() -> None:
    values = pd.Series(pd.to_datetime(["2024-01-31", None, "2023-08-31"] * 400))
    moved = dates.add_months(values, 6)
    assert moved.iloc[0] == pd.Timestamp("2024-07-31")
    assert pd.isna(moved.iloc[1])
    assert moved.iloc[2] == pd.Timestamp("2024-02-29")
    steps = pd.Series(pd.array([1, None, 1] * 400, dtype="Int64"))
    moved = dates.add_months(values, steps)
    assert moved.iloc[0] == pd.Timestamp("2024-02-29") and pd.isna(moved.iloc[1])


@pytest.mark.parametrize("seed", range(6))
def test_stable_order_is_numpys_stable_argsort(seed: int) -> None:
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 3000))
    spread = [1, 3, 50, 10**6, 2**40, 2**62][seed]  # many ties .. too wide for the fast way
    found = rng.integers(-spread, spread, size=size, dtype=np.int64)
    assert np.array_equal(keys.stable_order(found), np.argsort(found, kind="stable"))


def test_small_council_codes_do_not_wrap_in_person_keys() -> None:
    council = np.array([21, -1, 0], dtype=np.int8)  # codes of 22 councils fit in a byte
    person = np.array([3_999_999, 5, -1], dtype=np.int64)
    found = keys.pair_keys(council, person, 4_000_000)
    # by hand: (council + 1) × 4,000,001 + (person + 1)
    assert found.tolist() == [22 * 4_000_001 + 4_000_000, 0 * 4_000_001 + 6, 1 * 4_000_001 + 0]


@pytest.mark.parametrize(
    ("distinct", "kind"),
    [(0, np.int8), (126, np.int8), (127, np.int16), (32_766, np.int16), (32_767, np.int32)],
)
def test_small_code_type_leaves_room_for_one_more_label(distinct: int, kind: type) -> None:
    assert keys.small_code_type(distinct) == np.dtype(kind)
    assert distinct <= np.iinfo(kind).max - 1  # "unknown" added as code `distinct` still fits


def test_council_codes_are_one_byte_and_keep_their_order() -> None:
    frame = pd.DataFrame({"la_code": pd.Series(["W3", None, "W1", "W2", "W1"], dtype="str")})
    found = keys.councils(frame)
    assert found.codes.dtype == np.int8
    assert found.codes.tolist() == [2, -1, 0, 1, 0] and found.texts == ["W1", "W2", "W3"]
