"""Evaluating a checked expression over a whole table at once (vectorised, three-valued).

The tree was checked by `pm.definitions.expressions.parse`; here each node becomes a pandas
operation over columns, and each call the function's own workings from the one registry of
functions (`pm.definitions.functions`). Missing values follow Kleene logic: a comparison with an empty
value is unknown (NA), `unknown and False` is False, `unknown or True` is True. What the
engine does with an unknown result is the definition's `unknown_values` choice.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.calendar import Period
from pm.definitions.fixed_numbers import CALENDAR, DAYS_PER_STEP, OFFSET_LIMITS
from pm.definitions.functions import FUNCTIONS, RELATED

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


@dataclass
class OffCalendar:
    """The records for which add_days, add_months or add_working_days could not give a date
    (the number to add is beyond 200 years or not whole, or the date is at the edge of the
    calendar). Their date is left empty, and their council's figure becomes
    error:date_out_of_range instead of stopping the run."""

    rows: np.ndarray | None = None  # per record of the frame
    everywhere: bool = False  # a fixed date or number went off: every record is affected

    def mark(self, bad: np.ndarray | bool) -> None:
        if np.ndim(bad) == 0:
            self.everywhere |= bool(bad)
            return
        bad = np.asarray(bad, dtype=bool)
        if bad.any():
            self.rows = bad.copy() if self.rows is None else (self.rows | bad)

    def marked(self, size: int) -> np.ndarray:
        """Per record of the frame, whether its arithmetic went off the calendar."""
        if self.everywhere:
            return np.ones(size, dtype=bool)
        return np.zeros(size, dtype=bool) if self.rows is None else self.rows

    def __bool__(self) -> bool:
        return self.everywhere or (self.rows is not None and bool(self.rows.any()))


@dataclass
class Context:
    """What names mean while evaluating over `frame`."""

    frame: pd.DataFrame
    period: Period
    parameters: Mapping[str, float] = field(default_factory=dict)
    related_counts: Mapping[str, pd.Series] = field(default_factory=dict)
    prefixed: Mapping[str, str] = field(default_factory=dict)  # related alias -> column prefix
    off_calendar: OffCalendar = field(default_factory=OffCalendar)

    def period_value(self, name: str) -> Any:
        period = self.period
        values = {
            "period_start": pd.Timestamp(period.start),
            "period_end": pd.Timestamp(period.end),
            "snapshot_date": pd.Timestamp(period.snapshot_date),
            "year_start": pd.Timestamp(period.year_start),
            "year_end": pd.Timestamp(period.year_end),
            "period_year": period.year_start_year,
        }
        return values[name]


def evaluate(tree: ast.Expression | ast.AST, context: Context) -> Any:
    """The value of a checked expression: a Series aligned to the frame, or a scalar."""
    node = tree.body if isinstance(tree, ast.Expression) else tree
    return _Evaluator(context).visit(node)


def as_boolean(value: Any, index: pd.Index) -> pd.Series:
    """A rule's result as a nullable boolean Series (scalars broadcast)."""
    if isinstance(value, pd.Series):
        return value.astype("boolean")
    if value is None or value is pd.NA:
        return pd.Series(pd.NA, index=index, dtype="boolean")
    return pd.Series(bool(value), index=index, dtype="boolean")


def as_number(value: Any, index: pd.Index) -> pd.Series:
    if isinstance(value, pd.Series):
        return value.astype("Float64")
    return pd.Series(value, index=index, dtype="Float64")


def _missing(value: Any, index: pd.Index) -> np.ndarray:
    if isinstance(value, pd.Series):
        return value.isna().to_numpy(dtype=bool)
    return np.full(len(index), pd.isna(value), dtype=bool)


def _plain(value: Any) -> Any:
    """Values numpy can compare: nullable columns with their gaps filled harmlessly."""
    if isinstance(value, pd.Series):
        if isinstance(value.dtype, pd.BooleanDtype):
            return value.fillna(False).astype(bool)
        if isinstance(value.dtype, pd.Int64Dtype | pd.Float64Dtype):
            return value.astype("float64")
    return value


def _zone_aware(value: Any) -> bool:
    if isinstance(value, pd.Series):
        return isinstance(value.dtype, pd.DatetimeTZDtype)
    return isinstance(value, pd.Timestamp) and value.tz is not None


def _wall_clock(value: Any) -> Any:
    if isinstance(value, pd.Series):
        return value.dt.tz_localize(None)
    return value.tz_localize(None)


def _same_clock(left: Any, right: Any) -> tuple[Any, Any]:
    """A date-time (zone-aware, as the reader gives them) compared with a plain date is
    compared on the local clock: `received_at <= period_end` means by the wall clock."""
    if _zone_aware(left) and isinstance(right, pd.Series | pd.Timestamp) and not _zone_aware(right):
        return _wall_clock(left), right
    if _zone_aware(right) and isinstance(left, pd.Series | pd.Timestamp) and not _zone_aware(left):
        return left, _wall_clock(right)
    return left, right


