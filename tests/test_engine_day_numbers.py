"""The period masks read from shared day numbers equal the general path's, for every national
and sample indicator whose period rule reads plain date columns, on random dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from pm.calendar.periods import parse_period
from pm.definitions.compiled import compile_indicator
from pm.definitions.vocab import PeriodRule
from pm.engine import day_numbers
from pm.engine.evaluate import Context
from pm.engine.in_period import general_period_mask, mask_from_day_numbers
from pm.engine.records import parameter_values
from tests.engine_helpers import definitions

PERIODS = ["2019-20", "2023-24", "2024-25"]
RULES = (PeriodRule.in_year, PeriodRule.snapshot, PeriodRule.overlapping)


def _random_dates(rng: np.random.Generator, size: int) -> np.ndarray:
    """Dates around the periods, some long before 1970, some with a time of day, some empty,
    and the periods' first and last days themselves (the edges of "in the year")."""
    days = rng.integers(-30_000, 21_000, size=size)
    edges = [day_numbers.day_number(parse_period(p).start) for p in PERIODS]
    edges += [day_numbers.day_number(parse_period(p).end) for p in PERIODS]
    around = np.concatenate([np.array(edges) + step for step in (-1, 0, 1)])
    days[: len(around)] = around
    seconds = days * 86400 + np.where(rng.random(size) < 0.2, rng.integers(0, 86400, size), 0)
    values = seconds.astype("datetime64[s]")
    values[rng.random(size) < 0.15] = np.datetime64("NaT")
    return values


def _cases() -> list[str]:
    defs = definitions()
    return sorted(i.id for i in defs.indicators.values() if i.period.rule in RULES)


@pytest.mark.parametrize("indicator_id", _cases())
def test_mask_from_day_numbers_equals_the_general_mask(indicator_id: str) -> None:
    defs = definitions()
    indicator = defs.indicators[indicator_id]
    compiled = compile_indicator(indicator, defs)
    spec = defs.datasets[indicator.dataset]
    rng = np.random.default_rng(sum(map(ord, indicator_id)))
    size = 3000
    frame = pd.DataFrame(
        {
            column.name: pd.Series(_random_dates(rng, size))
            for column in spec.columns
            if column.type.value in ("date", "datetime")
        }
    )
    checked = 0
    for label in PERIODS:
        context = Context(
            frame=frame, period=parse_period(label), parameters=parameter_values(indicator)
        )
        fast = mask_from_day_numbers(compiled, frame, context)
        if fast is None:
            continue  # this rule needs the general path: nothing to compare
        general = general_period_mask(compiled, frame, context).to_numpy(dtype=bool)
        assert np.array_equal(fast, general), label
        assert 0 < fast.sum() < size  # the random dates fall both in and out of the period
        checked += 1
    assert checked or indicator.period.rule is PeriodRule.in_year, indicator_id


def test_day_numbers_by_hand() -> None:
    frame = pd.DataFrame(
        {
            "d": pd.Series(
                np.array(
                    ["1970-01-01", "1969-12-31T23:59:59", "1899-12-31", "NaT", "2025-03-31T08:00"],
                    dtype="datetime64[s]",
                )
            )
        }
    )
    found = day_numbers.column_days(frame, "d")
    assert found is not None
    # 1899-12-31 is 25,568 days before 1970-01-01 (70 years of which 17 leap years: 1904..1968)
    assert found.tolist() == [0, -1, -(70 * 365 + 17) - 1, int(day_numbers.MISSING), 20178]
    assert (dt.date(2025, 3, 31) - dt.date(1970, 1, 1)).days == 20178
    assert day_numbers.column_days(frame, "absent") is None
    zoned = pd.DataFrame({"d": pd.Series(pd.to_datetime(["2025-01-01"]).tz_localize("UTC"))})
    assert day_numbers.column_days(zoned, "d") is None


def test_period_labels_are_the_positions_of_a_numbered_frame() -> None:
    from pm.engine.in_period import _labels_of

    rows = np.array([1, 2, 4, 7])
    numbered = _labels_of(pd.RangeIndex(9), rows)
    assert numbered.tolist() == [1, 2, 4, 7] and numbered.dtype == np.int64
    assert np.shares_memory(numbered.to_numpy(), rows)  # no second array of labels
    # any other index is looked up, label by label
    assert _labels_of(pd.RangeIndex(10, 28, 2), rows).tolist() == [12, 14, 18, 24]
    assert _labels_of(pd.Index(list("abcdefgh")), rows).tolist() == ["b", "c", "e", "h"]
