"""A compiled indicator: every rule of a definition parsed and checked once, with its scope
and the names it reads, so that validation, compute and explain never parse the same text
again (a run compiles each indicator once, whatever its number of periods).

Each rule keeps where it is written (its path of keys in the YAML file), so that `pm
validate` can report a rule that does not parse at its line; the engine only ever runs
definitions that validated, and asking it for a rule that did not parse raises the rule's
own `ExpressionError`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from pm.definitions import expressions as ex
from pm.definitions.breakdowns import TEAM, breakdowns_of
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.expression_errors import ExpressionError
from pm.definitions.functions import FUNCTIONS
from pm.definitions.models import Indicator
from pm.definitions.scope import Scope, build_scope, denominator_scope

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class CompiledRule:
    """One rule: where it is written, its text, the kind it must give, and its checked
    expression (or the problem that stopped it)."""

    where: Where
    text: str
    wanted: str | None
    expression: ex.Expression | None
    error: ExpressionError | None
    names: frozenset[str] = frozenset()  # every plain name it mentions

    @property
    def tree(self) -> ast.Expression:
        if self.expression is None:
            assert self.error is not None
            raise self.error
        return self.expression.tree

    @property
    def columns(self) -> frozenset[str]:
        """The dataset's columns the rule reads."""
        return self.expression.columns if self.expression is not None else frozenset()

    def shown_calls(self) -> list[ast.Call]:
        """The calls of functions whose value `pm explain` shows, e.g. working_days(a, b)."""
        return [
            node
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FUNCTIONS
            and FUNCTIONS[node.func.id].shown
        ]


def compile_rule(where: Where, text: str, scope: Scope, wanted: str | None) -> CompiledRule:
    try:
        expression = ex.parse(text, scope)
    except ExpressionError as problem:
        return CompiledRule(where, text, wanted, None, problem)
    names = frozenset(node.id for node in ast.walk(expression.tree) if isinstance(node, ast.Name))
    return CompiledRule(where, text, wanted, expression, None, names)


@dataclass
class CompiledIndicator:
    """Every rule of one indicator, compiled against its dataset (`scope` is None, and there
    are no rules, when the dataset has no specification)."""

    indicator: Indicator
    scope: Scope | None
    rules: dict[Where, CompiledRule] = field(default_factory=dict)
    breakdowns: dict[str, CompiledRule] = field(default_factory=dict)  # by name, `team` too

    def rule(self, *where: str | int) -> CompiledRule:
        return self.rules[where]

    def period(self, name: str) -> CompiledRule:
        """The period rule's `date`, `start` or `end`."""
        return self.rules[("period", name)]

    @property
    def include(self) -> list[CompiledRule]:
        count = len(self.indicator.population.include)
        return [self.rules[("population", "include", n)] for n in range(count)]

    @property
    def exclude(self) -> list[CompiledRule]:
        count = len(self.indicator.population.exclude)
        return [self.rules[("population", "exclude", n, "when")] for n in range(count)]

    @property
    def numerator(self) -> CompiledRule | None:
        return self.rules.get(("numerator", "rule"))

    @property
    def value(self) -> CompiledRule | None:
        return self.rules.get(("value", "expression"))

    def related_match(self, name: str) -> CompiledRule | None:
        for position, item in enumerate(self.indicator.related):
            if item.name == name:
                return self.rules.get(("related", position, "match"))
        return None

    @property
    def denominator_where(self) -> CompiledRule | None:
        return self.rules.get(("denominator", "where"))


def compile_indicator(indicator: Indicator, definitions: DefinitionSet) -> CompiledIndicator:
    """Parse and check every rule of `indicator` once; problems are kept with their rule."""
    scope = build_scope(indicator, definitions)
    compiled = CompiledIndicator(indicator, scope)
    if scope is None:
        return compiled
    rules = compiled.rules

    def add(where: Where, text: str, wanted: str | None, against: Scope = scope) -> None:
        rules[where] = compile_rule(where, text, against, wanted)

    for name in ("date", "start", "end"):
        text = getattr(indicator.period, name)
        if text is not None:
            add(("period", name), text, ex.DATE)
    for position, text in enumerate(indicator.population.include):
        add(("population", "include", position), text, ex.BOOLEAN)
    for position, exclusion in enumerate(indicator.population.exclude):
        add(("population", "exclude", position, "when"), exclusion.when, ex.BOOLEAN)
    if indicator.numerator is not None and indicator.numerator.rule:
        add(("numerator", "rule"), indicator.numerator.rule, ex.BOOLEAN)
    if indicator.value is not None:
        add(("value", "expression"), indicator.value.expression, ex.NUMBER)
    for position, breakdown in enumerate(indicator.breakdowns):
        wanted = ex.NUMBER if breakdown.bands else None
        add(("breakdowns", position, "expression"), breakdown.expression, wanted)
        compiled.breakdowns[breakdown.name] = rules[("breakdowns", position, "expression")]
    for breakdown in breakdowns_of(indicator, definitions.datasets.get(indicator.dataset)):
        if breakdown.name not in compiled.breakdowns:  # the implicit `team` breakdown
            team = compile_rule((TEAM,), breakdown.expression, scope, None)
            compiled.breakdowns[breakdown.name] = team
    for position, item in enumerate(indicator.related):
        if item.match:
            match_scope = build_scope(indicator, definitions, match_of=item.name)
            assert match_scope is not None
            add(("related", position, "match"), item.match, ex.BOOLEAN, match_scope)
    denominator = indicator.denominator
    if denominator is not None and denominator.where:
        other = definitions.datasets.get(denominator.dataset)
        if other is not None:
            other_scope = denominator_scope(indicator, other, definitions)
            add(("denominator", "where"), denominator.where, ex.BOOLEAN, other_scope)
    return compiled
