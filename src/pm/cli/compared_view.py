"""The compared table as `pm compare` and `pm compute --compare` print it."""

from __future__ import annotations

from typing import Any

from pm.cli.console import out


def print_compared(table: Any, definitions: Any = None) -> None:
    """One line per row: value (or * where the disclosure rules withhold it), target, band,
    change, Wales, rank and quartile, in words."""
    from rich.table import Table

    from pm.api.comparing import is_missing
    from pm.api.words import band_text, comparison_text, direction_text, format_number, withheld

    shown = Table()
    for heading in (
        "Indicator",
        "Period",
        "Area",
        "Value",
        "Target",
        "Band",
        "Change",
        "Wales",
        "vs Wales",
        "Rank",
        "Quartile",
    ):
        shown.add_column(heading, overflow="fold")
    hidden_rows = withheld(table, definitions)
    for row, hidden in zip(table.itertuples(index=False), hidden_rows, strict=True):
        shown.add_row(
            row.indicator,
            row.period,
            row.area_name if row.breakdown == "" else f"{row.area_name} {row.breakdown}",
            "*" if hidden else format_number(row.value),
            format_number(row.target),
            band_text(row.band),
            direction_text(row.direction, row.change),
            format_number(row.benchmark_value),
            comparison_text(row.benchmark_comparison),
            "" if is_missing(row.rank) else f"{row.rank} of {row.rank_of}",
            "" if is_missing(row.quartile) else str(row.quartile),
        )
    out.print(shown)
