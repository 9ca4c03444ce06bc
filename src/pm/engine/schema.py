"""The results table: every column pm writes, its kind, and what each step does with it.

`pm compute` writes the result columns; `pm compare` (and `pm compute --compare`) adds the
comparison columns after them, in this order. Reading a table back (`pm.results_io` for
compare and plan, `pm.reporting.results` for reports), writing it (`pm.outputs`) and
publishing it (`pm.engine.withheld`, `pm.reporting.results`) all take the columns from here,
so a new column is added once. The data contract (§5) and the README describe the same
columns in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# text: codes and words; count: numerators and denominators (whole numbers, unless a file
# holds sums with fractions); number: figures at full precision; whole: ranks and record
# counts; flag: true or false.
Kind = Literal["text", "count", "number", "whole", "flag"]
# What publishing does to the column of a withheld row: `figure`, the row's own figures;
# `derived`, figures and flags worked out from them; `word`, the words worked out from them.
Withheld = Literal["", "figure", "derived", "word"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    added_by: Literal["compute", "compare"]
    required: bool = False  # a results file read back (pm compare, pm plan) must have it
    withheld: Withheld = ""


COLUMNS: tuple[Column, ...] = (
    Column("indicator", "text", "compute", required=True),
    Column("period", "text", "compute", required=True),
    Column("area", "text", "compute", required=True),
    Column("area_name", "text", "compute"),
    Column("breakdown", "text", "compute", required=True),
    Column("numerator", "count", "compute", required=True, withheld="figure"),
    Column("denominator", "count", "compute", required=True, withheld="figure"),
    Column("value", "number", "compute", required=True, withheld="figure"),
    Column("lower_ci", "number", "compute", required=True, withheld="figure"),
    Column("upper_ci", "number", "compute", required=True, withheld="figure"),
    Column("unit", "text", "compute"),
    Column("records", "whole", "compute", withheld="figure"),
    Column("suppressed", "flag", "compute", required=True),
    Column("status", "text", "compute", required=True),
    # Not required: results written before pm recorded coverage are read as they are, their
    # figures used as before (see pm.comparison.available).
    Column("coverage", "text", "compute"),
    # Whether the measure was a national measure in force in the period (current), one whose
    # framework had ended (former: a local measure now), one computed for a year before its
    # framework began (earlier), or a council's own (local). Not required: older results lack it.
    Column("framework_status", "text", "compute"),
    Column("polarity", "text", "compare"),
    Column("target", "number", "compare"),
    Column("close_limit", "number", "compare"),
    Column("band", "text", "compare", withheld="word"),
    Column("previous_period", "text", "compare"),
    Column("previous_value", "number", "compare", withheld="derived"),
    Column("change", "number", "compare", withheld="derived"),
    Column("direction", "text", "compare", withheld="word"),
    Column("change_significant", "flag", "compare", withheld="derived"),
    Column("trend", "text", "compare", withheld="word"),
    Column("benchmark_area", "text", "compare"),
    Column("benchmark_value", "number", "compare"),
    Column("benchmark_comparison", "text", "compare", withheld="word"),
    Column("comparator_group", "text", "compare"),
    Column("comparator_value", "number", "compare"),
    Column("comparator_comparison", "text", "compare", withheld="word"),
    Column("rank", "whole", "compare", withheld="derived"),
    Column("rank_of", "whole", "compare"),
    Column("quartile", "whole", "compare", withheld="derived"),
    Column("lower_quartile", "number", "compare"),
    Column("upper_quartile", "number", "compare"),
    Column("quartile_band", "text", "compare", withheld="word"),
    Column("source", "text", "compare"),
)
BY_NAME = {column.name: column for column in COLUMNS}


def _names(**wanted: object) -> list[str]:
    return [
        column.name
        for column in COLUMNS
        if all(getattr(column, key) == value for key, value in wanted.items())
    ]


def _of_kinds(*kinds: Kind) -> list[str]:
    return [column.name for column in COLUMNS if column.kind in kinds]


KEY = ["indicator", "period", "area", "breakdown"]  # one figure per key
RESULT_COLUMNS = _names(added_by="compute")  # what pm compute writes, in order
COMPARE_COLUMNS = _names(added_by="compare")  # what pm compare adds after them, in order
REQUIRED = _names(required=True)
# A report needs less: the key, the counts, the value and the flag (pm.results_checks asks
# for the status too when the report is for publishing).
REQUIRED_TO_REPORT = [*KEY, "numerator", "denominator", "value", "suppressed"]

TEXT = _of_kinds("text")
COUNTS = _of_kinds("count")
WHOLE = _of_kinds("whole")
FLAGS = _of_kinds("flag")
FIGURES = _of_kinds("number")  # shown with the indicator's decimals
NUMBERS = _of_kinds("count", "number", "whole")

OWN_FIGURES = _names(withheld="figure")  # a withheld row's own figures
# Everything publishing empties in a withheld row, by how it is emptied.
WITHHELD_NUMBERS = [
    c.name for c in COLUMNS if c.withheld in ("figure", "derived") and c.name in NUMBERS
]
WITHHELD_FLAGS = [c.name for c in COLUMNS if c.withheld == "derived" and c.kind == "flag"]
WITHHELD_WORDS = _names(withheld="word")
