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
    from pm.api.planning import plan_run

    shown = plan_run(plans or None, results=results, area=area, as_of=as_of, output=output)
    if output is not None:
        info(f"Wrote the service plan status to {output}")
        return
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(shown.records(), ensure_ascii=False))
        return
    for document in shown.documents:
        _print(document.plan, document.statuses, document.area_name, shown.today)


def _print(plan, statuses, area_name: str, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table
    from rich.text import Text

    from pm.api.words import band_text, direction_text, format_number
    from pm.cli.console import safe

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
