"""`pm.write_guidance`: the technical-guidance pages (one per indicator and dataset, and an
index) written, or checked, from the definitions, as `pm guidance` does.

Where the pages go: inside a workspace, its own `guidance/` folder (the `guidance:` path of
pm.yaml), holding the pages of the national and the council's own indicators; outside a
workspace, the `technical_guidance/` folder of a pm source checkout (where the shipped
pages are kept). pm never writes into an installed package: there, `output` is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pm.api.scope import PathLike, scope_of
from pm.errors import UsageError
from pm.workspace import Workspace


@dataclass(frozen=True)
class GuidancePages:
    """The pages under `folder`: how many the definitions give (`pages`), those that were
    out of date (`stale`, as the user would write their paths: relative to the current
    folder when possible), and whether they were rewritten (`written`)."""

    folder: Path
    shown_folder: str
    pages: int
    stale: list[str]
    written: bool


def write_guidance(
    output: PathLike | None = None, *, check: bool = False, workspace: PathLike | None = None
) -> GuidancePages:
    """Rewrite the guidance pages that are out of date under `output` (default: the
    workspace's guidance/ folder, or the technical_guidance folder of a source checkout);
    with `check`, write nothing and only say which are stale (for CI). Raises UsageError
    where a page would replace an input, or with no folder to write into."""
    from pm.files import write_text_atomic
    from pm.guard import refuse_overwriting, shown
    from pm.reporting.guidance import guidance_pages, stale_pages

    scope = scope_of(workspace)
    definitions = scope.definitions(check=False)
    root = Path(output) if output is not None else _default_folder(scope.workspace)
    pages = guidance_pages(definitions, root)
    stale = stale_pages(pages)
    if not check:
        refuse_overwriting([page.path for page in stale], scope.inputs())
        for page in stale:
            write_text_atomic(page.path, page.text)
    return GuidancePages(
        folder=root,
        shown_folder=shown(root),
        pages=len(pages),
        stale=[shown(page.path) for page in stale],
        written=not check,
    )


def _default_folder(workspace: Workspace | None) -> Path:
    """The workspace's guidance folder; outside one, the shipped pages of a source checkout."""
    from pm import resources

    if workspace is not None:
        return workspace.path("guidance")
    if resources.installed():
        raise UsageError(
            "say where to write the guidance pages with --output FOLDER (or run inside a "
            "workspace, whose guidance/ folder is the default): pm does not write into its "
            "installed files"
        )
    return resources.guidance_dir()
