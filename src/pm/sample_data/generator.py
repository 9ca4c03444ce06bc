"""Generate a complete, seeded, synthetic extract set: the national datasets and the local ones.

Entirely synthetic: no record describes a real person. Same seed, scale and years give
byte-identical files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pm.errors import UsageError
from pm.files import OutputSet
from pm.sample_data import (
    adult_safeguarding,
    adults,
    adults_2020,
    children,
    local,
    looked_after,
    looked_after_2020,
    population,
    survey,
)
from pm.sample_data._context import Context, scramble
from pm.sample_data._table import Table, write_csv
from pm.sample_data.faults import DEFAULT_RATE, Fault, inject
from pm.sample_data.spec import DATASETS, FAULT_TYPES, LOCAL_DATASETS

LOG_NAME = "generation_log.json"
RECORD_ID_WIDTH = 10
# columns the generator numbers itself (unique pseudonymous record ids)
_RECORD_IDS = {
    "enquiry_id",
    "episode_id",
    "placement_id",
    "contact_id",
    "assessment_id",
    "registration_id",
    "response_id",
    "referral_id",
    "admission_id",
    "visit_id",
    "outcome_review_id",
    "report_id",
    "arrangement_id",
}
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def _check_label(label: str) -> str:
    label = label.strip()
    m = _YEAR.match(label)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise UsageError(
            f"{label!r} is not a financial year: write it like 2023-24 (April 2023 to March 2024)."
        )
    if not 1990 <= int(m.group(1)) <= 2090:
        raise UsageError(
            f"{label!r} is outside the years the generator supports (1990-91 to 2090-91)."
        )
    return label


def parse_years(text: str) -> list[str]:
    """``2021-22:2024-25`` (a range), ``2022-23,2023-24`` (a list) or ``2023-24``."""
    text = (text or "").strip()
    if not text:
        raise UsageError(
            "--years is empty: give a year like 2023-24 or a range like 2021-22:2024-25."
        )
    if ":" in text:
        first, _, last = text.partition(":")
        a, b = int(_check_label(first)[:4]), int(_check_label(last)[:4])
        if b < a:
            raise UsageError(f"the range {text!r} runs backwards: put the earlier year first.")
        if b - a > 30:
            raise UsageError(f"the range {text!r} is longer than 30 years.")
        return [f"{y}-{(y + 1) % 100:02d}" for y in range(a, b + 1)]
    return normalise_years(text.split(","))


def normalise_years(years: Iterable[str]) -> list[str]:
    labels = sorted({_check_label(str(y)) for y in years if str(y).strip()})
    if not labels:
        raise UsageError(
            "no years given: give a year like 2023-24 or a range like 2021-22:2024-25."
        )
    return labels


@dataclass
class GenerationLog:
    """What a run wrote: settings, rows per dataset, and every injected fault."""

    seed: int
    scale: float
    years: list[str]
    extract_date: str
    row_counts: dict[str, int] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    fault_rate: float = DEFAULT_RATE
    path: Path | None = None
    councils: list[str] | None = None  # the councils kept (pm sample-data --council), or all

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())

    def fault_counts(self) -> dict[str, int]:
        return {k: sum(1 for f in self.faults if f.fault == k) for k in FAULT_TYPES}

    def faults_of(self, dataset: str, kind: str | None = None) -> list[Fault]:
        return [
            f for f in self.faults if f.dataset == dataset and (kind is None or f.fault == kind)
        ]

    def to_dict(self) -> dict:
        from pm.version import __version__

        faults: dict[str, dict] = {}
        for name in self.row_counts:
            per = {}
            for kind in FAULT_TYPES:
                found = self.faults_of(name, kind)
                if found:
                    per[kind] = {"count": len(found), "records": [f.to_dict() for f in found]}
            if per:
                faults[name] = per
        described = {
            "generator": "pm sample-data",
            "pm_version": __version__,
            "synthetic": True,
            "seed": self.seed,
            "scale": self.scale,
            "years": self.years,
            "extract_date": self.extract_date,
            "fault_rate_per_kind": self.fault_rate,
            "total_rows": self.total_rows,
            "row_counts": self.row_counts,
            "fault_counts": self.fault_counts(),
            "faults": faults,
        }
        if self.councils is not None:
            described["councils"] = self.councils
        return described

    def write(self, path: Path, outputs: OutputSet) -> None:
        """Stage the log with the rest of the set (written when the set is committed)."""
        text = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        outputs.write(path, text.encode("utf-8"))
        self.path = path


def _finish(
    table: Table, ctx: Context, out_dir: Path, log: GenerationLog, outputs: OutputSet
) -> None:
    spec = DATASETS.get(table.name) or LOCAL_DATASETS[table.name]
    table.reorder(list(spec.columns))
    for column in spec.columns:
        if column in _RECORD_IDS:
            col = table.columns[column]
            col.values = scramble(len(table), ctx.rng(table.name, "record-ids"), RECORD_ID_WIDTH)
            col.width = RECORD_ID_WIDTH
    log.faults.extend(inject(table, spec, ctx, log.fault_rate))
    log.row_counts[table.name] = write_csv(table, outputs.stage(out_dir / f"{table.name}.csv"))


def generate(
    out_dir: Path | str,
    years: list[str],
    scale: float = 1.0,
    seed: int = 2024,
    *,
    fault_rate: float = DEFAULT_RATE,
    progress=None,
    include_local: bool = True,
) -> GenerationLog:
    """Write ``<dataset>.csv`` for the national datasets and (unless ``include_local`` is
    False) the 8 local ones, and ``generation_log.json``, into out_dir: all of them, or
    (if the run stops or one cannot be written) none, leaving any earlier set as it was.

    ``years``: financial-year labels (``["2021-22", ..., "2024-25"]``); the data start a
    year earlier where follow-ups and look-backs need it. ``scale``: 1.0 is about the real
    all-Wales volume per year. ``progress``: optional callable(dataset_name, rows).
    """
    if isinstance(years, str):
        years = parse_years(years)
    years = normalise_years(years)
    if not scale > 0:
        raise UsageError(f"scale must be above 0 (got {scale}).")
    if not 0 <= fault_rate < 0.05:
        raise UsageError(f"fault_rate must be between 0 and 0.05 (got {fault_rate}).")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = Context(int(seed), float(scale), years)
    log = GenerationLog(
        int(seed), float(scale), years, str(ctx.extract_date), fault_rate=fault_rate
    )

    with OutputSet() as outputs:
        _generate_all(ctx, out, log, outputs, progress, include_local)
        log.write(out / LOG_NAME, outputs)
        outputs.commit()
    return log


def _generate_all(
    ctx: Context,
    out: Path,
    log: GenerationLog,
    outputs: OutputSet,
    progress: Callable[[str, int], None] | None,
    include_local: bool,
) -> None:
    def done(table: Table) -> None:
        _finish(table, ctx, out, log, outputs)
        if progress is not None:
            progress(table.name, log.row_counts[table.name])

    pop_table, pop75 = population.generate(ctx)
    done(adults.adult_protection_enquiries(ctx))
    done(adults.delayed_transfers(ctx, pop75))
    done(pop_table)
    del pop_table
    done(adults.reablement(ctx))
    done(adults.residential_care(ctx))
    done(adults.iaa_contacts(ctx))
    done(children.child_assessments(ctx))
    lac = looked_after.looked_after(ctx)
    for name in ("care_support_plans", "looked_after_episodes", "looked_after_placements",
                 "looked_after_education"):  # fmt: skip
        done(lac.pop(name))
    done(looked_after_2020.short_breaks(ctx))
    done(children.cpr_registrations(ctx))
    for table in looked_after.care_leavers(ctx).values():
        done(table)
    done(survey.survey_responses(ctx))
    done(adults_2020.adult_assessments(ctx))  # the 2020 framework's adult datasets
    done(adult_safeguarding.adult_safeguarding_reports(ctx))
    if include_local:
        for name in LOCAL_DATASETS:
            done(local.GENERATORS[name](ctx))
    # the log lists datasets in the contract's order, then the local ones
    log.row_counts = {
        name: log.row_counts[name]
        for name in [*DATASETS, *LOCAL_DATASETS]
        if name in log.row_counts
    }
