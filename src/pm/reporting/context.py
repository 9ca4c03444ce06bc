"""The variables a report template sees, built from the published results and definitions.

Templates get plain data (text, numbers, lists and dictionaries) with every figure already
formatted by `format_figure`, so no template can round a number its own way or show a
figure that disclosure control withheld (the table given here is `published_results`).
The variables are listed in technical_guidance/templates.md; keep the two in step.
Measures come national first, then local, each in code order.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pm.definitions.loader import DefinitionSet
from pm.definitions.vocab import RbaQuestion
from pm.i18n import _
from pm.reporting import measure_words, words
from pm.reporting.directors import DirectorsInputs, directors_context
from pm.reporting.framework_marks import framework_keys
from pm.reporting.measures import (
    WALES,
    MeasureBuilder,
    ReportScope,
    ResultIndex,
    period_words,
    previous_period,
    report_order,
)
from pm.reporting.pages import indicator_pages
from pm.reporting.scorecard import scorecard_context
from pm.reporting.terms import Terms
from pm.version import __version__

__all__ = ["WALES", "ReportScope", "ResultIndex", "build_context", "previous_period"]

RBA_ORDER = ["how_much", "how_well", "better_off"]


def build_context(
    table: pd.DataFrame,
    definitions: DefinitionSet,
    scope: ReportScope,
    template: str,
    directors: DirectorsInputs | None = None,
) -> dict[str, Any]:
    """Every variable a template can use (see technical_guidance/templates.md)."""
    index = ResultIndex(table)
    terms = Terms(definitions, scope.council_welsh)
    builder = MeasureBuilder(definitions, index, scope, terms)
    ids = sorted(
        {i for (i, p, a, b) in index.rows if p == scope.year and a == scope.area and b == ""},
        key=report_order(definitions),
    )
    measures = [builder.measure(index.get(i, scope.year, scope.area)) for i in ids]  # type: ignore[arg-type]
    names = _area_names(definitions, scope.area, terms)
    compared = any(
        m["band"]["code"] in words.BANDS or m["benchmark"]["code"] or m["direction"]["code"]
        for m in measures
    )
    group = next((m["comparator_group"] for m in measures if m["comparator_group"]), "")
    context: dict[str, Any] = {
        "report": {
            "template": template,
            "area": scope.area,
            **names,
            "year": scope.year,
            "previous_year": previous_period(scope.year),
            "period_words": period_words(scope.year),
            "source_name": scope.source_name,
            "source_digest": scope.source_digest,
            "pm_version": __version__,
            "compared": compared,
            "draft": scope.draft,
            "commentary_folder": scope.commentary_shown,
            "comparator_group": group,
            "confidence": scope.confidence,
            "interval": interval_label(scope.confidence),
        },
        "measures": measures,
        "sections": _sections(measures, definitions, terms),
        "rba_groups": _rba_groups(measures),
        "scorecard": scorecard_context(measures, definitions, terms),
        "exceptions": [m for m in measures if m["exceptions"]],
        "summary": _summary(measures),
        "legend": words.legend(),
        "states": {
            "bands": [s.as_dict() for s in words.BANDS.values()],
            "directions": [s.as_dict() for s in words.DIRECTIONS.values()],
            "comparisons": [s.as_dict() for s in words.COMPARISONS.values()],
            "quartile_bands": [s.as_dict() for s in words.QUARTILE_BANDS.values()],
            "context": words.CONTEXT_BAND.as_dict(),
        },
        "symbols": {"suppressed": "*", "missing": ".."},
        "framework_keys": framework_keys(measures),
    }
    context["indicator_pages"] = indicator_pages(builder, index, scope, ids)
    if template == "directors_report":  # the prescribed form reads plans and more files
        context["directors"] = directors_context(
            context, definitions, scope, directors or DirectorsInputs()
        )
    shown = shown_measures(template, context)
    context["report"]["measures_shown"] = len(shown)
    # Measures with no commentary in the page's language (a Welsh page may show the
    # English one, marked; a draft still asks for the Welsh file).
    context["without_commentary"] = (
        [] if template == "scorecard" else [m for m in shown if not m["commentary_written"]]
    )
    return context


def _area_names(definitions: DefinitionSet, area: str, terms: Terms) -> dict[str, str]:
    """`area_name` in the page's language (Caerdydd on a Welsh page), and the English and
    Welsh names whatever the language."""
    reference = definitions.reference
    council = next((c for c in reference.councils if c.code == area), None)
    english = council.name if council else reference.council_name(area)
    welsh = council.name_cy if council else ""
    if council is None and reference.wales and area == reference.wales.code:
        welsh = reference.wales.name_cy
    return {
        "area_name": terms.area_name(area, english),
        "area_name_en": english,
        "area_name_cy": welsh,
    }


def interval_label(confidence: float) -> str:
    """'95%', '99.8%': the level of the intervals, as headers and captions name it."""
    return f"{confidence * 100:g}%"


def shown_measures(template: str, context: dict[str, Any]) -> list[dict[str, Any]]:
    """The measures a shipped report shows: a page each, the exceptions, or all of them."""
    if template == "indicator_page":
        return [page["measure"] for page in context["indicator_pages"]]
    if template == "exceptions":
        return list(context["exceptions"])
    return list(context["measures"])


def _sections(
    measures: list[dict[str, Any]], definitions: DefinitionSet, terms: Terms
) -> list[dict[str, Any]]:
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
                "title": terms.reference("quality_standards", standard),
                "short_title": terms.reference("quality_standards", standard, "short_title"),
                "aspects": [
                    {"id": a, "title": terms.reference("aspects", found) if found else a}
                    for a, found in ((a, reference.aspect(a)) for a in standard.aspects)
                ],
                "outcomes": [
                    {"id": o.id, "statement": terms.reference("national_outcomes", o, "statement")}
                    for o in outcomes
                    if o
                ],
                "measures": members,
                "summary": _summary(members),
            }
        )
    unlinked = [m for m in measures if not m["quality_standards"]]
    if unlinked:
        sections.append(
            {
                "id": "other",
                "title": _(measure_words.OTHER_MEASURES),
                "short_title": _(measure_words.OTHER_MEASURES),
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
        groups.append(
            {
                "code": code,
                "question": measure_words.rba_question(RbaQuestion(code)),
                "measures": [m for m in measures if m["rba"] == code],
            }
        )
    others = [m for m in measures if m["rba"] not in RBA_ORDER]
    if others:
        groups.append(
            {"code": "other", "question": _(measure_words.OTHER_MEASURES), "measures": others}
        )
    return groups


def _summary(measures: list[dict[str, Any]]) -> dict[str, Any]:
    """How many measures are in each band and direction: the at-a-glance line."""

    def count(field: str, code: str) -> int:
        return sum(1 for m in measures if m[field]["code"] == code)

    return {
        "measures": len(measures),
        "bands": {code: count("band", code) for code in words.BANDS},
        "not_banded": sum(1 for m in measures if m["band"]["code"] not in words.BANDS),
        "contextual": count("band", words.CONTEXT_BAND.code),
        "directions": {code: count("direction", code) for code in words.DIRECTIONS},
        "benchmark": {code: count("benchmark", code) for code in words.COMPARISONS},
        "comparator": {code: count("comparator", code) for code in words.COMPARISONS},
        "withheld": sum(1 for m in measures if m["suppressed"]),
    }
