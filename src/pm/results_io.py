"""Reading a results table back (from `pm compute`, in any of its formats), with the
column types restored, so that `pm compare` and `pm report` start from what was written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pm.engine.schema import COUNTS, FLAGS, REQUIRED, TEXT, WHOLE
from pm.errors import InputError, UsageError

if TYPE_CHECKING:
    from pm.definitions.loader import DefinitionSet

# The columns and their kinds (pm.engine.schema): REQUIRED columns must be there; COUNTS are
# whole numbers as pm compute writes them, unless a file has fractions. `coverage` is not
# required: results written before pm recorded it are read as they are.
_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n"}


def read_table(path: Path) -> pd.DataFrame:
    """The results file as it is (text cells from CSV), column names trimmed and lower-case;
    a clear error if it is missing, of another kind or damaged. `pm report` reads through
    this too, and types the columns its own way."""
    if not path.is_file():
        raise InputError(
            f"{path}: no such results file; make one with 'pm compute DATA --year Y --output {path.name}'"
        )
    from pm.guard import note_read

    note_read(path)
    suffix = path.suffix.lower()
    readers = {
        ".csv": lambda: pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"),
        ".parquet": lambda: pd.read_parquet(path),
        ".json": lambda: pd.read_json(path, orient="records", dtype=False, precise_float=True),
        ".xlsx": lambda: pd.read_excel(path, dtype=object),
    }
    if suffix not in readers:
        raise UsageError(
            f"{path}: cannot read '{suffix}' results; give a .csv, .json, .xlsx or .parquet file written by pm compute"
        )
    try:
        table = readers[suffix]()
    except Exception as problem:  # pandas/pyarrow raise many kinds for a damaged file
        raise InputError(
            f"{path}: cannot be read as a results table ({type(problem).__name__}); write it again with pm compute"
        ) from problem
    table.columns = [str(column).strip().lower() for column in table.columns]
    if suffix == ".csv":  # undo the quote pm puts before a text cell that could run as a formula
        from pm.cells import restore_frame

        table = restore_frame(table)
    return table


def read_results(path: Path, definitions: DefinitionSet | None = None) -> pd.DataFrame:
    """A results table from .csv, .json, .xlsx or .parquet, typed; a clear error if it is not one.

    With `definitions` (reading for publishing: pm compare, pm plan) the file is also checked
    by `pm.results_checks`: disclosure columns consistent, values possible for each
    indicator's type, no figure twice."""
    table = read_table(path)
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(f"{path}: not a pm results table, columns missing: {', '.join(missing)}")
    typed = _typed(table, path)
    if definitions is not None:
        from pm.results_checks import check_results

        check_results(table, path, definitions)  # on the cells as written: a blank stays blank
    return typed


def _typed(table: pd.DataFrame, path: Path) -> pd.DataFrame:
    table = table.copy()
    for column in table.columns:
        if column in TEXT:
            table[column] = (
                table[column]
                .map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else str(v))
                .astype(object)
            )
        elif column in FLAGS:
            table[column] = _flags(table[column], column, path)
        elif column in WHOLE:
            table[column] = (
                pd.to_numeric(table[column].replace("", None), errors="coerce")
                .round()
                .astype("Int64")
            )
        else:
            numbers = pd.to_numeric(table[column].replace("", None), errors="coerce")
            bad = numbers.isna() & table[column].notna() & (table[column].astype(str) != "")
            if column in REQUIRED and bad.any():
                row = int(bad.to_numpy().nonzero()[0][0]) + 2
                raise InputError(
                    f"{path}: row {row}, column {column}: '{table[column].iloc[row - 2]}' is not a number"
                )
            table[column] = (
                numbers.astype(float) if column in REQUIRED or not bad.any() else table[column]
            )
            if column in COUNTS and numbers.dropna().mod(1).eq(0).all():
                table[column] = numbers.round().astype("Int64")
    return table


def _flags(column: pd.Series, name: str, path: Path) -> pd.Series:
    def flag(value: object) -> object:
        if value is None or value == "" or (isinstance(value, float) and value != value):
            return pd.NA
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError(f"{path}: column {name}: '{value}' is not true or false")

    flags = pd.array([flag(v) for v in column], dtype="boolean")
    return (
        pd.Series(flags, index=column.index, name=name)
        if name != "suppressed"
        else pd.Series(flags.fillna(False).astype(bool), index=column.index, name=name)
    )
