"""The variables a report template sees, built from the published results and definitions.

Templates get plain data (text, numbers, lists and dictionaries) with every figure already
formatted by `format_figure`, so no template can round a number its own way or show a
figure that disclosure control withheld (the table given here is `published_results`).
The variables are listed in technical_guidance/templates.md; keep the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pm import __version__
from pm.definitions import describe
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.ordering import indicator_sort_key
from pm.report import words
from pm.report.commentary import markdown_for_markdown_report, read_commentary
from pm.report.formatting import format_figure

WALES = "W92000004"
RBA_ORDER = ["how_much", "how_well", "better_off"]
_YEAR = re.compile(r"^(\d{4})-(\d{2})(.*)$")


@dataclass(frozen=True)
class ReportScope:
    """What one report covers."""

    area: str
    year: str
    indicators: tuple[str, ...] = ()  # indicator pages only; empty = every indicator
    commentary: Path | None = None
    source_name: str = ""
    source_digest: str = ""


def previous_period(period: str) -> str:
    """The same period a year earlier: 2023-24 → 2022-23, '2023-24 Q2' → '2022-23 Q2'."""
    match = _YEAR.match(period)
    if not match:
        return ""
    start = int(match.group(1)) - 1
    return f"{start}-{(start + 1) % 100:02d}{match.group(3)}"


def _key(indicator: str, period: str, area: str, breakdown: str = "") -> str:
    return f"{indicator}|{period}|{area}|{breakdown}"


class ResultIndex:
    """Rows of the published table by (indicator, period, area, breakdown)."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self.rows: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        for row in table.to_dict("records"):
            key = (row["indicator"], row["period"], row["area"], row["breakdown"])
            self.rows[key] = row

    def get(
        self, indicator: str, period: str, area: str, breakdown: str = ""
    ) -> dict[str, Any] | None:
        return self.rows.get((indicator, period, area, breakdown))

    def periods(self, indicator: str, area: str, like: str) -> list[str]:
        """Periods of the same kind as `like` (years, or the same quarter), oldest first."""
        suffix = _YEAR.match(like).group(3) if _YEAR.match(like) else None  # type: ignore[union-attr]
        found = {
            period
            for (i, period, a, b) in self.rows
            if i == indicator
            and a == area
            and b == ""
            and (suffix is None or (_YEAR.match(period) and _YEAR.match(period).group(3) == suffix))  # type: ignore[union-attr]
        }
        return sorted(found)

    def councils(self, indicator: str, period: str) -> list[dict[str, Any]]:
        return [
            row
            for (i, p, a, b), row in self.rows.items()
            if i == indicator and p == period and b == "" and a != WALES
        ]


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if np.isnan(number) else number


