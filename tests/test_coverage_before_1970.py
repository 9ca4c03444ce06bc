"""Coverage of records dated before 1970 (`pm.engine.coverage`): day numbers below zero are
real days (31 December 1969 is day -1), so such records count on their days, in the spans
the manifest lists and in the verdicts that decide whether a figure is shown; an empty date
still counts as undated. Every figure below is worked out by hand in its comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from engine_helpers import compute_folder, definitions, row

from pm.calendar import parse_period
from pm.data.reader import Dataset, Extracts, type_records
from pm.engine import coverage

CARDIFF, ANGLESEY, GWYNEDD = "W06000015", "W06000001", "W06000002"
D = dt.date


def _admissions(rows: list[tuple[str, str | None]]) -> Dataset:
    """Residential care admissions (council, admission date or None), typed as the reader
    types them. The dates are put in after typing: the reader sets aside a date before
    1900 as implausible and a record without its required date, but coverage must still
    count what a frame holds (a definition may name an optional event date)."""
    spec = definitions().datasets["residential_care"]
    size = len(rows)
    raw = pd.DataFrame(
        {
            "placement_id": [f"C{n}" for n in range(size)],
            "person_id": [f"P{n}" for n in range(size)],
            "la_code": [council for council, _ in rows],
            "date_of_birth": ["1900-01-01"] * size,
            "admission_date": ["2000-01-01"] * size,
            "discharge_date": [None] * size,
            "la_funded": ["Y"] * size,
            "sex": [None] * size,
        },
        dtype="str",
    )
    typed, findings = type_records(spec, raw, "residential_care.csv", {c for c, _ in rows})
    assert not findings
    dates = pd.to_datetime(pd.Series([day for _, day in rows]), format="ISO8601")
    typed["admission_date"] = dates.astype("datetime64[s]").to_numpy()
    assert typed["admission_date"].dtype == "datetime64[s]"  # as the reader leaves it
    return Dataset("residential_care", spec, typed, [], size)


def test_dates_before_1970_are_counted_on_their_days() -> None:
    found = coverage.dataset_coverage(
        _admissions(
            [
                (CARDIFF, "1969-12-31"),
                (CARDIFF, "1950-06-01"),
                (CARDIFF, "1899-12-31"),
                (CARDIFF, None),
                (ANGLESEY, None),
                (ANGLESEY, None),
                (GWYNEDD, "1969-12-31"),
            ]
        )
    )
    # Cardiff: 4 records, 3 dated days. Gaps: 1899-12-31 to 1950-06-01 is 50 years with 12
    # leap days (1904-1948) = 18,262 days to 1949-12-31, then 152 to 1 June = 18,414;
    # 1950-06-01 to 1969-12-31 is 19 years with 5 leap days (1952-1968) = 6,940 to
    # 1969-06-01, then 213 = 7,153. Their 90th percentile: 7,153 + 0.9 x 11,261 = 17,287.9;
    # three times that, rounded up: 51,864 days of slack.
    assert found.span(CARDIFF) == coverage.Span(4, D(1899, 12, 31), D(1969, 12, 31), 51_864, 3)
    # Anglesey: records with no date at all are undated, as before.
    assert found.span(ANGLESEY) == coverage.Span(2)
    # Gwynedd: one record on day -1 is one dated day (a year's slack), not an undated table.
    assert found.span(GWYNEDD) == coverage.Span(1, D(1969, 12, 31), D(1969, 12, 31), 366, 1)
    # The file: 7 records on the same 3 distinct days as Cardiff's.
    assert found.whole == coverage.Span(7, D(1899, 12, 31), D(1969, 12, 31), 51_864, 3)
    assert found.describe()["councils"] == {
        ANGLESEY: {"records": 2, "earliest": None, "latest": None},
        GWYNEDD: {"records": 1, "earliest": "1969-12-31", "latest": "1969-12-31"},
        CARDIFF: {"records": 4, "earliest": "1899-12-31", "latest": "1969-12-31"},
    }


def test_records_that_all_predate_1970_do_not_cover_a_later_year() -> None:
    """Taken for undated, such records used to make a council 'covered' for any year."""
    found = coverage.dataset_coverage(
        _admissions([(CARDIFF, "1969-12-31"), (CARDIFF, "1950-06-01"), (GWYNEDD, "1969-12-31")])
    )
    year = (D(2023, 4, 1), D(2024, 3, 31))
    assert found.verdict(CARDIFF, *year) == coverage.NONE
    assert found.verdict(GWYNEDD, *year) == coverage.NONE
    # 1 January 1970 lies inside Gwynedd's one-year slack (1 day after its last record)
    assert found.verdict(GWYNEDD, D(1970, 1, 1), D(1970, 1, 1)) == coverage.FULL


def _monthly_1969_70(council: str) -> list[tuple[str, str | None]]:
    """An admission on the 15th of every month from April 1969 to March 1970."""
    months = [(1969, m) for m in range(4, 13)] + [(1970, m) for m in range(1, 4)]
    return [(council, f"{year}-{month:02d}-15") for year, month in months]


def test_a_year_across_1_january_1970_is_covered_in_full() -> None:
    # Gaps between the 12 dates: 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28. Sorted, the
    # 90th percentile is the 10th of 11: 31 -> slack max(14, 93) = 93 days. The records
    # start 14 days after 1 April 1969 and end 16 days before 31 March 1970: full. Without
    # the 1969 dates the span would start on 15 January 1970, 289 days late: partial.
    dataset = _admissions(_monthly_1969_70(CARDIFF))
    found = coverage.dataset_coverage(dataset)
    assert found.span(CARDIFF) == coverage.Span(12, D(1969, 4, 15), D(1970, 3, 15), 93, 12)
    indicator = definitions().indicators["PM22"]  # in_year on admission_date
    extracts = Extracts(folder=Path("."), datasets={"residential_care": dataset})
    verdicts = coverage.indicator_coverage(
        indicator, extracts, parse_period("1969-70"), [CARDIFF, ANGLESEY]
    )
    assert verdicts == {CARDIFF: coverage.FULL, ANGLESEY: coverage.NONE}


def test_the_figure_of_a_year_across_1970_is_shown_as_fully_covered(tmp_path: Path) -> None:
    """End to end (read, compute): PM22 for 1969-70 from Cardiff's monthly admissions of
    people born on 1 January 1900. The 9 admitted from April to December 1969 are 69,
    the 3 admitted in 1970 are 70: mean (9 x 69 + 3 x 70) / 12 = 831 / 12 = 69.25."""
    lines = ["placement_id,person_id,la_code,date_of_birth,admission_date,la_funded"]
    for n, (council, day) in enumerate(_monthly_1969_70(CARDIFF)):
        lines.append(f"C{n},P{n},{council},1900-01-01,{day},Y")
    (tmp_path / "residential_care.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = compute_folder(tmp_path, ["PM22"], "1969-70")
    cardiff = row(table, "PM22", CARDIFF)
    assert cardiff["coverage"] == coverage.FULL
    assert cardiff["value"] == 831 / 12
    wales = row(table, "PM22", "W92000004")
    assert wales["coverage"] == coverage.NONE  # 21 councils have no records
    assert pd.isna(wales["value"])


def _survey(labels: list[tuple[str, str | None]]) -> Dataset:
    """Survey responses (council, year label or None), as the reader types them."""
    spec = definitions().datasets["survey_responses"]
    frame = pd.DataFrame(
        {
            "response_id": [f"R{n}" for n in range(len(labels))],
            "la_code": pd.Categorical([council for council, _ in labels]),
            "survey_year": pd.array([label for _, label in labels], dtype="str"),
        }
    )
    return Dataset("survey_responses", spec, frame, [], len(labels))


def test_survey_years_before_1970_are_counted() -> None:
    found = coverage.dataset_coverage(
        _survey(
            [
                (CARDIFF, "1968-69"),
                (CARDIFF, "1969-70"),
                (CARDIFF, None),
                (ANGLESEY, "1969-70"),
                (GWYNEDD, None),
            ]
        )
    )
    # 1968-69 starts on 1 April 1968 and 1969-70 ends on 31 March 1970: two labels, no slack
    assert found.span(CARDIFF) == coverage.Span(3, D(1968, 4, 1), D(1970, 3, 31), 0, 2)
    assert found.span(ANGLESEY) == coverage.Span(1, D(1969, 4, 1), D(1970, 3, 31), 0, 1)
    assert found.span(GWYNEDD) == coverage.Span(1)
    assert found.whole == coverage.Span(5, D(1968, 4, 1), D(1970, 3, 31), 0, 2)
    assert found.verdict(ANGLESEY, D(1969, 4, 1), D(1970, 3, 31)) == coverage.FULL
    assert found.verdict(ANGLESEY, D(1970, 4, 1), D(1971, 3, 31)) == coverage.NONE
