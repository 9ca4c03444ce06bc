"""Checks that need more than one file: datasets, columns, reference lists, expressions.

Each rule looks after one concern and yields problems; `check_definitions` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pm.definitions import expressions as ex
from pm.definitions import fixed_numbers as fixed
from pm.definitions.compiled import CompiledRule, compile_indicator
from pm.definitions.definition_set import DefinitionSet, Source
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.problems import Problem
from pm.definitions.scope import (  # noqa: F401  (kept importable from here)
    KIND_OF_TYPE,
    build_scope,
    column_codes,
    column_kinds,
    denominator_scope,
)
from pm.definitions.vocab import CountUnit, IndicatorType, Polarity, Status

Rule = Callable[[Indicator, Source, DefinitionSet], Iterator[Problem]]


def _expression_problem(source: Source, rule: CompiledRule) -> Iterator[Problem]:
    line = source.line_of(*rule.where)
    if rule.error is not None:
        yield Problem(source.shown, line, rule.error.code, rule.error.message)
        return
    assert rule.expression is not None
    kind, wanted = rule.expression.kind, rule.wanted
    if wanted is not None and kind != wanted and not (wanted == ex.DATE and kind == ex.DATETIME):
        yield Problem(
            source.shown,
            line,
            "expression-type",
            f"this rule must give a {wanted}, but '{rule.text}' gives a {kind}",
        )


# ------------------------------------------------------------------------------- rules


def rule_identity(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    if Path(source.path).stem != indicator.id:
        yield Problem(
            source.shown,
            source.line_of("id"),
            "id-mismatch",
            f"the id '{indicator.id}' differs from the file name '{source.path.name}': "
            f"rename the file to {indicator.id}.yaml or change the id",
        )
    known = [f.id for f in definitions.reference.frameworks]
    if known and indicator.framework not in known:
        yield Problem(
            source.shown,
            source.line_of("framework"),
            "unknown-framework",
            f"'{indicator.framework}' is not a framework; use one of {', '.join(known)}",
        )
    yield from _successor_problems(indicator, source, definitions)


def _successor_problems(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    """A successor is a measure pm holds, of a framework that came later."""
    from pm.definitions.lookup import find_indicator_id

    for successor in indicator.successors:
        found = find_indicator_id(definitions.indicators, successor.id)
        if found is None:
            yield Problem(
                source.shown,
                source.line_of("successors"),
                "unknown-successor",
                f"the successor '{successor.id}' is not a measure pm holds: give the id or "
                "code of a definition under indicators/",
            )
        elif found == indicator.id:
            yield Problem(
                source.shown,
                source.line_of("successors"),
                "unknown-successor",
                f"'{indicator.id}' names itself as its successor",
            )


def rule_links(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    reference = definitions.reference
    checks = [
        (
            "quality_standards",
            "unknown-quality-standard",
            [q.id for q in reference.quality_standards],
        ),
        ("aspects", "unknown-aspect", [a.id for a in reference.aspects]),
        ("national_outcomes", "unknown-outcome", [o.id for o in reference.national_outcomes]),
    ]
    for field_name, code, known in checks:
        if not known:
            continue
        for position, value in enumerate(getattr(indicator.links, field_name)):
            if value not in known:
                yield Problem(
                    source.shown,
                    source.line_of("links", field_name, position),
                    code,
                    f"'{value}' is not one of the {field_name.replace('_', ' ')}: use one of "
                    f"{', '.join(known)}",
                )


def rule_shape(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    """Fields that must go together for each type of indicator."""

    def problem(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(source.shown, source.line_of(*loc), "inconsistent-definition", message)

    kind = indicator.type
    if kind in (IndicatorType.percentage,) and (
        indicator.numerator is None or not indicator.numerator.rule
    ):
        yield problem(("numerator",), "a percentage needs 'numerator' with a 'rule'")
    if kind in (IndicatorType.mean, IndicatorType.median) and indicator.value is None:
        yield problem(("type",), f"a {kind.value} needs 'value': the quantity to average")
    if kind is IndicatorType.rate and indicator.multiplier is None:
        yield problem(("type",), "a rate needs 'multiplier', such as 1000 for 'per 1,000'")
    if indicator.denominator is not None and kind not in (IndicatorType.rate, IndicatorType.ratio):
        yield problem(
            ("denominator",), "only rates and ratios take a separate 'denominator' dataset"
        )
    if kind is IndicatorType.ratio and indicator.denominator is None:
        yield problem(("type",), "a ratio needs 'denominator'")
    if indicator.value is not None and kind not in (
        IndicatorType.mean,
        IndicatorType.median,
        IndicatorType.count,
    ):
        yield problem(
            ("value",), f"'value' applies to means, medians and counts, not a {kind.value}"
        )
    if indicator.polarity is Polarity.none and indicator.target is not None:
        yield problem(
            ("target",), "a contextual measure (polarity none) is never banded: remove 'target'"
        )
    if indicator.governance.provisional_items and indicator.governance.status not in (
        Status.provisional,
        Status.draft,
    ):
        yield problem(
            ("governance", "status"),
            "the definition lists provisional items, so its status must be 'provisional'",
        )
    for position, breakdown in enumerate(indicator.breakdowns):
        if breakdown.parts and kind is not IndicatorType.count:
            yield problem(
                ("breakdowns", position, "parts"),
                f"only a count has parts that add up to its total, not a {kind.value}: "
                "remove 'parts'",
            )
        if breakdown.part_codes and not breakdown.parts:
            yield problem(
                ("breakdowns", position, "part_codes"),
                "'part_codes' names the codes of parts: add 'parts: true' or remove them",
            )
    if indicator.counting.unit is CountUnit.person:
        spec = definitions.datasets.get(indicator.dataset)
        if spec is not None and not (indicator.counting.person or spec.person_id):
            yield problem(
                ("counting",),
                f"dataset '{spec.dataset}' has no person column: name one in 'person'",
            )


def rule_datasets(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    known = sorted(definitions.datasets)
    places: list[tuple[tuple[str | int, ...], str]] = [(("dataset",), indicator.dataset)]
    places += [(("related", i, "dataset"), r.dataset) for i, r in enumerate(indicator.related)]
    if indicator.denominator is not None:
        places.append((("denominator", "dataset"), indicator.denominator.dataset))
    for loc, name in places:
        if name not in definitions.datasets:
            yield Problem(
                source.shown,
                source.line_of(*loc),
                "unknown-dataset",
                f"'{name}' has no data-item specification; use one of {', '.join(known)}",
            )


def _column_problem(
    source: Source, loc: tuple[str | int, ...], name: str | None, spec: DatasetSpec | None
) -> Iterator[Problem]:
    if name is None or spec is None or spec.column(name) is not None:
        return
    yield Problem(
        source.shown,
        source.line_of(*loc),
        "unknown-column",
        f"'{name}' is not a column of dataset '{spec.dataset}'; its columns are "
        f"{', '.join(spec.column_names)}",
    )


def rule_expressions(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    """Every rule parses, checks and gives the kind its place needs (the compiled
    indicator's own problems), and every column named outside a rule exists."""
    compiled = compile_indicator(indicator, definitions)
    if compiled.scope is None:
        return
    for rule in compiled.rules.values():
        yield from _expression_problem(source, rule)
    spec = definitions.datasets[indicator.dataset]
    if indicator.period.column is not None:
        yield from _column_problem(source, ("period", "column"), indicator.period.column, spec)
    counting = indicator.counting
    yield from _column_problem(source, ("counting", "person"), counting.person, spec)
    yield from _column_problem(source, ("counting", "by"), counting.by, spec)
    for position, item in enumerate(indicator.related):
        other = definitions.datasets.get(item.dataset)
        yield from _column_problem(source, ("related", position, "key"), item.key, other)
        if other is not None and not (item.key or other.person_id):
            yield Problem(
                source.shown,
                source.line_of("related", position),
                "inconsistent-definition",
                f"dataset '{other.dataset}' has no person column: name the matching column in 'key'",
            )
    if indicator.denominator is not None:
        other = definitions.datasets.get(indicator.denominator.dataset)
        if other is not None:
            yield from _column_problem(
                source, ("denominator", "sum"), indicator.denominator.sum, other
            )


def rule_tests(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    from pm.calendar import parse_period
    from pm.errors import PmError

    usable = {indicator.dataset, *(r.dataset for r in indicator.related)}
    if indicator.denominator is not None:
        usable.add(indicator.denominator.dataset)
    for number, case in enumerate(indicator.tests):
        loc: tuple[str | int, ...] = ("tests", number)
        try:
            parse_period(case.period)
        except PmError as problem:
            yield Problem(source.shown, source.line_of(*loc, "period"), "test-case", str(problem))
        for name in case.parameters:
            if name not in indicator.parameters:
                yield Problem(
                    source.shown,
                    source.line_of(*loc, "parameters", name),
                    "unknown-parameter",
                    f"the test sets parameter '{name}', which the definition does not have",
                )
        for dataset, rows in case.data.items():
            spec = definitions.datasets.get(dataset)
            if dataset not in usable or spec is None:
                yield Problem(
                    source.shown,
                    source.line_of(*loc, "data", dataset),
                    "test-case",
                    f"the test gives rows for '{dataset}', which this indicator does not read; "
                    f"use {', '.join(sorted(usable))}",
                )
                continue
            for row_number, row in enumerate(rows):
                for column in row:
                    if spec.column(column) is None:
                        yield Problem(
                            source.shown,
                            source.line_of(*loc, "data", dataset, row_number, column),
                            "test-case",
                            f"'{column}' is not a column of dataset '{dataset}'",
                        )
        expect = case.expect
        if (
            expect.numerator is None
            and expect.denominator is None
            and expect.value is None
            and expect.status is None
        ):
            yield Problem(
                source.shown,
                source.line_of(*loc, "expect"),
                "test-case",
                "the test expects nothing: give the numerator and denominator worked out by hand",
            )


def rule_numbers(
    indicator: Indicator, source: Source, definitions: DefinitionSet
) -> Iterator[Problem]:
    """Parameters and the multiplier stay within the numbers rules may write, so that
    arithmetic on them is exact and a date moved by them stays on the calendar."""
    places: list[tuple[tuple[str | int, ...], float]] = [
        (("parameters", name, "value"), parameter.value)
        for name, parameter in indicator.parameters.items()
    ]
    if indicator.multiplier is not None:
        places.append((("multiplier",), indicator.multiplier))
    for number, case in enumerate(indicator.tests):
        places += [
            (("tests", number, "parameters", name), value)
            for name, value in case.parameters.items()
        ]
    for loc, value in places:
        if abs(value) > fixed.MAX_NUMBER:
            yield Problem(
                source.shown,
                source.line_of(*loc),
                "number-too-large",
                f"{fixed.shown_number(value)} is too large for pm to compute with: numbers in definitions go up "
                f"to {fixed.MAX_NUMBER:,}",
            )


RULES: list[Rule] = [
    rule_identity,
    rule_links,
    rule_shape,
    rule_datasets,
    rule_expressions,
    rule_tests,
    rule_numbers,
]


def check_definitions(definitions: DefinitionSet) -> list[Problem]:
    """Run every rule over every indicator that parsed."""
    found: list[Problem] = []
    for indicator_id, indicator in definitions.indicators.items():
        source = definitions.sources[indicator_id]
        for rule in RULES:
            found.extend(rule(indicator, source, definitions))
    return found
