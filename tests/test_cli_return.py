"""`pm return` on the command line: the files it writes (CSV with its validation beside it,
Excel with a validation sheet, read back with openpyxl), the same bytes twice, the
workspace's council by default, a 2016 return from hand-made extracts, and one line for
each mistake a user can make, with nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from engine_helpers import CARDIFF
from inprocess import digest_all, pm
from openpyxl import load_workbook
from return_helpers import (
    ASSESSMENTS_2016,
    ENQUIRIES_2016,
    write_data,
    write_data_2016,
    write_definitions,
)

RETURN = ("return", "data", "--framework", "wales-2020", "--year", "2024-25", "--area", "Cardiff")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli_return")
    write_definitions(root / "definitions")
    write_data(root / "data")
    return root


@pytest.fixture
def here(made: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(made)
    return made


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _run(*args: str) -> tuple[int, str]:
    return pm(*RETURN, "--definitions", "definitions", *args)


def test_csv_return_with_its_validation_data_quality_and_manifest(here: Path) -> None:
    code, said = _run("-o", "csv/return.csv")
    assert code == 0, said
    assert sorted(p.name for p in (here / "csv").iterdir()) == [
        "return.csv", "return.data-quality.csv", "return.manifest.json", "return.validation.csv",
    ]  # fmt: skip
    rows = _csv_rows(here / "csv/return.csv")
    shown = [
        (r["code"], r["part"], r["value"], r["numerator"], r["denominator"], r["status"])
        for r in rows
    ]
    assert shown == [
        ("", "", "80.0", "16", "20", "ok"),
        ("TT/001", "", "15", "", "", "ok"),
        ("TT/001a", "outcome=advice_assistance", "7", "", "", "ok"),
        ("TT/001b", "outcome=assessment", "", "", "", "withheld"),
        ("TT/001c", "outcome=signposted", "", "", "", "withheld"),
        ("TT/001d", "outcome=no_further_action", "0", "", "", "ok"),
        ("TT/002", "", "25", "", "", "ok"),
    ]
    validation = (here / "csv/return.validation.csv").read_text(encoding="utf-8").splitlines()
    assert validation[0] == "check,code,indicator,part,result,detail"
    assert "parts,TT/001,TT001,outcome,pass,the 4 parts add up to the total" in validation
    manifest = json.loads((here / "csv/return.manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_return"]["framework"] == "wales-2020"
    assert manifest["data_return"]["area"] == CARDIFF
    assert manifest["data_return"]["validation"] == {"pass": 6, "warning": 2}
    assert manifest["for_publication"] is True
    assert len(manifest["input_sha256"]) == 3  # the three extracts, with their digests
    # printed: the checks to look at, then the summary and the files
    assert "down 63% (2023-24: 40, now 15)" in said
    assert (
        "Validation: 6 passed, 2 to look at (8 checks): wales-2020 return of Cardiff for 2024-25"
        in said
    )
    assert "Wrote 7 rows to csv/return.csv" in said


def test_the_same_return_twice_is_the_same_bytes(here: Path) -> None:
    for folder in ("one", "two"):
        code, said = _run("-o", f"{folder}/r.csv")
        assert code == 0, said
    for name in ("r.csv", "r.validation.csv", "r.data-quality.csv"):
        assert (here / "one" / name).read_bytes() == (here / "two" / name).read_bytes(), name


def test_excel_return_holds_numbers_with_their_decimals_and_a_validation_sheet(here: Path) -> None:
    code, said = _run("-o", "xlsx/return.xlsx")
    assert code == 0, said
    assert sorted(p.name for p in (here / "xlsx").iterdir()) == [
        "return.data-quality.csv", "return.manifest.json", "return.xlsx",
    ]  # fmt: skip
    book = load_workbook(here / "xlsx/return.xlsx")
    assert book.sheetnames == ["return", "validation"]
    sheet = book["return"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["framework", "code", "part", "indicator"]
    column = {name: n for n, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2))
    enquiries, withheld, rounded = rows[0], rows[3], rows[6]
    assert enquiries[column["value"]].value == 80.0
    assert enquiries[column["value"]].number_format == "#,##0.0"
    assert enquiries[column["numerator"]].value == 16
    assert rounded[column["value"]].value == 25
    assert rounded[column["value"]].number_format == "#,##0"
    assert withheld[column["value"]].value is None
    assert withheld[column["status"]].value == "withheld"
    checks = book["validation"]
    assert [c.value for c in checks[1]] == [
        "check",
        "code",
        "indicator",
        "part",
        "result",
        "detail",
    ]
    assert checks.max_row == 9  # the header and 8 checks


def test_without_output_the_return_is_printed(here: Path) -> None:
    code, said = _run()
    assert code == 0, said
    assert "TT/001c" in said and "withheld" in said
    assert "80.0" in said


def test_the_workspace_council_and_data_are_the_defaults(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(here / "data", ws / "data")
    (ws / "pm.yaml").write_text("council: W06000015\n", encoding="utf-8")
    # --workspace sets PM_WORKSPACE in this process: set here, so that it is undone after
    monkeypatch.setenv("PM_WORKSPACE", str(ws))
    code, said = pm(
        "--workspace", ws, "return", "--year", "2024-25", "--definitions", "definitions",
        "-o", tmp_path / "r.csv",
    )  # fmt: skip
    assert code == 0, said
    monkeypatch.delenv("PM_WORKSPACE")
    code, given = _run("-o", str(tmp_path / "given.csv"))
    assert code == 0, given
    assert (tmp_path / "r.csv").read_bytes() == (tmp_path / "given.csv").read_bytes()


def test_a_2016_return_for_2019_20_names_the_measures_the_extracts_lack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PM18 and PM24 by hand from the extracts; every other measure of wales-2016 is
    missing (its data is not there) and named."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    write_data_2016(tmp_path / "data")
    code, said = pm(
        "return", "data", "--framework", "wales-2016", "--year", "2019-20", "--area",
        "Caerdydd", "-o", "r.csv",
    )  # fmt: skip
    assert code == 0, said
    rows = {r["indicator"]: r for r in _csv_rows(tmp_path / "r.csv")}
    done, within = ENQUIRIES_2016[(CARDIFF, 2019)]
    assert (rows["PM18"]["numerator"], rows["PM18"]["denominator"]) == (str(within), str(done))
    assert rows["PM18"]["value"] == "80.0" == f"{100 * within / done:.1f}"
    assert rows["PM18"]["code"] == "PM18"
    done, within = ASSESSMENTS_2016[(CARDIFF, 2019)]
    assert (rows["PM24"]["value"], rows["PM24"]["numerator"]) == ("70.0", str(within))
    assert rows["PM33"]["status"] == "no_data" and rows["PM33"]["value"] == ""
    checks = _csv_rows(tmp_path / "r.validation.csv")
    failed = {c["indicator"] for c in checks if c["check"] == "present" and c["result"] == "fail"}
    assert {"PM19", "PM33", "PM35"} <= failed
    assert not {"PM18", "PM24"} & failed
    change = {c["indicator"]: c for c in checks if c["check"] == "change"}
    # 10 of 12 (83.3) -> 12 of 15 (80.0): down 4.0%
    assert change["PM18"]["detail"] == "down 4% (2018-19: 83.3, now 80.0)"
    assert change["PM24"]["result"] == "pass"  # 100.0 -> 70.0: down 30%


# ------------------------------------------------------------------------ mistakes


ERRORS = {
    "unknown framework": (
        ("--framework", "wales-2030"),
        2,
        "there is no framework 'wales-2030'; pm knows wales-2016 (2016-17 to 2019-20), "
        "wales-2020 (2020-21 onward), local (any year).",
    ),
    "year outside the framework": (
        ("--framework", "wales-2016"),
        2,
        "wales-2016 applies to 2016-17 to 2019-20, so it has no return for 2024-25: choose a "
        "year from 2016-17 to 2019-20, or the framework in force in 2024-25",
    ),
    "a quarter": (
        ("--year", "2024-25 Q2"),
        2,
        "a return is for a whole financial year such as 2024-25, not '2024-25 Q2'",
    ),
    "not a council": (("--area", "Narnia"), 2, "'Narnia' is not a Welsh council"),
    "council not in the extracts": (
        ("--area", "Newport"),
        3,
        "the extracts in data hold no records of Newport (W06000022) for the measures of this "
        "return; they hold records for W06000011, W06000015:",
    ),
    "year with no data": (
        ("--year", "2021-22"),
        3,
        "the extracts in data hold no records of Cardiff for 2021-22 for any measure of "
        "wales-2020: choose a year they cover",
    ),
    "not csv or xlsx": (
        ("-o", "out/r.json"),
        2,
        "out/r.json: a return is written as .csv or .xlsx, not '.json'",
    ),
    "output is an extract": (
        ("-o", "data/iaa_contacts.csv"),
        2,
        "data/iaa_contacts.csv is one of the inputs of this command: the extract ",
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_each_mistake_is_one_line_and_nothing_is_written(here: Path, name: str) -> None:
    args, exit_code, message = ERRORS[name]
    before = digest_all(here)
    code, said = _run(*args, *([] if "-o" in args else ["-o", "out/r.csv"]))
    assert code == exit_code, said
    assert said.startswith(message), said
    assert "\n" not in said.strip()
    assert digest_all(here) == before  # nothing written, no temporary file left


def test_a_framework_without_definitions_is_named(here: Path) -> None:
    code, said = _run("--framework", "wales-2016", "--year", "2019-20")
    assert code == 2
    assert said.startswith("no definitions of wales-2016 are loaded")


def test_no_council_outside_a_workspace_is_a_usage_error(here: Path) -> None:
    code, said = pm("return", "data", "--year", "2024-25", "--definitions", "definitions")
    assert code == 2
    assert said.startswith("say whose return it is: --area")


def test_an_output_written_beside_the_return_may_not_be_an_input(here: Path) -> None:
    """A return named so that the data-quality report written beside it would replace a
    file of the extracts folder is refused, naming both."""
    shutil.copy(here / "data" / "iaa_contacts.csv", here / "data" / "x.data-quality.csv")
    try:
        before = digest_all(here)
        code, said = _run("-o", "data/x.csv")
        assert code == 2, said
        assert said.startswith(
            "data/x.data-quality.csv (written beside data/x.csv) is one of the inputs"
        )
        assert digest_all(here) == before
    finally:
        (here / "data" / "x.data-quality.csv").unlink()


def test_help_names_the_options() -> None:
    code, said = pm("return", "--help")
    assert code == 0
    for option in (
        "--framework",
        "--year",
        "--area",
        "--output",
        "--change-limit",
        "--definitions",
        "--encoding",
        "--date-format",
    ):
        assert option in said
