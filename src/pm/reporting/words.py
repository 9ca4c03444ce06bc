"""The shown form of bands and comparisons, shared with the command line: see
:mod:`pm.comparison.words`, where the words, symbols and colours are defined once. Reports add
the words for contextual measures, which are never banded or ranked."""

from pm.comparison.words import (
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
from pm.i18n import N_

# A contextual measure (polarity none) has no target and no better end: say so, rather than
# "Not available", which reads as a figure that is missing.
CONTEXT_BAND = State("context", N_("Context: no target"), "○", "neutral")
CONTEXT_QUARTILE = State("context", N_("Context: not ranked"), "○", "neutral")


def band_state(code: str, contextual: bool) -> dict[str, str]:
    """The band as shown; a contextual measure's empty band is 'Context: no target'."""
    if contextual and not code:
        return CONTEXT_BAND.as_dict()
    return state(BANDS, code)


def quartile_state(code: str, contextual: bool) -> dict[str, str]:
    """The quartile band as shown; a contextual measure's is 'Context: not ranked'."""
    if contextual and not code:
        return CONTEXT_QUARTILE.as_dict()
    return state(QUARTILE_BANDS, code)


__all__ = [
    "BANDS",
    "COMPARISONS",
    "CONTEXT_BAND",
    "CONTEXT_QUARTILE",
    "DIRECTIONS",
    "MISSING",
    "NOT_AVAILABLE",
    "QUARTILE_BANDS",
    "TONE_COLOURS",
    "TRENDS",
    "State",
    "band_state",
    "legend",
    "quartile_state",
    "state",
]
