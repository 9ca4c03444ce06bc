"""Technical guidance pages written from the definitions, so the two never disagree.

`pm guidance` writes one Markdown page per indicator and per dataset, plus an index;
`pm guidance --check` fails when a checked-in page differs from what would be written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pm.definitions import describe
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.loader import DefinitionSet
from pm.definitions.lookup import find_indicator_id
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.vocab import ColumnType


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _code(text: str) -> str:
    return f"`{' '.join(text.split())}`"


def indicator_page(indicator: Indicator, definitions: DefinitionSet) -> str:
    """The guidance page of one indicator, in Markdown."""
    sections = (
        _about(indicator, definitions),
        _golden_thread(indicator, definitions),
        _calculation(indicator),
        _parameters(indicator),
        _breakdowns(indicator, definitions),
        _disclosure(indicator),
        _notes(indicator),
        _governance(indicator),
        _worked_cases(indicator),
    )
    lines = [line for section in sections for line in section]
    lines += [
        "",
        "*Written by `pm guidance` from the definition; edit the YAML, not this page.*",
        "",
    ]
    return "\n".join(lines)


def _framework_words(indicator: Indicator, definitions: DefinitionSet) -> str:
    """The framework's id, title and years: a reader sees at once whether the measure is
    still a national one."""
    framework = definitions.reference.framework(indicator.framework)
    if framework is None:
        return indicator.framework
    if framework.in_force is None:
        return f"{framework.id}: {framework.title}"
    return f"{framework.id}: {framework.title}, {framework.years}"


def _successor_words(indicator: Indicator, definitions: DefinitionSet) -> str:
    """The measures of a later framework that carry this one on, and whether a trend may
    run across the change."""
    words = []
    for successor in indicator.successors:
        found_id = find_indicator_id(definitions.indicators, successor.id)
        found = definitions.indicators[found_id] if found_id else None
        name = f"{found.id} ({found.short_title})" if found else successor.id
        kind = "comparable" if successor.comparable else "not comparable: a break in the series"
        note = f"; {successor.note}" if successor.note else ""
        words.append(f"{name}, {kind}{note}")
    return "; ".join(words)


def _about(indicator: Indicator, definitions: DefinitionSet) -> list[str]:
    """The title, the provisional warning, the description and the facts table."""
    lines: list[str] = [f"# {indicator.id}: {indicator.title}", ""]
    if indicator.is_provisional:
        lines += [
            "> **Provisional.** Parts of this definition are pm's reading of the published "
            "framework, not confirmed from the official text; see *Provisional items* below.",
            "",
        ]
    lines += [" ".join(indicator.description.split()), ""]
    facts = [
        ("Short title", indicator.short_title),
        (
            "Welsh title",
            indicator.title_cy or "No official Welsh title held (pm validate --language cy)",
        ),
        ("Welsh short title", indicator.short_title_cy or ""),
        ("Welsh numerator", indicator.numerator_cy or ""),
        ("Welsh denominator", indicator.denominator_cy or ""),
        ("Type", describe.type_words(indicator)),
        ("Unit", indicator.unit or ""),
        ("Shown to", f"{indicator.decimals} decimal place(s), rounded half up"),
        ("Polarity", describe.POLARITY_WORDS[indicator.polarity]),
        (
            "Default target",
            describe.target_words(indicator)
            if indicator.polarity.value != "none"
            else "Not banded",
        ),
        ("Results-Based Accountability", describe.RBA_QUESTIONS[indicator.rba]),
        ("Measure class", indicator.measure_class.value),
        ("Framework", _framework_words(indicator, definitions)),
        ("Successor", _successor_words(indicator, definitions)),
        ("Also known as", ", ".join(indicator.aliases) or "—"),
    ]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {label} | {_md_escape(value)} |" for label, value in facts if value]
    return lines


def _golden_thread(indicator: Indicator, definitions: DefinitionSet) -> list[str]:
    """The quality standards, well-being aspects and national outcomes it evidences."""
    ref = definitions.reference
    lines = ["", "## Golden thread", ""]
    for words in describe.quality_standard_words(indicator, ref):
        lines.append(f"- Quality standard {words}")
    for aspect_id in indicator.links.aspects:
        aspect = ref.aspect(aspect_id)
        lines.append(f"- Well-being aspect: {aspect.title if aspect else aspect_id}")
    for outcome_id in indicator.links.national_outcomes:
        outcome = ref.outcome(outcome_id)
        lines.append(f"- National outcome: {outcome.statement if outcome else outcome_id}")
    return lines


def _calculation(indicator: Indicator) -> list[str]:
    """Dataset, period, counting, who is counted, what meets the measure, related records."""
    lines = ["", "## How it is calculated", ""]
    lines.append(f"- **Dataset**: [`{indicator.dataset}`](../datasets/{indicator.dataset}.md)")
    lines.append(f"- **Period**: {describe.period_words(indicator)}")
    lines.append(f"- **Counting**: {describe.counting_words(indicator)}")
    population = indicator.population
    lines.append(f"- **Population** (who is counted): {' '.join(population.description.split())}")
    for rule in population.include:
        lines.append(f"  - include when {_code(rule)}")
    for exclusion in population.exclude:
        lines.append(f"  - exclude {exclusion.reason} ({_code(exclusion.when)})")
    if indicator.numerator is not None:
        rule = f" Rule: {_code(indicator.numerator.rule)}" if indicator.numerator.rule else ""
        lines.append(f"- **Numerator**: {' '.join(indicator.numerator.description.split())}{rule}")
    if indicator.value is not None:
        lines.append(
            f"- **Value per record** ({indicator.value.unit}): "
            f"{' '.join(indicator.value.description.split())} {_code(indicator.value.expression)}"
        )
    if indicator.denominator is not None:
        den = indicator.denominator
        where = f" where {_code(den.where)}" if den.where else ""
        lines.append(
            f"- **Denominator**: {' '.join(den.description.split())} (sum of `{den.sum}` in "
            f"[`{den.dataset}`](../datasets/{den.dataset}.md){where})"
        )
    for related in indicator.related:
        match = f" matching {_code(related.match)}" if related.match else ""
        lines.append(
            f"- **Related records** `{related.name}`: {' '.join(related.description.split())} "
            f"(from [`{related.dataset}`](../datasets/{related.dataset}.md){match})"
        )
    lines.append(f"- **Unknown values**: {describe.UNKNOWN_WORDS[indicator.unknown_values]}")
    return lines


def _parameters(indicator: Indicator) -> list[str]:
    if not indicator.parameters:
        return []
    lines = ["", "### Parameters", "", "| Name | Value | Meaning |", "|---|---|---|"]
    for name, parameter in indicator.parameters.items():
        flag = " *(provisional)*" if parameter.provisional else ""
        lines.append(
            f"| `{name}` | {describe.parameter_words(parameter)} | "
            f"{_md_escape(parameter.description)}{flag} |"
        )
    return lines


def _breakdowns(indicator: Indicator, definitions: DefinitionSet) -> list[str]:
    offered = breakdowns_of(indicator, definitions.datasets.get(indicator.dataset))
    if not offered:
        return []
    lines = ["", "### Breakdowns", ""]
    for breakdown in offered:
        bands = ""
        if breakdown.bands:
            bands = ": " + ", ".join(band.label for band in breakdown.bands)
        implicit = (
            ""
            if breakdown in indicator.breakdowns
            else (
                " (every dataset with a `team` column offers it; `pm compute --team NAME` shows one team)"
            )
        )
        lines.append(f"- `{breakdown.name}` by {_code(breakdown.expression)}{bands}{implicit}")
    return lines


def _disclosure(indicator: Indicator) -> list[str]:
    if indicator.disclosure is None:
        return []
    lines = ["", "### Disclosure control", ""]
    for key, value in indicator.disclosure.model_dump(exclude_none=True).items():
        lines.append(f"- {key.replace('_', ' ')}: {value}")
    return lines


def _notes(indicator: Indicator) -> list[str]:
    """The guidance notes, and what in the definition is pm's reading, not the official text."""
    lines = []
    if indicator.guidance.notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {' '.join(note.split())}" for note in indicator.guidance.notes]
    if indicator.governance.provisional_items:
        lines += ["", "## Provisional items", ""]
        lines += [f"- {' '.join(item.split())}" for item in indicator.governance.provisional_items]
    return lines


