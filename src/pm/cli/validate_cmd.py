"""`pm validate`: check definitions, data-item specifications and reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from pm.cli.app import app
from pm.cli.console import out, print_csv
from pm.cli.options import FORMAT_OPTION, OutputFormat

if TYPE_CHECKING:
    from pm.api.checking import Problems


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
    language: str = typer.Option(
        None,
        "--language",
        help=(
            "cy: also list, as notes that do not fail the check, every term (measure titles, "
            "quality standards, aspects, outcomes, local indicators) with no Welsh text."
        ),
    ),
) -> None:
    """Check indicator definitions and report every problem at once.

    Each problem names the file, the line, a stable code and what to change. Exit code 0
    means everything is valid, 1 that problems were found (notes, such as the Welsh terms
    --language cy lists for your translator, never fail it). Use --format json in CI.
    """
    from pm.api.checking import validate

    if codes:
        _print_codes(output_format)
        return
    problems = validate(
        list(paths or []), targets=targets, plans=list(plans or []), language=language
    )
    if output_format is OutputFormat.json:
        payload = {
            "valid": problems.valid,
            "files_checked": problems.files_checked,
            "indicators": problems.indicators,
            "problems": [p.as_dict() for p in problems],
        }
        if problems.welsh is not None:
            payload["welsh_terms"] = problems.welsh
        out.print_json(json.dumps(payload, ensure_ascii=False))
    elif output_format is OutputFormat.csv:
        print_csv(problems.table())
    else:
        _print_text(problems)
    if not problems.valid:
        raise typer.Exit(1)


def _print_text(problems: Problems) -> None:
    """Each problem on its own line, then what was found (and, with --language cy, how many
    terms have Welsh)."""
    for p in problems:
        colour = "red" if p.severity == "error" else "yellow"
        out.print(
            f"{escape(p.location())}: [{colour}]{p.code}[/]: {escape(p.message)}",
            markup=True,
            highlight=False,
        )
    if problems:
        files = len({p.file for p in problems})
        notes = sum(p.severity != "error" for p in problems)
        if notes:
            out.print(f"{len(problems) - notes} error(s) and {notes} note(s) in {files} file(s).")
        else:
            out.print(f"{len(problems)} problem(s) in {files} file(s).")
    else:
        out.print(
            f"All {problems.indicators} definitions in {problems.files_checked} file(s) are valid."
        )
    _print_welsh(problems.welsh)


def _print_welsh(counts: dict[str, int] | None) -> None:
    """With --language cy: how many terms have official Welsh, the council's own, none."""
    if counts is None:
        return
    out.print(
        f"Welsh: {counts['official']} term(s) with official Welsh, {counts['council']} with "
        f"your council's own translation, {counts['none']} with none (listed above, for your "
        "translator).",
        markup=False,
        highlight=False,
    )


def _print_codes(output_format: OutputFormat) -> None:
    from pm.api.checking import problem_codes

    catalogue = problem_codes()
    if output_format is OutputFormat.json:
        out.print_json(json.dumps(catalogue))
        return
    for code, title in catalogue.items():
        out.print(f"{code:30} {title}", markup=False, highlight=False)
