"""The indicator pages: each measure's trend over the years and the councils this year.

Every year of the trend carries the council's target and close-band edge for that year (a
target can change from year to year), so charts can draw them; a withheld year keeps its
place, marked `suppressed`, so charts and tables show `*` there instead of dropping it.
Each year carries its framework status, and `breaks` names where the national framework
changed between two years (PM18: 2019-20 → 2020-21), so a chart marks the break.
"""

from __future__ import annotations

from typing import Any

from pm.definitions.frameworks import FrameworkStatus
from pm.reporting.framework_marks import row_status, status_label, trend_breaks
from pm.reporting.measures import (
    WALES,
    MeasureBuilder,
    ReportScope,
    ResultIndex,
    period_words,
)


def indicator_pages(
    builder: MeasureBuilder, index: ResultIndex, scope: ReportScope, ids: list[str]
) -> list[dict[str, Any]]:
    """One page per measure asked for (all of them by default) that has a figure row."""
    wanted = list(scope.indicators) or ids
    pages = []
    for indicator_id in wanted:
        row = index.get(indicator_id, scope.year, scope.area)
        if row is None:
            continue
        measure = builder.measure(row)
        trend = _trend(builder, index, scope, indicator_id)
        statuses = [FrameworkStatus(p["framework_status"]) for p in trend]
        breaks = trend_breaks([p["period"] for p in trend], statuses, measure, builder.definitions)
        notes = {b["after"]: b["note"] for b in breaks}
        for point, status in zip(trend, statuses, strict=True):
            point["framework_label"] = status_label(status)
            point["period_words"] = period_words(point["period"])
            point["break_note"] = notes.get(point["period"], "")
        pages.append(
            {
                "measure": measure,
                "trend": trend,
                "breaks": breaks,
                "councils": _councils(builder, index, scope, indicator_id),
            }
        )
    return pages


def _trend(
    builder: MeasureBuilder, index: ResultIndex, scope: ReportScope, indicator_id: str
) -> list[dict[str, Any]]:
    decimals = builder.decimals(indicator_id)
    trend = []
    for period in index.periods(indicator_id, scope.area, scope.year):
        own = index.get(indicator_id, period, scope.area)
        wales = index.get(indicator_id, period, WALES)
        trend.append(
            {
                "period": period,
                "value": builder.cell(own, "value", decimals),
                "lower_ci": builder.cell(own, "lower_ci", decimals),
                "upper_ci": builder.cell(own, "upper_ci", decimals),
                "numerator": builder.cell(own, "numerator", 0),
                "denominator": builder.cell(own, "denominator", 0),
                "target": builder.cell(own, "target", decimals),
                "close_limit": builder.cell(own, "close_limit", decimals),
                "wales_value": builder.cell(wales, "value", decimals),
                "suppressed": bool(own and own["suppressed"]),
                "framework_status": row_status(
                    own, builder.definitions, indicator_id, period
                ).value,
            }
        )
    return trend


def _councils(
    builder: MeasureBuilder, index: ResultIndex, scope: ReportScope, indicator_id: str
) -> list[dict[str, Any]]:
    """Every council with a row this year: values highest first, then the withheld and
    missing ones by name (they are listed, never dropped)."""
    decimals = builder.decimals(indicator_id)
    councils = []
    for council in index.councils(indicator_id, scope.year):
        councils.append(
            {
                "area": council["area"],
                "area_name": builder.terms.area_name(
                    council["area"],
                    council["area_name"]
                    or builder.definitions.reference.council_name(council["area"]),
                ),
                "value": builder.cell(council, "value", decimals),
                "selected": council["area"] == scope.area,
                "suppressed": bool(council["suppressed"]),
            }
        )
    councils.sort(
        key=lambda c: (
            c["value"]["number"] is None,
            -(c["value"]["number"] or 0),
            c["area_name"],
        )
    )
    return councils
