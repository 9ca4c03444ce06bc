"""A return as the bytes of a CSV file or an Excel workbook, the same bytes for the same
return.

CSV has no number formats, so its figures are written as text with the decimals they are
published with (85.0, 1204); Excel keeps them as numbers with those decimals as the cells'
number format, and holds the validation summary as a second sheet.
"""

from __future__ import annotations

import pandas as pd

from pm.cells import csv_bytes
from pm.engine.rounding import format_number
from pm.errors import UsageError
from pm.outputs import excel_bytes

RETURN_FORMATS = (".csv", ".xlsx")
FIGURES = ("value", "numerator", "denominator")


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
    table: pd.DataFrame,
    suffix: str,
    decimals: list[int],
    checks: pd.DataFrame | None = None,
) -> bytes:
    """The return in the format of `suffix`; `decimals` gives each row's value decimals;
    `checks` (the validation summary) becomes the workbook's second sheet."""
    if suffix.lower() == ".csv":
        return csv_bytes(_as_text(table, decimals))
    formats: dict[str, str | list[str]] = {
        "value": [_pattern(places) for places in decimals],
        "numerator": "#,##0",
        "denominator": "#,##0",
    }
    sheets = {"return": table}
    if checks is not None:
        sheets["validation"] = checks
    return excel_bytes(sheets, {"return": formats})


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