class MeasureBuilder:
    """Turns one results row, with its definition, into the dictionary templates read."""

    def __init__(self, definitions: DefinitionSet, index: ResultIndex, scope: ReportScope) -> None:
        self.definitions = definitions
        self.index = index
        self.scope = scope

    def decimals(self, indicator_id: str) -> int:
        indicator = self.definitions.indicators.get(indicator_id)
        return indicator.decimals if indicator else 1

    def cell(
        self, row: dict[str, Any] | None, column: str, decimals: int, signed: bool = False
    ) -> dict[str, Any]:
        """One shown figure: its text, its rounded number, and where it came from."""
        if row is None:
            return {"text": format_figure(None), "number": None, "src": ""}
        suppressed = bool(row["suppressed"]) and column in _OWN_FIGURES
        number = None if suppressed else _number(row[column])
        source = _key(row["indicator"], row["period"], row["area"], row["breakdown"])
        return {
            "text": format_figure(number, decimals, signed=signed, suppressed=suppressed),
            "number": number,
            "src": f"{source}|{column}|{decimals}|{'signed' if signed else ''}",
        }

    def measure(self, row: dict[str, Any]) -> dict[str, Any]:
        indicator_id = row["indicator"]
        indicator = self.definitions.indicators.get(indicator_id)
        decimals = self.decimals(indicator_id)
        measure = self.about(indicator_id, indicator, row)
        cells = {
            name: self.cell(row, name, decimals)
            for name in (
                "value",
                "lower_ci",
                "upper_ci",
                "target",
                "lower_quartile",
                "upper_quartile",
            )
        }
        cells["numerator"] = self.cell(row, "numerator", _count_decimals(indicator))
        cells["denominator"] = self.cell(row, "denominator", _count_decimals(indicator))
        cells["rank"] = self.cell(row, "rank", 0)
        cells["rank_of"] = self.cell(row, "rank_of", 0)
        cells["quartile"] = self.cell(row, "quartile", 0)
        cells.update(self._previous(row, decimals))
        cells.update(self._wales(row, decimals))
        cells["comparator_value"] = self.cell(row, "comparator_value", decimals)
        suppressed = bool(row["suppressed"])
        measure.update(
            {
                "previous_period": cells.pop("previous_period"),
                "period": row["period"],
                "area": row["area"],
                "area_name": row["area_name"]
                or self.definitions.reference.council_name(row["area"]),
                "suppressed": suppressed,
                "status": row["status"],
                "status_words": _status_words(row["status"], suppressed),
                "has_value": cells["value"]["number"] is not None,
                "cells": cells,
                "band": words.state(words.BANDS, row["band"]),
                "direction": words.state(words.DIRECTIONS, row["direction"]),
                "change_significant": {True: "significant", False: "not significant"}.get(
                    row["change_significant"], ""
                ),
                "trend": words.state(words.TRENDS, row["trend"]),
                "benchmark": words.state(words.COMPARISONS, row["benchmark_comparison"]),
                "comparator_group": row["comparator_group"],
                "comparator": words.state(words.COMPARISONS, row["comparator_comparison"]),
                "quartile_band": words.state(words.QUARTILE_BANDS, row["quartile_band"]),
                "source": row["source"],
            }
        )
        measure["exceptions"] = _exception_reasons(measure)
        commentary = read_commentary(self.scope.commentary, row["period"], indicator_id)
        measure["commentary"] = commentary.html if commentary else None
        measure["commentary_markdown"] = (
            markdown_for_markdown_report(commentary.markdown) if commentary else None
        )
        measure["commentary_file"] = commentary.path if commentary else None
        return measure

    def _previous(self, row: dict[str, Any], decimals: int) -> dict[str, Any]:
        """Last year's value: the comparison column, or else last year's row of the table."""
        if row["previous_period"]:
            return {
                "previous_period": row["previous_period"],
                "previous_value": self.cell(row, "previous_value", decimals),
                "change": self.cell(row, "change", decimals, signed=True),
            }
        period = previous_period(row["period"])
        earlier = self.index.get(row["indicator"], period, row["area"], row["breakdown"])
        return {
            "previous_period": period if earlier else "",
            "previous_value": self.cell(earlier, "value", decimals),
            "change": self.cell(None, "change", decimals),
        }

    def _wales(self, row: dict[str, Any], decimals: int) -> dict[str, Any]:
        """The Wales figure: the comparison column, or else the Wales row of the table."""
        if row["benchmark_area"]:
            return {"wales_value": self.cell(row, "benchmark_value", decimals)}
        wales = self.index.get(row["indicator"], row["period"], WALES, row["breakdown"])
        return {"wales_value": self.cell(wales, "value", decimals)}

    def about(
        self, indicator_id: str, indicator: Indicator | None, row: dict[str, Any]
    ) -> dict[str, Any]:
        """What a measure is, from its definition (or bare facts when it has none)."""
        if indicator is None:
            return {
                "id": indicator_id,
                "title": indicator_id,
                "short_title": indicator_id,
                "description": "",
                "unit": row["unit"],
                "type": "",
                "polarity": row["polarity"] or "",
                "polarity_words": "",
                "rba": "",
                "rba_question": "",
                "measure_class": "",
                "quality_standards": [],
                "aspects": [],
                "outcomes": [],
                "population": "",
                "numerator_words": "",
                "guidance_page": "",
                "see_also": [],
                "provisional": False,
                "decimals": 1,
            }
        reference = self.definitions.reference
        aspects = [reference.aspect(a) for a in indicator.links.aspects]
        outcomes = [reference.outcome(o) for o in indicator.links.national_outcomes]
        return {
            "id": indicator.id,
            "title": indicator.title,
            "short_title": indicator.short_title,
            "description": " ".join(indicator.description.split()),
            "unit": indicator.unit or row["unit"],
            "type": describe.type_words(indicator),
            "polarity": indicator.polarity.value,
            "polarity_words": describe.POLARITY_WORDS[indicator.polarity],
            "rba": indicator.rba.value,
            "rba_question": describe.RBA_QUESTIONS[indicator.rba],
            "measure_class": indicator.measure_class.value,
            "quality_standards": list(indicator.links.quality_standards),
            "aspects": [{"id": a.id, "title": a.title} for a in aspects if a],
            "outcomes": [{"id": o.id, "statement": o.statement} for o in outcomes if o],
            "population": " ".join(indicator.population.description.split()),
            "numerator_words": " ".join(indicator.numerator.description.split())
            if indicator.numerator
            else "",
            "guidance_page": f"technical_guidance/indicators/{indicator.id}.md",
            "see_also": list(indicator.guidance.see_also),
            "provisional": indicator.is_provisional,
            "decimals": indicator.decimals,
        }


