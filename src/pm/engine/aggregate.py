"""From record roles to figures: numerators, denominators and values per council and
breakdown, plus the all-Wales row from summed numerators and denominators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pm.data.reader import Extracts
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.models import Indicator
from pm.definitions.reference import WALES
from pm.definitions.vocab import CountUnit, IndicatorType, PersonPick
from pm.engine import keys, statistics
from pm.engine.evaluate import Context, as_boolean, evaluate
from pm.engine.records import RecordSet

FIGURE_COLUMNS = [
    "area",
    "breakdown",
    "numerator",
    "denominator",
    "records",
    "sum_of_squares",
    "median",
]


def external_denominator(
    compiled: CompiledIndicator,
    extracts: Extracts,
    record_set: RecordSet,
    parameters: dict[str, float],
) -> pd.Series | None:
    """Per council, the summed denominator from another dataset (e.g. population aged 75+)."""
    spec = compiled.indicator.denominator
    if spec is None:
        return None
    dataset = extracts.datasets.get(spec.dataset)
    if dataset is None:
        return pd.Series(dtype="float64")
    frame = dataset.frame
    where = compiled.denominator_where
    if spec.where:
        assert where is not None, f"dataset {spec.dataset} has no specification"
        context = Context(frame=frame, period=record_set.period, parameters=parameters)
        keep = as_boolean(evaluate(where.tree, context), frame.index)
        if context.off_calendar:  # a date the calendar cannot hold: those councils' figures
            off = context.off_calendar.marked(len(frame))
            record_set.off_calendar |= {str(c) for c in frame["la_code"][off].dropna().unique()}
            record_set.off_calendar_everywhere |= context.off_calendar.everywhere
        frame = frame.loc[keep.fillna(False).to_numpy(dtype=bool)]
    return _exact_sums(frame[spec.sum], frame["la_code"])


def _exact_sums(values: pd.Series, groups: pd.Series | np.ndarray) -> pd.Series:
    """Per group, the sum of `values` as a float, or infinity where the sum is too large to
    be exact (`statistics.LARGEST_EXACT`): the figure then says so (`error:number_too_large`)
    rather than show a rounded sum, or a 64-bit integer sum that wrapped round to a negative
    number."""
    numbers = pd.Series(values.to_numpy(dtype="float64", na_value=np.nan), index=values.index)
    frame = pd.DataFrame({"group": groups, "value": numbers, "size": numbers.abs()})
    grouped = frame.groupby("group", sort=True, observed=True)
    sums = grouped["value"].sum()
    magnitude = grouped["size"].sum()
    return sums.mask(magnitude > statistics.LARGEST_EXACT, np.inf).astype("float64")


@dataclass
class _Units:
    """One entry per counted unit (record, or person), as arrays: council code (-1 where
    empty), breakdown label code, whether it meets the numerator, and its value."""

    area: np.ndarray
    label: np.ndarray
    meets: np.ndarray
    value: np.ndarray
    area_texts: list[str]
    label_texts: list[str]


def _first_valid(
    values: np.ndarray, valid: np.ndarray, starts: np.ndarray, empty: object
) -> np.ndarray:
    """Per group of consecutive entries (beginning at `starts`), the first valid value:
    what pandas' groupby `first` gives, which skips empty values."""
    positions = np.where(valid, np.arange(len(values)), len(values))
    first = np.minimum.reduceat(positions, starts)
    found = first < len(values)
    return np.where(found, values[np.minimum(first, len(values) - 1)], empty)


def _units(record_set: RecordSet, breakdown: str | None) -> _Units:
    """One entry per counted unit, in the order the figures add them up: records in their
    order, or people in the order of their council and id."""
    counted = record_set.counted
    councils = record_set.councils
    if breakdown:
        labels = record_set.labels[breakdown]
        label, label_texts = labels.codes[counted], labels.texts
    else:
        label, label_texts = np.zeros(int(counted.sum()), dtype=np.int64), [""]
    area = councils.codes[counted]
    meets = record_set.numerator.fillna(False).to_numpy(dtype=bool)[counted]
    value = record_set.value.to_numpy(dtype="float64", na_value=np.nan)[counted]
    counting = record_set.indicator.counting
    if (
        counting.unit is CountUnit.person
        and counting.pick is PersonPick.any
        and record_set.person is not None
    ):
        assert record_set.person_missing is not None
        known = ~record_set.person_missing[counted]  # a person without a key is not counted
        person = record_set.person[counted][known]
        order = keys.stable_order(person)
        area, label, meets, value = (a[known][order] for a in (area, label, meets, value))
        person = person[order]
        if len(person):
            starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
            area = _first_valid(area, area >= 0, starts, -1)
            label = _first_valid(label, label >= 0, starts, -1)
            value = _first_valid(value, ~np.isnan(value), starts, np.nan)
            meets = np.logical_or.reduceat(meets, starts)
    return _Units(area, label, meets, value, councils.texts, label_texts)


