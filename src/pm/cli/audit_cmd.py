"""`pm audit-sample`: a reproducible random sample of case files for a case-file review."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out, warning
from pm.errors import UsageError


def default_output(dataset: str, seed: int) -> Path:
    return Path(f"OFFICIAL-SENSITIVE_audit-sample_{dataset}_seed{seed}.csv")


@app.command("audit-sample")
def audit_sample_command(
    dataset: str = typer.Argument(
        ..., help="Dataset to draw cases from, e.g. safeguarding_referrals.", show_default=False
    ),
    data_dir: Path = typer.Option(
        None,
        "--data",
        "-d",
        help="Folder holding the extracts; default: the workspace's data folder, as for pm compute.",
    ),
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
    encoding: str = typer.Option("utf-8", "--encoding", help="Text encoding of the CSV files."),
) -> None:
    """Draw a random sample of cases for a case-file audit, and write their ids to a CSV file.

    The file holds personal data (case identifiers): its first line says so, and so does its
    default name. Record the results of the audit in an audit_results extract; pm computes
    from it the percentage of audited case files meeting the standard (LOC10, LOC11).
    """
    from pm.audit import draw_sample, sample_csv_bytes
    from pm.calendar import parse_period
    from pm.choices import choose
    from pm.data.reader import read_extracts
    from pm.definitions.loader import load_definitions
    from pm.engine.run import resolve_areas
    from pm.files import write_bytes_atomic
    from pm.guard import refuse_overwriting
    from pm.workspace import current_workspace, definition_paths, standard_inputs

    if data_dir is None:
        from pm.workspace import current_workspace, workspace_data_folder

        data_dir = workspace_data_folder(
            current_workspace(), "pm audit-sample DATASET --data DATA_DIR --size 20 --seed 1"
        )
    definitions = load_definitions(definition_paths(current_workspace()), check=False)
    dataset = choose(dataset, list(definitions.datasets), "dataset", "a dataset pm knows")
    target = output or default_output(dataset, seed)
    refuse_overwriting([target], standard_inputs(current_workspace()).add(data_dir, "the extract"))
    columns = [c.name for c in definitions.datasets[dataset].columns]
    what = f"a column of {dataset}"
    stratify, case_column, date_column = (
        choose(text, columns, option, what) if text is not None else None
        for text, option in (
            (stratify, "--stratify"),
            (case_column, "--case-column"),
            (date_column, "--date-column"),
        )
    )
    areas = resolve_areas(definitions, list(area or []))
    period = parse_period(year) if year else None
    extracts = read_extracts(
        data_dir,
        definitions.datasets,
        [dataset],
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        encoding=encoding,
    )
    if dataset not in extracts.datasets:
        raise UsageError(f"no {dataset}.csv (or .parquet) in {data_dir}")
    from pm.data.findings import records_left_out

    left_out = sum(records_left_out(extracts.findings).values())
    if left_out:
        warning(
            f"{left_out:,} record(s) of {dataset} have data-quality problems and cannot be drawn "
            "(run pm compute to list them)"
        )
    sample = draw_sample(
        extracts.datasets[dataset],
        size,
        seed,
        stratify=stratify,
        areas=areas,
        period=period,
        case_column=case_column,
        date_column=date_column,
    )
    if sample.population == 0:
        raise UsageError(
            f"no cases of {dataset} in the councils and period chosen: nothing to draw"
        )
    for note in sample.notes:
        warning(note)
    described = (
        f"Case-file audit sample drawn by pm audit-sample from {dataset}"
        f"{' for ' + ', '.join(areas) if areas else ''}"
        f"{' in ' + period.label if period else ''}: {len(sample.cases):,} of "
        f"{sample.population:,} cases, seed {seed}"
        f"{', stratified by ' + stratify + ' (largest remainder)' if stratify else ''}. "
        "Store and share it as personal data; delete it when the audit is done."
    )
    names = {c.code: c.name for c in definitions.reference.councils}
    write_bytes_atomic(target, sample_csv_bytes(sample, names, described), private=True)
    if stratify:
        _print_strata(sample)
    info(f"Wrote {len(sample.cases):,} case(s) of {sample.population:,} to {target}")
    lowered = target.name.lower()
    if "sensitive" not in lowered and "personal" not in lowered:
        warning(
            f"{target.name} holds personal data: a name saying so (OFFICIAL-SENSITIVE_…) helps keep it safe"
        )


def _print_strata(sample) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    shown = Table(title=f"Sample by {sample.stratify}")
    for heading in ("Council", sample.stratify or "", "Cases", "Drawn"):
        shown.add_column(heading)
    for row in sample.strata.itertuples(index=False):
        shown.add_row(row.la_code, row.stratum, f"{row.cases:,}", f"{row.drawn:,}")
    out.print(shown)
