"""The columns of report workbooks: a measure's row, an indicator page's trend and councils,
shared by every Excel layout (pm.reporting.excel and the Director's report's sheets).
Headers are English in the code and shown in the language being written; a text the
context gives in English on a Welsh sheet (a title with no official Welsh) carries its
"(yn Saesneg)" in words, since a cell has no markup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pm.i18n import N_, _, plain
from pm.reporting import words
from pm.reporting.chart_svg import unit_words


@dataclass(frozen=True)
class Column:
    header: str  # English, as in the catalogue: `shown_header` gives it in the language
    get: Callable[[dict[str, Any]], Any]
    figure: bool = False  # a cell dictionary: written as a number with its decimals
    width: int = 12

    def shown_header(self, interval: str) -> str:
        """The header in the language being written, with the results' interval level."""
        return _(self.header) % {"interval": interval} if "%(" in self.header else _(self.header)


def _cell(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda m: m["cells"][name]


def _word(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda m: m[name]["label"] if m[name]["code"] else _(words.NOT_AVAILABLE)


def _text(name: str) -> Callable[[dict[str, Any]], Any]:
    """A title or other text: one in English on a Welsh sheet says so in words."""
    return lambda m: plain(m[name]) if m[name] else m[name]


MEASURE_COLUMNS = [
    Column(N_("Indicator"), lambda m: m["id"], width=10),
    Column(N_("Measure"), _text("short_title"), width=48),
    Column(N_("Unit"), lambda m: unit_words(m["unit"] or ""), width=10),
    Column(N_("Period"), lambda m: m["period"], width=10),
    Column(N_("Area code"), lambda m: m["area"], width=11),
    Column(N_("Area"), _text("area_name"), width=16),
    Column(N_("Value"), _cell("value"), figure=True),
    Column(N_("Numerator"), _cell("numerator"), figure=True),
    Column(N_("Denominator"), _cell("denominator"), figure=True),
    Column(N_("Counted"), lambda m: plain(m["counts"]["heading"] or ""), width=28),
    Column(N_("Lower %(interval)s CI"), _cell("lower_ci"), figure=True),
    Column(N_("Upper %(interval)s CI"), _cell("upper_ci"), figure=True),
    Column(N_("Target"), _cell("target"), figure=True),
    Column(N_("Close to target from"), _cell("close_limit"), figure=True),
    Column(N_("Band"), _word("band"), width=18),
    Column(N_("Previous period"), lambda m: m["previous_period"], width=10),
    Column(N_("Previous value"), _cell("previous_value"), figure=True),
    Column(N_("Change"), _cell("change"), figure=True),
    Column(N_("Direction"), _word("direction"), width=16),
    Column(N_("Wales"), _cell("wales_value"), figure=True),
    Column(N_("Compared with Wales"), _word("benchmark"), width=16),
    Column(N_("Comparator group"), lambda m: m["comparator_group"], width=14),
    Column(N_("Group value"), _cell("comparator_value"), figure=True),
    Column(N_("Compared with group"), _word("comparator"), width=16),
    Column(N_("Rank in group"), lambda m: m["group_rank"]["text"], width=12),
    Column(N_("Quartile (1 = best)"), _cell("quartile"), figure=True),
    Column(N_("Lower quartile"), _cell("lower_quartile"), figure=True),
    Column(N_("Upper quartile"), _cell("upper_quartile"), figure=True),
    Column(N_("Quartile band"), _word("quartile_band"), width=16),
    Column(N_("Note"), _text("status_words"), width=30),
    Column(N_("Framework"), _text("framework_label"), width=30),
]
EXCEPTION_COLUMNS = [
    *MEASURE_COLUMNS[:7],
    Column(N_("Why it is here"), lambda m: "; ".join(plain(e) for e in m["exceptions"]), width=40),
    *MEASURE_COLUMNS[7:],
]
TREND_COLUMNS = [
    Column(N_("Indicator"), lambda r: r["indicator"], width=10),
    Column(N_("Period"), lambda r: r["period"], width=10),
    Column(N_("Value"), lambda r: r["value"], figure=True),
    Column(N_("Lower %(interval)s CI"), lambda r: r["lower_ci"], figure=True),
    Column(N_("Upper %(interval)s CI"), lambda r: r["upper_ci"], figure=True),
    Column(N_("Numerator"), lambda r: r["numerator"], figure=True),
    Column(N_("Denominator"), lambda r: r["denominator"], figure=True),
    Column(N_("Target"), lambda r: r["target"], figure=True),
    Column(N_("Close to target from"), lambda r: r["close_limit"], figure=True),
    Column(N_("Wales"), lambda r: r["wales_value"], figure=True),
    Column(N_("Framework"), _text("framework_label"), width=30),
    Column(N_("Break in the series"), _text("break_note"), width=60),
]
COUNCIL_COLUMNS = [
    Column(N_("Indicator"), lambda r: r["indicator"], width=10),
    Column(N_("Area code"), lambda r: r["area"], width=11),
    Column(N_("Council"), _text("area_name"), width=22),
    Column(N_("Value"), lambda r: r["value"], figure=True),
    Column(N_("This report's council"), lambda r: _("yes") if r["selected"] else "", width=12),
]


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    mark: str = ""  # "(yn Saesneg)" for a title in English: kept whole in the sheet's name


def sheet_of(
    prefix: str, title: object, columns: list[Column], rows: list[dict[str, Any]]
) -> Sheet:
    """A sheet named by a prefix (a code) and a title; a title in English on a Welsh sheet
    keeps its mark even when the name is shortened."""
    from pm.i18n import Foreign

    name = f"{prefix} {title}".strip()
    return Sheet(name, columns, rows, title.mark if isinstance(title, Foreign) else "")
