"""Which records of a dataset a period rule places in a reporting period, shared by the
indicators that place records the same way (data contract §2)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.definitions import expressions as ex
from pm.definitions.models import Indicator
from pm.definitions.vocab import PeriodRule
from pm.engine.evaluate import Context, OffCalendar, as_boolean, evaluate


def period_mask(
    indicator: Indicator, frame: pd.DataFrame, context: Context, scope: ex.Scope
) -> pd.Series:
    spec = indicator.period
    rule = spec.rule
    index = frame.index

    def value(text: str | None) -> object:
        assert text is not None
        return evaluate(ex.parse(text, scope).tree, context)

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
# dataset (the survey questions, PM29a/PM29b/PM32, ...): a few entries, newest kept. Each entry
# copies a column of the records only when an indicator first reads it.
_PERIOD_CACHE: dict[tuple[object, ...], InPeriod] = {}
_PERIOD_CACHE_SIZE = 6


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


def records_in_period(
    indicator: Indicator, base: pd.DataFrame, context: Context, scope: ex.Scope
) -> InPeriod:
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
    if found is not None and found.base is base:  # the entry holds `base`: its id is not reused
        return found
    mask = period_mask(indicator, base, context, scope).to_numpy(dtype=bool)
    whole = bool(mask.all())
    rows = np.arange(len(base), dtype=np.int64) if whole else np.flatnonzero(mask)
    index = base.index if whole else base.index[rows]
    entry = InPeriod(base, rows, whole, index, off_calendar=context.off_calendar)
    while len(_PERIOD_CACHE) >= _PERIOD_CACHE_SIZE:
        _PERIOD_CACHE.pop(next(iter(_PERIOD_CACHE)))
    _PERIOD_CACHE[key] = entry
    return entry
