"""A minimal columnar table for generated data, and its CSV writer.

Columns stay as numpy arrays (integer ids, category codes, ``datetime64[D]`` dates) until
they are written, chunk by chunk, through pyarrow; strings are only made at write time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

MISSING_INT = np.iinfo(np.int64).min
BOOL = ("N", "Y")


@dataclass
class Column:
    kind: str  # "id" | "cat" | "date" | "datetime" | "int"
    values: np.ndarray
    width: int = 0
    categories: tuple[str, ...] = ()
    # datetime only: rows written with the offset +00:00 (the second 01:xx of the night the
    # clocks go back, which a local clock reading alone cannot tell from the first)
    utc_offset: np.ndarray | None = None

    def take(self, index: np.ndarray) -> Column:
        offset = None if self.utc_offset is None else self.utc_offset[index]
        return Column(self.kind, self.values[index], self.width, self.categories, offset)

    def is_missing(self) -> np.ndarray:
        if self.kind in ("date", "datetime"):
            return np.isnat(self.values)
        if self.kind == "int":
            return self.values == MISSING_INT
        return self.values < 0

    def set_missing(self, rows: np.ndarray) -> None:
        if self.kind in ("date", "datetime"):
            self.values[rows] = np.datetime64("NaT")
        elif self.kind == "int":
            self.values[rows] = MISSING_INT
        else:
            self.values[rows] = -1

    def text(self, rows: np.ndarray) -> list[str]:
        """The values of some rows as they will appear in the file ('' if missing)."""
        arr = self.to_arrow(self.values[rows], rows)
        return ["" if v is None else v for v in arr.to_pylist()]

    def to_arrow(self, values: np.ndarray, rows: np.ndarray | None = None) -> pa.Array:
        if self.kind == "id":
            arr = pa.array(values, mask=values < 0).cast(pa.string())
            return pc.utf8_lpad(arr, self.width, "0")
        if self.kind == "cat":
            codes = values.astype(np.int32, copy=False)
            return pc.take(pa.array(self.categories, pa.string()), pa.array(codes, mask=codes < 0))
        if self.kind == "date":
            return pa.array(values.astype("datetime64[D]"), from_pandas=True).cast(pa.string())
        if self.kind == "datetime":
            return _datetime_text(
                values, None if self.utc_offset is None or rows is None else self.utc_offset[rows]
            )
        if self.kind == "int":
            return pa.array(values, mask=values == MISSING_INT).cast(pa.string())
        raise ValueError(self.kind)


def _datetime_text(values: np.ndarray, offset: np.ndarray | None) -> pa.Array:
    """``YYYY-MM-DD HH:MM`` (local clock), with ``+00:00`` where the offset is flagged."""
    minutes = values.astype("datetime64[m]")
    if len(minutes) == 0:
        return pa.array([], type=pa.string())
    text = np.char.replace(np.datetime_as_string(minutes, unit="m"), "T", " ")
    if offset is not None:
        text = np.where(offset & ~np.isnat(minutes), np.char.add(text, "+00:00"), text)
    return pa.array(text.astype(object), mask=np.isnat(minutes), type=pa.string())


def id_col(values, width: int) -> Column:
    return Column("id", np.asarray(values, dtype=np.int64), width=width)


def cat_col(codes, categories) -> Column:
    return Column("cat", np.asarray(codes, dtype=np.int16), categories=tuple(categories))


def bool_col(flags, missing=None) -> Column:
    codes = np.asarray(flags, dtype=np.int16)
    if missing is not None:
        codes = np.where(missing, -1, codes).astype(np.int16)
    return Column("cat", codes, categories=BOOL)


def date_col(values) -> Column:
    return Column("date", np.asarray(values, dtype="datetime64[D]"))


def datetime_col(values, utc_offset=None) -> Column:
    offset = None if utc_offset is None else np.asarray(utc_offset, dtype=bool)
    return Column("datetime", np.asarray(values, dtype="datetime64[m]"), utc_offset=offset)


def int_col(values, missing=None) -> Column:
    v = np.asarray(values, dtype=np.int64)
    if missing is not None:
        v = np.where(missing, MISSING_INT, v)
    return Column("int", v)


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    # Cells replaced by text that is not a valid value of the column (unparseable dates):
    # column -> {row index: text}
    overrides: dict[str, dict[int, str]] = field(default_factory=dict)
    # Final order of rows in the file (a row may appear twice: duplicated-id faults)
    order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())).values) if self.columns else 0

    @property
    def n_rows_out(self) -> int:
        return len(self) if self.order is None else len(self.order)

    def take(self, index: np.ndarray) -> Table:
        return Table(self.name, {k: c.take(index) for k, c in self.columns.items()})

    def reorder(self, columns: list[str]) -> None:
        self.columns = {k: self.columns[k] for k in columns}


def concat(name: str, parts: list[dict[str, Column]]) -> Table:
    parts = [p for p in parts if p and len(next(iter(p.values())).values)]
    if not parts:
        raise ValueError(f"no rows generated for {name}")
    first = parts[0]
    cols = {}
    for key, col in first.items():
        if col.kind == "cat" and any(p[key].categories != col.categories for p in parts):
            # different categories per part (team names of each council): map to their union
            union: dict[str, int] = {}
            pieces = []
            for p in parts:
                cats = p[key].categories
                lookup = np.array(
                    [union.setdefault(c, len(union)) for c in cats] + [-1], dtype=np.int16
                )
                pieces.append(lookup[p[key].values])  # code -1 picks the trailing -1
            cols[key] = Column("cat", np.concatenate(pieces), categories=tuple(union))
            continue
        values = np.concatenate([p[key].values for p in parts])
        offset = None
        if col.kind == "datetime" and any(p[key].utc_offset is not None for p in parts):
            offset = np.concatenate(
                [
                    p[key].utc_offset
                    if p[key].utc_offset is not None
                    else np.zeros(len(p[key].values), dtype=bool)
                    for p in parts
                ]
            )
        cols[key] = Column(col.kind, values, col.width, col.categories, offset)
    return Table(name, cols)


def write_csv(table: Table, path: Path, chunk_rows: int = 500_000) -> int:
    """Write the table as UTF-8 CSV (no BOM, "\\n" line ends, no quoting); returns data rows."""
    order = np.arange(len(table)) if table.order is None else table.order
    # position in the file of every overridden row (overridden rows are never duplicated)
    where = np.empty(0, dtype=np.int64)
    if table.overrides:
        inverse = {}
        rows_needed = np.array(
            sorted({r for o in table.overrides.values() for r in o}), dtype=np.int64
        )
        pos = np.nonzero(np.isin(order, rows_needed))[0]
        for p in pos:
            inverse[int(order[p])] = int(p)
        where = inverse
    names = list(table.columns)
    opts = pacsv.WriteOptions(include_header=False, quoting_style="none")
    schema = pa.schema([(n, pa.string()) for n in names])
    with pa.OSFile(str(path), "wb") as sink:
        sink.write((",".join(names) + "\n").encode("utf-8"))
        writer = pacsv.CSVWriter(sink, schema, write_options=opts)
        for start in range(0, len(order), chunk_rows):
            rows = order[start : start + chunk_rows]
            arrays = []
            for name in names:
                col = table.columns[name]
                arr = col.to_arrow(col.values[rows], rows)
                repl = table.overrides.get(name)
                if repl:
                    hits = sorted(
                        (where[r] - start, text)
                        for r, text in repl.items()
                        if 0 <= where[r] - start < len(rows)
                    )
                    if hits:
                        mask = np.zeros(len(rows), dtype=bool)
                        mask[[h[0] for h in hits]] = True
                        arr = pc.replace_with_mask(
                            arr, pa.array(mask), pa.array([h[1] for h in hits], pa.string())
                        )
                arrays.append(arr)
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        writer.close()
    return len(order)
