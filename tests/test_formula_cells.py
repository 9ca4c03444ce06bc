"""No cell of pm's output becomes a formula (issue 14 §2).

Every command that writes a spreadsheet or a CSV file is run on a workspace whose team
names, ids, services, local definition titles, comparator group and data-quality values
begin with `=`, `+`, `-`, `@` or a tab; each workbook is opened with openpyxl and each CSV
parsed cell by cell.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hostile_helpers import CARDIFF, FORMULAS, GROUP, TITLE, make_workspace
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from pm.cells import TRIGGERS, csv_bytes, neutralise, restore, set_cell, xlsx_text
from pm.outputs import excel_bytes

PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def runs_as_formula(cell: str) -> bool:
    """Would a spreadsheet read this CSV cell as a formula (OWASP's trigger characters)?"""
    return cell[:1] in TRIGGERS and not PLAIN_NUMBER.fullmatch(cell)


def csv_cells(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and lines[0].startswith("# OFFICIAL-SENSITIVE"):  # the audit sample's marking
        lines = lines[1:]
    return [cell for row in csv.reader(io.StringIO("".join(lines))) for cell in row]


def assert_csv_safe(path: Path, *expected: str) -> None:
    cells = csv_cells(path)
    running = [cell for cell in cells if runs_as_formula(cell)]
    assert running == [], f"{path.name}: cells that would run as formulas: {running[:5]}"
    for text in expected:  # the hostile text is there, made harmless
        assert "'" + text in cells or any(("'" + text) in c for c in cells), (path.name, text)


def xlsx_cells(path: Path) -> list:  # type: ignore[type-arg]
    workbook = load_workbook(path)
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_xlsx_safe(path: Path, *expected: str) -> None:
    cells = xlsx_cells(path)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == [], f"{path.name}: formula cells {formulas[:5]}"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for text in expected:  # stored as text, exactly (or inside a longer text)
        assert any(text in value for value in texts), (path.name, text)


# ------------------------------------------------------------------------ the rule itself


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://x","y")', "+SUM(1)", "-2+3", "@SUM(A1)", "\tx", "\rx", "=", "-"],
)
def test_each_trigger_character_gets_a_quote(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["-3", "+4", "-0.5", "-1e5", "Cardiff", "team=North", "", "'x"])
def test_numbers_and_ordinary_text_are_left_alone(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


def test_text_that_already_starts_with_a_quote_keeps_it_on_the_way_back() -> None:
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"


@given(st.text(max_size=12))
def test_neutralised_text_never_runs_and_always_comes_back(text: str) -> None:
    written = neutralise(text)
    assert not runs_as_formula(written)
    assert restore(written) == text


def test_csv_keeps_number_columns_as_numbers() -> None:
    frame = pd.DataFrame({"team": ["=A1", "-5"], "change": [-1.5, 2.0], "n": [-3, 4]})
    text = csv_bytes(frame).decode()
    assert text == "team,change,n\n'=A1,-1.5,-3\n-5,2.0,4\n"


def test_excel_text_is_never_a_formula_or_an_error_code(tmp_path: Path) -> None:
    frame = pd.DataFrame({"text": ["=1+1", "#N/A", "=", "plain\x1bend"], "n": [1.0, 2.0, 3.0, 4.0]})
    path = tmp_path / "t.xlsx"
    path.write_bytes(excel_bytes({"s": frame}))
    cells = load_workbook(path)["s"]
    assert [cells[f"A{r}"].value for r in range(2, 6)] == ["=1+1", "#N/A", "=", "plain\ufffdend"]
    assert {cells[f"A{r}"].data_type for r in range(2, 6)} == {"s"}
    assert [cells[f"B{r}"].value for r in range(2, 6)] == [1, 2, 3, 4]


def test_set_cell_stores_text_as_text() -> None:
    from openpyxl import Workbook

    sheet = Workbook().active
    set_cell(sheet["A1"], "=SUM(1)")
    set_cell(sheet["A2"], 3.5)
    assert (sheet["A1"].data_type, sheet["A1"].value) == ("s", "=SUM(1)")
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("n", 3.5)


# ------------------------------------------------------------------- every command's files


@pytest.fixture(scope="module")
def outputs(
    tmp_path_factory: pytest.TempPathFactory, start_pm: Callable[..., object]
) -> dict[str, object]:
    """Every output file of every command that writes CSV or Excel, from hostile inputs."""
    workspace = make_workspace(tmp_path_factory.mktemp("hostile"))
    run = lambda *args: start_pm(*args, cwd=workspace)  # noqa: E731
    year = ("--year", "2023-24", "-i", "MY01", "--breakdown", "team", "--compare")
    first = [
        run("compute", "data", *year, "-o", "out/r.csv"),
        run("compute", "data", *year, "-o", "out/x.xlsx"),
        run("compute", "data", *year, "-o", "out/p.parquet"),
        run("explain", "MY01", "--data", "data", "--year", "2023-24", "--area", "Cardiff", "-o", "out/t.csv"),
        run("explain", "MY01", "--data", "data", "--year", "2023-24", "--area", "Cardiff", "-o", "out/t.xlsx"),
        run("explain", "MY01", "--data", "data", "--year", "2023-24", "--area", "Cardiff"),
        run("audit-sample", "safeguarding_referrals", "--data", "data", "--area", "Cardiff",
            "--size", "25", "--seed", "7", "--stratify", "team", "-o", "out/a.csv"),
        run("list", "--framework", "local", "--format", "csv"),
    ]  # fmt: skip
    results = {"piped_trail": first[5].result(), "list": first[7].result()}  # type: ignore[attr-defined]
    for started in first:
        assert started.result().returncode == 0, started.result().stderr  # type: ignore[attr-defined]
    second = [
        run("compare", "out/r.csv", "-o", "out/c.csv"),
        run("compare", "out/r.csv", "-o", "out/c.xlsx"),
        *[
            run("report", "out/r.csv", "-t", template, "-o", f"out/{template}.xlsx")
            for template in ("annual_report", "scorecard", "indicator_page", "exceptions")
        ],
    ]
    for started in second:
        assert started.result().returncode == 0, started.result().stderr  # type: ignore[attr-defined]
    return {"folder": workspace / "out", **results}


TEAM = "team=" + FORMULAS[0]


def test_results_csv_holds_no_formula(outputs: dict[str, object]) -> None:
    folder = outputs["folder"]
    assert isinstance(folder, Path)
    assert_csv_safe(folder / "r.csv", GROUP)  # team cells start "team=", the group with "="
    assert_csv_safe(folder / "c.csv", GROUP)


def test_data_quality_report_holds_no_formula(outputs: dict[str, object]) -> None:
    folder = outputs["folder"]
    assert isinstance(folder, Path)
    # an unreadable date, an unknown council and a hostile id, as the extract had them
    assert_csv_safe(folder / "r.data-quality.csv", "=1+1", "@W06", "=9+9")


def test_explain_trail_and_audit_sample_hold_no_formula(outputs: dict[str, object]) -> None:
    folder = outputs["folder"]
    assert isinstance(folder, Path)
    assert_csv_safe(folder / "t.csv", FORMULAS[0], "=0+1", "@SUM(0)")
    assert_csv_safe(folder / "a.csv", FORMULAS[0], "+SUM(1,2)", "@SUM(1)")


def test_csv_printed_on_stdout_holds_no_formula(outputs: dict[str, object], tmp_path: Path) -> None:
    for name, expected in (("piped_trail", FORMULAS[0]), ("list", TITLE.split(" ")[0])):
        result = outputs[name]
        path = tmp_path / f"{name}.csv"
        path.write_text(result.stdout.split("\n", 1)[1] if name == "piped_trail" else result.stdout)  # type: ignore[attr-defined]
        assert_csv_safe(path, expected)


@pytest.mark.parametrize(
    "name",
    ["x.xlsx", "c.xlsx", "t.xlsx", "annual_report.xlsx", "scorecard.xlsx", "indicator_page.xlsx",
     "exceptions.xlsx"],
)  # fmt: skip
def test_workbooks_hold_no_formula_cells(outputs: dict[str, object], name: str) -> None:
    folder = outputs["folder"]
    assert isinstance(folder, Path)
    expected = {
        "x.xlsx": [TEAM, GROUP, "=1+1"],  # results, and the data-quality sheet
        "c.xlsx": [TEAM, GROUP],
        "t.xlsx": [FORMULAS[0], "=0+1", "@SUM(0)"],
        "annual_report.xlsx": ['=HYPERLINK("http://example.invalid","Click")'],
        "scorecard.xlsx": ['=HYPERLINK("http://example.invalid","Click")'],
    }.get(name, [])
    assert_xlsx_safe(folder / name, *expected)


def test_results_read_back_as_they_were_written(outputs: dict[str, object]) -> None:
    """The quote is pm's own: reading the CSV back gives the table the Parquet file holds."""
    from pm.results_io import read_results

    folder = outputs["folder"]
    assert isinstance(folder, Path)
    from_csv = read_results(folder / "r.csv")
    from_parquet = read_results(folder / "p.parquet")
    from_excel = read_results(folder / "x.xlsx")
    for column in ("breakdown", "area_name", "comparator_group", "status"):
        assert from_csv[column].tolist() == from_parquet[column].tolist()
        # an Excel file cannot hold control characters: they come back as U+FFFD
        assert from_excel[column].tolist() == [xlsx_text(v) for v in from_parquet[column]]
    assert TEAM in set(from_csv["breakdown"])
    assert GROUP in set(from_csv.loc[from_csv["area"] == CARDIFF, "comparator_group"])
