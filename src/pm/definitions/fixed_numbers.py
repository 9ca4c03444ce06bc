"""Fixed numbers in rules: what the engine can compute with exactly, and how far a date
function may move a date. Checked by `pm validate` on numbers written in a rule (and worked
out from fixed numbers and parameters); the engine applies the same limits to numbers that
come from the records (`pm.engine.evaluate`)."""

from __future__ import annotations

import ast
import datetime as dt
import math
from typing import TYPE_CHECKING

from pm.definitions.expression_errors import ExpressionError

if TYPE_CHECKING:
    from pm.definitions.scope import Scope

# The largest number a rule may write or work out from fixed numbers: whole numbers are
# exact up to here, and anything larger in a social-services rule is a typing mistake.
MAX_NUMBER = 2**53
# How far add_days, add_months and add_working_days may move a date: 200 years either way,
# far beyond any timescale, and well inside the calendar the engine can work with.
OFFSET_LIMITS: dict[str, tuple[int, str]] = {
    "add_days": (73_050, "days"),
    "add_months": (2_400, "months"),
    "add_working_days": (52_200, "working days"),
}
# The calendar holds the years 1 to 9999. A move is refused when it could leave them, counting
# a month as 31 days and a working day as 2 (weekends and bank holidays), as the engine does.
CALENDAR = (dt.date(1, 1, 1), dt.date(9999, 12, 31))
DAYS_PER_STEP = {"add_days": 1, "add_months": 31, "add_working_days": 2}


def leaves_calendar(name: str, start: dt.date, amount: float) -> bool:
    """Whether moving `start` by `amount` with function `name` could leave the calendar."""
    reach = amount * DAYS_PER_STEP[name]
    first, last = CALENDAR
    return not (first.toordinal() <= start.toordinal() + reach <= last.toordinal())


def _fixed_date(node: ast.expr) -> dt.date | None:
    """The date of a date('YYYY-MM-DD') call (already checked), else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "date"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ):
        return dt.date.fromisoformat(str(node.args[0].value))
    return None


def check_size(value: float, what: str) -> None:
    """Refuse a number pm cannot compute with exactly (`what` names it in the message)."""
    if abs(value) > MAX_NUMBER or not math.isfinite(value):  # an int may not fit a float
        raise ExpressionError(
            "number-too-large",
            f"{what} is too large for pm to compute with: numbers in rules go up to {MAX_NUMBER:,}",
        )


def shown_number(value: float) -> str:
    """A number as a message shows it: 99,999,999,999, 1.5, 1e+300, or a 400-digit number."""
    if isinstance(value, int) and abs(value) >= 10**21:
        return f"a {len(str(abs(value)))}-digit number"
    if math.isfinite(value) and value == int(value) and abs(value) < 1e21:
        return f"{int(value):,}"
    return f"{value:g}"


def check_offset(name: str, call: ast.Call, scope: Scope, source: str) -> None:
    """A fixed number of days, months or working days must move a date no further than
    the engine can follow; months and working days must be whole."""
    amount = fixed_number(call.args[1], scope, source)
    if amount is None:
        return  # worked out from the records: checked as the engine runs
    limit, unit = OFFSET_LIMITS[name]
    if abs(amount) > limit:
        raise ExpressionError(
            "date-out-of-range",
            f"{name}() moves a date by {shown_number(amount)} {unit}; pm follows dates "
            f"at most {limit:,} {unit} (200 years) either way: check the number",
        )
    if unit != "days" and amount != int(amount):
        raise ExpressionError(
            "expression-arguments",
            f"{name}() takes a whole number of {unit}, not {shown_number(amount)}",
        )
    start = _fixed_date(call.args[0])
    if start is not None and leaves_calendar(name, start, amount):
        raise ExpressionError(
            "date-out-of-range",
            f"'{text_of(source, call)}' gives a date outside the years 1 to 9999, which pm "
            "cannot work with",
        )


def fixed_number(node: ast.expr, scope: Scope, source: str) -> float | None:
    """The value of a number written with fixed numbers and parameters only (None if it
    reads a column); refused when it is too large, infinite or divides by 0."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        if isinstance(node.value, bool):
            return None
        return float(node.value)
    if (
        isinstance(node, ast.Name)
        and node.id in scope.parameter_values
        and node.id not in scope.columns  # a column wins over a parameter
    ):
        value = scope.parameter_values[node.id]
        if abs(value) > MAX_NUMBER or not math.isfinite(value):
            return None  # reported on the parameter's own line (rules.rule_numbers)
        return float(value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = fixed_number(node.operand, scope, source)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = fixed_number(node.left, scope, source), fixed_number(node.right, scope, source)
    if isinstance(node.op, ast.Div) and right == 0:
        raise ExpressionError("expression-arguments", f"'{text_of(source, node)}' divides by 0")
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Div):
        result = left / right
    elif isinstance(node.op, ast.Mult):
        result = left * right
    elif isinstance(node.op, ast.Add):
        result = left + right
    else:
        result = left - right
    check_size(result, f"'{text_of(source, node)}'")
    return result


def text_of(source: str, node: ast.expr) -> str:
    """The part of the rule as written (1e400 stays 1e400)."""
    return ast.get_source_segment(source, node) or ast.unparse(node)
