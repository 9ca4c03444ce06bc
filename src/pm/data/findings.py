"""Data-quality findings: what was wrong with which record, and what was done about it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pm.definitions.models import DatasetSpec

# code -> what it means and what the user should do; codes are stable.
FINDING_CODES: dict[str, str] = {
    "missing_required": "A required value is empty: fill it in the source system.",
    "invalid_date": "A date that cannot be read in the declared format (YYYY-MM-DD unless declared otherwise).",
    "invalid_datetime": "A date-time that cannot be read (YYYY-MM-DD HH:MM[:SS]).",
    "invalid_number": "A value that should be a number is not one.",
    "number_too_large": (
        "A number too large for pm to hold (whole numbers up to 9,223,372,036,854,775,807), "
        "such as an age typed as 99999999999999999999: correct it in the source system."
    ),
    "invalid_boolean": "A yes/no value that is not one of Y/N, yes/no, true/false, 1/0.",
    "invalid_year_label": "A reporting year that is not written like 2023-24.",
    "unknown_code": "A code that the data-item specification does not allow.",
    "unknown_la_code": "An la_code that is not one of the 22 Welsh councils.",
    "out_of_range": "A number outside the range the data-item specification allows.",
    "implausible_date": "A date before 1900 or after 2099, such as 2203 for 2023: correct it in the source system.",
    "end_before_start": "An end date before its start date.",
    "duplicate_id": "A record id that appears more than once; the first row is kept.",
}


@dataclass(frozen=True)
class Finding:
    dataset: str
    file: str
    line: int
    column: str
    code: str
    value: str
    record_id: str
    la_code: str
    advice: str = ""


ISO_DATE = "%Y-%m-%d"


def advise(findings: list[Finding], spec: DatasetSpec, date_format: str | None) -> list[Finding]:
    """The findings, with a hint where the value's shape shows the cause (a day-first date,
    an Excel serial number); the others take their code's meaning in the report."""
    from pm.data.csv_shape import date_advice

    advised = []
    for finding in findings:
        if finding.code == "invalid_date":
            column = spec.column(finding.column)
            declared = (column.format if column is not None else None) or date_format or ISO_DATE
            finding = replace(finding, advice=date_advice(finding.value, declared))
        advised.append(finding)
    return advised


def advice_of(finding: Finding) -> str:
    """What the user should do about one finding."""
    return finding.advice or FINDING_CODES.get(finding.code, "")


def records_left_out(findings: list[Finding]) -> dict[str, int]:
    """Records (not problems: one record can have several) left out, per dataset."""
    lines: dict[str, set[tuple[str, int]]] = {}
    for finding in findings:
        lines.setdefault(finding.dataset, set()).add((finding.file, finding.line))
    return {dataset: len(held) for dataset, held in lines.items()}
