"""`pm report`: a publishable report for one council and year from a results table."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, warning

_REPORT_NAMES = {
    "annual_report": "annual report",
    "scorecard": "scorecard",
    "indicator_page": "indicator pages",
    "exceptions": "exception report",
}


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
        help="Which report: annual_report, scorecard, indicator_page, exceptions, or one of your own.",
        show_default=False,
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        help=(
            "The report file; its extension sets the format: .html, .md or .xlsx. Never one "
            "of the inputs (results, templates, commentary, definitions); a file replaced "
            "keeps its file mode."
        ),
        show_default=False,
    ),
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
    indicator: list[str] = typer.Option(
        None,
        "--indicator",
        "-i",
        help=(
            "Indicator pages only: just these indicators (repeat); default every one. One "
            "without a figure for the council and year is named and left out."
        ),
    ),
    templates: Path = typer.Option(
        None,
        "--templates",
        help="A folder of your own templates; one named like a shipped one replaces it (default: the workspace's templates/).",
    ),
    commentary: Path = typer.Option(
        None,
        "--commentary",
        help="A folder of commentary: <year>/<indicator>.md, e.g. 2023-24/PM18.md (default: the workspace's commentary/).",
    ),
    definitions_dir: list[Path] = typer.Option(
        None, "--definitions", help="Definition files or folders (default: the shipped ones)."
    ),
    draft: bool = typer.Option(
        False,
        "--draft",
        help=(
            "A draft for colleagues: mark each measure without commentary and name the file "
            "to write it in (left out of the report otherwise)."
        ),
    ),
) -> None:
    """Write a report (annual report, scorecard, indicator pages or exceptions) from results.

    Suppressed figures never appear in a report: they show as '*'. Bands are shown with a
    word and a symbol as well as a colour. Measures with no commentary are named here, and
    marked in the report with --draft.
    The variables your own templates can use: technical_guidance/templates.md.
    """
    from pm.definitions.loader import load_definitions
    from pm.definitions.lookup import find_indicators
    from pm.engine.run import resolve_areas
    from pm.reporting.build import ReportRequest, write_report
    from pm.workspace import current_workspace, definition_paths

    definitions = load_definitions(
        list(definitions_dir) if definitions_dir else definition_paths(current_workspace()),
        check=False,
    )
    workspace = current_workspace()
    if workspace is not None:  # the workspace's council, templates and commentary by default
        area = area or workspace.config.council
        templates = templates or _folder(workspace.path("templates"))
        commentary = commentary or _folder(workspace.path("commentary"))
    from pm.guard import refuse_overwriting
    from pm.workspace import current_workspace, standard_inputs

    defined = standard_inputs(
        current_workspace(), list(definitions_dir) if definitions_dir else None
    )
    refuse_overwriting([output], defined)  # the rest is checked with the request, below
    codes = resolve_areas(definitions, [area]) if area else []
    lookup = definitions.reference.area_lookup()
    groups = {
        name: tuple(lookup[m.strip().lower()] for m in members if m.strip().lower() in lookup)
        for name, members in (workspace.config.comparator_groups if workspace else {}).items()
    }
    request = ReportRequest(
        results=results,
        template=template,
        output=output,
        area=codes[0] if codes else None,
        year=year.strip() if year else None,
        indicators=tuple(i.id for i in find_indicators(definitions, list(indicator or []))),
        templates=templates,
        commentary=commentary,
        draft=draft,
        workspace_root=workspace.root if workspace else None,
        comparator_groups=groups,
    )
    outcome = write_report(request, definitions)
    kind = _REPORT_NAMES.get(
        request.template.replace("-", "_").lower(), f"'{request.template}' report"
    )
    info(
        f"Wrote the {kind} for {outcome.area_name}, {outcome.year} "
        f"({outcome.measures} measure{'' if outcome.measures == 1 else 's'}) to {outcome.output}"
    )
    if outcome.without_figures:
        warning(
            f"no figures for {', '.join(outcome.without_figures)} in these results for "
            f"{outcome.area_name}, {outcome.year}: left out of the report"
        )
    if not outcome.compared:
        warning(
            "these results have no bands or comparisons yet: the report shows them as 'Not available'"
        )
    if outcome.without_commentary:
        shown = ", ".join(outcome.without_commentary[:12])
        more = (
            f" and {len(outcome.without_commentary) - 12} more"
            if len(outcome.without_commentary) > 12
            else ""
        )
        marked = (
            "marked in the report"
            if draft
            else "run with --draft to mark them in the report for colleagues"
        )
        warning(
            f"{len(outcome.without_commentary)} measure(s) have no commentary: {shown}{more} "
            f"({marked})"
        )


def _folder(path: Path) -> Path | None:
    return path if path.is_dir() else None
