"""Which framework a return is for, whether the year is one of its years, which measures it
holds, and the code each measure and part is published under."""

from __future__ import annotations

import re

from pm.calendar import Period, parse_period
from pm.choices import did_you_mean
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.frameworks import FrameworkStatus, status_for
from pm.definitions.lookup import framework_measures_of
from pm.definitions.models import Breakdown, Indicator
from pm.definitions.reference import Framework, Reference
from pm.errors import UsageError

# An id that is itself a published code: capitals then digits, with a letter for a part
# of a pair (PM18, PM20a, LOC01). Descriptive ids (ADULT_CONTACTS) are not codes.
_CODE_LIKE = re.compile(r"^[A-Z]{2,5}\d{1,4}[a-z]?$")


def return_year(text: str) -> Period:
    """The financial year of a return (2024-25); a quarter or a month is a usage error."""
    period = parse_period(text.strip())
    if period.grain != "year":
        raise UsageError(
            f"a return is for a whole financial year such as 2024-25, not '{text.strip()}'"
        )
    return period


def _described(framework: Framework) -> str:
    return f"{framework.id} ({framework.years})"


def choose_framework(reference: Reference, name: str | None, year: Period) -> Framework:
    """The framework named (any case), or, when none is named, the national framework in
    force in `year`. An unknown name, or a year outside the framework's years, is a usage
    error that names the years."""
    known = reference.frameworks
    if name is None or not name.strip():
        in_force = [
            f
            for f in known
            if f.in_force is not None and status_for(f, year.label) is FrameworkStatus.current
        ]
        if len(in_force) != 1:
            listed = ", ".join(_described(f) for f in known if f.in_force is not None)
            raise UsageError(f"say which framework the return is for: --framework NAME ({listed})")
        return in_force[0]
    wanted = name.strip().casefold()
    found = next((f for f in known if f.id.casefold() == wanted), None)
    if found is None:
        listed = ", ".join(_described(f) for f in known)
        hint = did_you_mean(name, [f.id for f in known])
        raise UsageError(f"there is no framework '{name.strip()}'; pm knows {listed}.{hint}")
    status = status_for(found, year.label)
    if status is FrameworkStatus.former or status is FrameworkStatus.earlier:
        raise UsageError(
            f"{found.id} applies to {found.years}, so it has no return for {year.label}: "
            f"choose a year from {found.years}, or the framework in force in {year.label}"
        )
    return found


def framework_measures(definitions: DefinitionSet, framework: Framework) -> list[Indicator]:
    """The measures of `framework` in the definitions, in pm's order (PM18 < PM20a < PM24);
    none is a usage error (the definitions of that framework are not loaded)."""
    measures = framework_measures_of(definitions, framework.id)
    if not measures:
        raise UsageError(
            f"no definitions of {framework.id} are loaded, so there is nothing to return; "
            "add them with --definitions (or to the workspace's indicators folder)"
        )
    return measures


def published_code(indicator: Indicator) -> str:
    """The code the measure is published under: the alias that is its id with a slash
    (AD/002 for AD002), else its id when the id is itself a code (PM18), else "" (the
    official code is not held; the return names pm's id instead)."""
    for alias in indicator.aliases:
        if "/" in alias and alias.replace("/", "") == indicator.id:
            return alias
    return indicator.id if _CODE_LIKE.match(indicator.id) else ""


def parts_of(indicator: Indicator) -> list[Breakdown]:
    """The breakdowns whose values are the "of which" parts of the measure's total."""
    return [b for b in indicator.breakdowns if b.parts]
