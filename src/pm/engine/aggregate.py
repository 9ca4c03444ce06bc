"""From record roles to figures: numerators, denominators and values per council and
breakdown, plus the all-Wales row from summed numerators and denominators."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.data.reader import Extracts
from pm.definitions import expressions as ex
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.rules import denominator_scope
from pm.definitions.vocab import CountUnit, IndicatorType, PersonPick
from pm.engine.evaluate import Context, as_boolean, evaluate
from pm.engine.records import RecordSet

WALES = "W92000004"
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
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    record_set: RecordSet,
    parameters: dict[str, float],
) -> pd.Series | None:
    """Per council, the summed denominator from another dataset (e.g. population aged 75+)."""
    spec = indicator.denominator
    if spec is None:
        return None
    dataset = extracts.datasets.get(spec.dataset)
    if dataset is None:
        return pd.Series(dtype="float64")
    frame = dataset.frame
    if spec.where:
        scope = denominator_scope(indicator, definitions.datasets[spec.dataset], definitions)
        context = Context(frame=frame, period=record_set.period, parameters=parameters)
        keep = as_boolean(evaluate(ex.parse(spec.where, scope).tree, context), frame.index)
        frame = frame.loc[keep.fillna(False).to_numpy(dtype=bool)]
    return frame.groupby("la_code", sort=True)[spec.sum].sum().astype("float64")


def _units(record_set: RecordSet, breakdown: str | None) -> pd.DataFrame:
    """One row per counted unit (record, or person), with area, label, numerator and value."""
    counted = record_set.counted.to_numpy()
    records = record_set.records.loc[counted]
    units = pd.DataFrame(
        {
            "area": records["la_code"].astype("str"),
            "label": record_set.breakdowns[breakdown][counted] if breakdown else "",
            "meets": record_set.numerator[counted].fillna(False).astype(bool),
            "value": record_set.value[counted].astype("float64"),
        },
        index=records.index,
    )
    counting = record_set.indicator.counting
    if (
        counting.unit is CountUnit.person
        and counting.pick is PersonPick.any
        and record_set.person is not None
    ):
        units["person"] = record_set.person[counted]
        units = units.groupby("person", sort=True).agg(
            area=("area", "first"),
            label=("label", "first"),
            meets=("meets", "any"),
            value=("value", "first"),
        )
    return units


def figures(
    record_set: RecordSet, breakdown: str | None, denominators: pd.Series | None, areas: list[str]
) -> pd.DataFrame:
    """Numerator, denominator and helpers for every council (and label) and Wales."""
    kind = record_set.indicator.type
    has_value = record_set.indicator.value is not None
    units = _units(record_set, breakdown)
    # Without a breakdown every label is "": grouping by it too would only cost time. Without
    # a value expression every value is empty, so its sums and medians are empty too.
    grouped = units.groupby(["area", "label"] if breakdown else ["area"], sort=True)
    columns = {
        "records": grouped.size().astype("float64"),
        "meets": grouped["meets"].sum().astype("float64"),
    }
    if has_value:
        units["value_sq"] = units["value"] ** 2
        grouped = units.groupby(["area", "label"] if breakdown else ["area"], sort=True)
        columns["total"] = grouped["value"].sum(min_count=1).astype("float64")
        columns["sum_of_squares"] = grouped["value_sq"].sum(min_count=1).astype("float64")
        columns["median"] = grouped["value"].median().astype("float64")
    table = pd.DataFrame(columns)
    for column in ("total", "sum_of_squares", "median"):
        if column not in table:
            table[column] = np.nan
    table = table.reset_index()
    if not breakdown:
        table["label"] = ""
    labels = sorted(set(table["label"])) if breakdown else [""]
    if breakdown and not labels:
        labels = []
    full = pd.MultiIndex.from_product([areas, labels], names=["area", "label"])
    table = table.set_index(["area", "label"]).reindex(full).reset_index()
    for column in ("records", "meets"):
        table[column] = table[column].fillna(0.0)

    if kind in (IndicatorType.mean,):
        table["numerator"], table["denominator"] = table["total"].fillna(0.0), table["records"]
    elif kind is IndicatorType.median:
        table["numerator"], table["denominator"] = np.nan, table["records"]
    elif kind is IndicatorType.count:
        table["numerator"] = (
            table["total"].fillna(0.0) if record_set.indicator.value else table["meets"]
        )
        table["denominator"] = np.nan
    elif denominators is not None:
        table["numerator"] = table["meets"]
        table["denominator"] = (
            table["area"].map(denominators).astype("float64").fillna(0.0)
            if not breakdown
            else np.nan
        )
    else:
        table["numerator"], table["denominator"] = table["meets"], table["records"]

    wales = _wales_rows(table, units, kind, labels)
    table = pd.concat([table, wales], ignore_index=True)
    return table.rename(columns={"label": "breakdown"})[
        ["area", "breakdown", "numerator", "denominator", "records", "sum_of_squares", "median"]
    ]


def _wales_rows(
    table: pd.DataFrame, units: pd.DataFrame, kind: IndicatorType, labels: list[str]
) -> pd.DataFrame:
    """All-Wales: summed numerators and denominators over councils, never averaged values."""
    summed = table.groupby("label", sort=True)[
        ["records", "numerator", "denominator", "sum_of_squares"]
    ].sum(min_count=1)
    summed = summed.reindex(labels)
    summed["records"] = summed["records"].fillna(0.0)
    if kind is IndicatorType.count or (
        kind is not IndicatorType.median and table["denominator"].isna().all()
    ):
        summed["denominator"] = np.nan if kind is IndicatorType.count else summed["denominator"]
    if kind is IndicatorType.median:
        summed["numerator"] = np.nan
    pooled = (
        units.groupby("label", sort=True)["value"].median()
        if len(units) and units["value"].notna().any()
        else pd.Series(dtype="float64")
    )
    summed["median"] = pooled.reindex(summed.index).astype("float64")
    summed = summed.reset_index()
    summed["area"] = WALES
    return summed
