"""Dates that cannot be read: a whole column stops the run (exit 3, one line) instead of
giving no_data and exit 0; a single bad value stays a finding, and its advice says what
the value really is (31/02/2024 is no date at all, not a day-first one). The console counts
records, not problems."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from engine_helpers import councils, definitions, read, run_pm_many

from pm.data.csv_shape import date_advice
from pm.data.reader import read_extracts
from pm.errors import EXIT_INPUT, InputError

APE = "adult_protection_enquiries"
HEADER = "enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report"
SGR = "safeguarding_referrals"
SGR_HEADER = "referral_id,person_id,la_code,received_at,allocated_at,service,team"


def _extracts(tmp_path: Path, name: str, header: str, rows: list[str]) -> Path:
    folder = tmp_path / "extracts"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def _refusal(folder: Path, dataset: str, **options: str) -> str:
    with pytest.raises(InputError) as raised:
        read_extracts(folder, definitions().datasets, [dataset], councils(), **options)
    assert raised.value.exit_code == EXIT_INPUT
    message = str(raised.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("received", "options", "said"),
    [
        (["05/06/2023", "14/06/2023", "21/07/2023"], {}, "--date-format %d/%m/%Y"),
        (["45078", "45079", "45100"], {}, "Excel date serial number"),
        (["2023-06-05", "2023-06-14", "2023-07-21"], {"date_format": "%d/%m/%Y"}, "run without"),
        (["June 5th", "June 14th", "July 21st"], {}, "written YYYY-MM-DD"),
    ],
    ids=["day-first", "excel serials", "wrong --date-format", "words"],
)
def test_a_date_column_that_cannot_be_read_at_all_stops_the_run(
    tmp_path: Path, received: list[str], options: dict[str, str], said: str
) -> None:
    rows = [f"E{n},P{n},W06000015,{day},,70" for n, day in enumerate(received)]
    message = _refusal(_extracts(tmp_path, APE, HEADER, rows), APE, **options)
    assert message.startswith(str(tmp_path / "extracts" / f"{APE}.csv") + ": ")
    assert "no value in the column report_received_date can be read as a date" in message
    assert "3 records" in message and f"'{received[0]}'" in message
    assert said in message


def test_a_date_time_column_that_cannot_be_read_at_all_stops_the_run(tmp_path: Path) -> None:
    rows = [
        f"R{n},P{n},W06000015,{when},,adults,Hub"
        for n, when in enumerate(["14/06/2023 09:30", "15/06/2023 10:00"])
    ]
    message = _refusal(_extracts(tmp_path, SGR, SGR_HEADER, rows), SGR)
    assert "no value in the column received_at can be read as a date" in message
    assert "HH:MM" in message


@pytest.mark.parametrize(
    "rows",
    [
        ["E1,P1,W06000015,31/02/2023,,70"],  # one record, one bad value: a typing mistake
        ["E1,P1,W06000015,2023-06-01,,70", "E2,P2,W06000015,01/06/2023,,70"],  # one of two
    ],
    ids=["a lone value", "one value of two"],
)
def test_a_column_with_a_readable_value_or_a_lone_bad_one_gives_findings(
    tmp_path: Path, rows: list[str]
) -> None:
    found = read(_extracts(tmp_path, APE, HEADER, rows), [APE])
    assert [f.code for f in found.findings] == ["invalid_date"]


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        ("31/02/2024", "This is not a real date (February 2024 has 29 days)"),
        ("29/02/2023", "This is not a real date (February 2023 has 28 days)"),
        ("31/04/2024", "This is not a real date (April 2024 has 30 days)"),
        ("2023-02-30", "This is not a real date (February 2023 has 28 days)"),
        ("2023-13-16", "This is not a real date (there is no month 13)"),
        ("13/13/2023", "This is not a real date (there is no month 13)"),
        ("29/02/2024", "This looks like a day-first date (DD/MM/YYYY)"),
        ("01/06/2023", "This looks like a day-first date (DD/MM/YYYY)"),
        ("06/13/2023", "This looks like a month-first date (MM/DD/YYYY)"),
    ],
)
def test_the_advice_tells_an_impossible_date_from_a_day_first_one(value: str, advice: str) -> None:
    assert date_advice(value, "%Y-%m-%d").startswith(advice)


@pytest.mark.parametrize("value", ["1e400", "2024-x", "12.5", "1/2", "2023-1-1-1", "9" * 30])
def test_a_value_only_starting_like_a_date_gets_no_date_advice_and_no_crash(value: str) -> None:
    """The fuzzer's '1e400' in a date column: not shaped like a date, so no advice about one
    (it used to raise ValueError, a traceback for the user)."""
    assert not date_advice(value, "%Y-%m-%d").startswith("This is not a real date")


def test_an_impossible_date_is_called_so_under_a_declared_format_too() -> None:
    assert date_advice("31/02/2023", "%d/%m/%Y").startswith(
        "This is not a real date (February 2023 has 28 days)"
    )


def test_the_console_counts_records_not_problems_one_line_per_dataset(tmp_path: Path) -> None:
    """E2 has two problems (an unknown council and an impossible date): one record left out."""
    rows = [
        "E1,P1,W06000015,2023-06-01,2023-06-12,70",
        "E2,P2,W06000099,31/02/2023,2023-06-12,70",
        "E3,P3,W06000015,2023-06-05,2023-06-01,70",
    ]
    data = _extracts(tmp_path, APE, HEADER, rows)
    (tmp_path / "extracts" / "family_visits.csv").write_text(
        "visit_id,family_id,la_code,visit_date,status,visit_type,team\n"
        "V1,F1,W06000099,2023-06-01,completed,home,Hub\n",
        encoding="utf-8",
    )
    output = tmp_path / "out" / "results.csv"
    runs = run_pm_many(
        {
            "compute": (
                ["compute", data, "-y", "2023-24", "-i", "PM18", "-i", "LOC06", "-o", output],
                None,
            ),
            "no output": (["compute", data, "-y", "2023-24", "-i", "PM18"], None),
        }
    )
    result = runs["compute"]
    assert result.returncode == 0, result.stderr
    quality = output.with_name("results.data-quality.csv")
    assert result.stderr.splitlines()[:3] == [
        "warning: 3 record(s) left out for data-quality problems; each is listed, with its "
        f"line and what to do, in {quality}:",
        f"  {APE}: 2 record(s); 3 problems: 1 end_before_start, 1 invalid_date, 1 unknown_la_code",
        "  family_visits: 1 record(s): 1 unknown_la_code",
    ]
    with quality.open(encoding="utf-8", newline="") as stream:
        assert len(list(csv.DictReader(stream))) == 4  # every problem is listed in the file
    shown = runs["no output"].stderr.splitlines()[0]
    assert shown.endswith(
        "run again with --output FILE to list each, with its line and what to do:"
    )
