"""One extract file typed by its data-item specification: each column's distinct values
read once into the column's kind (code, date, date-time, number, yes/no, year label), the
result spread back to the records, and every value that cannot be read a finding for its
record (file, line, column, value, stable code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pm.calendar.clock import read_local_times
from pm.data import csv_shape, numbers
from pm.data.code_lists import CodeLists, lists_for_reading, refuse_missing_lists
from pm.data.columns import Coded, Text
from pm.data.findings import Finding
from pm.data.numbers import read_numbers
from pm.data.unreadable import refuse_unreadable_dates
from pm.definitions.models import Column, DatasetSpec
from pm.definitions.vocab import ColumnType

if TYPE_CHECKING:
    import pyarrow as pa

TRUE_WORDS = {"y", "yes", "true", "1", "t"}
FALSE_WORDS = {"n", "no", "false", "0", "f"}
LINE = "__line__"
SOURCE = "__file__"


CODED_TYPES = {
    ColumnType.code,
    ColumnType.text,
    ColumnType.date,
    ColumnType.datetime,
    ColumnType.integer,
    ColumnType.number,
    ColumnType.boolean,
    ColumnType.year_label,
}


def columns_of(
    table: pa.Table, found: dict[str, str], spec: DatasetSpec
) -> dict[str, Coded | Text]:
    """Every specified column, by its specified name; an optional column the file lacks is
    empty throughout."""
    import pyarrow as pa

    columns: dict[str, Coded | Text] = {}
    for column in spec.columns:
        if column.name in found:
            values = table.column(found[column.name])
        else:
            values = pa.chunked_array([pa.nulls(table.num_rows, pa.large_string())])
        columns[column.name] = (
            Coded.from_arrow(values) if column.type in CODED_TYPES else Text.from_arrow(values)
        )
    return columns


def columns_of_frame(raw: pd.DataFrame, spec: DatasetSpec) -> dict[str, Coded | Text]:
    """The same from a pandas frame of text (test rows)."""
    columns: dict[str, Coded | Text] = {}
    for column in spec.columns:
        text = (
            raw[column.name]
            if column.name in raw.columns
            else pd.Series(pd.NA, index=raw.index, dtype="str")
        )
        columns[column.name] = (
            Coded.from_text(text) if column.type in CODED_TYPES else Text.from_text(text)
        )
    return columns


TextsAt = Callable[[np.ndarray], list[str]]


@dataclass
class _Problems:
    """Per-record findings collected while typing one file, with the text to show."""

    size: int
    rows: list[tuple[np.ndarray, str, str, TextsAt]] = field(default_factory=list)

    def add(self, mask: np.ndarray, column: str, code: str, texts: TextsAt) -> None:
        mask = np.asarray(mask, dtype=bool)
        if mask.any():
            self.rows.append((mask, column, code, texts))

    def bad_rows(self) -> np.ndarray:
        bad = np.zeros(self.size, dtype=bool)
        for mask, *_ in self.rows:
            bad |= mask
        return bad


def _series_texts(values: pd.Series) -> TextsAt:
    return lambda rows: _plain_texts(values.iloc[rows])


def _type_values(
    text: pd.Series,
    column: Column,
    problems: _Problems,
    date_format: str | None,
    code_lists: CodeLists,
    time_zone: str = "Europe/London",
) -> pd.Series:
    """Text (here: a column's distinct values) to its declared type; unreadable values become
    findings."""
    text = text.astype("str").str.strip()
    text = text.mask(text == "")
    present = text.notna().to_numpy()
    shown = _series_texts(text)
    if column.required:
        problems.add(~present, column.name, "missing_required", shown)
    kind = column.type
    if kind is ColumnType.code:
        if column.codes_from:
            allowed = set(code_lists[column.codes_from])
        else:
            allowed = set(column.codes or [])
        canonical = {code.lower(): code for code in allowed}
        mapped = text.str.lower().map(canonical).where(text.str.lower().isin(canonical))
        bad = present & mapped.isna().to_numpy()
        problems.add(
            bad,
            column.name,
            "unknown_la_code" if column.name == "la_code" else "unknown_code",
            shown,
        )
        categories = pd.Index(sorted(allowed), dtype="str")
        return pd.Series(
            pd.Categorical.from_codes(categories.get_indexer(mapped.astype("str")), categories)
        )
    if kind is ColumnType.date:
        fmt = column.format or date_format or "%Y-%m-%d"
        parsed = pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[s]")
        problems.add(present & parsed.isna().to_numpy(), column.name, "invalid_date", shown)
        problems.add(csv_shape.implausible(parsed), column.name, "implausible_date", shown)
        return parsed
    if kind is ColumnType.datetime:
        # Clock readings become real instants, so hours across a change of clocks are right.
        parsed = read_local_times(text, time_zone)
        problems.add(present & parsed.isna().to_numpy(), column.name, "invalid_datetime", shown)
        problems.add(csv_shape.implausible(parsed), column.name, "implausible_date", shown)
        return parsed
    if kind in (ColumnType.integer, ColumnType.number):
        read = read_numbers(text, integer=kind is ColumnType.integer)
        problems.add(read.invalid, column.name, numbers.INVALID, shown)
        problems.add(read.too_large, column.name, numbers.TOO_LARGE, shown)
        number = read.values
        low = column.min if column.min is not None else -np.inf
        high = column.max if column.max is not None else np.inf
        outside = (
            number.notna().to_numpy() & ((number < low) | (number > high)).fillna(False).to_numpy()
        )
        problems.add(outside, column.name, "out_of_range", shown)
        return number
    if kind is ColumnType.boolean:
        lowered = text.str.lower()
        result = pd.Series(pd.NA, index=text.index, dtype="boolean")
        result[lowered.isin(TRUE_WORDS).to_numpy()] = True
        result[lowered.isin(FALSE_WORDS).to_numpy()] = False
        problems.add(present & result.isna().to_numpy(), column.name, "invalid_boolean", shown)
        return result
    if kind is ColumnType.year_label:
        ok = text.str.fullmatch(r"\d{4}-\d{2}").fillna(False).to_numpy()
        problems.add(present & ~ok, column.name, "invalid_year_label", shown)
    return _as_categories(text)


def _as_categories(text: pd.Series) -> pd.Series:
    """Text that repeats (team names, year labels) as a categorical: one small code per
    record instead of the text itself."""
    categories = pd.Index(sorted(set(text.dropna())), dtype="str")
    return pd.Series(pd.Categorical.from_codes(categories.get_indexer(text), categories))


@dataclass
class TypedFile:
    """One file's records, typed but not yet copied out: the frame is built once, from the
    records that are kept."""

    name: str
    columns: dict[str, Text | tuple[Coded, pd.Series]]
    lines: np.ndarray
    bad: np.ndarray
    findings: list[Finding]

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str, rows: np.ndarray | None = None) -> pd.Series:
        """One typed column, of every record or of `rows` (positions or a mask)."""
        held = self.columns[name]
        if isinstance(held, Text):
            return held.series(rows)
        coded, typed = held
        return coded.spread(typed, rows)

    def frame(self, rows: np.ndarray | None = None, *, release: bool = False) -> pd.DataFrame:
        """The typed records (all, or those in `rows`), with their file and line.

        With `release` (the file's last use), each column is let go as soon as it is copied
        out, so that the file's columns and the frame are never both held whole."""
        data = {}
        for name in list(self.columns):
            data[name] = self.column(name, rows)
            if release:
                del self.columns[name]
        lines = self.lines if rows is None else self.lines[rows]
        # int32: half the memory of int64, and no extract has 2**31 lines
        data[LINE] = pd.Series(lines, dtype=np.int32)
        data[SOURCE] = pd.Series(
            pd.Categorical.from_codes(
                np.zeros(len(lines), dtype=np.int8), pd.Index([self.name], dtype="str")
            )
        )
        # copy=False: the columns are fresh, and gathering them into blocks would copy each
        return pd.DataFrame(data, copy=False)

    def key_codes(self, key: list[str], rows: np.ndarray) -> list[np.ndarray]:
        """Integer codes of the key columns of `rows`, equal where the typed values are."""
        codes: list[np.ndarray] = []
        for name in key:
            held = self.columns[name]
            if isinstance(held, Text):
                whole = held.codes()  # read from the bytes when the ids allow: no hashing
                codes.extend(held.key_codes(rows) if whole is None else [whole[rows]])
            else:
                coded, typed = held
                per_value, _ = pd.factorize(typed, use_na_sentinel=True)
                codes.append(per_value[coded.positions[rows]])
        return codes


def type_file(
    spec: DatasetSpec,
    columns: dict[str, Coded | Text],
    label: str,
    councils: set[str],
    *,
    code_lists: CodeLists | None = None,
    date_format: str | None = None,
    lines: np.ndarray | None = None,
) -> TypedFile:
    """Type and check every column of one file: each distinct value once, spread back.

    Code columns are checked against `councils` (`codes_from: councils`) and the other
    reference lists in `code_lists`; a list a column needs and not given is refused."""
    lists = lists_for_reading(councils, code_lists)
    refuse_missing_lists(spec, lists)
    size = len(next(iter(columns.values()))) if columns else 0
    problems = _Problems(size)
    typed: dict[str, Text | tuple[Coded, pd.Series]] = {}
    for column in spec.columns:
        held = columns[column.name]
        if isinstance(held, Text):
            if column.required:
                problems.add(~held.present(), column.name, "missing_required", held.at)
            typed[column.name] = held
            continue
        local = _Problems(len(held.distinct))
        values = _type_values(held.distinct, column, local, date_format, lists, spec.time_zone)
        refuse_unreadable_dates(held, values, column, label, date_format)
        for mask, name, code, texts in local.rows:
            problems.add(held.per_record(mask), name, code, _spread_texts(held, texts))
        typed[column.name] = (held, values)
    # int32, as the frame keeps them: half the memory while the file is typed
    record_lines = lines if lines is not None else np.arange(2, size + 2, dtype=np.int32)
    typed_file = TypedFile(Path(label).name, typed, record_lines, np.zeros(size, bool), [])
    for pair in spec.date_order:
        start, end = typed_file.column(pair.start), typed_file.column(pair.end)
        reversed_ = (end < start).fillna(False).to_numpy(dtype=bool)
        raw_end = columns[pair.end]
        shown = (
            raw_end.at
            if isinstance(raw_end, Text)
            else _spread_texts(raw_end, _series_texts(raw_end.distinct))
        )
        problems.add(reversed_, pair.end, "end_before_start", shown)
    typed_file.findings = _to_findings(problems, typed_file, columns, spec)
    typed_file.bad = problems.bad_rows()
    return typed_file


def _spread_texts(coded: Coded, texts: TextsAt) -> TextsAt:
    """Texts of distinct values, looked up for records."""
    return lambda rows: texts(coded.positions[rows])


def _to_findings(
    problems: _Problems,
    typed: TypedFile,
    raw: dict[str, Coded | Text],
    spec: DatasetSpec,
) -> list[Finding]:
    """One finding per problem and record; each record's id and council looked up once."""
    if not problems.rows:
        return []
    bad = np.flatnonzero(problems.bad_rows())
    record_ids = (
        _plain_texts(typed.column(spec.record_id, bad)) if spec.record_id else [""] * len(bad)
    )
    typed_codes = typed.column("la_code", bad).astype("str")
    raw_la = raw["la_code"]
    raw_codes = (
        raw_la.series(bad) if isinstance(raw_la, Text) else raw_la.spread(raw_la.distinct, bad)
    ).astype("str")
    la_codes = _plain_texts(typed_codes.fillna(raw_codes))
    found = []
    for mask, column, code, texts in problems.rows:
        rows = np.flatnonzero(mask)  # taken once per problem, not once per record
        for index, value, at in zip(
            rows.tolist(), texts(rows), np.searchsorted(bad, rows).tolist(), strict=True
        ):
            found.append(
                Finding(
                    dataset=spec.dataset,
                    file=typed.name,
                    line=int(typed.lines[index]),
                    column=column,
                    code=code,
                    value=value,
                    record_id=record_ids[at],
                    la_code=la_codes[at],
                )
            )
    return found


def _plain_texts(values: pd.Series) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in values.tolist()]


def type_records(
    spec: DatasetSpec,
    raw: pd.DataFrame,
    label: str,
    councils: set[str],
    *,
    code_lists: CodeLists | None = None,
    date_format: str | None = None,
    lines: np.ndarray | None = None,
) -> tuple[pd.DataFrame, list[Finding]]:
    """Type the text columns of one file; return its valid records and the findings.

    `lines` gives the line each record starts on when that is not simply its position + 2
    (blank lines, or values that hold line breaks).
    """
    typed_file = type_file(
        spec,
        columns_of_frame(raw, spec),
        label,
        councils,
        code_lists=code_lists,
        date_format=date_format,
        lines=lines,
    )
    return typed_file.frame(np.flatnonzero(~typed_file.bad)), typed_file.findings
