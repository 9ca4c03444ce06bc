"""What one run works out once and every indicator and period of it reuses: each
indicator's compiled rules, and the records each period rule places in each period.

A run (a `compute`, an `explain`, a definition's test case) makes one `Prepared` and drops
it at its end. Nothing is kept by the module: two runs in one process (a notebook computing
twice) never share state, and a run never keeps another run's extracts alive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pm.definitions.compiled import CompiledIndicator, compile_indicator
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator
from pm.engine.in_period import PeriodCache


@dataclass
class Prepared:
    """The compiled indicators and the period cache of one run."""

    definitions: DefinitionSet
    compiled: dict[str, CompiledIndicator] = field(default_factory=dict)
    periods: PeriodCache = field(default_factory=PeriodCache)

    def indicator(self, indicator: Indicator) -> CompiledIndicator:
        """`indicator` compiled, once per run (again only if the run is given another
        definition under the same id)."""
        found = self.compiled.get(indicator.id)
        if found is None or found.indicator is not indicator:
            found = compile_indicator(indicator, self.definitions)
            self.compiled[indicator.id] = found
        return found
