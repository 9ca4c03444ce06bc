"""`pm explain`: the records behind one figure, so anyone can reconcile it by hand."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out, print_csv
from pm.errors import UsageError


@app.command("explain")
def explain_command(
    indicator_id: str = typer.Argument(..., metavar="ID", help="Indicator id, e.g. PM18."),
    data_dir: Path = typer.Option(
        None,
        "--data",
        "-d",
        help="Folder holding the extracts; default: the workspace's data folder, as for pm compute.",
    ),
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
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the CSV files."),
    date_format: str = typer.Option(None, "--date-format", help="Date format if not YYYY-MM-DD."),
) -> None:
    """List every record an indicator touched for one council and period, with its role.

    Roles: numerator; denominator only; counted (means, medians); not counted (a person
    counted once); excluded, with the reason; data-quality error. The figure at the top is
    the same one `pm compute` gives.
    """
    from pm.calendar import parse_period
    from pm.data.reader import read_extracts
    from pm.definitions.loader import load_definitions
    from pm.definitions.lookup import find_indicator
    from pm.engine.compute import ComputeOptions, compute_indicator
    from pm.engine.rounding import format_number
    from pm.engine.run import datasets_needed, resolve_areas
    from pm.engine.trail import explain
    from pm.outputs import FORMATS, write_table
    from pm.workspace import current_workspace, definition_paths

    if (year is None) == (period is None):
        raise UsageError("give one period: --year 2023-24 or --period '2023-24 Q2'")
    chosen = parse_period(year or period)
    if data_dir is None:
        from pm.workspace import current_workspace, workspace_data_folder

        data_dir = workspace_data_folder(
            current_workspace(), "pm explain ID --data DATA_DIR --year 2023-24 --area Cardiff"
        )
    if area is None:
        from pm.workspace import current_workspace

        workspace = current_workspace()
        area = workspace.config.council if workspace else None
        if area is None:
            raise UsageError("say which council: --area Cardiff (or W06000015)")
    if output is not None:
        from pm.guard import refuse_overwriting
        from pm.workspace import current_workspace, standard_inputs

        refuse_overwriting(
            [output], standard_inputs(current_workspace()).add(data_dir, "the extract")
        )
        if output.suffix.lower() not in FORMATS:
            raise UsageError(
                f"{output}: cannot tell the format from '{output.suffix or 'no extension'}'; "
                f"end the file name with {', '.join(FORMATS)}"
            )
    definitions = load_definitions(definition_paths(current_workspace()))
    indicator = find_indicator(definitions, indicator_id)
    [code] = resolve_areas(definitions, [area])
    extracts = read_extracts(
        data_dir,
        definitions.datasets,
        datasets_needed(definitions, [indicator.id]),
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        encoding=encoding,
        date_format=date_format,
    )
    trail = explain(indicator, definitions, extracts, chosen, code)
    figure = compute_indicator(
        indicator, definitions, extracts, chosen, ComputeOptions(areas=[code])
    )
    total = figure[figure["breakdown"] == ""].iloc[0]
    summary = (
        f"{indicator.id} {chosen.label} {total['area_name']}: numerator {format_number(total['numerator'], 0)}, "
        f"denominator {format_number(total['denominator'], 0)}, value {format_number(total['value'], indicator.decimals)} "
        f"({total['status']})"
    )
    if output is not None:
        write_table(trail, output, sheet="trail", private=True)
        info(summary)
        info(f"Wrote {len(trail):,} records to {output} (contains person identifiers)")
        return
    out.print(summary, markup=False, highlight=False)
    if not out.is_terminal:
        print_csv(trail)
        return
    from rich.table import Table

    table = Table(show_lines=False)
    for column in trail.columns:
        table.add_column(str(column), overflow="fold")
    for row in trail.itertuples(index=False):
        table.add_row(*["" if (not isinstance(v, str) and pd_isna(v)) else _show(v) for v in row])
    out.print(table)


def pd_isna(value: object) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _show(value: object) -> str:
    import pandas as pd

    if isinstance(value, pd.Timestamp):
        return (
            value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
