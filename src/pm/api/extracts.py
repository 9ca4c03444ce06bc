"""`pm.read_extracts`: the records pm would compute from, with what it left out and why,
for looking at the data itself before (or instead of) computing."""

from __future__ import annotations

from pm.api import arguments
from pm.api.arguments import PathLike, Paths, Texts
from pm.api.caching import extract_cache
from pm.api.scope import scope_of
from pm.data.reader import Extracts
from pm.data.reader import read_extracts as read_extract_files
from pm.definitions.lookup import find_indicators
from pm.engine.run import datasets_needed
from pm.errors import UsageError
from pm.workspace import workspace_data_folder

__all__ = ["Extracts", "read_extracts"]


def read_extracts(
    data: PathLike | None = None,
    *,
    indicators: Texts = None,
    datasets: Texts = None,
    encoding: str = "utf-8",
    date_format: str | None = None,
    workspace: PathLike | None = None,
    definitions: Paths = None,
    cache: PathLike | None = None,
    no_cache: bool = False,
) -> Extracts:
    """Read and check the extracts in `data` (default: the workspace's data folder) as
    `pm compute` reads them: the datasets `indicators` need, or those named in `datasets`,
    or every defined dataset. `.datasets[name].frame` holds the valid records,
    `.findings` (and `.findings_frame()`) the records left out, `.missing` the datasets
    without a file, `.notes` a damaged cache entry rebuilt. The checked extracts are kept
    in the cache and loaded from it next time (`cache`, `no_cache` as for `pm.compute`)."""
    scope = scope_of(workspace, arguments.paths(definitions) or None)
    loaded = scope.definitions()
    wanted = arguments.texts(datasets)
    unknown = [name for name in wanted if name not in loaded.datasets]
    if unknown:
        raise UsageError(
            f"no dataset named {', '.join(unknown)}; "
            f"the datasets are {', '.join(sorted(loaded.datasets))}"
        )
    chosen = arguments.texts(indicators)
    if chosen:
        ids = [indicator.id for indicator in find_indicators(loaded, chosen)]
        wanted = sorted({*wanted, *datasets_needed(loaded, ids)})
    folder = arguments.path(data) or workspace_data_folder(
        scope.workspace, "pm.read_extracts(DATA_DIR)"
    )
    return read_extract_files(
        folder,
        loaded.datasets,
        wanted or sorted(loaded.datasets),
        set(loaded.reference.council_codes),
        code_lists=loaded.reference.code_lists(),
        encoding=encoding,
        date_format=date_format,
        cache=extract_cache(scope, folder, cache=cache, no_cache=no_cache),
    )
