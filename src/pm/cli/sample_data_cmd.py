"""``pm sample-data``: write a synthetic extract set to try pm without real data."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import err, info


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
        "2019-20:2024-25",
        "--years",
        help=(
            "Financial years to cover: a range (2019-20:2024-25), a list (2022-23,2023-24) "
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
        help="Only the national datasets, without the 8 local ones (safeguarding referrals, workforce, …).",
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
    from pm.api.samples import write_sample_data

    status = None

    def progress(message: str) -> None:  # the spinner starts once the options are checked
        nonlocal status
        if status is None:
            status = err.status(message)
            status.start()
        else:
            status.update(message)

    try:
        done = write_sample_data(
            out_dir,
            years=years,
            scale=scale,
            seed=seed,
            local=not no_local,
            force=force,
            council=council or [],
            progress=progress,
        )
    finally:
        if status is not None:
            status.stop()
    _render(done)


def _render(done) -> None:  # type: ignore[no-untyped-def]
    """The table of rows and faults per dataset, then what was written where (on stderr)."""
    from rich.table import Table

    counts = done.faults_by_dataset()
    log = done.log
    table = Table(title=None, show_edge=False, header_style="bold")
    table.add_column("dataset")
    table.add_column("rows", justify="right")
    table.add_column("faults", justify="right")
    for name, rows in log.row_counts.items():
        table.add_row(name, f"{rows:,}", str(counts.get(name, 0)) if counts.get(name) else "")
    table.add_row("total", f"{log.total_rows:,}", str(len(log.faults)), style="bold")
    err.print(table)
    kinds = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in done.fault_kinds().items() if n)
    labels = done.years
    info(
        f"Synthetic data for {len(labels)} year(s) {labels[0]}..{labels[-1]}, "
        f"scale {done.scale:g}, seed {done.seed}."
    )
    info(f"Injected data-quality faults: {kinds}.")
    if done.councils:
        info(
            f"Only the rows of {', '.join(done.councils)} were kept (the population table is whole)."
        )
    info(f"Written to {done.folder}; the log of every fault is {log.path}.")
