"""The calendar layer: reporting periods, working days and date arithmetic (contract §2, §4).

Nothing heavy happens on import: the names below are loaded on first use, so reading a
``--period`` option does not import pandas, and bank holidays are computed only when a working
day is first counted.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pm.calendar.dates import (
        add_months,
        add_months_to_date,
        age_at,
        days_between,
        hours_between,
        in_range,
        months_between,
        open_on,
        overlaps,
    )
    from pm.calendar.periods import (
        Grain,
        Period,
        financial_year_label,
        financial_year_start_years,
        month_period,
        months_of_year,
        parse_period,
        parse_year_range,
        previous_period,
        quarter_period,
        quarters_of_year,
        year_period,
    )
    from pm.calendar.working_days import (
        add_working_days,
        bank_holidays,
        is_working_day,
        working_days_between,
        working_days_between_dates,
    )

__all__ = [
    "Grain",
    "Period",
    "add_months",
    "add_months_to_date",
    "add_working_days",
    "age_at",
    "bank_holidays",
    "days_between",
    "financial_year_label",
    "financial_year_start_years",
    "hours_between",
    "in_range",
    "is_working_day",
    "month_period",
    "months_between",
    "months_of_year",
    "open_on",
    "overlaps",
    "parse_period",
    "parse_year_range",
    "previous_period",
    "quarter_period",
    "quarters_of_year",
    "working_days_between",
    "working_days_between_dates",
    "year_period",
]

# Periods first: they need neither pandas nor numpy, so reading a --period option stays quick.
_SUBMODULES = ("periods", "dates", "working_days")


def __getattr__(name: str) -> Any:
    if name in __all__:
        for submodule in _SUBMODULES:
            module = importlib.import_module(f"pm.calendar.{submodule}")
            if name in module.__all__:
                globals()[name] = value = getattr(module, name)
                return value
    raise AttributeError(f"module 'pm.calendar' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
