"""The functions of the rule language, in one registry that the parser, the checker and the
evaluator all read: adding a function means adding one entry here (and, where it needs one,
the vectorised date arithmetic in `pm.calendar`).

Each entry says what the checker needs (the kinds of its arguments and of its result), what
a reader is told (`description`, shown by `pm show` and the guidance), whether `pm explain`
shows its value per record (`shown`), and how the engine works it out (`apply`). `apply`
receives the engine's evaluation (`Evaluation`: the records' index, the reporting period,
the related counts) and the arguments' values (whole columns or single values); it never
imports pandas itself, so loading definitions stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pm import calendar as cal

# Kinds of value an expression can produce.
DATE = "date"
DATETIME = "datetime"
NUMBER = "number"
TEXT = "text"
BOOLEAN = "boolean"
RELATED = "related"
ANY = "any"


class Evaluation(Protocol):
    """What a function may ask of the engine while a rule is worked out over records."""

    @property
    def period(self) -> cal.Period: ...

    def series(self, value: Any) -> Any:
        """A calendar function's result, aligned with the records."""

    def timestamp(self, value: Any) -> Any:
        """A fixed date (or a period's date) as the engine holds dates."""

    def moved(self, name: str, dates: Any, amount: Any) -> Any:
        """add_days / add_months / add_working_days, with moves off the calendar marked."""

    def missing(self, value: Any) -> Any:
        """Whether each value is empty, as a boolean column."""

    def related_count(self, alias: str) -> Any:
        """How many related records of the set `alias` each record has."""

    def year_of(self, value: Any) -> Any:
        """The calendar year of each date."""


@dataclass(frozen=True)
class Function:
    """A function of the language: argument kinds, result kind, a plain description, whether
    `pm explain` shows its value, and how the engine works it out."""

    arguments: tuple[str, ...]
    result: str
    description: str
    apply: Callable[..., Any]
    shown: bool = False  # `pm explain` lists its value for every record


def _in_period(run: Evaluation, dates: Any) -> Any:
    period = run.period
    start, end = run.timestamp(period.start), run.timestamp(period.end)
    return run.series(cal.in_range(dates, start, end))


def _overlaps_period(run: Evaluation, start: Any, end: Any) -> Any:
    period = run.period
    first, last = run.timestamp(period.start), run.timestamp(period.end)
    return run.series(cal.overlaps(start, end, first, last))


FUNCTIONS: dict[str, Function] = {
    "working_days": Function(
        (DATE, DATE),
        NUMBER,
        "working days d with first < d ≤ second (Mon–Fri less England and Wales bank holidays)",
        lambda run, a, b: run.series(cal.working_days_between(a, b)),
        shown=True,
    ),
    "days_between": Function(
        (DATE, DATE),
        NUMBER,
        "calendar days from the first to the second",
        lambda run, a, b: run.series(cal.days_between(a, b)),
        shown=True,
    ),
    "hours_between": Function(
        (DATETIME, DATETIME),
        NUMBER,
        "clock hours from the first date-time to the second",
        lambda run, a, b: run.series(cal.hours_between(a, b)),
        shown=True,
    ),
    "months_between": Function(
        (DATE, DATE),
        NUMBER,
        "whole calendar months completed from the first to the second",
        lambda run, a, b: run.series(cal.months_between(a, b)),
        shown=True,
    ),
    "age_at": Function(
        (DATE, DATE),
        NUMBER,
        "age in completed years of a birth date on a date",
        lambda run, a, b: run.series(cal.age_at(a, b)),
        shown=True,
    ),
    "add_months": Function(
        (DATE, NUMBER),
        DATE,
        "the date N calendar months later (31 Jan + 1 = 28/29 Feb)",
        lambda run, d, n: run.moved("add_months", d, n),
        shown=True,
    ),
    "add_days": Function(
        (DATE, NUMBER),
        DATE,
        "the date N calendar days later",
        lambda run, d, n: run.moved("add_days", d, n),
    ),
    "add_working_days": Function(
        (DATE, NUMBER),
        DATE,
        "the N-th working day after the date",
        lambda run, d, n: run.moved("add_working_days", d, n),
        shown=True,
    ),
    "in_period": Function(
        (DATE,), BOOLEAN, "the date falls in the reporting period (inclusive)", _in_period
    ),
    "open_on": Function(
        (DATE, DATE, DATE),
        BOOLEAN,
        "open(start, end, day): started on or before the day and not ended by it",
        lambda run, s, e, d: run.series(cal.open_on(s, e, d)),
    ),
    "overlaps_period": Function(
        (DATE, DATE),
        BOOLEAN,
        "a spell (start, end) open at any time in the reporting period",
        _overlaps_period,
    ),
    "is_missing": Function(
        (ANY,), BOOLEAN, "the value is empty", lambda run, value: run.missing(value)
    ),
    "known": Function(
        (ANY,), BOOLEAN, "the value is not empty", lambda run, value: ~run.missing(value)
    ),
    "exists": Function(
        (RELATED,),
        BOOLEAN,
        "the person has at least one such related record",
        lambda run, alias: (run.related_count(alias) > 0).astype("boolean"),
    ),
    "count": Function(
        (RELATED,),
        NUMBER,
        "how many such related records the person has",
        lambda run, alias: run.related_count(alias).astype("Float64"),
    ),
    "date": Function(
        (TEXT,), DATE, "a fixed date written YYYY-MM-DD", lambda run, text: run.timestamp(text)
    ),
    "year_of": Function(
        (DATE,), NUMBER, "the calendar year of a date", lambda run, value: run.year_of(value)
    ),
}
