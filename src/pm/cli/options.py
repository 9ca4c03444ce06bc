"""Options shared by several commands, defined once so every command speaks alike.

A command uses one of these as its parameter's default (`encoding: str = ENCODING_OPTION`);
an option whose meaning differs between commands (`--output`, `--area`) stays with its
command, with help that says what it does there.
"""

from __future__ import annotations

from enum import StrEnum

import typer


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FORMAT_OPTION = typer.Option(
    OutputFormat.table,
    "--format",
    "-f",
    help="How to print the result: a table for people, json or csv for other programs.",
    case_sensitive=False,
)

DATA_OPTION = typer.Option(
    None,
    "--data",
    "-d",
    help="Folder holding the extracts; default: the workspace's data folder, as for pm compute.",
)

ENCODING_OPTION = typer.Option(
    "utf-8",
    "--encoding",
    help="Text encoding of the CSV files, e.g. cp1252 for files saved by older Excel.",
)

DATE_FORMAT_OPTION = typer.Option(
    None, "--date-format", help="Date format of the extracts if not YYYY-MM-DD, e.g. %d/%m/%Y."
)

TARGETS_HELP = (
    "Targets file (default: targets.yaml of the workspace, if any); "
    "checked before anything is banded."
)
TARGETS_OPTION = typer.Option(None, "--targets", "-t", help=TARGETS_HELP)

PUBLISHED_HELP = (
    "Published figures to benchmark against when you hold only your own council's extracts: "
    "a StatsWales table saved as CSV (header lines, area names or codes, measure codes or "
    "titles, years such as 2022-23, * and .. marks), or any CSV with council, indicator, year, "
    "numerator, denominator and value columns. Repeat for several files; the files listed "
    "under 'published:' in pm.yaml are read too."
)
PUBLISHED_OPTION = typer.Option(None, "--published", help=PUBLISHED_HELP)

FOR_PUBLICATION_OPTION = typer.Option(
    False,
    "--for-publication",
    help="Leave suppressed figures empty (for tables that will be published).",
)

CACHE_HELP = (
    "Keep the checked extracts in this folder and load them from it next time (default: "
    ".pm-cache in the workspace, else your user cache folder). It holds person-level data, "
    "readable by you only; never the extracts' folder; 'pm cache clear' empties it."
)
CACHE_OPTION = typer.Option(None, "--cache", help=CACHE_HELP, metavar="DIR")
NO_CACHE_OPTION = typer.Option(
    False,
    "--no-cache",
    help="Read every extract from its files, and keep nothing in the cache.",
)
