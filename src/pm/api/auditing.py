"""`pm.audit_sample`: a reproducible random sample of case files for a case-file review.

The same data, options and seed always give the same sample, so the audit can be checked
later. The sample holds personal data (case identifiers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pm.api import arguments
from pm.api.caching import extract_cache
from pm.api.scope import PathLike, scope_of
from pm.audit import AuditSample
from pm.errors import UsageError

EXAMPLE = "pm audit-sample DATASET --data DATA_DIR --size 20 --seed 1"
Warn = Callable[[str], None]


def default_output(dataset: str, seed: int) -> Path:
    """The file `pm audit-sample` writes when not told where: its name says what it holds."""
    return Path(f"OFFICIAL-SENSITIVE_audit-sample_{dataset}_seed{seed}.csv")


@dataclass
class AuditDrawn:
    """A sample drawn: the cases (as the file lists them), how they were drawn, the file."""

    sample: AuditSample
    table: pd.DataFrame
    described: str
    output: Path | None = None

    def written(self) -> str:
        return f"Wrote {len(self.sample.cases):,} case(s) of {self.sample.population:,} to {self.output}"

    def name_warning(self) -> str | None:
        """A warning when the file's name does not say it holds personal data."""
        if self.output is None:
            return None
        lowered = self.output.name.lower()
        if "sensitive" in lowered or "personal" in lowered:
            return None
        return (
            f"{self.output.name} holds personal data: a name saying so "
            "(OFFICIAL-SENSITIVE_…) helps keep it safe"
        )


def audit_sample(
    dataset: str,
    *,
    size: int,
    seed: int,
    data: PathLike | None = None,
    stratify: str | None = None,
    area: str | Sequence[str] | None = None,
    year: str | None = None,
    case_column: str | None = None,
    date_column: str | None = None,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    workspace: PathLike | None = None,
    warn: Warn | None = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> pd.DataFrame:
    """`size` cases of `dataset` drawn at random with `seed` (in proportion to `stratify`'s
    values if given), from the councils `area` and the period `year`; with `output`, also
    written to that CSV file exactly as `pm audit-sample` writes it (0600 when new).
    `warn` hears about records that cannot be drawn and a population smaller than `size`.
    The extract is loaded from the cache when read before (`cache`, `no_cache` as for
    `pm.compute`)."""
    return audit_sample_run(
        dataset,
        size=size,
        seed=seed,
        data=data,
        stratify=stratify,
        area=area,
        year=year,
        case_column=case_column,
        date_column=date_column,
        output=output,
        encoding=encoding,
        workspace=workspace,
        warn=warn,
        cache=cache,
        no_cache=no_cache,
    ).table


def audit_sample_run(
    dataset: str,
    *,
    size: int,
    seed: int,
    data: PathLike | None = None,
    stratify: str | None = None,
    area: str | Sequence[str] | None = None,
    year: str | None = None,
    case_column: str | None = None,
    date_column: str | None = None,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    workspace: PathLike | None = None,
    warn: Warn | None = None,
    to_default_file: bool = False,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> AuditDrawn:
    """`audit_sample` with how the sample was drawn; `to_default_file` writes it, when no
    `output` is given, to `default_output(...)` in the current folder as the command does."""
    from pm.calendar import parse_period
    from pm.choices import choose
    from pm.engine.run import resolve_areas
    from pm.guard import refuse_overwriting
    from pm.workspace import workspace_data_folder

    scope = scope_of(workspace)
    folder = Path(data) if data is not None else workspace_data_folder(scope.workspace, EXAMPLE)
    definitions = scope.definitions(check=False)
    dataset = choose(dataset, list(definitions.datasets), "dataset", "a dataset pm knows")
    target = Path(output) if output is not None else None
    if target is None and to_default_file:
        target = default_output(dataset, seed)
    if target is not None:
        refuse_overwriting([target], scope.inputs().add(folder, "the extract"))
    columns = [c.name for c in definitions.datasets[dataset].columns]
    what = f"a column of {dataset}"
    stratify, case_column, date_column = (
        choose(text, columns, option, what) if text is not None else None
        for text, option in (
            (stratify, "--stratify"),
            (case_column, "--case-column"),
            (date_column, "--date-column"),
        )
    )
    areas = resolve_areas(definitions, arguments.texts(area))
    period = parse_period(year) if year else None
    kept = extract_cache(scope, folder, cache=cache, no_cache=no_cache)
    frame = _dataset(definitions, dataset, folder, encoding, warn, kept)
    sample = _draw(frame, dataset, size, seed, stratify, areas, period, case_column, date_column)
    for note in sample.notes:
        _tell(warn, note)
    described = (
        f"Case-file audit sample drawn by pm audit-sample from {dataset}"
        f"{' for ' + ', '.join(areas) if areas else ''}"
        f"{' in ' + period.label if period else ''}: {len(sample.cases):,} of "
        f"{sample.population:,} cases, seed {seed}"
        f"{', stratified by ' + stratify + ' (largest remainder)' if stratify else ''}. "
        "Store and share it as personal data; delete it when the audit is done."
    )
    return _finish(sample, definitions, described, target)


def _tell(warn: Warn | None, message: str) -> None:
    if warn is not None:
        warn(message)


def _dataset(definitions, dataset: str, folder: Path, encoding: str, warn: Warn | None, cache):  # type: ignore[no-untyped-def]
    """The dataset's extract read and typed; records with data-quality problems are left
    out, and `warn` hears how many."""
    from pm.data.findings import records_left_out
    from pm.data.reader import read_extracts

    extracts = read_extracts(
        folder,
        definitions.datasets,
        [dataset],
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        encoding=encoding,
        cache=cache,
    )
    for note in extracts.notes:
        _tell(warn, note)
    if dataset not in extracts.datasets:
        raise UsageError(f"no {dataset}.csv (or .parquet) in {folder}")
    left_out = sum(records_left_out(extracts.findings).values())
    if left_out:
        _tell(
            warn,
            f"{left_out:,} record(s) of {dataset} have data-quality problems and cannot be drawn "
            "(run pm compute to list them)",
        )
    return extracts.datasets[dataset]


def _draw(frame, dataset, size, seed, stratify, areas, period, case_column, date_column):  # type: ignore[no-untyped-def]
    from pm.audit import draw_sample

    sample = draw_sample(
        frame,
        size,
        seed,
        stratify=stratify,
        areas=areas,
        period=period,
        case_column=case_column,
        date_column=date_column,
    )
    if sample.population == 0:
        raise UsageError(
            f"no cases of {dataset} in the councils and period chosen: nothing to draw"
        )
    return sample


def _finish(sample: AuditSample, definitions, described: str, target: Path | None) -> AuditDrawn:  # type: ignore[no-untyped-def]
    from pm.audit import sample_csv_bytes, sample_table
    from pm.files import write_bytes_atomic

    names = {c.code: c.name for c in definitions.reference.councils}
    if target is not None:
        write_bytes_atomic(target, sample_csv_bytes(sample, names, described), private=True)
    return AuditDrawn(sample, sample_table(sample, names), described, target)