def _categorical(value: Any) -> bool:
    return isinstance(value, pd.Series) and isinstance(value.dtype, pd.CategoricalDtype)


def _comparable_text(op: ast.cmpop, left: Any, right: Any) -> tuple[Any, Any]:
    """Text the reader holds as categories (codes, team names) compared as the text it is.

    pandas compares a categorical with a value for (in)equality only, and with another
    column only if both have the same categories; a rule may ask `team < 'M'` or
    `team == earlier.team`, so those comparisons are made on the text."""
    if not (_categorical(left) or _categorical(right)):
        return left, right
    both_columns = isinstance(left, pd.Series) and isinstance(right, pd.Series)
    same_categories = (
        both_columns
        and _categorical(left)
        and _categorical(right)
        and left.dtype.categories.equals(right.dtype.categories)
    )
    if isinstance(op, ast.Eq | ast.NotEq) and (not both_columns or same_categories):
        return left, right  # fast: compared by category code, not text
    return (
        left.astype("str") if _categorical(left) else left,
        right.astype("str") if _categorical(right) else right,
    )


def _boolean(values: Any, missing: np.ndarray, index: pd.Index) -> pd.Series:
    data = (
        np.asarray(values, dtype=bool)
        if not isinstance(values, pd.Series)
        else values.fillna(False).to_numpy(dtype=bool)
    )
    return pd.Series(pd.arrays.BooleanArray(data & ~missing, missing), index=index)


class _Evaluator:
    def __init__(self, context: Context) -> None:
        self.context = context
        self.index = context.frame.index

    def visit(self, node: ast.AST) -> Any:
        return getattr(self, f"_{type(node).__name__}")(node)

    def _Constant(self, node: ast.Constant) -> Any:
        return node.value

    def _Name(self, node: ast.Name) -> Any:
        context = self.context
        name = node.id
        if name in context.frame.columns:
            return context.frame[name]
        if name in context.parameters:
            return context.parameters[name]
        if name in ("True", "False"):
            return name == "True"
        return context.period_value(name)

    def _Attribute(self, node: ast.Attribute) -> Any:
        assert isinstance(node.value, ast.Name)
        prefix = self.context.prefixed[node.value.id]
        return self.context.frame[f"{prefix}{node.attr}"]

    def _List(self, node: ast.List) -> list[Any]:
        return [self.visit(item) for item in node.elts]

    _Tuple = _List

    def _BoolOp(self, node: ast.BoolOp) -> pd.Series:
        values = [as_boolean(self.visit(v), self.index) for v in node.values]
        result = values[0]
        for value in values[1:]:
            result = (result & value) if isinstance(node.op, ast.And) else (result | value)
        return result

    def _UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return ~as_boolean(value, self.index)
        if isinstance(node.op, ast.USub):
            return -value if not isinstance(value, pd.Series) else -as_number(value, self.index)
        return value

    def _BinOp(self, node: ast.BinOp) -> Any:
        left, right = self.visit(node.left), self.visit(node.right)
        if not isinstance(left, pd.Series) and not isinstance(right, pd.Series):
            if isinstance(node.op, ast.Div) and right == 0:
                return pd.NA  # x / 0 is unknown, as for columns (period_year - 2023 can be 0)
            return _ARITHMETIC[type(node.op)](left, right)
        left = as_number(left, self.index) if isinstance(left, pd.Series) else left
        right = as_number(right, self.index) if isinstance(right, pd.Series) else right
        with np.errstate(divide="ignore", invalid="ignore"):
            result = _ARITHMETIC[type(node.op)](left, right)
        if isinstance(node.op, ast.Div):  # x / 0 is unknown, not infinite
            result = result.mask(~np.isfinite(result.astype("float64").fillna(0.0)))
        return result

    def _Compare(self, node: ast.Compare) -> pd.Series:
        result: pd.Series | None = None
        left = self.visit(node.left)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.visit(right_node)
            part = self._compare_pair(op, left, right)
            result = part if result is None else (result & part)
            left = right
        assert result is not None
        return result

    def _compare_pair(self, op: ast.cmpop, left: Any, right: Any) -> pd.Series:
        index = self.index
        if isinstance(op, ast.In | ast.NotIn):
            values = right
            if isinstance(left, pd.Series):
                hits = left.isin(values).to_numpy(dtype=bool)
            else:
                hits = np.full(len(index), left in values)
            missing = _missing(left, index)
            result = _boolean(hits, missing, index)
            return ~result if isinstance(op, ast.NotIn) else result
        missing = _missing(left, index) | _missing(right, index)
        left, right = _same_clock(left, right)
        left, right = _comparable_text(op, left, right)
        raw = _COMPARE[type(op)](_plain(left), _plain(right))
        if not isinstance(raw, pd.Series):
            raw = np.full(len(index), bool(raw))
        return _boolean(raw, missing, index)

    def _Call(self, node: ast.Call) -> Any:
        assert isinstance(node.func, ast.Name)
        function = FUNCTIONS[node.func.id]
        args = [
            argument.id
            if kind == RELATED and isinstance(argument, ast.Name)
            else self.visit(argument)
            for argument, kind in zip(node.args, function.arguments, strict=True)
        ]
        return function.apply(self, *args)

    # -- what the functions of the registry ask of a run (`functions.Evaluation`)

    @property
    def period(self) -> Period:
        return self.context.period

    def series(self, value: Any) -> Any:
        return _series(value, self.index)

    def timestamp(self, value: Any) -> Any:
        return pd.Timestamp(value)

    def moved(self, name: str, dates: Any, amount: Any) -> Any:
        return _moved(self, name, dates, amount)

    def missing(self, value: Any) -> pd.Series:
        return pd.Series(_missing(value, self.index), index=self.index, dtype="boolean")

    def related_count(self, alias: str) -> pd.Series:
        return self.context.related_counts[alias]

    def year_of(self, value: Any) -> Any:
        if isinstance(value, pd.Series):
            return value.dt.year.astype("Int64")
        return pd.Timestamp(value).year


