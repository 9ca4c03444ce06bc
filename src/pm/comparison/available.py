"""Which figures a comparison may use, and which councils a benchmark can count on.

A figure is used (banded, compared, ranked, taken as a previous value or into a trend) only
when it is shown (not suppressed, not an error or `no_data`) and covers its period in full:
a period the extracts only partly cover (`coverage` = `partial`) is kept for analysts but
never compared. A benchmark among councils (the Wales figure, a comparator group, ranks and
quartiles) needs every council it is made of to be *accounted for*: covered in full by the
extracts (a figure, or a true `no_data`), or imported from published figures. A council that
is simply not in the extracts is not a zero and not a lower rank: it is unknown, and so is
any benchmark that would need it.

Results files written before pm recorded coverage have no `coverage` column: their figures
are used as before, and a council counts as accounted for where it has a figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from pm.definitions.loader import DefinitionSet

FULL, PARTIAL, NONE = "full", "partial", "none"
UNKNOWN = ""  # no coverage column (an older results file) or an imported row
GROUP = ["indicator", "period", "breakdown"]


def coverage_of(table: pd.DataFrame) -> np.ndarray:
    """Each row's coverage word, or '' where the table does not say."""
    if "coverage" not in table.columns:
        return np.full(len(table), UNKNOWN, dtype=object)
    words = table["coverage"].astype(object).where(table["coverage"].notna(), UNKNOWN)
    return words.astype(str).str.strip().str.lower().to_numpy(dtype=object)


def source_of(table: pd.DataFrame) -> np.ndarray:
    if "source" not in table.columns:
        return np.full(len(table), "computed", dtype=object)
    return table["source"].fillna("computed").astype(str).to_numpy(dtype=object)


def usable(table: pd.DataFrame, definitions: DefinitionSet) -> np.ndarray:
    """Rows whose value may be used: a value, not withheld (the one rule of
    pm.engine.withheld), not an error or `no_data`, and not a period the extracts cover only
    partly (or not at all)."""
    from pm.engine.withheld import withheld

    suppressed = withheld(table, definitions)
    status = table["status"].fillna("").astype(str)
    bad = status.str.startswith("error").to_numpy() | (status == "no_data").to_numpy()
    covered = ~np.isin(coverage_of(table), [PARTIAL, NONE])
    return ~suppressed & ~bad & covered & table["value"].notna().to_numpy()


def accounted(table: pd.DataFrame, councils: set[str]) -> np.ndarray:
    """Council rows whose figure, or its true absence, is known: covered in full by the
    extracts, imported from published figures, or (older results without coverage) a row
    that has a figure."""
    coverage = coverage_of(table)
    source = source_of(table)
    status = table["status"].fillna("").astype(str).to_numpy(dtype=object)
    is_council = table["area"].isin(councils).to_numpy()
    known = (
        (coverage == FULL)
        | (source == "imported")
        | ((coverage == UNKNOWN) & (source == "computed") & (status != "no_data"))
    )
    return is_council & known


def complete_groups(table: pd.DataFrame, councils: set[str]) -> np.ndarray:
    """For each row: whether every council of its indicator, period and breakdown is
    accounted for, so that a benchmark among councils may be made from the table."""
    counted = accounted(table, councils)
    if not len(table) or not councils:
        return np.zeros(len(table), dtype=bool)
    areas = table["area"].astype(object).where(counted)
    keys = table[GROUP].astype(str).assign(_area=areas.to_numpy(dtype=object))
    totals = keys.groupby(GROUP, sort=False, dropna=False)["_area"].transform("nunique")
    return totals.to_numpy() >= len(councils)


def councils_covered(table: pd.DataFrame, councils: set[str]) -> int:
    """How many councils the extracts cover in full for at least one figure of the table."""
    from_extracts = (coverage_of(table) == FULL) & table["area"].isin(councils).to_numpy()
    return int(table.loc[from_extracts, "area"].nunique())
