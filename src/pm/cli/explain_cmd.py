"""`pm explain`: the records behind one figure, so anyone can reconcile it by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out, print_csv, warning
from pm.cli.options import (
    CACHE_OPTION,
    DATA_OPTION,
    DATE_FORMAT_OPTION,
    ENCODING_OPTION,
    NO_CACHE_OPTION,
)


@app.command("explain")
def explain_command(
    indicator_id: str = typer.Argument(..., metavar="ID", help="Indicator id, e.g. PM18."),
    data_dir: Path = DATA_OPTION,
    year: str = typer.Option(None, "--year", "-y", help="Financial year, e.g. 2023-24."),
    period: str = typer.Option(
        None, "--period", "-p", help="Or a quarter/month, e.g. '2023-24 Q2'."
    ),
    area: str = typer.Option(
        None,
        "--area",
        "-a",
        help="Council code or name, e.g. W06000015 or Cardiff; default: the workspace's council.",
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "Write the trail to a CSV/XLSX file instead of the screen. It holds person "
            "identifiers: a new file is readable by you only (0600); a file replaced keeps "
            "its mode. Never one of the inputs."
        ),
    ),
    encoding: str = ENCODING_OPTION,
    date_format: str = DATE_FORMAT_OPTION,
    cache: Path = CACHE_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """List every record an indicator touched for one council and period, with its role.

    Roles: numerator; denominator only; counted (means, medians); not counted (a person
    counted once); excluded, with the reason; data-quality error. The figure at the top is
    the same one `pm compute` gives.
    """
    from pm.api.explaining import explain_run, trail_cells

    explained = explain_run(
        indicator_id,
        data=data_dir,
        year=year,
        period=period,
        area=area,
        output=output,
        encoding=encoding,
        date_format=date_format,
        cache=cache,
        no_cache=no_cache,
    )
    for note in explained.notes:
        warning(note)
    if explained.output is not None:
        info(explained.figure)
        info(explained.written())
        return
    out.print(explained.figure, markup=False, highlight=False)
    if not out.is_terminal:
        print_csv(explained.trail)
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for column in explained.trail.columns:
        table.add_column(str(column), overflow="fold")
    for cells in trail_cells(explained.trail):
        table.add_row(*cells)
    out.print(table)
