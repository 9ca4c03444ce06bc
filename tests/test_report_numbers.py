"""Every figure a report shows is the results table's figure, formatted by the one function.

HTML figures carry `data-src` (indicator|period|area|breakdown|column|decimals|signed):
each is looked up in the results table and formatted independently. Excel cells are
numbers equal to the table's value rounded half up. A few figures are also checked
against values worked out by hand.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import html5lib
import openpyxl
import pandas as pd
import pytest
from report_helpers import (
    CARDIFF,
    NEWPORT,
    compared_sample_results,
    rendered_sample,
    small_rows,
    write_csv,
)

from pm.definitions.loader import load_definitions
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.formatting import format_figure, rounded

TEMPLATES = ["annual_report", "scorecard", "indicator_page", "exceptions"]
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(small_rows(), tmp_path_factory.mktemp("numbers") / "results.csv")


def _render(
    definitions,
    results: Path,
    template: str,
    suffix: str,
    area: str = CARDIFF,  # type: ignore[no-untyped-def]
    year: str = "2023-24",
) -> Path:
    output = results.with_name(f"{template}-{area}-{year}{suffix}")
    write_report(
        ReportRequest(results=results, template=template, output=output, area=area, year=year),
        definitions,
    )
    return output


def _raw_table(path: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """The results file as text, read without pm's reader: the independent side of the check."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        (r["indicator"], r["period"], r["area"], r["breakdown"]): r
        for r in table.to_dict("records")
    }


def _expected(raw: dict, source: str) -> str:  # type: ignore[type-arg]
    indicator, period, area, breakdown, column, decimals, signed = source.split("|")
    row = raw[(indicator, period, area, breakdown)]
    if row["suppressed"].lower() == "true" and column in {
        "value",
        "lower_ci",
        "upper_ci",
        "numerator",
        "denominator",
    }:
        return "*"
    if column in {"previous_value", "change"} and row["suppressed"].lower() == "true":
        return ".."  # a withheld row loses its derived figures too (engine.schema: derived)
    if column in {"previous_value", "change"} and row["previous_period"]:
        earlier = raw.get((indicator, row["previous_period"], area, breakdown))
        if earlier and earlier["suppressed"].lower() == "true":
            return ".."  # last year's figure was withheld, and the change would reveal it
    if column in {"lower_quartile", "upper_quartile"} and row[column]:
        hidden = {
            float(r["value"])
            for (i, p, a, b), r in raw.items()
            if (i, p, b) == (indicator, period, breakdown) and r["suppressed"].lower() == "true"
        }
        if float(row[column]) in hidden:
            return ".."  # a quartile lying exactly on a withheld value would reveal it
    text = row[column]
    return format_figure(float(text) if text else None, int(decimals), signed=bool(signed))


