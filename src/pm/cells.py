"""Cells a spreadsheet will open: text from the data never becomes a formula.

Extracts, definitions and workspace files are written by other people, and a cell such
as `=HYPERLINK("http://…")` would run as a formula when an analyst opens pm's output in
Excel. Two rules, used by every writer:

* CSV (which has no cell types): a text cell beginning with `=`, `+`, `-`, `@`, a tab or a
  carriage return gets a single quote in front, as the OWASP guidance on CSV injection
  advises. Numbers stay numbers: number columns are never touched, and a text cell that
  is a plain number (`-3`, an out-of-range age in the data-quality report) cannot run
  and is left as it is. A cell that already starts with quotes before such a character
  gets one more, so :func:`restore` gives back exactly what was written.
* Excel: text is stored as a text cell, never a formula (openpyxl would otherwise turn a
  string starting with `=` into one), and characters an Excel file cannot hold are
  replaced with U+FFFD.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_NEEDS_QUOTE = r"^'*[=+\-@\t\r]"
_PLAIN_NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_NEEDS_QUOTE_RE = re.compile(_NEEDS_QUOTE)
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)
# Characters XML 1.0 (and so an .xlsx file) cannot hold: C0 controls but tab, LF and CR.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(text: str) -> str:
    """The CSV cell for `text`: a quote in front if a spreadsheet would read it as a formula."""
    if _NEEDS_QUOTE_RE.match(text) and not _PLAIN_NUMBER_RE.fullmatch(text):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text a cell written by :func:`neutralise` held (pm reading its own CSV files)."""
    if text.startswith(QUOTE) and _NEEDS_QUOTE_RE.match(text[1:]):
        return text[1:]
    return text


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell neutralised; number, date and flag columns unchanged."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        if pd.api.types.is_string_dtype(column.dtype) and column.dtype != object:
            needs = column.str.contains(_NEEDS_QUOTE, regex=True, na=False) & ~column.str.fullmatch(
                _PLAIN_NUMBER, na=False
            )
            if needs.any():
                changed[name] = column.where(~needs, QUOTE + column)
        elif column.dtype == object:
            mapped = column.map(lambda v: neutralise(v) if isinstance(v, str) else v)
            if not mapped.equals(column):
                changed[name] = mapped
    return frame.assign(**changed) if changed else frame


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A CSV file pm wrote, read as text, with its text cells as they were before writing."""
    return frame.map(lambda v: restore(v) if isinstance(v, str) else v)


def csv_bytes(frame: pd.DataFrame, *, heading: str = "") -> bytes:
    """The table as UTF-8 CSV with text cells neutralised; `heading` goes above the header."""
    safe = neutralise_frame(frame).set_axis([neutralise(str(c)) for c in frame.columns], axis=1)
    body = safe.to_csv(index=False, lineterminator="\n")
    return (heading + body).encode("utf-8")


def xlsx_text(text: str) -> str:
    """Text an Excel cell can hold: characters XML forbids become U+FFFD."""
    return _NOT_IN_XLSX.sub("\ufffd", text)


def set_cell(cell: Any, value: Any) -> None:
    """Put `value` in an openpyxl cell; text is always a text cell, never a formula."""
    if isinstance(value, str):
        cell.value = xlsx_text(value)
        cell.data_type = "s"  # openpyxl guesses 'f' for '=…' and 'e' for '#N/A'
    else:
        cell.value = value
