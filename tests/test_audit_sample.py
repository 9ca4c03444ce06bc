"""`pm audit-sample`: proportional allocation (hand-worked), reproducibility, the personal-data
marking, and the mistakes a user can make."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions

from pm.audit import allocate_proportionally, draw_sample, sample_csv_bytes
from pm.calendar import parse_period
from pm.data.reader import Dataset, type_records
from pm.errors import UsageError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.mark.parametrize(
    ("sizes", "total", "expected"),
    [
        # 67 cases, 10 places: exact shares 3.73, 0.45, 0.75, 3.73, 0.45, 0.90 -> floors 3,0,0,3,0,0
        # (6); the 4 left go to .90, .75, then the two .73s -> 4, 0, 1, 4, 0, 1.
        ([25, 3, 5, 25, 3, 6], 10, [4, 0, 1, 4, 0, 1]),
        # 3 strata of 10, 2 places: shares 0.67 each, ties -> the first two in order.
        ([10, 10, 10], 2, [1, 1, 0]),
        # equal fractions, different sizes: 7 and 3 cases, 5 places -> 3.5 and 1.5 -> the
        # larger stratum takes the leftover place: 4 and 1.
        ([7, 3], 5, [4, 1]),
        ([4, 6], 10, [4, 6]),  # the whole population
        ([4, 6], 25, [4, 6]),  # more than the population: everyone, no more
    ],
)
def test_proportional_allocation_by_largest_remainder(sizes, total, expected) -> None:
    assert allocate_proportionally(sizes, total) == expected


def _referrals(rows: list[tuple[str, str, str]]) -> Dataset:
    spec = definitions().datasets["safeguarding_referrals"]
    raw = pd.DataFrame(
        {
            "referral_id": [f"R{n}" for n in range(len(rows))],
            "person_id": [r[0] for r in rows],
            "la_code": ["W06000015"] * len(rows),
            "received_at": [r[1] for r in rows],
            "allocated_at": [None] * len(rows),
            "service": [None] * len(rows),
            "team": [r[2] for r in rows],
        },
        dtype="str",
    )
    typed, findings = type_records(spec, raw, "x.csv", {"W06000015"})
    assert not findings
    return Dataset("safeguarding_referrals", spec, typed, [], len(typed))


PEOPLE = [
    (f"P{n:02d}", f"2023-0{4 + n % 5}-10 10:00", "North" if n < 14 else "South") for n in range(20)
]


def test_a_case_is_a_person_counted_once_with_the_team_of_their_latest_record() -> None:
    dataset = _referrals(
        [
            ("P1", "2023-05-01 10:00", "North"),
            ("P1", "2023-09-01 10:00", "South"),
            ("P2", "2023-06-01 10:00", "North"),
            ("P3", "2024-05-01 10:00", "North"),  # outside 2023-24
        ]
    )
    sample = draw_sample(dataset, 5, 1, stratify="team", period=parse_period("2023-24"))
    assert sample.population == 2 and sample.whole_population
    assert sample.cases[["person_id", "stratum", "records"]].values.tolist() == [
        ["P2", "North", 1],
        ["P1", "South", 2],
    ]
    assert sample.notes and "whole population" in sample.notes[0]


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    dataset = _referrals(PEOPLE)
    first = draw_sample(dataset, 5, 7, stratify="team")
    again = draw_sample(dataset, 5, 7, stratify="team")
    other = draw_sample(dataset, 5, 8, stratify="team")
    assert first.cases.equals(again.cases)
    assert list(first.cases["person_id"]) != list(other.cases["person_id"])
    # 14 North, 6 South, 5 places: 3.5 and 1.5 -> 4 and 1
    assert first.strata["drawn"].tolist() == [4, 1]
    assert first.cases["stratum"].value_counts().to_dict() == {"North": 4, "South": 1}
    assert first.cases["person_id"].is_unique


def test_the_csv_opens_with_the_personal_data_marking() -> None:
    sample = draw_sample(_referrals(PEOPLE), 3, 7)
    text = sample_csv_bytes(sample, {"W06000015": "Cardiff"}, "Drawn for a test.").decode()
    lines = text.splitlines()
    assert lines[0] == "# OFFICIAL-SENSITIVE: personal data. Drawn for a test."
    assert lines[1] == "la_code,area_name,person_id,records_in_period,latest_received_at"
    assert len(lines) == 5 and lines[2].startswith("W06000015,Cardiff,P")


def test_unknown_stratify_or_case_column_is_a_usage_error() -> None:
    dataset = _referrals(PEOPLE)
    with pytest.raises(UsageError, match="cannot stratify by 'squad'"):
        draw_sample(dataset, 3, 1, stratify="squad")
    with pytest.raises(UsageError, match="'team' is not a case column"):
        draw_sample(dataset, 3, 1, case_column="team")
    with pytest.raises(UsageError, match="--size must be 1 or more"):
        draw_sample(dataset, 0, 1)


def test_the_command_line_gives_byte_identical_files_for_the_same_seed(run_pm, tmp_path) -> None:
    args = ["audit-sample", "safeguarding_referrals", "--data", str(SAMPLE), "--size", "12",
            "--stratify", "team", "--seed", "2024", "--area", "Cardiff", "--year", "2023-24"]  # fmt: skip
    first = run_pm(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    written = tmp_path / "OFFICIAL-SENSITIVE_audit-sample_safeguarding_referrals_seed2024.csv"
    again = run_pm(*args, "--output", str(tmp_path / "again.csv"), cwd=tmp_path)
    assert again.returncode == 0
    assert written.read_bytes() == (tmp_path / "again.csv").read_bytes()
    assert "holds personal data" in again.stderr  # the name does not say so
    lines = written.read_text("utf-8").splitlines()
    assert lines[0].startswith("# OFFICIAL-SENSITIVE: personal data.")
    assert len(lines) == 2 + 12
    assert "Sample by team" in first.stdout


def test_the_command_line_refuses_an_unknown_dataset_and_a_missing_size(run_pm, tmp_path) -> None:
    unknown = run_pm("audit-sample", "referrals", "--data", str(SAMPLE), "--size", "3",
                     "--seed", "1", cwd=tmp_path)  # fmt: skip
    assert unknown.returncode == 2
    assert "'referrals' is not a dataset" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    no_size = run_pm("audit-sample", "safeguarding_referrals", "--data", str(SAMPLE),
                     "--seed", "1", cwd=tmp_path)  # fmt: skip
    assert no_size.returncode == 2
    assert not list(tmp_path.glob("*.csv"))
