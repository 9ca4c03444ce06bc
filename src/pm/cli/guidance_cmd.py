"""`pm guidance`: write (or check) the technical-guidance pages from the definitions
(where they go: `pm.api.guidance`)."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out


@app.command("guidance")
def guidance_command(
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "Folder to write into. Default: inside a workspace, its guidance/ folder; "
            "otherwise the technical_guidance folder of a pm source checkout."
        ),
    ),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; fail if any page is out of date (for CI)."
    ),
) -> None:
    """Write one guidance page per indicator and dataset, and an index, from the definitions.

    Inside a workspace the pages (national indicators and the workspace's own) go to the
    workspace's guidance/ folder, never into pm's own files.
    """
    from pm.api.guidance import write_guidance

    done = write_guidance(output, check=check)
    if check:
        for path in done.stale:
            out.print(
                f"{path}: stale-guidance: out of date; run 'pm guidance' to rewrite it",
                markup=False,
            )
        if done.stale:
            raise typer.Exit(1)
        out.print(f"All {done.pages} guidance pages are current.")
        return
    info(f"Wrote {len(done.stale)} of {done.pages} guidance page(s) under {done.shown_folder}.")
