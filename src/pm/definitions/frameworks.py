"""Whether a measure was a national measure in force for a reporting period.

A former national measure (PM18 after March 2020) still computes, because many councils
keep such measures locally, but every output must say it is no longer the national one;
a measure of a later framework computed for an earlier year is labelled too.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pm.definitions.models import Indicator
from pm.definitions.reference import Framework, Reference

_YEAR = re.compile(r"^(\d{4})-(\d{2})")


class FrameworkStatus(StrEnum):
    """The `framework_status` of a result row."""

    current = "current"  # a national measure of a framework in force in the period
    former = "former"  # its framework ended before the period: a local measure now
    earlier = "earlier"  # its framework began after the period: computed back in time
    local = "local"  # a council's own indicator: no national years apply


# How reports and warnings say each status (English; the Welsh words come from catalogues).
STATUS_WORDS = {
    FrameworkStatus.current: "national measure in force",
    FrameworkStatus.former: "former national measure, reported locally",
    FrameworkStatus.earlier: "national measure of a later framework, computed for an earlier year",
    FrameworkStatus.local: "local indicator",
}


def period_start(period: str) -> dt.date | None:
    """First day of the financial year a period label lies in (`2023-24`, `2023-24 Q1`,
    `2023-24 M05`...), or None for a label that names no year."""
    match = _YEAR.match(period.strip())
    if not match:
        return None
    return dt.date(int(match.group(1)), 4, 1)


def status_for(framework: Framework | None, period: str) -> FrameworkStatus:
    """The status of a measure of `framework` in the year holding `period`."""
    if framework is None or framework.in_force is None:
        return FrameworkStatus.local
    start = period_start(period)
    if start is None:
        return FrameworkStatus.current
    year_end = dt.date(start.year + 1, 3, 31)
    if framework.in_force.to is not None and framework.in_force.to < start:
        return FrameworkStatus.former
    if framework.in_force.from_ > year_end:
        return FrameworkStatus.earlier
    return FrameworkStatus.current


def indicator_status(
    indicator: Indicator | None, reference: Reference, period: str
) -> FrameworkStatus:
    """The status of `indicator` in `period` (local when pm does not hold the indicator)."""
    if indicator is None or indicator.framework == "local":
        return FrameworkStatus.local
    return status_for(reference.framework(indicator.framework), period)


def out_of_years_note(indicator: Indicator, reference: Reference, periods: list[str]) -> str:
    """One line for an analyst: which periods fall outside the measure's framework years, or
    an empty string when none does."""
    framework = reference.framework(indicator.framework)
    if framework is None or framework.in_force is None:
        return ""
    former = [p for p in periods if status_for(framework, p) is FrameworkStatus.former]
    earlier = [p for p in periods if status_for(framework, p) is FrameworkStatus.earlier]
    parts = []
    if former:
        parts.append(
            f"{', '.join(former)}: former national measure, reported locally "
            f"({framework.id} applies to {framework.years})"
        )
    if earlier:
        parts.append(
            f"{', '.join(earlier)}: before {framework.id} came into force ({framework.years})"
        )
    return f"{indicator.id} " + "; ".join(parts) if parts else ""
