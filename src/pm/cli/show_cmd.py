"""`pm show ID`: everything about one indicator, as a performance officer would read it."""

from __future__ import annotations

import json

import typer

from pm.cli.app import app
from pm.cli.console import out
from pm.cli.options import FORMAT_OPTION, OutputFormat
from pm.errors import UsageError


@app.command("show")
def show_command(
    indicator_id: str = typer.Argument(
        ..., metavar="ID", help="Indicator id, e.g. PM18 (or an alias such as PMA18)."
    ),
    output_format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show an indicator: its rule, timescale, polarity, quality standard and guidance."""
    from pm.definitions.loader import load_definitions
    from pm.report.guidance import indicator_page
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


def find_indicators(definitions, texts: list[str]) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The indicators named (ids or aliases, any case), each once, in the order first given:
    `-i LOC01 -i loc01` (or PM18 and its alias PMA18) is one indicator."""
    found = {}
    for text in texts:
        indicator = find_indicator(definitions, text)
        found.setdefault(indicator.id, indicator)
    return list(found.values())


def find_indicator(definitions, indicator_id: str):  # type: ignore[no-untyped-def]
    """The indicator with this id or alias (any case), or a one-line error with suggestions."""
    wanted = indicator_id.strip().lower()
    for indicator in definitions.indicators.values():
        if indicator.id.lower() == wanted or wanted in (a.lower() for a in indicator.aliases):
            return indicator
    import difflib

    close = difflib.get_close_matches(indicator_id, list(definitions.indicators), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else " Run 'pm list' to see them."
    raise UsageError(f"there is no indicator '{indicator_id}'.{hint}")
