"""Deliberate, logged data-quality faults.

Five kinds, each injected into a few rows of every dataset where it makes sense (never
into ``population``), at about ``rate`` of the rows per kind and at least one per kind:

``end_before_start``   an end date moved to 1-60 days before its start date
``unparseable_date``   a required date written as text that is not an ISO date
                       (``31/02/2023``-style day-first dates, month 13, 30 or 31 February)
``unknown_la_code``    a council code that is not one of the 22 (W06000099, W06000007, W06000017)
``duplicate_id``       a second, identical copy of a row (same record id, or same unique key where
                       the dataset has no record id), on the next line; not in
                       ``delayed_transfers`` and ``care_leaver_homelessness``, whose rows have no identity
``missing_required``   an empty cell in a required column (never the record id or la_code)

A row carries at most one fault. Every fault is returned with the dataset, the record id
(or key column value), the column, the line of the file (the header is line 1) and the
text written, so that a data-quality report can be checked against the log count for count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from pm.sample_data._context import UNKNOWN_LA_CODES, Context
from pm.sample_data._dates import DAY
from pm.sample_data._table import Table
from pm.sample_data.spec import FAULT_TYPES, DatasetSpec

DEFAULT_RATE = 0.0006  # per kind of fault: about 0.3% of rows in all


@dataclass
class Fault:
    dataset: str
    fault: str
    record_id: str
    column: str
    line: int
    value: str
    original: str
    lines: list[int] | None = None  # duplicate_id: both lines holding the id

    def to_dict(self) -> dict:
        d = asdict(self)
        del d["dataset"]
        if d["lines"] is None:
            del d["lines"]
        return d


def applicable(spec: DatasetSpec) -> list[str]:
    if not spec.faults:
        return []
    kinds = []
    if spec.date_pairs:
        kinds.append("end_before_start")
    if spec.required_dates:
        kinds.append("unparseable_date")
    kinds.append("unknown_la_code")
    if spec.id_column or spec.key:  # a duplicate is only detectable where rows have an identity
        kinds.append("duplicate_id")
    if _missing_candidates(spec):
        kinds.append("missing_required")
    return [k for k in FAULT_TYPES if k in kinds]


def _missing_candidates(spec: DatasetSpec) -> list[str]:
    return [c for c in spec.required if c not in ("la_code", spec.record_column)]


def _bad_date_text(rng: np.random.Generator, d: np.datetime64) -> str:
    y, m, day = (int(v) for v in str(d).split("-"))
    style = int(rng.integers(0, 4))
    if style == 0:
        return f"{day:02d}/{m:02d}/{y}"  # day-first, as typed into a spreadsheet
    if style == 1:
        return f"{y}-13-{day:02d}"  # month 13
    if style == 2:
        return f"{y}-02-{30 + int(rng.integers(0, 2))}"  # 30 or 31 February
    return f"31/02/{y}"


def inject(
    table: Table, spec: DatasetSpec, ctx: Context, rate: float = DEFAULT_RATE
) -> list[Fault]:
    """Write the faults of every kind that applies into `table` (in place) and log each."""
    kinds = applicable(spec)
    if not kinds:
        return []
    rng = ctx.rng("faults", spec.name)
    taken = _rows_for_faults(table, spec, ctx, rng, kinds, rate)
    found: list[Found] = []
    for kind in kinds:
        found += _WRITERS[kind](table, spec, ctx, rng, taken[kind])
    return _logged(table, spec, found, taken.get("duplicate_id", np.empty(0, dtype=np.int64)))


def _rows_for_faults(
    table: Table,
    spec: DatasetSpec,
    ctx: Context,
    rng: np.random.Generator,
    kinds: list[str],
    rate: float,
) -> dict[str, np.ndarray]:
    """The rows each kind of fault goes into: different rows, about `rate` of them per kind."""
    n = len(table)
    # faults go into rows of the requested years, where a year-by-year report will meet them
    if spec.required_dates:
        primary = table.columns[spec.required_dates[0]].values
        eligible = np.nonzero((primary >= ctx.first_start) & (primary <= ctx.extract_date))[0]
    else:
        eligible = np.arange(n)
    per_kind = max(1, int(round(rate * n)))
    if spec.date_pairs:
        start_col, end_col = spec.date_pairs[0]
        has_end = ~np.isnat(table.columns[end_col].values[eligible])
        # end-before-start goes into a closed record (an end date that is wrong)
        closed = eligible[has_end]
    need = per_kind * len(kinds)
    if len(eligible) < need:
        eligible = np.arange(n)
    chosen = rng.choice(eligible, size=min(need, len(eligible)), replace=False)
    taken: dict[str, np.ndarray] = {}
    if "end_before_start" in kinds:
        pool = np.setdiff1d(closed, chosen) if len(closed) >= per_kind * 2 else chosen
        ebs = rng.choice(pool, size=per_kind, replace=False)
        taken["end_before_start"] = np.sort(ebs)
        chosen = np.setdiff1d(chosen, ebs, assume_unique=True)
        chosen = rng.permutation(chosen)
    i = 0
    for kind in kinds:
        if kind == "end_before_start":
            continue
        taken[kind] = np.sort(chosen[i : i + per_kind])
        i += per_kind
    return taken


Found = tuple[str, int, str, str, str]  # kind, row, column, value written, original text
Writer = Callable[[Table, DatasetSpec, Context, np.random.Generator, np.ndarray], list[Found]]


def _end_before_start(
    table: Table, spec: DatasetSpec, ctx: Context, rng: np.random.Generator, rows: np.ndarray
) -> list[Found]:
    start_col, end_col = spec.date_pairs[0]
    col = table.columns[end_col]
    original = col.text(rows)
    col.values[rows] = table.columns[start_col].values[rows] - rng.integers(1, 61, len(rows)) * DAY
    return [
        ("end_before_start", int(r), end_col, v, o)
        for r, o, v in zip(rows, original, col.text(rows), strict=True)
    ]


def _unparseable_date(
    table: Table, spec: DatasetSpec, ctx: Context, rng: np.random.Generator, rows: np.ndarray
) -> list[Found]:
    found: list[Found] = []
    which = rng.integers(0, len(spec.required_dates), len(rows))
    for i, column in enumerate(spec.required_dates):
        sel = rows[which == i]
        col = table.columns[column]
        for r, o, d in zip(sel, col.text(sel), col.values[sel], strict=True):
            text = _bad_date_text(rng, d)
            table.overrides.setdefault(column, {})[int(r)] = text
            found.append(("unparseable_date", int(r), column, text, o))
    return found


def _unknown_la_code(
    table: Table, spec: DatasetSpec, ctx: Context, rng: np.random.Generator, rows: np.ndarray
) -> list[Found]:
    col = table.columns["la_code"]
    original = col.text(rows)
    col.values[rows] = len(ctx.codes) + rng.integers(0, len(UNKNOWN_LA_CODES), len(rows))
    return [
        ("unknown_la_code", int(r), "la_code", v, o)
        for r, o, v in zip(rows, original, col.text(rows), strict=True)
    ]


def _duplicate_id(
    table: Table, spec: DatasetSpec, ctx: Context, rng: np.random.Generator, rows: np.ndarray
) -> list[Found]:
    """Logged here; the copy itself is made when the rows are put in order (`_logged`)."""
    record = table.columns[spec.record_column]
    return [
        ("duplicate_id", int(r), spec.record_column, v, "")
        for r, v in zip(rows, record.text(rows), strict=True)
    ]


def _missing_required(
    table: Table, spec: DatasetSpec, ctx: Context, rng: np.random.Generator, rows: np.ndarray
) -> list[Found]:
    found: list[Found] = []
    candidates = _missing_candidates(spec)
    which = rng.integers(0, len(candidates), len(rows))
    for i, column in enumerate(candidates):
        sel = rows[which == i]
        col = table.columns[column]
        for r, o in zip(sel, col.text(sel), strict=True):
            found.append(("missing_required", int(r), column, "", o))
        col.set_missing(sel)
    return found


_WRITERS: dict[str, Writer] = {
    "end_before_start": _end_before_start,
    "unparseable_date": _unparseable_date,
    "unknown_la_code": _unknown_la_code,
    "duplicate_id": _duplicate_id,
    "missing_required": _missing_required,
}


def _logged(
    table: Table, spec: DatasetSpec, found: list[Found], dup_rows: np.ndarray
) -> list[Fault]:
    """The rows put in order, each duplicated row written twice, and every fault with the
    line of the file it is on (the header is line 1), in the order of FAULT_TYPES."""
    n = len(table)
    table.order = np.sort(np.concatenate([np.arange(n), dup_rows]), kind="stable")
    record = table.columns[spec.record_column]
    faults = []
    all_rows = np.array([f[1] for f in found], dtype=np.int64)
    ids = record.text(all_rows) if len(all_rows) else []
    position = np.searchsorted(table.order, all_rows)
    for (kind, _row, column, value, original), rid, pos in zip(found, ids, position, strict=True):
        line = int(pos) + 2
        if kind == "duplicate_id":
            faults.append(
                Fault(spec.name, kind, rid, column, line + 1, value, original, [line, line + 1])
            )
        else:
            faults.append(Fault(spec.name, kind, rid, column, line, value, original))
    faults.sort(key=lambda f: (FAULT_TYPES.index(f.fault), f.line))
    return faults
