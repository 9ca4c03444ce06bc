"""Where an API call runs: the council workspace it belongs to and the definitions it loads.

The CLI's `--workspace` and a caller's `workspace=` mean the same thing: the folder holding
`pm.yaml`. Without one, the workspace is found from the current folder (or `PM_WORKSPACE`),
as the commands find it. Everything below the API is given what the scope says; nothing
below it looks at the current folder again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pm.api.arguments import PathLike
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.loader import load_definitions as load_definition_files
from pm.definitions.problems import Problem
from pm.errors import PmError
from pm.guard import Inputs
from pm.workspace import Workspace, current_workspace, definition_paths, standard_inputs


class DefinitionProblems(PmError):
    """The definitions have problems: nothing is computed from them. `problems` holds each
    one, with its file, line, code and message (the CLI prints the first twenty)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("the definitions have problems; run 'pm validate' and fix them first")
        self.problems = problems


@dataclass(frozen=True)
class Scope:
    workspace: Workspace | None
    definition_folders: tuple[Path, ...]

    def definitions(self, *, check: bool = True) -> DefinitionSet:
        """The definitions of this scope; with `check`, raise DefinitionProblems unless
        they are all valid (a measure is never computed from a definition with an error)."""
        loaded = load_definition_files(list(self.definition_folders), check=check)
        if check and not loaded.valid:
            raise DefinitionProblems(loaded.sorted_problems())
        return loaded

    def inputs(self, *, workspace_data: bool = True) -> Inputs:
        """The files no output of a call may replace (see `pm.workspace.standard_inputs`)."""
        return standard_inputs(
            self.workspace, list(self.definition_folders), workspace_data=workspace_data
        )


def scope_of(
    workspace: PathLike | None = None, definitions: Sequence[PathLike] | None = None
) -> Scope:
    """The scope of a call: `workspace` (a folder with pm.yaml) or the one found from the
    current folder; `definitions` (folders or files of indicator YAML) or the shipped
    definitions with the workspace's local indicators."""
    found = current_workspace(Path(workspace) if workspace is not None else None)
    folders = tuple(Path(p) for p in definitions) if definitions else tuple(definition_paths(found))
    return Scope(found, folders)
