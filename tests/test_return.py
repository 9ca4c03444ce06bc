"""pm.data_return: the rows of a council's return, its codes and parts, disclosure control,
rounding to the nearest 5 where a definition asks, and the validation summary, against
figures worked out by hand from the extracts of tests/return_helpers.py."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, SWANSEA
from return_helpers import (
    ASSESSMENTS,
    CONTACTS,
    DEFINITIONS,
    ENQUIRIES,
    write_data,
    write_definitions,
)

import pm
from pm.api.returning import ReturnMade
from pm.definitions.loader import load_definitions
from pm.returns.layout import RETURN_COLUMNS


@pytest.fixture(autouse=True)
def outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("return")
    return write_definitions(root / "definitions"), write_data(root / "data")


@pytest.fixture(scope="module")
def made(folders: tuple[Path, Path]) -> ReturnMade:
    definitions, data = folders
    return pm.data_return(
        data, framework="wales-2020", year="2024-25", area="Cardiff", definitions=definitions
    )


def _row(table: pd.DataFrame, indicator: str, part: str = "") -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["part"] == part)]
    assert len(hit) == 1, (indicator, part, len(hit))
    return hit.iloc[0]


def test_one_row_per_measure_and_part_in_order_parts_after_their_total(made: ReturnMade) -> None:
    assert list(made.table.columns) == RETURN_COLUMNS
    assert list(
        zip(made.table["indicator"], made.table["code"], made.table["part"], strict=True)
    ) == [
        ("ENQUIRIES_IN_7_DAYS", "", ""),
        ("TT001", "TT/001", ""),
        ("TT001", "TT/001a", "outcome=advice_assistance"),
        ("TT001", "TT/001b", "outcome=assessment"),
        ("TT001", "TT/001c", "outcome=signposted"),
        ("TT001", "TT/001d", "outcome=no_further_action"),
        ("TT002", "TT/002", ""),
    ]
    assert set(made.table["framework"]) == {"wales-2020"}
    assert set(made.table["year"]) == {"2024-25"}
    assert set(made.table["area"]) == {CARDIFF}
    assert set(made.table["area_name"]) == {"Cardiff"}
    assert (made.framework, made.year, made.area, made.area_name) == (
        "wales-2020", "2024-25", CARDIFF, "Cardiff",
    )  # fmt: skip


def test_figures_are_the_hand_counts(made: ReturnMade) -> None:
    table = made.table
    done, within = ENQUIRIES[(CARDIFF, 2024)]
    enquiries = _row(table, "ENQUIRIES_IN_7_DAYS")
    assert (enquiries["numerator"], enquiries["denominator"]) == (within, done)
    assert enquiries["value"] == round(100 * within / done, 1) == 80.0
    assert enquiries["unit"] == "%"
    contacts = CONTACTS[(CARDIFF, 2024)]  # the child's contact is not counted
    total = _row(table, "TT001")
    assert total["value"] == sum(contacts.values()) == 15
    assert math.isnan(total["numerator"]) and math.isnan(total["denominator"])  # a count
    assert (
        _row(table, "TT001", "outcome=advice_assistance")["value"] == contacts["advice_assistance"]
    )


def test_a_part_nobody_fell_into_is_zero_not_missing(made: ReturnMade) -> None:
    """Cardiff has no contact ending in no further action (Swansea has): a true 0."""
    nothing = _row(made.table, "TT001", "outcome=no_further_action")
    assert (nothing["value"], nothing["status"]) == (0, "ok")


def test_withheld_cells_are_empty_and_never_a_small_number(made: ReturnMade) -> None:
    """Signposted (2) is under 5; assessment (6), the next smallest part, is withheld too,
    or 2 would follow from the total 15 less 7 and 6."""
    for part in ("outcome=signposted", "outcome=assessment"):
        row = _row(made.table, "TT001", part)
        assert row["status"] == "withheld"
        assert row["note"] == "withheld by disclosure control"
        assert all(math.isnan(row[c]) for c in ("value", "numerator", "denominator"))
    figures = made.table[["value", "numerator", "denominator"]].to_numpy(dtype=float).ravel()
    assert not ((figures > 0) & (figures < 5)).any()


def test_counts_are_rounded_to_5_only_where_the_definition_says(made: ReturnMade) -> None:
    assessments = _row(made.table, "TT002")
    assert ASSESSMENTS[(CARDIFF, 2024)] == 23
    assert assessments["value"] == 25
    assert assessments["note"] == "counts rounded to the nearest 5"
    assert _row(made.table, "TT001")["value"] == 15  # no rounding asked: 15 as counted
    assert "rounded" not in " ".join(made.table["note"][made.table["code"] != "TT/002"])


def test_a_percentage_rounds_its_counts_but_not_its_value(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """16 of 20 with counts published to the nearest 5: 15 of 20, the value still 80.0."""
    _, data = folders
    rounded = DEFINITIONS["ENQUIRIES_IN_7_DAYS"] + "disclosure: {round_counts_to: 5}\n"
    definitions = write_definitions(tmp_path / "d", ENQUIRIES_IN_7_DAYS=rounded)
    made = pm.data_return(data, year="2024-25", area=CARDIFF, definitions=definitions)
    row = _row(made.table, "ENQUIRIES_IN_7_DAYS")
    assert (row["value"], row["numerator"], row["denominator"]) == (80.0, 15, 20)


def test_the_code_is_empty_where_it_is_not_held(made: ReturnMade) -> None:
    row = _row(made.table, "ENQUIRIES_IN_7_DAYS")
    assert row["code"] == ""
    assert "official code not held" in row["note"]


def test_validation_summary_names_every_check(made: ReturnMade) -> None:
    checks = made.checks
    assert list(checks.columns) == ["check", "code", "indicator", "part", "result", "detail"]
    framework = checks[checks["check"] == "framework"].iloc[0]
    assert framework["result"] == "pass"
    assert "wales-2020 (2020-21 onward)" in framework["detail"]
    present = checks[checks["check"] == "present"]
    assert list(present["indicator"]) == ["ENQUIRIES_IN_7_DAYS", "TT001", "TT002"]
    assert set(present["result"]) == {"pass"}
    parts = checks[checks["check"] == "parts"]
    assert list(zip(parts["indicator"], parts["part"], parts["result"], strict=True)) == [
        ("TT001", "outcome", "pass")
    ]
    assert made.summary == "Validation: 6 passed, 2 to look at (8 checks)"


def test_a_change_beyond_half_is_flagged_with_published_figures(made: ReturnMade) -> None:
    """Contacts 40 -> 15 (down 62.5%); assessments 12 -> 23 (up 91.7%), shown as published,
    10 and 25; enquiries 9 of 10 -> 16 of 20 (90.0 -> 80.0, down 11.1%) passes."""
    change = made.checks[made.checks["check"] == "change"].set_index("indicator")
    assert sum(CONTACTS[(CARDIFF, 2023)].values()) == 40
    assert change.loc["TT001", "result"] == "warning"
    assert change.loc["TT001", "detail"].startswith("down 63% (2023-24: 40, now 15)")
    assert change.loc["TT002", "result"] == "warning"
    assert change.loc["TT002", "detail"].startswith("up 92% (2023-24: 10, now 25)")
    assert change.loc["ENQUIRIES_IN_7_DAYS", "result"] == "pass"
    assert change.loc["ENQUIRIES_IN_7_DAYS", "detail"] == "down 11% (2023-24: 90.0, now 80.0)"


def test_the_change_limit_is_an_option(folders: tuple[Path, Path]) -> None:
    definitions, data = folders
    made = pm.data_return(
        data, year="2024-25", area="Cardiff", definitions=definitions, change_limit=95
    )
    change = made.checks[made.checks["check"] == "change"]
    assert set(change["result"]) == {"pass"}


def test_without_last_year_in_the_extracts_no_change_is_checked(folders: tuple[Path, Path]) -> None:
    definitions, data = folders
    made = pm.data_return(data, year="2023-24", area="Cardiff", definitions=definitions)
    change = made.checks[made.checks["check"] == "change"]
    assert list(change["result"]) == ["not checked"]
    assert "no records of this council for last year" in change.iloc[0]["detail"]
    assert _row(made.table, "TT001")["value"] == 40


def test_a_missing_measure_is_named(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """Swansea's extracts hold no children's assessments: TT002 is missing."""
    definitions, data = folders
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("iaa_contacts.csv", "adult_protection_enquiries.csv"):
        (folder / name).write_bytes((data / name).read_bytes())
    made = pm.data_return(folder, year="2024-25", area=SWANSEA, definitions=definitions)
    present = made.checks[made.checks["check"] == "present"].set_index("indicator")
    assert present.loc["TT002", "result"] == "fail"
    assert "missing" in present.loc["TT002", "detail"]
    row = _row(made.table, "TT002")
    assert row["status"] == "no_data" and math.isnan(row["value"])


def test_parts_without_a_published_code_are_named_in_the_parts_check(
    folders: tuple[Path, Path], tmp_path: Path
) -> None:
    """Without a code for 'signposted', Cardiff's 2 signposted contacts fall outside the
    coded parts: listed with no code, and the check (the parts still add up, so it passes)
    names them without showing the 2. Some parts of a published count are metrics of their
    own (AD/002 is one outcome of the adult contacts), so uncoded parts are expected."""
    _, data = folders
    body = DEFINITIONS["TT001"].replace(
        "PART_CODES",
        "{advice_assistance: TT/001a, assessment: TT/001b, no_further_action: TT/001d}",
    )
    definitions = write_definitions(tmp_path / "d", TT001=body)
    made = pm.data_return(data, year="2024-25", area="Cardiff", definitions=definitions)
    parts = made.table[made.table["indicator"] == "TT001"]
    assert list(parts["part"]) == [
        "", "outcome=advice_assistance", "outcome=assessment", "outcome=no_further_action",
        "outcome=signposted",
    ]  # fmt: skip
    uncoded = _row(made.table, "TT001", "outcome=signposted")
    assert uncoded["code"] == "" and "no published code for this part" in uncoded["note"]
    check = made.checks[made.checks["check"] == "parts"].iloc[0]
    assert check["result"] == "pass"
    assert "without a published code" in check["detail"]
    assert "signposted" in check["detail"] and "2" not in check["detail"]


def test_parts_that_do_not_add_up_fail_without_showing_withheld_figures(
    made: ReturnMade,
) -> None:
    """The engine puts every record in exactly one part, so the check is a guard: here the
    lines of Cardiff's return with one more signposted contact than the total holds."""
    from pm.returns.checks import Year, parts_checks

    definitions = pm.load_definitions([write_definitions(Path("d"))])
    measures = [definitions.indicators["TT001"]]
    lines = pd.DataFrame(
        {
            "indicator": ["TT001"] * 5,
            "part": ["", "outcome=advice_assistance", "outcome=assessment",
                     "outcome=signposted", "outcome=no_further_action"],
            "code": ["TT/001", "TT/001a", "TT/001b", "TT/001c", "TT/001d"],
            "numerator": [15.0, 7.0, 6.0, 3.0, 0.0],
            "status": ["ok", "ok", "suppressed:secondary", "suppressed:small_count", "ok"],
            "coverage": ["full"] * 5,
            "withheld": [False, False, True, True, False],
        }
    )  # fmt: skip
    rows = made.table[made.table["indicator"] == "TT001"].reset_index(drop=True)
    [check] = parts_checks(Year("2024-25", lines, rows), measures)
    assert (check.check, check.indicator, check.part, check.result) == (
        "parts", "TT001", "outcome", "fail",
    )  # fmt: skip
    assert check.detail == "the 4 parts do not add up to the total (a record in two parts?)"
    shown = lines.assign(withheld=False)
    [check] = parts_checks(Year("2024-25", shown, rows), measures)
    assert check.detail == (
        "the 4 parts do not add up to the total: 16 against 15 (a record in two parts?)"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("0", "greater than or equal to 1"),
        ("2.5", "a number with a fractional part"),
        ("true", "as a whole number, such as 5"),
    ],
)
def test_a_rounding_base_that_is_not_a_whole_number_from_1_is_refused(
    tmp_path: Path, written: str, said: str
) -> None:
    """Refused when the definitions are loaded, at the key's line."""
    body = DEFINITIONS["TT002"].replace("round_counts_to: 5", f"round_counts_to: {written}")
    folder = write_definitions(tmp_path / "d", TT002=body)
    text = (folder / "TT002.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, t in enumerate(text, start=1) if "round_counts_to" in t)
    [problem] = load_definitions([folder]).sorted_problems()
    assert (problem.line, problem.code) == (line, "invalid-value")
    assert problem.message.startswith("disclosure.round_counts_to: ") and said in problem.message
