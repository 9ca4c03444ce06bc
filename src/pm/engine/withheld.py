"""The one rule for what a publishing output withholds: disclosure control fails closed.

A row of a results table is withheld when any signal says so: its `suppressed` flag is
true, its `status` starts with `suppressed`, or one of its counts is under the threshold of
its indicator's disclosure rules (the same rules `compute` applies, with the indicator's
overrides). A flag that was lost or edited cannot publish a figure the other signals hide.
`pm compute --for-publication`, `pm compare`, `pm report` and `pm plan` all ask this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from pm.definitions.vocab import IndicatorType, MeasureKind
from pm.engine.disclosure import DisclosureRules, primary_suppression
from pm.engine.schema import OWN_FIGURES

if TYPE_CHECKING:
    from pm.definitions.definition_set import DefinitionSet
    from pm.definitions.models import Indicator

BoolArray = npt.NDArray[np.bool_]

# A row's own figures: emptied in a publishing output when the row is withheld.
FIGURES = tuple(OWN_FIGURES)


def disclosure_rules(indicator: Indicator) -> DisclosureRules:
    """The thresholds `compute` applies to this indicator (the defaults and its overrides)."""
    from pm.engine.compute import _rules_for

    return _rules_for(indicator, DisclosureRules())


def _numbers(table: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    if column not in table.columns:
        return np.full(len(table), np.nan)
    return pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def flagged(table: pd.DataFrame) -> BoolArray:
    """Rows whose `suppressed` flag is true (a missing or blank flag is not true)."""
    if "suppressed" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    return np.array([_true(value) for value in table["suppressed"]], dtype=bool)


def _true(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    return str(value).strip().lower() in ("true", "1", "yes", "y", "t")


def status_says_suppressed(table: pd.DataFrame) -> BoolArray:
    if "status" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    status = table["status"].astype(object).where(table["status"].notna(), "")
    return np.array([str(s).strip().lower().startswith("suppressed") for s in status], dtype=bool)


def under_threshold(table: pd.DataFrame, definitions: DefinitionSet | None) -> BoolArray:
    """Rows with a count the indicator's disclosure rules would hide (1 to 4 by default).
    Missing counts never flag; rows of indicators pm does not define are not judged."""
    small = np.zeros(len(table), dtype=bool)
    if definitions is None or "indicator" not in table.columns or table.empty:
        return small
    numerator = _numbers(table, "numerator")
    denominator = _numbers(table, "denominator")
    records = _numbers(table, "records")
    ids = table["indicator"].astype(str).to_numpy()
    for indicator_id in pd.unique(ids):
        indicator = definitions.indicators.get(indicator_id)
        if indicator is None:
            continue
        rows = ids == indicator_id
        kind = "ratio" if indicator.type is IndicatorType.ratio else indicator.type.value
        hidden, _ = primary_suppression(
            kind,
            numerator[rows],
            None if indicator.type is IndicatorType.median else denominator[rows],
            n_records=records[rows],
            rules=disclosure_rules(indicator),
            is_survey=indicator.kind is MeasureKind.qualitative,
        )
        small[rows] = hidden
    return small


def withheld(table: pd.DataFrame, definitions: DefinitionSet | None = None) -> BoolArray:
    """Rows a publishing output must not show: any signal is enough."""
    return flagged(table) | status_says_suppressed(table) | under_threshold(table, definitions)


def publishable(table: pd.DataFrame, definitions: DefinitionSet | None = None) -> pd.DataFrame:
    """The table with the figures of withheld rows left empty (flags and status kept)."""
    hidden = withheld(table, definitions)
    table = table.copy()
    for column in FIGURES:
        if column in table.columns:
            table[column] = table[column].where(~hidden)
    return table
