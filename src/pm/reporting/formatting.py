"""The one function that turns a figure into the text a report shows.

Every number in a report, spreadsheet label, chart label or alt text goes through
`format_figure`, so a figure reads the same everywhere and a test can check each one
against the results table. Rounding is half up (as StatsWales and Excel show figures).
"""

from __future__ import annotations

import math
from typing import Any

from pm.engine.rounding import format_number, round_half_up

SUPPRESSED_SYMBOL = "*"  # StatsWales: disclosive or not robust
MISSING_SYMBOL = ".."  # StatsWales: not available


def format_figure(
    value: Any,
    decimals: int = 1,
    *,
    signed: bool = False,
    suppressed: bool = False,
) -> str:
    """`value` rounded half up to `decimals` places with thousands separators.

    A suppressed figure shows as "*" whatever it holds; a missing one as "..". With
    `signed`, a change shows its sign ("+1.2", "-0.4", "0.0").
    """
    if suppressed:
        return SUPPRESSED_SYMBOL
    if value is None or _is_nan(value):
        return MISSING_SYMBOL
    text = format_number(value, decimals)
    if signed and not text.startswith("-") and round_half_up(value, decimals) != 0:
        text = "+" + text
    return text


def rounded(value: Any, decimals: int = 1) -> float | None:
    """The number `format_figure` shows, as a number (for spreadsheets and charts)."""
    if value is None or _is_nan(value):
        return None
    return float(round_half_up(value, decimals))


def _is_nan(value: Any) -> bool:
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False
