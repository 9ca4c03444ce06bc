"""Writing tables by file extension (CSV, JSON, Excel, Parquet), atomically and byte-stable.

The same table always gives the same bytes: no timestamps inside Excel or Parquet files,
fixed row order, full-precision numbers.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from pm.cells import csv_bytes, set_cell, xlsx_text
from pm.engine.schema import COUNTS, FIGURES, WHOLE
from pm.errors import UsageError
from pm.files import write_bytes_atomic

FORMATS = (".csv", ".json", ".xlsx", ".parquet")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def table_bytes(
    table: pd.DataFrame,
    suffix: str,
    *,
    sheet: str = "results",
    decimals: dict[str, int] | None = None,
    extra_sheets: dict[str, pd.DataFrame] | None = None,
) -> bytes:
    """The table in the format of `suffix`. For Excel, `decimals` (indicator → decimals)
    gives a results table the number formats of the report workbooks, and `extra_sheets`
    (such as the data-quality findings) follow the first sheet."""
    suffix = suffix.lower()
    if suffix == ".csv":
        return csv_bytes(table)
    if suffix == ".json":
        records = [
            {column: _json_value(value) for column, value in zip(table.columns, row, strict=True)}
            for row in table.itertuples(index=False, name=None)
        ]
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        buffer = io.BytesIO()
        arrow = pa.Table.from_pandas(table, preserve_index=False)
        arrow = arrow.replace_schema_metadata(None)
        pq.write_table(arrow, buffer, compression="zstd")
        return buffer.getvalue()
    if suffix == ".xlsx":
        formats = {sheet: results_formats(table, decimals)} if decimals is not None else {}
        return excel_bytes({sheet: table, **(extra_sheets or {})}, formats)
    raise UsageError(f"cannot write '{suffix}' files: use one of {', '.join(FORMATS)}")


# Columns of a results table shown with the indicator's decimals, and whole-number columns
# (counts, record counts and ranks): from the one results schema, pm.engine.schema.
FIGURE_COLUMNS = tuple(FIGURES)
COUNT_COLUMNS = (*COUNTS, *WHOLE)


def results_formats(table: pd.DataFrame, decimals: dict[str, int]) -> Formats:
    """Number formats of a results table, row by row: figures with their indicator's
    decimals (1 where the indicator is unknown), counts as whole numbers with separators
    (a count with a fraction, such as a sum of hours, keeps Excel's general format)."""
    if "indicator" not in table.columns:
        return {}
    patterns = [
        "#,##0" + ("." + "0" * places if places else "")
        for places in (decimals.get(str(i), 1) for i in table["indicator"])
    ]
    formats: Formats = {c: patterns for c in FIGURE_COLUMNS if c in table.columns}
    for column in COUNT_COLUMNS:
        if column in table.columns:
            numbers = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
            formats[column] = ["#,##0" if n == n and n.is_integer() else "" for n in numbers]
    return formats


def _json_value(value: object) -> object:
    """Plain JSON values at full precision (shortest round-trip repr), missing as null."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()  # type: ignore[union-attr]
    return value


def _without_time_zones(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel cannot hold a time zone: zone-aware date-times are written as the local clock
    showed them (as the extract had them)."""
    aware = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
    if not aware:
        return frame
    return frame.assign(**{c: frame[c].dt.tz_localize(None) for c in aware})


Formats = dict[str, str | list[str]]  # column → one number format, or one per row


def excel_bytes(
    sheets: dict[str, pd.DataFrame], formats: dict[str, Formats] | None = None
) -> bytes:
    """A workbook a reader can work with: a bold frozen header with filters, columns wide
    enough to read, numbers as numbers (in `formats`' number formats), text always stored
    as text (never a formula), and no timestamps inside."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets.items():
        frame = _without_time_zones(frame)
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append([xlsx_text(str(column)) for column in frame.columns])
        for cell in sheet[1]:
            set_cell(cell, cell.value)
            cell.font = Font(bold=True)
        for row, values in enumerate(frame.itertuples(index=False, name=None), start=2):
            sheet.append([_excel_value(v) for v in values])
            for number, value in enumerate(values, start=1):
                if isinstance(value, str) and value[:1] in ("=", "#"):
                    set_cell(sheet.cell(row=row, column=number), value)  # never a formula
        _number_formats(sheet, frame, (formats or {}).get(name, {}))
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            last = get_column_letter(len(frame.columns))
            sheet.auto_filter.ref = f"A1:{last}{max(len(frame), 1) + 1}"
        for number, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = _width(frame[column], column)
    raw = io.BytesIO()
    workbook.save(raw)
    return _stable_zip(raw.getvalue())


def _excel_value(value: object) -> object:
    if isinstance(value, str):
        return xlsx_text(value)
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    return value.item() if hasattr(value, "item") else value


def _number_formats(sheet: Any, frame: pd.DataFrame, formats: Formats) -> None:
    for number, column in enumerate(frame.columns, start=1):
        chosen = formats.get(str(column))
        if chosen is None:
            continue
        for row, cell in enumerate(next(sheet.iter_cols(number, number, 2, len(frame) + 1))):
            pattern = chosen if isinstance(chosen, str) else chosen[row]
            if pattern and cell.data_type == "n" and cell.value is not None:
                cell.number_format = pattern


def _width(column: pd.Series, header: object) -> int:
    """Wide enough for the header and most values, between 8 and 50 characters."""
    sample = column.head(2000)
    if pd.api.types.is_numeric_dtype(sample.dtype) and not pd.api.types.is_bool_dtype(sample):
        longest = 12
    else:
        # a plain list: a categorical column (teams, codes) cannot take max() of its map
        longest = max((len(str(v)) for v in sample.tolist() if v is not None), default=0)
    return max(8, min(50, max(len(str(header)) + 3, longest + 2)))


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and fixed document dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<3>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()


def write_table(
    table: pd.DataFrame,
    path: Path,
    *,
    sheet: str = "results",
    decimals: dict[str, int] | None = None,
    private: bool = False,
) -> None:
    """Write the table in the format its extension names; `private` for person-level
    tables (a new file readable by its owner only; see pm.files)."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the format from '{path.suffix or 'no extension'}'; "
            f"end the file name with {', '.join(FORMATS)}"
        )
    write_bytes_atomic(
        path, table_bytes(table, path.suffix, sheet=sheet, decimals=decimals), private=private
    )


def indicator_decimals(definitions: Any) -> dict[str, int]:
    """Indicator id → the decimals its figures are shown with."""
    return {i.id: i.decimals for i in definitions.indicators.values()}
