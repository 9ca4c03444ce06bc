"""Text ids read as integers from their bytes (pm.data.text_codes), and the repeated ids
found with them: checked against plain pandas on the same texts."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from engine_helpers import read
from hypothesis import given, settings
from hypothesis import strategies as st

from pm.data.text_codes import fixed_codes, rising

APE = "adult_protection_enquiries"
HEADER = "enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report"
COUNCILS = ["W06000015", "W06000011", "W06000001"]


def _codes(values: list[str | None], chunks: int = 1) -> np.ndarray | None:
    size = max(1, -(-len(values) // chunks))
    parts = [values[i : i + size] for i in range(0, len(values), size)] or [[]]
    return fixed_codes(pa.chunked_array([pa.array(p, pa.large_string()) for p in parts]))


def test_codes_are_equal_exactly_where_texts_are_and_keep_leading_zeros_apart() -> None:
    values = ["P0031388", "P0031388", "7", "007", "07", None, "Q1", None, "P0031389", " 7", ""]
    codes = _codes(values, chunks=3)
    assert codes is not None
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            assert (codes[i] == codes[j]) == ((a or "") == (b or "")), (a, b)  # missing: ""


def test_codes_follow_the_order_of_the_texts_padded_to_one_width() -> None:
    values = ["9", "10", "P0000002", "P0000010", "A", "B7"]
    codes = _codes(values)
    assert codes is not None
    width = max(len(v) for v in values)
    by_text = sorted(range(len(values)), key=lambda i: values[i].rjust(width))
    assert np.argsort(codes, kind="stable").tolist() == by_text


def test_ids_that_do_not_fit_are_left_to_hashing() -> None:
    assert _codes(["Llanelli-é1", "Llanelli-e1"]) is None  # not ASCII
    assert _codes(["X" * 33]) is None  # too long
    varied = ["".join(random.Random(i).choice("abcdefghij") for _ in range(30)) for i in range(50)]
    assert _codes(varied) is None  # 30 varying positions do not fit in 63 bits
    assert _codes([]) is not None and len(_codes([])) == 0  # type: ignore[arg-type]


def test_rising() -> None:
    assert rising(np.array([1, 2, 5])) and rising(np.array([3])) and rising(np.array([]))
    assert not rising(np.array([1, 1, 2])) and not rising(np.array([2, 1]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(alphabet="AB09 é", min_size=1, max_size=6)),
        max_size=40,
    )
)
def test_codes_agree_with_the_texts_for_any_values(raw: list[str | None]) -> None:
    values = list(raw)  # untrimmed too: " A" and "A" stay apart
    codes = _codes(values, chunks=3)
    if codes is None:
        return
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            assert (codes[i] == codes[j]) == ((a or "") == (b or ""))


def _rows(count: int, seed: int) -> list[list[str]]:
    """Records with text ids, some ids given twice (in the same or another council)."""
    chooser = random.Random(seed)
    rows = []
    for number in range(count):
        council = chooser.choice(COUNCILS)
        rows.append([f"E{number:07d}", f"P{chooser.randrange(500):07d}", council])
    for _ in range(count // 10):
        again = list(chooser.choice(rows))
        if chooser.random() < 0.5:
            again[2] = chooser.choice(COUNCILS)
        rows.append(again)
    return rows


@pytest.mark.parametrize("order", ["id order", "shuffled", "reversed"])
def test_repeated_text_ids_are_those_pandas_finds(tmp_path: Path, order: str) -> None:
    rows = _rows(400, seed=7)
    if order == "shuffled":
        random.Random(3).shuffle(rows)
    elif order == "reversed":
        rows.reverse()
    lines = [f"{e},{p},{c},2023-06-01,2023-06-12,70" for e, p, c in rows]
    (tmp_path / f"{APE}.csv").write_text(HEADER + "\n" + "\n".join(lines) + "\n")
    found = read(tmp_path, [APE])
    frame = pd.DataFrame(rows, columns=["enquiry_id", "person_id", "la_code"])
    expected = frame.duplicated(["la_code", "enquiry_id"], keep="first")
    reported = sorted(f.line for f in found.findings if f.code == "duplicate_id")
    assert reported == [i + 2 for i in np.flatnonzero(expected.to_numpy())]
    kept = found.datasets[APE].frame
    assert len(kept) == int((~expected).sum())
    assert sorted(kept["la_code"].astype(str) + kept["enquiry_id"]) == sorted(
        frame.loc[~expected, "la_code"] + frame.loc[~expected, "enquiry_id"]
    )


def test_person_keys_of_text_ids_are_equal_exactly_for_the_same_person() -> None:
    from pm.engine.keys import person_keys

    ids = ["P1", " P1", None, "", "P1", "007", "7", "P1"]
    councils = ["W06000015"] * 7 + ["W06000011"]
    frame = pd.DataFrame({"la_code": councils, "person_id": pd.Series(ids, dtype="str")})
    keys, missing = person_keys(frame, "person_id")
    assert missing.tolist() == [v is None for v in ids]
    for i in range(len(ids)):
        for j in range(len(ids)):
            if not (missing[i] or missing[j]):
                same = (ids[i], councils[i]) == (ids[j], councils[j])
                assert (keys[i] == keys[j]) == same, (ids[i], ids[j])