def figures(
    record_set: RecordSet, breakdown: str | None, denominators: pd.Series | None, areas: list[str]
) -> pd.DataFrame:
    """Numerator, denominator and helpers for every council (and label) and Wales.

    Worked out on arrays of council × label cells (councils outer, labels inner, both
    sorted): counts with `bincount`, sums and medians of values with pandas on integer
    group codes, in the order pandas grouped the units by their text before."""
    indicator = record_set.indicator
    units = _units(record_set, breakdown)
    present = units.area >= 0  # a unit without a council is in the Wales median only
    if breakdown:
        labels = sorted({units.label_texts[code] for code in np.unique(units.label[present])})
    else:
        labels = [""]
    slot = {text: n for n, text in enumerate(labels)}
    label_of = np.array([slot.get(t, -1) for t in units.label_texts] + [-1], dtype=np.int64)
    area_slot = pd.Index(areas, dtype=object).get_indexer(pd.Index(units.area_texts, dtype=object))
    area_of = np.r_[area_slot, -1].astype(np.int64)
    unit_label = label_of[units.label]
    unit_area = area_of[units.area]
    inside = (unit_area >= 0) & (unit_label >= 0)
    cells = Cells(len(areas), len(labels))
    group = unit_area[inside] * cells.labels + unit_label[inside]
    records = np.bincount(group, minlength=cells.size).astype("float64")
    meets = np.bincount(group, weights=units.meets[inside].astype("float64"), minlength=cells.size)
    sums = _value_sums(cells, group, units.value[inside], indicator.value is not None)
    numerator, denominator = _numerator_and_denominator(
        indicator, cells, records, meets, sums.total, denominators, areas, breakdown
    )
    wales = _wales_row(indicator.type, cells, records, numerator, denominator, sums)
    wales_median = _pooled_medians(units, unit_label, labels)
    area_texts = [a for a in areas for _ in labels] + [WALES] * len(labels)
    return pd.DataFrame(
        {
            "area": pd.array(area_texts, dtype="str"),
            "breakdown": pd.array(labels * len(areas) + labels, dtype="str"),
            "numerator": np.r_[numerator, wales["numerator"]],
            "denominator": np.r_[denominator, wales["denominator"]],
            "records": np.r_[records, wales["records"]],
            "sum_of_squares": np.r_[sums.sum_of_squares, wales["sum_of_squares"]],
            "median": np.r_[sums.median, wales_median],
        }
    )


@dataclass
class _Sums:
    """Per cell: the sum of the units' values, of their squares, and their median."""

    total: np.ndarray
    sum_of_squares: np.ndarray
    median: np.ndarray


def _value_sums(cells: Cells, group: np.ndarray, values: np.ndarray, has_values: bool) -> _Sums:
    """Sums and medians of values per cell (empty where the indicator has no value); a sum
    (or a value) too large to add up exactly is marked infinite: its figure becomes
    error:number_too_large instead of showing a rounded number."""
    total, sum_of_squares, median = (np.full(cells.size, np.nan) for _ in range(3))
    if has_values and len(group):
        frame = pd.DataFrame({"group": group, "value": values})
        frame["value_sq"] = frame["value"] ** 2
        frame["size"] = frame["value"].abs()
        grouped = frame.groupby("group", sort=True)
        found = grouped.size().index.to_numpy()
        total[found] = grouped["value"].sum(min_count=1).to_numpy(dtype="float64")
        sum_of_squares[found] = grouped["value_sq"].sum(min_count=1).to_numpy(dtype="float64")
        median[found] = grouped["value"].median().to_numpy(dtype="float64")
        limit = statistics.LARGEST_EXACT
        added = grouped["size"].sum().to_numpy(dtype="float64")
        biggest = grouped["size"].max().to_numpy(dtype="float64")
        total[found] = np.where(added > limit, np.inf, total[found])
        median[found] = np.where(biggest > limit, np.inf, median[found])
    return _Sums(total, sum_of_squares, median)