def _figures(html: str) -> list[tuple[str, str]]:
    document = html5lib.parse(html)
    return [
        (element.get("data-src"), "".join(element.itertext()))
        for element in document.iter()
        if element.get("data-src") is not None
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_html_figure_is_the_results_figure_formatted(
    definitions, small: Path, template: str
) -> None:  # type: ignore[no-untyped-def]
    html = _render(definitions, small, template, ".html").read_text(encoding="utf-8")
    raw = _raw_table(small)
    figures = _figures(html)
    assert figures, "the report shows no figures"
    for source, text in figures:
        if not source:
            assert text == "..", "a figure without a source must be the 'not available' symbol"
            continue
        assert text == _expected(raw, source), source


def test_hand_worked_figures_in_the_annual_report(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    html = _render(definitions, small, "annual_report", ".html").read_text(encoding="utf-8")
    shown = dict(_figures(html))
    key = f"PM18|2023-24|{CARDIFF}|"
    assert shown[f"{key}|value|1|"] == "88.9"  # 88.85 rounds half up, though stored as 88.8499…
    assert shown[f"{key}|numerator|0|"] == "36,696"
    assert shown[f"{key}|denominator|0|"] == "41,300"
    assert shown[f"{key}|change|1|signed"] == "+1.2"  # 1.2286…
    assert shown[f"{key}|previous_value|1|"] == "87.6"  # 87.621…
    assert shown[f"{key}|benchmark_value|1|"] == "85.0"
    assert shown[f"{key}|target|1|"] == "95.0"
    assert shown[f"{key}|quartile|0|"] == "1"
    # PM21 2023-24: last year's mean (611.75) was withheld, so neither it nor the change shows.
    pm21 = f"PM21|2023-24|{CARDIFF}|"
    assert shown[f"{pm21}|previous_value|1|"] == ".."
    assert f"{pm21}|change|1|signed" not in shown and "-10.1" not in html
    assert shown[f"{pm21}|value|1|"] == "601.7"  # 601.65 half up


def test_the_council_whose_own_figure_is_withheld_shows_stars(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    html = _render(definitions, small, "annual_report", ".html", area=NEWPORT).read_text(
        encoding="utf-8"
    )
    shown = dict(_figures(html))
    key = f"PM27|2023-24|{NEWPORT}|"
    for column, decimals in (("value", 1), ("numerator", 0), ("denominator", 0)):
        assert shown[f"{key}|{column}|{decimals}|"] == "*"


def _excel_rows(path: Path) -> dict[str, list[dict[str, object]]]:
    workbook = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in workbook.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return sheets


def test_excel_holds_the_shown_numbers_as_numbers(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    path = _render(definitions, small, "annual_report", ".xlsx")
    raw = _raw_table(small)
    sheets = _excel_rows(path)
    assert [title[:3] for title in sheets] == ["QS2", "QS3"]  # one sheet per section with measures
    checked = 0
    for rows in sheets.values():
        for row in rows:
            source = raw[(row["Indicator"], row["Period"], row["Area code"], "")]
            hidden = source["suppressed"] == "true"
            for header, column, decimals in (
                ("Value", "value", 1),
                ("Numerator", "numerator", 0),
                ("Denominator", "denominator", 0),
                ("Lower 95% CI", "lower_ci", 1),
                ("Target", "target", 1),
            ):
                cell = row[header]
                if hidden:
                    assert cell == "*"
                elif source[column] == "":
                    assert cell == ".."
                else:
                    assert isinstance(cell, int | float), (
                        f"{header} of {row['Indicator']} is not a number"
                    )
                    assert cell == rounded(float(source[column]), decimals)
                    checked += 1
    assert checked >= 8
    pm18 = next(
        r
        for r in sheets[next(t for t in sheets if t.startswith("QS3"))]
        if r["Indicator"] == "PM18"
    )
    assert (pm18["Value"], pm18["Numerator"], pm18["Wales"], pm18["Change"]) == (
        88.9,
        36696,
        85.0,
        1.2,
    )
    assert pm18["Band"] == "✖ Off target" and pm18["Direction"] == "▲ Improved"


def test_excel_has_frozen_headers_number_formats_and_band_colours(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    path = _render(definitions, small, "scorecard", ".xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[1]
    assert sheet.freeze_panes == "C2"
    headers = [cell.value for cell in sheet[1]]
    value = sheet.cell(row=2, column=headers.index("Value") + 1)
    assert value.number_format == "#,##0.0"
    band_column = headers.index("Band") + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(band_column)
    ranges = [str(r.sqref) for r in sheet.conditional_formatting]
    assert any(r.startswith(f"{letter}2") for r in ranges), ranges
    rules = [rule for r in sheet.conditional_formatting for rule in r.rules]
    assert {"On target", "Off target", "Close to target"} <= {rule.text for rule in rules}


def test_excel_is_byte_stable(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    first = _render(definitions, small, "indicator_page", ".xlsx").read_bytes()
    second = _render(definitions, small, "indicator_page", ".xlsx").read_bytes()
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "xl/worksheets/sheet3.xml" in names  # About, Trend, Councils


@pytest.mark.parametrize("template", ["annual_report", "indicator_page"])
def test_figures_match_on_the_real_sample_results(definitions, template: str) -> None:  # type: ignore[no-untyped-def]
    results = compared_sample_results()
    html = rendered_sample(template, ".html").read_text(encoding="utf-8")
    raw = _raw_table(results)
    figures = _figures(html)
    assert len(figures) > 200
    for source, text in figures:
        if source:
            assert text == _expected(raw, source), source


def test_numeric_cells_hold_no_unsourced_numbers(definitions, small: Path) -> None:  # type: ignore[no-untyped-def]
    """Inside the figure columns every digit belongs to a sourced figure (or a label)."""
    html = _render(definitions, small, "annual_report", ".html").read_text(encoding="utf-8")
    document = html5lib.parse(html)
    for cell in document.iter(f"{NS}td"):
        if "num" not in (cell.get("class") or ""):
            continue
        loose = _text_outside_figures(cell)
        assert not re.search(r"\d", loose), f"unsourced number in a figure cell: {loose!r}"


def _text_outside_figures(element) -> str:  # type: ignore[no-untyped-def]
    text = element.text or ""
    for child in element:
        if child.get("data-src") is None and "sub" not in (child.get("class") or ""):
            text += _text_outside_figures(child)
        elif "sub" in (child.get("class") or ""):
            text += _text_outside_figures(child)
        text += child.tail or ""
    return text


def test_format_figure_rounds_half_up_and_marks_missing_and_withheld() -> None:
    assert format_figure(88.85) == "88.9"
    assert format_figure(2.675, 2) == "2.68"
    assert format_figure(-0.05) == "-0.1"
    assert format_figure(36696, 0) == "36,696"
    assert format_figure(1.2286, signed=True) == "+1.2"
    assert format_figure(-0.04, signed=True) == "0.0"
    assert format_figure(None) == ".." and format_figure(float("nan")) == ".."
    assert format_figure(42.857, suppressed=True) == "*"
    assert rounded(88.85) == 88.9 and rounded(None) is None
