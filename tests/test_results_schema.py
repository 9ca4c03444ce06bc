"""One results schema (pm.engine.schema): what compute and compare write, what pm writes in
every format and what compare and report read back all agree with it, column for column."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from engine_helpers import REPO_ROOT, definitions, read

from pm.engine import schema

INDICATORS = ["PM18", "LOC04", "LOC05", "LOC06"]  # a percentage, a rate, a median, a count
FORMATS = [".csv", ".json", ".xlsx", ".parquet"]


@functools.cache
def computed() -> pd.DataFrame:
    from pm.calendar import parse_period
    from pm.engine.compute import ComputeOptions, compute
    from pm.engine.run import datasets_needed

    defs = definitions()
    extracts = read(REPO_ROOT / "sample_data", datasets_needed(defs, INDICATORS))
    periods = [parse_period("2022-23"), parse_period("2023-24")]
    return compute(defs, extracts, periods, INDICATORS, ComputeOptions(breakdowns=["all"]))


@functools.cache
def compared() -> pd.DataFrame:
    from pm.comparison import compare

    return compare(computed(), definitions())


def _is_text(column: pd.Series) -> bool:
    values = [v for v in column.tolist() if v is not None and v == v]
    return all(isinstance(v, str) for v in values)


def _is_flag(column: pd.Series) -> bool:
    values = [v for v in column.tolist() if v is not None and v is not pd.NA]
    return all(isinstance(v, bool | np.bool_) for v in values)


def _is_number(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(
        column.dtype
    )


def _is_whole(column: pd.Series) -> bool:
    numbers = pd.to_numeric(column, errors="coerce").dropna()
    return _is_number(column) and bool(numbers.mod(1).eq(0).all())


def _kind_problems(table: pd.DataFrame) -> list[str]:
    """Columns whose values are not of the kind the schema gives them."""
    checks = {
        "text": _is_text,
        "flag": _is_flag,
        "number": _is_number,
        "count": _is_number,
        "whole": _is_whole,
    }
    return [
        f"{name} is not {schema.BY_NAME[name].kind}"
        for name in table.columns
        if name in schema.BY_NAME and not checks[schema.BY_NAME[name].kind](table[name])
    ]


def test_the_schema_names_each_column_once_with_a_known_kind() -> None:
    names = [column.name for column in schema.COLUMNS]
    assert len(names) == len(set(names))
    assert schema.RESULT_COLUMNS + schema.COMPARE_COLUMNS == names
    assert set(schema.REQUIRED) <= set(schema.RESULT_COLUMNS)
    assert set(schema.REQUIRED_TO_REPORT) <= set(schema.REQUIRED)
    assert set(schema.KEY) <= set(schema.REQUIRED)
    # every column is typed one way only when read back
    groups = [schema.TEXT, schema.COUNTS, schema.WHOLE, schema.FLAGS, schema.FIGURES]
    assert sorted(n for group in groups for n in group) == sorted(names)
    # a withheld row's own figures are the figures compute writes, never a key or a word
    assert set(schema.OWN_FIGURES) <= set(schema.RESULT_COLUMNS) - set(schema.KEY)
    assert not set(schema.WITHHELD_WORDS) - set(schema.TEXT)


def test_compute_writes_exactly_the_result_columns_each_of_its_kind() -> None:
    table = computed()
    assert len(table) > 22 * 2 * len(INDICATORS)  # councils, Wales and breakdowns, two years
    assert list(table.columns) == schema.RESULT_COLUMNS
    assert _kind_problems(table) == []


def test_compare_adds_exactly_the_comparison_columns_after_them() -> None:
    table = compared()
    assert list(table.columns) == schema.RESULT_COLUMNS + schema.COMPARE_COLUMNS
    assert _kind_problems(table) == []
    assert table["previous_value"].notna().any()  # the comparison really ran


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_written_format_reads_back_as_the_schema_says(tmp_path: Path, suffix: str) -> None:
    from pm.outputs import indicator_decimals, write_table
    from pm.results_io import read_results

    path = tmp_path / f"results{suffix}"
    write_table(compared(), path, decimals=indicator_decimals(definitions()))
    back = read_results(path, definitions())
    assert list(back.columns) == schema.RESULT_COLUMNS + schema.COMPARE_COLUMNS
    assert _kind_problems(back) == []
    for name in schema.WHOLE:
        assert str(back[name].dtype) == "Int64", name
    assert back["suppressed"].dtype == bool
    original = compared()
    for name in schema.NUMBERS:
        expected = pd.to_numeric(original[name], errors="coerce").to_numpy(dtype=float)
        got = pd.to_numeric(back[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if suffix == ".xlsx":  # openpyxl writes 16 significant digits, as Excel keeps them
            np.testing.assert_allclose(got, expected, rtol=1e-15, atol=0, err_msg=name)
        else:
            np.testing.assert_array_equal(got, expected, err_msg=name)
    for name in schema.TEXT:
        assert back[name].tolist() == original[name].fillna("").astype(str).tolist(), name


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_report_reads_every_schema_column_of_each_format(tmp_path: Path, suffix: str) -> None:
    from pm.outputs import write_table
    from pm.reporting.results import read_results

    path = tmp_path / f"results{suffix}"
    write_table(computed(), path)  # without the comparison columns: the report fills them
    table = read_results(path, definitions())
    assert set(table.columns) == set(schema.TEXT + schema.NUMBERS + schema.FLAGS)
    assert _kind_problems(table) == []
    assert (table[schema.COMPARE_COLUMNS[0]] == "").all()


def test_publishing_empties_every_withheld_column_and_nothing_else() -> None:
    from pm.reporting.results import published_results

    table = compared().copy()
    table["status"] = "ok"
    table["suppressed"] = False
    first = table.index[
        (table["indicator"] == "PM18")
        & (table["period"] == "2023-24")
        & (table["area"] == "W06000015")
        & (table["breakdown"] == "")
    ][0]
    table.loc[first, "suppressed"] = True
    table.loc[first, "status"] = "suppressed:primary"
    before = table.loc[first]
    after = published_results(table, None).loc[first]
    emptied = {
        name
        for name in schema.BY_NAME
        if not pd.isna(before[name])
        and before[name] != ""
        and (pd.isna(after[name]) or after[name] == "")
    }
    withheld = set(schema.WITHHELD_NUMBERS + schema.WITHHELD_WORDS + schema.WITHHELD_FLAGS)
    # a quartile bound equal to the withheld value would give it away, so it goes too
    revealing = {q for q in ("lower_quartile", "upper_quartile") if before[q] == before["value"]}
    assert emptied <= withheld | revealing
    assert {"numerator", "denominator", "value"} <= emptied  # the row's own figures went


def test_outputs_format_every_figure_and_count_column_of_the_schema() -> None:
    from pm.outputs import COUNT_COLUMNS, FIGURE_COLUMNS

    assert set(FIGURE_COLUMNS) | set(COUNT_COLUMNS) == set(schema.NUMBERS)


def test_the_readme_lists_the_result_columns_in_order() -> None:
    text = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "The results table has the columns `" + ", ".join(schema.RESULT_COLUMNS) + "`" in text