def _numerator_and_denominator(
    indicator: Indicator,
    cells: Cells,
    records: np.ndarray,
    meets: np.ndarray,
    total: np.ndarray,
    denominators: pd.Series | None,
    areas: list[str],
    breakdown: str | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per cell, the figure's numerator and denominator, as the indicator's type says."""
    kind = indicator.type
    no_values = np.full(cells.size, np.nan)
    if kind is IndicatorType.mean:
        return _zero_if_empty(total), records
    if kind is IndicatorType.median:
        return no_values, records
    if kind is IndicatorType.count:
        return (_zero_if_empty(total) if indicator.value else meets), no_values
    if denominators is not None:
        if breakdown:
            return meets, no_values
        per_council = (
            pd.Series(np.repeat(np.array(areas, dtype=object), cells.labels))
            .map(denominators)
            .astype("float64")
            .fillna(0.0)
            .to_numpy()
        )
        return meets, per_council
    return meets, records


def _wales_row(
    kind: IndicatorType,
    cells: Cells,
    records: np.ndarray,
    numerator: np.ndarray,
    denominator: np.ndarray,
    sums: _Sums,
) -> dict[str, np.ndarray]:
    """The Wales figures per label: the councils' records, numerators and denominators
    added up (none for a count's denominator or a median's numerator)."""
    wales = {
        name: cells.sum_over_areas(column)
        for name, column in (
            ("records", records),
            ("numerator", numerator),
            ("denominator", denominator),
            ("sum_of_squares", sums.sum_of_squares),
        )
    }
    wales["records"] = _zero_if_empty(wales["records"])
    if kind is IndicatorType.count:
        wales["denominator"] = np.full(cells.labels, np.nan)
    if kind is IndicatorType.median:
        wales["numerator"] = np.full(cells.labels, np.nan)
    return wales


def _zero_if_empty(values: np.ndarray) -> np.ndarray:
    """`fillna(0.0)`: empty becomes 0, everything else (infinities too) stays."""
    return np.where(np.isnan(values), 0.0, values)


@dataclass(frozen=True)
class Cells:
    """The council × label cells of a table, councils outer: cell = council * labels + label."""

    areas: int
    labels: int

    @property
    def size(self) -> int:
        return self.areas * self.labels

    def sum_over_areas(self, column: np.ndarray) -> np.ndarray:
        """Per label, the sum over councils, empty where no council has a value: what
        pandas' `groupby(label).sum(min_count=1)` gives. Whole numbers below 2**53 add up
        exactly in any order, so numpy adds them; other values go through pandas itself,
        whose compensated sum can differ from numpy's in the last digit."""
        grid = column.reshape(self.areas, self.labels)
        known = ~np.isnan(grid)
        whole = np.where(known, grid, 0.0)
        if np.all(whole == np.round(whole)) and np.abs(whole).sum() < 2.0**53:
            sums = whole.sum(axis=0) + 0.0  # never -0.0, as pandas never gives it
            return np.where(known.any(axis=0), sums, np.nan)
        labels = np.tile(np.arange(self.labels), self.areas)
        summed = pd.Series(column).groupby(labels, sort=True).sum(min_count=1)
        return summed.reindex(range(self.labels)).to_numpy(dtype="float64")


def _pooled_medians(units: _Units, unit_label: np.ndarray, labels: list[str]) -> np.ndarray:
    """The Wales median per label: of every unit's value, not a median of council medians."""
    pooled = np.full(len(labels), np.nan)
    if not len(units.value) or np.isnan(units.value).all():
        return pooled
    medians = pd.Series(units.value).groupby(unit_label, sort=True).median()
    biggest = pd.Series(np.abs(units.value)).groupby(unit_label, sort=True).max()
    medians = medians.mask(biggest > statistics.LARGEST_EXACT, np.inf)  # error:number_too_large
    medians = medians[medians.index >= 0]
    pooled[medians.index.to_numpy()] = medians.to_numpy(dtype="float64")
    return pooled
