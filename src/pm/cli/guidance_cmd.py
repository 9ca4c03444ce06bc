"""`pm guidance`: write (or check) the technical-guidance pages from the definitions.

Where the pages go: inside a workspace, its own `guidance/` folder (the `guidance:` path of
pm.yaml), holding the pages of the national and the council's own indicators; outside a
workspace, the `technical_guidance/` folder of a pm source checkout (where the shipped
pages are kept). pm never writes into an installed package: there, `--output` is needed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out
from pm.errors import UsageError


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
    from pm.definitions.loader import load_definitions
    from pm.files import write_text_atomic
    from pm.guard import refuse_overwriting, shown
    from pm.reporting.guidance import guidance_pages, stale_pages
    from pm.workspace import current_workspace, definition_paths, standard_inputs

    definitions = load_definitions(definition_paths(current_workspace()), check=False)
    root = output or _default_folder()
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
    refuse_overwriting([page.path for page in stale], standard_inputs(current_workspace()))
    for page in stale:
        write_text_atomic(page.path, page.text)
    info(f"Wrote {len(stale)} of {len(pages)} guidance page(s) under {shown(root)}.")


def _default_folder() -> Path:
    """The workspace's guidance folder; outside one, the shipped pages of a source checkout."""
    from pm import resources
    from pm.workspace import current_workspace

    workspace = current_workspace()
    if workspace is not None:
        return workspace.path("guidance")
    if resources.installed():
        raise UsageError(
            "say where to write the guidance pages with --output FOLDER (or run inside a "
            "workspace, whose guidance/ folder is the default): pm does not write into its "
            "installed files"
        )
    return resources.guidance_dir()
