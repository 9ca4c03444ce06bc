"""The record-level trail behind one figure (`pm explain`): every record the indicator
touched in the period, with its role and, where it was left out, why."""

from __future__ import annotations

import pandas as pd

from pm.calendar import Period
from pm.data.reader import LINE, SOURCE, Extracts
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator
from pm.engine.prepared import Prepared
from pm.engine.records import evaluate_records


def columns_used(compiled: CompiledIndicator, definitions: DefinitionSet) -> list[str]:
    """Columns the definition's rules read, in the dataset's own order."""
    indicator = compiled.indicator
    rules = [compiled.period(n) for n in ("date", "start", "end") if getattr(indicator.period, n)]
    rules += [*compiled.include, *compiled.exclude]
    rules += [rule for rule in (compiled.numerator, compiled.value) if rule is not None]
    used: set[str] = set()
    for rule in rules:
        rule.tree  # noqa: B018  (a rule that did not parse raises its own problem here)
        used |= rule.columns
    if indicator.period.column:
        used.add(indicator.period.column)
    if indicator.counting.by:
        used.add(indicator.counting.by)
    spec = definitions.datasets[indicator.dataset]
    return [c for c in spec.column_names if c in used]


def explain(
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    period: Period,
    area: str,
) -> pd.DataFrame:
    """One row per record of `area` that the indicator touched, plus its data-quality errors."""
    prepared = Prepared(definitions)
    compiled = prepared.indicator(indicator)
    record_set = evaluate_records(compiled, extracts, period, prepared, workings=True)
    spec = definitions.datasets[indicator.dataset]
    identity = [c for c in (spec.record_id, spec.person_id) if c]
    shown = [*identity, *(c for c in columns_used(compiled, definitions) if c not in identity)]
    records = record_set.records
    if len(records):
        in_area = (records["la_code"] == area).to_numpy(dtype=bool)
        frame = pd.DataFrame(index=records.index[in_area])
        frame["file"] = records.loc[in_area, SOURCE]
        frame["line"] = records.loc[in_area, LINE]
        for column in shown:
            frame[column] = records.loc[in_area, column]
        for label, values in record_set.workings.items():
            frame[label] = values[in_area]
        for name, labels in record_set.breakdowns.items():
            frame[name] = labels[in_area]
        frame["role"] = record_set.role[in_area]
        frame["reason"] = record_set.reason[in_area]
    else:  # no records in the period (or a file with a header only): an empty trail
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in ["file", "line", *shown]})
        frame["role"] = pd.Series(dtype="str")
        frame["reason"] = pd.Series(dtype="str")
    errors = pd.DataFrame()
    if extracts.findings:
        findings = extracts.findings_frame()
        findings = findings[
            (findings["dataset"] == indicator.dataset) & (findings["la_code"] == area)
        ]
        if len(findings):
            errors = pd.DataFrame(
                {
                    "file": findings["file"],
                    "line": findings["line"],
                    "role": "data-quality error",
                    "reason": findings["code"]
                    + " in "
                    + findings["column"]
                    + " ('"
                    + findings["value"]
                    + "')",
                }
            )
            if spec.record_id:
                errors[spec.record_id] = findings["record_id"].to_numpy()
    trail = (
        pd.concat([frame, errors], ignore_index=True)
        if len(errors)
        else frame.reset_index(drop=True)
    )
    order = {
        "numerator": 0,
        "denominator only": 1,
        "counted": 1,
        "not counted": 2,
        "excluded": 3,
        "data-quality error": 4,
    }
    trail["__order"] = trail["role"].map(order)
    trail = trail.sort_values(["__order", "file", "line"], kind="stable").drop(columns="__order")
    return trail.reset_index(drop=True)
