"""The filter-expression language of definitions: parsed with `ast`, checked, never evaluated.

A rule such as ``working_days(report_received_date, enquiry_completed_date) <= timescale``
is parsed by Python's parser into a tree, then every node is checked against a whitelist:
comparisons, `and`/`or`/`not`, `in` a list of constants, + - * /, and calls of the named
functions below. Names must be columns of the dataset, parameters of the definition or
period values. Anything else is refused with a problem code. The functions, their kinds and
their workings are one registry (`pm.definitions.functions`). The engine compiles the
checked tree into vectorised pandas operations; Python never runs the text.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
from dataclasses import dataclass

from pm.definitions import fixed_numbers as fixed
from pm.definitions.expression_errors import ExpressionError
from pm.definitions.functions import (  # noqa: F401  (the kinds, kept importable from here)
    ANY,
    BOOLEAN,
    DATE,
    DATETIME,
    FUNCTIONS,
    NUMBER,
    RELATED,
    TEXT,
    Function,
)
from pm.definitions.scope import Scope

MAX_LENGTH = 1000
MAX_DEPTH = 40
# Values of the reporting period that any expression may use.
PERIOD_VALUES: dict[str, tuple[str, str]] = {
    "period_start": (DATE, "first day of the reporting period (year to date for quarters)"),
    "period_end": (DATE, "last day of the reporting period"),
    "snapshot_date": (DATE, "the snapshot day: the last day of the period (31 March for a year)"),
    "year_start": (DATE, "1 April of the reporting year"),
    "year_end": (DATE, "31 March of the reporting year"),
    "period_year": (NUMBER, "first calendar year of the reporting year (2023 for 2023-24)"),
}

_COMPARABLE = {
    DATE: {DATE, DATETIME},
    DATETIME: {DATE, DATETIME},
    NUMBER: {NUMBER},
    TEXT: {TEXT},
    BOOLEAN: {BOOLEAN},
}


@dataclass(frozen=True)
class Expression:
    """A checked expression: its tree, result kind and the names it uses."""

    text: str
    tree: ast.Expression
    kind: str
    columns: frozenset[str]
    parameters: frozenset[str]
    related: frozenset[str]


def parse(text: str, scope: Scope) -> Expression:
    """Parse and check `text`; raise ExpressionError naming what to change."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("expression-syntax", "the expression is empty: write a rule")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            "expression-too-long",
            f"the expression is {len(text):,} characters long; at most {MAX_LENGTH:,} are "
            "accepted: split it into several include rules",
        )
    source = " ".join(text.split())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as problem:
        raise ExpressionError(
            "expression-syntax",
            f"cannot read the expression '{_clip(text)}': {problem.msg} near column "
            f"{problem.offset or 0}",
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(
            "expression-too-long", "the expression is nested too deeply to read"
        ) from None
    checker = _Checker(scope, source)
    kind = checker.check(tree.body, depth=0)
    return Expression(
        text=text,
        tree=tree,
        kind=kind,
        columns=frozenset(checker.columns),
        parameters=frozenset(checker.parameters),
        related=frozenset(checker.related),
    )


def _clip(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


_FORBIDDEN_NAMES: dict[type[ast.AST], str] = {
    ast.Lambda: "lambda functions",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Subscript: "indexing with [ ]",
    ast.Starred: "* unpacking",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.IfExp: "'x if c else y'",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


class _Checker:
    """Walks the tree, refusing anything outside the language and inferring kinds."""

    def __init__(self, scope: Scope, source: str = "") -> None:
        self.scope = scope
        self.source = source
        self.columns: set[str] = set()
        self.parameters: set[str] = set()
        self.related: set[str] = set()

    def check(self, node: ast.AST, depth: int) -> str:
        if depth > MAX_DEPTH:
            raise ExpressionError(
                "expression-too-long", f"the expression nests more than {MAX_DEPTH} levels"
            )
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            what = _FORBIDDEN_NAMES.get(type(node), f"'{type(node).__name__}'")
            raise ExpressionError(
                "expression-forbidden",
                f"{what} cannot be used in a rule; use comparisons, and/or/not, 'in [...]', "
                "+ - * / and pm's functions",
            )
        return method(node, depth + 1)

    # -- leaves

    def _Constant(self, node: ast.Constant, depth: int) -> str:
        value = node.value
        if isinstance(value, bool):
            return BOOLEAN
        if isinstance(value, int | float):
            fixed.check_size(value, f"the number {fixed.text_of(self.source, node)}")
            return NUMBER
        if isinstance(value, str):
            return TEXT
        raise ExpressionError(
            "expression-forbidden",
            f"the value {value!r} cannot be used; write numbers, 'text', True or False "
            "(test for an empty value with is_missing(column))",
        )

    def _Name(self, node: ast.Name, depth: int) -> str:
        name = node.id
        if name.startswith("_"):
            raise ExpressionError(
                "expression-forbidden",
                f"names starting with '_' such as '{name}' are not allowed in rules",
            )
        if name in self.scope.columns:
            self.columns.add(name)
            return self.scope.columns[name]
        if name in self.scope.parameters:
            self.parameters.add(name)
            return self.scope.parameters[name]
        if name in PERIOD_VALUES:
            return PERIOD_VALUES[name][0]
        if name in ("True", "False"):
            return BOOLEAN
        if name in self.scope.related:
            raise ExpressionError(
                "expression-arguments",
                f"'{name}' is a set of related records: use exists({name}) or count({name}), "
                f"or {name}.<column> inside its match rule",
            )
        if name in FUNCTIONS:
            raise ExpressionError(
                "expression-arguments", f"'{name}' is a function: call it as {name}(...)"
            )
        options = [*self.scope.columns, *self.scope.parameters, *PERIOD_VALUES]
        where = f"dataset '{self.scope.dataset}'" if self.scope.dataset else "the dataset"
        raise ExpressionError(
            "unknown-column",
            f"'{name}' is not a column of {where}, a parameter or a period value"
            f"{_suggest(name, options)}",
        )

    def _Attribute(self, node: ast.Attribute, depth: int) -> str:
        owner = node.value
        if (
            isinstance(owner, ast.Name)
            and owner.id in self.scope.related_columns_allowed
            and not node.attr.startswith("_")
        ):
            columns = self.scope.related[owner.id]
            if node.attr not in columns:
                raise ExpressionError(
                    "unknown-column",
                    f"'{node.attr}' is not a column of the related records '{owner.id}'"
                    f"{_suggest(node.attr, list(columns))}",
                )
            self.related.add(owner.id)
            return columns[node.attr]
        raise ExpressionError(
            "expression-forbidden",
            "attribute access with '.' is not allowed in rules (only <related>.<column> "
            "inside a related match rule)",
        )

    # -- structure

    def _List(self, node: ast.List, depth: int) -> str:
        return self._sequence(node.elts, depth)

    def _Tuple(self, node: ast.Tuple, depth: int) -> str:
        return self._sequence(node.elts, depth)

    def _sequence(self, items: list[ast.expr], depth: int) -> str:
        if not items:
            raise ExpressionError("expression-syntax", "an empty list [] matches nothing")
        kinds = set()
        for item in items:
            if not isinstance(item, ast.Constant):
                raise ExpressionError(
                    "expression-forbidden", "lists may hold only fixed values, such as ['a', 'b']"
                )
            kinds.add(self.check(item, depth))
        if len(kinds) > 1:
            raise ExpressionError("expression-type", "a list mixes numbers and text")
        return "list:" + kinds.pop()

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> str:
        for value in node.values:
            self._expect(value, BOOLEAN, depth, "'and' / 'or' join conditions")
        return BOOLEAN

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> str:
        if isinstance(node.op, ast.Not):
            self._expect(node.operand, BOOLEAN, depth, "'not' applies to a condition")
            return BOOLEAN
        if isinstance(node.op, ast.USub | ast.UAdd):
            self._expect(node.operand, NUMBER, depth, "a sign applies to a number")
            return NUMBER
        raise ExpressionError("expression-forbidden", "'~' is not allowed: use 'not'")

    def _BinOp(self, node: ast.BinOp, depth: int) -> str:
        if isinstance(node.op, ast.BitAnd | ast.BitOr):
            raise ExpressionError(
                "expression-forbidden", "'&' and '|' are not allowed: write 'and' / 'or'"
            )
        if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise ExpressionError("expression-forbidden", "only + - * / are allowed in arithmetic")
        left = self.check(node.left, depth)
        right = self.check(node.right, depth)
        if left == NUMBER and right == NUMBER:
            fixed.fixed_number(node, self.scope, self.source)  # within what pm computes with
            return NUMBER
        raise ExpressionError(
            "expression-type",
            f"arithmetic needs numbers, not {left} and {right}: use add_days, add_months or "
            "days_between for dates",
        )

    def _Compare(self, node: ast.Compare, depth: int) -> str:
        left_node = node.left
        left = self.check(left_node, depth)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.Is | ast.IsNot):
                raise ExpressionError(
                    "expression-forbidden",
                    "'is' is not allowed: test for an empty value with is_missing(column)",
                )
            right = self.check(right_node, depth)
            if isinstance(op, ast.In | ast.NotIn):
                if not right.startswith("list:"):
                    raise ExpressionError(
                        "expression-type", "'in' needs a list of values: x in ['a', 'b']"
                    )
                item_kind = right.removeprefix("list:")
                if item_kind not in _COMPARABLE.get(left, set()):
                    raise ExpressionError(
                        "expression-type", f"cannot look for a {left} in a list of {item_kind}"
                    )
                self._check_codes(left_node, right_node)
            else:
                if right.startswith("list:") or left.startswith("list:"):
                    raise ExpressionError(
                        "expression-type", "compare with a list only through 'in'"
                    )
                if right not in _COMPARABLE.get(left, set()):
                    raise ExpressionError(
                        "expression-type", f"cannot compare a {left} with a {right}"
                    )
                if isinstance(op, ast.Eq | ast.NotEq):
                    self._check_codes(left_node, right_node)
                    self._check_codes(right_node, left_node)
            left_node, left = right_node, right
        return BOOLEAN

    def _Call(self, node: ast.Call, depth: int) -> str:
        if not isinstance(node.func, ast.Name):
            raise ExpressionError(
                "expression-forbidden",
                "only pm's named functions can be called, such as days_between(a, b)",
            )
        name = node.func.id
        if name.startswith("_"):
            raise ExpressionError(
                "expression-forbidden",
                f"names starting with '_' such as '{name}' are not allowed in rules",
            )
        function = FUNCTIONS.get(name)
        if function is None:
            raise ExpressionError(
                "expression-unknown-function",
                f"'{name}' is not one of pm's functions{_suggest(name, list(FUNCTIONS))}; "
                f"available: {', '.join(sorted(FUNCTIONS))}",
            )
        if node.keywords:
            raise ExpressionError(
                "expression-arguments", f"{name}() takes its arguments in order, without names"
            )
        if len(node.args) != len(function.arguments):
            raise ExpressionError(
                "expression-arguments",
                f"{name}() takes {len(function.arguments)} argument(s), {len(node.args)} given",
            )
        for position, (argument, wanted) in enumerate(
            zip(node.args, function.arguments, strict=True), start=1
        ):
            self._argument(name, position, argument, wanted, depth)
        if name in fixed.OFFSET_LIMITS:
            fixed.check_offset(name, node, self.scope, self.source)
        return function.result

    def _argument(self, name: str, position: int, node: ast.expr, wanted: str, depth: int) -> None:
        if wanted == RELATED:
            if not isinstance(node, ast.Name) or node.id not in self.scope.related:
                known = ", ".join(self.scope.related) or "none are declared"
                raise ExpressionError(
                    "unknown-related",
                    f"{name}() takes the name of a related set of records ({known})",
                )
            self.related.add(node.id)
            return
        if name == "date":
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                raise ExpressionError("expression-arguments", "date() takes 'YYYY-MM-DD'")
            try:
                dt.date.fromisoformat(node.value)
            except ValueError:
                raise ExpressionError(
                    "expression-arguments", f"date('{node.value}') is not a date: write YYYY-MM-DD"
                ) from None
            return
        kind = self.check(node, depth)
        if not (wanted == ANY or kind in _COMPARABLE.get(wanted, {wanted})):
            raise ExpressionError(
                "expression-arguments",
                f"argument {position} of {name}() must be a {wanted}, not a {kind}",
            )

    # -- helpers

    def _expect(self, node: ast.expr, wanted: str, depth: int, why: str) -> None:
        kind = self.check(node, depth)
        if kind != wanted:
            raise ExpressionError("expression-type", f"{why}; got a {kind}")

    def _check_codes(self, column_node: ast.expr, value_node: ast.expr) -> None:
        """A code compared with fixed text must be one of the column's allowed codes."""
        allowed: list[str] | None = None
        label = ""
        if isinstance(column_node, ast.Name):
            allowed = self.scope.codes.get(column_node.id)
            label = column_node.id
        elif isinstance(column_node, ast.Attribute) and isinstance(column_node.value, ast.Name):
            allowed = self.scope.related_codes.get(column_node.value.id, {}).get(column_node.attr)
            label = f"{column_node.value.id}.{column_node.attr}"
        if not allowed:
            return
        values: list[object] = []
        if isinstance(value_node, ast.Constant):
            values = [value_node.value]
        elif isinstance(value_node, ast.List | ast.Tuple):
            values = [item.value for item in value_node.elts if isinstance(item, ast.Constant)]
        for value in values:
            if isinstance(value, str) and value not in allowed:
                raise ExpressionError(
                    "unknown-code",
                    f"'{value}' is not a code of {label}{_suggest(value, allowed)}; "
                    f"allowed: {', '.join(allowed)}",
                )
