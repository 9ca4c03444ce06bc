"""Which breakdowns an indicator offers: its own, plus `team` wherever its dataset has one.

A team manager needs every indicator split by team without each definition having to say
so: any dataset whose data-item specification has a `team` column gives its indicators a
`team` breakdown (by that column, "unknown" where it is empty). A definition may still
declare its own `team` breakdown, which then wins.
"""

from __future__ import annotations

from pm.definitions.models import Breakdown, DatasetSpec, Indicator

TEAM = "team"


def has_team(spec: DatasetSpec | None) -> bool:
    return spec is not None and spec.column(TEAM) is not None


def breakdowns_of(indicator: Indicator, spec: DatasetSpec | None) -> list[Breakdown]:
    """The indicator's declared breakdowns, then the implicit `team` one if its data has it."""
    found = list(indicator.breakdowns)
    if has_team(spec) and all(b.name != TEAM for b in found):
        found.append(Breakdown(name=TEAM, expression=TEAM))
    return found
