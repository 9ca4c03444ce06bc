"""Data-quality findings: what was wrong with which record, and what was done about it."""

from __future__ import annotations

from dataclasses import dataclass

# code -> what it means and what the user should do; codes are stable.
FINDING_CODES: dict[str, str] = {
    "missing_required": "A required value is empty: fill it in the source system.",
    "invalid_date": "A date that cannot be read in the declared format (YYYY-MM-DD unless declared otherwise).",
    "invalid_datetime": "A date-time that cannot be read (YYYY-MM-DD HH:MM[:SS]).",
    "invalid_number": "A value that should be a number is not one.",
    "invalid_boolean": "A yes/no value that is not one of Y/N, yes/no, true/false, 1/0.",
    "invalid_year_label": "A reporting year that is not written like 2023-24.",
    "unknown_code": "A code that the data-item specification does not allow.",
    "unknown_la_code": "An la_code that is not one of the 22 Welsh councils.",
    "out_of_range": "A number outside the range the data-item specification allows.",
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
