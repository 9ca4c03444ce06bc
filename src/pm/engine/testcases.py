"""`pm test`: run the worked cases written in each definition against the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pm.calendar import parse_period
from pm.data.reader import Dataset, Extracts, type_records
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator, TestCase
from pm.engine.compute import ComputeOptions, compute_indicator

TEST_AREA = "W06000015"


@dataclass(frozen=True)
class CaseResult:
    indicator: str
    case: str
    passed: bool
    message: str
    file: str
    line: int


def _text(value: Any) -> Any:
    if value is None:
        return pd.NA
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def extracts_from_rows(
    case: TestCase, definitions: DefinitionSet, area: str
) -> tuple[Extracts, list[str]]:
    """Typed datasets built from a case's rows; ids and la_code filled in where omitted."""
    extracts = Extracts(folder=Path("."))
    councils = set(definitions.reference.council_codes)
    problems: list[str] = []
    for name, rows in case.data.items():
        spec = definitions.datasets[name]
        raw = pd.DataFrame(
            {c.name: pd.Series([pd.NA] * len(rows), dtype="str") for c in spec.columns}
        )
        for number, row in enumerate(rows):
            filled = dict(row)
            filled.setdefault("la_code", area) if spec.column("la_code") else None
            for generated in {spec.record_id, spec.person_id} - {None}:
                filled.setdefault(generated, f"{name[:3]}{number + 1}")
            for column, value in filled.items():
                raw.loc[number, column] = _text(value)
        typed, findings = type_records(
            spec,
            raw.astype("str"),
            f"{name} (test rows)",
            councils,
            code_lists=definitions.reference.code_lists(),
        )
        problems += [
            f"{name} row {f.line - 1}: {f.code} in {f.column} ({f.value!r})" for f in findings
        ]
        extracts.datasets[name] = Dataset(name, spec, typed.reset_index(drop=True), [], len(rows))
    return extracts, problems


def run_case(indicator: Indicator, case: TestCase, definitions: DefinitionSet) -> tuple[bool, str]:
    area = case.area or TEST_AREA
    extracts, problems = extracts_from_rows(case, definitions, area)
    for name in {indicator.dataset, *(r.dataset for r in indicator.related)} - set(
        extracts.datasets
    ):
        spec = definitions.datasets[name]
        empty = pd.DataFrame({c.name: pd.Series([], dtype="str") for c in spec.columns})
        typed, _ = type_records(
            spec, empty, name, set(), code_lists=definitions.reference.code_lists()
        )
        extracts.datasets[name] = Dataset(name, spec, typed, [], 0)
    if problems:
        return False, "test rows have data-quality errors: " + "; ".join(problems)
    options = ComputeOptions(
        breakdowns=[case.breakdown.split("=")[0]] if case.breakdown else [],
        coverage=False,  # a few rows testing the rules, not an extract of a whole period
    )
    table = compute_indicator(
        indicator,
        definitions,
        extracts,
        parse_period(case.period),
        options,
        parameters=case.parameters,
    )
    row = table[(table["area"] == area) & (table["breakdown"] == (case.breakdown or ""))]
    if row.empty:
        return False, f"no result row for {area} {case.breakdown or ''}"
    got = row.iloc[0]
    differences = []
    for field in ("numerator", "denominator", "value"):
        wanted = getattr(case.expect, field)
        if wanted is None:
            continue
        actual = got[field]
        if pd.isna(actual) or not np.isclose(float(actual), wanted, rtol=0, atol=1e-9):
            differences.append(
                f"{field}: expected {wanted:g}, got {'missing' if pd.isna(actual) else f'{float(actual):g}'}"
            )
    if case.expect.status is not None and got["status"] != case.expect.status:
        differences.append(f"status: expected {case.expect.status}, got {got['status']}")
    elif differences and str(got["status"]).startswith("error:"):
        differences.append(f"the figure is {got['status']}")  # why the numbers are missing
    if differences:
        return False, "; ".join(differences)
    return True, ""


def run_all(definitions: DefinitionSet, indicator_ids: list[str] | None = None) -> list[CaseResult]:
    results = []
    for indicator_id in indicator_ids or sorted(definitions.indicators):
        indicator = definitions.indicators[indicator_id]
        source = definitions.sources[indicator_id]
        for number, case in enumerate(indicator.tests):
            try:
                passed, message = run_case(indicator, case, definitions)
            except Exception as problem:  # a crash is a failed case, reported with its cause
                passed, message = False, f"the engine failed: {type(problem).__name__}: {problem}"
            results.append(
                CaseResult(
                    indicator_id,
                    case.name,
                    passed,
                    message,
                    source.shown,
                    source.line_of("tests", number),
                )
            )
    return results
