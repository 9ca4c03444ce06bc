"""Which records of a dataset a period rule places in a reporting period, shared by the
indicators that place records the same way (data contract §2)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.vocab import PeriodRule
from pm.engine import day_numbers
from pm.engine.day_numbers import MISSING, day_number
from pm.engine.evaluate import Context, OffCalendar, as_boolean, evaluate


def period_mask(compiled: CompiledIndicator, frame: pd.DataFrame, context: Context) -> pd.Series:
    """Whether each record of `frame` is in the context's period by the indicator's rule."""
    fast = mask_from_day_numbers(compiled, frame, context)
    if fast is not None:
        return pd.Series(fast, index=frame.index, copy=False)
    return general_period_mask(compiled, frame, context)


def mask_from_day_numbers(
    compiled: CompiledIndicator, frame: pd.DataFrame, context: Context
) -> np.ndarray | None:
    """The period mask from the dataset's day numbers (`pm.engine.day_numbers`), when the
    rule reads plain date columns: the same answer as `general_period_mask` (a test compares
    them), without converting the columns again for every indicator and period. None when
    the rule needs the general path (an expression, a follow-up, date-times with a zone)."""
    spec = compiled.indicator.period
    rule = spec.rule

    def days(name: str) -> np.ndarray | None:
        tree = compiled.period(name).tree
        node = tree.body if isinstance(tree, ast.Expression) else tree
        if not isinstance(node, ast.Name) or node.id in context.parameters:
            return None
        return day_numbers.column_days(frame, node.id)

    period = context.period
    first, last = day_number(period.start), day_number(period.end)
    if rule is PeriodRule.in_year:
        day = days("date")
        if day is None:
            return None
        return (day >= first) & (day <= last)  # a missing day (MISSING) is before `first`
    if rule not in (PeriodRule.snapshot, PeriodRule.overlapping):
        return None
    start, end = days("start"), days("end")
    if start is None or end is None:
        return None
    started = start != MISSING
    no_end = end == MISSING
    if rule is PeriodRule.snapshot:
        on = day_number(period.snapshot_date)
        return started & (start <= on) & (no_end | (end > on))
    return started & (start <= last) & (no_end | (end >= first))


def general_period_mask(
    compiled: CompiledIndicator, frame: pd.DataFrame, context: Context
) -> pd.Series:
    """The period mask by evaluating the rule's expressions (any rule, any column type)."""
    spec = compiled.indicator.period
    rule = spec.rule
    index = frame.index

    def value(name: str) -> object:
        """The period rule's `date`, `start` or `end`, worked out on the frame."""
        return evaluate(compiled.period(name).tree, context)

    period = context.period
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    if rule is PeriodRule.in_year:
        mask = as_boolean(cal.in_range(value("date"), start, end), index)
    elif rule is PeriodRule.follow_up:
        follow = cal.add_months(value("date"), spec.months)
        mask = as_boolean(cal.in_range(follow, start, end), index)
    elif rule is PeriodRule.snapshot:
        mask = as_boolean(
            cal.open_on(value("start"), value("end"), pd.Timestamp(period.snapshot_date)),
            index,
        )
    elif rule is PeriodRule.overlapping:
        mask = as_boolean(cal.overlaps(value("start"), value("end"), start, end), index)
    elif rule is PeriodRule.survey_year:
        assert spec.column is not None
        mask = as_boolean(frame[spec.column] == period.year_label, index)
    else:
        mask = pd.Series(True, index=index, dtype="boolean")
    return mask.fillna(False).astype(bool)


@dataclass
class InPeriod:
    """The rows of a frame in a period, and the columns of those rows copied so far."""

    base: pd.DataFrame
    rows: np.ndarray  # positions in `base`
    whole: bool  # every row: the columns are used as they are, without a copy
    index: pd.Index
    columns: dict[str, pd.Series] = field(default_factory=dict)
    off_calendar: OffCalendar = field(default_factory=OffCalendar)  # rows of `base`

    def frame(self, names: list[str]) -> pd.DataFrame:
        """The records with the columns `names` (in that order), copying each column once."""
        for name in names:
            if name not in self.columns:
                column = self.base[name]
                self.columns[name] = (
                    column
                    if self.whole
                    else pd.Series(
                        column.array.take(self.rows), index=self.index, name=name, copy=False
                    )
                )
        columns = {name: self.columns[name] for name in names}
        return pd.DataFrame(columns, index=self.index, copy=False)  # copy-on-write guards them


@dataclass
class PeriodCache:
    """Records in a period, shared by the indicators that place records the same way on the
    same dataset (the survey questions, PM29a/PM29b/PM32, ...): a few entries, newest kept.
    Each entry copies a column of the records only when an indicator first reads it.

    Owned by one run (`engine.prepared.Prepared`) and dropped with it: two runs in one
    process, such as two computes in a notebook, never share entries nor keep each other's
    extracts alive."""

    size: int = 6
    entries: dict[tuple[object, ...], InPeriod] = field(default_factory=dict)

    def get(self, key: tuple[object, ...], base: pd.DataFrame) -> InPeriod | None:
        found = self.entries.get(key)
        return found if found is not None and found.base is base else None

    def put(self, key: tuple[object, ...], entry: InPeriod) -> None:
        while len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[key] = entry


def records_in_period(
    compiled: CompiledIndicator, base: pd.DataFrame, context: Context, cache: PeriodCache
) -> InPeriod:
    """The rows of `base` that the indicator's period rule places in the context's period."""
    spec = compiled.indicator.period
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
    found = cache.get(key, base)  # the entry holds `base`: its id is not reused
    if found is not None:
        return found
    mask = period_mask(compiled, base, context).to_numpy(dtype=bool)
    whole = bool(mask.all())
    rows = np.arange(len(base), dtype=np.int64) if whole else np.flatnonzero(mask)
    index = base.index if whole else _labels_of(base.index, rows)
    entry = InPeriod(base, rows, whole, index, off_calendar=context.off_calendar)
    cache.put(key, entry)
    return entry


def _labels_of(index: pd.Index, rows: np.ndarray) -> pd.Index:
    """The labels of the rows at `rows`. A dataset's frame is numbered 0, 1, 2, ... (a
    `RangeIndex`), so its labels are the positions themselves: the positions are kept as
    the index (int64, shared with `rows`, no copy) instead of a second array of millions of
    labels (46 MiB at 10 M records). Any other index is looked up."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return pd.Index(rows, dtype=np.int64, copy=False)
    return index[rows]
