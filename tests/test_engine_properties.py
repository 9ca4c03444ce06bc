"""Properties of the engine that must hold for any extract: the order of rows and the way an
extract is split into files change nothing; percentages stay within their denominators;
Wales adds up its councils; and the same input gives the same bytes.

Generated extracts cover a working-day measure (PM18), related records (PM27) and persons
counted once by their earliest record (PM23), over three councils.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
from engine_helpers import (
    CARDIFF,
    COLUMNS,
    NEWPORT,
    SWANSEA,
    WALES,
    compute_folder,
    definitions,
    write_extract,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pm.definitions.vocab import IndicatorType
from pm.outputs import table_bytes

INDICATORS = ["PM18", "PM23", "PM27"]
COUNCILS = [CARDIFF, SWANSEA, NEWPORT]
BASE = dt.date(2022, 9, 1)  # generated dates run from here to the end of 2024-25's first months

FAST = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _date(offset: int) -> str:
    return (BASE + dt.timedelta(days=offset)).isoformat()


@st.composite
def enquiries(draw: st.DrawFn) -> list[tuple[str, ...]]:
    rows = []
    for number in range(draw(st.integers(1, 25))):
        received = draw(st.integers(0, 600))
        # mostly completed a few days later; sometimes open; sometimes (a data-quality error) before
        took = draw(st.one_of(st.none(), st.integers(-2, 25)))
        rows.append(
            (
                f"E{number:03d}",
                f"P{draw(st.integers(0, 9))}",
                draw(st.sampled_from(COUNCILS)),
                _date(received),
                "" if took is None else _date(received + took),
                str(draw(st.integers(18, 99))),
            )
        )
    return rows


@st.composite
def registrations(draw: st.DrawFn) -> list[tuple[str, ...]]:
    rows = []
    for number in range(draw(st.integers(1, 20))):
        start = draw(st.integers(0, 600))
        length = draw(st.one_of(st.none(), st.integers(0, 200)))
        rows.append(
            (
                f"G{number:03d}",
                f"C{draw(st.integers(0, 4))}",
                draw(st.sampled_from(COUNCILS)),
                _date(start),
                "" if length is None else _date(start + length),
            )
        )
    return rows


@st.composite
def contacts(draw: st.DrawFn) -> list[tuple[str, ...]]:
    rows = []
    outcomes = [
        "advice_assistance",
        "advice_assistance",
        "assessment",
        "signposted",
        "no_further_action",
    ]
    for number in range(draw(st.integers(1, 25))):
        rows.append(
            (
                f"K{number:03d}",
                f"P{draw(st.integers(0, 5))}",
                draw(st.sampled_from(COUNCILS)),
                _date(draw(st.integers(0, 480))),
                str(draw(st.sampled_from([16, 17, 18, 45, 80]))),
                draw(st.sampled_from(outcomes)),
            )
        )
    return rows


extracts = st.fixed_dictionaries(
    {
        "adult_protection_enquiries": enquiries(),
        "cpr_registrations": registrations(),
        "iaa_contacts": contacts(),
    }
)


def _write_all(folder: Path, data: dict[str, list[tuple[str, ...]]]) -> Path:
    for dataset, rows in data.items():
        write_extract(folder, dataset, rows)
    return folder


def _compute(folder: Path) -> pd.DataFrame:
    return compute_folder(folder, INDICATORS)


@FAST
@given(data=extracts, order=st.randoms(use_true_random=False))
def test_shuffling_the_rows_of_an_extract_changes_nothing(data: dict, order) -> None:  # type: ignore[no-untyped-def]
    shuffled = {}
    for dataset, rows in data.items():
        rows = list(rows)
        order.shuffle(rows)
        shuffled[dataset] = rows
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        before = _compute(_write_all(Path(first), data))
        after = _compute(_write_all(Path(second), shuffled))
    pd.testing.assert_frame_equal(before, after)


@FAST
@given(data=extracts, cuts=st.lists(st.integers(0, 25), min_size=1, max_size=3))
def test_splitting_an_extract_into_part_files_changes_nothing(data: dict, cuts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        whole = _compute(_write_all(Path(first), data))
        folder = Path(second)
        for dataset, rows in data.items():
            edges = sorted({0, len(rows), *(min(c, len(rows)) for c in cuts)})
            for part, (start, end) in enumerate(zip(edges, edges[1:], strict=False), start=1):
                write_extract(
                    folder,
                    dataset,
                    rows[start:end],
                    COLUMNS[dataset],
                    name=f"{dataset}/part{part}.csv",
                )
        split = _compute(folder)
    pd.testing.assert_frame_equal(whole, split)


@FAST
@given(data=extracts)
def test_numerators_never_exceed_denominators_and_wales_needs_every_council(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = _compute(_write_all(Path(folder), data))
    defs = definitions()
    for indicator in INDICATORS:
        rows = table[table["indicator"] == indicator]
        if defs.indicators[indicator].type is IndicatorType.percentage:
            counted = rows.dropna(subset=["numerator", "denominator"])
            assert (counted["numerator"] <= counted["denominator"]).all()
            assert (counted["numerator"] >= 0).all()
            shown = rows.dropna(subset=["value"])
            assert ((shown["value"] >= 0) & (shown["value"] <= 100)).all()
            assert not rows["status"].str.startswith("error").any()
        absent = rows[rows["coverage"] == "none"]
        assert absent["numerator"].isna().all() and absent["value"].isna().all()
        assert (absent["status"] == "no_data").all()
        for breakdown, group in rows.groupby("breakdown"):
            councils = group[group["area"] != WALES]
            wales = group[group["area"] == WALES]
            assert len(wales) == 1, (indicator, breakdown)
            if wales["coverage"].iloc[0] == "full":
                assert (councils["coverage"] == "full").all()
                assert wales["numerator"].iloc[0] == councils["numerator"].sum(), (
                    indicator,
                    breakdown,
                )
                assert wales["denominator"].iloc[0] == councils["denominator"].sum(), (
                    indicator,
                    breakdown,
                )
            else:  # a council is not in the extracts: Wales would only be the others
                assert (councils["coverage"] == "none").any(), (indicator, breakdown)
                assert pd.isna(wales["value"].iloc[0]), (indicator, breakdown)


@FAST
@given(data=extracts)
def test_the_same_input_gives_byte_identical_results(data: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write_all(Path(folder), data)
        first = table_bytes(_compute(path), ".csv")
        second = table_bytes(_compute(path), ".csv")
    assert first == second
