"""`pm compute`: every indicator for every council and period, from a folder of extracts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from pm.cli.app import app
from pm.cli.compared_view import print_compared
from pm.cli.console import err, info, out, warning
from pm.cli.options import (
    CACHE_OPTION,
    DATE_FORMAT_OPTION,
    ENCODING_OPTION,
    FOR_PUBLICATION_OPTION,
    NO_CACHE_OPTION,
    PUBLISHED_OPTION,
    TARGETS_OPTION,
)
from pm.errors import PmError

OUTPUT_HELP = (
    "Write the results here (.csv, .json, .xlsx or .parquet), with a manifest and a "
    "data-quality report beside it (an .xlsx file also holds it as a second sheet). "
    "The three are replaced together (all or none), keep the file mode of the files "
    "they replace, and may never be one of the inputs."
)
MONTH_HELP = (
    "Month by month: a financial year such as 2023-24 gives its 12 months "
    "(also 2022-23:2023-24); a month such as 2023-06 gives that month."
)
TEAM_HELP = (
    "A team view: only the rows of this team (as written in the extracts' team column, "
    "any case), for the indicators whose data has a team."
)
COMPARE_HELP = "Also band against targets and compare with last year, Wales, similar councils and all 22 (see pm compare)."


DATA_ARGUMENT = typer.Argument(
    None,
    help="Folder holding the extracts (<dataset>.csv or .parquet); default: the workspace's data folder.",
    show_default=False,
)
YEAR_OPTION = typer.Option(
    None,
    "--year",
    "-y",
    help="Financial year such as 2023-24; repeat for several, or 2021-22:2024-25.",
)
PERIOD_OPTION = typer.Option(
    None,
    "--period",
    "-p",
    help="A quarter (year to date) such as '2023-24 Q2', or a month such as 2023-06.",
)
MONTH_OPTION = typer.Option(None, "--month", "-m", help=MONTH_HELP)
INDICATOR_OPTION = typer.Option(
    None, "--indicator", "-i", help="Only these indicators (repeat); default all."
)
FRAMEWORK_OPTION = typer.Option(
    None,
    "--framework",
    help=(
        "Every measure of this framework: wales-2020 (in force since 2020-21), wales-2016 "
        "(2016-17 to 2019-20) or local; repeat for several. With --indicator, those are "
        "added (a former measure a council keeps locally)."
    ),
)
AREA_OPTION = typer.Option(
    None,
    "--area",
    "-a",
    help="Only these councils, by code or name (repeat); default all 22 and Wales.",
)
BREAKDOWN_OPTION = typer.Option(
    None,
    "--breakdown",
    "-b",
    help="Also split by this breakdown, e.g. age_band, sex or team; 'all' for every one.",
)
TEAM_OPTION = typer.Option(None, "--team", help=TEAM_HELP)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help=OUTPUT_HELP)
CONFIDENCE_OPTION = typer.Option(
    0.95, "--confidence", help="Confidence level of the intervals: 0.95 or 0.998."
)
COMPARE_OPTION = typer.Option(False, "--compare", "-c", help=COMPARE_HELP)


@app.command("compute")
def compute_command(
    data_dir: Path = DATA_ARGUMENT,
    year: list[str] = YEAR_OPTION,
    period: list[str] = PERIOD_OPTION,
    month: list[str] = MONTH_OPTION,
    indicator: list[str] = INDICATOR_OPTION,
    framework: list[str] = FRAMEWORK_OPTION,
    area: list[str] = AREA_OPTION,
    breakdown: list[str] = BREAKDOWN_OPTION,
    team: str = TEAM_OPTION,
    output: Path = OUTPUT_OPTION,
    for_publication: bool = FOR_PUBLICATION_OPTION,
    confidence: float = CONFIDENCE_OPTION,
    encoding: str = ENCODING_OPTION,
    compare: bool = COMPARE_OPTION,
    targets: Path = TARGETS_OPTION,
    published: list[Path] = PUBLISHED_OPTION,
    date_format: str = DATE_FORMAT_OPTION,
    cache: Path = CACHE_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """Compute the indicators from a folder of extracts.

    Writes one row per indicator, period, council (and Wales) and breakdown, with numerator,
    denominator, value, 95% confidence interval, suppression flag, status and coverage.
    Records with data-quality problems are left out and listed in the data-quality report.

    Coverage: a council without records in the extracts gets no figure (no_data), never 0;
    Wales gets a figure only when every council is covered; a period the extracts only partly
    cover is marked coverage=partial and never compared. One line says what the extracts
    cover; the manifest lists each dataset's councils and dates. With --compare, the change
    from last year is given where last year is computed too (--year 2023-24:2024-25).

    Cache: the checked extracts are kept (in .pm-cache of the workspace, or --cache DIR) and
    the next run on the same files loads them instead of reading again; the results are
    the same, byte for byte. --no-cache reads the files and keeps nothing.
    """
    from pm.api.computing import compute_run
    from pm.api.scope import DefinitionProblems

    with _progress_bar() as progress:
        try:
            run = compute_run(
                data_dir,
                years=year,
                periods=period,
                months=month,
                indicators=indicator,
                frameworks=framework,
                areas=area,
                breakdowns=breakdown,
                team=team,
                confidence=confidence,
                compare=compare,
                targets=targets,
                published=published,
                for_publication=for_publication,
                output=output,
                encoding=encoding,
                date_format=date_format,
                progress=progress,
                warn=warning,
                inform=info,
                cache=cache,
                no_cache=no_cache,
            )
        except DefinitionProblems as problems:
            for problem in problems.problems[:20]:
                err.print(f"{problem.location()}: {problem.code}: {problem.message}", markup=False)
            raise PmError(
                "the definitions have problems (above); run 'pm validate' and fix them first"
            ) from None
    _show(run)


def _show(run: Any) -> None:
    """The files written, or the table itself."""
    if run.written:
        results, quality, manifest = run.written
        info(f"Wrote {len(run.table):,} rows to {results}")
        info(f"  data-quality report: {quality}")
        info(f"  manifest: {manifest}")
    elif "band" in run.table.columns:
        print_compared(run.table, run.definitions)
    else:
        _print_table(run.table, run.confidence)


@contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A bar on a terminal while the indicators are computed; nothing when piped."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("Computing", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
            if done >= total:
                bar.stop()  # the notes that follow are printed below no bar

        yield advance


def _print_table(table: Any, confidence: float = 0.95) -> None:
    from rich.table import Table

    from pm.api.words import format_number

    shown = Table(show_lines=False)
    for heading in (
        "Indicator",
        "Period",
        "Area",
        "Breakdown",
        "Numerator",
        "Denominator",
        "Value",
        f"{confidence * 100:g}% CI",  # the level asked for with --confidence
        "Status",
    ):
        shown.add_column(heading, overflow="fold")
    for row in table.itertuples(index=False):
        ci = (
            ""
            if row.lower_ci != row.lower_ci
            else f"{format_number(row.lower_ci)}–{format_number(row.upper_ci)}"
        )
        shown.add_row(
            row.indicator,
            row.period,
            row.area_name,
            row.breakdown,
            format_number(row.numerator, 0),
            format_number(row.denominator, 0),
            format_number(row.value),
            ci,
            row.status + (" (partly covered)" if row.coverage == "partial" else ""),
        )
    out.print(shown)
