"""Record-level evaluation of one indicator for one period: which records count, and how.

This is the heart of the engine and of `pm explain`: every record the period rule touches
gets a role (numerator, denominator only, excluded with the reason) so any figure can be
reconciled by hand. Aggregation into figures happens in `aggregate.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.calendar import Period
from pm.data.reader import Extracts
from pm.definitions import expressions as ex
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Breakdown, Indicator, Related
from pm.definitions.rules import build_scope
from pm.definitions.vocab import CountUnit, IndicatorType, PeriodRule, PersonPick, UnknownValues
from pm.engine.evaluate import Context, as_boolean, as_number, evaluate

ROLE_NUMERATOR = "numerator"
ROLE_DENOMINATOR = "denominator only"
ROLE_EXCLUDED = "excluded"
ROLE_NOT_COUNTED = "not counted"
ROLE_COUNTED = "counted"  # means, medians and counts: in the figure, no numerator/denominator split


@dataclass
class RecordSet:
    """The records one indicator touched in one period, with their roles."""

    indicator: Indicator
    period: Period
    records: pd.DataFrame  # rows of the dataset in the period (all councils)
    role: pd.Series
    reason: pd.Series
    numerator: pd.Series  # boolean: meets the numerator (counted records only)
    value: pd.Series  # Float64: per-record value for means, medians and value counts
    person: pd.Series | None
    breakdowns: dict[str, pd.Series] = field(default_factory=dict)
    workings: dict[str, pd.Series] = field(default_factory=dict)
    dataset_present: bool = True

    @property
    def counted(self) -> pd.Series:
        return self.role.isin([ROLE_NUMERATOR, ROLE_DENOMINATOR, ROLE_COUNTED])


def _parse(text: str, scope: ex.Scope) -> ast.Expression:
    return ex.parse(text, scope).tree


class _Labels:
    """A text per record, kept as small integer codes while rules are applied.

    Setting a text on a million-row Arrow string column rewrites the column each time;
    codes are set in place and turned into text once, at the end."""

    def __init__(self, size: int, first: str) -> None:
        self.codes = np.zeros(size, dtype=np.int16)
        self.texts = [first]

    def set(self, rows: np.ndarray, text: str) -> None:
        if text not in self.texts:
            self.texts.append(text)
        self.codes[rows] = self.texts.index(text)

    def equals(self, text: str) -> np.ndarray:
        """Whether each record's text is `text`."""
        matches = np.array([t == text for t in self.texts], dtype=bool)
        return matches[self.codes]

    def starts_with(self, prefix: str) -> np.ndarray:
        matches = np.array([t.startswith(prefix) for t in self.texts], dtype=bool)
        return matches[self.codes]

    def series(self, index: pd.Index) -> pd.Series:
        import pyarrow as pa

        texts = pa.array(self.texts, type=pa.large_string())
        column = texts.take(pa.array(self.codes)).to_pandas()
        return pd.Series(column.array, index=index, dtype="str")


def _period_mask(
    indicator: Indicator, frame: pd.DataFrame, context: Context, scope: ex.Scope
) -> pd.Series:
    spec = indicator.period
    rule = spec.rule
    index = frame.index

    def value(text: str | None) -> object:
        assert text is not None
        return evaluate(_parse(text, scope), context)

    period = context.period
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    if rule is PeriodRule.in_year:
        mask = as_boolean(cal.in_range(value(spec.date), start, end), index)
    elif rule is PeriodRule.follow_up:
        follow = cal.add_months(value(spec.date), spec.months)
        mask = as_boolean(cal.in_range(follow, start, end), index)
    elif rule is PeriodRule.snapshot:
        mask = as_boolean(
            cal.open_on(value(spec.start), value(spec.end), pd.Timestamp(period.snapshot_date)),
            index,
        )
    elif rule is PeriodRule.overlapping:
        mask = as_boolean(cal.overlaps(value(spec.start), value(spec.end), start, end), index)
    elif rule is PeriodRule.survey_year:
        assert spec.column is not None
        mask = as_boolean(frame[spec.column] == period.year_label, index)
    else:
        mask = pd.Series(True, index=index, dtype="boolean")
    return mask.fillna(False).astype(bool)


