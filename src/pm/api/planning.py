"""`pm.plan`: where each objective of a service plan stands — its measures' latest figures
and bands for one council, and its actions, those past their due date flagged overdue."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pm.api import arguments
from pm.api.scope import PathLike, scope_of
from pm.errors import PmError, UsageError
from pm.plans import ServicePlan
from pm.plans.status import ObjectiveStatus


@dataclass
class PlanDocument:
    """One service plan's status for one council."""

    plan: ServicePlan
    area: str  # council code
    area_name: str
    statuses: list[ObjectiveStatus]


@dataclass
class PlansShown:
    """Every plan's status, the date actions were judged on, and the file written, if any."""

    documents: list[PlanDocument]
    today: dt.date
    output: Path | None = None
    notes: list[str] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Plain data, one dict per plan (what `pm plan --format json` prints)."""
        from pm.plans.status import as_records

        return [as_records(d.plan, d.statuses, d.area, self.today) for d in self.documents]

    def markdown(self) -> str:
        """The plans as Markdown (what `pm plan --output status.md` writes)."""
        from pm.plans.markdown import plan_markdown

        return "\n".join(
            plan_markdown(d.plan, d.statuses, d.area_name, self.today) for d in self.documents
        )


def plan(
    plans: PathLike | Sequence[PathLike] | None = None,
    *,
    results: PathLike,
    area: str | None = None,
    as_of: str | dt.date | None = None,
    output: PathLike | None = None,
    workspace: PathLike | None = None,
) -> list[dict[str, Any]]:
    """Each plan's objectives with their measures (latest value, target, band, direction)
    from `results` (pm compute --compare or pm compare), and their actions judged overdue
    on `as_of` (default today): one dict per plan, as `pm plan --format json` prints.
    `plans` defaults to the workspace's plans/ folder; `area` to the plan's council, then
    the workspace's; with `output` (.md or .json) the status is also written there."""
    return plan_run(
        plans, results=results, area=area, as_of=as_of, output=output, workspace=workspace
    ).records()


def plan_run(
    plans: PathLike | Sequence[PathLike] | None = None,
    *,
    results: PathLike,
    area: str | None = None,
    as_of: str | dt.date | None = None,
    output: PathLike | None = None,
    workspace: PathLike | None = None,
) -> PlansShown:
    """`plan` with each plan's status as objects, for rendering."""
    from pm.definitions.loader import load_definitions
    from pm.plans.load import load_plans

    scope = scope_of(workspace)
    paths = _plan_paths(plans, scope.workspace)
    results_path = Path(results)
    target = Path(output) if output is not None else None
    if target is not None:
        _check_output(target, scope, results_path, paths)
    definitions = load_definitions(list(scope.definition_folders))
    loaded, problems = load_plans(paths, definitions)
    if problems:
        lines = "\n".join(f"{p.location()}: {p.code}: {p.message}" for p in sorted(problems))
        raise PmError(f"the service plan has problems; fix them and run again:\n{lines}")
    today = _date(as_of)
    table = _results(results_path, definitions, scope.workspace)
    documents = [_document(item.plan, area, table, today, definitions, scope) for item in loaded]
    shown = PlansShown(documents, today, target)
    if target is not None:
        _write(target, shown)
    return shown


def _plan_paths(plans: PathLike | Sequence[PathLike] | None, workspace) -> list[Path]:  # type: ignore[no-untyped-def]
    paths = arguments.paths(plans)
    if not paths:
        if workspace is None or not workspace.path("plans").is_dir():
            raise UsageError(
                "name a service-plan file, or run inside a workspace with a plans/ folder (see pm init)"
            )
        paths = [workspace.path("plans")]
    return paths


def _check_output(output: Path, scope, results: Path, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    from pm.guard import refuse_overwriting

    inputs = scope.inputs().add(results, "the results file")
    for path in paths:
        inputs.add(path, "the service plan")
    refuse_overwriting([output], inputs)
    if output.suffix.lower() not in (".md", ".json"):
        raise UsageError(f"cannot write '{output.suffix}' plans: use .md or .json")


def _date(value: str | dt.date | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date: write it like 2024-09-30") from None


def _results(path: Path, definitions, workspace):  # type: ignore[no-untyped-def]
    """The results with their bands (compared here if the file has none), withheld rows
    marked: any signal withholds."""
    from pm.engine.withheld import withheld
    from pm.results_io import read_results

    table = read_results(path, definitions)
    if "band" not in table.columns:
        from pm.comparison.run import compared_table

        table = compared_table(table, definitions, workspace=workspace)
    return table.assign(suppressed=withheld(table, definitions))


def _document(plan, area, table, today, definitions, scope) -> PlanDocument:  # type: ignore[no-untyped-def]
    from pm.engine.run import resolve_areas
    from pm.plans.status import plan_status

    workspace = scope.workspace
    chosen = area or plan.council or (workspace.config.council if workspace else None)
    if chosen is None:
        raise UsageError("say which council with --area (or set 'council:' in the plan or pm.yaml)")
    code = resolve_areas(definitions, [chosen])[0]
    statuses = plan_status(plan, table, code, today, definitions)
    return PlanDocument(plan, code, definitions.reference.council_name(code), statuses)


def _write(output: Path, shown: PlansShown) -> None:
    from pm.files import write_bytes_atomic

    suffix = output.suffix.lower()
    if suffix == ".json":
        text = json.dumps(shown.records(), ensure_ascii=False, indent=1) + "\n"
    elif suffix == ".md":
        text = shown.markdown()
    else:
        raise UsageError(f"cannot write '{suffix}' plans: use .md or .json")
    write_bytes_atomic(output, text.encode("utf-8"))
