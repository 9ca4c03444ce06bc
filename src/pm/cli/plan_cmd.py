"""`pm plan`: each objective of a service plan with its measures' latest bands and its
action plan, overdue actions flagged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.console import info, out
from pm.cli.options import FORMAT_OPTION, OutputFormat
from pm.errors import PmError, UsageError


@app.command("plan")
def plan_command(
    plans: list[Path] = typer.Argument(
        None,
        help="Service-plan files or folders (default: the workspace's plans/).",
        show_default=False,
    ),
    results: Path = typer.Option(
        ...,
        "--results",
        "-r",
        help="Results from pm compute --compare (or pm compare), for the bands.",
        show_default=False,
    ),
    area: str = typer.Option(
        None,
        "--area",
        "-a",
        help="The council (default: the plan's council, then the workspace's).",
    ),
    as_of: str = typer.Option(
        None, "--as-of", help="The date actions are judged overdue on, YYYY-MM-DD (default: today)."
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "Write Markdown (.md) or JSON (.json) here instead of printing; never one of the "
            "inputs, and a file replaced keeps its file mode."
        ),
    ),
    output_format: OutputFormat = FORMAT_OPTION,
) -> None:
    """Show each objective with its rationale, monitoring, measures (latest value, target,
    band, direction) and actions; actions past their due date and not done are OVERDUE.

    Exit code 0 when the plan is shown (overdue actions are reported, not an error);
    1 if a plan file has problems, each given with file and line.
    """
    from pm.definitions.loader import load_definitions
    from pm.engine.run import resolve_areas
    from pm.plans.load import load_plans
    from pm.plans.status import as_records, plan_status
    from pm.results_io import read_results
    from pm.workspace import current_workspace, definition_paths

    workspace = current_workspace()
    paths = list(plans or [])
    if not paths:
        if workspace is None or not workspace.path("plans").is_dir():
            raise UsageError(
                "name a service-plan file, or run inside a workspace with a plans/ folder (see pm init)"
            )
        paths = [workspace.path("plans")]
    if output is not None:
        from pm.guard import refuse_overwriting
        from pm.workspace import current_workspace, standard_inputs

        inputs = standard_inputs(current_workspace()).add(results, "the results file")
        for path in paths:
            inputs.add(path, "the service plan")
        refuse_overwriting([output], inputs)
        if output.suffix.lower() not in (".md", ".json"):
            raise UsageError(f"cannot write '{output.suffix}' plans: use .md or .json")
    definitions = load_definitions(definition_paths(current_workspace()))
    loaded, problems = load_plans(paths, definitions)
    if problems:
        lines = "\n".join(f"{p.location()}: {p.code}: {p.message}" for p in sorted(problems))
        raise PmError(f"the service plan has problems; fix them and run again:\n{lines}")
    today = _date(as_of)
    table = read_results(results, definitions)
    if "band" not in table.columns:
        from pm.comparison.run import compared_table

        table = compared_table(table, definitions, workspace=current_workspace())
    from pm.engine.withheld import withheld

    table = table.assign(suppressed=withheld(table, definitions))  # any signal withholds
    documents = []
    for item in loaded:
        chosen = area or item.plan.council or (workspace.config.council if workspace else None)
        if chosen is None:
            raise UsageError(
                "say which council with --area (or set 'council:' in the plan or pm.yaml)"
            )
        code = resolve_areas(definitions, [chosen])[0]
        statuses = plan_status(item.plan, table, code, today, definitions)
        documents.append((item, code, statuses))
    if output is not None:
        _write(output, documents, today, definitions)
        return
    if output_format is OutputFormat.json:
        out.print_json(
            json.dumps(
                [as_records(i.plan, s, c, today) for i, c, s in documents], ensure_ascii=False
            )
        )
        return
    for item, code, statuses in documents:
        _print(item.plan, statuses, definitions.reference.council_name(code), today)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of '{text}' is not a date: write it like 2024-09-30") from None


def _print(plan, statuses, area_name: str, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table
    from rich.text import Text

    from pm.cli.console import safe
    from pm.comparison.words import band_text, direction_text
    from pm.engine.rounding import format_number

    out.print(
        f"[bold]{safe(plan.title)}[/] — {safe(area_name)}, {safe(plan.year)} "
        f"(owner: {safe(plan.owner)}; actions as of {today})",
        markup=True,
    )
    for status in statuses:
        objective = status.objective
        flag = f"  [red]{status.overdue} overdue[/]" if status.overdue else ""
        out.print(
            f"\n[bold]{safe(objective.id)}[/] {safe(objective.title)} ({objective.kind}){flag}",
            markup=True,
        )
        out.print(f"  Why: {objective.rationale}")
        out.print(f"  Monitoring: {objective.monitoring}")
        measures = Table(title=None, show_edge=False)
        for heading in ("Measure", "Period", "Value", "Target", "Band", "Change"):
            measures.add_column(heading)
        for m in status.measures:
            value = (
                "*"
                if m.suppressed
                else format_number(m.value, m.decimals)
                if m.period
                else "no figures"
            )
            measures.add_row(
                f"{m.indicator} {m.title}",
                m.period,
                value,
                format_number(m.target, m.decimals),
                band_text(m.band),
                direction_text(m.direction, m.change),
            )
        out.print(measures)
        actions = Table(show_edge=False)
        for heading in ("Action", "Owner", "Due", "Status"):
            actions.add_column(heading)
        for action, late in status.actions:
            words = action.status.value.replace("_", " ")
            state = Text.assemble(("OVERDUE", "red"), f" ({words})") if late else Text(words)
            actions.add_row(action.action, action.owner, action.due.isoformat(), state)
        out.print(actions)
        if objective.support:
            out.print("  Support: " + "; ".join(objective.support))


def _write(output: Path, documents, today: dt.date, definitions) -> None:  # type: ignore[no-untyped-def]
    from pm.files import write_bytes_atomic
    from pm.plans.markdown import plan_markdown
    from pm.plans.status import as_records

    suffix = output.suffix.lower()
    if suffix == ".json":
        text = (
            json.dumps(
                [as_records(i.plan, s, c, today) for i, c, s in documents],
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )
    elif suffix == ".md":
        text = "\n".join(
            plan_markdown(i.plan, s, definitions.reference.council_name(c), today)
            for i, c, s in documents
        )
    else:
        raise UsageError(f"cannot write '{suffix}' plans: use .md or .json")
    write_bytes_atomic(output, text.encode("utf-8"))
    info(f"Wrote the service plan status to {output}")