# Records in a period, shared by the indicators that place records the same way on the same
# dataset (the survey questions, PM29a/PM29b/PM32, ...): a few entries, newest kept.
_PERIOD_CACHE: dict[tuple[object, ...], tuple[pd.DataFrame, pd.DataFrame]] = {}
_PERIOD_CACHE_SIZE = 6


def _records_in_period(
    indicator: Indicator, base: pd.DataFrame, context: Context, scope: ex.Scope
) -> pd.DataFrame:
    """The rows of `base` that the indicator's period rule places in the context's period."""
    spec = indicator.period
    key = (
        id(base),
        base.shape,
        tuple(base.columns),
        spec.rule,
        spec.date,
        spec.start,
        spec.end,
        spec.months,
        spec.column,
        context.period,
        tuple(sorted(context.parameters.items())),
    )
    found = _PERIOD_CACHE.get(key)
    if found is not None and found[0] is base:  # the entry holds `base`, so its id is not reused
        return found[1]
    records = base.loc[_period_mask(indicator, base, context, scope).to_numpy()]
    while len(_PERIOD_CACHE) >= _PERIOD_CACHE_SIZE:
        _PERIOD_CACHE.pop(next(iter(_PERIOD_CACHE)))
    _PERIOD_CACHE[key] = (base, records)
    return records


def _columns_read(tree: ast.AST | None, alias: str) -> tuple[set[str], set[str]]:
    """Names a match rule reads: plain names (the record's own columns, among parameters and
    period values) and `alias.column` attributes (the related record's columns)."""
    own: set[str] = set()
    theirs: set[str] = set()
    if tree is None:
        return own, theirs
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == alias:
                theirs.add(node.attr)
        elif isinstance(node, ast.Name) and node.id != alias:
            own.add(node.id)
    return own, theirs


def related_counts(
    indicator: Indicator,
    related: Related,
    population: pd.DataFrame,
    person_column: str,
    definitions: DefinitionSet,
    extracts: Extracts,
    context: Context,
) -> pd.Series:
    """For each population record, how many related records match (never itself)."""
    zero = pd.Series(0, index=population.index, dtype="Int64")
    other = extracts.datasets.get(related.dataset)
    if other is None or population.empty:
        return zero
    key = related.key or other.spec.person_id
    assert key is not None
    prefix = f"{related.name}."
    tree = None
    if related.match:
        scope = build_scope(indicator, definitions, match_of=related.name)
        assert scope is not None
        tree = _parse(related.match, scope)
    # Only the keys and the columns the match rule reads are joined: every other column
    # would be copied once per matching pair, which on large extracts costs more than the join.
    own, theirs = _columns_read(tree, related.name)
    left_columns = list(dict.fromkeys(["la_code", person_column, *sorted(own)]))
    right_columns = list(dict.fromkeys(["la_code", key, *sorted(theirs)]))
    right = other.frame[[c for c in right_columns if c in other.frame.columns]]
    right = right.rename(columns=lambda c: f"{prefix}{c}")
    right["__related_row"] = other.frame.index
    left = population[[c for c in left_columns if c in population.columns]].copy()
    left["__row"] = population.index
    merged = left.merge(
        right,
        left_on=["la_code", person_column],
        right_on=[f"{prefix}la_code", f"{prefix}{key}"],
        how="inner",
        sort=False,
    )
    if related.dataset == indicator.dataset:
        merged = merged[merged["__row"] != merged["__related_row"]]
    if merged.empty:
        return zero
    merged = merged.reset_index(drop=True)
    if tree is not None:
        match_context = Context(
            frame=merged,
            period=context.period,
            parameters=context.parameters,
            prefixed={related.name: prefix},
        )
        hit = as_boolean(evaluate(tree, match_context), merged.index)
        merged = merged[hit.fillna(False).to_numpy(dtype=bool)]
    counts = merged.groupby("__row").size()
    return counts.reindex(population.index, fill_value=0).astype("Int64")


