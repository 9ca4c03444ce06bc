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
    language: str = typer.Option(
        None,
        "--language",
        help=(
            "cy: open with the Welsh title and short title, the official Welsh numerator "
            "and denominator where published, and the Welsh names of its quality "
            "standards, aspects and outcomes (official ones; your council's own marked; "
            "any with none marked for your translator)."
        ),
    ),
) -> None:
    """Show an indicator: its rule, timescale, polarity, quality standard and guidance."""
    from pm.api.catalogue import show

    shown = show(indicator_id, language=language)
    if output_format is OutputFormat.json:
        payload = shown.definition.model_dump(mode="json")
        if shown.welsh:
            payload["welsh"] = [term.as_dict() for term in shown.welsh]
        out.print_json(json.dumps(payload, ensure_ascii=False))
        return
    if out.is_terminal:
        from rich.markdown import Markdown

        out.print(Markdown(shown.page, hyperlinks=False))  # a link's address is shown, not hidden
    else:
        out.print(shown.page, markup=False, highlight=False)
