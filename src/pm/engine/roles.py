"""Each record's role in a figure: numerator, denominator only, counted, excluded (and why)
or not counted, from the numerator rule, the value and the definition's `unknown_values`
choice; and the workings `pm explain` shows beside them."""

from __future__ import annotations

import ast
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pm.definitions.compiled import CompiledIndicator
from pm.definitions.vocab import IndicatorType, UnknownValues
from pm.engine.evaluate import Context, as_boolean, as_number, evaluate
from pm.engine.labels import Labels

ROLE_NUMERATOR = "numerator"
ROLE_DENOMINATOR = "denominator only"
ROLE_EXCLUDED = "excluded"
ROLE_NOT_COUNTED = "not counted"
ROLE_COUNTED = "counted"  # means, medians and counts: in the figure, no numerator/denominator split
OFF_CALENDAR = (
    "excluded: a date worked out for this record is off the calendar (add_days, add_months or "
    "add_working_days by more than 200 years, or by a part of a month)"
)


@dataclass
class Judged:
    """The records' roles, whether each meets the numerator, and each one's value."""

    roles: Labels
    numerator: pd.Series  # boolean: meets the numerator (counted records only)
    value: pd.Series  # Float64: per-record value for means, medians and value counts


def judge(compiled: CompiledIndicator, context: Context, reason: Labels) -> Judged:
    """The numerator and value of every record, the records left out because a value they
    need is unknown or off the calendar (added to `reason`), and every record's role."""
    indicator = compiled.indicator
    index = context.frame.index
    counted = reason.equals("")
    numerator = pd.Series(pd.NA, index=index, dtype="boolean")
    value = pd.Series(pd.NA, index=index, dtype="Float64")
    rule = compiled.numerator
    if rule is not None:
        numerator = as_boolean(evaluate(rule.tree, context), index)
    if compiled.value is not None:
        value = as_number(evaluate(compiled.value.tree, context), index)
    reason.set(context.off_calendar.marked(len(index)), OFF_CALENDAR)

    unknown = np.zeros(len(index), dtype=bool)
    if rule is not None:
        unknown |= numerator.isna().to_numpy()
    if compiled.value is not None:
        unknown |= value.isna().to_numpy()
    unknown &= counted
    if indicator.unknown_values is UnknownValues.not_met:
        numerator = numerator.fillna(False)
        if compiled.value is not None:
            reason.set(
                unknown & value.isna().to_numpy(),
                "excluded: the value could not be worked out (a date is empty)",
            )
    else:
        reason.set(unknown, "excluded: unknown (a value the rule needs is empty)")
    roles = _roles(compiled, reason, numerator)
    meets = (
        numerator.fillna(False)
        if rule is not None
        else pd.Series(True, index=index, dtype="boolean")
    )
    return Judged(roles, meets, value)


def _roles(compiled: CompiledIndicator, reason: Labels, numerator: pd.Series) -> Labels:
    """Numerator / denominator only where the figure splits its records, else counted;
    excluded or not counted where `reason` says why."""
    indicator = compiled.indicator
    rule = compiled.numerator
    size = len(reason.codes)
    counted = reason.equals("")
    role = Labels(size, ROLE_EXCLUDED)
    splits = indicator.type in (
        IndicatorType.percentage,
        IndicatorType.rate,
        IndicatorType.ratio,
    ) or (indicator.type is IndicatorType.count and rule is not None)
    if splits:
        meets = (
            numerator.fillna(False).to_numpy(dtype=bool)
            if rule is not None
            else np.ones(size, dtype=bool)
        )
        role.set(counted & meets, ROLE_NUMERATOR)
        role.set(counted & ~meets, ROLE_DENOMINATOR)
    else:
        role.set(counted, ROLE_COUNTED)
    role.set(reason.starts_with("not counted"), ROLE_NOT_COUNTED)
    return role


def shown_workings(
    compiled: CompiledIndicator, context: Context, counts: dict[str, pd.Series]
) -> dict[str, pd.Series]:
    """For `pm explain`: the value of every shown function call in the numerator rule and
    the value (e.g. working_days(a, b)) and the related counts, per record."""
    index = context.frame.index
    shown: dict[str, pd.Series] = {}
    for rule in (compiled.numerator, compiled.value):
        if rule is None:
            continue
        for call in rule.shown_calls():
            result = evaluate(call, context)
            shown[ast.unparse(call)] = (
                result if isinstance(result, pd.Series) else pd.Series(result, index=index)
            )
    for name, found_counts in counts.items():
        shown[f"count({name})"] = found_counts
    return shown
