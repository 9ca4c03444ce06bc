"""Comparison layer: targets and bands, direction of travel, benchmarks, rank and quartiles.

`compare(results, definitions, options)` takes a results table from `pm compute` and adds
the columns in `COMPARE_COLUMNS`; `pm compute --compare` and `pm compare` both call it.
"""

from pm.compare.compare import COMPARE_COLUMNS, CompareOptions, compare

__all__ = ["COMPARE_COLUMNS", "CompareOptions", "compare"]
