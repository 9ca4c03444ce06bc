"""Comparison layer: targets and bands, direction of travel, benchmarks, rank and quartiles.

`compare(results, definitions, options)` takes a results table from `pm compute` and adds
the columns in `COMPARE_COLUMNS`; `pm compute --compare` and `pm compare` both call it.
Imported lazily, so that checking a targets file (`pm validate`) does not load pandas.
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMPARE_COLUMNS", "CompareOptions", "compare"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        import importlib

        return getattr(importlib.import_module("pm.comparison.comparison"), name)
    raise AttributeError(name)
