"""`pm.compare`: band a results table against targets and compare it with Wales, similar
councils, all 22 councils and the previous year, as `pm compare` does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm import guard
from pm.api import arguments
from pm.api.arguments import PathLike, Paths, Texts
from pm.api.scope import scope_of
from pm.api.writing import check_table_output
from pm.comparison.published_files import published_sources
from pm.comparison.run import compared_table
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.loader import load_definitions as load_definition_files
from pm.engine.run import resolve_areas
from pm.engine.withheld import publishable
from pm.outputs import indicator_decimals, write_table
from pm.results_io import read_results

__all__ = ["CompareRun", "compare", "compare_run", "is_missing"]


@dataclass
class CompareRun:
    """One compare call: `table` the compared table (as written to `output`), `shown` its
    rows for the areas asked for, `written` the file written, if any."""

    table: pd.DataFrame
    shown: pd.DataFrame
    definitions: DefinitionSet
    written: list[Path] = field(default_factory=list)


def compare(
    results: PathLike | pd.DataFrame,
    *,
    targets: PathLike | None = None,
    published: Paths = None,
    areas: Texts = None,
    for_publication: bool = False,
    output: PathLike | None = None,
    confidence: float = 0.95,
    workspace: PathLike | None = None,
    warn: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The results (a file written by pm compute, or the table pm.compute returned) with
    targets, bands, change from last year, trend, Wales and comparator-group comparison,
    rank and quartiles. Every council is compared; `areas` keeps only those councils in
    the table returned (`output` gets them all, as `pm compare -o` writes). `warn` hears
    what could not be benchmarked and why. Raises pm's errors."""
    return compare_run(**locals()).shown


def compare_run(
    results: PathLike | pd.DataFrame,
    *,
    targets: PathLike | None = None,
    published: Paths = None,
    areas: Texts = None,
    for_publication: bool = False,
    output: PathLike | None = None,
    confidence: float = 0.95,
    workspace: PathLike | None = None,
    warn: Callable[[str], None] | None = None,
) -> CompareRun:
    """`pm compare` as one call (see `compare`)."""
    scope = scope_of(workspace)
    targets_file, published_files = arguments.path(targets), arguments.paths(published)
    written = arguments.path(output)
    results_file = None if isinstance(results, pd.DataFrame) else Path(results)
    if written is not None:
        inputs = scope.inputs().add(results_file, "the results file")
        inputs.add(targets_file, "the targets file")
        for source in published_sources(published_files, scope.workspace):
            inputs.add(source.path, "the published figures file")
        guard.refuse_overwriting([written], inputs)
        check_table_output(written)  # a format pm cannot write: said now, not after the work
    definitions = load_definition_files(list(scope.definition_folders))
    wanted = resolve_areas(definitions, arguments.texts(areas))  # a misspelt area stops here
    table = read_results(results_file, definitions) if results_file else results.copy()
    compared = compared_table(
        table,
        definitions,
        targets=targets_file,
        published=published_files,
        confidence=confidence,
        warn=warn,
        workspace=scope.workspace,
    )
    if for_publication:
        compared = publishable(compared, definitions)
    shown = compared[compared["area"].isin(wanted)] if wanted else compared
    done = CompareRun(compared, shown, definitions)
    if written is not None:
        write_table(compared, written, decimals=indicator_decimals(definitions))
        done.written = [written]
    return done


def is_missing(value: object) -> bool:
    """An empty cell of a table pm returns (None, NaN, NA or NaT)."""
    return bool(pd.isna(value))
