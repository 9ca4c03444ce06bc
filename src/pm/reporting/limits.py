"""Limits on what a report template may make pm do, so that a template's mistake (or a
hostile one) ends in one clear error instead of filling the memory or running for ever.

Jinja's sandbox already keeps templates away from Python's internals; this adds budgets:
the size of the report, of any one text or list a template builds (repetition `*`,
concatenation `+` and `~`, filters, string methods), the number of loop steps and calls, and
the time. Loops are counted by rewriting each `{% for %}` to step through a counting
iterator (`LimitedSandbox.code_generator_class`), so even an empty loop is stopped.
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment


@dataclass(frozen=True)
class Limits:
    """How far one report may go; far beyond what the shipped templates need (the largest
    shipped report is under 2 MB and takes well under a minute)."""

    output_chars: int = 50_000_000  # the whole report
    text_chars: int = 5_000_000  # any one text or list a template builds
    loop_steps: int = 2_000_000  # every step of every loop, added up
    calls: int = 1_000_000  # macro, method and function calls, added up
    seconds: float = 300.0
    width: int = 10_000  # padding, indentation or a field width asked for
    range_items: int = 100_000  # range(n)
    number_bits: int = 100_000  # whole numbers made by * and **


class TemplateLimit(Exception):
    """A template went beyond one of the `Limits`; the message says which, in words."""


_WIDTH_FILTERS = {"center": 1, "indent": 1, "wordwrap": 1, "truncate": 1}  # argument position
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_PRINTF_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


class Budget:
    """The counters of one rendering."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0
        self.calls = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(
                f"the report took longer than {self.limits.seconds:g} seconds to make; "
                "a loop in the template may never end"
            )

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.limits.loop_steps:
            raise TemplateLimit(
                f"the template's loops ran more than {self.limits.loop_steps:,} steps in all; "
                "loop over the measures and councils, not over large ranges"
            )
        if self.steps % 1024 == 0:
            self.check_time()

    def call(self) -> None:
        self.calls += 1
        if self.calls > self.limits.calls:
            raise TemplateLimit(
                f"the template made more than {self.limits.calls:,} calls; a macro may call "
                "itself without end"
            )
        if self.calls % 256 == 0:
            self.check_time()

    def size(self, value: Any, what: str = "a text") -> Any:
        """`value` itself, if it is not too large a text or list."""
        if isinstance(value, str | list | tuple) and len(value) > self.limits.text_chars:
            raise TemplateLimit(
                f"the template made {what} of {len(value):,} characters or items; at most "
                f"{self.limits.text_chars:,} are allowed"
            )
        return value

    def planned(self, length: float, what: str) -> None:
        """Refuse before building a text or list of `length` characters or items."""
        if length > self.limits.text_chars:
            raise TemplateLimit(
                f"the template asked for {what} of {_count(length)} characters or items; at "
                f"most {self.limits.text_chars:,} are allowed"
            )

    def width(self, value: Any, what: str) -> None:
        if isinstance(value, int | float) and abs(value) > self.limits.width:
            raise TemplateLimit(
                f"the template asked for {what} of {_count(value)}; at most "
                f"{self.limits.width:,} are allowed"
            )

    def loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.step()
            yield item


def _count(value: float) -> str:
    return f"{value:,.0f}" if abs(value) < 1e18 else f"{value:.3g}"


class _CountedLoops(CodeGenerator):
    """Compiles every `{% for %}` to step through `Budget.loop` (as if the template had
    written `for x in pm_loop(items)`), and every `~` join to a size check, so that empty or
    string-building loops are stopped too."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not node.recursive and not _counted(node.iter):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute(_LOOP), [node.iter], [], None, None
            ).set_lineno(node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.pm_budget.size(")
        super().visit_Concat(node, frame)
        self.write(")")


_LOOP = "pm_loop"


def _counted(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.EnvironmentAttribute)
        and node.node.name == _LOOP
    )


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with a `Budget` on loops, calls, sizes and time."""

    code_generator_class = _CountedLoops
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, limits: Limits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pm_budget = Budget(limits or Limits())
        self.pm_loop = self.pm_budget.loop
        self.globals["range"] = self._range

    def finish_filters(self) -> None:
        """Put a size check around every filter (call once all filters are registered)."""
        for name, function in list(self.filters.items()):
            self.filters[name] = _checked_filter(name, function, self.pm_budget)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.pm_budget.limits.range_items:
            raise TemplateLimit(
                f"range() of {len(numbers):,} numbers; at most "
                f"{self.pm_budget.limits.range_items:,} are allowed"
            )
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = self.pm_budget
        if operator == "*":
            _check_repeat(budget, left, right)
        elif operator == "**":
            _check_power(budget, left, right)
        elif operator == "+" and isinstance(left, Sized) and isinstance(right, Sized):
            budget.planned(len(left) + len(right), "a joined text or list")
        elif operator == "%" and isinstance(left, str):
            _check_printf(budget, left, right)
        return budget.size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = __self.pm_budget
        budget.call()
        _check_method(budget, __obj, args, kwargs)
        return budget.size(super().call(__context, __obj, *args, **kwargs))


