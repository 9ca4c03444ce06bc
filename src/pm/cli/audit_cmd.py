"""`pm audit-sample`: a reproducible random sample of case files for a case-file review."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out, warning
from pm.cli.options import CACHE_OPTION, DATA_OPTION, ENCODING_OPTION, NO_CACHE_OPTION


@app.command("audit-sample")
def audit_sample_command(
    dataset: str = typer.Argument(
        ..., help="Dataset to draw cases from, e.g. safeguarding_referrals.", show_default=False
    ),
    data_dir: Path = DATA_OPTION,
    size: int = typer.Option(..., "--size", "-n", help="How many case files to draw."),
    seed: int = typer.Option(
        ...,
        "--seed",
        "-s",
        help="Random seed: note it with the audit; the same seed, data and options give the same sample.",
    ),
    stratify: str = typer.Option(
        None,
        "--stratify",
        help="Share the sample between the values of this column (e.g. team) in proportion to their cases.",
    ),
    area: list[str] = typer.Option(
        None, "--area", "-a", help="Only these councils, by code or name (repeat); default all."
    ),
    year: str = typer.Option(
        None,
        "--year",
        "-y",
        help="Only cases with a record in this period: a year 2023-24, a quarter '2023-24 Q2' or a month 2023-06.",
    ),
    case_column: str = typer.Option(
        None,
        "--case-column",
        help="Column identifying a case; default the dataset's person column.",
    ),
    date_column: str = typer.Option(
        None,
        "--date-column",
        help="Date column --year looks at; default the dataset's first required date.",
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "CSV file to write; default OFFICIAL-SENSITIVE_audit-sample_<dataset>_seed<seed>.csv "
            "here. A new file is readable by you only (0600); a file replaced keeps its mode."
        ),
    ),
    encoding: str = ENCODING_OPTION,
    cache: Path = CACHE_OPTION,
    no_cache: bool = NO_CACHE_OPTION,
) -> None:
    """Draw a random sample of cases for a case-file audit, and write their ids to a CSV file.

    The file holds personal data (case identifiers): its first line says so, and so does its
    default name. Record the results of the audit in an audit_results extract; pm computes
    from it the percentage of audited case files meeting the standard (LOC10, LOC11).
    """
    from pm.api.auditing import audit_sample_run

    drawn = audit_sample_run(
        dataset,
        size=size,
        seed=seed,
        data=data_dir,
        stratify=stratify,
        area=list(area or []),
        year=year,
        case_column=case_column,
        date_column=date_column,
        output=output,
        encoding=encoding,
        warn=warning,
        to_default_file=True,
        cache=cache,
        no_cache=no_cache,
    )
    if drawn.sample.stratify:
        _print_strata(drawn.sample)
    info(drawn.written())
    named = drawn.name_warning()
    if named:
        warning(named)


def _print_strata(sample) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    shown = Table(title=f"Sample by {sample.stratify}")
    for heading in ("Council", sample.stratify or "", "Cases", "Drawn"):
        shown.add_column(heading)
    for row in sample.strata.itertuples(index=False):
        shown.add_row(row.la_code, row.stratum, f"{row.cases:,}", f"{row.drawn:,}")
    out.print(shown)
