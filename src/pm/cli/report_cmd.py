"""`pm report`: a publishable report for one council and year from a results table."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, warning

_OUTPUT_OPTION = typer.Option(
    ...,
    "--output",
    "-o",
    help=(
        "The report file; its extension sets the format: .html, .md or .xlsx. Never one "
        "of the inputs (results, templates, commentary, definitions); a file replaced "
        "keeps its file mode."
    ),
    show_default=False,
)

_INDICATOR_OPTION = typer.Option(
    None,
    "--indicator",
    "-i",
    help=(
        "Indicator pages only: just these indicators (repeat); default every one. One "
        "without a figure for the council and year is named and left out."
    ),
)

_TEMPLATES_OPTION = typer.Option(
    None,
    "--templates",
    help="A folder of your own templates; one named like a shipped one replaces it (default: the workspace's templates/).",
)

_COMMENTARY_OPTION = typer.Option(
    None,
    "--commentary",
    help="A folder of commentary: <year>/<indicator>.md, e.g. 2023-24/PM18.md (default: the workspace's commentary/).",
)

_DRAFT_OPTION = typer.Option(
    False,
    "--draft",
    help=(
        "A draft for colleagues: mark each measure without commentary and name the file "
        "to write it in (left out of the report otherwise)."
    ),
)

_LANGUAGE_OPTION = typer.Option(
    None,
    "--language",
    "-l",
    help=(
        "en (English), cy (Welsh) or both (Welsh first, then English, each part marked with "
        "its language); default: the workspace's 'language:' in pm.yaml, else en. Terms with "
        "no official Welsh are shown marked for your translator."
    ),
    show_default=False,
)


@app.command("report")
def report_command(
    results: Path = typer.Argument(
        ...,
        help="The results table written by 'pm compute' (.csv, .parquet, .json or .xlsx).",
        show_default=False,
    ),
    template: str = typer.Option(
        ...,
        "--template",
        "-t",
        help="Which report: annual_report, scorecard, indicator_page, exceptions, directors_report, or one of your own.",
        show_default=False,
    ),
    output: Path = _OUTPUT_OPTION,
    area: str = typer.Option(
        None,
        "--area",
        "-a",
        help="The council, by code or name (e.g. Cardiff); default: the workspace's council.",
    ),
    year: str = typer.Option(
        None,
        "--year",
        "-y",
        help="The reporting year, e.g. 2023-24; default the latest in the results.",
    ),
    indicator: list[str] = _INDICATOR_OPTION,
    templates: Path = _TEMPLATES_OPTION,
    commentary: Path = _COMMENTARY_OPTION,
    definitions_dir: list[Path] = typer.Option(
        None, "--definitions", help="Definition files or folders (default: the shipped ones)."
    ),
    draft: bool = _DRAFT_OPTION,
    language: str = _LANGUAGE_OPTION,
) -> None:
    """Write a report (annual report, scorecard, indicator pages or exceptions) from results.

    Suppressed figures never appear in a report: they show as '*'. Bands are shown with a
    word and a symbol as well as a colour. Measures with no commentary are named here, and
    marked in the report with --draft.
    The variables your own templates can use: technical_guidance/templates.md.
    """
    from pm.api.reports import report

    written = report(
        results,
        template=template,
        output=output,
        area=area,
        year=year,
        indicators=indicator,
        templates=templates,
        commentary=commentary,
        definitions=definitions_dir,
        draft=draft,
        language=language,
    )
    info(written.summary)
    for note in written.notes:
        warning(note)
