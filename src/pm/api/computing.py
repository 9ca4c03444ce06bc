"""`pm.compute`: every indicator for every council and period, from a folder of extracts,
as `pm compute` computes (and, with `output=`, writes) it.

`compute_run` is the whole run, for whoever shows more than the table (the CLI): the
results, what was read, the manifest, and the notes `pm compute` prints, in its order.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm import guard
from pm.api import arguments
from pm.api.arguments import PathLike, Paths, Texts
from pm.api.caching import extract_cache
from pm.api.choosing import (
    breakdown_names,
    check_team_and_confidence,
    indicator_ids,
    periods_of,
)
from pm.api.notes import Notes
from pm.api.scope import Scope, scope_of
from pm.api.writing import check_table_output, comparison_inputs, output_set, sidecar
from pm.comparison.published_files import published_sources
from pm.comparison.run import compared_table
from pm.data.cache import ExtractCache
from pm.data.findings import records_left_out
from pm.data.reader import Extracts
from pm.definitions.breakdowns import has_team
from pm.definitions.definition_set import DefinitionSet
from pm.engine import run as engine_run
from pm.engine.compute import ComputeOptions
from pm.engine.run import Run, coverage_line, frameworks_line, resolve_areas
from pm.engine.withheld import publishable
from pm.errors import UsageError
from pm.files import write_files_atomic
from pm.outputs import indicator_decimals, table_bytes
from pm.workspace import workspace_data_folder

__all__ = ["ComputeRun", "compute", "compute_run"]

Progress = Callable[[int, int], None]


@dataclass
class ComputeRun:
    """One compute call: `table` is the results as `pm compute` shows or writes them;
    `notes` the (level, line) pairs it prints on stderr, in order; `written` the files."""

    table: pd.DataFrame
    results: pd.DataFrame
    extracts: Extracts
    manifest: dict[str, object]
    definitions: DefinitionSet
    confidence: float
    coverage: str
    compared: bool
    notes: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def compute(
    data: PathLike | None = None,
    *,
    years: Texts = None,
    periods: Texts = None,
    months: Texts = None,
    indicators: Texts = None,
    frameworks: Texts = None,
    areas: Texts = None,
    breakdowns: Texts = None,
    team: str | None = None,
    confidence: float = 0.95,
    compare: bool = False,
    targets: PathLike | None = None,
    published: Paths = None,
    for_publication: bool = False,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    definitions: Paths = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> pd.DataFrame:
    """The results table `pm compute` writes, one row per indicator, period, area and
    breakdown; with `compare` (or `targets`/`published`) also banded and compared as `pm
    compare` does. With `output`, also writes it with its data-quality report and manifest,
    all or none. `warn` hears the warnings the command prints; `progress(done, total)` each
    indicator and period computed. The checked extracts are kept in the cache (`cache`, by
    default the workspace's `.pm-cache/`) and loaded from it next time, unless `no_cache`.
    Raises pm's errors (UsageError, InputError, PmError)."""
    return compute_run(**locals()).table


def compute_run(
    data: PathLike | None = None,
    *,
    years: Texts = None,
    periods: Texts = None,
    months: Texts = None,
    indicators: Texts = None,
    frameworks: Texts = None,
    areas: Texts = None,
    breakdowns: Texts = None,
    team: str | None = None,
    confidence: float = 0.95,
    compare: bool = False,
    targets: PathLike | None = None,
    published: Paths = None,
    for_publication: bool = False,
    output: PathLike | None = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    definitions: Paths = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
    inform: Callable[[str], None] | None = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> ComputeRun:
    """`pm compute` as one call (see `compute`); `warn` and `inform` hear its warnings and
    its other lines as they come (the same lines are kept in `.notes`)."""
    chosen = periods_of(arguments.texts(years), arguments.texts(periods), arguments.texts(months))
    check_team_and_confidence(team, confidence)
    scope = scope_of(workspace, arguments.paths(definitions) or None)
    loaded = scope.definitions()
    ids = indicator_ids(loaded, *_measures_asked(scope, indicators, frameworks))
    options = ComputeOptions(
        confidence=confidence,
        breakdowns=breakdown_names(loaded, ids, arguments.texts(breakdowns)),
        areas=resolve_areas(loaded, arguments.texts(areas)),
        team=team.strip() if team else None,
    )
    folder = arguments.path(data) or workspace_data_folder(scope.workspace)
    written, targets_file = arguments.path(output), arguments.path(targets)
    published_files = arguments.paths(published)
    if written is not None:
        _refuse_outputs(scope, written, folder, targets_file, published_files)
    kept = extract_cache(scope, folder, cache=cache, no_cache=no_cache)
    comparing = compare or targets_file is not None or bool(published_files)
    wanted_areas = options.areas
    if comparing:
        # Ranks, quartiles and Wales need every council: all are computed, those asked for kept.
        # The change from last year is given where last year is computed too (as pm compare).
        options.areas = []
    run = _counted_run(loaded, folder, chosen, ids, options, encoding, date_format, progress, kept)
    notes = Notes(warn, inform)
    _quality_notes(notes, run.extracts, sidecar(written, "data-quality.csv") if written else None)
    notes.info(coverage_line(run, loaded))
    if framework_words := frameworks_line(run):
        notes.warning(framework_words)
    results = run.results
    if comparing:
        results = _compared(
            run, loaded, scope, targets_file, published_files, confidence, notes, wanted_areas
        )
    table = publishable(results, loaded) if for_publication else results
    if options.team:
        _team_view(notes, run, loaded, ids, options.team, options.areas)
    done = ComputeRun(
        table, results, run.extracts, run.manifest, loaded, confidence,
        coverage_line(run, loaded), comparing, notes.lines,
    )  # fmt: skip
    if written is not None:
        done.written = _write(done, written, for_publication)
    return done


def _compared(
    run: Run,
    loaded: DefinitionSet,
    scope: Scope,
    targets: Path | None,
    published: list[Path],
    confidence: float,
    notes: Notes,
    wanted_areas: list[str],
) -> pd.DataFrame:
    """The results banded and compared as `pm compare` does, then only the areas asked for."""
    results = compared_table(
        run.results,
        loaded,
        targets=targets,
        published=published,
        confidence=confidence,
        warn=notes.warning,
        workspace=scope.workspace,
    )
    run.manifest["compared"] = comparison_inputs(targets, published, scope.workspace)
    if wanted_areas:
        results = results[results["area"].isin(wanted_areas)].reset_index(drop=True)
    run.manifest["rows"] = len(results)
    return results


def _measures_asked(
    scope: Scope, indicators: Texts, frameworks: Texts
) -> tuple[list[str], list[str]]:
    """The measures named, else those the workspace reports (`measures:` in pm.yaml), else
    none (all of them)."""
    named, chosen = arguments.texts(indicators), arguments.texts(frameworks)
    config = scope.workspace.config.measures if scope.workspace else None
    if named or chosen or config is None:
        return named, chosen
    return list(config.indicators), list(config.frameworks)


def _refuse_outputs(
    scope: Scope, output: Path, data: Path, targets: Path | None, published: list[Path]
) -> None:
    """No output may replace an input, and its format must be one pm writes: both said
    before any time is spent computing."""
    inputs = scope.inputs().add(data, "the extract").add(targets, "the targets file")
    for source in published_sources(published, scope.workspace):
        inputs.add(source.path, "the published figures file")
    guard.refuse_overwriting(output_set(output), inputs)
    check_table_output(output)


def _counted_run(
    definitions: DefinitionSet,
    data: Path,
    periods: list,  # type: ignore[type-arg]
    ids: list[str],
    options: ComputeOptions,
    encoding: str,
    date_format: str | None,
    progress: Progress | None,
    cache: ExtractCache | None = None,
) -> Run:
    """run_compute, telling `progress` how many of the indicator-periods are done."""
    total = len(ids) * len(set(periods))
    steps = [0]

    def step(_indicator: str) -> None:
        steps[0] += 1
        if progress is not None:
            progress(steps[0], total)

    return engine_run.run_compute(  # looked up on each call, so that tests can stand in
        definitions,
        data,
        periods,
        ids,
        options,
        encoding=encoding,
        date_format=date_format,
        progress=step if progress is not None else None,
        cache=cache,
    )


def _quality_notes(notes: Notes, extracts: Extracts, quality_file: Path | None) -> None:
    """What was left out, one line per dataset; the records themselves, with their line and
    what to do, are in the data-quality report. First, any cache entry found damaged."""
    for note in extracts.notes:
        notes.warning(note)
    for name in extracts.missing:
        notes.warning(f"no {name}.csv in {extracts.folder}: indicators using it show no_data")
    if not extracts.findings:
        return
    records = records_left_out(extracts.findings)
    where = (
        f"each is listed, with its line and what to do, in {quality_file}"
        if quality_file is not None
        else "run again with --output FILE to list each, with its line and what to do"
    )
    notes.warning(
        f"{sum(records.values()):,} record(s) left out for data-quality problems; {where}:"
    )
    for dataset, count in sorted(records.items()):
        codes = Counter(f.code for f in extracts.findings if f.dataset == dataset)
        problems = sum(codes.values())
        listed = ", ".join(f"{n:,} {code}" for code, n in sorted(codes.items()))
        also = f"; {problems:,} problems: " if problems != count else ": "
        notes.info(f"  {dataset}: {count:,} record(s){also}{listed}")


def _team_view(
    notes: Notes,
    run: Run,
    definitions: DefinitionSet,
    ids: list[str],
    team: str,
    areas: list[str],
) -> None:
    """Say which indicators a team view leaves out; no row at all is a usage error that
    lists the teams the extracts hold."""
    without = [
        i for i in ids if not has_team(definitions.datasets.get(definitions.indicators[i].dataset))
    ]
    if without:
        notes.info(f"No team column in the data of {', '.join(without)}: not in the team view.")
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


def _write(run: ComputeRun, output: Path, for_publication: bool) -> list[Path]:
    """The results, the data-quality report and the manifest, replaced all together."""
    findings = run.extracts.findings_frame()
    manifest = dict(run.manifest, for_publication=for_publication, output=str(output))
    quality, described = sidecar(output, "data-quality.csv"), sidecar(output, "manifest.json")
    write_files_atomic(
        {
            output: table_bytes(
                run.table,
                output.suffix,
                decimals=indicator_decimals(run.definitions),
                extra_sheets={"data quality": findings},  # Excel only: a second sheet
            ),
            quality: table_bytes(findings, ".csv"),
            described: (
                json.dumps(manifest, indent=2, ensure_ascii=False, default=str) + "\n"
            ).encode("utf-8"),
        }
    )
    return [output, quality, described]
