"""Last year's areas for improvement, for the Director's annual report: the objectives of
the workspace's service plan and how far their actions got.

The plan used is the one for the reporting year (written at its start, from the areas for
improvement the previous report named); where there is none, the previous year's plan. An
action's standing is read as at the end of the reporting year (31 March), so the same
files always give the same report, whatever the day it is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pm.definitions.frameworks import period_start
from pm.definitions.loader import DefinitionSet
from pm.definitions.problems import display_path
from pm.errors import InputError
from pm.i18n import N_, _, format_day, ngettext
from pm.reporting.measures import previous_period
from pm.reporting.placing import OTHER, Placement

STATUS_WORDS = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}


def areas_for_improvement(
    folder: Path | None,
    year: str,
    area: str,
    definitions: DefinitionSet,
    measures: dict[str, dict[str, Any]],
    placement: dict[str, Placement],
) -> dict[str, Any] | None:
    """The plan's objectives with their measures (as the report shows them) and actions,
    each objective under the part its first placed measure is in; None without a plan."""
    plans = _plans_for(folder, year, area, definitions)
    if not plans:
        return None
    start = period_start(year)
    as_at = dt.date(start.year + 1, 3, 31) if start else dt.date.max
    objectives = []
    for loaded in plans:
        for objective in loaded.plan.objectives:
            objectives.append(_objective(objective, measures, placement, as_at))
    return {
        "plans": [
            {"title": p.plan.title, "year": p.plan.year, "file": _shown(p.path, folder)}
            for p in plans
        ],
        "year": plans[0].plan.year,
        "as_at": as_at.isoformat() if start else "",
        "as_at_words": format_day(as_at) if start else "",  # '31 Mawrth 2025' in Welsh
        "objectives": objectives,
    }


def _plans_for(folder: Path | None, year: str, area: str, definitions: DefinitionSet) -> list:  # type: ignore[type-arg]
    """The plans of the reporting year for this council, else those of the year before."""
    if folder is None or not folder.is_dir():
        return []
    from pm.plans.load import load_plans

    plans, problems = load_plans([folder], definitions)
    if problems:
        first = problems[0]
        raise InputError(
            f"{first.file}, line {first.line}: {first.message} (the Director's report reads the "
            "service plans for last year's areas for improvement; 'pm validate' checks them)"
        )
    lookup = definitions.reference.area_lookup()

    def ours(plan: Any) -> bool:
        return plan.council is None or lookup.get(plan.council.strip().lower()) == area

    for wanted in (year[:7], previous_period(year[:7])):
        found = [p for p in plans if p.plan.year == wanted and ours(p.plan)]
        if found:
            return found
    return []


def _objective(
    objective: Any,
    measures: dict[str, dict[str, Any]],
    placement: dict[str, Placement],
    as_at: dt.date,
) -> dict[str, Any]:
    parts = [placement[i].part for i in objective.indicators if i in placement]
    part = next((p for p in parts if p != OTHER), OTHER)
    actions = [
        {
            "action": action.action,
            "owner": action.owner,
            "due": action.due.isoformat(),
            "status": action.status.value,
            "status_words": _(STATUS_WORDS[action.status.value]),
            "overdue": action.overdue(as_at),
            "note": action.note or "",
        }
        for action in objective.actions
    ]
    done = sum(1 for a in actions if a["status"] == "done")
    late = sum(1 for a in actions if a["overdue"])
    values = {"done": done, "num": len(actions), "late": late, "date": as_at.isoformat()}
    progress = ngettext(
        "%(done)s of %(num)s action done", "%(done)s of %(num)s actions done", len(actions)
    )
    if late:
        progress = ngettext(
            "%(done)s of %(num)s action done; %(late)s overdue at %(date)s",
            "%(done)s of %(num)s actions done; %(late)s overdue at %(date)s",
            len(actions),
        )
    progress %= values
    return {
        "id": objective.id,
        "title": objective.title,
        "kind": objective.kind.value,
        "rationale": " ".join(objective.rationale.split()),
        "part": part,
        "measures": [
            {
                "id": i,
                "short_title": measures[i]["short_title"] if i in measures else i,
                "measure": measures.get(i),  # None: no figure this year
            }
            for i in objective.indicators
        ],
        "actions": actions,
        "progress": progress,
    }


def _shown(path: Path, folder: Path | None) -> str:
    """The plan file as a report names it: inside the plans folder, never a machine path."""
    if folder is not None and path.resolve().is_relative_to(folder.resolve()):
        return f"{folder.name}/{path.resolve().relative_to(folder.resolve()).as_posix()}"
    shown = display_path(path)
    return shown if not Path(shown).is_absolute() else path.name