def _moved(ev: _Evaluator, name: str, dates: Any, amount: Any) -> Any:
    """add_days / add_months / add_working_days, with any record whose move the calendar
    cannot hold given an empty date and marked (`OffCalendar`), never a crash: the number
    to add beyond 200 years (or not whole, for months and working days), or a result that
    could leave the years 1 to 9999."""
    limit, _ = OFFSET_LIMITS[name]
    size = len(ev.index)
    numbers = (
        amount.to_numpy(dtype="float64", na_value=np.nan)
        if isinstance(amount, pd.Series)
        else np.float64(np.nan if amount is None or amount is pd.NA else amount)
    )
    with np.errstate(invalid="ignore"):
        bad = np.abs(numbers) > limit
        if name != "add_days":
            whole = np.mod(np.where(np.isfinite(numbers), numbers, 0), 1) == 0
            bad = bad | ~whole
    bad = bad | _leaves_calendar(name, dates, np.where(bad, 0, numbers))
    ev.context.off_calendar.mark(bad)
    series = isinstance(dates, pd.Series) or isinstance(amount, pd.Series)
    if np.ndim(bad) == 0 and not series:
        return pd.NaT if bad else _MOVES[name](ev, dates, amount)
    if np.ndim(bad) == 0:
        bad = np.full(size, bool(bad))
    if bad.any():
        kept = np.where(bad, np.nan, np.broadcast_to(numbers, (size,)))
        amount = pd.Series(pd.array(kept, dtype="Float64"), index=ev.index)
        if name != "add_days":
            amount = amount.astype("Int64")
    return _MOVES[name](ev, dates, amount)


def _leaves_calendar(name: str, dates: Any, amounts: np.ndarray) -> np.ndarray | bool:
    """Whether each move could leave the years 1 to 9999 (`fixed_numbers.leaves_calendar`,
    worked out on whole columns): never for dates of extracts, which stay within 1900-2099."""
    if isinstance(dates, pd.Series):
        if isinstance(dates.dtype, pd.DatetimeTZDtype):
            dates = dates.dt.tz_convert(None)  # the UTC day: near enough for the years 1-9999
        days = dates.to_numpy(dtype="datetime64[D]")
    elif dates is None or dates is pd.NaT or dates is pd.NA:
        return False
    else:
        stamp = pd.Timestamp(dates)
        days = (stamp.tz_localize(None) if stamp.tz is not None else stamp).to_datetime64()
        days = np.datetime64(days, "D")
    first, last = (np.datetime64(d, "D").astype(np.int64) for d in CALENDAR)
    known = ~np.isnat(days)
    reach = days.astype(np.int64) + np.nan_to_num(amounts) * DAYS_PER_STEP[name]
    return known & ((reach < first) | (reach > last))


def _add_days(ev: _Evaluator, d: Any, n: Any) -> Any:
    if not isinstance(n, pd.Series):
        return d + pd.to_timedelta(n, unit="D")
    return d + pd.to_timedelta(n.astype("float64"), unit="D")


_MOVES: dict[str, Callable[..., Any]] = {
    "add_days": _add_days,
    "add_months": lambda ev, d, n: _series(cal.add_months(d, n), ev.index),
    "add_working_days": lambda ev, d, n: _series(cal.add_working_days(d, n), ev.index),
}


def _series(value: Any, index: pd.Index) -> Any:
    if isinstance(value, pd.Series):
        return value
    if (
        isinstance(value, pd.api.extensions.ExtensionArray | np.ndarray)
        and np.ndim(value) == 1
        and len(value) == len(index)
    ):
        return pd.Series(value, index=index)
    if (
        isinstance(value, pd.api.extensions.ExtensionArray | np.ndarray)
        and np.ndim(value) == 1
        and len(value) == 1
    ):
        return value[0]
    return value
