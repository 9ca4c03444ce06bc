"""`write_report`: results table → published figures → template variables → a file.

The one entry the CLI and the tests share. The output format follows the file's extension:
.html (self-contained, charts inline), .md (Markdown) or .xlsx (a sheet per section).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from pm.definitions.loader import DefinitionSet
from pm.definitions.problems import display_path
from pm.definitions.welsh import CouncilTexts
from pm.errors import InputError, PmError, UsageError
from pm.files import write_bytes_atomic
from pm.guard import Inputs, refuse_overwriting
from pm.i18n import LANGUAGE_TAGS, language, own_welsh
from pm.reporting import commentary as commentary_files
from pm.reporting.charts import Charts
from pm.reporting.commentary import MarkdownText
from pm.reporting.context import WALES, ReportScope, build_context
from pm.reporting.directors import DirectorsInputs
from pm.reporting.measures import reporting_period
from pm.reporting.part_ids import with_language_ids
from pm.reporting.placing import CouncilPlacement
from pm.reporting.render import FORMATS, normalise_name, render
from pm.reporting.results import published_results, read_results
from pm.workspace import Workspace, standard_inputs

OUTPUT_FORMATS = (*FORMATS, ".xlsx")


@dataclass(frozen=True)
class ReportRequest:
    results: Path
    template: str
    output: Path
    area: str | None = None  # a council code (names are resolved by the CLI)
    year: str | None = None
    indicators: tuple[str, ...] = ()
    templates: Path | None = None
    commentary: Path | None = None
    draft: bool = False  # mark measures without commentary, naming the file to write
    workspace_root: Path | None = None  # commentary files are named relative to it
    comparator_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name → codes
    workspace: Workspace | None = None  # whose files the report may not replace
    plans: Path | None = None  # service plans (directors_report); default: the workspace's
    languages: tuple[str, ...] = ("en",)  # one, or ("cy", "en") for a bilingual report


@dataclass
class ReportOutcome:
    output: Path
    area: str
    area_name: str
    year: str
    measures: int
    without_commentary: list[str] = field(default_factory=list)
    compared: bool = False
    without_figures: list[str] = field(default_factory=list)  # asked for with --indicator
    missing_sections: list[str] = field(default_factory=list)  # directors_report: files to write


def write_report(request: ReportRequest, definitions: DefinitionSet) -> ReportOutcome:
    """Render one report and write it atomically; nothing is written if anything fails."""
    refuse_overwriting([request.output], report_inputs(request, definitions))
    suffix = request.output.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise UsageError(
            f"cannot write a '{suffix or request.output.name}' report: name the output .html, .md or .xlsx"
        )
    commentary_files.check_folder(request.commentary)
    table = read_results(request.results, definitions)
    year = request.year or latest_year(table)
    area = request.area or only_council(table)
    _check_present(table, area, year, request.results)
    without_figures = _without_figures(
        table, request.indicators, area, year, request.results, definitions
    )
    scope = ReportScope(
        area=area,
        year=year,
        indicators=tuple(request.indicators),
        commentary=request.commentary,
        source_name=request.results.name,
        source_digest=hashlib.sha256(request.results.read_bytes()).hexdigest(),
        draft=request.draft,
        commentary_shown=shown_folder(request.commentary, request.workspace_root),
        comparator_groups=dict(request.comparator_groups),
        confidence=confidence_of(request.results),
        council_welsh=council_welsh(request, definitions),
    )
    template = normalise_name(request.template)
    published = published_results(table, definitions)
    parts = []
    with own_welsh(council_words(scope.council_welsh)):  # the translator's, before pm's own
        for code in request.languages:  # the same figures, words in each language
            with language(code):
                context = build_context(
                    published, definitions, scope, template, _directors(request)
                )
            context["page"] = page_of(code, request.languages)
            parts.append(context)
        data = report_bytes(parts, template, suffix, request.templates)
    context = parts[0]
    write_bytes_atomic(request.output, data)
    missing = [m["id"] for part in parts for m in part["without_commentary"]]  # any language
    return ReportOutcome(
        output=request.output,
        area=area,
        area_name=context["report"]["area_name_en"],  # pm's own messages stay English
        year=year,
        measures=context["report"]["measures_shown"],
        without_commentary=list(dict.fromkeys(missing)),
        compared=context["report"]["compared"],
        without_figures=without_figures,
        missing_sections=[s["file"] for s in context.get("directors", {}).get("missing", [])],
    )


def _directors(request: ReportRequest) -> DirectorsInputs:
    """The workspace's placement of measures (pm.yaml `directors_report:`) and its plans."""
    workspace = request.workspace
    if workspace is None:
        return DirectorsInputs(plans=request.plans)
    settings = workspace.config.directors_report
    shown = display_path(workspace.config_path)

    def where(part: str, n: int) -> str:
        line = workspace.line_of("directors_report", "parts", part, n)
        return f"{shown}, line {line}" if line else shown

    return DirectorsInputs(
        council=CouncilPlacement(
            parts={k: list(v) for k, v in settings.parts.items()},
            place_by_rule=settings.place_by_rule,
            where=where,
        ),
        plans=request.plans or workspace.path("plans"),
    )


