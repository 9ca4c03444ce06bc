"""`pm.data_return`: a council's data return for a framework and year, as `pm return`
writes it, with its validation summary.

The measures are computed as `pm compute` computes them (every council, so that disclosure
control protects lone cells as it does there), for the year and the year before (for the
change check); the council's lines are then laid out, withheld and rounded by
`pm.returns`. With `output=`, the return, its validation summary (a sheet of an Excel
return, a `<name>.validation.csv` beside a CSV one), the data-quality report and the
manifest are written together, all or none.

`language` (en, cy or both; default the workspace's `language:`, else en) chooses the words
of the return's titles, notes, check details and, in a workbook, its sheet names and
headers; the codes and figures are the same in every language (`pm.returns.files`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm import guard
from pm.api import arguments
from pm.api.arguments import PathLike, Paths
from pm.api.computing import _counted_run, _quality_notes  # the steps pm compute takes
from pm.api.notes import Notes
from pm.api.scope import scope_of
from pm.api.writing import sidecar
from pm.calendar import Period, previous_period
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.reference import WALES, Framework
from pm.engine.compute import ComputeOptions
from pm.engine.run import Run, coverage_line, resolve_areas
from pm.errors import InputError, UsageError
from pm.files import write_files_atomic
from pm.guard import Output
from pm.i18n import language as writing_in
from pm.outputs import table_bytes
from pm.returns import checks as checking
from pm.returns.files import Version, check_return_output, checks_csv, return_bytes
from pm.returns.framework import choose_framework, framework_measures, parts_of, return_year
from pm.returns.layout import published, return_lines, value_decimals
from pm.workspace import workspace_data_folder

__all__ = ["ReturnMade", "data_return"]


@dataclass
class ReturnMade:
    """One return: `table` as written, `checks` its validation summary (`summary` in one
    line), what it is for, the manifest, the lines `pm return` prints (`notes`, as
    (level, line) pairs) and the files written. `table` and `checks` are in the return's
    first language; `versions` holds them in each language written (Welsh first)."""

    table: pd.DataFrame
    checks: pd.DataFrame
    summary: str
    framework: str
    year: str
    area: str
    area_name: str
    manifest: dict[str, object]
    decimals: list[int] = field(default_factory=list)  # each row's value decimals
    notes: list[tuple[str, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)  # one per language

    @property
    def languages(self) -> list[str]:
        return [version.language for version in self.versions]


def data_return(
    data: PathLike | None = None,
    *,
    year: str,
    framework: str | None = None,
    area: str | None = None,
    output: PathLike | None = None,
    change_limit: float = checking.DEFAULT_CHANGE_LIMIT,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    definitions: Paths = None,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
    inform: Callable[[str], None] | None = None,
    language: str | None = None,
) -> ReturnMade:
    """The return of `area` (default: the workspace's council) for `framework` (default: the
    national framework in force in `year`) and `year`, one row per measure and part; with
    `output` (.csv or .xlsx) also written beside its validation summary, data-quality report
    and manifest. A change of more than `change_limit` per cent on last year is flagged.
    `language`: en, cy or both (Welsh, then English); default the workspace's `language:`,
    else en.
    Raises UsageError for an unknown framework or council, a year outside the framework's
    years or an output that would replace an input; InputError when the extracts hold no
    records of the council, or none for the year."""
    if not 0 < change_limit:
        raise UsageError("--change-limit is a percentage above 0, such as 50")
    period = return_year(year)
    scope = scope_of(workspace, arguments.paths(definitions) or None)
    languages = report_languages(
        language, scope.workspace.config.language if scope.workspace else None
    )
    loaded = scope.definitions()
    chosen = choose_framework(loaded.reference, framework, period)
    measures = framework_measures(loaded, chosen)
    code, name = _council(
        loaded, area or (scope.workspace.config.council if scope.workspace else None)
    )
    folder = arguments.path(data) or workspace_data_folder(
        scope.workspace, "pm return DATA_DIR --year 2024-25 --area CODE"
    )
    written = arguments.path(output)
    if written is not None:
        check_return_output(written.suffix, str(written))
        guard.refuse_overwriting(_outputs(written), scope.inputs().add(folder, "the extract"))
    options = ComputeOptions(
        breakdowns=sorted({b.name for i in measures for b in parts_of(i)}), areas=[]
    )
    last = previous_period(period)
    ids = [i.id for i in measures]
    run = _counted_run(
        loaded, folder, [last, period], ids, options, encoding, date_format, progress
    )
    notes = Notes(warn, inform)
    _quality_notes(notes, run.extracts, sidecar(written, "data-quality.csv") if written else None)
    notes.info(coverage_line(run, loaded))
    _refuse_without_records(run, code, name, folder)
    this_year = _year(run, loaded, measures, chosen, period, code, name)  # words in English
    if not checking.holds_figures(this_year):
        raise InputError(
            f"the extracts in {guard.shown(folder)} hold no records of {name} for {period.label} "
            f"for any measure of {chosen.id}: choose a year they cover ({coverage_line(run, loaded)})"
        )
    last_year: checking.Year | None = _year(run, loaded, measures, chosen, last, code, name)
    if last_year is not None and not checking.holds_figures(last_year):
        last_year = None
    versions = _versions(
        languages, loaded, chosen, measures, (this_year, last_year), code, change_limit
    )
    decimals = [value_decimals(loaded.indicators[i]) for i in this_year.published["indicator"]]
    made = ReturnMade(
        versions[0].table, versions[0].checks, checking.summary(versions[0].checks), chosen.id,
        period.label, code, name, run.manifest, decimals, notes.lines, versions=versions,
    )  # fmt: skip
    if written is not None:
        made.written = _write(made, written, run, change_limit)
    return made


def _council(definitions: DefinitionSet, area: str | None) -> tuple[str, str]:
    """The council's code and name, from a code or name in any case."""
    if area is None or not area.strip():
        raise UsageError(
            "say whose return it is: --area with a council's code or name (such as Cardiff), "
            "or run inside a workspace whose pm.yaml names the council"
        )
    code = resolve_areas(definitions, [area])[0]
    return code, definitions.reference.council_name(code)


