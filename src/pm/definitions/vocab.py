"""Closed vocabularies of the definition format: every enumerated field draws from here."""

from __future__ import annotations

from enum import StrEnum


class IndicatorType(StrEnum):
    """How a value is made from the records."""

    percentage = "percentage"
    rate = "rate"
    mean = "mean"
    median = "median"
    count = "count"
    ratio = "ratio"


class MeasureKind(StrEnum):
    quantitative = "quantitative"
    qualitative = "qualitative"


class Polarity(StrEnum):
    """Which direction is good; `none` marks a contextual measure that is never banded."""

    higher = "higher"
    lower = "lower"
    none = "none"


class RbaQuestion(StrEnum):
    """Results-Based Accountability: which of Friedman's three questions a measure answers."""

    how_much = "how_much"
    how_well = "how_well"
    better_off = "better_off"


class MeasureClass(StrEnum):
    input = "input"
    process = "process"
    output = "output"
    outcome = "outcome"


class PeriodRule(StrEnum):
    """Which records belong to a reporting period (data contract §2)."""

    in_year = "in_year"  # a date falls in the period
    snapshot = "snapshot"  # open on the last day of the period
    follow_up = "follow_up"  # event date + N months falls in the period
    overlapping = "overlapping"  # open at any time during the period
    survey_year = "survey_year"  # a year-label column equals the period's financial year
    all_records = "all_records"  # every record (the rules themselves use the period)


class CountUnit(StrEnum):
    record = "record"
    person = "person"


class PersonPick(StrEnum):
    """Which of a person's records stands for them when each person counts once."""

    any = "any"
    earliest = "earliest"
    latest = "latest"


class UnknownValues(StrEnum):
    """What to do with a record whose numerator rule cannot be decided (a value is missing)."""

    exclude = "exclude"  # leave it out of numerator and denominator
    not_met = "not_met"  # count it in the denominator only
    error = "error"  # report it as a data-quality finding and leave it out


class Status(StrEnum):
    draft = "draft"
    provisional = "provisional"
    approved = "approved"
    retired = "retired"


class ParameterUnit(StrEnum):
    working_days = "working_days"
    days = "days"
    months = "months"
    hours = "hours"
    years = "years"
    count = "count"
    percent = "percent"
    weeks = "weeks"


class ToleranceUnit(StrEnum):
    points = "points"  # absolute, in the indicator's own unit
    percent = "percent"  # relative, as a percentage of the target


class ColumnType(StrEnum):
    """Types in a data-item specification."""

    identifier = "identifier"
    code = "code"
    date = "date"
    datetime = "datetime"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    text = "text"
    year_label = "year_label"
