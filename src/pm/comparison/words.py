"""The word, symbol and colour of every band and comparison a report shows.

A colour never stands alone: each state has a word and a symbol of its own shape, so a
report reads the same printed in black and white or by someone who cannot tell red from
green. Colours come from the Okabe-Ito palette, chosen to stay distinct for the common
kinds of colour blindness; `tone` names a CSS class and an Excel fill.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_AVAILABLE = "Not available"


@dataclass(frozen=True)
class State:
    """How one state (a band, a direction, a comparison) is shown."""

    code: str
    word: str
    symbol: str
    tone: str  # good | close | poor | neutral | none

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "word": self.word,
            "symbol": self.symbol,
            "tone": self.tone,
            "label": f"{self.symbol} {self.word}",
        }


def _states(*states: State) -> dict[str, State]:
    return {state.code: state for state in states}


BANDS = _states(
    State("on_target", "On target", "✔", "good"),
    State("close_to_target", "Close to target", "◆", "close"),
    State("off_target", "Off target", "✖", "poor"),
    State("no_target", "No target", "○", "neutral"),
)
DIRECTIONS = _states(
    State("improved", "Improved", "▲", "good"),
    State("declined", "Declined", "▼", "poor"),
    State("no_change", "No change", "▶", "neutral"),
    State("increased", "Increased", "↑", "neutral"),
    State("decreased", "Decreased", "↓", "neutral"),
)
TRENDS = _states(
    State("improving", "Improving", "▲", "good"),
    State("worsening", "Worsening", "▼", "poor"),
    State("no_significant_change", "No significant change", "▶", "neutral"),
    State("increasing", "Increasing", "↑", "neutral"),
    State("decreasing", "Decreasing", "↓", "neutral"),
)
COMPARISONS = _states(
    State("better", "Better", "▲", "good"),
    State("similar", "Similar", "●", "close"),
    State("worse", "Worse", "▼", "poor"),
    State("higher", "Higher", "↑", "neutral"),
    State("lower", "Lower", "↓", "neutral"),
    State("not_compared", "Not compared", "○", "neutral"),
)
QUARTILE_BANDS = _states(
    State("top_quartile", "Top quarter", "★", "good"),
    State("middle_half", "Middle half", "◆", "close"),
    State("bottom_quartile", "Bottom quarter", "✖", "poor"),
)
MISSING = State("", NOT_AVAILABLE, "–", "none")

# Okabe-Ito colours: strong for charts and borders, pale tints behind dark text in tables.
TONE_COLOURS = {
    "good": {"strong": "#009E73", "pale": "#D5F0E6"},
    "close": {"strong": "#E69F00", "pale": "#FCEBC4"},
    "poor": {"strong": "#D55E00", "pale": "#F8D7C4"},
    "neutral": {"strong": "#56B4E9", "pale": "#E3F1FA"},
    "none": {"strong": "#999999", "pale": "#FFFFFF"},
}


def state(vocabulary: dict[str, State], code: str) -> dict[str, str]:
    """The shown form of `code`; an empty or unknown code is 'Not available'."""
    return vocabulary.get(code, MISSING).as_dict()


def legend() -> list[dict[str, str]]:
    """Every band, for a key printed beside the tables."""
    return [band.as_dict() for band in BANDS.values()]


def band_text(band: str) -> str:
    """'✔ On target' for a terminal or a Markdown table; empty when not banded."""
    found = BANDS.get(band)
    return f"{found.symbol} {found.word}" if found else ""


def comparison_text(word: str) -> str:
    found = COMPARISONS.get(word)
    return found.word if found else ""


def direction_text(word: str, change: float | None) -> str:
    """'▲ Improved (+6.4)': the direction with the change as shown."""
    import math

    from pm.engine.rounding import format_number

    found = DIRECTIONS.get(word)
    if found is None:
        return ""
    text = f"{found.symbol} {found.word}"
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return text
    return f"{text} ({'+' if change > 0 else ''}{format_number(change)})"
