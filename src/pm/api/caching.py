"""`pm.cache_info` and `pm.clear_cache`, and where the cache of checked extracts lives for
the calls that read extracts (compute, explain, audit sample, read_extracts).

The cache is `.pm-cache/` in the workspace (beside pm.yaml) when there is one, else pm's
folder in the user's cache directory; `cache=` (`--cache DIR`) names another, `no_cache`
(`--no-cache`) reads without it. It holds person-level data: it is never the extracts'
folder nor inside it, and pm writes only in a folder of its own (see pm.data.cache_folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from pm.api import arguments
from pm.api.arguments import PathLike
from pm.api.scope import Scope, scope_of
from pm.data.cache import ExtractCache
from pm.data.cache_folder import CacheInfo, clear, info, refuse_foreign
from pm.errors import UsageError

__all__ = ["CacheInfo", "cache_info", "clear_cache"]

WORKSPACE_CACHE = ".pm-cache"


def _user_cache() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("pm", appauthor=False) / "extracts"


def _inside(path: Path, folder: Path) -> bool:
    resolved, outer = Path(os.path.abspath(path)).resolve(), folder.resolve()
    return resolved == outer or outer in resolved.parents


def cache_folder(scope: Scope, cache: PathLike | None = None, data: Path | None = None) -> Path:
    """The cache folder of a call: `cache` if given, else the workspace's `.pm-cache/` (when
    that is not inside the extracts' folder), else the user cache directory."""
    given = arguments.path(cache)
    if given is not None:
        return given
    if scope.workspace is not None:
        folder = scope.workspace.root / WORKSPACE_CACHE
        if data is None or not _inside(folder, data):
            return folder
    return _user_cache()


def extract_cache(
    scope: Scope, data: Path, *, cache: PathLike | None = None, no_cache: bool = False
) -> ExtractCache | None:
    """The cache a call that reads the extracts in `data` uses, or None with `no_cache`.
    A cache inside the extracts' folder, or in a folder of other files, is refused."""
    if no_cache:
        if cache is not None:
            raise UsageError("give --cache DIR or --no-cache, not both")
        return None
    folder = cache_folder(scope, cache, data)
    if _inside(folder, data):
        raise UsageError(
            f"--cache {folder}: the cache may not be the extracts' folder {data} or inside "
            "it (it holds a copy of their records); give a folder elsewhere, or --no-cache."
        )
    refuse_foreign(folder)
    return ExtractCache(folder)


def cache_info(*, cache: PathLike | None = None, workspace: PathLike | None = None) -> CacheInfo:
    """Where the cache of checked extracts is (the workspace's `.pm-cache/`, the user cache
    directory, or `cache`), how many entries it holds and their size in bytes."""
    return info(cache_folder(scope_of(workspace), cache))


def clear_cache(*, cache: PathLike | None = None, workspace: PathLike | None = None) -> CacheInfo:
    """Remove every entry of the cache (as `cache_info` finds it); returns what was removed.
    A folder that is not a pm cache is refused and left as it is."""
    return clear(cache_folder(scope_of(workspace), cache))
