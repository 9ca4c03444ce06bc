"""`pm compare`: band a results table against targets and compare it with Wales, similar
councils, all 22 councils and the previous year."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out, warning

TARGETS_HELP = "Targets file (default: targets.yaml of the workspace, if any); checked before anything is banded."
PUBLISHED_HELP = (
    "Published figures to benchmark against when you hold only your own council's extracts: "
    "a StatsWales table saved as CSV (header lines, area names or codes, measure codes or "
    "titles, years such as 2022-23, * and .. marks), or any CSV with council, indicator, year, "
    "numerator, denominator and value columns. Repeat for several files; the files listed "
    "under 'published:' in pm.yaml are read too."
)


@app.command("compare")
def compare_command(
    results: Path = typer.Argument(
        ...,
        help="A results file written by pm compute (.csv, .json, .xlsx or .parquet).",
        show_default=False,
    ),
    targets: Path = typer.Option(None, "--targets", "-t", help=TARGETS_HELP),
    published: list[Path] = typer.Option(None, "--published", help=PUBLISHED_HELP),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "Write the compared table here (.csv, .json, .xlsx or .parquet); default: show it. "
            "Never one of the inputs; a file replaced keeps its file mode."
        ),
    ),
    area: list[str] = typer.Option(
        None,
        "--area",
        "-a",
        help="Only show these councils (by code or name); all are still compared.",
    ),
    publication: bool = typer.Option(
        False, "--for-publication", help="Leave suppressed figures empty."
    ),
    confidence: float = typer.Option(
        0.95, "--confidence", help="The confidence level the results were computed at."
    ),
) -> None:
    """Add targets, bands, change from last year, trend, Wales and comparator-group
    comparison, rank and quartiles to a results table.

    Bands: on_target / close_to_target / off_target / no_target (empty for contextual
    measures and suppressed figures). Comparisons: better / similar / worse by the
    confidence-interval method. Rank 1 and quartile 1 are always the best.

    Benchmarks come only from what is there: the Wales figure, comparator groups, ranks and
    quartiles need every council, from the extracts or from published figures (--published,
    or published: in pm.yaml); otherwise they stay empty and one line says why. The change
    from last year needs last year in the results; a partly covered year is never compared.
    """
    from pm.comparison.run import compared_table
    from pm.definitions.loader import load_definitions
    from pm.engine.run import resolve_areas
    from pm.results_io import read_results
    from pm.workspace import current_workspace, definition_paths

    if output is not None:
        from pm.comparison.published_files import published_sources
        from pm.guard import refuse_overwriting
        from pm.workspace import current_workspace, standard_inputs

        inputs = standard_inputs(current_workspace()).add(results, "the results file")
        inputs.add(targets, "the targets file")
        for source in published_sources(list(published or []), current_workspace()):
            inputs.add(source.path, "the published figures file")
        refuse_overwriting([output], inputs)
        from pm.cli.compute_cmd import check_table_output

        check_table_output(output)  # a format pm cannot write: said now, not after the work
    definitions = load_definitions(definition_paths(current_workspace()))
    resolve_areas(definitions, area or [])  # a misspelt --area stops before any work
    table = read_results(results, definitions)
    compared = compared_table(
        table,
        definitions,
        targets=targets,
        published=list(published or []),
        confidence=confidence,
        warn=warning,
        workspace=current_workspace(),
    )
    show(compared, definitions, area or [], publication, output)


def show(compared, definitions, area: list[str], publication: bool, output: Path | None) -> None:  # type: ignore[no-untyped-def]
    """Write the compared table, or print the councils asked for."""
    from pm.cli.compute_cmd import publishable
    from pm.engine.run import resolve_areas

    table = publishable(compared, definitions) if publication else compared
    if output is not None:
        from pm.outputs import indicator_decimals, write_table

        write_table(table, output, decimals=indicator_decimals(definitions))
        info(f"Wrote {len(table):,} compared rows to {output}")
        return
    if area:
        table = table[table["area"].isin(resolve_areas(definitions, area))]
    print_compared(table, definitions)


def print_compared(table, definitions=None) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from pm.comparison.words import band_text, comparison_text, direction_text
    from pm.engine.rounding import format_number
    from pm.engine.withheld import withheld

    shown = Table()
    for heading in (
        "Indicator",
        "Period",
        "Area",
        "Value",
        "Target",
        "Band",
        "Change",
        "Wales",
        "vs Wales",
        "Rank",
        "Quartile",
    ):
        shown.add_column(heading, overflow="fold")
    hidden_rows = withheld(table, definitions)
    for row, hidden in zip(table.itertuples(index=False), hidden_rows, strict=True):
        shown.add_row(
            row.indicator,
            row.period,
            row.area_name if row.breakdown == "" else f"{row.area_name} {row.breakdown}",
            "*" if hidden else format_number(row.value),
            format_number(row.target),
            band_text(row.band),
            direction_text(row.direction, row.change),
            format_number(row.benchmark_value),
            comparison_text(row.benchmark_comparison),
            "" if _missing(row.rank) else f"{row.rank} of {row.rank_of}",
            "" if _missing(row.quartile) else str(row.quartile),
        )
    out.print(shown)


def _missing(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
