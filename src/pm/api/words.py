"""The words and numbers pm shows: what the CLI and a notebook use to render results as
pm does (numbers rounded for display, bands and directions in words, withheld rows, the
file formats pm writes)."""

from __future__ import annotations

from pm.comparison.words import band_text, comparison_text, direction_text
from pm.engine.rounding import format_number
from pm.engine.withheld import withheld
from pm.outputs import FORMATS

__all__ = [
    "FORMATS",
    "band_text",
    "comparison_text",
    "direction_text",
    "format_number",
    "withheld",
]
