"""`pm.explain`: the records behind one figure, so anyone can reconcile it by hand.

The trail lists every record the indicator touched for one council and period, with its
role (numerator, denominator only, counted, not counted, excluded with the reason, or a
data-quality error); the figure above it is the one `pm.compute` gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm.api.caching import extract_cache
from pm.api.scope import PathLike, scope_of
from pm.errors import UsageError

EXAMPLE = "pm explain ID --data DATA_DIR --year 2023-24 --area Cardiff"


@dataclass
class Explained:
    """What `pm explain` shows: the figure line, the trail, and where it was written."""

    trail: pd.DataFrame
    figure: str  # "PM18 2023-24 Cardiff: numerator 3, denominator 4, value 75.0 (ok)"
    output: Path | None = None
    notes: list[str] = field(default_factory=list)

    def written(self) -> str:
        """The line saying where the trail went (only when it was written to a file)."""
        return f"Wrote {len(self.trail):,} records to {self.output} (contains person identifiers)"


def explain(
    indicator: str,
    *,
    data: PathLike | None = None,
    year: str | None = None,
    period: str | None = None,
    area: str | None = None,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> pd.DataFrame:
    """The trail behind `indicator`'s figure for one council (default: the workspace's) and
    one period (`year` or `period`), read from `data` (default: the workspace's data
    folder); with `output`, also written to that CSV/XLSX file (0600 when new). The
    extracts are loaded from the cache when read before (`cache`, `no_cache` as for
    `pm.compute`)."""
    return explain_run(
        indicator,
        data=data,
        year=year,
        period=period,
        area=area,
        output=output,
        encoding=encoding,
        date_format=date_format,
        workspace=workspace,
        cache=cache,
        no_cache=no_cache,
    ).trail


def explain_run(
    indicator: str,
    *,
    data: PathLike | None = None,
    year: str | None = None,
    period: str | None = None,
    area: str | None = None,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> Explained:
    """`explain` with the figure line the command prints above the trail."""
    from pm.calendar import parse_period
    from pm.data.reader import read_extracts
    from pm.definitions.loader import load_definitions
    from pm.definitions.lookup import find_indicator
    from pm.engine.run import datasets_needed, resolve_areas
    from pm.engine.trail import explain as trail_of
    from pm.outputs import write_table
    from pm.workspace import workspace_data_folder

    if (year is None) == (period is None):
        raise UsageError("give one period: --year 2023-24 or --period '2023-24 Q2'")
    chosen = parse_period(year or period)  # type: ignore[arg-type]
    scope = scope_of(workspace)
    folder = Path(data) if data is not None else workspace_data_folder(scope.workspace, EXAMPLE)
    if area is None:
        area = scope.workspace.config.council if scope.workspace else None
        if area is None:
            raise UsageError("say which council: --area Cardiff (or W06000015)")
    target = Path(output) if output is not None else None
    if target is not None:
        _check_output(target, scope.inputs().add(folder, "the extract"))
    kept = extract_cache(scope, folder, cache=cache, no_cache=no_cache)
    definitions = load_definitions(list(scope.definition_folders))
    found = find_indicator(definitions, indicator)
    [code] = resolve_areas(definitions, [area])
    extracts = read_extracts(
        folder,
        definitions.datasets,
        datasets_needed(definitions, [found.id]),
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        encoding=encoding,
        date_format=date_format,
        cache=kept,
    )
    trail = trail_of(found, definitions, extracts, chosen, code)
    figure = _figure(found, definitions, extracts, chosen, code)
    if target is not None:
        write_table(trail, target, sheet="trail", private=True)
    return Explained(trail, figure, target, extracts.notes)


def _check_output(output: Path, inputs) -> None:  # type: ignore[no-untyped-def]
    from pm.guard import refuse_overwriting
    from pm.outputs import FORMATS

    refuse_overwriting([output], inputs)
    if output.suffix.lower() not in FORMATS:
        raise UsageError(
            f"{output}: cannot tell the format from '{output.suffix or 'no extension'}'; "
            f"end the file name with {', '.join(FORMATS)}"
        )


def _figure(indicator, definitions, extracts, period, code: str) -> str:  # type: ignore[no-untyped-def]
    """The figure line: the same numbers `pm compute` gives for this council and period."""
    from pm.engine.compute import ComputeOptions, compute_indicator
    from pm.engine.rounding import format_number

    figure = compute_indicator(
        indicator, definitions, extracts, period, ComputeOptions(areas=[code])
    )
    total = figure[figure["breakdown"] == ""].iloc[0]
    return (
        f"{indicator.id} {period.label} {total['area_name']}: "
        f"numerator {format_number(total['numerator'], 0)}, "
        f"denominator {format_number(total['denominator'], 0)}, "
        f"value {format_number(total['value'], indicator.decimals)} ({total['status']})"
    )


def trail_cells(trail: pd.DataFrame) -> Iterator[list[str]]:
    """Each row of a trail as the text of its cells, for a table on screen: empty for a
    missing value, dates without a midnight time, whole numbers without '.0'."""
    for row in trail.itertuples(index=False):
        yield ["" if (not isinstance(v, str) and _missing(v)) else _shown(v) for v in row]


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _shown(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return (
            value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