def band_labels(breakdown: Breakdown, values: object, index: pd.Index) -> pd.Series:
    """Breakdown values as labels; numbers placed in bands; empty as 'unknown'."""
    if not isinstance(values, pd.Series):
        values = pd.Series(values, index=index)
    if breakdown.bands:
        number = values.astype("Float64")
        labels = _Labels(len(index), "unknown")
        for band in breakdown.bands:
            inside = number.notna()
            if band.min is not None:
                inside &= number >= band.min
            if band.max is not None:
                inside &= number <= band.max
            labels.set(
                inside.fillna(False).to_numpy(dtype=bool) & labels.equals("unknown"), band.label
            )
        return labels.series(index)
    text = values.astype("str")
    return text.fillna("unknown").astype("str")


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


def evaluate_records(
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    period: Period,
    *,
    parameters: dict[str, float] | None = None,
    workings: bool = False,
) -> RecordSet:
    """Run the definition's rules over every record of its dataset for one period."""
    values = parameter_values(indicator, parameters)
    dataset = extracts.datasets.get(indicator.dataset)
    scope = build_scope(indicator, definitions)
    assert scope is not None, f"dataset {indicator.dataset} has no specification"
    if dataset is None:
        empty = pd.DataFrame(columns=["la_code"])
        blank = pd.Series(dtype="str")
        return RecordSet(
            indicator,
            period,
            empty,
            blank,
            blank,
            pd.Series(dtype="boolean"),
            pd.Series(dtype="Float64"),
            None,
            dataset_present=False,
        )
    base = dataset.frame
    context = Context(frame=base, period=period, parameters=values)
    records = _records_in_period(indicator, base, context, scope)
    index = records.index
    context = Context(frame=records, period=period, parameters=values)
    reason = _Labels(len(index), "")

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
    person = None
    if person_column is not None and counting.unit is CountUnit.person:
        # only a count of people needs the key; joining two text columns is not free
        person = records["la_code"].astype("str") + "\x1f" + records[person_column].astype("str")

    population_mask = reason.equals("")
    population = records.loc[population_mask]
    counts: dict[str, pd.Series] = {}
    for related in indicator.related:
        assert person_column is not None
        found = related_counts(
            indicator, related, population, person_column, definitions, extracts, context
        )
        counts[related.name] = found.reindex(index, fill_value=0).astype("Int64")
    context = Context(frame=records, period=period, parameters=values, related_counts=counts)

    if (
        counting.unit is CountUnit.person
        and counting.pick is not PersonPick.any
        and len(population)
    ):
        assert person is not None and counting.by is not None
        latest = counting.pick is PersonPick.latest
        tie_breaker = [dataset.spec.record_id] if dataset.spec.record_id else []
        order = population.assign(__person=person[population_mask]).sort_values(
            ["__person", counting.by, *tie_breaker],
            kind="stable",
            na_position="first" if latest else "last",
        )
        keep = "last" if latest else "first"
        chosen = order.drop_duplicates("__person", keep=keep).index
        others = population.index.difference(chosen)
        word = "earliest" if counting.pick is PersonPick.earliest else "latest"
        reason.set(
            index.get_indexer(others),
            f"not counted: the person is counted once, by their {word} record",
        )

    counted = reason.equals("")
    numerator = pd.Series(pd.NA, index=index, dtype="boolean")
    value = pd.Series(pd.NA, index=index, dtype="Float64")
    rule = indicator.numerator.rule if indicator.numerator else None
    if rule:
        numerator = as_boolean(evaluate(_parse(rule, scope), context), index)
    if indicator.value is not None:
        value = as_number(evaluate(_parse(indicator.value.expression, scope), context), index)

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

    role = _Labels(len(index), ROLE_EXCLUDED)
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

    breakdowns = {
        breakdown.name: band_labels(
            breakdown, evaluate(_parse(breakdown.expression, scope), context), index
        )
        for breakdown in breakdowns_of(indicator, dataset.spec)
    }
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
        for name, found in counts.items():
            shown[f"count({name})"] = found
    return RecordSet(
        indicator=indicator,
        period=period,
        records=records,
        role=role.series(index),
        reason=reason.series(index),
        numerator=numerator.fillna(False)
        if rule
        else pd.Series(True, index=index, dtype="boolean"),
        value=value,
        person=person,
        breakdowns=breakdowns,
        workings=shown,
    )
