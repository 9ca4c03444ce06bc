"""`pm list`: the indicators, filterable by the golden thread."""

from __future__ import annotations

import json

import typer

from pm.cli.app import app
from pm.cli.console import out, print_csv
from pm.cli.options import FORMAT_OPTION, OutputFormat
from pm.definitions.ordering import indicator_sort_key


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
        None, "--framework", help="Only this framework, e.g. wales-2016 or local."
    ),
    kind: str = typer.Option(None, "--kind", help="quantitative or qualitative."),
    output_format: OutputFormat = FORMAT_OPTION,
) -> None:
    """List the indicators pm knows, with their quality standard, type and polarity."""
    from pm.definitions.loader import load_definitions

    definitions = load_definitions(check=False)
    rows = []
    for indicator in sorted(
        definitions.indicators.values(), key=lambda i: indicator_sort_key(i.id)
    ):
        links = indicator.links
        if quality_standard and quality_standard.upper() not in links.quality_standards:
            continue
        if aspect and aspect not in links.aspects:
            continue
        if rba and rba != indicator.rba.value:
            continue
        if framework and framework != indicator.framework:
            continue
        if kind and kind != indicator.kind.value:
            continue
        rows.append(
            {
                "id": indicator.id,
                "title": indicator.short_title,
                "type": indicator.type.value,
                "polarity": indicator.polarity.value,
                "quality_standards": ",".join(links.quality_standards),
                "rba": indicator.rba.value,
                "framework": indicator.framework,
                "status": indicator.governance.status.value,
            }
        )
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if output_format is OutputFormat.csv:
        import pandas as pd

        print_csv(pd.DataFrame(rows, columns=list(rows[0]) if rows else ["id"]))
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} indicator(s)", show_lines=False)
    for heading in ("ID", "Indicator", "Type", "Polarity", "QS", "RBA", "Status"):
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"],
            row["title"],
            row["type"],
            row["polarity"],
            row["quality_standards"],
            row["rba"],
            row["status"],
        )
    out.print(table)
