"""Plain words for the parts of a definition, shared by `pm show` and the guidance pages."""

from __future__ import annotations

from pm.definitions.models import Indicator, Parameter
from pm.definitions.reference import Reference
from pm.definitions.vocab import (
    CountUnit,
    IndicatorType,
    ParameterUnit,
    PeriodRule,
    PersonPick,
    Polarity,
    RbaQuestion,
    UnknownValues,
)

RBA_QUESTIONS = {
    RbaQuestion.how_much: "How much did we do?",
    RbaQuestion.how_well: "How well did we do it?",
    RbaQuestion.better_off: "Is anyone better off?",
}

POLARITY_WORDS = {
    Polarity.higher: "Higher is better",
    Polarity.lower: "Lower is better",
    Polarity.none: "Contextual: neither higher nor lower is better, so it is not banded",
}

UNKNOWN_WORDS = {
    UnknownValues.exclude: "Records whose outcome cannot be decided (a needed value is empty) "
    "are left out of both numerator and denominator.",
    UnknownValues.not_met: "Records whose outcome cannot be decided count in the denominator "
    "but not the numerator.",
    UnknownValues.error: "Records whose outcome cannot be decided are reported as data-quality "
    "errors and left out.",
}

_UNIT_WORDS = {
    ParameterUnit.working_days: "working days",
    ParameterUnit.days: "days",
    ParameterUnit.months: "months",
    ParameterUnit.hours: "hours",
    ParameterUnit.years: "years",
    ParameterUnit.count: "",
    ParameterUnit.percent: "%",
    ParameterUnit.weeks: "weeks",
}


def type_words(indicator: Indicator) -> str:
    kind = indicator.type
    if kind is IndicatorType.percentage:
        return "Percentage (numerator ÷ denominator × 100)"
    if kind is IndicatorType.rate:
        return f"Rate per {indicator.effective_multiplier:,.0f} (numerator ÷ denominator × {indicator.effective_multiplier:,.0f})"
    if kind is IndicatorType.mean:
        unit = indicator.value.unit if indicator.value else ""
        return f"Mean {unit} (sum ÷ number of records)".replace("  ", " ")
    if kind is IndicatorType.median:
        unit = indicator.value.unit if indicator.value else ""
        return f"Median {unit}".strip()
    if kind is IndicatorType.count:
        return "Count"
    return "Ratio (numerator ÷ denominator)"


def parameter_words(parameter: Parameter) -> str:
    unit = _UNIT_WORDS[parameter.unit]
    value = f"{parameter.value:g}"
    return f"{value} {unit}".strip()


def period_words(indicator: Indicator) -> str:
    period = indicator.period
    if period.description:
        return period.description
    rule = period.rule
    if rule is PeriodRule.in_year:
        return f"Records whose {period.date} falls in the reporting period."
    if rule is PeriodRule.follow_up:
        return (
            f"Records whose follow-up date ({period.date} + {period.months} months) falls in "
            "the reporting period."
        )
    if rule is PeriodRule.snapshot:
        return "Records open on the last day of the period (31 March for a year)."
    if rule is PeriodRule.overlapping:
        return "Records open at any time during the reporting period."
    if rule is PeriodRule.survey_year:
        return f"Responses whose {period.column} is the reporting year."
    return "All records; the rules below place them in the period."


def counting_words(indicator: Indicator) -> str:
    counting = indicator.counting
    if counting.unit is CountUnit.record:
        return "Each record counts."
    if counting.pick is PersonPick.any:
        return "Each person counts once, if any of their records qualifies."
    which = "earliest" if counting.pick is PersonPick.earliest else "latest"
    return f"Each person counts once, by their {which} qualifying record (by {counting.by})."


def quality_standard_words(indicator: Indicator, reference: Reference) -> list[str]:
    words = []
    for qs_id in indicator.links.quality_standards:
        standard = reference.quality_standard(qs_id)
        words.append(f"{qs_id}: {standard.title}" if standard else qs_id)
    return words


def target_words(indicator: Indicator) -> str:
    target = indicator.target
    if target is None:
        return "No default target (set one in targets.yaml)."
    unit = "%" if indicator.type is IndicatorType.percentage else ""
    if target.range is not None:
        text = f"Between {target.range[0]:g}{unit} and {target.range[1]:g}{unit}"
    else:
        text = f"{target.value:g}{unit}"
    if target.tolerance is not None:
        tolerance_unit = " points" if target.tolerance_unit.value == "points" else "%"
        text += f", close to target within {target.tolerance:g}{tolerance_unit}"
    return text
