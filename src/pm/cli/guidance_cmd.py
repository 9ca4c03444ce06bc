"""`pm guidance`: write (or check) the technical-guidance pages from the definitions."""

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
        help="Folder to write into (default: the technical_guidance folder).",
    ),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; fail if any page is out of date (for CI)."
    ),
) -> None:
    """Write one guidance page per indicator and dataset, and an index, from the definitions."""
    from pm import resources
    from pm.definitions.loader import load_definitions
    from pm.files import write_text_atomic
    from pm.report.guidance import guidance_pages, stale_pages

    definitions = load_definitions(check=False)
    root = output or resources.guidance_dir()
    pages = guidance_pages(definitions, root)
    stale = stale_pages(pages)
    if check:
        for page in stale:
            out.print(
                f"{page.path}: stale-guidance: out of date; run 'pm guidance' to rewrite it",
                markup=False,
            )
        if stale:
            raise typer.Exit(1)
        out.print(f"All {len(pages)} guidance pages are current.")
        return
    for page in stale:
        write_text_atomic(page.path, page.text)
    info(f"Wrote {len(stale)} of {len(pages)} guidance page(s) under {root}.")
