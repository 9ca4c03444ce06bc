"""Reading a results table for reporting, and withholding what disclosure control hides.

Reports read the table `pm compute` writes (CSV, Parquet, JSON or Excel), with or without
the comparison columns. Every later step sees only `published_results`: a suppressed row
keeps its keys but loses every figure and every word derived from it, so no template,
chart or spreadsheet can show it by mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pm.definitions.reference import WALES
from pm.engine.schema import (
    FLAGS,
    NUMBERS,
    REQUIRED_TO_REPORT,
    TEXT,
    WITHHELD_FLAGS,
    WITHHELD_NUMBERS,
    WITHHELD_WORDS,
)
from pm.errors import InputError

if TYPE_CHECKING:
    from pm.definitions.loader import DefinitionSet

# Columns that only record-level files have: a report must never read one of those.
PERSON_COLUMNS = {
    "person_id",
    "child_id",
    "young_person_id",
    "enquiry_id",
    "episode_id",
    "placement_id",
    "registration_id",
    "assessment_id",
    "contact_id",
    "response_id",
    "record_id",
    "role",
}

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


def read_results(path: Path, definitions: DefinitionSet | None = None) -> pd.DataFrame:
    """The results table at `path`, with every known column present and typed; with
    `definitions`, checked first (pm.results_checks): a file whose disclosure columns are
    missing, blank or contradictory, with impossible values or a figure twice is refused."""
    from pm.results_io import read_table

    raw = read_table(path)
    person = sorted(PERSON_COLUMNS & set(raw.columns))
    if person:
        raise InputError(
            f"{path}: has record-level columns ({', '.join(person)}); reports read only the "
            "results table from 'pm compute', never records about people"
        )
    missing = [column for column in REQUIRED_TO_REPORT if column not in raw.columns]
    if missing:
        raise InputError(
            f"{path}: is not a pm results table: it has no {', '.join(missing)} column(s); "
            "give the file written by 'pm compute --output'"
        )
    typed = _typed(raw, path)
    if definitions is not None:
        from pm.results_checks import check_results

        check_results(raw, path, definitions)
    return typed


def _typed(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Every column a report understands (pm.engine.schema), typed by its kind; anything
    else in the file is ignored."""
    table = pd.DataFrame(index=raw.index)
    for column in TEXT:
        if column in raw.columns:
            table[column] = [_text(value) for value in raw[column].tolist()]
        else:
            table[column] = ""
    for column in NUMBERS:
        if column in raw.columns:
            table[column] = _numbers(raw[column], column, path)
        else:
            table[column] = np.nan
    for column in FLAGS:
        if column in raw.columns:
            table[column] = [
                _flag(value, column, path, row) for row, value in enumerate(raw[column].tolist())
            ]
        else:
            table[column] = None
    table["suppressed"] = table["suppressed"].map(bool)
    return table.reset_index(drop=True)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value).strip()


def _numbers(column: pd.Series, name: str, path: Path) -> pd.Series:
    text = column.map(_text)
    numbers = pd.to_numeric(text.where(text != "", None), errors="coerce")
    bad = numbers.isna() & (text != "")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{path}: row {row + 2}, column {name}: '{text.iloc[row]}' is not a number; "
            "leave the cell empty if the figure is missing"
        )
    return numbers.astype(float)


def _flag(value: object, name: str, path: Path, row: int) -> bool | None:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = _text(value).lower()
    if name == "change_significant" and text == "":
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"{path}: row {row + 2}, column {name}: '{value}' is not true or false")


def published_results(
    table: pd.DataFrame, definitions: DefinitionSet | None = None
) -> pd.DataFrame:
    """The table with every withheld figure, and whatever would reveal it, left empty.

    A row is withheld when any signal says so (pm.engine.withheld: the suppressed flag, a
    suppressed status, or a count under the indicator's threshold); its `suppressed` is set.
    Besides a row's own figures this empties figures copied from another row that is
    itself withheld: the previous year's value and the Wales value.
    """
    from pm.engine.withheld import withheld

    table = table.copy()
    hidden = withheld(table, definitions)
    table["suppressed"] = hidden
    hidden_values = set(
        zip(
            table.loc[hidden, "indicator"],
            table.loc[hidden, "period"],
            table.loc[hidden, "breakdown"],
            table.loc[hidden, "value"],
            strict=True,
        )
    )
    for column in WITHHELD_NUMBERS:
        table.loc[hidden, column] = np.nan
    for column in WITHHELD_WORDS:
        table.loc[hidden, column] = ""
    for column in WITHHELD_FLAGS:
        table.loc[hidden, column] = None
    suppressed_keys = set(
        zip(
            table.loc[hidden, "indicator"],
            table.loc[hidden, "period"],
            table.loc[hidden, "area"],
            table.loc[hidden, "breakdown"],
            strict=True,
        )
    )
    if suppressed_keys:
        previous_hidden = np.array(
            [
                (i, p, a, b) in suppressed_keys
                for i, p, a, b in zip(
                    table["indicator"],
                    table["previous_period"],
                    table["area"],
                    table["breakdown"],
                    strict=True,
                )
            ],
            dtype=bool,
        )
        table.loc[previous_hidden, ["previous_value", "change"]] = np.nan
        table.loc[previous_hidden, "direction"] = ""
        table.loc[previous_hidden, "change_significant"] = None
        benchmark_hidden = np.array(
            [
                (i, p, a or WALES, b) in suppressed_keys
                for i, p, a, b in zip(
                    table["indicator"],
                    table["period"],
                    table["benchmark_area"],
                    table["breakdown"],
                    strict=True,
                )
            ],
            dtype=bool,
        )
        table.loc[benchmark_hidden, "benchmark_value"] = np.nan
        table.loc[benchmark_hidden, "benchmark_comparison"] = ""
        _withhold_quartiles_equal_to(hidden_values, table)
    return table


def _withhold_quartiles_equal_to(hidden_values: set[tuple], table: pd.DataFrame) -> None:
    """A quartile bound interpolated exactly onto a suppressed value would reveal it."""
    for column in ("lower_quartile", "upper_quartile"):
        revealing = np.array(
            [
                (i, p, b, v) in hidden_values
                for i, p, b, v in zip(
                    table["indicator"],
                    table["period"],
                    table["breakdown"],
                    table[column],
                    strict=True,
                )
            ],
            dtype=bool,
        )
        table.loc[revealing, column] = np.nan