# Figures that belong to the row itself and are shown as "*" when it is suppressed.
_OWN_FIGURES = {"value", "lower_ci", "upper_ci", "numerator", "denominator", "records"}


def _count_decimals(indicator: Indicator | None) -> int:
    """Numerators and denominators are whole counts (a mean's numerator is a sum of whole days or years)."""
    return 0


def _status_words(status: str, suppressed: bool) -> str:
    if suppressed:
        return "Withheld to protect confidentiality (small numbers)"
    if status == "no_data":
        return "No data for this period"
    if status.startswith("error"):
        return "Could not be calculated"
    return ""


def _exception_reasons(measure: dict[str, Any]) -> list[str]:
    """Why a measure belongs in the exceptions report (empty when it does not)."""
    reasons = []
    if measure["band"]["code"] == "off_target":
        reasons.append("Off target")
    if measure["benchmark"]["code"] == "worse":
        reasons.append("Worse than Wales")
    if measure["comparator"]["code"] == "worse":
        group = measure["comparator_group"] or "similar councils"
        reasons.append(f"Worse than {group}")
    if measure["direction"]["code"] == "declined":
        reasons.append("Declined since last year")
    if measure["trend"]["code"] == "worsening":
        reasons.append("Worsening trend")
    return reasons


def build_context(
    table: pd.DataFrame, definitions: DefinitionSet, scope: ReportScope, template: str
) -> dict[str, Any]:
    """Every variable a template can use (see technical_guidance/templates.md)."""
    index = ResultIndex(table)
    builder = MeasureBuilder(definitions, index, scope)
    ids = sorted(
        {i for (i, p, a, b) in index.rows if p == scope.year and a == scope.area and b == ""},
        key=indicator_sort_key,
    )
    measures = [builder.measure(index.get(i, scope.year, scope.area)) for i in ids]  # type: ignore[arg-type]
    reference = definitions.reference
    council = next((c for c in reference.councils if c.code == scope.area), None)
    area_name = council.name if council else reference.council_name(scope.area)
    area_name_cy = (
        council.name_cy
        if council
        else (
            reference.wales.name_cy
            if reference.wales and scope.area == reference.wales.code
            else ""
        )
    )
    compared = any(
        m["band"]["code"] or m["benchmark"]["code"] or m["direction"]["code"] for m in measures
    )
    context: dict[str, Any] = {
        "report": {
            "template": template,
            "area": scope.area,
            "area_name": area_name,
            "area_name_cy": area_name_cy,
            "year": scope.year,
            "previous_year": previous_period(scope.year),
            "source_name": scope.source_name,
            "source_digest": scope.source_digest,
            "pm_version": __version__,
            "compared": compared,
            "commentary_folder": str(scope.commentary) if scope.commentary else "",
        },
        "measures": measures,
        "sections": _sections(measures, definitions),
        "rba_groups": _rba_groups(measures),
        "exceptions": [m for m in measures if m["exceptions"]],
        "without_commentary": [m for m in measures if m["commentary"] is None],
        "summary": _summary(measures),
        "legend": words.legend(),
        "states": {
            "bands": [s.as_dict() for s in words.BANDS.values()],
            "directions": [s.as_dict() for s in words.DIRECTIONS.values()],
            "comparisons": [s.as_dict() for s in words.COMPARISONS.values()],
            "quartile_bands": [s.as_dict() for s in words.QUARTILE_BANDS.values()],
        },
        "symbols": {"suppressed": "*", "missing": ".."},
    }
    context["indicator_pages"] = _indicator_pages(builder, index, scope, ids)
    return context


