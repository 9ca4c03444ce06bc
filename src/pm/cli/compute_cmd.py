"""`pm compute`: every indicator for every council and period, from a folder of extracts."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from pm.cli.app import app
from pm.cli.compare_cmd import PUBLISHED_HELP, TARGETS_HELP
from pm.cli.console import err, info, out, warning
from pm.errors import PmError, UsageError


def publishable(table, definitions=None):  # type: ignore[no-untyped-def]
    """The table with figures the disclosure rules hide left empty (pm.engine.withheld:
    any of the suppressed flag, a suppressed status or a count under the threshold)."""
    from pm.engine.withheld import publishable as without_withheld

    return without_withheld(table, definitions)


def sidecar(output: Path, name: str) -> Path:
    return output.with_name(f"{output.stem}.{name}")


def output_set(output: Path) -> list:  # type: ignore[type-arg]
    """The results file and the two files written beside it, as `pm.guard` checks them."""
    from pm.guard import Output

    return [
        Output(output),
        Output(sidecar(output, "data-quality.csv"), beside=output),
        Output(sidecar(output, "manifest.json"), beside=output),
    ]


@app.command("compute")
def compute_command(
    data_dir: Path = typer.Argument(
        None,
        help="Folder holding the extracts (<dataset>.csv or .parquet); default: the workspace's data folder.",
        show_default=False,
    ),
    year: list[str] = typer.Option(
        None,
        "--year",
        "-y",
        help="Financial year such as 2023-24; repeat for several, or 2021-22:2024-25.",
    ),
    period: list[str] = typer.Option(
        None,
        "--period",
        "-p",
        help="A quarter (year to date) such as '2023-24 Q2', or a month such as 2023-06.",
    ),
    month: list[str] = typer.Option(
        None,
        "--month",
        "-m",
        help=(
            "Month by month: a financial year such as 2023-24 gives its 12 months "
            "(also 2022-23:2023-24); a month such as 2023-06 gives that month."
        ),
    ),
    indicator: list[str] = typer.Option(
        None, "--indicator", "-i", help="Only these indicators (repeat); default all."
    ),
    area: list[str] = typer.Option(
        None,
        "--area",
        "-a",
        help="Only these councils, by code or name (repeat); default all 22 and Wales.",
    ),
    breakdown: list[str] = typer.Option(
        None,
        "--breakdown",
        "-b",
        help="Also split by this breakdown, e.g. age_band, sex or team; 'all' for every one.",
    ),
    team: str = typer.Option(
        None,
        "--team",
        help=(
            "A team view: only the rows of this team (as written in the extracts' team column, "
            "any case), for the indicators whose data has a team."
        ),
    ),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help=(
            "Write the results here (.csv, .json, .xlsx or .parquet), with a manifest and a "
            "data-quality report beside it (an .xlsx file also holds it as a second sheet). "
            "The three are replaced together (all or none), keep the file mode of the files "
            "they replace, and may never be one of the inputs."
        ),
    ),
    publication: bool = typer.Option(
        False,
        "--for-publication",
        help="Leave suppressed figures empty (for tables that will be published).",
    ),
    confidence: float = typer.Option(
        0.95, "--confidence", help="Confidence level of the intervals: 0.95 or 0.998."
    ),
    encoding: str = typer.Option(
        "utf-8",
        "--encoding",
        help="Text encoding of the CSV files, e.g. cp1252 for files saved by older Excel.",
    ),
    compare: bool = typer.Option(
        False,
        "--compare",
        "-c",
        help="Also band against targets and compare with last year, Wales, similar councils and all 22 (see pm compare).",
    ),
    targets: Path = typer.Option(None, "--targets", "-t", help=TARGETS_HELP),
    published: list[Path] = typer.Option(None, "--published", help=PUBLISHED_HELP),
    date_format: str = typer.Option(
        None, "--date-format", help="Date format of the extracts if not YYYY-MM-DD, e.g. %d/%m/%Y."
    ),
) -> None:
    """Compute the indicators from a folder of extracts.

    Writes one row per indicator, period, council (and Wales) and breakdown, with numerator,
    denominator, value, 95% confidence interval, suppression flag, status and coverage.
    Records with data-quality problems are left out and listed in the data-quality report.

    Coverage: a council without records in the extracts gets no figure (no_data), never 0;
    Wales gets a figure only when every council is covered; a period the extracts only partly
    cover is marked coverage=partial and never compared. One line says what the extracts
    cover; the manifest lists each dataset's councils and dates. With --compare, the change
    from last year is given where last year is computed too (--year 2023-24:2024-25).
    """
    from pm.calendar import parse_period, parse_year_range
    from pm.definitions.loader import load_definitions
    from pm.engine.compute import ComputeOptions
    from pm.engine.run import coverage_line, resolve_areas
    from pm.outputs import indicator_decimals, table_bytes
    from pm.workspace import current_workspace, definition_paths, workspace_data_folder

    periods = [p for text in (year or []) for p in parse_year_range(text)]
    periods += [parse_period(text) for text in (period or [])]
    periods += [p for text in (month or []) for p in months_of(text)]
    if not periods:
        raise UsageError(
            "say which period to compute: --year 2023-24, --period '2023-24 Q2' or --month 2023-24."
        )
    if team is not None and not team.strip():
        raise UsageError("--team is empty: give a team name as it appears in the team column")
    if confidence not in (0.95, 0.998) and not 0.5 <= confidence < 1:
        raise UsageError("--confidence must be between 0.5 and 1, such as 0.95 or 0.998")
    definitions = load_definitions(definition_paths(current_workspace()))
    if not definitions.valid:
        for problem in definitions.sorted_problems()[:20]:
            err.print(f"{problem.location()}: {problem.code}: {problem.message}", markup=False)
        raise PmError("the definitions have problems (above); run 'pm validate' and fix them first")
    ids = _indicator_ids(definitions, indicator or [])
    options = ComputeOptions(
        confidence=confidence,
        breakdowns=_breakdowns(definitions, ids, list(breakdown or [])),
        areas=resolve_areas(definitions, list(area or [])),
        team=team.strip() if team else None,
    )
    data_dir = data_dir or workspace_data_folder(current_workspace())
    if output is not None:
        from pm.comparison.published_files import published_sources
        from pm.guard import refuse_overwriting
        from pm.workspace import current_workspace, standard_inputs

        inputs = (
            standard_inputs(current_workspace())
            .add(data_dir, "the extract")
            .add(targets, "the targets file")
        )
        for source in published_sources(list(published or []), current_workspace()):
            inputs.add(source.path, "the published figures file")
        refuse_overwriting(output_set(output), inputs)
        check_table_output(output)
    comparing = compare or targets is not None or bool(published)
    wanted_areas = options.areas
    if comparing:
        # Ranks, quartiles and the Wales figure need every council: compute them all, then
        # keep only the councils asked for. The change from the year before is given where
        # the year before is computed too, as `pm compare` gives it from the saved results.
        options.areas = []
    run = _run_with_progress(definitions, data_dir, periods, ids, options, encoding, date_format)
    results = run.results
    _report_quality(run, sidecar(output, "data-quality.csv") if output is not None else None)
    info(coverage_line(run, definitions))
    if comparing:
        from pm.comparison.run import compared_table

        results = compared_table(
            results,
            definitions,
            targets=targets,
            published=list(published or []),
            confidence=confidence,
            warn=warning,
            workspace=current_workspace(),
        )
        run.manifest["compared"] = _comparison_inputs(targets, list(published or []))
        if wanted_areas:
            results = results[results["area"].isin(wanted_areas)].reset_index(drop=True)
        run.manifest["rows"] = len(results)
    table = publishable(results, definitions) if publication else results
    if team:
        _report_team_view(run, definitions, ids, team.strip(), options.areas)
    if output is None:
        if "band" in table.columns:
            from pm.cli.compare_cmd import print_compared

            print_compared(table, definitions)
        else:
            _print_table(table, confidence)
        return
    from pm.files import write_files_atomic

    findings = run.extracts.findings_frame()
    manifest = dict(run.manifest, for_publication=publication, output=str(output))
    write_files_atomic(
        {
            output: table_bytes(
                table,
                output.suffix,
                decimals=indicator_decimals(definitions),
                extra_sheets={"data quality": findings},  # Excel only: a second sheet
            ),
            sidecar(output, "data-quality.csv"): table_bytes(findings, ".csv"),
            sidecar(output, "manifest.json"): (
                json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n"
            ).encode("utf-8"),
        }
    )
    info(f"Wrote {len(table):,} rows to {output}")
    info(f"  data-quality report: {sidecar(output, 'data-quality.csv')}")
    info(f"  manifest: {sidecar(output, 'manifest.json')}")


def _comparison_inputs(targets: Path | None, published: list[Path]) -> dict[str, object]:
    """What the bands and benchmarks were made from, with digests, for the manifest."""
    import hashlib

    from pm.comparison.published_files import published_sources
    from pm.comparison.setup import targets_path
    from pm.workspace import current_workspace

    workspace = current_workspace()

    def described_file(path: Path | None) -> dict[str, str] | None:
        if path is None:
            return None
        return {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}

    return {
        "workspace": str(workspace.root) if workspace else None,
        "comparator_groups": workspace.config.comparator_groups if workspace else {},
        "targets": described_file(targets_path(targets, workspace)),
        "published": [
            described_file(source.path) for source in published_sources(published, workspace)
        ],
    }


def months_of(text: str) -> list:  # type: ignore[type-arg]
    """--month: a financial year (or a range of them) gives every month; a month gives itself."""
    from pm.calendar import months_of_year, parse_period, parse_year_range

    if ":" in text:
        return [m for year in parse_year_range(text) for m in months_of_year(year)]
    chosen = parse_period(text)
    if chosen.grain == "year":
        return months_of_year(chosen)
    if chosen.grain == "month":
        return [chosen]
    raise UsageError(
        f"--month takes a financial year such as 2023-24 or a month such as 2023-06, not '{text}'"
    )


def _report_team_view(run, definitions, ids: list[str], team: str, areas: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Say which indicators a team view leaves out, and list the teams if none matched."""
    from pm.definitions.breakdowns import has_team

    without = [
        i for i in ids if not has_team(definitions.datasets.get(definitions.indicators[i].dataset))
    ]
    if without:
        info(f"No team column in the data of {', '.join(without)}: not in the team view.")
    if run.results.empty:
        teams: set[str] = set()
        for dataset in run.extracts.datasets.values():
            frame = dataset.frame
            if "team" in frame.columns:
                if areas:
                    frame = frame[frame["la_code"].isin(areas)]
                teams.update(str(t) for t in frame["team"].dropna().unique())
        known = ", ".join(sorted(teams)[:30]) or "none"
        raise UsageError(f"no results for team '{team}'; teams in these extracts: {known}")


