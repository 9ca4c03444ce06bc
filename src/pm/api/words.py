"""The words and number formats pm prints, for whoever renders pm's tables (the CLI, a
notebook): the same figures and words as pm's own tables and reports, from one place."""

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
