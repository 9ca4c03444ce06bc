"""Record-level evaluation of one indicator for one period: which records count, and how.

This is the heart of the engine and of `pm explain`: every record the period rule touches
gets a role (numerator, denominator only, excluded with the reason) so any figure can be
reconciled by hand. Aggregation into figures happens in `aggregate.py`.

Each concern has its own module: the records a period rule places in the period
(`in_period`), the population's include and exclude rules, related records and the
picking of one record per person (`population`), and the numerator, value and roles
(`roles`). The rules come compiled (`definitions.compiled`), once per run (`prepared`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from pm.calendar import Period
from pm.data.reader import Extracts
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.models import Breakdown, Indicator
from pm.engine import keys
from pm.engine.evaluate import Context, OffCalendar
from pm.engine.in_period import records_in_period
from pm.engine.labels import Labels, breakdown_labels, text_column
from pm.engine.population import People, population_reasons, related_counts_of
from pm.engine.prepared import Prepared
from pm.engine.roles import (  # noqa: F401  (the roles, kept importable from here)
    OFF_CALENDAR,
    ROLE_COUNTED,
    ROLE_DENOMINATOR,
    ROLE_EXCLUDED,
    ROLE_NOT_COUNTED,
    ROLE_NUMERATOR,
    judge,
    shown_workings,
)


@dataclass
class RecordSet:
    """The records one indicator touched in one period, with their roles.

    Roles, reasons and breakdown labels are kept as small integer codes (`Labels`): the
    figures group on the codes, and only `pm explain` turns them into text."""

    indicator: Indicator
    period: Period
    records: pd.DataFrame  # rows of the dataset in the period (all councils), with the
    # columns the rules read (every column for `pm explain`)
    rows: np.ndarray  # where each of those records sits in the dataset's frame
    frame: pd.DataFrame | None  # the dataset's frame (None when the dataset is missing)
    roles: Labels
    reasons: Labels
    numerator: pd.Series  # boolean: meets the numerator (counted records only)
    value: pd.Series  # Float64: per-record value for means, medians and value counts
    person: np.ndarray | None  # int64 per record: the person (council, id), to count people
    person_missing: np.ndarray | None  # where the council or the person id is empty
    labels: dict[str, Labels] = field(default_factory=dict)  # the breakdowns asked for
    workings: dict[str, pd.Series] = field(default_factory=dict)
    dataset_present: bool = True
    # councils whose records had a date the calendar cannot hold (see OffCalendar); every
    # council when a fixed date or number did
    off_calendar: set[str] = field(default_factory=set)
    off_calendar_everywhere: bool = False

    @property
    def role(self) -> pd.Series:
        return self.roles.series(self.records.index)

    @property
    def reason(self) -> pd.Series:
        return self.reasons.series(self.records.index)

    @property
    def breakdowns(self) -> dict[str, pd.Series]:
        return {name: labels.series(self.records.index) for name, labels in self.labels.items()}

    @property
    def counted(self) -> np.ndarray:
        return self.roles.among([ROLE_NUMERATOR, ROLE_DENOMINATOR, ROLE_COUNTED])

    @cached_property
    def councils(self) -> keys.Codes:
        """Each record's council as a code (-1 where empty), and the councils' codes as text."""
        if self.frame is None:
            return keys.Codes(np.zeros(0, dtype=np.int64), [])
        found = keys.councils(self.frame)
        return keys.Codes(found.codes[self.rows], found.texts)


def _columns_needed(
    compiled: CompiledIndicator, chosen: list[Breakdown], base: pd.DataFrame
) -> list[str]:
    """The columns of `base` the indicator's rules read on its records, in the frame's order.

    The period rule reads the whole frame, related records are joined from the frame, and
    councils, people and the breakdowns by a text column use the frame's codes (`keys`): none
    of those need the records' own copy. Every name a rule mentions is kept, so a column is
    never mistaken for a parameter or a period value of the same name."""
    rules = [*compiled.include, *compiled.exclude]
    rules += [rule for rule in (compiled.numerator, compiled.value) if rule is not None]
    for breakdown in chosen:
        rule = compiled.breakdowns[breakdown.name]
        if text_column(breakdown, rule, base) is None:
            rules.append(rule)
    used: set[str] = set()
    for rule in rules:
        rule.tree  # noqa: B018  (a rule that did not parse raises its own problem here)
        used |= rule.names
    return [c for c in base.columns if c in used]


def parameter_values(
    indicator: Indicator, overrides: dict[str, float] | None = None
) -> dict[str, float]:
    """The definition's parameters, with a test's or user's overrides; whole numbers as ints
    so that month and day arithmetic takes them."""
    values: dict[str, float] = {name: p.value for name, p in indicator.parameters.items()}
    values.update(overrides or {})
    return {name: int(v) if float(v).is_integer() else float(v) for name, v in values.items()}


def _absent(indicator: Indicator, period: Period) -> RecordSet:
    """The record set of an indicator whose dataset was not given."""
    return RecordSet(
        indicator,
        period,
        pd.DataFrame(columns=["la_code"]),
        np.zeros(0, dtype=np.int64),
        None,
        Labels(0, ROLE_EXCLUDED),
        Labels(0, ""),
        pd.Series(dtype="boolean"),
        pd.Series(dtype="Float64"),
        None,
        None,
        dataset_present=False,
    )


def evaluate_records(
    compiled: CompiledIndicator,
    extracts: Extracts,
    period: Period,
    prepared: Prepared,
    *,
    parameters: dict[str, float] | None = None,
    workings: bool = False,
    breakdowns: set[str] | None = None,
) -> RecordSet:
    """Run the definition's rules over every record of its dataset for one period.

    `breakdowns` names the breakdowns to label (all when None). The records carry only the
    columns the rules read, unless `workings` (for `pm explain`) asks for every column and
    the intermediate values of the calendar functions."""
    indicator = compiled.indicator
    values = parameter_values(indicator, parameters)
    dataset = extracts.datasets.get(indicator.dataset)
    assert compiled.scope is not None, f"dataset {indicator.dataset} has no specification"
    if dataset is None:
        return _absent(indicator, period)
    base = dataset.frame
    chosen = [
        b
        for b in breakdowns_of(indicator, dataset.spec)
        if breakdowns is None or b.name in breakdowns
    ]
    whole = Context(frame=base, period=period, parameters=values)
    in_period = records_in_period(compiled, base, whole, prepared.periods)
    names = list(base.columns) if workings else _columns_needed(compiled, chosen, base)
    records = in_period.frame(names)
    rows = in_period.rows
    off_calendar = OffCalendar()
    context = Context(frame=records, period=period, parameters=values, off_calendar=off_calendar)
    reason = population_reasons(compiled, context)
    people = People.of(indicator, dataset.spec, base, rows)
    population = np.flatnonzero(reason.equals(""))  # positions among the records
    counts = related_counts_of(compiled, base, rows, population, people, extracts, context)
    context = Context(
        frame=records,
        period=period,
        parameters=values,
        related_counts=counts,
        off_calendar=off_calendar,
    )
    people.pick(indicator, dataset.spec, base, rows, population, reason)
    judged = judge(compiled, context, reason)
    labels = {
        b.name: breakdown_labels(b, compiled.breakdowns[b.name], base, rows, context)
        for b in chosen
    }
    off_councils = _councils_of(base, rows[off_calendar.marked(len(records.index))])
    off_councils |= _councils_of(base, np.flatnonzero(in_period.off_calendar.marked(len(base))))
    return RecordSet(
        indicator=indicator,
        period=period,
        records=records,
        rows=rows,
        frame=base,
        roles=judged.roles,
        reasons=reason,
        numerator=judged.numerator,
        value=judged.value,
        person=people.person,
        person_missing=people.missing,
        labels=labels,
        workings=shown_workings(compiled, context, counts) if workings else {},
        off_calendar=off_councils,
        off_calendar_everywhere=off_calendar.everywhere or in_period.off_calendar.everywhere,
    )


def _councils_of(base: pd.DataFrame, positions: np.ndarray) -> set[str]:
    """The council codes of some records of `base` (their positions)."""
    if not len(positions):
        return set()
    return {str(code) for code in base["la_code"].take(positions).dropna().unique()}
