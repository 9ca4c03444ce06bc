"""`pm cache info` and `pm cache clear`: the cache of checked extracts, looked at and emptied."""

from __future__ import annotations

from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out

cache_app = typer.Typer(
    name="cache",
    help=(
        "The cache of checked extracts: after a run has read and checked an extract, pm keeps "
        "the typed records and their data-quality findings, and the next run on the same "
        "files loads them instead of reading again. It lives in .pm-cache beside the "
        "workspace's pm.yaml (else in your user cache folder), holds person-level data "
        "readable by you only, and is never used when a file, the data-item specification "
        "or pm's version has changed."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app)

FOLDER_OPTION = typer.Option(
    None,
    "--cache",
    metavar="DIR",
    help="The cache folder, if not the default (.pm-cache in the workspace, else your user cache folder).",
)


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


@cache_app.command("info")
def cache_info_command(cache: Path = FOLDER_OPTION) -> None:
    """Say where the cache is, how many extracts it holds and how much space they take."""
    from pm.api.caching import cache_info

    found = cache_info(cache=cache)
    out.print(f"Cache: {found.folder}", markup=False, highlight=False)
    if not found.exists:
        out.print("Not made yet: the first run that reads extracts makes it.", markup=False)
        return
    out.print(
        f"{found.entries:,} cached extract(s), {_size(found.size)}", markup=False, highlight=False
    )
    for name, count in sorted(found.datasets.items()):
        out.print(f"  {name}: {count}", markup=False, highlight=False)


@cache_app.command("clear")
def cache_clear_command(cache: Path = FOLDER_OPTION) -> None:
    """Remove every cached extract (the extracts themselves are never touched); the next run
    reads the files again."""
    from pm.api.caching import clear_cache

    removed = clear_cache(cache=cache)
    info(
        f"Removed {removed.entries:,} cached extract(s), {_size(removed.size)}, from {removed.folder}"
    )
