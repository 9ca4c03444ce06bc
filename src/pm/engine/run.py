"""One `pm compute` run as a library call: load, read, compute, and describe the run."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pm.calendar import Period
from pm.data.reader import Extracts, read_extracts
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.frameworks import framework_line, framework_manifest
from pm.engine.compute import ComputeOptions, compute
from pm.memory import give_back_freed_memory
from pm.version import __version__

if TYPE_CHECKING:
    from pm.data.cache import ExtractCache


@dataclass
class Run:
    results: pd.DataFrame
    extracts: Extracts
    manifest: dict[str, object] = field(default_factory=dict)


def datasets_needed(definitions: DefinitionSet, indicator_ids: list[str]) -> list[str]:
    names: set[str] = set()
    for indicator_id in indicator_ids:
        indicator = definitions.indicators[indicator_id]
        names.add(indicator.dataset)
        names.update(r.dataset for r in indicator.related)
        if indicator.denominator is not None:
            names.add(indicator.denominator.dataset)
    return sorted(names)


def resolve_areas(definitions: DefinitionSet, given: list[str]) -> list[str]:
    """Council codes from codes or names (any case); Wales by its code or 'Wales'."""
    return definitions.reference.area_codes(given)


def definition_digests(definitions: DefinitionSet, indicator_ids: list[str]) -> dict[str, str]:
    digests = {}
    for indicator_id in indicator_ids:
        path = definitions.sources[indicator_id].path
        digests[indicator_id] = hashlib.sha256(path.read_bytes()).hexdigest()
    for name, source in sorted(definitions.dataset_sources.items()):
        digests[f"dataset:{name}"] = hashlib.sha256(source.path.read_bytes()).hexdigest()
    return digests


def run_compute(
    definitions: DefinitionSet,
    data_dir: Path,
    periods: list[Period],
    indicator_ids: list[str],
    options: ComputeOptions,
    *,
    encoding: str = "utf-8",
    date_format: str | None = None,
    progress: Callable[[str], None] | None = None,
    cache: ExtractCache | None = None,
) -> Run:
    extracts = read_extracts(
        data_dir,
        definitions.datasets,
        datasets_needed(definitions, indicator_ids),
        set(definitions.reference.council_codes),
        code_lists=definitions.reference.code_lists(),
        encoding=encoding,
        date_format=date_format,
        cache=cache,
    )
    give_back_freed_memory()  # what reading freed, before computing adds to it
    results = compute(definitions, extracts, periods, indicator_ids, options, progress=progress)
    manifest: dict[str, object] = {
        "tool": "pm",
        "version": __version__,
        "run_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "data_folder": str(data_dir),
        "periods": [p.label for p in sorted(set(periods))],
        "indicators": indicator_ids,
        "areas": options.areas or "all",
        "breakdowns": options.breakdowns,
        "team": options.team,
        "confidence": options.confidence,
        "disclosure": options.rules.__dict__,
        "encoding": encoding,
        "date_format": date_format or "ISO (YYYY-MM-DD)",
        "input_sha256": dict(sorted(extracts.digests.items())),
        "datasets_missing": extracts.missing,
        # whether each dataset was loaded from the cache of checked extracts (the same
        # records and findings as reading its files: see pm.data.cache)
        "datasets_from_cache": {
            name: dataset.from_cache for name, dataset in sorted(extracts.datasets.items())
        },
        "definition_sha256": definition_digests(definitions, indicator_ids),
        "rows": len(results),
        "data_quality_findings": len(extracts.findings),
        "coverage": coverage_manifest(extracts, results, definitions, indicator_ids),
        "frameworks": framework_manifest(
            [definitions.indicators[i] for i in indicator_ids], definitions.reference, periods
        ),
    }
    return Run(results=results, extracts=extracts, manifest=manifest)


def coverage_manifest(
    extracts: Extracts, results: pd.DataFrame, definitions: DefinitionSet, indicator_ids: list[str]
) -> dict[str, object]:
    """What the extracts cover, for the manifest: per dataset the councils with records and
    the dates they span, and per period the measures only partly covered or not at all."""
    from pm.engine.coverage import run_coverage

    counted = counted_datasets(definitions, indicator_ids)
    datasets = {
        name: found.describe()
        for name, found in run_coverage(extracts).items()
        if name in counted or not counted
    }
    councils = sorted(
        {code for found in datasets.values() for code in found["councils"]}  # type: ignore[attr-defined]
    )
    by_period = _coverage_by_period(results, definitions)
    return {
        "councils_with_records": councils,
        "datasets": datasets,
        "partly_covered": by_period["partial"],
        "not_covered": by_period["none"],
        "rule": (
            "A council without records in a dataset an indicator counts has no figure for it; "
            "Wales has a figure only when every council is covered. A period is partly covered "
            "when a council's records start after it begins or end before it ends (by more than "
            "the gaps between its records explain); such figures are kept, marked "
            "coverage=partial, and never used for change, trend or comparison."
        ),
    }


def counted_datasets(definitions: DefinitionSet, indicator_ids: list[str]) -> set[str]:
    """The datasets whose records the indicators count (not reference tables such as population)."""
    from pm.engine.coverage import datasets_counted

    return {name for i in indicator_ids for name in datasets_counted(definitions.indicators[i])}


def _coverage_by_period(
    results: pd.DataFrame, definitions: DefinitionSet
) -> dict[str, dict[str, list[str]]]:
    """Per period, the indicators with a partly covered council, and those with none covered."""
    found: dict[str, dict[str, list[str]]] = {"partial": {}, "none": {}}
    if results.empty or "coverage" not in results.columns:
        return found
    councils = set(definitions.reference.council_codes)
    rows = results[results["area"].isin(councils) & (results["breakdown"].fillna("") == "")]
    for (period, indicator), words in rows.groupby(["period", "indicator"], sort=False)["coverage"]:
        seen = set(words)
        if "partial" in seen:
            found["partial"].setdefault(str(period), []).append(str(indicator))
        if seen == {"none"}:
            found["none"].setdefault(str(period), []).append(str(indicator))
    return found


def frameworks_line(run: Run) -> str:
    """One line naming the measures computed outside their framework's years, or ''."""
    found = run.manifest.get("frameworks")
    return framework_line(found) if isinstance(found, dict) else ""


def coverage_line(run: Run, definitions: DefinitionSet) -> str:
    """What the extracts cover, in one line for the console."""
    coverage = run.manifest.get("coverage")
    if not isinstance(coverage, dict):
        return ""
    councils: list[str] = list(coverage["councils_with_records"])
    total = len(definitions.reference.council_codes)
    if len(councils) >= total:
        who = f"all {total} councils"
    elif not councils:
        who = "no council"
    else:
        names = [definitions.reference.council_name(code) for code in councils]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        who = f"{len(councils)} of {total} councils ({shown})"
    latest = [
        entry["latest"]
        for found in coverage["datasets"].values()
        for entry in found["councils"].values()
        if entry["latest"]
    ]
    line = f"Coverage: the extracts hold records for {who}"
    if latest:
        line += f", dated up to {max(latest)}"
    parts = []
    for word, label in (("partly_covered", "only partly covered"), ("not_covered", "not covered")):
        periods: dict[str, list[str]] = coverage[word]
        if periods:
            listed = ", ".join(
                f"{period} ({len(ids)} measure{'s' if len(ids) != 1 else ''})"
                for period, ids in periods.items()
            )
            parts.append(f"{label}: {listed}")
    if parts:
        line += "; " + "; ".join(parts)
    if len(councils) < total:
        line += "; councils without records get no figure, and Wales only when all are covered"
    return line + "."