def council_words(texts: CouncilTexts) -> dict[str, str]:
    """The council's own Welsh for pm's fixed words (welsh.yaml `words:`): English → Welsh."""
    return {
        key: text for (group, key, _field), (text, *_where) in texts.items() if group == "words"
    }


def council_welsh(request: ReportRequest, definitions: DefinitionSet) -> CouncilTexts:
    """The council's own Welsh terms (its `welsh.yaml`) for a report with a Welsh part;
    a mistake in the file is one line naming it, as `pm validate` would."""
    if "cy" not in request.languages or request.workspace is None:
        return {}
    from pm.definitions.problems import Severity
    from pm.definitions.welsh_council import load_council_welsh

    loaded = load_council_welsh(request.workspace.path("welsh"), definitions)
    errors = [p for p in loaded.problems if p.severity is Severity.error]
    if errors:
        first = errors[0]
        raise InputError(
            f"{first.file}, line {first.line}: {first.message} (the Welsh report reads the "
            "council's Welsh terms; 'pm validate' checks them)"
        )
    return loaded.texts


def confidence_of(results: Path) -> float:
    """The confidence level of the results' intervals, from the manifest `pm compute` wrote
    beside them (results.manifest.json); 95% when there is none."""
    import json

    manifest = results.with_name(f"{results.stem}.manifest.json")
    try:
        level = float(json.loads(manifest.read_text(encoding="utf-8"))["confidence"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0.95
    return level if 0.5 <= level < 1 else 0.95


def shown_folder(folder: Path | None, workspace_root: Path | None) -> str:
    """The commentary folder as a report names it: relative to the workspace (or else the
    current folder), never a path on someone's machine."""
    if folder is None:
        return "commentary"
    resolved = folder.resolve()
    for base in (workspace_root, Path.cwd()):
        if base is not None and resolved.is_relative_to(base.resolve()):
            relative = resolved.relative_to(base.resolve()).as_posix()
            return relative if relative != "." else "commentary"
    return folder.name or "commentary"


def page_of(code: str, languages: tuple[str, ...]) -> dict:
    """The `page` variable: the language a context is written in, and the page's languages."""
    return {
        "lang": code,
        "lang_tag": LANGUAGE_TAGS[code],
        "languages": list(languages),
        "bilingual": len(languages) > 1,
        "fragment": False,
        "parts": [],
    }


def report_bytes(parts: list[dict], template: str, suffix: str, templates: Path | None) -> bytes:
    """The report file from one context per language (each with its `page`)."""
    if suffix == ".xlsx":
        from pm.reporting.excel import workbook_bytes

        return workbook_bytes(template, parts)
    kind = FORMATS[suffix]
    if len(parts) == 1:
        return _rendered(parts[0], template, kind, templates).encode("utf-8")
    return bilingual_text(parts, template, kind, templates).encode("utf-8")


def bilingual_text(parts: list[dict], template: str, kind: str, templates: Path | None) -> str:
    """Each language's part rendered alone (`page.fragment`), then the whole page around them
    in the first language (`page.parts`); a template that leaves out a part is refused.
    Each part also brings its title (`page.title_only`), and in HTML its ids made its own."""
    fragments = []
    for context in parts:
        alone = dict(context, page=dict(context["page"], fragment=True))
        text = _rendered(alone, template, kind, templates)
        title_only = dict(alone, page=dict(alone["page"], title_only=True))
        title = _rendered(title_only, template, kind, templates).strip()
        if kind == "html":
            text = with_language_ids(text, context["page"]["lang"])
        shown = Markup if kind == "html" else MarkdownText
        fragments.append(
            {
                "lang": context["page"]["lang"],
                "lang_tag": context["page"]["lang_tag"],
                "text": shown(text),
                "title": shown(title),
            }
        )
    first = parts[0]
    whole = dict(first, page=dict(first["page"], parts=fragments))
    text = _rendered(whole, template, kind, templates)
    if not all(str(part["text"]) in text for part in fragments):
        raise PmError(
            f"the '{template}' template does not show both languages: a bilingual report needs "
            f"a template built on _page.{kind}.j2 (see technical_guidance/templates.md)"
        )
    return text


def _rendered(context: dict, template: str, kind: str, templates: Path | None) -> str:
    with language(context["page"]["lang"]):
        if kind == "html":
            context = dict(context, charts=Charts(context))
        return render(context, template, kind, templates)


def report_inputs(request: ReportRequest, definitions: DefinitionSet) -> Inputs:
    """Every file a report is made from, none of which the report may replace."""
    from pm import resources

    inputs = standard_inputs(request.workspace).add(request.results, "the results file")
    for source in definitions.sources.values():
        inputs.add(source.path, "the definition")
    for source in definitions.dataset_sources.values():
        inputs.add(source.path, "the data-item specification")
    inputs.add(request.templates, "the template").add(resources.templates_dir(), "the template")
    inputs.add(request.plans, "the service plan")
    return inputs.add(request.commentary, "the commentary file")


def latest_year(table: pd.DataFrame) -> str:
    """The latest financial year in the results (the default --year)."""
    periods = (reporting_period(label) for label in set(table["period"]))
    years = sorted(p.label for p in periods if p and p.grain == "year")  # not months
    if not years:
        raise UsageError(
            "say which period to report with --year (the results hold no financial year)"
        )
    return years[-1]


def only_council(table: pd.DataFrame) -> str:
    councils = sorted(set(table["area"]) - {WALES})
    if len(councils) == 1:
        return councils[0]
    raise UsageError(
        "say which council the report is for with --area, e.g. --area Cardiff or --area W06000015"
    )


def _without_figures(
    table: pd.DataFrame,
    indicators: tuple[str, ...],
    area: str,
    year: str,
    path: Path,
    definitions: DefinitionSet,
) -> list[str]:
    """The indicators asked for that have no figure for the council and year: left out of
    the report with a warning, or, when none has one, refused (there is nothing to show)."""
    if not indicators:
        return []
    rows = table[(table["period"] == year) & (table["area"] == area)]
    present = set(rows["indicator"].astype("str"))
    missing = [indicator for indicator in indicators if indicator not in present]
    if len(missing) == len(indicators):
        raise InputError(
            f"{path}: has no figures for {', '.join(missing)} for "
            f"{definitions.reference.council_name(area)} in {year}; "
            "compute them first (pm compute --indicator ...)"
        )
    return missing


def _check_present(table: pd.DataFrame, area: str, year: str, path: Path) -> None:
    if not (table["period"] == year).any():
        periods = ", ".join(sorted(set(table["period"])))
        raise InputError(f"{path}: has no results for {year}; it holds {periods}")
    if not ((table["period"] == year) & (table["area"] == area)).any():
        raise InputError(f"{path}: has no results for {area} in {year}; compute them first")
