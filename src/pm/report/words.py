"""The shown form of bands and comparisons, shared with the command line: see
:mod:`pm.compare.words`, where the words, symbols and colours are defined once."""

from pm.compare.words import (
    BANDS,
    COMPARISONS,
    DIRECTIONS,
    MISSING,
    NOT_AVAILABLE,
    QUARTILE_BANDS,
    TONE_COLOURS,
    TRENDS,
    State,
    legend,
    state,
)

__all__ = [
    "BANDS",
    "COMPARISONS",
    "DIRECTIONS",
    "MISSING",
    "NOT_AVAILABLE",
    "QUARTILE_BANDS",
    "TONE_COLOURS",
    "TRENDS",
    "State",
    "legend",
    "state",
]
