"""Whether a measure was a national measure in force for a reporting period.

A former national measure (PM18 after March 2020) still computes, because many councils
keep such measures locally, but every output must say it is no longer the national one;
a measure of a later framework computed for an earlier year is labelled too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pm.calendar import Period, parse_period
from pm.definitions.models import Indicator
from pm.definitions.reference import Framework, Reference
from pm.errors import PmError
from pm.i18n import N_


class FrameworkStatus(StrEnum):
    """The `framework_status` of a result row."""

    current = "current"  # a national measure of a framework in force in the period
    former = "former"  # its framework ended before the period: a local measure now
    earlier = "earlier"  # its framework began after the period: computed back in time
    local = "local"  # a council's own indicator: no national years apply


# How reports, the return and warnings say each status: English, marked for the catalogue
# (`pm.i18n.gettext` gives them in the language being written).
STATUS_WORDS = {
    FrameworkStatus.current: N_("national measure in force"),
    FrameworkStatus.former: N_("former national measure, reported locally"),
    FrameworkStatus.earlier: N_(
        "national measure of a later framework, computed for an earlier year"
    ),
    FrameworkStatus.local: N_("local indicator"),
}


def year_bounds(period: str | Period) -> tuple[dt.date, dt.date] | None:
    """First and last day of the financial year holding a period (`2023-24`, `2023-24 Q1`,
    `2023-06`), or None for a label that is not a period. Frameworks change on 1 April,
    so a quarter or month takes the status of its year."""
    try:
        found = parse_period(period)
    except PmError:
        return None
    first = int(found.year_label[:4])
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def period_start(period: str | Period) -> dt.date | None:
    """First day of the financial year holding a period, or None for a label that is not
    a period."""
    bounds = year_bounds(period)
    return bounds[0] if bounds else None


def status_for(framework: Framework | None, period: str | Period) -> FrameworkStatus:
    """The status of a measure of `framework` in the year holding `period`."""
    if framework is None or framework.in_force is None:
        return FrameworkStatus.local
    bounds = year_bounds(period)
    if bounds is None:
        return FrameworkStatus.current
    start, end = bounds
    if framework.in_force.to is not None and framework.in_force.to < start:
        return FrameworkStatus.former
    if framework.in_force.from_ > end:
        return FrameworkStatus.earlier
    return FrameworkStatus.current


def indicator_status(
    indicator: Indicator | None, reference: Reference, period: str | Period
) -> FrameworkStatus:
    """The status of `indicator` in `period` (local when pm does not hold the indicator)."""
    if indicator is None or indicator.framework == "local":
        return FrameworkStatus.local
    return status_for(reference.framework(indicator.framework), period)


def framework_manifest(
    indicators: list[Indicator], reference: Reference, periods: list[Period]
) -> dict[str, object]:
    """For the manifest: per framework of the measures computed, its years, its measures,
    and the periods in which they were former national measures or computed early."""
    found: dict[str, object] = {}
    labels = [p.label for p in sorted(set(periods))]
    for framework_id in sorted({i.framework for i in indicators}):
        framework = reference.framework(framework_id)
        statuses = {p: status_for(framework, p).value for p in labels}
        found[framework_id] = {
            "years": framework.years if framework else "unknown",
            "measures": [i.id for i in indicators if i.framework == framework_id],
            "periods_former": [p for p, s in statuses.items() if s == FrameworkStatus.former],
            "periods_earlier": [p for p, s in statuses.items() if s == FrameworkStatus.earlier],
        }
    return found


def framework_line(manifest: dict[str, object]) -> str:
    """One warning line naming the measures computed outside their framework's years, or an
    empty string when every measure was in force (or local)."""
    parts = []
    for framework_id, entry in manifest.items():
        assert isinstance(entry, dict)
        measures: list[str] = entry["measures"]
        shown = ", ".join(measures[:4]) + (
            f" and {len(measures) - 4} more" if len(measures) > 4 else ""
        )
        if entry["periods_former"]:
            parts.append(
                f"{shown} ({framework_id}, {entry['years']}) are former national measures in "
                f"{_span(entry['periods_former'])}: labelled framework_status=former, to be "
                "reported as local measures"
            )
        if entry["periods_earlier"]:
            parts.append(
                f"{shown} ({framework_id}, {entry['years']}) were not yet in force in "
                f"{_span(entry['periods_earlier'])}: labelled framework_status=earlier"
            )
    return "; ".join(parts) + "." if parts else ""


def _span(periods: list[str]) -> str:
    if len(periods) <= 2:
        return " and ".join(periods)
    return f"{periods[0]} to {periods[-1]}"
