"""The shape of a service-plan file: what the training material asks of an objective
(objective, rationale, measures, monitoring arrangements, an action plan with who is
responsible and by when, and support activities)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from pm.definitions.models import Strict
from pm.definitions.vocab import MeasureClass


class ActionStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"


class Action(Strict):
    """One step of an action plan, with who answers for it and by when."""

    action: str
    owner: str
    due: dt.date
    status: ActionStatus = ActionStatus.not_started
    note: str | None = None

    def overdue(self, today: dt.date) -> bool:
        """Past its due date and neither done nor dropped."""
        return self.due < today and self.status in (
            ActionStatus.not_started,
            ActionStatus.in_progress,
        )


class Objective(Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$")
    title: str
    kind: MeasureClass
    rationale: str
    indicators: list[str] = Field(min_length=1)
    monitoring: str
    actions: list[Action] = Field(min_length=1)
    support: list[str] = Field(default_factory=list)
    team: str | None = None


class ServicePlan(Strict):
    title: str
    owner: str
    year: str
    council: str | None = None
    objectives: list[Objective] = Field(min_length=1)
    note: str | None = None