def _sections(measures: list[dict[str, Any]], definitions: DefinitionSet) -> list[dict[str, Any]]:
    """One section per quality standard, walking the golden thread up from the measures."""
    reference = definitions.reference
    sections = []
    for standard in reference.quality_standards:
        members = [m for m in measures if standard.id in m["quality_standards"]]
        outcome_ids: list[str] = []
        for measure in members:
            outcome_ids += [o["id"] for o in measure["outcomes"] if o["id"] not in outcome_ids]
        order = {o.id: n for n, o in enumerate(reference.national_outcomes)}
        outcomes = [
            reference.outcome(o) for o in sorted(outcome_ids, key=lambda o: order.get(o, 0))
        ]
        sections.append(
            {
                "id": standard.id,
                "title": standard.title,
                "short_title": standard.short_title,
                "aspects": [
                    {"id": a, "title": reference.aspect(a).title if reference.aspect(a) else a}  # type: ignore[union-attr]
                    for a in standard.aspects
                ],
                "outcomes": [{"id": o.id, "statement": o.statement} for o in outcomes if o],
                "measures": members,
                "summary": _summary(members),
            }
        )
    unlinked = [m for m in measures if not m["quality_standards"]]
    if unlinked:
        sections.append(
            {
                "id": "other",
                "title": "Other measures",
                "short_title": "Other measures",
                "aspects": [],
                "outcomes": [],
                "measures": unlinked,
                "summary": _summary(unlinked),
            }
        )
    return sections


def _rba_groups(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    for code in RBA_ORDER:
        from pm.definitions.vocab import RbaQuestion

        groups.append(
            {
                "code": code,
                "question": describe.RBA_QUESTIONS[RbaQuestion(code)],
                "measures": [m for m in measures if m["rba"] == code],
            }
        )
    others = [m for m in measures if m["rba"] not in RBA_ORDER]
    if others:
        groups.append({"code": "other", "question": "Other measures", "measures": others})
    return groups


def _summary(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """How many measures are in each band and direction: the at-a-glance line."""

    def count(field: str, code: str) -> int:
        return sum(1 for m in measures if m[field]["code"] == code)

    return {
        "measures": len(measures),
        "bands": {code: count("band", code) for code in words.BANDS},
        "not_banded": sum(1 for m in measures if not m["band"]["code"]),
        "directions": {code: count("direction", code) for code in words.DIRECTIONS},
        "benchmark": {code: count("benchmark", code) for code in words.COMPARISONS},
        "withheld": sum(1 for m in measures if m["suppressed"]),
    }


def _indicator_pages(
    builder: MeasureBuilder, index: ResultIndex, scope: ReportScope, ids: list[str]
) -> list[dict[str, Any]]:
    """The trend and the councils of each measure, for the indicator pages."""
    wanted = list(scope.indicators) or ids
    pages = []
    for indicator_id in wanted:
        row = index.get(indicator_id, scope.year, scope.area)
        if row is None:
            continue
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
                    "wales_value": builder.cell(wales, "value", decimals),
                    "suppressed": bool(own and own["suppressed"]),
                }
            )
        councils = []
        for council in index.councils(indicator_id, scope.year):
            councils.append(
                {
                    "area": council["area"],
                    "area_name": council["area_name"]
                    or builder.definitions.reference.council_name(council["area"]),
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
        pages.append({"measure": builder.measure(row), "trend": trend, "councils": councils})
    return pages
