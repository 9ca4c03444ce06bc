"""`Scope`: the names a rule may use and their kinds (a dataset's columns, the definition's
parameters, related records), built from the definitions. Apart from the parser, so that the
checks of fixed numbers (read by the parser) can name it without importing the parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from pm.definitions import functions as fn
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.vocab import ColumnType

KIND_OF_TYPE: dict[ColumnType, str] = {
    ColumnType.identifier: fn.TEXT,
    ColumnType.code: fn.TEXT,
    ColumnType.text: fn.TEXT,
    ColumnType.year_label: fn.TEXT,
    ColumnType.date: fn.DATE,
    ColumnType.datetime: fn.DATETIME,
    ColumnType.integer: fn.NUMBER,
    ColumnType.number: fn.NUMBER,
    ColumnType.boolean: fn.BOOLEAN,
}


@dataclass
class Scope:
    """What names an expression may use, and their kinds."""

    columns: dict[str, str]
    dataset: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    related: dict[str, dict[str, str]] = field(default_factory=dict)
    related_columns_allowed: frozenset[str] = frozenset()
    codes: dict[str, list[str]] = field(default_factory=dict)
    related_codes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    parameter_values: dict[str, float] = field(default_factory=dict)  # to check fixed numbers


def column_kinds(spec: DatasetSpec) -> dict[str, str]:
    return {column.name: KIND_OF_TYPE[column.type] for column in spec.columns}


def column_codes(spec: DatasetSpec, definitions: DefinitionSet) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = {}
    for column in spec.columns:
        if column.codes:
            codes[column.name] = list(column.codes)
        elif column.codes_from == "councils" and definitions.reference.councils:
            codes[column.name] = definitions.reference.council_codes
        elif column.codes_from == "survey_questions" and definitions.reference.survey_questions:
            codes[column.name] = [q.code for q in definitions.reference.survey_questions]
    return codes


def build_scope(
    indicator: Indicator, definitions: DefinitionSet, *, match_of: str | None = None
) -> Scope | None:
    """The names a rule of `indicator` may use; None when its dataset is unknown."""
    spec = definitions.datasets.get(indicator.dataset)
    if spec is None:
        return None
    related: dict[str, dict[str, str]] = {}
    related_codes: dict[str, dict[str, list[str]]] = {}
    for item in indicator.related:
        other = definitions.datasets.get(item.dataset)
        if other is not None:
            related[item.name] = column_kinds(other)
            related_codes[item.name] = column_codes(other, definitions)
    return Scope(
        columns=column_kinds(spec),
        dataset=spec.dataset,
        parameters={name: fn.NUMBER for name in indicator.parameters},
        parameter_values={name: p.value for name, p in indicator.parameters.items()},
        related=related,
        related_columns_allowed=frozenset({match_of}) if match_of else frozenset(),
        codes=column_codes(spec, definitions),
        related_codes=related_codes,
    )


def denominator_scope(
    indicator: Indicator, other: DatasetSpec, definitions: DefinitionSet
) -> Scope:
    """The names a denominator's `where` rule may use: the other dataset's columns."""
    return Scope(
        columns=column_kinds(other),
        dataset=other.dataset,
        parameters={name: fn.NUMBER for name in indicator.parameters},
        parameter_values={name: p.value for name, p in indicator.parameters.items()},
        codes=column_codes(other, definitions),
    )
