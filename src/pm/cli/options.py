"""Options shared by several commands, defined once so every command speaks alike."""

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
