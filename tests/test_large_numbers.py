"""Issue 14 §6, numbers beyond 64 bits: an integer that does not fit is a data-quality finding
for its record (the other records carry on), and a sum too large to add up exactly is an
error for that figure alone, never a wrapped or rounded value."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from engine_helpers import (
    CARDIFF,
    SWANSEA,
    WALES,
    compute_folder,
    read,
    row,
    run_pm,
    write_extract,
)

from pm.data.numbers import read_numbers
from pm.engine import statistics

INT64_MAX = 2**63 - 1
APE = "adult_protection_enquiries"
TOO_BIG = [
    "99999999999999999999",  # the age
    "-99999999999999999999",
    "9223372036854775808",  # 2**63: one past the largest 64-bit integer
    "1e30",  # a huge float where an integer is expected
    "1e400",  # beyond any float
]


def _text(values: list[str | None]) -> pd.Series:
    return pd.Series(values, dtype="str")


# --- reading one value ---------------------------------------------------------------------


@pytest.mark.parametrize("value", TOO_BIG)
def test_an_integer_beyond_64_bits_is_too_large_not_wrapped(value: str) -> None:
    read_ = read_numbers(_text(["12", value]), integer=True)
    assert read_.too_large.tolist() == [False, True]
    assert read_.invalid.tolist() == [False, False]
    assert read_.values.tolist() == [12, pd.NA]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (str(INT64_MAX), INT64_MAX),
        (str(-(2**63)), -(2**63)),
        ("9007199254740993", 2**53 + 1),  # not a float: read again from the text, exactly
        ("1.5e18", 1_500_000_000_000_000_000),
        ("12345678901234567890"[:19], 1234567890123456789),
    ],
)
def test_the_largest_64_bit_integers_are_kept_to_the_last_digit(value: str, expected: int) -> None:
    read_ = read_numbers(_text([value]), integer=True)
    assert not read_.too_large.any() and not read_.invalid.any()
    assert read_.values.dtype == "Int64"
    assert int(read_.values.iloc[0]) == expected


@pytest.mark.parametrize("value", ["9007199254740993.5", "1.5", "inf", "nan", "seventy"])
def test_a_value_that_is_not_a_whole_number_is_invalid(value: str) -> None:
    read_ = read_numbers(_text([value]), integer=True)
    assert read_.invalid.tolist() == [True]
    assert read_.too_large.tolist() == [False]


def test_a_number_column_refuses_infinity_and_keeps_large_finite_values() -> None:
    read_ = read_numbers(_text(["1e400", "-1e400", "inf", "1e300", "2.5", None]), integer=False)
    assert read_.too_large.tolist() == [True, True, False, False, False, False]
    assert read_.invalid.tolist() == [False, False, True, False, False, False]
    assert read_.values.tolist()[3:5] == [1e300, 2.5]


# --- a record with such a value is left out, with a finding --------------------------------

COLUMN_CASES = [
    # dataset, header, a good row, a row with the value put in, the column
    (
        APE,
        "enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report",
        "E1,P1,W06000015,2023-06-01,2023-06-05,70",
        "E2,P2,W06000015,2023-06-01,2023-06-05,{}",
        "age_at_report",
    ),
    (
        "delayed_transfers",
        "person_id,la_code,census_date,age,delay_reason_category",
        "P1,W06000015,2023-06-15,80,social_care",
        "P2,W06000015,2023-06-15,{},social_care",
        "age",
    ),
    (
        "population",
        "la_code,year,age,sex,population",
        "W06000015,2023,80,F,1000",
        "W06000015,2023,81,F,{}",
        "population",
    ),
    (
        "population",
        "la_code,year,age,sex,population",
        "W06000015,2023,80,F,1000",
        "W06000015,{},81,F,1000",
        "year",
    ),
    (
        "looked_after_education",
        "child_id,la_code,snapshot_date,school_changes_non_transitional,ks2_csi,ks4_csi",
        "C1,W06000015,2024-03-31,1,,",
        "C2,W06000015,2024-03-31,{},,",
        "school_changes_non_transitional",
    ),
]


@pytest.mark.parametrize("value", TOO_BIG)
@pytest.mark.parametrize(("dataset", "header", "good", "bad", "column"), COLUMN_CASES)
def test_an_integer_that_does_not_fit_is_a_finding_and_its_record_is_left_out(
    tmp_path: Path, dataset: str, header: str, good: str, bad: str, column: str, value: str
) -> None:
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / f"{dataset}.csv").write_text(f"{header}\n{good}\n{bad.format(value)}\n")
    found = read(folder, [dataset])
    [finding] = found.findings
    assert (finding.file, finding.line, finding.column, finding.code, finding.value) == (
        f"{dataset}.csv",
        3,
        column,
        "number_too_large",
        value,
    )
    frame = found.datasets[dataset].frame
    assert len(frame) == 1  # the good record carries on
    assert frame["__line__"].tolist() == [2]
    advice = found.findings_frame()["advice"].iloc[0]
    assert "too large" in advice and "correct it in the source system" in advice


def test_an_absurd_age_stops_only_its_own_record_and_the_measure_carries_on(
    tmp_path: Path,
) -> None:
    # PM18: 3 Cardiff enquiries completed in 2023-24 within 7 working days, 1 not; a fifth
    # enquiry with an age of 99999999999999999999 is left out of numerator and denominator.
    rows = [
        ("E1", "P1", CARDIFF, "2023-06-01", "2023-06-02", 70),
        ("E2", "P2", CARDIFF, "2023-06-01", "2023-06-05", 71),
        ("E3", "P3", CARDIFF, "2023-06-01", "2023-06-06", 72),
        ("E4", "P4", CARDIFF, "2023-06-01", "2023-07-20", 73),
        ("E5", "P5", CARDIFF, "2023-06-01", "2023-06-02", "99999999999999999999"),
    ]
    folder = tmp_path / "extracts"
    write_extract(folder, APE, rows)
    table = compute_folder(folder, ["PM18"])
    cardiff = row(table, "PM18", CARDIFF)
    assert (cardiff["numerator"], cardiff["denominator"]) == (3, 4)
    assert not cardiff["status"].startswith("error")


# --- sums too large to be exact are an error for that figure only ------------------------


def _population(council: str, each: int | str) -> list[tuple[object, ...]]:
    """32 rows aged 75 to 90, both sexes, for the 2023 estimate."""
    return [(council, 2023, age, sex, each) for age in range(75, 91) for sex in ("F", "M")]


def test_32_population_rows_of_5e17_give_an_error_not_a_negative_denominator(
    tmp_path: Path,
) -> None:
    # Cardiff's 32 rows sum to 1.6e19, beyond 64 bits (a 64-bit sum wraps round to a
    # negative number). Swansea's 32 rows of 100 are 3,200 people, 2 delays: 0.625 per 1,000.
    folder = tmp_path / "extracts"
    write_extract(
        folder,
        "population",
        _population(CARDIFF, 500_000_000_000_000_000) + _population(SWANSEA, 100),
    )
    delays = [
        (f"P{n}", council, "2023-06-15", 80, "social_care")
        for n, council in enumerate([CARDIFF, CARDIFF, SWANSEA, SWANSEA])
    ]
    write_extract(folder, "delayed_transfers", delays)
    table = compute_folder(folder, ["PM19"])
    figure = row(table, "PM19", CARDIFF)
    assert figure["status"] == "error:number_too_large"
    assert pd.isna(figure["value"]) and pd.isna(figure["denominator"])
    assert pd.isna(figure["numerator"])
    assert_wales_has_no_figure(table, "PM19")
    swansea = row(table, "PM19", SWANSEA)
    assert (swansea["numerator"], swansea["denominator"]) == (2, 3200)
    assert swansea["value"] == pytest.approx(2 / 3200 * 1000)
    assert swansea["status"] in ("ok", "suppressed:small_numerator")


def test_a_population_sum_just_inside_the_exact_limit_is_kept(tmp_path: Path) -> None:
    # 32 rows of 2**48 = 2**53 exactly: the largest sum pm adds exactly.
    folder = tmp_path / "extracts"
    write_extract(folder, "population", _population(CARDIFF, 2**48))
    write_extract(folder, "delayed_transfers", [("P1", CARDIFF, "2023-06-15", 80, "social_care")])
    figure = row(compute_folder(folder, ["PM19"]), "PM19", CARDIFF)
    assert figure["denominator"] == 2**53
    assert not str(figure["status"]).startswith("error")


def assert_wales_has_no_figure(table: pd.DataFrame, indicator: str) -> None:
    """Two councils are not Wales: its row shows nothing (never a wrapped or partial sum)."""
    wales = row(table, indicator, WALES)
    assert wales["status"] in ("no_data", "error:number_too_large")
    assert pd.isna(wales["value"]) and pd.isna(wales["numerator"])


LOCAL = """id: {id}
framework: local
kind: quantitative
title: School changes {id}
short_title: School changes {id}
description: test
type: {type}
dataset: looked_after_education
period: {{rule: all_records}}
population: {{description: every child, include: [snapshot_date == period_end]}}
value: {{expression: school_changes_non_transitional, unit: changes, description: changes}}
unknown_values: exclude
polarity: none
links: {{quality_standards: [QS4], aspects: [education], national_outcomes: [education-1]}}
rba: how_much
measure_class: output
governance: {{owner: me, status: draft, version: '0.1', source: me, last_reviewed: 2026-01-01, next_review: 2027-01-01}}
"""


def _local_definitions(tmp_path: Path, kinds: dict[str, str]):  # type: ignore[no-untyped-def]
    from pm.definitions.loader import default_paths, load_definitions

    folder = tmp_path / "local"
    folder.mkdir()
    for ident, kind in kinds.items():
        (folder / f"{ident}.yaml").write_text(LOCAL.format(id=ident, type=kind))
    loaded = load_definitions([*default_paths(), folder])
    assert loaded.valid, [str(p) for p in loaded.sorted_problems()[:3]]
    return loaded


def _education(folder: Path, changes: dict[str, list[int]]) -> None:
    rows = [
        (f"C{council}{n}", council, "2024-03-31", value, "", "")
        for council, values in changes.items()
        for n, value in enumerate(values)
    ]
    columns = [
        "child_id",
        "la_code",
        "snapshot_date",
        "school_changes_non_transitional",
        "ks2_csi",
        "ks4_csi",
    ]
    write_extract(folder, "looked_after_education", rows, columns)


def _compute(definitions, folder: Path, ids: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    from pm.calendar import parse_period
    from pm.data.reader import read_extracts
    from pm.engine.compute import compute

    extracts = read_extracts(
        folder,
        definitions.datasets,
        ["looked_after_education"],
        set(definitions.reference.council_codes),
    )
    return compute(definitions, extracts, [parse_period("2023-24")], ids)


BIG = 4_000_000_000_000_000_000  # fits in 64 bits; three of them (1.2e19) do not


@pytest.mark.parametrize(("kind", "swansea"), [("count", 12.0), ("mean", 4.0)])
def test_a_sum_of_values_beyond_64_bits_is_an_error_for_that_council_only(
    tmp_path: Path, kind: str, swansea: float
) -> None:
    definitions = _local_definitions(tmp_path, {"BIGSUM": kind})
    folder = tmp_path / "extracts"
    _education(folder, {CARDIFF: [BIG, BIG, BIG], SWANSEA: [3, 4, 5]})
    table = _compute(definitions, folder, ["BIGSUM"])
    figure = row(table, "BIGSUM", CARDIFF)
    assert figure["status"] == "error:number_too_large"
    assert pd.isna(figure["value"]) and pd.isna(figure["numerator"])
    assert_wales_has_no_figure(table, "BIGSUM")
    figure = row(table, "BIGSUM", SWANSEA)
    assert not figure["status"].startswith("error")
    assert figure["value"] == swansea  # 3 + 4 + 5 = 12; 12 / 3 = 4


def test_a_median_of_values_beyond_exact_floats_is_an_error(tmp_path: Path) -> None:
    definitions = _local_definitions(tmp_path, {"BIGMED": "median"})
    folder = tmp_path / "extracts"
    _education(folder, {CARDIFF: [1, BIG, 2], SWANSEA: [3, 4, 5, 9]})
    table = _compute(definitions, folder, ["BIGMED"])
    assert row(table, "BIGMED", CARDIFF)["status"] == "error:number_too_large"
    assert_wales_has_no_figure(table, "BIGMED")
    assert row(table, "BIGMED", SWANSEA)["value"] == 4.5  # (4 + 5) / 2


@pytest.mark.parametrize(
    ("numerator", "denominator", "code"),
    [
        (2.0**53 + 2, 2.0**54, "number_too_large"),
        (1.0, np.inf, "number_too_large"),
        (np.inf, 10.0, "number_too_large"),
        (2.0**53, 2.0**53, ""),  # the limit itself is still exact
        (-1.0, 2.0**60, "number_too_large"),  # the first failing check wins
    ],
)
def test_check_inputs_names_numbers_too_large_to_be_exact(
    numerator: float, denominator: float, code: str
) -> None:
    assert statistics.check_inputs("rate", numerator, denominator).tolist() == code


def test_the_command_line_reports_the_finding_and_the_error_and_writes_the_rest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "extracts"
    write_extract(
        folder,
        "population",
        _population(CARDIFF, 500_000_000_000_000_000) + _population(SWANSEA, 100),
    )
    delays = [("P1", SWANSEA, "2023-06-15", 80, "social_care")]
    delays.append(("P2", SWANSEA, "2023-06-15", "99999999999999999999", "social_care"))
    delays.append(("P3", CARDIFF, "2023-06-15", 80, "social_care"))  # Cardiff is in the extract
    write_extract(folder, "delayed_transfers", delays)
    out = tmp_path / "out" / "results.csv"
    done = run_pm(["compute", str(folder), "--year", "2023-24", "-i", "PM19", "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    results = pd.read_csv(out, dtype=str, keep_default_na=False)
    by_area = results.set_index("area")
    assert by_area.loc[CARDIFF, "status"] == "error:number_too_large"
    assert by_area.loc[CARDIFF, "denominator"] == ""
    assert (by_area.loc[SWANSEA, "numerator"], by_area.loc[SWANSEA, "denominator"]) == ("1", "3200")
    quality = pd.read_csv(out.with_name("results.data-quality.csv"), dtype=str)
    assert quality[["line", "column", "code"]].values.tolist() == [["3", "age", "number_too_large"]]


@pytest.mark.parametrize(
    ("status", "numerator", "expected"),
    [
        ("no_data", 0.0, ("suppressed:secondary", True)),  # its 0 is shown: it must be hidden
        ("error:number_too_large", np.nan, ("error:number_too_large", False)),  # shows nothing
    ],
)
def test_secondary_suppression_hides_a_shown_complement_and_keeps_an_empty_error(
    status: str, numerator: float, expected: tuple[str, bool]
) -> None:
    # Cardiff's team A is suppressed; team B is its only complement within the council.
    from pm.engine.compute import ComputeOptions, _protect_lone_cells

    table = pd.DataFrame(
        {
            "area": [CARDIFF, CARDIFF, CARDIFF],
            "breakdown": ["", "team=A", "team=B"],
            "numerator": [3.0, 3.0, numerator],
            "suppressed": [False, True, False],
            "status": ["ok", "suppressed:small_numerator", status],
        }
    )
    found = _protect_lone_cells(table, ComputeOptions())
    assert (found["status"].iloc[2], bool(found["suppressed"].iloc[2])) == expected
    assert bool(found["suppressed"].iloc[1])
