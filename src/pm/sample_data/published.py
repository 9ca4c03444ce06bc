"""A synthetic published-figures file, laid out as a StatsWales table download.

A council analyst holds their own extracts; the other councils' figures and the Wales
figure come later as published tables. The sample workspace ships such a table, made from
pm's own synthetic sample data (no real council's figures): every national measure for the
councils other than the workspace's own and for Wales, with title lines above the table,
area names, `PM18 - title` measures, `2023-24` years, and `*` / `..` / `.` marks as
StatsWales writes them.

    python -m pm.sample_data.published sample_data sample_workspace/published/statswales-sample.csv \\
        --leave-out Cardiff --years 2019-20:2024-25

writes it again (the same inputs give the same bytes; a test holds the shipped file to it).
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import pandas as pd

from pm.definitions.loader import DefinitionSet
from pm.definitions.reference import WALES
from pm.engine.rounding import round_half_up_array

HEADER = ["Area", "Measure", "Year", "Numerator", "Denominator", "Data"]
WITHHELD, NOT_AVAILABLE, NOT_APPLICABLE = "*", "..", "."


def national_ids(definitions: DefinitionSet) -> list[str]:
    from pm.definitions.ordering import indicator_sort_key

    return sorted(
        (i for i, d in definitions.indicators.items() if d.framework != "local"),
        key=indicator_sort_key,
    )


def published_csv(results: pd.DataFrame, definitions: DefinitionSet, leave_out: set[str]) -> str:
    """The published table of every whole-population row of `results`, except the areas in
    `leave_out`, as CSV text."""
    from pm.definitions.ordering import indicator_sort_key

    rows = results[(results["breakdown"].fillna("") == "") & ~results["area"].isin(leave_out)]
    reference = definitions.reference
    order = {code: n for n, code in enumerate(sorted(reference.council_codes))}
    order[WALES] = len(order)
    rows = rows.assign(
        _i=rows["indicator"].map(lambda i: indicator_sort_key(i)),
        _a=rows["area"].map(order),
    ).sort_values(["_i", "period", "_a"], kind="stable")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    years = sorted(set(rows["period"]))
    writer.writerow(
        [
            "Title",
            "Social services performance measures by local authority and measure"
            " - SYNTHETIC FIGURES made by pm from its sample data, not real councils' results",
        ]
    )
    writer.writerow(["Years", f"{years[0]} to {years[-1]}" if years else ""])
    writer.writerow(
        [
            "Notes",
            f"{WITHHELD} withheld (small numbers); {NOT_AVAILABLE} not available;"
            f" {NOT_APPLICABLE} not applicable",
        ]
    )
    writer.writerow([])
    writer.writerow(HEADER)
    for row in rows.itertuples(index=False):
        indicator = definitions.indicators[row.indicator]
        writer.writerow(
            [
                reference.council_name(row.area),
                f"{indicator.id} - {indicator.title}",
                row.period,
                *_figures(row, indicator),
            ]
        )
    return text.getvalue()


def _figures(row: object, indicator: object) -> list[str]:
    """Numerator, denominator and value as published: the value rounded half up to the
    measure's decimals; marks for what is withheld, not available or not applicable."""
    kind = str(indicator.type)  # type: ignore[attr-defined]
    applicable = [kind != "median", kind not in ("median", "count")]
    status = str(row.status)  # type: ignore[attr-defined]
    if status == "no_data" or pd.isna(row.value):  # type: ignore[attr-defined]
        return [NOT_AVAILABLE if ok else NOT_APPLICABLE for ok in applicable] + [NOT_AVAILABLE]
    if bool(row.suppressed):  # type: ignore[attr-defined]
        return [WITHHELD if ok else NOT_APPLICABLE for ok in applicable] + [WITHHELD]
    decimals = indicator.decimals  # type: ignore[attr-defined]
    value = float(round_half_up_array([float(row.value)], decimals)[0])  # type: ignore[attr-defined]
    counts = [row.numerator, row.denominator]  # type: ignore[attr-defined]
    shown = [_number(n) if ok else NOT_APPLICABLE for n, ok in zip(counts, applicable, strict=True)]
    return [*shown, f"{value:.{decimals}f}"]


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return str(int(number)) if number.is_integer() else repr(number)


def make(data: Path, leave_out: list[str], years: str) -> str:
    """Compute the national measures from `data` and lay them out as a published table."""
    from pm.calendar import parse_year_range
    from pm.definitions.loader import load_definitions
    from pm.engine.compute import ComputeOptions
    from pm.engine.run import run_compute

    definitions = load_definitions()
    ids = national_ids(definitions)
    run = run_compute(definitions, data, parse_year_range(years), ids, ComputeOptions())
    codes = set(definitions.reference.area_codes(leave_out))
    return published_csv(run.results, definitions, codes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the extract folder (sample_data)")
    parser.add_argument("output", type=Path, help="the CSV file to write")
    parser.add_argument("--leave-out", action="append", default=[], help="a council to leave out")
    parser.add_argument("--years", default="2019-20:2024-25")
    arguments = parser.parse_args(argv)
    text = make(arguments.data, arguments.leave_out, arguments.years)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(text, encoding="utf-8", newline="")


if __name__ == "__main__":
    main()
