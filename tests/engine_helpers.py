"""Small helpers for the engine, reader and CLI tests: write tiny extracts into a folder,
read and compute them with the shipped definitions, and run the real `pm` command line.

Every expected figure lives in the tests themselves, worked out by hand; these helpers
only move rows to and from files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]

CARDIFF = "W06000015"
SWANSEA = "W06000011"
NEWPORT = "W06000022"
GWYNEDD = "W06000002"  # never given any records: its rows must say no_data
WALES = "W92000004"

# Column order of each extract as the tests write it (data contract §3, plus extensions).
COLUMNS: dict[str, list[str]] = {
    "adult_protection_enquiries": [
        "enquiry_id",
        "person_id",
        "la_code",
        "report_received_date",
        "enquiry_completed_date",
        "age_at_report",
    ],
    "child_assessments": [
        "assessment_id",
        "child_id",
        "la_code",
        "referral_date",
        "assessment_completed_date",
    ],
    "cpr_registrations": [
        "registration_id",
        "child_id",
        "la_code",
        "registration_date",
        "deregistration_date",
    ],
    "delayed_transfers": ["person_id", "la_code", "census_date", "age", "delay_reason_category"],
    "population": ["la_code", "year", "age", "sex", "population"],
    "residential_care": [
        "placement_id",
        "person_id",
        "la_code",
        "date_of_birth",
        "admission_date",
        "discharge_date",
        "la_funded",
    ],
    "iaa_contacts": ["contact_id", "person_id", "la_code", "contact_date", "age", "outcome"],
    "survey_responses": [
        "response_id",
        "la_code",
        "survey_year",
        "respondent_group",
        "question_code",
        "response",
    ],
}

# Bank holidays in England and Wales, 2023 to 2024, typed from gov.uk's list: the tests count
# working days with numpy against this list, independently of pm's calendar.
BANK_HOLIDAYS = [
    "2023-01-02",
    "2023-04-07",
    "2023-04-10",
    "2023-05-01",
    "2023-05-08",
    "2023-05-29",
    "2023-08-28",
    "2023-12-25",
    "2023-12-26",
    "2024-01-01",
    "2024-03-29",
    "2024-04-01",
    "2024-05-06",
    "2024-05-27",
    "2024-08-26",
    "2024-12-25",
    "2024-12-26",
]


def working_days_by_hand(received: str, done: str) -> int:
    """Working days d with received < d <= done (Mon–Fri, not a bank holiday)."""
    start = np.datetime64(received) + np.timedelta64(1, "D")
    end = np.datetime64(done) + np.timedelta64(1, "D")
    return int(np.busday_count(start, end, holidays=BANK_HOLIDAYS))


def csv_text(
    columns: Sequence[str], rows: Iterable[Mapping[str, object] | Sequence[object]]
) -> str:
    """CSV text with a header; rows as dicts (missing keys empty) or sequences."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, Mapping):
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        else:
            writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_extract(
    folder: Path,
    dataset: str,
    rows: Iterable[Mapping[str, object] | Sequence[object]],
    columns: Sequence[str] | None = None,
    *,
    name: str | None = None,
) -> Path:
    """Write `<dataset>.csv` (or `name`) into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{dataset}.csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(columns or COLUMNS[dataset], rows), encoding="utf-8", newline="")
    return path


def write_extracts(folder: Path, data: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """Write several datasets given as lists of row tuples in `COLUMNS` order."""
    for dataset, rows in data.items():
        write_extract(folder, dataset, rows)
    return folder


@cache
def definitions():  # type: ignore[no-untyped-def]
    """The shipped definitions, loaded once per test process."""
    from pm.definitions.loader import load_definitions

    loaded = load_definitions()
    assert loaded.valid, [str(p) for p in loaded.sorted_problems()[:5]]
    return loaded


def councils() -> set[str]:
    return set(definitions().reference.council_codes)


def read(folder: Path, datasets: Sequence[str], *, date_format: str | None = None):  # type: ignore[no-untyped-def]
    """`read_extracts` of the named datasets, with the shipped specifications."""
    from pm.data.reader import read_extracts

    defs = definitions()
    return read_extracts(
        folder,
        defs.datasets,
        list(datasets),
        councils(),
        code_lists=defs.reference.code_lists(),
        date_format=date_format,
    )


def compute_folder(
    folder: Path, indicator_ids: Sequence[str], period: str = "2023-24", options=None
) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Read what the indicators need from `folder` and compute them for one period."""
    from pm.calendar import parse_period
    from pm.engine.compute import compute
    from pm.engine.run import datasets_needed

    defs = definitions()
    extracts = read(folder, datasets_needed(defs, list(indicator_ids)))
    return compute(defs, extracts, [parse_period(period)], list(indicator_ids), options)


def row(table: pd.DataFrame, indicator: str, area: str, breakdown: str = "") -> pd.Series:
    """The one results row of `indicator` × `area` × `breakdown`."""
    hit = table[
        (table["indicator"] == indicator)
        & (table["area"] == area)
        & (table["breakdown"] == breakdown)
    ]
    assert len(hit) == 1, f"expected one row for {indicator} {area} {breakdown!r}, found {len(hit)}"
    return hit.iloc[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path."""
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- the real command line -----------------------------------------------------------------


def plain_env() -> dict[str, str]:
    """The environment of a piped run: nothing asking for colour, a terminal or tracebacks."""
    dropped = ("FORCE_COLOR", "TTY_COMPATIBLE", "PM_DEBUG", "COLUMNS", "PM_WORKSPACE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_pm(
    args: Sequence[str], cwd: Path | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """`python -m pm ARGS` with output piped."""
    return subprocess.run(
        [sys.executable, "-m", "pm", *map(str, args)],
        cwd=cwd or REPO_ROOT,
        env=plain_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def run_pm_many(
    runs: Mapping[str, tuple[Sequence[str], Path | None]], workers: int | None = None
) -> dict[str, subprocess.CompletedProcess[str]]:
    """Several independent `pm` runs side by side (each is mostly start-up time)."""
    workers = workers or max(2, min(4, (os.cpu_count() or 2)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {name: pool.submit(run_pm, args, cwd) for name, (args, cwd) in runs.items()}
        return {name: future.result() for name, future in futures.items()}
