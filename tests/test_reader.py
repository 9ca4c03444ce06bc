"""Reading extracts (data contract §1): column matching, encodings, typing, and the
data-quality findings that set bad records aside without dropping them silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from engine_helpers import CARDIFF, SWANSEA, csv_text, read, write_extract

from pm.data.reader import LINE, SOURCE
from pm.errors import InputError

APE = "adult_protection_enquiries"
HEADER = "enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report"


def _frame(folder: Path, dataset: str = APE, **kwargs: object) -> pd.DataFrame:
    return read(folder, [dataset], **kwargs).datasets[dataset].frame


def _findings(folder: Path, dataset: str = APE, **kwargs: object) -> list:
    return read(folder, [dataset], **kwargs).findings


def _write(folder: Path, text: str, name: str = f"{APE}.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """The typed records without where they came from, in id order."""
    return frame.drop(columns=[LINE, SOURCE]).sort_values("enquiry_id").reset_index(drop=True)


# --- columns, encodings, values ---------------------------------------------------------------


def test_column_names_match_whatever_their_case_and_surrounding_spaces(tmp_path: Path) -> None:
    _write(
        tmp_path,
        " Enquiry_ID ,PERSON_ID,  La_Code,Report_Received_Date ,ENQUIRY_completed_date, Age_At_Report\n"
        "E1,P1,W06000015,2023-06-01,2023-06-12,70\n",
    )
    frame = _frame(tmp_path)
    assert frame.loc[0, "enquiry_id"] == "E1"
    assert frame.loc[0, "la_code"] == CARDIFF
    assert frame.loc[0, "report_received_date"] == pd.Timestamp("2023-06-01")
    assert frame.loc[0, "enquiry_completed_date"] == pd.Timestamp("2023-06-12")
    assert frame.loc[0, "age_at_report"] == 70


def test_a_byte_order_mark_and_windows_line_endings_just_work(tmp_path: Path) -> None:
    text = (
        "\ufeff"
        + HEADER
        + "\r\nE1,P1,W06000015,2023-06-01,2023-06-12,70\r\nE2,P2,W06000015,2023-06-01,,81\r\n"
    )
    _write(tmp_path, text)
    found = read(tmp_path, [APE])
    frame = found.datasets[APE].frame
    assert found.findings == []
    assert list(frame["enquiry_id"]) == ["E1", "E2"]  # no BOM glued to the first column name
    # the last column of each line has no stray carriage return: it reads as a number
    assert list(frame["age_at_report"]) == [70, 81]
    assert pd.isna(frame.loc[1, "enquiry_completed_date"])


def test_identifiers_keep_their_leading_zeros(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "\n0007,000123,W06000015,2023-06-01,2023-06-12,70\n")
    frame = _frame(tmp_path)
    assert frame.loc[0, "enquiry_id"] == "0007"
    assert frame.loc[0, "person_id"] == "000123"


def test_welsh_characters_survive_in_a_text_column(tmp_path: Path) -> None:
    team = "Tîm Diogelu Oedolion: ŵ ŷ â ê ô û Ŵ Ŷ"
    _write(tmp_path, HEADER + ",team\n" + f"E1,P1,W06000015,2023-06-01,2023-06-12,70,{team}\n")
    assert _frame(tmp_path).loc[0, "team"] == team


def test_la_codes_are_matched_whatever_their_case(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "\nE1,P1,w06000015,2023-06-01,2023-06-12,70\n")
    assert _frame(tmp_path).loc[0, "la_code"] == CARDIFF


def test_booleans_accept_every_documented_spelling_in_any_case(tmp_path: Path) -> None:
    words = {
        "Y": True,
        "n": False,
        "YES": True,
        "no": False,
        "True": True,
        "FALSE": False,
        "1": True,
        "0": False,
    }
    rows = [
        (f"R{i}", f"P{i}", CARDIFF, "1940-01-01", "2023-06-01", "", word)
        for i, word in enumerate(words)
    ]
    write_extract(tmp_path, "residential_care", rows)
    frame = _frame(tmp_path, "residential_care")
    assert list(frame["la_funded"]) == list(words.values())


def test_an_empty_cell_is_missing(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "\nE1,P1,W06000015,2023-06-01,,\n")
    frame = _frame(tmp_path)
    assert pd.isna(frame.loc[0, "enquiry_completed_date"])
    assert pd.isna(frame.loc[0, "age_at_report"])


# --- findings ---------------------------------------------------------------------------------


def _only(findings: list, code: str):  # type: ignore[no-untyped-def]
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, f"expected one {code} finding, got {findings}"
    return hits[0]


@pytest.mark.parametrize(
    ("bad_row", "code", "column", "record_id"),
    [
        # header is line 1, the good row line 2, the bad row line 3
        ("E2,,W06000015,2023-06-01,2023-06-12,70", "missing_required", "person_id", "E2"),
        ("E2,P2,W06000015,2023-13-01,2023-06-12,70", "invalid_date", "report_received_date", "E2"),
        ("E2,P2,W06000015,2023-02-31,2023-06-12,70", "invalid_date", "report_received_date", "E2"),
        ("E2,P2,W06000015,01/06/2023,2023-06-12,70", "invalid_date", "report_received_date", "E2"),
        (
            "E2,P2,W06000015,2023-06-12,2023-06-01,70",
            "end_before_start",
            "enquiry_completed_date",
            "E2",
        ),
        ("E2,P2,W06000099,2023-06-01,2023-06-12,70", "unknown_la_code", "la_code", "E2"),
        ("E2,P2,W92000004,2023-06-01,2023-06-12,70", "unknown_la_code", "la_code", "E2"),
        ("E2,P2,W06000015,2023-06-01,2023-06-12,-3", "out_of_range", "age_at_report", "E2"),
        ("E2,P2,W06000015,2023-06-01,2023-06-12,seventy", "invalid_number", "age_at_report", "E2"),
    ],
)
def test_each_bad_value_gives_a_finding_at_its_file_line_and_column_and_the_record_is_set_aside(
    tmp_path: Path, bad_row: str, code: str, column: str, record_id: str
) -> None:
    _write(tmp_path, HEADER + "\nE1,P1,W06000015,2023-06-01,2023-06-12,70\n" + bad_row + "\n")
    found = read(tmp_path, [APE])
    finding = _only(found.findings, code)
    assert finding.dataset == APE
    assert finding.file == f"{APE}.csv"
    assert finding.line == 3
    assert finding.column == column
    assert finding.record_id == record_id
    assert list(found.datasets[APE].frame["enquiry_id"]) == ["E1"]


def test_an_unknown_code_is_a_finding(tmp_path: Path) -> None:
    rows = [
        ("P1", CARDIFF, "2023-05-31", 80, "social_care"),
        ("P2", CARDIFF, "2023-05-31", 80, "Social_Care"),  # any case is the same code
        ("P3", CARDIFF, "2023-05-31", 80, "bed_shortage"),
    ]
    write_extract(tmp_path, "delayed_transfers", rows)
    found = read(tmp_path, ["delayed_transfers"])
    finding = _only(found.findings, "unknown_code")
    assert (finding.file, finding.line, finding.column, finding.value) == (
        "delayed_transfers.csv",
        4,
        "delay_reason_category",
        "bed_shortage",
    )
    frame = found.datasets["delayed_transfers"].frame
    assert list(frame["person_id"]) == ["P1", "P2"]
    assert list(frame["delay_reason_category"]) == ["social_care", "social_care"]


def test_a_question_code_not_in_the_survey_question_list_is_an_unknown_code(tmp_path: Path) -> None:
    """question_code takes its codes from survey_questions.yaml: a misspelt code is reported,
    not silently left out of every survey measure."""
    rows = [
        ("V1", CARDIFF, "2023-24", "adult", "feel_safe", "yes"),
        ("V2", CARDIFF, "2023-24", "adult", "feel_safe_typo", "yes"),
    ]
    write_extract(tmp_path, "survey_responses", rows)
    found = read(tmp_path, ["survey_responses"])
    finding = _only(found.findings, "unknown_code")
    assert (finding.line, finding.column, finding.record_id) == (3, "question_code", "V2")
    assert list(found.datasets["survey_responses"].frame["response_id"]) == ["V1"]


def test_a_finding_names_the_council_by_its_code_whatever_its_case(tmp_path: Path) -> None:
    """The council of a finding is how `pm explain --area` finds it, so it is the canonical code."""
    _write(tmp_path, HEADER + "\nE1,,w06000015,2023-06-01,2023-06-12,70\n")
    finding = _only(_findings(tmp_path), "missing_required")
    assert finding.la_code == CARDIFF


def test_an_invalid_boolean_is_a_finding(tmp_path: Path) -> None:
    rows = [
        ("R1", "P1", CARDIFF, "1940-01-01", "2023-06-01", "", "Y"),
        ("R2", "P2", CARDIFF, "1940-01-01", "2023-06-01", "", "maybe"),
    ]
    write_extract(tmp_path, "residential_care", rows)
    found = read(tmp_path, ["residential_care"])
    finding = _only(found.findings, "invalid_boolean")
    assert (finding.file, finding.line, finding.column, finding.record_id, finding.value) == (
        "residential_care.csv",
        3,
        "la_funded",
        "R2",
        "maybe",
    )
    assert list(found.datasets["residential_care"].frame["placement_id"]) == ["R1"]


def test_a_duplicate_id_keeps_the_first_row_and_reports_the_second(tmp_path: Path) -> None:
    _write(
        tmp_path,
        HEADER + "\n"
        "E1,P1,W06000015,2023-06-01,2023-06-12,70\n"  # line 2: kept
        "E2,P2,W06000015,2023-06-01,2023-06-12,70\n"  # line 3
        "E1,P9,W06000015,2023-07-01,2023-07-03,90\n"  # line 4: same id, same council
        "E1,P1,W06000011,2023-06-01,2023-06-12,70\n",  # line 5: same id in another council is fine
    )
    found = read(tmp_path, [APE])
    finding = _only(found.findings, "duplicate_id")
    assert (finding.file, finding.line, finding.column, finding.record_id, finding.la_code) == (
        f"{APE}.csv",
        4,
        "enquiry_id",
        "E1",
        CARDIFF,
    )
    frame = found.datasets[APE].frame
    assert sorted(zip(frame["la_code"], frame["enquiry_id"], frame["person_id"], strict=True)) == [
        (SWANSEA, "E1", "P1"),
        (CARDIFF, "E1", "P1"),
        (CARDIFF, "E2", "P2"),
    ]


def test_several_findings_are_all_listed_and_only_bad_records_left_out(tmp_path: Path) -> None:
    _write(
        tmp_path,
        HEADER + "\n"
        "E1,P1,W06000015,2023-06-01,2023-06-12,70\n"
        "E2,,W06000015,2023-06-01,2023-06-12,70\n"
        "E3,P3,W06000015,2023-06-01,2023-05-12,70\n"
        "E4,P4,W06000015,2023-06-01,2023-06-12,71\n"
        "E5,P5,XX,not a date,2023-06-12,70\n",
    )
    found = read(tmp_path, [APE])
    listed = sorted((f.line, f.column, f.code) for f in found.findings)
    assert listed == [
        (3, "person_id", "missing_required"),
        (4, "enquiry_completed_date", "end_before_start"),
        (6, "la_code", "unknown_la_code"),
        (6, "report_received_date", "invalid_date"),
    ]
    assert list(found.datasets[APE].frame["enquiry_id"]) == ["E1", "E4"]
    frame = found.findings_frame()
    assert list(frame.columns) == [
        "dataset",
        "file",
        "line",
        "column",
        "code",
        "value",
        "record_id",
        "la_code",
        "advice",
    ]
    assert len(frame) == 4


# --- files and folders that cannot be read ----------------------------------------------------


def test_missing_required_columns_are_all_named(tmp_path: Path) -> None:
    _write(tmp_path, "enquiry_id,person_id,enquiry_completed_date\nE1,P1,2023-06-12\n")
    with pytest.raises(InputError) as raised:
        read(tmp_path, [APE])
    message = str(raised.value)
    assert "la_code" in message
    assert "report_received_date" in message


def test_duplicate_column_names_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + ",LA_Code \nE1,P1,W06000015,2023-06-01,2023-06-12,70,W06000011\n")
    with pytest.raises(InputError, match="la_code"):
        read(tmp_path, [APE])


@pytest.mark.parametrize("content", ["", "\n", "\ufeff"])
def test_an_empty_file_is_refused(tmp_path: Path, content: str) -> None:
    _write(tmp_path, content)
    with pytest.raises(InputError):
        read(tmp_path, [APE])


def test_a_file_with_only_its_header_has_no_records_and_is_not_an_error(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "\n")
    found = read(tmp_path, [APE])
    assert found.findings == []
    assert found.datasets[APE].frame.empty


def test_a_folder_with_none_of_the_datasets_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "x,y\n1,2\n", name="something_else.csv")
    with pytest.raises(InputError):
        read(tmp_path, [APE, "child_assessments"])


def test_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read(tmp_path / "nowhere", [APE])


def test_a_dataset_that_is_missing_is_listed_not_fatal(tmp_path: Path) -> None:
    _write(tmp_path, HEADER + "\nE1,P1,W06000015,2023-06-01,2023-06-12,70\n")
    found = read(tmp_path, [APE, "child_assessments"])
    assert found.missing == ["child_assessments"]
    assert set(found.datasets) == {APE}


# --- split extracts, Parquet, declared date formats -------------------------------------------

ROWS = [
    ("E1", "000123", CARDIFF, "2023-06-01", "2023-06-12", "70"),
    ("E2", "P2", CARDIFF, "2023-06-01", "", ""),
    ("E3", "P3", SWANSEA, "2023-05-25", "2023-06-06", "85"),
    ("E4", "P4", SWANSEA, "2024-02-29", "2024-03-01", "19"),
]


def test_a_dataset_split_into_part_files_reads_as_one(tmp_path: Path) -> None:
    whole, split = tmp_path / "whole", tmp_path / "split"
    write_extract(whole, APE, ROWS)
    write_extract(split, APE, ROWS[:3], name=f"{APE}/part1.csv")
    write_extract(
        split,
        APE,
        ROWS[3:] + [("E5", "P5", CARDIFF, "2023-07-01", "2023-06-01", "")],
        name=f"{APE}/part2.csv",
    )
    found = read(split, [APE])
    pd.testing.assert_frame_equal(
        _comparable(found.datasets[APE].frame), _comparable(_frame(whole))
    )
    assert [p.name for p in found.datasets[APE].files] == ["part1.csv", "part2.csv"]
    # a finding in a part file names that file and its own line (header 1, E4 line 2, E5 line 3)
    finding = _only(found.findings, "end_before_start")
    assert (finding.file, finding.line, finding.record_id) == ("part2.csv", 3, "E5")
    assert set(found.digests) == {f"{APE}/part1.csv", f"{APE}/part2.csv"}


def test_a_duplicate_id_across_part_files_keeps_the_first_part(tmp_path: Path) -> None:
    write_extract(tmp_path, APE, [ROWS[0]], name=f"{APE}/part1.csv")
    write_extract(
        tmp_path,
        APE,
        [("E1", "P9", CARDIFF, "2023-09-01", "2023-09-02", "")],
        name=f"{APE}/part2.csv",
    )
    found = read(tmp_path, [APE])
    finding = _only(found.findings, "duplicate_id")
    assert (finding.file, finding.line) == ("part2.csv", 2)
    assert list(found.datasets[APE].frame["person_id"]) == ["000123"]


def _parquet_of(rows: list[tuple[str, ...]]) -> pa.Table:
    columns = HEADER.split(",")
    return pa.table({c: [r[i] or None for r in rows] for i, c in enumerate(columns)})


def test_parquet_with_text_columns_reads_the_same_as_csv(tmp_path: Path) -> None:
    write_extract(tmp_path / "csv", APE, ROWS)
    (tmp_path / "parquet").mkdir()
    pq.write_table(_parquet_of(ROWS), tmp_path / "parquet" / f"{APE}.parquet")
    pd.testing.assert_frame_equal(
        _comparable(_frame(tmp_path / "parquet")), _comparable(_frame(tmp_path / "csv"))
    )


def test_parquet_with_native_date_and_integer_columns_reads_the_same_as_csv(tmp_path: Path) -> None:
    write_extract(tmp_path / "csv", APE, ROWS)
    (tmp_path / "parquet").mkdir()

    def date(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    table = pa.table(
        {
            "enquiry_id": [r[0] for r in ROWS],
            "person_id": [r[1] for r in ROWS],
            "la_code": [r[2] for r in ROWS],
            "report_received_date": pa.array([date(r[3]) for r in ROWS], pa.date32()),
            "enquiry_completed_date": pa.array([date(r[4]) for r in ROWS], pa.date32()),
            "age_at_report": pa.array([int(r[5]) if r[5] else None for r in ROWS], pa.int64()),
        }
    )
    pq.write_table(table, tmp_path / "parquet" / f"{APE}.parquet")
    found = read(tmp_path / "parquet", [APE])
    assert found.findings == []
    pd.testing.assert_frame_equal(
        _comparable(found.datasets[APE].frame), _comparable(_frame(tmp_path / "csv"))
    )


def test_parquet_written_by_pandas_from_datetime_columns_reads_the_same_as_csv(
    tmp_path: Path,
) -> None:
    """pandas writes dates as timestamps at midnight: they are dates, not invalid ones."""
    write_extract(tmp_path / "csv", APE, ROWS)
    (tmp_path / "parquet").mkdir()
    frame = pd.DataFrame(ROWS, columns=HEADER.split(",")).replace("", None)
    for column in ("report_received_date", "enquiry_completed_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["age_at_report"] = pd.to_numeric(frame["age_at_report"]).astype("Int64")
    frame.to_parquet(tmp_path / "parquet" / f"{APE}.parquet", index=False)
    found = read(tmp_path / "parquet", [APE])
    assert found.findings == []
    pd.testing.assert_frame_equal(
        _comparable(found.datasets[APE].frame), _comparable(_frame(tmp_path / "csv"))
    )


def test_a_declared_day_first_date_format_reads_the_same_dates(tmp_path: Path) -> None:
    def day_first(text: str) -> str:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""

    write_extract(tmp_path / "iso", APE, ROWS)
    write_extract(
        tmp_path / "uk",
        APE,
        [(a, b, c, day_first(d), day_first(e), f) for a, b, c, d, e, f in ROWS],
    )
    uk = _frame(tmp_path / "uk", date_format="%d/%m/%Y")
    pd.testing.assert_frame_equal(_comparable(uk), _comparable(_frame(tmp_path / "iso")))
    # 01/06/2023 is the first of June, never the sixth of January
    assert uk.set_index("enquiry_id").loc["E1", "report_received_date"] == pd.Timestamp(
        "2023-06-01"
    )


def test_a_declared_date_format_still_reports_impossible_dates(tmp_path: Path) -> None:
    _write(
        tmp_path,
        csv_text(
            HEADER.split(","),
            [
                ("E1", "P1", CARDIFF, "01/06/2023", "12/06/2023", ""),
                ("E2", "P2", CARDIFF, "31/02/2023", "12/06/2023", ""),
            ],
        ),
    )
    found = read(tmp_path, [APE], date_format="%d/%m/%Y")
    finding = _only(found.findings, "invalid_date")
    assert (finding.line, finding.column, finding.value, finding.record_id) == (
        3,
        "report_received_date",
        "31/02/2023",
        "E2",
    )
    assert list(found.datasets[APE].frame["enquiry_id"]) == ["E1"]


def test_iso_dates_are_invalid_when_a_day_first_format_is_declared(tmp_path: Path) -> None:
    """Never guess silently between formats."""
    _write(tmp_path, HEADER + "\nE1,P1,W06000015,2023-06-01,2023-06-12,70\n")
    found = read(tmp_path, [APE], date_format="%d/%m/%Y")
    assert {f.code for f in found.findings} == {"invalid_date"}
    assert found.datasets[APE].frame.empty
