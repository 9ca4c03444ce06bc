"""Plain words and symbols for bands and comparisons, so no colour ever stands alone."""

from __future__ import annotations

import math

BANDS = {
    "on_target": ("✔", "On target"),
    "close_to_target": ("▲", "Close to target"),
    "off_target": ("✖", "Off target"),
    "no_target": ("–", "No target set"),
}
COMPARISONS = {
    "better": "Better",
    "similar": "Similar",
    "worse": "Worse",
    "higher": "Higher",
    "lower": "Lower",
    "not_compared": "Not compared",
}
DIRECTIONS = {
    "improved": "↑ improved",
    "declined": "↓ declined",
    "no_change": "→ no change",
    "increased": "↑ increased",
    "decreased": "↓ decreased",
}


def band_text(band: str) -> str:
    symbol, words = BANDS.get(band, ("", ""))
    return f"{symbol} {words}".strip()


def comparison_text(word: str) -> str:
    return COMPARISONS.get(word, "")


def direction_text(word: str, change: float | None) -> str:
    from pm.engine.rounding import format_number

    if not word:
        return ""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return DIRECTIONS.get(word, word)
    return f"{DIRECTIONS.get(word, word)} ({'+' if change > 0 else ''}{format_number(change)})"
