"""`pm show ID`: everything about one indicator, as a performance officer would read it."""

from __future__ import annotations

import json

import typer

from pm.cli.app import app
from pm.cli.console import out
from pm.cli.options import FORMAT_OPTION, OutputFormat


@app.command("show")
def show_command(
    indicator_id: str = typer.Argument(
        ..., metavar="ID", help="Indicator id, e.g. PM18 (or an alias such as PMA18)."
    ),
    output_format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show an indicator: its rule, timescale, polarity, quality standard and guidance."""
    from pm.definitions.loader import load_definitions
    from pm.definitions.lookup import find_indicator
    from pm.reporting.guidance import indicator_page
    from pm.workspace import current_workspace, definition_paths

    definitions = load_definitions(definition_paths(current_workspace()), check=False)
    indicator = find_indicator(definitions, indicator_id)
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(indicator.model_dump(mode="json"), ensure_ascii=False))
        return
    page = indicator_page(indicator, definitions)
    source = definitions.sources[indicator.id]
    page += f"\nDefinition file: {source.shown}\n"
    if out.is_terminal:
        from rich.markdown import Markdown

        out.print(Markdown(page, hyperlinks=False))  # a link's address is shown, not hidden
    else:
        out.print(page, markup=False, highlight=False)
