"""`pm.load_definitions`: the indicator definitions a call works from, checked as `pm
validate` checks them."""

from __future__ import annotations

from pm.api import arguments
from pm.api.arguments import PathLike, Paths
from pm.api.scope import DefinitionProblems, scope_of
from pm.definitions.definition_set import DefinitionSet

__all__ = ["DefinitionProblems", "load_definitions"]


def load_definitions(
    paths: Paths = None,
    *,
    workspace: PathLike | None = None,
    check: bool = True,
) -> DefinitionSet:
    """The definitions under `paths` (folders or files of indicator YAML), or the shipped
    ones with the workspace's local indicators. With `check`, raise DefinitionProblems
    (its `.problems` lists each) unless every one is valid, since pm computes nothing from
    a definition with an error; without it, the problems are in `.problems`."""
    return scope_of(workspace, arguments.paths(paths) or None).definitions(check=check)