def _governance(indicator: Indicator) -> list[str]:
    gov = indicator.governance
    lines = [
        "",
        "## Governance",
        "",
        f"- Status: {gov.status.value}; version {gov.version}; owner {gov.owner}",
        f"- Source: {' '.join(gov.source.split())}",
        f"- Last reviewed: {gov.last_reviewed.isoformat()}"
        + (f"; next review {gov.next_review.isoformat()}" if gov.next_review else ""),
    ]
    if gov.checked_by:
        lines.append(f"- Checked by: {gov.checked_by}")
    if gov.welsh_source:
        welsh = gov.welsh_source
        note = f" {welsh.note}" if welsh.note else ""
        lines.append(
            f"- {_welsh_held(indicator)} from: {' '.join(welsh.publication.split())}, "
            f"{welsh.address}.{note}"
        )
    return lines


def _welsh_held(indicator: Indicator) -> str:
    """ "Welsh title", "Welsh title and numerator", "Welsh title, numerator and denominator"."""
    fields = (
        ("title", indicator.title_cy),
        ("short title", indicator.short_title_cy),
        ("numerator", indicator.numerator_cy),
        ("denominator", indicator.denominator_cy),
    )
    held = [name for name, text in fields if text] or ["texts"]
    words = held[0] if len(held) == 1 else f"{', '.join(held[:-1])} and {held[-1]}"
    return f"Welsh {words}"