def _indicator_ids(definitions, wanted: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    from pm.definitions.lookup import find_indicators
    from pm.definitions.ordering import indicator_sort_key

    if not wanted:
        return sorted(definitions.indicators, key=indicator_sort_key)
    return [indicator.id for indicator in find_indicators(definitions, wanted)]


def _breakdowns(definitions, ids: list[str], given: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The breakdowns asked for, by their defined names (any case); one that none of the
    indicators offers is a usage error naming the nearest, not a silently missing split."""
    from pm.choices import choose
    from pm.definitions.breakdowns import breakdowns_of

    offered: dict[str, list[str]] = {}
    for indicator_id in ids:
        indicator = definitions.indicators[indicator_id]
        for b in breakdowns_of(indicator, definitions.datasets.get(indicator.dataset)):
            offered.setdefault(b.name, []).append(indicator_id)
    which = ", ".join(ids) if len(ids) <= 3 else "the indicators asked for"
    return [
        choose(text, ["all", *offered], "--breakdown", f"a breakdown of {which}") for text in given
    ]


def check_table_output(output: Path) -> None:
    """Refuse an output whose format pm cannot write before spending time computing."""
    from pm.outputs import FORMATS

    if output.suffix.lower() not in FORMATS:
        raise UsageError(
            f"{output}: cannot tell the format from '{output.suffix or 'no extension'}'; "
            f"end the file name with {', '.join(FORMATS)}"
        )


def _run_with_progress(definitions, data_dir, periods, ids, options, encoding, date_format):  # type: ignore[no-untyped-def]
    from pm.engine.run import run_compute

    if not err.is_terminal:
        return run_compute(
            definitions, data_dir, periods, ids, options, encoding=encoding, date_format=date_format
        )
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("Computing", total=len(ids) * len(set(periods)))
        return run_compute(
            definitions,
            data_dir,
            periods,
            ids,
            options,
            encoding=encoding,
            date_format=date_format,
            progress=lambda _id: bar.advance(task),
        )


def _report_quality(run, quality_file: Path | None) -> None:  # type: ignore[no-untyped-def]
    """What was left out, one line per dataset; the records themselves, with their line and
    what to do, are in the data-quality report."""
    from collections import Counter

    from pm.data.findings import records_left_out

    extracts = run.extracts
    for name in extracts.missing:
        warning(f"no {name}.csv in {extracts.folder}: indicators using it show no_data")
    if not extracts.findings:
        return
    records = records_left_out(extracts.findings)
    where = (
        f"each is listed, with its line and what to do, in {quality_file}"
        if quality_file is not None
        else "run again with --output FILE to list each, with its line and what to do"
    )
    warning(f"{sum(records.values()):,} record(s) left out for data-quality problems; {where}:")
    for dataset, count in sorted(records.items()):
        codes = Counter(f.code for f in extracts.findings if f.dataset == dataset)
        problems = sum(codes.values())
        listed = ", ".join(f"{n:,} {code}" for code, n in sorted(codes.items()))
        also = f"; {problems:,} problems: " if problems != count else ": "
        info(f"  {dataset}: {count:,} record(s){also}{listed}")


def _print_table(table, confidence: float = 0.95) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from pm.engine.rounding import format_number

    shown = Table(show_lines=False)
    for heading in (
        "Indicator",
        "Period",
        "Area",
        "Breakdown",
        "Numerator",
        "Denominator",
        "Value",
        f"{confidence * 100:g}% CI",  # the level asked for with --confidence
        "Status",
    ):
        shown.add_column(heading, overflow="fold")
    for row in table.itertuples(index=False):
        ci = (
            ""
            if row.lower_ci != row.lower_ci
            else f"{format_number(row.lower_ci)}–{format_number(row.upper_ci)}"
        )
        shown.add_row(
            row.indicator,
            row.period,
            row.area_name,
            row.breakdown,
            format_number(row.numerator, 0),
            format_number(row.denominator, 0),
            format_number(row.value),
            ci,
            row.status + (" (partly covered)" if row.coverage == "partial" else ""),
        )
    out.print(shown)
