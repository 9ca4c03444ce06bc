"""A return as the bytes of a CSV file or an Excel workbook, the same bytes for the same
return.

CSV has no number formats, so its figures are written as text with the decimals they are
published with (85.0, 1204); Excel keeps them as numbers with those decimals as the cells'
number format, and holds the validation summary as a second sheet.

Languages: a return may be written in English, Welsh or both (`Version`, one per language,
the first the return's own). The CSV is the form a system reads, so its column names and
every code are the same in any language: its text columns (`title`, `area_name`, `note`,
and `detail` in the validation summary) hold the first language's words, and a second
language adds its own after the rest (`title_en`, ...). The workbook is read by people:
each language has its two sheets with names and headers in that language, Welsh first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pm.cells import csv_bytes
from pm.engine.rounding import format_number
from pm.errors import UsageError
from pm.i18n import language, pgettext
from pm.outputs import excel_bytes

RETURN_FORMATS = (".csv", ".xlsx")
FIGURES = ("value", "numerator", "denominator")
TEXT_COLUMNS = ("title", "area_name", "note")  # words for people: in the return's language
CHECK_TEXT_COLUMNS = ("detail",)


@dataclass(frozen=True)
class Version:
    """The return and its validation summary in one language."""

    language: str
    table: pd.DataFrame
    checks: pd.DataFrame


def check_return_output(suffix: str, shown: str) -> None:
    """A return is written as CSV or Excel; say so before any time is spent computing."""
    if suffix.lower() not in RETURN_FORMATS:
        raise UsageError(
            f"{shown}: a return is written as .csv or .xlsx, not '{suffix or 'no extension'}'; "
            "end the file name with .csv or .xlsx"
        )


def _places(value: object, decimals: int) -> int:
    """Counts and sums of whole numbers are shown whole."""
    number = float(value)  # type: ignore[arg-type]
    return 0 if number == number and number.is_integer() else decimals


def return_bytes(
    versions: list[Version], suffix: str, decimals: list[int], with_checks: bool = True
) -> bytes:
    """The return in the format of `suffix`; `decimals` gives each row's value decimals;
    with `with_checks`, a workbook holds each language's validation summary after its
    return (a CSV return has its summary beside it: `checks_csv`)."""
    if suffix.lower() == ".csv":
        return csv_bytes(_as_text(_joined(versions, "table", TEXT_COLUMNS), decimals))
    sheets: dict[str, pd.DataFrame] = {}
    formats: dict[str, dict[str, str | list[str]]] = {}
    for version in versions:
        with language(version.language):
            name = pgettext("sheet", "return")
            sheets[name] = _headed(version.table)
            formats[name] = {
                _header("value"): [_pattern(places) for places in decimals],
                _header("numerator"): "#,##0",
                _header("denominator"): "#,##0",
            }
            if with_checks:
                sheets[pgettext("sheet", "validation")] = _headed(version.checks)
    return excel_bytes(sheets, formats)


def checks_csv(versions: list[Version]) -> pd.DataFrame:
    """The validation summary beside a CSV return, its text in every language asked for."""
    return _joined(versions, "checks", CHECK_TEXT_COLUMNS)


def _joined(versions: list[Version], which: str, texts: tuple[str, ...]) -> pd.DataFrame:
    """The first language's table, then each other language's texts as `<column>_<code>`."""
    first = getattr(versions[0], which).copy()
    for version in versions[1:]:
        other = getattr(version, which)
        for column in texts:
            first[f"{column}_{version.language}"] = other[column].to_numpy()
    return first


def _header(column: str) -> str:
    """A column of the return or its validation summary as a workbook's header says it in
    the language being written; in English, the column's own name (as in the CSV)."""
    headers = {
        "framework": pgettext("return column", "framework"),
        "code": pgettext("return column", "code"),
        "part": pgettext("return column", "part"),
        "indicator": pgettext("return column", "indicator"),
        "title": pgettext("return column", "title"),
        "year": pgettext("return column", "year"),
        "area": pgettext("return column", "area"),
        "area_name": pgettext("return column", "area_name"),
        "value": pgettext("return column", "value"),
        "numerator": pgettext("return column", "numerator"),
        "denominator": pgettext("return column", "denominator"),
        "unit": pgettext("return column", "unit"),
        "status": pgettext("return column", "status"),
        "note": pgettext("return column", "note"),
        "check": pgettext("return column", "check"),
        "result": pgettext("return column", "result"),
        "detail": pgettext("return column", "detail"),
    }
    return headers.get(column, column)


def _headed(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its headers in the language being written."""
    return table.rename(columns={column: _header(column) for column in table.columns})


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def _as_text(table: pd.DataFrame, decimals: list[int]) -> pd.DataFrame:
    """Figures as the text they are published as; empty where there is none."""
    shown = table.copy()
    for column in FIGURES:
        places = decimals if column == "value" else [0] * len(table)
        shown[column] = [
            format_number(v, p if column == "value" else _places(v, 2), thousands=False)
            for v, p in zip(table[column], places, strict=True)
        ]
    return shown
