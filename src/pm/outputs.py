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

import pandas as pd

from pm.errors import UsageError
from pm.files import write_bytes_atomic

FORMATS = (".csv", ".json", ".xlsx", ".parquet")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def table_bytes(table: pd.DataFrame, suffix: str, *, sheet: str = "results") -> bytes:
    suffix = suffix.lower()
    if suffix == ".csv":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
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
        return excel_bytes({sheet: table})
    raise UsageError(f"cannot write '{suffix}' files: use one of {', '.join(FORMATS)}")


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


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with frozen headers, numbers as numbers, and no timestamps inside."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets.items():
        frame = _without_time_zones(frame)
        sheet = workbook.create_sheet(title=name[:31])
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            sheet.append(
                [
                    None
                    if (not isinstance(v, str) and pd.isna(v))
                    else (v.item() if hasattr(v, "item") else v)
                    for v in row
                ]
            )
        sheet.freeze_panes = "A2"
        for number, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = max(
                10, min(40, len(str(column)) + 2)
            )
    raw = io.BytesIO()
    workbook.save(raw)
    return _stable_zip(raw.getvalue())


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
    table: pd.DataFrame, path: Path, *, sheet: str = "results", private: bool = False
) -> None:
    """Write the table in the format its extension names; `private` for person-level
    tables (a new file readable by its owner only; see pm.files)."""
    if path.suffix.lower() not in FORMATS:
        raise UsageError(
            f"{path}: cannot tell the format from '{path.suffix or 'no extension'}'; "
            f"end the file name with {', '.join(FORMATS)}"
        )
    write_bytes_atomic(path, table_bytes(table, path.suffix, sheet=sheet), private=private)
