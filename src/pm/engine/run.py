"""One `pm compute` run as a library call: load, read, compute, and describe the run."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm import __version__
from pm.calendar import Period
from pm.data.reader import Extracts, read_extracts
from pm.definitions.loader import DefinitionSet
from pm.engine.compute import ComputeOptions, compute


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
) -> Run:
    extracts = read_extracts(
        data_dir,
        definitions.datasets,
        datasets_needed(definitions, indicator_ids),
        set(definitions.reference.council_codes),
        encoding=encoding,
        date_format=date_format,
    )
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
        "definition_sha256": definition_digests(definitions, indicator_ids),
        "rows": len(results),
        "data_quality_findings": len(extracts.findings),
    }
    return Run(results=results, extracts=extracts, manifest=manifest)
