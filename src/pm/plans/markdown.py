"""A service plan's status as Markdown that pastes into Word and renders on GitHub."""

from __future__ import annotations

import datetime as dt

from pm.comparison.words import band_text, direction_text
from pm.engine.rounding import format_number
from pm.plans.model import ServicePlan
from pm.plans.status import ObjectiveStatus

_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]<>()#+-.!|"})


def escape_markdown(text: str) -> str:
    """Plain text shown literally in Markdown (no links, emphasis, HTML or tables)."""
    return " ".join(text.split()).translate(_SPECIAL)


def plan_markdown(
    plan: ServicePlan, statuses: list[ObjectiveStatus], area_name: str, today: dt.date
) -> str:
    e = escape_markdown
    lines = [
        f"# {e(plan.title)}",
        "",
        f"{e(area_name)}, {e(plan.year)}. Owner: {e(plan.owner)}. Actions as of {today.isoformat()}.",
        "",
    ]
    for status in statuses:
        o = status.objective
        late = f" — **{status.overdue} overdue**" if status.overdue else ""
        lines += [
            f"## {e(o.id)} {e(o.title)}{late}",
            "",
            f"*{o.kind.value}* · **Why:** {e(o.rationale)}",
            "",
            f"**Monitoring:** {e(o.monitoring)}",
            "",
        ]
        lines += [
            "| Measure | Period | Value | Target | Band | Change |",
            "|---|---|---|---|---|---|",
        ]
        for m in status.measures:
            value = (
                "\\*"
                if m.suppressed
                else format_number(m.value, m.decimals)
                if m.period
                else "no figures"
            )
            cells = [
                f"{e(m.indicator)} {e(m.title)}",
                e(m.period),
                value,
                format_number(m.target, m.decimals),
                band_text(m.band),
                e(direction_text(m.direction, m.change)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", "| Action | Owner | Due | Status |", "|---|---|---|---|"]
        for action, overdue in status.actions:
            state = action.status.value.replace("_", " ")
            shown = f"**OVERDUE** ({state})" if overdue else state
            lines.append(
                f"| {e(action.action)} | {e(action.owner)} | {action.due.isoformat()} | {shown} |"
            )
        if o.support:
            lines += ["", "**Support:** " + "; ".join(e(s) for s in o.support)]
        lines.append("")
    return "\n".join(lines)
