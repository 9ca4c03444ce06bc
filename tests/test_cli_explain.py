"""`pm explain`: the record-level trail behind one council's figure, written by the real
command line, reconciled with `pm compute` row by row."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, SWANSEA, compute_folder, row, run_pm_many, write_extracts
from test_engine_golden import PM18_ROWS, PM18_WORKING_DAYS, PM27_ROWS

# PM23: adults given advice and assistance, followed up 6 months later, each person once by
# their earliest such contact; numerator: no further contact within those 6 months.
PM23_ROWS = [
    # (contact, person, council, date, age, outcome)           role in Cardiff's 2023-24 trail
    (
        "K01",
        "A",
        CARDIFF,
        "2023-01-10",
        "40",
        "advice_assistance",
    ),  # denominator only: K02 within 6 months
    (
        "K02",
        "A",
        CARDIFF,
        "2023-03-15",
        "40",
        "advice_assistance",
    ),  # not counted: A counted once, by K01
    (
        "K03",
        "B",
        CARDIFF,
        "2023-02-01",
        "70",
        "advice_assistance",
    ),  # numerator (B's Swansea contact is another council)
    (
        "K04",
        "C",
        CARDIFF,
        "2023-05-01",
        "30",
        "advice_assistance",
    ),  # denominator only: K05 on the last day
    (
        "K05",
        "C",
        CARDIFF,
        "2023-11-01",
        "30",
        "signposted",
    ),  # follow-up 2024-05-01: not in the year, not listed
    (
        "K06",
        "D",
        CARDIFF,
        "2023-06-01",
        "50",
        "advice_assistance",
    ),  # numerator: K07 is a day too late
    ("K07", "D", CARDIFF, "2023-12-02", "50", "assessment"),  # follow-up 2024-06-02: not listed
    ("K08", "E", CARDIFF, "2023-07-01", "17", "advice_assistance"),  # excluded: a child
    ("K09", "F", CARDIFF, "2023-04-01", "45", "signposted"),  # excluded: not advice and assistance
    (
        "K10",
        "G",
        CARDIFF,
        "2023-08-15",
        "60",
        "advice_assistance",
    ),  # denominator only: K11 the same day
    (
        "K11",
        "G",
        CARDIFF,
        "2023-08-15",
        "60",
        "no_further_action",
    ),  # excluded: not advice and assistance
    (
        "K12",
        "H",
        CARDIFF,
        "2022-09-30",
        "55",
        "advice_assistance",
    ),  # follow-up 2023-03-30: not listed
    (
        "K13",
        "I",
        CARDIFF,
        "2023-09-30",
        "88",
        "advice_assistance",
    ),  # numerator: follow-up 2024-03-30
    (
        "K14",
        "J",
        CARDIFF,
        "2022-10-01",
        "33",
        "advice_assistance",
    ),  # numerator: follow-up 2023-04-01
    ("K15", "K", CARDIFF, "2023-05-05", "", "advice_assistance"),  # data-quality error: age missing
    ("L01", "B", SWANSEA, "2023-03-01", "70", "signposted"),
]
PM23_ROLES = {
    "numerator": {"K03", "K06", "K13", "K14"},
    "denominator only": {"K01", "K04", "K10"},
    "not counted": {"K02"},
    "excluded": {"K08", "K09", "K11"},
    "data-quality error": {"K15"},
}
# Cardiff: 4 / 7

PM27_EXTRA = [
    ("G99", "C99", CARDIFF, "2023-06-01", "2023-05-01")
]  # de-registered before registered
PM27_ROLES = {
    "numerator": {"G02", "G06", "G10", "G15", "G17", "G18"},
    "denominator only": {"G04", "G05", "G08", "G12", "G13", "G16"},
    "data-quality error": {"G99"},
}
PM18_ROLES = {
    "numerator": {"E01", "E03", "E05", "E08", "E09", "E10"},
    "denominator only": {"E02", "E04"},
    "data-quality error": {"E11"},
}
ID_COLUMN = {"PM18": "enquiry_id", "PM23": "contact_id", "PM27": "registration_id"}
EXPECTED_ROLES = {"PM18": PM18_ROLES, "PM23": PM23_ROLES, "PM27": PM27_ROLES}


class Explained:
    def __init__(
        self, root: Path, data: Path, results: dict[str, subprocess.CompletedProcess[str]]
    ) -> None:
        self.root, self.data, self.results = root, data, results

    def trail(self, indicator: str) -> list[dict[str, str]]:
        result = self.results[indicator]
        assert result.returncode == 0, result.stderr
        with (self.root / f"{indicator}.csv").open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def explained(tmp_path_factory: pytest.TempPathFactory) -> Explained:
    root = tmp_path_factory.mktemp("explain")
    data = write_extracts(
        root / "data",
        {
            "adult_protection_enquiries": PM18_ROWS,
            "cpr_registrations": PM27_ROWS + PM27_EXTRA,
            "iaa_contacts": PM23_ROWS,
        },
    )
    plan = {
        indicator: (
            [
                "explain",
                indicator,
                "--data",
                str(data),
                "--year",
                "2023-24",
                "--area",
                area,
                "--output",
                str(root / f"{indicator}.csv"),
            ],
            None,
        )
        for indicator, area in (("PM18", CARDIFF), ("PM23", "cardiff"), ("PM27", "Cardiff"))
    }
    return Explained(root, data, run_pm_many(plan))


@pytest.fixture(scope="module")
def computed(explained: Explained) -> pd.DataFrame:
    return compute_folder(explained.data, ["PM18", "PM23", "PM27"])


def _ids_by_role(trail: list[dict[str, str]], indicator: str) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {}
    for line in trail:
        roles.setdefault(line["role"], set()).add(line[ID_COLUMN[indicator]])
    return roles


@pytest.mark.parametrize("indicator", ["PM18", "PM23", "PM27"])
def test_the_trail_lists_every_record_touched_with_its_role(
    explained: Explained, indicator: str
) -> None:
    trail = explained.trail(indicator)
    assert _ids_by_role(trail, indicator) == EXPECTED_ROLES[indicator]
    # one row per record: no record appears twice
    assert len(trail) == sum(len(ids) for ids in EXPECTED_ROLES[indicator].values())


@pytest.mark.parametrize("indicator", ["PM18", "PM23", "PM27"])
def test_the_trail_reconciles_with_compute(
    explained: Explained, computed: pd.DataFrame, indicator: str
) -> None:
    trail = explained.trail(indicator)
    roles = [line["role"] for line in trail]
    figure = row(computed, indicator, CARDIFF)
    assert roles.count("numerator") == figure["numerator"]
    assert roles.count("numerator") + roles.count("denominator only") == figure["denominator"]
    # the summary line of `pm explain` is the same figure
    summary = explained.results[indicator].stderr
    assert f"numerator {figure['numerator']}, denominator {figure['denominator']}" in summary


def test_the_pm18_trail_shows_the_working_days_of_each_record(explained: Explained) -> None:
    trail = explained.trail("PM18")
    [column] = [c for c in trail[0] if c.startswith("working_days(")]
    shown = {
        line["enquiry_id"]: line[column] for line in trail if line["role"] != "data-quality error"
    }
    assert {k: int(float(v)) for k, v in shown.items()} == {
        k: v for k, v in PM18_WORKING_DAYS.items() if k.startswith("E")
    }


def test_the_trail_lists_the_councils_data_quality_errors_with_file_and_line(
    explained: Explained,
) -> None:
    trail = explained.trail("PM18")
    [error] = [line for line in trail if line["role"] == "data-quality error"]
    assert (error["enquiry_id"], error["file"], error["line"]) == (
        "E11",
        "adult_protection_enquiries.csv",
        "12",
    )
    assert "end_before_start" in error["reason"]
    trail = explained.trail("PM23")
    [error] = [line for line in trail if line["role"] == "data-quality error"]
    assert (error["contact_id"], error["line"]) == ("K15", "16")
    assert "missing_required" in error["reason"]


def test_records_of_the_trail_point_at_their_file_and_line(explained: Explained) -> None:
    trail = explained.trail("PM27")
    lines = {line["registration_id"]: line["line"] for line in trail}
    # G02 is the second data row (line 3); H rows belong to Swansea and are not listed
    assert lines["G02"] == "3"
    assert lines["G18"] == "19"
    assert not any(key.startswith("H") for key in lines)


def test_persons_counted_once_show_why_the_other_records_are_not_counted(
    explained: Explained,
) -> None:
    trail = explained.trail("PM23")
    [line] = [line for line in trail if line["role"] == "not counted"]
    assert line["contact_id"] == "K02"
    assert "earliest" in line["reason"]
    reasons = {line["contact_id"]: line["reason"] for line in trail if line["role"] == "excluded"}
    assert "children" in reasons["K08"]
    assert "outcome" in reasons["K09"]


def test_related_records_are_counted_in_the_trail(explained: Explained) -> None:
    trail = explained.trail("PM27")
    [column] = [c for c in trail[0] if c.startswith("count(")]
    for line in trail:
        if line["role"] == "numerator":
            assert int(float(line[column])) >= 1, line
        elif line["role"] == "denominator only":
            assert int(float(line[column])) == 0, line
    by_id = {line["registration_id"]: int(float(line[column])) for line in trail if line[column]}
    assert by_id["G18"] == 2  # G16 and G17 both came off the register within 12 months before
