"""Record-level evaluation of one indicator for one period: which records count, and how.

This is the heart of the engine and of `pm explain`: every record the period rule touches
gets a role (numerator, denominator only, excluded with the reason) so any figure can be
reconciled by hand. Aggregation into figures happens in `aggregate.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from pm.calendar import Period
from pm.data.reader import Extracts
from pm.definitions import expressions as ex
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Breakdown, Indicator
from pm.definitions.rules import build_scope
from pm.definitions.vocab import CountUnit, IndicatorType, PersonPick, UnknownValues
from pm.engine import keys
from pm.engine.evaluate import Context, OffCalendar, as_boolean, as_number, evaluate
from pm.engine.in_period import records_in_period
from pm.engine.labels import Labels, breakdown_labels, text_column
from pm.engine.related import one_per_person, related_counts

ROLE_NUMERATOR = "numerator"
ROLE_DENOMINATOR = "denominator only"
ROLE_EXCLUDED = "excluded"
ROLE_NOT_COUNTED = "not counted"
ROLE_COUNTED = "counted"  # means, medians and counts: in the figure, no numerator/denominator split
OFF_CALENDAR = (
    "excluded: a date worked out for this record is off the calendar (add_days, add_months or "
    "add_working_days by more than 200 years, or by a part of a month)"
)


def _parse(text: str, scope: ex.Scope) -> ast.Expression:
    return ex.parse(text, scope).tree


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


def _names_in(tree: ast.AST) -> set[str]:
    """Every plain name an expression mentions: its columns, and maybe parameters."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _columns_needed(
    indicator: Indicator,
    chosen: list[Breakdown],
    scope: ex.Scope,
    base: pd.DataFrame,
) -> list[str]:
    """The columns of `base` the indicator's rules read on its records, in the frame's order.

    The period rule reads the whole frame, related records are joined from the frame, and
    councils, people and the breakdowns by a text column use the frame's codes (`keys`): none
    of those need the records' own copy. Every name a rule mentions is kept, so a column is
    never mistaken for a parameter or a period value of the same name."""
    texts = list(indicator.population.include) + [e.when for e in indicator.population.exclude]
    texts += [indicator.numerator.rule] if indicator.numerator and indicator.numerator.rule else []
    texts += [indicator.value.expression] if indicator.value is not None else []
    texts += [b.expression for b in chosen if text_column(b, scope, base) is None]
    used: set[str] = set()
    for text in texts:
        used |= _names_in(_parse(text, scope))
    return [c for c in base.columns if c in used]


