"""The comparison step as one call, shared by `pm compute --compare` and `pm compare`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pm.compare.comparison import compare
from pm.compare.published import merge_published, read_published
from pm.compare.setup import compare_options
from pm.definitions.loader import DefinitionSet
from pm.workspace import current_workspace


def compared_table(
    table: pd.DataFrame,
    definitions: DefinitionSet,
    *,
    targets: Path | None = None,
    published: Path | None = None,
    confidence: float = 0.95,
    warn: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Check the targets and workspace, merge published figures, then compare."""
    options = compare_options(
        definitions, targets=targets, workspace=current_workspace(), confidence=confidence
    )
    if published is not None:
        imported = read_published(published, definitions)
        if imported.unknown_indicators and warn:
            warn(
                f"{published}: rows for indicators pm does not define were left out: {', '.join(imported.unknown_indicators)}"
            )
        table = merge_published(table, imported, definitions, confidence)
    return compare(table, definitions, options)
