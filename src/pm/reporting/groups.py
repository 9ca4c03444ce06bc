"""The council's place within its comparator group, for the report.

The comparison layer gives the group's pooled value and the comparison with it; the rank
among the group's members is worked out here from the members' published values, by the
rule the comparison layer uses for all 22 councils (methods.md): values compared as shown
(rounded half up to the indicator's decimals), 1 = best by polarity, ties share the better
rank, withheld and missing figures left out. A rank needs the council's own figure and at
least one other member's: "1 of 1" says nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pm.reporting.formatting import rounded

if TYPE_CHECKING:
    from pm.reporting.measures import ResultIndex


def rank_in_group(
    index: ResultIndex,
    row: dict[str, Any],
    members: tuple[str, ...],
    polarity: str,
    decimals: int,
) -> tuple[int | None, int | None]:
    """(rank, members ranked) of `row`'s council within `members`, or (None, None)."""
    if polarity not in ("higher", "lower") or row["area"] not in members:
        return None, None
    values = {}
    for member in members:
        found = index.get(row["indicator"], row["period"], member, row["breakdown"])
        shown = rounded(found["value"], decimals) if found and not found["suppressed"] else None
        if shown is not None:
            values[member] = shown
    own = values.get(row["area"])
    if own is None or len(values) < 2:
        return None, None
    if polarity == "higher":
        better = sum(1 for value in values.values() if value > own)
    else:
        better = sum(1 for value in values.values() if value < own)
    return better + 1, len(values)
