"""`pm validate`: check definitions, data-item specifications and reference data."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape

from pm.cli.app import app
from pm.cli.console import out, print_csv
from pm.cli.options import FORMAT_OPTION, OutputFormat
from pm.definitions.problems import CATALOGUE


@app.command("validate")
def validate_command(
    paths: list[Path] = typer.Argument(
        None,
        help=(
            "Definition files or folders to check, or a workspace folder (one holding pm.yaml) "
            "to check as a workspace (default: the shipped indicators/ and the current workspace)."
        ),
        show_default=False,
    ),
    output_format: OutputFormat = FORMAT_OPTION,
    codes: bool = typer.Option(False, "--codes", help="List every problem code and what it means."),
    targets: Path = typer.Option(
        None,
        "--targets",
        "-t",
        help="Also check this targets file (a workspace's pm.yaml and targets.yaml are checked anyway).",
    ),
    plans: list[Path] = typer.Option(
        None,
        "--plans",
        help="Also check these service-plan files or folders (a workspace's plans/ are checked anyway).",
    ),
) -> None:
    """Check indicator definitions and report every problem at once.

    Each problem names the file, the line, a stable code and what to change. Exit code 0
    means everything is valid, 1 that problems were found. Use --format json in CI.
    """
    from pm.definitions.loader import load_definitions
    from pm.workspace import current_workspace, definition_paths

    if codes:
        _print_codes(output_format)
        return
    paths = _as_workspace(list(paths or []))
    definitions = load_definitions(list(paths) if paths else definition_paths(current_workspace()))
    definitions.problems.extend(_workspace_problems(definitions, targets, list(plans or [])))
    problems = definitions.sorted_problems()
    if output_format is OutputFormat.json:
        payload = {
            "valid": definitions.valid,
            "files_checked": definitions.files_checked,
            "indicators": len(definitions.indicators),
            "problems": [p.as_dict() for p in problems],
        }
        out.print_json(json.dumps(payload, ensure_ascii=False))
    elif output_format is OutputFormat.csv:
        import pandas as pd

        columns = ["file", "line", "code", "severity", "message"]
        print_csv(
            pd.DataFrame(
                [
                    [p.file, "" if p.line is None else str(p.line), p.code, p.severity, p.message]
                    for p in problems
                ],
                columns=columns,
            )
        )
    else:
        for p in problems:
            colour = "red" if p.severity == "error" else "yellow"
            out.print(
                f"{escape(p.location())}: [{colour}]{p.code}[/]: {escape(p.message)}",
                markup=True,
                highlight=False,
            )
        if problems:
            files = len({p.file for p in problems})
            out.print(f"{len(problems)} problem(s) in {files} file(s).")
        else:
            out.print(
                f"All {len(definitions.indicators)} definitions in "
                f"{definitions.files_checked} file(s) are valid."
            )
    if not definitions.valid:
        raise typer.Exit(1)


def _as_workspace(paths: list[Path]) -> list[Path]:
    """A workspace folder (or its pm.yaml) given as the path is checked as a workspace: its
    pm.yaml, targets, plans and own indicators beside the shipped definitions."""
    import os

    from pm.errors import UsageError
    from pm.workspace import CONFIG_NAME

    roots = [
        p if p.is_dir() else p.parent
        for p in paths
        if (p.is_dir() and (p / CONFIG_NAME).is_file()) or p.name == CONFIG_NAME
    ]
    if not roots:
        return paths
    if len(paths) > 1:
        raise UsageError(
            f"{roots[0]} is a workspace: check it on its own (pm validate {roots[0]}), "
            "and definition files or folders in another run"
        )
    os.environ["PM_WORKSPACE"] = str(roots[0])  # as 'pm --workspace DIR validate'
    return []


def _workspace_problems(definitions, targets: Path | None, plan_paths: list[Path]) -> list:  # type: ignore[no-untyped-def]
    """Problems of the workspace configuration and of the targets file in force."""
    from pm.comparison.setup import check_workspace, targets_path
    from pm.comparison.targets import load_targets
    from pm.workspace import current_workspace

    workspace = current_workspace()
    problems = check_workspace(workspace, definitions) if workspace else []
    if workspace is not None and not problems:
        from pm.comparison.setup import published_content_problems

        definitions.files_checked += len(workspace.config.published)
        problems.extend(published_content_problems(workspace, definitions))
    path = targets_path(targets, workspace)
    if path is not None:
        definitions.files_checked += 1
        problems.extend(load_targets(path, definitions).problems)
    plans = [p for p in plan_paths if p is not None] or (
        [workspace.path("plans")] if workspace and workspace.path("plans").is_dir() else []
    )
    if plans:
        from pm.plans.load import load_plans, plan_files

        definitions.files_checked += len(plan_files(plans))
        problems.extend(load_plans(plans, definitions)[1])
    return problems


def _print_codes(output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(CATALOGUE))
        return
    for code, title in CATALOGUE.items():
        out.print(f"{code:30} {title}", markup=False, highlight=False)