def _versions(
    languages: tuple[str, ...],
    definitions: DefinitionSet,
    framework: Framework,
    measures: list[Indicator],
    years: tuple[checking.Year, checking.Year | None],
    area: str,
    change_limit: float,
) -> list[Version]:
    """The return and its checks in each language: the same lines and figures, the words
    (titles, notes, details, the council's name) in that language."""
    this_year, last_year = years
    versions = []
    for written_in in languages:
        with writing_in(written_in):
            table = published(
                this_year.lines, definitions, framework=framework.id, year=this_year.label,
                area=area, area_name=_area_name(definitions, area, written_in),
            )  # fmt: skip
            checks = checking.all_checks(framework, this_year, last_year, measures, change_limit)
        versions.append(Version(written_in, table, checks))
    return versions


def report_languages(given: str | None, workspace_default: str | None) -> tuple[str, ...]:
    """The languages of the return, as `pm report` chooses them (Welsh first for both)."""
    from pm.api.reports import report_languages as chosen

    return chosen(given, workspace_default)


def _area_name(definitions: DefinitionSet, code: str, written_in: str) -> str:
    """The council's (or Wales's) name in the language: Welsh names are official."""
    reference = definitions.reference
    areas = [*reference.councils, *([reference.wales] if reference.wales else [])]
    for area in areas:
        if area.code == code:
            return area.name_cy if written_in == "cy" else area.name
    return code


def _outputs(output: Path) -> list[Output]:
    """The return and the files written beside it, as `pm.guard` checks them."""
    beside = ["data-quality.csv", "manifest.json"]
    if output.suffix.lower() == ".csv":
        beside.insert(0, "validation.csv")
    return [Output(output), *(Output(sidecar(output, name), beside=output) for name in beside)]


def _refuse_without_records(run: Run, code: str, name: str, folder: Path) -> None:
    """A council the extracts hold no records of has no return (Wales needs every council)."""
    coverage = run.manifest.get("coverage")
    councils = list(coverage.get("councils_with_records", [])) if isinstance(coverage, dict) else []
    if code == WALES or code in councils:
        return
    held = ", ".join(councils[:5]) + (f" and {len(councils) - 5} more" if len(councils) > 5 else "")
    raise InputError(
        f"the extracts in {guard.shown(folder)} hold no records of {name} ({code}) for the "
        f"measures of this return; they hold records for {held or 'no council'}: give "
        "--area one of those, or the folder holding this council's extracts"
    )


def _year(
    run: Run,
    definitions: DefinitionSet,
    measures: list[Indicator],
    framework: Framework,
    period: Period,
    code: str,
    name: str,
) -> checking.Year:
    lines = return_lines(run.results, measures, definitions, year=period.label, area=code)
    table = published(
        lines, definitions, framework=framework.id, year=period.label, area=code, area_name=name
    )
    return checking.Year(period.label, lines, table)


def _write(made: ReturnMade, output: Path, run: Run, change_limit: float) -> list[Path]:
    """The return, its validation summary, the data-quality report and the manifest."""
    csv = output.suffix.lower() == ".csv"
    findings = run.extracts.findings_frame()
    files = {output: return_bytes(made.versions, output.suffix, made.decimals, not csv)}
    if csv:
        files[sidecar(output, "validation.csv")] = table_bytes(checks_csv(made.versions), ".csv")
    files[sidecar(output, "data-quality.csv")] = table_bytes(findings, ".csv")
    made.manifest = dict(
        made.manifest,
        for_publication=True,
        output=str(output),
        data_return={
            "framework": made.framework,
            "year": made.year,
            "area": made.area,
            "rows": len(made.table),
            "languages": made.languages,
            "change_limit_percent": change_limit,
            "validation": made.checks["result"].value_counts().sort_index().to_dict(),
        },
    )
    described = sidecar(output, "manifest.json")
    files[described] = (
        json.dumps(made.manifest, indent=2, ensure_ascii=False, default=str) + "\n"
    ).encode("utf-8")
    write_files_atomic(files)
    return list(files)