def _worked_cases(indicator: Indicator) -> list[str]:
    if not indicator.tests:
        return []
    lines = [
        "",
        "## Worked test cases",
        "",
        "| Case | Period | Numerator | Denominator |",
        "|---|---|---|---|",
    ]
    for case in indicator.tests:
        lines.append(
            f"| {_md_escape(case.name)} | {case.period} | {_num(case.expect.numerator)} | "
            f"{_num(case.expect.denominator)} |"
        )
    return lines


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def dataset_page(spec: DatasetSpec, definitions: DefinitionSet) -> str:
    users = sorted(
        i.id
        for i in definitions.indicators.values()
        if spec.dataset
        in {
            i.dataset,
            *(r.dataset for r in i.related),
            *([i.denominator.dataset] if i.denominator else []),
        }
    )
    lines = [
        f"# Dataset `{spec.dataset}`: {spec.title}",
        "",
        " ".join(spec.description.split()),
        "",
        f"- One row per: {spec.one_row_per}",
        f"- File name: `{spec.dataset}.csv` (or `{spec.dataset}.parquet`)",
    ]
    if spec.record_id:
        lines.append(f"- Unique record id: `{spec.record_id}`")
    if spec.person_id:
        lines.append(f"- Person (within a council): `{spec.person_id}`")
    if spec.unique_key:
        lines.append(f"- Unique key: {', '.join(f'`{k}`' for k in spec.unique_key)}")
    if spec.event_column:
        lines.append(
            f"- Dates covered: `{spec.event_column}` (each council's earliest and latest say"
            " which periods its extract covers; see the README, *Coverage*)"
        )
    if users:
        lines.append(f"- Used by: {', '.join(f'[{u}](../indicators/{u}.md)' for u in users)}")
    lines += ["", "| Column | Type | Required | Description |", "|---|---|---|---|"]
    for column in spec.columns:
        detail = " ".join(column.description.split())
        if column.codes:
            detail += " Codes: " + ", ".join(f"`{c}`" for c in column.codes) + "."
        if column.codes_from:
            detail += f" Codes from the {column.codes_from} list."
        if column.min is not None or column.max is not None:
            detail += (
                f" Range {column.min:g}–{column.max:g}."
                if column.min is not None and column.max is not None
                else ""
            )
        if column.missing_means:
            detail += f" Empty means: {column.missing_means}"
        if column.extension:
            detail += " *(pm extension, optional)*"
        lines.append(
            f"| `{column.name}` | {column.type.value} | {'yes' if column.required else 'no'} | "
            f"{_md_escape(detail)} |"
        )
    if any(column.type is ColumnType.datetime for column in spec.columns):
        lines += ["", "Date-times: " + _clock_words(spec.time_zone)]
    if spec.date_order:
        lines += ["", "Rows where an end comes before its start are data-quality errors:", ""]
        lines += [f"- `{pair.end}` must not be before `{pair.start}`" for pair in spec.date_order]
    lines += ["", "*Written by `pm guidance` from the data-item specification.*", ""]
    return "\n".join(lines)


