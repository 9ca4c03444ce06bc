"""`Scope`: the names a rule may use and their kinds, apart from the parser so that the
checks of fixed numbers (read by the parser) can name it without importing the parser."""

from __future__ import annotations

from dataclasses import dataclass, field


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
