"""``pm sample-data``: write a synthetic extract set to try pm without real data."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.errors import UsageError


@app.command(
    "sample-data",
    help=(
        "Write made-up (synthetic) extracts for all 22 Welsh councils into OUT_DIR, to try pm "
        "without real data. Every dataset of the data contract is written as <dataset>.csv; "
        "a few deliberate data-quality faults (wrong dates, unknown council codes, duplicated "
        "ids, empty required cells) are listed in OUT_DIR/generation_log.json. No record "
        "describes a real person. The same --seed, --scale and --years always give identical files. "
        "The files are replaced together (all or none) and keep the file mode of those they replace."
    ),
)
def sample_data(
    out_dir: Path = typer.Argument(
        ...,
        metavar="OUT_DIR",
        help="Folder to write the CSV files into; it is created if it does not exist.",
        show_default=False,
    ),
    years: str = typer.Option(
        "2021-22:2024-25",
        "--years",
        help=(
            "Financial years to cover: a range (2021-22:2024-25), a list (2022-23,2023-24) "
            "or one year (2023-24). Records start up to a year earlier, for follow-ups."
        ),
    ),
    scale: float = typer.Option(
        1.0,
        "--scale",
        help=(
            "How much data: 1.0 is about one real year of all-Wales activity per year "
            "(about 770,000 records over 4 years); 0.04 is a small set like pm's own "
            "sample_data folder; 13.5 gives about 10 million records over 4 years."
        ),
    ),
    seed: int = typer.Option(
        2024, "--seed", help="Random seed; another seed gives other (equally realistic) data."
    ),
    no_local: bool = typer.Option(
        False,
        "--no-local",
        help="Only the 15 national datasets, without the 8 local ones (safeguarding referrals, workforce, …).",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Write into OUT_DIR even if it holds files that pm sample-data did not write.",
    ),
    council: list[str] = typer.Option(
        None,
        "--council",
        help=(
            "Keep only this council's rows (name or code; repeat for several), as a council's "
            "own extracts would be; the population table is kept whole. With --scale 0.04 "
            "these are exactly that council's rows of pm's sample_data folder."
        ),
    ),
) -> None:
    from rich.table import Table

    from pm.cli.console import err, info
    from pm.sample_data import LOG_NAME, generate, parse_years

    labels = parse_years(years)
    codes = _council_codes(council or [])
    if not scale > 0 or scale > 1000:
        raise UsageError(f"--scale must be above 0 and at most 1000 (got {scale}).")
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} is a file, not a folder: give a folder for the extracts.")
    # A README alone (pm init writes one into a workspace's data/) is left alone, not refused.
    others = (
        [p for p in out_dir.iterdir() if not p.name.lower().startswith("readme")]
        if out_dir.is_dir()
        else []
    )
    if others and not (out_dir / LOG_NAME).exists() and not force:
        raise UsageError(
            f"{out_dir} is not empty and was not written by pm sample-data: "
            "choose an empty or new folder, or add --force to write into it anyway."
        )

    from pm.guard import refuse_overwriting
    from pm.sample_data.spec import DATASETS, LOCAL_DATASETS
    from pm.workspace import current_workspace, standard_inputs

    names = [*DATASETS, *([] if no_local else LOCAL_DATASETS)]
    written = [out_dir / f"{name}.csv" for name in names] + [out_dir / LOG_NAME]
    refuse_overwriting(
        written, standard_inputs(current_workspace(), workspace_data=False), option="OUT_DIR"
    )
    with err.status(f"Writing synthetic extracts for {labels[0]} to {labels[-1]} …") as status:

        def progress(name: str, rows: int) -> None:
            status.update(f"Wrote {name}.csv ({rows:,} rows) …")

        log = generate(
            out_dir, labels, scale=scale, seed=seed, progress=progress, include_local=not no_local
        )

    if codes:
        from pm.sample_data.councils_only import keep_councils

        keep_councils(out_dir, log, set(codes))
    counts: dict[str, int] = {}
    for fault in log.faults:
        counts[fault.dataset] = counts.get(fault.dataset, 0) + 1
    table = Table(title=None, show_edge=False, header_style="bold")
    table.add_column("dataset")
    table.add_column("rows", justify="right")
    table.add_column("faults", justify="right")
    for name, rows in log.row_counts.items():
        table.add_row(name, f"{rows:,}", str(counts.get(name, 0)) if counts.get(name) else "")
    table.add_row("total", f"{log.total_rows:,}", str(len(log.faults)), style="bold")
    err.print(table)
    kinds = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in log.fault_counts().items() if n)
    info(
        f"Synthetic data for {len(labels)} year(s) {labels[0]}..{labels[-1]}, scale {scale:g}, seed {seed}."
    )
    info(f"Injected data-quality faults: {kinds}.")
    if codes:
        names = ", ".join(_council_name(code) for code in codes)
        info(f"Only the rows of {names} were kept (the population table is whole).")
    info(f"Written to {out_dir}; the log of every fault is {log.path}.")


def _council_codes(given: list[str]) -> list[str]:
    """Council codes from names or codes (any case); Wales is not a council."""
    if not given:
        return []
    from pm.definitions.reference import load_reference
    from pm.resources import reference_dir

    reference = load_reference(reference_dir())
    codes = reference.area_codes(given)
    if reference.wales is not None and reference.wales.code in codes:
        raise UsageError("--council takes a council such as Cardiff, not Wales")
    return sorted(set(codes))


def _council_name(code: str) -> str:
    from pm.definitions.reference import load_reference
    from pm.resources import reference_dir

    return load_reference(reference_dir()).council_name(code)
