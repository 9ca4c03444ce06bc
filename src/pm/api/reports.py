"""`pm.report`: a publishable report (annual report, scorecard, indicator pages, exceptions)
for one council and year, written from a results table, as `pm report` writes it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pm.api import arguments
from pm.api.scope import PathLike, scope_of

REPORT_NAMES = {
    "annual_report": "annual report",
    "scorecard": "scorecard",
    "indicator_page": "indicator pages",
    "exceptions": "exception report",
    "directors_report": "Director's annual report",
}


@dataclass(frozen=True)
class ReportWritten:
    """What a report call wrote: the file, and the lines `pm report` shows about it
    (`summary`, then each of `notes` as a warning)."""

    path: Path
    area: str
    area_name: str
    year: str
    measures: int
    summary: str
    notes: list[str] = field(default_factory=list)
    without_commentary: list[str] = field(default_factory=list)
    without_figures: list[str] = field(default_factory=list)


def report(
    results: PathLike,
    *,
    output: PathLike,
    template: str = "annual_report",
    area: str | None = None,
    year: str | None = None,
    indicators: str | Sequence[str] | None = None,
    templates: PathLike | None = None,
    commentary: PathLike | None = None,
    definitions: Sequence[PathLike] | None = None,
    draft: bool = False,
    workspace: PathLike | None = None,
    language: str | None = None,
) -> ReportWritten:
    """Write the report `template` for `area` (default: the workspace's council) and `year`
    (default: the latest in the results) to `output` (.html, .md or .xlsx), so that a
    notebook makes exactly the file `pm report` makes. `language` is en, cy or both (Welsh
    first, then English); default the workspace's `language:`, else English. Raises UsageError when the output
    would replace one of the inputs, names an unknown council or indicator."""
    from pm.definitions.lookup import find_indicators
    from pm.engine.run import resolve_areas
    from pm.guard import refuse_overwriting
    from pm.reporting.build import ReportRequest, write_report

    scope = scope_of(workspace, definitions)
    loaded = scope.definitions(check=False)
    found = scope.workspace
    templates = Path(templates) if templates is not None else None
    commentary = Path(commentary) if commentary is not None else None
    if found is not None:  # the workspace's council, templates and commentary by default
        area = area or found.config.council
        templates = templates or _folder(found.path("templates"))
        commentary = commentary or _folder(found.path("commentary"))
    refuse_overwriting([Path(output)], scope.inputs())  # the rest is checked with the request
    codes = resolve_areas(loaded, [area]) if area else []
    lookup = loaded.reference.area_lookup()
    groups = {
        name: tuple(lookup[m.strip().lower()] for m in members if m.strip().lower() in lookup)
        for name, members in (found.config.comparator_groups if found else {}).items()
    }
    request = ReportRequest(
        results=Path(results),
        template=template,
        output=Path(output),
        area=codes[0] if codes else None,
        year=year.strip() if year else None,
        indicators=tuple(i.id for i in find_indicators(loaded, arguments.texts(indicators))),
        templates=templates,
        commentary=commentary,
        draft=draft,
        workspace_root=found.root if found else None,
        comparator_groups=groups,
        workspace=found,
        languages=report_languages(language, found.config.language if found else None),
    )
    outcome = write_report(request, loaded)
    return ReportWritten(
        path=outcome.output,
        area=outcome.area,
        area_name=outcome.area_name,
        year=outcome.year,
        measures=outcome.measures,
        summary=_summary(request.template, outcome, request.languages),
        notes=_notes(outcome, draft),
        without_commentary=list(outcome.without_commentary),
        without_figures=list(outcome.without_figures),
    )


_IN_LANGUAGES = {("en",): "", ("cy",): " in Welsh", ("cy", "en"): " in Welsh and English"}


def _summary(template: str, outcome, languages: tuple[str, ...]) -> str:  # type: ignore[no-untyped-def]
    kind = REPORT_NAMES.get(template.replace("-", "_").lower(), f"'{template}' report")
    return (
        f"Wrote the {kind}{_IN_LANGUAGES.get(tuple(languages), '')} for {outcome.area_name}, "
        f"{outcome.year} "
        f"({outcome.measures} measure{'' if outcome.measures == 1 else 's'}) to {outcome.output}"
    )


def _notes(outcome, draft: bool) -> list[str]:  # type: ignore[no-untyped-def]
    """The warnings `pm report` prints after writing, in its order."""
    notes = []
    if outcome.without_figures:
        notes.append(
            f"no figures for {', '.join(outcome.without_figures)} in these results for "
            f"{outcome.area_name}, {outcome.year}: left out of the report"
        )
    if not outcome.compared:
        notes.append(
            "these results have no bands or comparisons yet: the report shows them as 'Not available'"
        )
    missing = outcome.without_commentary
    if missing:
        more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        marked = (
            "marked in the report"
            if draft
            else "run with --draft to mark them in the report for colleagues"
        )
        notes.append(
            f"{len(missing)} measure(s) have no commentary: {', '.join(missing[:12])}{more} "
            f"({marked})"
        )
    return notes


def report_languages(given: str | None, workspace_default: str | None) -> tuple[str, ...]:
    """The languages to write, from --language, else pm.yaml `language:`, else English."""
    from pm.errors import UsageError
    from pm.i18n import REPORT_LANGUAGES

    chosen = (given or workspace_default or "en").strip().lower()
    if chosen not in REPORT_LANGUAGES:
        raise UsageError(
            f"--language takes en (English), cy (Welsh) or both (Welsh, then English), "
            f"not '{given}'"
        )
    return REPORT_LANGUAGES[chosen]


def _folder(path: Path) -> Path | None:
    return path if path.is_dir() else None
