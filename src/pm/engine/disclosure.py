"""Disclosure control: which figures the rules would hide, and why.

``pm compute`` keeps every figure and only *marks* cells (``suppressed`` and
``status = suppressed:<reason>``); publishing outputs leave marked cells empty. The rules
(``methods.md``, configurable per project and indicator through :class:`DisclosureRules`):

* a published count from 1 to ``min_count - 1`` (default 1 to 4) is hidden; 0 is not;
* a percentage, proportion, rate or ratio whose numerator or denominator is such a
  count is hidden;
* a mean or median from fewer than ``min_records_for_average`` records (5) is hidden;
* a survey percentage from fewer than ``min_survey_responses`` valid responses (10) is
  hidden;
* where a table publishes a total, a lone hidden cell is protected by hiding the next
  smallest (secondary suppression).

Reasons are stable slugs: ``small_numerator``, ``small_denominator``, ``few_records``,
``few_responses``, ``small_count``, ``secondary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from pm.engine.statistics import KINDS, as_float_array

if TYPE_CHECKING:
    import pandas as pd

SMALL_NUMERATOR = "small_numerator"
SMALL_DENOMINATOR = "small_denominator"
FEW_RECORDS = "few_records"
FEW_RESPONSES = "few_responses"
SMALL_COUNT = "small_count"
SECONDARY = "secondary"
REASONS: tuple[str, ...] = (
    SMALL_NUMERATOR,
    SMALL_DENOMINATOR,
    FEW_RECORDS,
    FEW_RESPONSES,
    SMALL_COUNT,
    SECONDARY,
)

BoolArray = npt.NDArray[np.bool_]
ReasonArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds of disclosure control; the defaults are those of ``methods.md``.

    ``round_counts_to`` (e.g. 5 for children looked after) is not applied by
    :func:`primary_suppression`: the engine rounds published counts with
    :func:`round_to_base`. ``secondary`` says whether the engine should run
    :func:`secondary_suppression`.
    """

    min_count: int = 5
    min_records_for_average: int = 5
    min_survey_responses: int = 10
    round_counts_to: int | None = None
    secondary: bool = True

    def __post_init__(self) -> None:
        for name in ("min_count", "min_records_for_average", "min_survey_responses"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number 0 or more, got {value!r}")
        base = self.round_counts_to
        if base is not None and (isinstance(base, bool) or not isinstance(base, int) or base < 1):
            raise ValueError(f"round_counts_to must be a whole number 1 or more, got {base!r}")


def _small(values: npt.NDArray[np.float64], threshold: int) -> BoolArray:
    """Above 0 and below the threshold: 0 discloses nothing, missing is not published."""
    return (values > 0) & (values < threshold)


def primary_suppression(
    kind: str,
    numerator: Any,
    denominator: Any = None,
    n_records: Any = None,
    rules: DisclosureRules | None = None,
    is_survey: bool = False,
) -> tuple[BoolArray, ReasonArray]:
    """Flags and reasons ("" where shown) of the cells the primary rules hide.

    * percentage / proportion / rate / ratio: ``small_numerator``, else
      ``small_denominator``; for a survey (``is_survey``), ``few_responses`` when the
      denominator (valid responses) is below ``min_survey_responses``, *instead of* the
      count rules, as the survey rule is the specific one;
    * mean / median: ``few_records`` when ``n_records`` (default: the denominator, which
      for means is the number of records) is from 1 to ``min_records_for_average - 1``;
      0 records is ``no_data``, not suppression;
    * count: ``small_count`` when the count (the numerator) is from 1 to ``min_count - 1``.

    Missing inputs are never flagged: there is nothing to hide.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown indicator kind {kind!r}; expected one of {', '.join(KINDS)}")
    rules = rules or DisclosureRules()
    x = as_float_array(numerator)
    n = as_float_array(np.nan if denominator is None else denominator)
    shape = np.broadcast_shapes(x.shape, n.shape)
    checks: list[tuple[str, BoolArray]]
    if kind == "count":
        checks = [(SMALL_COUNT, _small(x, rules.min_count))]
    elif kind in ("mean", "median"):
        records = n if n_records is None else as_float_array(n_records)
        shape = np.broadcast_shapes(shape, records.shape)
        checks = [(FEW_RECORDS, _small(records, rules.min_records_for_average))]
    elif is_survey:
        checks = [(FEW_RESPONSES, _small(n, rules.min_survey_responses))]
    else:
        checks = [
            (SMALL_NUMERATOR, _small(x, rules.min_count)),
            (SMALL_DENOMINATOR, _small(n, rules.min_count)),
        ]
    reasons = np.full(shape, "", dtype=object)
    for reason, hidden in reversed(checks):  # the first rule that applies names the reason
        reasons[np.broadcast_to(hidden, shape)] = reason
    return reasons != "", reasons


def _bool_column(table: pd.DataFrame, column: str) -> BoolArray:
    return table[column].to_numpy(dtype=bool, na_value=False)


def secondary_suppression(
    table: pd.DataFrame,
    value_col: str,
    suppressed_col: str,
    group_cols: list[str],
    total_flag_col: str,
    reason_col: str | None = None,
) -> tuple[BoolArray, ReasonArray]:
    """Protect a lone hidden cell from recovery by subtraction from a published total.

    ``value_col`` is the additive count (the numerator), ``total_flag_col`` marks total
    rows (e.g. the Wales row), ``group_cols`` name the cells that add up to a total (e.g.
    indicator, period and breakdown, over areas). In each group that publishes a total
    (has a total row not itself hidden) and has exactly one hidden non-total cell:

    * hide the shown non-total cell with the smallest positive value (a zero protects
      little, since zeros are usually known); failing that, the smallest zero; ties go to
      the earlier row, so the result is deterministic;
    * if there is no such cell, hide the group's total instead.

    One grouping per call: for a two-way table, call it once per direction and repeat
    until nothing changes. Returns flags and reasons by position (``secondary`` for the
    newly hidden cells; other rows keep ``reason_col`` if given, else ""). The input table
    is never modified.
    """
    hidden = _bool_column(table, suppressed_col).copy()
    is_total = _bool_column(table, total_flag_col)
    values = as_float_array(table[value_col])
    if reason_col is None:
        reasons = np.full(len(table), "", dtype=object)
    else:
        column = table[reason_col]
        reasons = column.astype(object).where(column.notna(), "").to_numpy(dtype=object)
        reasons = reasons.copy()
    if group_cols:
        groups = table.groupby(group_cols, sort=False, dropna=False).ngroup().to_numpy()
    else:
        groups = np.zeros(len(table), dtype=np.int64)
    newly_hidden = lone_cell_complements(groups, hidden, is_total, values)
    hidden |= newly_hidden
    reasons[newly_hidden] = SECONDARY
    return hidden, reasons


def lone_cell_complements(
    groups: npt.NDArray[np.integer],
    hidden: BoolArray,
    is_total: BoolArray,
    values: npt.NDArray[np.float64],
) -> BoolArray:
    """The rows :func:`secondary_suppression` newly hides, from arrays: `groups` numbers the
    group of each row (0, 1, ...). Only groups with exactly one hidden cell and a shown total
    are looked at one by one; the others are ruled out by counting, all at once."""
    newly_hidden = np.zeros(len(groups), dtype=bool)
    if not len(groups):
        return newly_hidden
    size = int(groups.max()) + 1
    hidden_cells = np.bincount(groups, weights=hidden & ~is_total, minlength=size)
    shown_totals = np.bincount(groups, weights=~hidden & is_total, minlength=size)
    for group in np.flatnonzero((hidden_cells == 1) & (shown_totals > 0)):
        rows = np.flatnonzero(groups == group)
        totals = rows[is_total[rows]]
        cells = rows[~is_total[rows]]
        newly_hidden[_complement(cells, hidden, values, totals)] = True
    return newly_hidden


def _complement(
    cells: npt.NDArray[np.intp],
    hidden: BoolArray,
    values: npt.NDArray[np.float64],
    totals: npt.NDArray[np.intp],
) -> npt.NDArray[np.intp]:
    """Rows to hide with a lone hidden cell: the next smallest cell, else the totals."""
    shown = cells[~hidden[cells] & ~np.isnan(values[cells])]
    positive = shown[values[shown] > 0]
    candidates = positive if positive.size else shown
    if candidates.size:
        return candidates[[int(np.argmin(values[candidates]))]]
    return totals[~hidden[totals]]


def round_to_base(values: Any, base: int = 5) -> npt.NDArray[np.float64]:
    """Round counts to the nearest multiple of ``base``, halves away from zero (12.5 → 15).

    Exact for whole numbers (the remainder is taken with ``fmod``, which is exact), so
    12 → 10 and 13 → 15 never slip. Missing stays missing.
    """
    if isinstance(base, bool) or not isinstance(base, int | np.integer) or base < 1:
        raise ValueError(f"base must be a whole number 1 or more, got {base!r}")
    array = as_float_array(values)
    magnitude = np.abs(array)
    remainder = np.fmod(magnitude, base)
    rounded = magnitude - remainder + np.where(2 * remainder >= base, base, 0)
    return np.copysign(rounded, array) + 0.0  # + 0.0 turns -0.0 into 0.0
