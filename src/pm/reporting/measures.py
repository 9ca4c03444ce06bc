"""One measure as templates see it: a results row with its definition, every figure a cell.

A cell holds the text `format_figure` gives, the published number and where it came from
(`src`: indicator|period|area|breakdown|column|decimals|signed), so every number a report
shows can be checked against the results table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pm.calendar import Period, parse_period
from pm.calendar import previous_period as calendar_previous
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.ordering import indicator_sort_key
from pm.definitions.reference import WALES
from pm.engine.schema import OWN_FIGURES
from pm.errors import UsageError
from pm.i18n import _, current_language, month_year
from pm.reporting import measure_words, words
from pm.reporting.commentary import commentary_fields
from pm.reporting.counts import count_words
from pm.reporting.formatting import format_figure
from pm.reporting.framework_marks import status_fields
from pm.reporting.groups import rank_in_group
from pm.reporting.terms import Terms, english_only


@dataclass(frozen=True)
class ReportScope:
    """What one report covers, and how it is written."""

    area: str
    year: str
    indicators: tuple[str, ...] = ()  # indicator pages only; empty = every indicator
    commentary: Path | None = None
    source_name: str = ""
    source_digest: str = ""
    draft: bool = False  # mark measures without commentary, naming the file to write
    commentary_shown: str = "commentary"  # the commentary folder as a reader should see it
    comparator_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confidence: float = 0.95  # the level the results' intervals were computed at
    # The council's own Welsh terms (its welsh.yaml), by (group, key, field): (text, file, line).
    council_welsh: dict[tuple[str, str, str], tuple[str, str, int]] = field(default_factory=dict)


def reporting_period(label: str) -> Period | None:
    """The period a results label names (pm.calendar), or None for text that is not one
    written as pm writes it: 2023-24, '2023-24 Q2', 2023-06."""
    try:
        period = parse_period(label)
    except UsageError:
        return None
    return period if period.label == label else None


def period_words(label: str) -> str:
    """A period as the page writes it: a year as labelled (2023-24), a quarter '2023-24 Q2'
    ('2023-24 Ch2' in Welsh), a month 'June 2023' ('Mehefin 2023', from Babel)."""
    period = reporting_period(label)
    if period is None or period.grain == "year":
        return label
    if period.grain == "quarter":
        return _("%(year)s Q%(quarter)s") % {"year": period.year_label, "quarter": period.quarter}
    return month_year(period.start)


def previous_period(period: str) -> str:
    """The same period a year earlier (pm.calendar.previous_period): 2023-24 → 2022-23,
    '2023-24 Q2' → '2022-23 Q2', 2023-06 → 2022-06; '' for text that is not a period."""
    found = reporting_period(period)
    return calendar_previous(found).label if found else ""


def _same_kind(period: Period) -> tuple[str, int | None, int | None]:
    """Years are like years; a quarter like the same quarter, a month the same month."""
    return (period.grain, period.quarter, period.month)


def report_order(definitions: DefinitionSet) -> Any:
    """Sort key for indicator ids: national measures first, then local ones, each in code
    order (PM18 < PM20a < PM35 < SURVEY_… < LOC01); ids without a definition last."""

    def key(indicator_id: str) -> tuple[int, tuple[str, int, str]]:
        indicator = definitions.indicators.get(indicator_id)
        rank = 2 if indicator is None else (1 if indicator.framework == "local" else 0)
        return (rank, indicator_sort_key(indicator_id))

    return key


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
        """Periods of the same kind as `like` (years, or the same quarter or month of each
        year), oldest first."""
        wanted = reporting_period(like)
        labels = {label for i, label, a, b in self.rows if i == indicator and a == area and b == ""}
        if wanted is None:  # not a period as pm writes one: every period of the measure
            return sorted(labels)
        periods = [reporting_period(label) for label in labels]
        return [
            p.label for p in sorted(p for p in periods if p and _same_kind(p) == _same_kind(wanted))
        ]

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


# Figures that belong to the row itself and are shown as "*" when it is suppressed.
_OWN_FIGURES = frozenset(OWN_FIGURES)


class MeasureBuilder:
    """Turns one results row, with its definition, into the dictionary templates read."""

    def __init__(
        self,
        definitions: DefinitionSet,
        index: ResultIndex,
        scope: ReportScope,
        terms: Terms | None = None,
    ) -> None:
        self.definitions = definitions
        self.index = index
        self.scope = scope
        self.terms = terms or Terms(definitions, scope.council_welsh)

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
                "close_limit",
                "lower_quartile",
                "upper_quartile",
                "comparator_value",
            )
        }
        cells["numerator"] = self.cell(row, "numerator", 0)  # whole counts, or sums of them
        cells["denominator"] = self.cell(row, "denominator", 0)
        for name in ("rank", "rank_of", "quartile"):
            cells[name] = self.cell(row, name, 0)
        cells.update(self._previous(row, decimals))
        cells.update(self._wales(row, decimals))
        suppressed = bool(row["suppressed"])
        contextual = measure["polarity"] == "none"
        # Counts are sizes, not performance: like contextual measures, never ranked.
        ranked = measure["polarity"] if measure["counts"]["kind"] != "count" else "none"
        group_rank = self._group_rank(row, ranked, decimals)
        measure.update(
            {
                "previous_period": cells.pop("previous_period"),
                "period": row["period"],
                "area": row["area"],
                "area_name": self.terms.area_name(
                    row["area"],
                    row["area_name"] or self.definitions.reference.council_name(row["area"]),
                ),
                "suppressed": suppressed,
                "status": row["status"],
                "status_words": measure_words.status_words(row["status"], suppressed),
                "has_value": cells["value"]["number"] is not None,
                "cells": cells,
                "band": words.band_state(row["band"], contextual),
                "direction": words.state(words.DIRECTIONS, row["direction"]),
                "change_significant": measure_words.significance_words(row["change_significant"]),
                "trend": words.state(words.TRENDS, row["trend"]),
                "benchmark": words.state(words.COMPARISONS, row["benchmark_comparison"]),
                "comparator_group": row["comparator_group"],
                "comparator": words.state(words.COMPARISONS, row["comparator_comparison"]),
                "group_rank": group_rank,
                "quartile_band": words.quartile_state(row["quartile_band"], contextual),
                "source": row["source"],
                **status_fields(row, self.definitions, indicator_id, self.terms),
            }
        )
        measure["exceptions"] = measure_words.exception_reasons(measure)
        self._add_commentary(measure, row["period"], indicator_id)
        return measure

    def _add_commentary(self, measure: dict[str, Any], period: str, indicator_id: str) -> None:
        """The commentary in the page's language (`PM18.cy.md` for Welsh; the English one,
        marked, where no Welsh is written), and the file a draft asks for."""
        measure.update(
            commentary_fields(
                self.scope.commentary, period, f"{indicator_id}.md", self.scope.commentary_shown
            )
        )

    def _group_rank(self, row: dict[str, Any], polarity: str, decimals: int) -> dict[str, Any]:
        members = self.scope.comparator_groups.get(row["comparator_group"], ())
        rank, of = rank_in_group(self.index, row, members, polarity, decimals)
        return {"rank": rank, "of": of, "text": measure_words.rank_words(rank, of)}

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
                "unit": measure_words.unit_words(row["unit"]),
                "unit_noun": measure_words.unit_noun(row["unit"]),
                "type": "",
                "polarity": row["polarity"] or "",
                "polarity_words": "",
                "rba": "",
                "rba_question": "",
                "measure_class": "",
                "framework": "",
                "national": False,
                "quality_standards": [],
                "aspects": [],
                "outcomes": [],
                "population": "",
                "numerator_words": "",
                "counts": count_words(None, None),
                "guidance_page": "",
                "see_also": [],
                "provisional": False,
                "decimals": 1,
            }
        reference = self.definitions.reference
        terms = self.terms
        aspects = [reference.aspect(a) for a in indicator.links.aspects]
        outcomes = [reference.outcome(o) for o in indicator.links.national_outcomes]
        numerator_cy = getattr(indicator, "numerator_cy", None)  # official Welsh, where held
        numerator = " ".join(indicator.numerator.description.split()) if indicator.numerator else ""
        return {
            "id": indicator.id,
            "title": terms.title(indicator.id, indicator.title),
            "short_title": terms.short_title(indicator.id, indicator.short_title),
            "description": english_only(" ".join(indicator.description.split())),
            "unit": measure_words.unit_words(indicator.unit or row["unit"]),
            "unit_noun": measure_words.unit_noun(indicator.unit or row["unit"]),
            "type": measure_words.type_words(indicator),
            "polarity": indicator.polarity.value,
            "polarity_words": measure_words.polarity_words(indicator.polarity),
            "rba": indicator.rba.value,
            "rba_question": measure_words.rba_question(indicator.rba),
            "measure_class": indicator.measure_class.value,
            "framework": indicator.framework,
            "national": indicator.framework != "local",
            "quality_standards": list(indicator.links.quality_standards),
            "aspects": [{"id": a.id, "title": terms.reference("aspects", a)} for a in aspects if a],
            "outcomes": [
                {"id": o.id, "statement": terms.reference("national_outcomes", o, "statement")}
                for o in outcomes
                if o
            ],
            "population": english_only(" ".join(indicator.population.description.split())),
            "numerator_words": " ".join(numerator_cy.split())
            if numerator_cy and current_language() == "cy"
            else english_only(numerator),
            "counts": count_words(indicator, self.definitions.datasets.get(indicator.dataset)),
            "guidance_page": f"technical_guidance/indicators/{indicator.id}.md",
            "see_also": list(indicator.guidance.see_also),
            "provisional": indicator.is_provisional,
            "decimals": indicator.decimals,
        }
