"""Where each objective stands: its indicators' latest figures and bands for one council,
and its actions, with those past their due date flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pm.plans.model import Action, Objective, ServicePlan


@dataclass
class MeasureStatus:
    indicator: str
    title: str
    period: str = ""
    value: float | None = None
    suppressed: bool = False
    target: float | None = None
    band: str = ""
    direction: str = ""
    change: float | None = None
    decimals: int = 1


@dataclass
class ObjectiveStatus:
    objective: Objective
    measures: list[MeasureStatus] = field(default_factory=list)
    actions: list[tuple[Action, bool]] = field(default_factory=list)  # (action, overdue)

    @property
    def overdue(self) -> int:
        return sum(1 for _, late in self.actions if late)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def plan_status(
    plan: ServicePlan, results: pd.DataFrame, area: str, today: dt.date, definitions
) -> list[ObjectiveStatus]:  # type: ignore[no-untyped-def]
    """Each objective's measures at their latest period in `results` (the whole population
    of `area`, or the objective's team where the results carry a team breakdown)."""
    from pm.calendar import parse_period

    statuses = []
    for objective in plan.objectives:
        status = ObjectiveStatus(objective)
        for indicator_id in objective.indicators:
            indicator = definitions.indicators[indicator_id]
            breakdown = f"team={objective.team}" if objective.team else ""
            rows = results[
                (results["indicator"] == indicator_id)
                & (results["area"] == area)
                & (results["breakdown"] == breakdown)
            ]
            measure = MeasureStatus(indicator_id, indicator.title, decimals=indicator.decimals)
            if not rows.empty:
                latest = rows.loc[
                    max(rows.index, key=lambda i: parse_period(rows.at[i, "period"]).sort_key)
                ]
                measure.period = latest["period"]
                measure.suppressed = bool(latest["suppressed"])
                measure.value = None if measure.suppressed else _number(latest["value"])
                measure.target = _number(latest.get("target"))
                measure.band = str(latest.get("band", "") or "")
                measure.direction = str(latest.get("direction", "") or "")
                measure.change = None if measure.suppressed else _number(latest.get("change"))
            status.measures.append(measure)
        status.actions = [(action, action.overdue(today)) for action in objective.actions]
        statuses.append(status)
    return statuses


def as_records(
    plan: ServicePlan, statuses: list[ObjectiveStatus], area: str, today: dt.date
) -> dict[str, object]:
    """Plain data for `--format json`."""
    return {
        "plan": plan.title,
        "owner": plan.owner,
        "year": plan.year,
        "area": area,
        "as_of": today.isoformat(),
        "objectives": [
            {
                "id": s.objective.id,
                "title": s.objective.title,
                "kind": str(s.objective.kind),
                "rationale": s.objective.rationale,
                "monitoring": s.objective.monitoring,
                "support": s.objective.support,
                "measures": [
                    {
                        "indicator": m.indicator,
                        "title": m.title,
                        "period": m.period,
                        "value": m.value,
                        "suppressed": m.suppressed,
                        "target": m.target,
                        "band": m.band,
                        "direction": m.direction,
                        "change": m.change,
                    }
                    for m in s.measures
                ],
                "actions": [
                    {
                        "action": a.action,
                        "owner": a.owner,
                        "due": a.due.isoformat(),
                        "status": str(a.status),
                        "overdue": late,
                    }
                    for a, late in s.actions
                ],
            }
            for s in statuses
        ],
    }
