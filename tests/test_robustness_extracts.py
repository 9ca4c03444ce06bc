"""Issue 8, extracts: every way a council's file can be broken gets either one line that
names the file and line and says what to do (exit 3, nothing written), or a completed run
whose data-quality report names the file, line and column. Inputs are never changed."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, councils, definitions, digests, read, run_pm_many

from pm.data.reader import read_extracts
from pm.errors import EXIT_INPUT, InputError

APE = "adult_protection_enquiries"
HEADER = b"enquiry_id,person_id,la_code,report_received_date,enquiry_completed_date,age_at_report"
GOOD = b"E1,P1,W06000015,2023-06-01,2023-06-12,70"


def _folder(tmp_path: Path, content: bytes, name: str = f"{APE}.csv") -> Path:
    folder = tmp_path / "extracts"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(content)
    return folder


def _refusal(folder: Path, **options: str) -> str:
    with pytest.raises(InputError) as raised:
        read_extracts(folder, definitions().datasets, [APE], councils(), **options)
    assert raised.value.exit_code == EXIT_INPUT
    message = str(raised.value)
    assert "\n" not in message  # one line
    return message


# --- files that cannot be read: exit 3 with the file, the line and what to do ----------------

UNREADABLE: dict[str, tuple[bytes, list[str]]] = {
    "empty file": (b"", ["the file is empty", "export the extract again with its header row"]),
    "semicolon delimiter": (
        HEADER.replace(b",", b";") + b"\n" + GOOD.replace(b",", b";") + b"\n",
        ["looks semicolon-separated", "CSV UTF-8 (Comma delimited)"],
    ),
    "tab delimiter": (
        HEADER.replace(b",", b"\t") + b"\n" + GOOD.replace(b",", b"\t") + b"\n",
        ["looks tab-separated", "comma-separated"],
    ),
    "windows-1252 text": (
        HEADER + b",team\n" + GOOD + b",T\xeem Diogelu\n",
        ["line 2: the text is not UTF-8 (byte 0xEE)", "--encoding cp1252"],
    ),
    "a row with too many fields": (
        HEADER + b"\n" + GOOD + b"\nE2,P2,W06000015,2023-06-01,2023-06-12,70,Smith, J\n",
        ["line 3: 8 values where the header has 6 columns", "double quotes"],
    ),
    "a row with too few fields": (
        HEADER + b"\n" + GOOD + b"\n" + GOOD + b"\nE3,P3,W06000015,2023-06-01\n",
        ["line 4: 4 values where the header has 6 columns", "empty cell"],
    ),
    "a file cut off mid-row": (
        HEADER + b"\n" + GOOD + b"\nE2,P2,W0600",
        ["line 3: the file ends part-way through this row", "export the extract again in full"],
    ),
    "a file cut off inside a quoted value": (
        HEADER + b",team\n" + GOOD + b',a\nE2,P2,W06000015,2023-06-01,2023-06-12,70,"Tim\n',
        [
            "line 3: a quoted value starts on this row and is never closed",
            "export the extract again in full",
        ],
    ),
    "binary garbage": (bytes(range(256)) * 8, ["line 1: the file holds binary data, not CSV text"]),
    "binary garbage after a good header": (
        HEADER + b"\n" + GOOD + b"\n" + bytes(b for b in range(1, 256) if b not in (10, 13)) * 4,
        ["line 3: the file holds binary data, not CSV text"],
    ),
    "a zero byte in a row": (
        HEADER + b"\n" + GOOD + b"\nE2,P\x002,W06000015,2023-06-01,,\n",
        ["line 3: the file holds binary data"],
    ),
    "an Excel workbook named .csv": (
        b"PK\x03\x04" + bytes(200),
        ["this is an Excel workbook (.xlsx)", "Save As"],
    ),
    "UTF-16 text": (
        (HEADER + b"\n" + GOOD + b"\n").decode().encode("utf-16"),
        ["saved as UTF-16", "CSV UTF-8"],
    ),
    "missing required columns": (
        b"enquiry_id,age_at_report\nE1,70\n",
        ["required column(s) missing: person_id, la_code, report_received_date."],
    ),
    "duplicate column names": (
        HEADER + b", LA_Code ,Person_ID\n" + GOOD + b",x,y\n",
        ["the column(s) la_code, person_id appear more than once; keep one of each"],
    ),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_extract_is_refused_with_its_file_line_and_what_to_do(
    tmp_path: Path, case: str
) -> None:
    content, expected = UNREADABLE[case]
    folder = _folder(tmp_path, content)
    message = _refusal(folder)
    assert message.startswith(str(folder / f"{APE}.csv")), message
    for part in expected:
        assert part in message, message


def test_a_folder_with_none_of_the_needed_extracts_names_what_it_expected(tmp_path: Path) -> None:
    folder = _folder(tmp_path, b"x,y\n1,2\n", name="something_else.csv")
    with pytest.raises(InputError) as raised:
        read(folder, [APE, "child_assessments"])
    assert str(raised.value) == (
        f"{folder}: none of the needed extracts is there; expected files such as "
        "adult_protection_enquiries.csv, child_assessments.csv."
    )


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    from pm.errors import UsageError

    folder = _folder(tmp_path, HEADER + b"\n" + GOOD + b"\n")
    with pytest.raises(UsageError, match="--encoding 'latin-9x' is not a text encoding"):
        read_extracts(folder, definitions().datasets, [APE], councils(), encoding="latin-9x")


@pytest.mark.parametrize("date_format", ["dd/mm/yyyy", "%d/%m", "%Q"])
def test_a_date_format_that_cannot_read_a_date_is_a_usage_error(
    tmp_path: Path, date_format: str
) -> None:
    from pm.errors import UsageError

    folder = _folder(tmp_path, HEADER + b"\n" + GOOD + b"\n")
    with pytest.raises(UsageError, match="such as %d/%m/%Y"):
        read(folder, [APE], date_format=date_format)


# --- files that must just work ------------------------------------------------------------------


def test_header_only_without_a_final_line_break_has_no_records(tmp_path: Path) -> None:
    found = read(_folder(tmp_path, b"\xef\xbb\xbf" + HEADER), [APE])
    assert found.findings == [] and found.datasets[APE].frame.empty


def test_crlf_a_byte_order_mark_and_quoted_line_breaks_just_work_and_lines_stay_true(
    tmp_path: Path,
) -> None:
    content = (
        b"\xef\xbb\xbf"
        + HEADER
        + b",team\r\n"
        + GOOD
        + b',"Tim Diogelu\r\nAdult Safeguarding"\r\n'  # lines 2-3
        + b"\r\n"  # line 4: blank
        + b'E2,P2,W06000015,2023-06-01,2023-06-12,seventy,"A, B"\r\n'  # line 5
        + b"E3,P3,W06000015,2023-06-01,2023-06-12,71,\r\n"  # line 6
    )
    found = read(_folder(tmp_path, content), [APE])
    frame = found.datasets[APE].frame
    assert list(frame["enquiry_id"]) == ["E1", "E3"]
    assert frame.loc[0, "team"] == "Tim Diogelu\r\nAdult Safeguarding"
    assert list(frame["__line__"]) == [2, 6]
    [finding] = found.findings
    assert (finding.file, finding.line, finding.column, finding.code, finding.value) == (
        f"{APE}.csv",
        5,
        "age_at_report",
        "invalid_number",
        "seventy",
    )


def test_windows_1252_text_reads_with_the_encoding_option(tmp_path: Path) -> None:
    folder = _folder(tmp_path, HEADER + b",team\r\n" + GOOD + b",T\xeem Diogelu \x96 Gwynedd\r\n")
    found = read_extracts(folder, definitions().datasets, [APE], councils(), encoding="cp1252")
    assert found.findings == []
    assert found.datasets[APE].frame.loc[0, "team"] == "Tîm Diogelu – Gwynedd"


def test_identifiers_with_leading_zeros_are_kept_as_written(tmp_path: Path) -> None:
    found = read(
        _folder(
            tmp_path,
            HEADER + b"\n007,000123,W06000015,2023-06-01,,\n7,00123,W06000015,2023-06-01,,\n",
        ),
        [APE],
    )
    frame = found.datasets[APE].frame
    assert found.findings == []
    assert list(frame["enquiry_id"]) == ["007", "7"]  # two different enquiries, not a duplicate
    assert list(frame["person_id"]) == ["000123", "00123"]


# --- values that are wrong: findings at file, line and column; the run completes --------------


def _one_finding(tmp_path: Path, row: bytes, **options: str):  # type: ignore[no-untyped-def]
    found = read(_folder(tmp_path, HEADER + b"\n" + GOOD + b"\n" + row + b"\n"), [APE], **options)
    assert len(found.findings) == 1, found.findings
    assert list(found.datasets[APE].frame["enquiry_id"]) == ["E1"]
    return found.findings[0]


def test_a_day_first_date_when_iso_is_declared_suggests_the_date_format_option(
    tmp_path: Path,
) -> None:
    finding = _one_finding(tmp_path, b"E2,P2,W06000015,01/06/2023,,70")
    assert (finding.file, finding.line, finding.column, finding.code, finding.value) == (
        f"{APE}.csv",
        3,
        "report_received_date",
        "invalid_date",
        "01/06/2023",
    )
    assert "run again with --date-format %d/%m/%Y" in finding.advice


def test_an_excel_serial_date_says_to_format_the_column_as_a_date(tmp_path: Path) -> None:
    finding = _one_finding(tmp_path, b"E2,P2,W06000015,45078,,70")
    assert (finding.line, finding.column, finding.code, finding.value) == (
        3,
        "report_received_date",
        "invalid_date",
        "45078",
    )
    assert "Excel date serial number" in finding.advice
    assert "format the column as a date" in finding.advice


def test_an_iso_date_when_day_first_is_declared_says_so(tmp_path: Path) -> None:
    content = HEADER + b"\nE1,P1,W06000015,01/06/2023,,70\nE2,P2,W06000015,2023-06-01,,70\n"
    found = read(_folder(tmp_path, content), [APE], date_format="%d/%m/%Y")
    [finding] = found.findings
    assert (finding.line, finding.code, finding.value) == (3, "invalid_date", "2023-06-01")
    assert "declared format is %d/%m/%Y" in finding.advice


@pytest.mark.parametrize(("age", "line"), [(b"-4", 3), (b"999", 3), (b"17", 3)])
def test_a_negative_or_absurd_age_is_out_of_range(tmp_path: Path, age: bytes, line: int) -> None:
    finding = _one_finding(tmp_path, b"E2,P2,W06000015,2023-06-01,2023-06-12," + age)
    assert (finding.line, finding.column, finding.code, finding.value) == (
        line,
        "age_at_report",
        "out_of_range",
        age.decode(),
    )


def test_a_birth_date_that_makes_an_age_negative_is_end_before_start(tmp_path: Path) -> None:
    header = "placement_id,person_id,la_code,date_of_birth,admission_date,discharge_date,la_funded"
    rows = "R1,P1,W06000015,1940-01-01,2023-06-01,,Y\nR2,P2,W06000015,2031-01-01,2023-06-01,,Y\n"
    found = read(
        _folder(tmp_path, (header + "\n" + rows).encode(), "residential_care.csv"),
        ["residential_care"],
    )
    [finding] = found.findings
    assert (finding.line, finding.column, finding.code) == (3, "admission_date", "end_before_start")


@pytest.mark.parametrize(
    ("row", "column", "value"),
    [
        (b"E2,P2,W06000015,2023-06-01,2203-06-12,70", "enquiry_completed_date", "2203-06-12"),
        (b"E2,P2,W06000015,3023-06-01,,70", "report_received_date", "3023-06-01"),
        (b"E2,P2,W06000015,1023-06-01,,70", "report_received_date", "1023-06-01"),
        (b"E2,P2,W06000015,2023-06-01,2100-01-01,70", "enquiry_completed_date", "2100-01-01"),
    ],
)
def test_a_date_far_in_the_future_or_past_is_an_implausible_date(
    tmp_path: Path, row: bytes, column: str, value: str
) -> None:
    finding = _one_finding(tmp_path, row)
    assert (finding.line, finding.column, finding.code, finding.value) == (
        3,
        column,
        "implausible_date",
        value,
    )


def test_the_last_plausible_day_is_still_read(tmp_path: Path) -> None:
    found = read(_folder(tmp_path, HEADER + b"\nE1,P1,W06000015,1900-01-01,2099-12-31,70\n"), [APE])
    assert found.findings == []
    assert found.datasets[APE].frame.loc[0, "enquiry_completed_date"] == pd.Timestamp("2099-12-31")


# --- the real command line: exit codes, one line, nothing written, inputs untouched ------------

CLI_REFUSED = [
    "semicolon delimiter",
    "windows-1252 text",
    "a row with too many fields",
    "a row with too few fields",
    "a file cut off mid-row",
    "binary garbage",
    "missing required columns",
    "duplicate column names",
    "empty file",
]
CLI_FINDINGS = {
    "day-first": (b"E2,P2,W06000015,01/06/2023,,70", 3, "report_received_date", "invalid_date"),
    "excel serial": (b"E2,P2,W06000015,45078,,70", 3, "report_received_date", "invalid_date"),
    "absurd age": (
        b"E2,P2,W06000015,2023-06-01,2023-06-12,430",
        3,
        "age_at_report",
        "out_of_range",
    ),
    "far future": (
        b"E2,P2,W06000015,2023-06-01,2203-06-12,70",
        3,
        "enquiry_completed_date",
        "implausible_date",
    ),
}
PREVIOUS = b"indicator,period\nprevious,output\n"


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:  # type: ignore[type-arg]
    """Each case run once through `pm compute --output`, with an earlier output in place."""
    root = tmp_path_factory.mktemp("cli")
    cases: dict[str, bytes] = {name: UNREADABLE[name][0] for name in CLI_REFUSED}
    for name, (row, *_rest) in CLI_FINDINGS.items():
        cases[name] = HEADER + b"\r\n" + GOOD + b"\r\n" + row + b"\r\n"
    cases["cp1252 with --encoding"] = HEADER + b",team\n" + GOOD + b",T\xeem\n"
    runs, before = {}, {}
    for number, (name, content) in enumerate(sorted(cases.items())):
        data, out = root / f"case{number}" / "data", root / f"case{number}" / "out"
        data.mkdir(parents=True)
        out.mkdir()
        (data / f"{APE}.csv").write_bytes(content)
        (out / "results.csv").write_bytes(PREVIOUS)
        before[name] = digests(data)
        extra = ["--encoding", "cp1252"] if "encoding" in name else []
        runs[name] = (
            [
                "compute",
                data,
                "--year",
                "2023-24",
                "--indicator",
                "PM18",
                "--output",
                out / "results.csv",
                *extra,
            ],
            None,
        )
    done = run_pm_many(runs)
    return {
        name: (done[name], root / f"case{n}", before[name]) for n, name in enumerate(sorted(cases))
    }


@pytest.mark.parametrize("case", CLI_REFUSED)
def test_cli_refuses_an_unreadable_extract_in_one_line_with_exit_3_and_writes_nothing(
    cli_runs: dict, case: str
) -> None:
    result, folder, before = cli_runs[case]
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert str(folder / "data" / f"{APE}.csv") in lines[0]
    for part in UNREADABLE[case][1]:
        assert part in lines[0]
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["results.csv"]
    assert (folder / "out" / "results.csv").read_bytes() == PREVIOUS  # the earlier output is intact
    assert digests(folder / "data") == before


@pytest.mark.parametrize("case", sorted(CLI_FINDINGS))
def test_cli_completes_with_a_finding_at_file_line_and_column(cli_runs: dict, case: str) -> None:
    result, folder, before = cli_runs[case]
    _row, line, column, code = CLI_FINDINGS[case]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    with (folder / "out" / "results.data-quality.csv").open(encoding="utf-8", newline="") as stream:
        quality = list(csv.DictReader(stream))
    assert [(q["file"], q["line"], q["column"], q["code"]) for q in quality] == [
        (f"{APE}.csv", str(line), column, code)
    ]
    assert quality[0]["advice"]
    assert digests(folder / "data") == before
    results = pd.read_csv(folder / "out" / "results.csv", dtype=str, keep_default_na=False)
    cardiff = results[(results["area"] == CARDIFF) & (results["breakdown"] == "")].iloc[0]
    # E1 only (received Thu 1 June, completed Mon 12 June: 7 working days, within); E2 left out
    assert (cardiff["numerator"], cardiff["denominator"]) == ("1", "1")


def test_cli_day_first_dates_are_summed_up_on_the_terminal_and_explained_in_the_report(
    cli_runs: dict,
) -> None:
    """The console gives one line per dataset and points to the data-quality report, which
    holds the line, the value and the advice."""
    result, folder, _before = cli_runs["day-first"]
    quality_file = folder / "out" / "results.data-quality.csv"
    assert result.stderr.splitlines()[:2] == [
        "warning: 1 record(s) left out for data-quality problems; each is listed, with its "
        f"line and what to do, in {quality_file}:",
        "  adult_protection_enquiries: 1 record(s): 1 invalid_date",
    ]
    with quality_file.open(encoding="utf-8", newline="") as stream:
        [finding] = list(csv.DictReader(stream))
    assert (finding["line"], finding["column"], finding["value"]) == (
        "3",
        "report_received_date",
        "01/06/2023",
    )
    assert "run again with --date-format %d/%m/%Y" in finding["advice"]


def test_cli_reads_windows_1252_with_the_encoding_option(cli_runs: dict) -> None:
    result, folder, before = cli_runs["cp1252 with --encoding"]
    assert result.returncode == 0, result.stderr
    assert (folder / "out" / "results.csv").read_bytes() != PREVIOUS
    assert digests(folder / "data") == before


def test_cli_refuses_an_unknown_encoding_with_exit_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path, HEADER + b"\n" + GOOD + b"\n")
    result = run_pm_many(
        {
            "x": (
                [
                    "compute",
                    folder,
                    "--year",
                    "2023-24",
                    "--indicator",
                    "PM18",
                    "--encoding",
                    "klingon",
                ],
                None,
            )
        }
    )["x"]
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: --encoding 'klingon' is not a text encoding pm knows; use utf-8 (the default) or cp1252."
    )