def _check_repeat(budget: Budget, left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, Sized) and isinstance(times, int) and not isinstance(times, bool):
            budget.planned(len(sequence) * max(times, 0), "a repeated text or list")
    if isinstance(left, int) and isinstance(right, int):
        _check_bits(budget, left.bit_length() + right.bit_length())


def _check_power(budget: Budget, base: Any, exponent: Any) -> None:
    if isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0:
        _check_bits(budget, exponent * math.log2(abs(base)))


def _check_bits(budget: Budget, bits: float) -> None:
    if bits > budget.limits.number_bits:
        raise TemplateLimit(
            f"the template asked for a number of about {_count(bits * 0.30103)} digits; "
            "reports show numbers, not astronomy"
        )


def _check_printf(budget: Budget, text: str, arguments: Any) -> None:
    """'%10000000d' % 1 builds ten million characters: widths are checked first."""
    for width, precision in _PRINTF_WIDTH.findall(text):
        for part in (width, precision):
            if part.isdigit():
                budget.width(int(part), "a field width")
    if "*" in text:
        values = arguments if isinstance(arguments, tuple) else (arguments,)
        for value in values:
            budget.width(value, "a field width")


def _check_format(budget: Budget, text: str, args: tuple[Any, ...], kwargs: dict) -> None:
    for spec in _FORMAT_SPEC.findall(text):
        for digits in re.findall(r"\d+", spec):
            budget.width(int(digits), "a field width")
        if "{" in spec:  # a width given as an argument
            for value in (*args, *kwargs.values()):
                budget.width(value, "a field width")


def _check_method(budget: Budget, function: Any, args: tuple[Any, ...], kwargs: dict) -> None:
    """Widths and sizes asked of text methods, before they build anything."""
    method = getattr(function, "__wrapped__", function)  # the sandbox wraps str.format
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS:
        for value in (*args, *kwargs.values()):
            budget.width(value, "a text width")
    elif name in ("format", "format_map"):
        _check_format(budget, owner, args, kwargs)
    elif name == "replace" and len(args) >= 2:
        _check_replace(budget, owner, args[0], args[1])
    elif name == "join" and args:
        _check_join(budget, owner, args[0])


def _check_replace(budget: Budget, text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        found = text.count(old) if old else len(text) + 1
        budget.planned(len(text) + found * max(len(new) - len(old), 0), "a replaced text")


def _check_join(budget: Budget, separator: Any, items: Any) -> None:
    if isinstance(items, list | tuple):
        total = sum(len(item) for item in items if isinstance(item, str))
        budget.planned(total + len(str(separator)) * len(items), "a joined text")


def _checked_filter(name: str, function: Callable[..., Any], budget: Budget) -> Callable[..., Any]:
    """`function` with its arguments checked first and its result's size after."""
    position = _WIDTH_FILTERS.get(name)

    @functools.wraps(function)  # keeps Jinja's pass_context / pass_environment marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        budget.call()
        values = [a for a in args if not isinstance(a, Context | EvalContext | Environment)]
        if position is not None:
            for value in (*values[position:], *kwargs.values()):
                budget.width(value, f"a width for the {name} filter")
        if name == "format" and values and isinstance(values[0], str):
            _check_printf(budget, values[0], tuple(values[1:]))
        if name == "replace" and len(values) >= 3:
            _check_replace(budget, values[0], values[1], values[2])
        if name == "join" and values:
            items = values[0]
            if isinstance(items, Iterable) and not isinstance(items, str | list | tuple):
                items = budget.size(list(items), "a list to join")
            separator = values[1] if len(values) > 1 else kwargs.get("d", "")
            _check_join(budget, separator, items)
            args = (*args[: len(args) - len(values)], items, *values[1:])
        if name == "slice" and len(values) >= 2:
            budget.width(values[1], "a number of slices")
        return budget.size(function(*args, **kwargs))

    return checked
