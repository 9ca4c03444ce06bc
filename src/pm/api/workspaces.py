"""`pm.create_workspace`: a new council workspace, as `pm init` makes it.

(Not named `init_workspace`: that is the name of the module `pm.init_workspace`, which
would shadow the function.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pm.api.scope import PathLike, scope_of
from pm.errors import UsageError


@dataclass(frozen=True)
class NewWorkspace:
    """The workspace made: its folder, its council (code and name) and the files written,
    in the order written."""

    folder: Path
    council: str
    council_name: str
    files: list[Path]


def create_workspace(
    folder: PathLike,
    *,
    council: str,
    year: str | None = None,
    workspace: PathLike | None = None,
) -> NewWorkspace:
    """Create a workspace for one `council` (ONS code or name) in `folder`: pm.yaml with its
    comparator group, targets.yaml, an example service plan for `year` (default: the current
    financial year) and folders for extracts, commentary, local indicators and templates.
    Existing files are never overwritten: a folder with a pm.yaml raises UsageError, as
    does Wales (a workspace belongs to one council)."""
    from pm.calendar import financial_year_label
    from pm.definitions.reference import load_reference
    from pm.init_workspace import create_workspace as write_workspace
    from pm.resources import reference_dir

    reference = load_reference(reference_dir())
    wales = reference.wales.code if reference.wales else None
    code = reference.area_codes([council])[0]
    if code == wales:
        raise UsageError(
            "a workspace belongs to one council: give a council such as Powys, not Wales"
        )
    folder = Path(folder)
    written = write_workspace(
        folder,
        reference,
        code,
        year or financial_year_label(dt.date.today()),
        inputs=lambda: scope_of(workspace).inputs(),
    )
    return NewWorkspace(folder, code, reference.council_name(code), list(written))
