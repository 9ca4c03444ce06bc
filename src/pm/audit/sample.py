"""Drawing a random sample of cases to audit: reproducible from its seed, stratified on demand.

The population is every case (a person, by the dataset's person column, within a council)
with at least one record in the chosen councils and period. The sample is drawn with numpy's
Generator seeded by the user's seed, over cases sorted by council, stratum and case id, so the
same data, options and seed always give the same sample.

Stratified samples use proportional allocation with the largest-remainder rule: each
stratum gets size × (its cases ÷ all cases), rounded down; the places left over go one each to
the strata with the largest fractions dropped, ties going to the larger stratum, then to the
stratum that sorts first. The sizes add up to the size asked for exactly, and no stratum gets
more than it has. A small stratum may get no place at all: the rule is proportional, not
"at least one each".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.calendar import Period
from pm.cells import csv_bytes
from pm.data.reader import Dataset
from pm.definitions.vocab import ColumnType
from pm.errors import UsageError

UNKNOWN = "unknown"
MARKING = "OFFICIAL-SENSITIVE: personal data"


@dataclass
class AuditSample:
    """The cases drawn, and how they were drawn (for the file's heading and the summary)."""

    dataset: str
    case_column: str
    date_column: str
    stratify: str | None
    seed: int
    size_asked: int
    population: int
    cases: pd.DataFrame  # one row per case drawn, sorted by council, stratum, case
    strata: pd.DataFrame  # la_code, stratum, cases, drawn
    notes: list[str] = field(default_factory=list)

    @property
    def whole_population(self) -> bool:
        return self.size_asked >= self.population


def allocate_proportionally(sizes: list[int], total: int) -> list[int]:
    """Split `total` places over strata of `sizes` cases: largest remainder (see module doc)."""
    population = sum(sizes)
    if total >= population:
        return list(sizes)
    if population == 0 or total <= 0:
        return [0] * len(sizes)
    exact = [total * size / population for size in sizes]
    given = [int(np.floor(share)) for share in exact]
    left = total - sum(given)
    order = sorted(range(len(sizes)), key=lambda i: (-(exact[i] - given[i]), -sizes[i], i))
    for i in order[:left]:
        given[i] += 1
    return given


def _choose_column(dataset: Dataset, wanted: str | None, kinds: set[ColumnType], what: str) -> str:
    spec = dataset.spec
    if wanted is not None:
        column = spec.column(wanted)
        if column is None or column.type not in kinds:
            fitting = [c.name for c in spec.columns if c.type in kinds]
            raise UsageError(
                f"'{wanted}' is not a {what} column of {spec.dataset}; use one of "
                f"{', '.join(fitting) or 'none'}"
            )
        return column.name
    if what == "case":
        found = spec.person_id or spec.record_id
    else:
        found = next(
            (c.name for c in spec.columns if c.type in kinds and c.required), None
        ) or next((c.name for c in spec.columns if c.type in kinds), None)
    if found is None:
        raise UsageError(
            f"{spec.dataset} has no {what} column pm can use; name one with --{what}-column"
        )
    return found


def draw_sample(
    dataset: Dataset,
    size: int,
    seed: int,
    *,
    stratify: str | None = None,
    areas: list[str] | None = None,
    period: Period | None = None,
    case_column: str | None = None,
    date_column: str | None = None,
) -> AuditSample:
    """Draw `size` cases at random from `dataset` (see the module docstring for the rules)."""
    if size < 1:
        raise UsageError("--size must be 1 or more: the number of case files to audit")
    if seed < 0:
        raise UsageError(f"--seed must be a whole number 0 or more, such as 20240401 (got {seed})")
    spec = dataset.spec
    case = _choose_column(dataset, case_column, {ColumnType.identifier}, "case")
    when = _choose_column(dataset, date_column, {ColumnType.date, ColumnType.datetime}, "date")
    if stratify is not None and spec.column(stratify) is None:
        raise UsageError(
            f"cannot stratify by '{stratify}': it is not a column of {spec.dataset} "
            f"({', '.join(spec.column_names)})"
        )
    frame = dataset.frame
    if areas:
        frame = frame[frame["la_code"].isin(areas)]
    if period is not None:
        inside = cal.in_range(frame[when], pd.Timestamp(period.start), pd.Timestamp(period.end))
        frame = frame[inside.fillna(False).to_numpy(dtype=bool)]
    frame = frame[frame[case].notna()]
    cases = _cases(frame, case, when, stratify)
    strata_keys = ["la_code", "stratum"]
    sizes = cases.groupby(strata_keys, sort=True).size()
    notes: list[str] = []
    if size >= len(cases):
        drawn_sizes = list(sizes.to_numpy())
        if len(cases):
            notes.append(
                f"the population has only {len(cases):,} case(s), not more than the {size:,} "
                "asked for: the whole population is listed"
            )
    elif stratify is None:
        drawn_sizes = []
    else:
        drawn_sizes = allocate_proportionally([int(s) for s in sizes], size)
    rng = np.random.default_rng(seed)
    if stratify is None and size < len(cases):
        picked = np.sort(rng.choice(len(cases), size=size, replace=False))
        chosen = cases.iloc[picked]
        drawn = chosen.groupby(strata_keys, sort=True).size().reindex(sizes.index, fill_value=0)
    else:
        pieces = []
        starts = np.concatenate([[0], np.cumsum(sizes.to_numpy())])
        for number, want in enumerate(drawn_sizes):
            count = int(starts[number + 1] - starts[number])
            picked = np.sort(rng.choice(count, size=int(want), replace=False))
            pieces.append(cases.iloc[starts[number] + picked])
        chosen = pd.concat(pieces) if pieces else cases.iloc[0:0]
        drawn = pd.Series(drawn_sizes, index=sizes.index, dtype="int64")
    strata = pd.DataFrame({"cases": sizes.astype("int64"), "drawn": drawn.astype("int64")})
    strata = strata.reset_index()
    return AuditSample(
        dataset=spec.dataset,
        case_column=case,
        date_column=when,
        stratify=stratify,
        seed=seed,
        size_asked=size,
        population=len(cases),
        cases=chosen.reset_index(drop=True),
        strata=strata,
        notes=notes,
    )


def _cases(frame: pd.DataFrame, case: str, when: str, stratify: str | None) -> pd.DataFrame:
    """One row per case: council, stratum (from the case's latest record), records, latest date."""
    ordered = frame.assign(__when=frame[when]).sort_values(
        ["la_code", case, "__when"], kind="stable", na_position="first"
    )
    stratum = (
        ordered[stratify].astype("str").fillna(UNKNOWN)
        if stratify is not None
        else pd.Series("", index=ordered.index, dtype="str")
    )
    ordered = ordered.assign(stratum=stratum)
    grouped = ordered.groupby(["la_code", case], sort=True)
    cases = pd.DataFrame(
        {
            "stratum": grouped["stratum"].last(),
            "records": grouped.size().astype("int64"),
            "latest": grouped["__when"].max(),
        }
    ).reset_index()
    cases["la_code"] = cases["la_code"].astype("str")
    cases[case] = cases[case].astype("str")
    return cases.sort_values(["la_code", "stratum", case], kind="stable").reset_index(drop=True)


def _when_text(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_localize(None)
        return values.dt.strftime("%Y-%m-%d %H:%M").fillna("")
    return values.dt.strftime("%Y-%m-%d").fillna("")


def sample_table(sample: AuditSample, council_names: dict[str, str]) -> pd.DataFrame:
    """The cases drawn as the sample file lists them: council, stratum, case, records, latest."""
    table = pd.DataFrame(
        {
            "la_code": sample.cases["la_code"],
            "area_name": sample.cases["la_code"].map(council_names).fillna(""),
        }
    )
    if sample.stratify is not None:
        table[sample.stratify] = sample.cases["stratum"]
    table[sample.case_column] = sample.cases[sample.case_column]
    table["records_in_period"] = sample.cases["records"]
    table[f"latest_{sample.date_column}"] = _when_text(sample.cases["latest"])
    return table


def sample_csv_bytes(sample: AuditSample, council_names: dict[str, str], described: str) -> bytes:
    """The sample as CSV, opening with a line that marks it as personal data."""
    table = sample_table(sample, council_names)
    return csv_bytes(table, heading=f"# {MARKING}. {described}\n")  # no cell runs as a formula
