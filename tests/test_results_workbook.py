"""`pm compute -o results.xlsx` is formatted like the report workbooks (issue 15 §5): a bold
frozen header with filters, number formats by each indicator's decimals, readable column
widths, a data-quality sheet; full-precision numbers; the same bytes every time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pm.results_io import read_results

INDICATORS = ["PM18", "LOC06", "MY03"]  # 1 decimal, 0 decimals, and a local one with 2


@pytest.fixture(scope="module")
def outputs(
    tmp_path_factory: pytest.TempPathFactory, repo_root: Path, start_pm: Callable[..., object]
) -> Path:
    folder = tmp_path_factory.mktemp("workbook")
    (folder / "pm.yaml").write_text("council: Cardiff\n", encoding="utf-8")
    (folder / "indicators").mkdir()
    text = (repo_root / "indicators" / "local" / "LOC05.yaml").read_text(encoding="utf-8")
    text = text.replace("id: LOC05", "id: MY03").replace("decimals: 1", "decimals: 2")
    (folder / "indicators" / "MY03.yaml").write_text(text, encoding="utf-8")
    ids = [a for i in INDICATORS for a in ("-i", i)]
    base = ["compute", str(repo_root / "sample_data"), "--year", "2023-24", *ids, "--compare"]
    runs = [start_pm(*base, "-o", name, cwd=folder) for name in ("r.xlsx", "again.xlsx", "r.csv")]
    for run in runs:
        done = run.result()  # type: ignore[attr-defined]
        assert done.returncode == 0, done.stderr
    return folder


def column_of(sheet, header: str) -> int:  # type: ignore[no-untyped-def]
    return [cell.value for cell in sheet[1]].index(header) + 1


def test_the_workbook_has_results_then_data_quality(outputs: Path) -> None:
    book = load_workbook(outputs / "r.xlsx")
    assert book.sheetnames == ["results", "data quality"]
    findings = pd.read_csv(outputs / "r.data-quality.csv", dtype=str, keep_default_na=False)
    quality = book["data quality"]
    assert [c.value for c in quality[1]] == list(findings.columns)
    assert quality.max_row == len(findings) + 1
    assert len(findings) > 0


@pytest.mark.parametrize("name", ["results", "data quality"])
def test_header_is_bold_frozen_and_filtered(outputs: Path, name: str) -> None:
    sheet = load_workbook(outputs / "r.xlsx")[name]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(sheet.max_column)
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    for number in range(1, sheet.max_column + 1):
        width = sheet.column_dimensions[get_column_letter(number)].width
        header = str(sheet.cell(row=1, column=number).value)
        assert 8 <= width <= 50 and width >= min(50, len(header) + 2), (header, width)


def test_figures_follow_the_indicator_s_decimals(outputs: Path) -> None:
    sheet = load_workbook(outputs / "r.xlsx")["results"]
    indicator, value = column_of(sheet, "indicator"), column_of(sheet, "value")
    numerator, upper = column_of(sheet, "numerator"), column_of(sheet, "upper_ci")
    expected = {"PM18": "#,##0.0", "LOC06": "#,##0", "MY03": "#,##0.00"}
    seen = set()
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=value)
        if cell.value is None:
            continue
        code = sheet.cell(row=row, column=indicator).value
        seen.add(code)
        assert cell.number_format == expected[code], (code, cell.number_format)
        bound = sheet.cell(row=row, column=upper)
        if bound.value is not None:
            assert bound.number_format == expected[code]
        count = sheet.cell(row=row, column=numerator)
        if count.value is not None:
            assert count.number_format == "#,##0"
    assert seen == set(expected)


def test_numbers_are_numbers_at_full_precision(outputs: Path) -> None:
    """The format rounds what is shown; the cell keeps what pm computed (the CSV's value,
    to the 16 significant digits openpyxl writes)."""
    from_excel = read_results(outputs / "r.xlsx")
    from_csv = read_results(outputs / "r.csv")
    pd.testing.assert_series_equal(from_excel["value"], from_csv["value"], rtol=1e-15, atol=0)
    assert (from_excel["breakdown"] == from_csv["breakdown"]).all()
    sheet = load_workbook(outputs / "r.xlsx")["results"]
    values = [c.value for c in next(sheet.iter_cols(min_col=column_of(sheet, "value"), min_row=2))]
    assert any(isinstance(v, float) and round(v, 2) != v for v in values)


def test_the_same_inputs_give_the_same_bytes(outputs: Path) -> None:
    assert (outputs / "r.xlsx").read_bytes() == (outputs / "again.xlsx").read_bytes()
