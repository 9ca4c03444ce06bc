"""The columns of report workbooks: a measure's row, an indicator page's trend and councils,
shared by every Excel layout (pm.reporting.excel and the Director's report's sheets)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pm.reporting import words


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[dict[str, Any]], Any]
    figure: bool = False  # a cell dictionary: written as a number with its decimals
    width: int = 12


def _cell(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda m: m["cells"][name]


def _word(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda m: m[name]["label"] if m[name]["code"] else words.NOT_AVAILABLE


MEASURE_COLUMNS = [
    Column("Indicator", lambda m: m["id"], width=10),
    Column("Measure", lambda m: m["short_title"], width=48),
    Column("Unit", lambda m: m["unit"], width=10),
    Column("Period", lambda m: m["period"], width=10),
    Column("Area code", lambda m: m["area"], width=11),
    Column("Area", lambda m: m["area_name"], width=16),
    Column("Value", _cell("value"), figure=True),
    Column("Numerator", _cell("numerator"), figure=True),
    Column("Denominator", _cell("denominator"), figure=True),
    Column("Counted", lambda m: m["counts"]["heading"], width=28),
    Column("Lower 95% CI", _cell("lower_ci"), figure=True),
    Column("Upper 95% CI", _cell("upper_ci"), figure=True),
    Column("Target", _cell("target"), figure=True),
    Column("Close to target from", _cell("close_limit"), figure=True),
    Column("Band", _word("band"), width=18),
    Column("Previous period", lambda m: m["previous_period"], width=10),
    Column("Previous value", _cell("previous_value"), figure=True),
    Column("Change", _cell("change"), figure=True),
    Column("Direction", _word("direction"), width=16),
    Column("Wales", _cell("wales_value"), figure=True),
    Column("Compared with Wales", _word("benchmark"), width=16),
    Column("Comparator group", lambda m: m["comparator_group"], width=14),
    Column("Group value", _cell("comparator_value"), figure=True),
    Column("Compared with group", _word("comparator"), width=16),
    Column("Rank in group", lambda m: m["group_rank"]["text"], width=12),
    Column("Quartile (1 = best)", _cell("quartile"), figure=True),
    Column("Lower quartile", _cell("lower_quartile"), figure=True),
    Column("Upper quartile", _cell("upper_quartile"), figure=True),
    Column("Quartile band", _word("quartile_band"), width=16),
    Column("Note", lambda m: m["status_words"], width=30),
    Column("Framework", lambda m: m["framework_label"], width=30),
]
EXCEPTION_COLUMNS = [
    *MEASURE_COLUMNS[:7],
    Column("Why it is here", lambda m: "; ".join(m["exceptions"]), width=40),
    *MEASURE_COLUMNS[7:],
]
TREND_COLUMNS = [
    Column("Indicator", lambda r: r["indicator"], width=10),
    Column("Period", lambda r: r["period"], width=10),
    Column("Value", lambda r: r["value"], figure=True),
    Column("Lower 95% CI", lambda r: r["lower_ci"], figure=True),
    Column("Upper 95% CI", lambda r: r["upper_ci"], figure=True),
    Column("Numerator", lambda r: r["numerator"], figure=True),
    Column("Denominator", lambda r: r["denominator"], figure=True),
    Column("Target", lambda r: r["target"], figure=True),
    Column("Close to target from", lambda r: r["close_limit"], figure=True),
    Column("Wales", lambda r: r["wales_value"], figure=True),
    Column("Framework", lambda r: r["framework_label"], width=30),
    Column("Break in the series", lambda r: r["break_note"], width=60),
]
COUNCIL_COLUMNS = [
    Column("Indicator", lambda r: r["indicator"], width=10),
    Column("Area code", lambda r: r["area"], width=11),
    Column("Council", lambda r: r["area_name"], width=22),
    Column("Value", lambda r: r["value"], figure=True),
    Column("This report's council", lambda r: "yes" if r["selected"] else "", width=12),
]


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
