"""`pm return`: a council's data return for a framework and year, with its validation
summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from pm.cli.app import app
from pm.cli.console import info, out, warning
from pm.cli.options import DATE_FORMAT_OPTION, ENCODING_OPTION

OUTPUT_HELP = (
    "Write the return here (.csv or .xlsx), with its validation summary (a second sheet of "
    "an .xlsx file, NAME.validation.csv beside a .csv one), the data-quality report and the "
    "manifest, all replaced together. Without it, the return is printed."
)
LANGUAGE_HELP = (
    "en (English), cy (Welsh) or both (Welsh, then English): the words of titles, notes, "
    "check details and a workbook's sheet names and headers; codes, figures and a CSV's column "
    "names are the same in every language. Default: the workspace's 'language:' in pm.yaml, "
    "else en."
)
CHANGE_HELP = (
    "Flag a measure whose value moved more than this many per cent up or down from last "
    "year (when the extracts hold last year)."
)


@app.command("return")
def return_command(
    data_dir: Path = typer.Argument(
        None,
        help="Folder holding the extracts; default: the workspace's data folder.",
        show_default=False,
    ),
    year: str = typer.Option(
        ...,
        "--year",
        "-y",
        help="The financial year of the return, e.g. 2024-25.",
        show_default=False,
    ),
    framework: str = typer.Option(
        None,
        "--framework",
        help="The framework whose measures the return holds, e.g. wales-2020; default: the "
        "national framework in force in the year.",
    ),
    area: str = typer.Option(
        None,
        "--area",
        "-a",
        help="The council, by code or name (e.g. Cardiff); default: the workspace's council.",
    ),
    output: Path = typer.Option(None, "--output", "-o", help=OUTPUT_HELP),
    change_limit: float = typer.Option(50.0, "--change-limit", help=CHANGE_HELP),
    language: str = typer.Option(None, "--language", "-l", help=LANGUAGE_HELP, show_default=False),
    definitions_dir: list[Path] = typer.Option(
        None,
        "--definitions",
        help="Definition files or folders (default: the shipped ones and the workspace's).",
    ),
    encoding: str = ENCODING_OPTION,
    date_format: str = DATE_FORMAT_OPTION,
) -> None:
    """Write a council's data return for a framework and year.

    One row per measure of the framework and per part of a count (e.g. AS/004a to g), with
    its published code, value, numerator and denominator. Disclosure control as for
    publishing: a withheld figure is empty with status 'withheld', never a small number;
    counts are rounded to the nearest 5 only where a definition says so. A validation
    summary checks that every measure is present, that parts add up to their total and
    that values are plausible against last year. A year outside the framework's years is
    refused. --language cy writes the return's words in Welsh (both: Welsh, then English).
    Layout: technical_guidance/data_return.md.
    """
    from pm.api.returning import data_return
    from pm.cli.compute_cmd import _progress_bar  # the same bar as pm compute's

    with _progress_bar() as progress:
        made = data_return(
            data_dir,
            year=year,
            framework=framework,
            area=area,
            output=output,
            change_limit=change_limit,
            encoding=encoding,
            date_format=date_format,
            definitions=definitions_dir,
            progress=progress,
            warn=warning,
            inform=info,
            language=language,
        )
    if not made.written:
        _print_return(made.table, made.decimals)
    _print_checks(made.checks)
    info(f"{made.summary}: {made.framework} return of {made.area_name} for {made.year}")
    if made.written:
        info(f"Wrote {len(made.table):,} rows to {made.written[0]}")
        for path in made.written[1:]:
            info(f"  {path}")


def _print_return(table: Any, decimals: list[int]) -> None:
    from rich.table import Table

    from pm.api.words import format_number

    shown = Table()
    for heading in ("Code", "Part", "Indicator", "Value", "Numerator", "Denominator", "Status"):
        shown.add_column(heading, overflow="fold")
    for row, places in zip(table.itertuples(index=False), decimals, strict=True):
        shown.add_row(
            row.code,
            row.part,
            row.indicator,
            format_number(row.value, places),
            format_number(row.numerator, 0),
            format_number(row.denominator, 0),
            row.status,
        )
    out.print(shown)


def _print_checks(checks: Any) -> None:
    """The checks that did not pass (the full summary is in the written files)."""
    from rich.table import Table

    open_checks = [row for row in checks.itertuples(index=False) if row.result != "pass"]
    if not open_checks:
        return
    shown = Table(title="Validation: to look at before sending")
    for heading in ("Check", "Code", "Indicator", "Part", "Result", "Detail"):
        shown.add_column(heading, overflow="fold")
    for row in open_checks:
        shown.add_row(row.check, row.code, row.indicator, row.part, row.result, row.detail)
    out.print(shown)