def _function_calls(tree: ast.AST) -> list[ast.Call]:
    """Calendar calls worth showing in the trail, e.g. working_days(a, b)."""
    shown = {
        "working_days",
        "days_between",
        "hours_between",
        "months_between",
        "age_at",
        "add_months",
        "add_working_days",
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in shown
    ]


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
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    period: Period,
    *,
    parameters: dict[str, float] | None = None,
    workings: bool = False,
    breakdowns: set[str] | None = None,
) -> RecordSet:
    """Run the definition's rules over every record of its dataset for one period.

    `breakdowns` names the breakdowns to label (all when None). The records carry only the
    columns the rules read, unless `workings` (for `pm explain`) asks for every column and
    the intermediate values of the calendar functions."""
    values = parameter_values(indicator, parameters)
    dataset = extracts.datasets.get(indicator.dataset)
    scope = build_scope(indicator, definitions)
    assert scope is not None, f"dataset {indicator.dataset} has no specification"
    if dataset is None:
        return _absent(indicator, period)
    base = dataset.frame
    chosen = [
        b
        for b in breakdowns_of(indicator, dataset.spec)
        if breakdowns is None or b.name in breakdowns
    ]
    in_period = records_in_period(
        indicator, base, Context(frame=base, period=period, parameters=values), scope
    )
    names = list(base.columns) if workings else _columns_needed(indicator, chosen, scope, base)
    records = in_period.frame(names)
    rows = in_period.rows
    index = records.index
    off_calendar = OffCalendar()
    context = Context(frame=records, period=period, parameters=values, off_calendar=off_calendar)
    reason = Labels(len(index), "")

    for text in indicator.population.include:
        meets = (
            as_boolean(evaluate(_parse(text, scope), context), index)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
        fresh = (~meets) & reason.equals("")
        reason.set(fresh, f"does not meet: {' '.join(text.split())}")
    for exclusion in indicator.population.exclude:
        hit = (
            as_boolean(evaluate(_parse(exclusion.when, scope), context), index)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
        fresh = hit & reason.equals("")
        reason.set(fresh, f"excluded: {exclusion.reason}")

    counting = indicator.counting
    person_column = counting.person or dataset.spec.person_id
    person = person_missing = None
    if person_column is not None and counting.unit is CountUnit.person:
        # People are added up in the order of their text key only where a sum of values
        # could depend on it; a count does not, and any numbering will do.
        ordered = counting.pick is PersonPick.any and indicator.value is not None
        numbering = keys.ordered_person_keys if ordered else keys.person_keys
        all_people, all_missing = numbering(base, person_column)
        person, person_missing = all_people[rows], all_missing[rows]

    population = np.flatnonzero(reason.equals(""))  # positions among the records
    counts: dict[str, pd.Series] = {}
    for related in indicator.related:
        assert person_column is not None
        found = np.zeros(len(index), dtype=np.int64)
        found[population] = related_counts(
            indicator,
            related,
            base,
            rows[population],
            person_column,
            definitions,
            extracts,
            context,
        )
        counts[related.name] = pd.Series(pd.array(found, dtype="Int64"), index=index)
    context = Context(
        frame=records,
        period=period,
        parameters=values,
        related_counts=counts,
        off_calendar=off_calendar,
    )

    if (
        counting.unit is CountUnit.person
        and counting.pick is not PersonPick.any
        and len(population)
    ):
        assert person is not None and person_missing is not None and counting.by is not None
        in_base = rows[population]
        record_id = dataset.spec.record_id
        chosen_rows = population[
            one_per_person(
                np.where(person_missing[population], -1, person[population]),
                base[counting.by].take(in_base),
                base[record_id].take(in_base) if record_id else None,
                latest=counting.pick is PersonPick.latest,
            )
        ]
        others = np.zeros(len(index), dtype=bool)
        others[population] = True
        others[chosen_rows] = False
        word = "earliest" if counting.pick is PersonPick.earliest else "latest"
        reason.set(others, f"not counted: the person is counted once, by their {word} record")

    counted = reason.equals("")
    numerator = pd.Series(pd.NA, index=index, dtype="boolean")
    value = pd.Series(pd.NA, index=index, dtype="Float64")
    rule = indicator.numerator.rule if indicator.numerator else None
    if rule:
        numerator = as_boolean(evaluate(_parse(rule, scope), context), index)
    if indicator.value is not None:
        value = as_number(evaluate(_parse(indicator.value.expression, scope), context), index)
    reason.set(off_calendar.marked(len(index)), OFF_CALENDAR)

    unknown = np.zeros(len(index), dtype=bool)
    if rule:
        unknown |= numerator.isna().to_numpy()
    if indicator.value is not None:
        unknown |= value.isna().to_numpy()
    unknown &= counted
    if indicator.unknown_values is UnknownValues.not_met:
        numerator = numerator.fillna(False)
        if indicator.value is not None:
            reason.set(
                unknown & value.isna().to_numpy(),
                "excluded: the value could not be worked out (a date is empty)",
            )
    else:
        reason.set(unknown, "excluded: unknown (a value the rule needs is empty)")
    counted = reason.equals("")

    role = Labels(len(index), ROLE_EXCLUDED)
    splits = indicator.type in (
        IndicatorType.percentage,
        IndicatorType.rate,
        IndicatorType.ratio,
    ) or (indicator.type is IndicatorType.count and bool(rule))
    if splits:
        meets = (
            numerator.fillna(False).to_numpy(dtype=bool)
            if rule
            else np.ones(len(index), dtype=bool)
        )
        role.set(counted & meets, ROLE_NUMERATOR)
        role.set(counted & ~meets, ROLE_DENOMINATOR)
    else:
        role.set(counted, ROLE_COUNTED)
    role.set(reason.starts_with("not counted"), ROLE_NOT_COUNTED)

    labels = {b.name: breakdown_labels(b, scope, base, rows, context) for b in chosen}
    off_councils = _councils_of(base, rows[off_calendar.marked(len(index))])
    off_councils |= _councils_of(base, np.flatnonzero(in_period.off_calendar.marked(len(base))))
    shown: dict[str, pd.Series] = {}
    if workings:
        trees = [
            _parse(t, scope)
            for t in ([rule] if rule else [])
            + ([indicator.value.expression] if indicator.value else [])
        ]
        for tree in trees:
            for call in _function_calls(tree):
                result = evaluate(call, context)
                shown[ast.unparse(call)] = (
                    result if isinstance(result, pd.Series) else pd.Series(result, index=index)
                )
        for name, found_counts in counts.items():
            shown[f"count({name})"] = found_counts
    return RecordSet(
        indicator=indicator,
        period=period,
        records=records,
        rows=rows,
        frame=base,
        roles=role,
        reasons=reason,
        numerator=numerator.fillna(False)
        if rule
        else pd.Series(True, index=index, dtype="boolean"),
        value=value,
        person=person,
        person_missing=person_missing,
        labels=labels,
        workings=shown,
        off_calendar=off_councils,
        off_calendar_everywhere=off_calendar.everywhere or in_period.off_calendar.everywhere,
    )


def _councils_of(base: pd.DataFrame, positions: np.ndarray) -> set[str]:
    """The council codes of some records of `base` (their positions)."""
    if not len(positions):
        return set()
    return {str(code) for code in base["la_code"].take(positions).dropna().unique()}
