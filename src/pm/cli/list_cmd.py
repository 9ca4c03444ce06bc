"""`pm list`: the indicators, filterable by the golden thread."""

from __future__ import annotations

import json

import typer

from pm.cli.app import app
from pm.cli.console import out, print_csv
from pm.cli.options import FORMAT_OPTION, OutputFormat


@app.command("list")
def list_command(
    quality_standard: str = typer.Option(
        None, "--quality-standard", "--qs", help="Only this quality standard, e.g. QS3."
    ),
    aspect: str = typer.Option(
        None, "--aspect", help="Only this well-being aspect, e.g. protection."
    ),
    rba: str = typer.Option(
        None, "--rba", help="Only this RBA question: how_much, how_well or better_off."
    ),
    framework: str = typer.Option(
        None,
        "--framework",
        help="Only this framework: wales-2016, wales-2020 or local (years under the table).",
    ),
    kind: str = typer.Option(None, "--kind", help="quantitative or qualitative."),
    output_format: OutputFormat = FORMAT_OPTION,
    language: str = typer.Option(
        None,
        "--language",
        help=(
            "cy: Welsh titles (official; your council's own marked; any with none marked for "
            "your translator), with the English title and the Welsh source in CSV and JSON."
        ),
    ),
) -> None:
    """List the indicators pm knows, with their quality standard, type and polarity."""
    from pm.api.catalogue import list_indicators

    table = list_indicators(
        qs=quality_standard,
        aspect=aspect,
        rba=rba,
        framework=framework,
        kind=kind,
        language=language,
    )
    rows = table.to_dict(orient="records")
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if output_format is OutputFormat.csv:
        print_csv(table if rows else table[["id"]])
        return
    from rich.table import Table

    frameworks = dict.fromkeys(f"{r['framework']} ({r['framework_years']})" for r in rows)
    shown = Table(
        title=f"{len(rows)} indicator(s)",
        caption=f"Framework: {'; '.join(frameworks)}" if frameworks else None,
        show_lines=False,
    )
    welsh = "welsh_origin" in table.columns
    for heading in (
        "ID",
        "Indicator (Welsh)" if welsh else "Indicator",
        "Type",
        "Polarity",
        "QS",
        "RBA",
        "Status",
    ):
        shown.add_column(heading, overflow="fold")
    for row in rows:
        shown.add_row(
            row["id"],
            row["title"],
            row["type"],
            row["polarity"],
            row["quality_standards"],
            row["rba"],
            row["status"],
        )
    out.print(shown)