def _clock_words(time_zone: str) -> str:
    return (
        f"written as the local clock showed them in {time_zone} (`YYYY-MM-DD HH:MM`, a `T` "
        "or seconds allowed). pm turns them into real instants, so hours between two of them "
        "are real hours, across midnight and across a change of the clocks (00:30 to 02:10 on "
        "the night the clocks go forward is 40 minutes). A time in the hour the clocks skip "
        "is read as the time on a clock not yet put forward (01:30 is 02:30 summer time); a "
        "time in the hour that happens twice when the clocks go back is read as the first "
        "time round (summer time) unless it carries an offset, such as `+00:00` for the "
        "second time round. A time with an offset or `Z` is exact."
    )


def index_page(definitions: DefinitionSet) -> str:
    lines = [
        "# Technical guidance",
        "",
        "Pages written by `pm guidance` from the definitions under `indicators/` and the "
        "data-item specifications under `technical_guidance/datasets/`. Provisional "
        "indicators hold readings of the framework not confirmed from the official text.",
        "",
        "## Indicators",
        "",
        "| ID | Indicator | Quality standards | Status |",
        "|---|---|---|---|",
    ]
    from pm.definitions.ordering import indicator_sort_key as _sort_key

    for indicator in sorted(definitions.indicators.values(), key=lambda i: _sort_key(i.id)):
        lines.append(
            f"| [{indicator.id}](indicators/{indicator.id}.md) | {_md_escape(indicator.short_title)} | "
            f"{', '.join(indicator.links.quality_standards)} | {indicator.governance.status.value} |"
        )
    lines += ["", "## Datasets", ""]
    for name, spec in sorted(definitions.datasets.items()):
        lines.append(f"- [`{name}`](datasets/{name}.md): {spec.title}")
    lines += [
        "",
        "## Reference data",
        "",
        "The files under `reference/` list the councils, "
        "aspects of well-being, quality standards, national outcomes, frameworks and "
        "survey questions that definitions link to.",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class Page:
    path: Path
    text: str


def guidance_pages(definitions: DefinitionSet, root: Path) -> list[Page]:
    """Every page `pm guidance` writes under `root` (the technical_guidance folder)."""
    pages = [Page(root / "README.md", index_page(definitions))]
    for indicator_id, indicator in sorted(definitions.indicators.items()):
        pages.append(
            Page(root / "indicators" / f"{indicator_id}.md", indicator_page(indicator, definitions))
        )
    for name, spec in sorted(definitions.datasets.items()):
        pages.append(Page(root / "datasets" / f"{name}.md", dataset_page(spec, definitions)))
    return pages + schema_pages(root)


def stale_pages(pages: list[Page]) -> list[Page]:
    """Pages whose file is missing or differs from what the definitions give."""
    return [
        page
        for page in pages
        if not page.path.is_file() or page.path.read_text(encoding="utf-8") != page.text
    ]


def schema_pages(root: Path) -> list[Page]:
    """JSON Schemas of the definition format, for editors that complete and check YAML."""
    import json

    from pm.comparison.targets import TargetsFile
    from pm.definitions.models import DatasetSpec, Indicator
    from pm.definitions.welsh_council import CouncilWelshFile
    from pm.plans.model import ServicePlan
    from pm.workspace import WorkspaceConfig

    models = (
        ("indicator", Indicator),
        ("dataset", DatasetSpec),
        ("targets", TargetsFile),
        ("workspace", WorkspaceConfig),
        ("service-plan", ServicePlan),
        ("welsh", CouncilWelshFile),
    )
    pages = []
    for name, model in models:
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        text = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        pages.append(Page(root / "schema" / f"{name}.schema.json", text))
    return pages
