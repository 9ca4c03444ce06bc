"""The comparison step as one call, shared by `pm compute --compare` and `pm compare`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pm.comparison.comparison import compare
from pm.comparison.notes import missing_benchmarks, missing_previous
from pm.comparison.published import Imported, merge_published
from pm.comparison.published_files import published_sources, read_sources
from pm.comparison.setup import compare_options
from pm.definitions.loader import DefinitionSet
from pm.workspace import Workspace


def compared_table(
    table: pd.DataFrame,
    definitions: DefinitionSet,
    *,
    targets: Path | None = None,
    published: list[Path] | None = None,
    confidence: float = 0.95,
    warn: Callable[[str], None] | None = None,
    workspace: Workspace | None,
) -> pd.DataFrame:
    """Check the targets and workspace, merge published figures (`--published` files and
    the workspace's `published:` list), compare, and say in one line what could not be
    benchmarked and why."""
    options = compare_options(
        definitions, targets=targets, workspace=workspace, confidence=confidence
    )
    sources = published_sources(list(published or []), workspace)
    if sources:
        imported = Imported.of(read_sources(sources, definitions))
        if warn and imported.unknown_indicators:
            names = ", ".join(imported.unknown_indicators)
            warn(f"published figures for measures pm does not define were left out: {names}")
        if warn and imported.left_out_areas:
            names = ", ".join(imported.left_out_areas)
            warn(f"published figures for areas that are not councils were left out: {names}")
        table = merge_published(table, imported, definitions, confidence)
        options.published_bounds = imported.bounds
    compared = compare(table, definitions, options)
    if warn:
        for note in (
            missing_previous(compared),
            missing_benchmarks(compared, definitions, published=bool(sources)),
        ):
            if note:
                warn(note)
    return compared
