"""`pm init`: a new workspace for one council."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info


@app.command("init")
def init_command(
    folder: Path = typer.Argument(
        ..., help="The folder to create the workspace in (made if missing).", show_default=False
    ),
    council: str = typer.Option(
        ...,
        "--council",
        "-c",
        help="The council, by ONS code or name, e.g. W06000023 or Powys.",
        show_default=False,
    ),
    year: str = typer.Option(
        None,
        "--year",
        "-y",
        help="The financial year of the example service plan (default: the current one).",
    ),
) -> None:
    """Create a council workspace: pm.yaml (the council and its comparator group), targets.yaml,
    an example service plan, and folders for extracts, commentary, local indicators and templates.

    Every pm command run inside the folder (or below it) then uses them. Existing files are
    never overwritten.
    """
    from pm.api.workspaces import create_workspace

    made = create_workspace(folder, council=council, year=year)
    info(f"Created a workspace for {made.council_name} in {folder}:")
    for path in made.files:
        info(f"  {path}")
    info(
        f"Next: put extracts in {folder / 'data'}, then run 'pm validate' and 'pm compute data --year ... --compare' inside it."
    )
