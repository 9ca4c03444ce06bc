"""The word, symbol and colour of every band and comparison a report shows.

A colour never stands alone: each state has a word and a symbol of its own shape, so a
report reads the same printed in black and white or by someone who cannot tell red from
green. Colours come from the Okabe-Ito palette, chosen to stay distinct for the common
kinds of colour blindness; `tone` names a CSS class and an Excel fill.
"""

from __future__ import annotations

from dataclasses import dataclass

from pm.i18n import N_, gettext

NOT_AVAILABLE = N_("Not available")


@dataclass(frozen=True)
class State:
    """How one state (a band, a direction, a comparison) is shown."""

    code: str
    word: str
    symbol: str
    tone: str  # good | close | poor | neutral | none

    @property
    def shown_word(self) -> str:
        """The word in the language being written (`word` is the English, as in the code)."""
        return gettext(self.word)

    def as_dict(self) -> dict[str, str]:
        word = self.shown_word
        return {
            "code": self.code,
            "word": word,
            "symbol": self.symbol,
            "tone": self.tone,
            "label": f"{self.symbol} {word}",
        }


def _states(*states: State) -> dict[str, State]:
    return {state.code: state for state in states}


BANDS = _states(
    State("on_target", N_("On target"), "✔", "good"),
    State("close_to_target", N_("Close to target"), "◆", "close"),
    State("off_target", N_("Off target"), "✖", "poor"),
    State("no_target", N_("No target"), "○", "neutral"),
)
DIRECTIONS = _states(
    State("improved", N_("Improved"), "▲", "good"),
    State("declined", N_("Declined"), "▼", "poor"),
    State("no_change", N_("No change"), "▶", "neutral"),
    State("increased", N_("Increased"), "↑", "neutral"),
    State("decreased", N_("Decreased"), "↓", "neutral"),
)
TRENDS = _states(
    State("improving", N_("Improving"), "▲", "good"),
    State("worsening", N_("Worsening"), "▼", "poor"),
    State("no_significant_change", N_("No significant change"), "▶", "neutral"),
    State("increasing", N_("Increasing"), "↑", "neutral"),
    State("decreasing", N_("Decreasing"), "↓", "neutral"),
)
COMPARISONS = _states(
    State("better", N_("Better"), "▲", "good"),
    State("similar", N_("Similar"), "●", "close"),
    State("worse", N_("Worse"), "▼", "poor"),
    State("higher", N_("Higher"), "↑", "neutral"),
    State("lower", N_("Lower"), "↓", "neutral"),
    State("not_compared", N_("Not compared"), "○", "neutral"),
)
QUARTILE_BANDS = _states(
    State("top_quartile", N_("Top quarter"), "★", "good"),
    State("middle_half", N_("Middle half"), "◆", "close"),
    State("bottom_quartile", N_("Bottom quarter"), "✖", "poor"),
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
