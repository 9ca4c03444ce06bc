"""`pm compare`: band a results table against targets and compare it with Wales, similar
councils, all 22 councils and the previous year."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.compared_view import print_compared
from pm.cli.console import info, warning
from pm.cli.options import FOR_PUBLICATION_OPTION, PUBLISHED_OPTION, TARGETS_OPTION


@app.command("compare")
def compare_command(
    results: Path = typer.Argument(
        ...,
        help="A results file written by pm compute (.csv, .json, .xlsx or .parquet).",
        show_default=False,
    ),
    targets: Path = TARGETS_OPTION,
    published: list[Path] = PUBLISHED_OPTION,
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
    for_publication: bool = FOR_PUBLICATION_OPTION,
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
    from pm.api.comparing import compare_run

    run = compare_run(
        results,
        targets=targets,
        published=published,
        areas=area,
        for_publication=for_publication,
        output=output,
        confidence=confidence,
        warn=warning,
    )
    if run.written:
        info(f"Wrote {len(run.table):,} compared rows to {output}")
        return
    print_compared(run.shown, run.definitions)
