"""`pm.validate`: every problem of the definitions, data-item specifications, reference data
and, in a workspace, of its pm.yaml, targets, published files and service plans — as
`pm validate` finds them, so a notebook or a CI script can check before computing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pm.api import arguments
from pm.api.scope import PathLike, scope_of
from pm.definitions.problems import CATALOGUE, Problem
from pm.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from pm.definitions.definition_set import DefinitionSet
    from pm.workspace import Workspace

PROBLEM_COLUMNS = ["file", "line", "code", "severity", "message"]


class Problems(list[Problem]):
    """The problems found, in the order `pm validate` prints them (each with `file`, `line`,
    `code`, `severity` and `message`), with what was checked: `valid` (no errors),
    `files_checked` and `indicators` (how many definitions were read)."""

    def __init__(
        self,
        problems: list[Problem],
        *,
        valid: bool,
        files_checked: int,
        indicators: int,
        welsh: dict[str, int] | None = None,
    ) -> None:
        super().__init__(problems)
        self.valid = valid
        self.files_checked = files_checked
        self.indicators = indicators
        # With language='cy': how many terms have official Welsh, the council's own, none.
        self.welsh = welsh

    def table(self) -> pd.DataFrame:
        """The problems as a table of text (the CSV `pm validate --format csv` writes)."""
        import pandas as pd

        return pd.DataFrame(
            [
                [p.file, "" if p.line is None else str(p.line), p.code, p.severity, p.message]
                for p in self
            ],
            columns=PROBLEM_COLUMNS,
        )


def problem_codes() -> dict[str, str]:
    """Every problem code pm reports, with what it means (`pm validate --codes`)."""
    return dict(CATALOGUE)


def validate(
    paths: PathLike | Sequence[PathLike] | None = None,
    *,
    targets: PathLike | None = None,
    plans: PathLike | Sequence[PathLike] | None = None,
    workspace: PathLike | None = None,
    language: str | None = None,
) -> Problems:
    """Check definition files or folders (`paths`; default: the shipped ones and the
    workspace's own) or, when `paths` is a workspace folder (or its pm.yaml), that workspace;
    and the workspace's configuration, targets (or `targets`) and service plans (or `plans`).
    Every problem is returned at once, none raised: a definition is fixed before it runs.
    With `language='cy'`, every term with no Welsh text (official or the council's own) is
    a note (severity warning, code no-official-welsh): it never makes the check fail."""
    from pm.api.welsh import language_of, welsh_problems

    chosen = language_of(language)
    given = arguments.paths(paths)
    root = _workspace_root(given)
    if root is not None:  # as 'pm --workspace DIR validate'
        workspace, given = root, []
    from pm.definitions.loader import load_definitions

    scope = scope_of(workspace, given or None)
    definitions = load_definitions(list(scope.definition_folders))  # checked, never raised
    definitions.problems.extend(
        _workspace_problems(
            definitions,
            scope.workspace,
            Path(targets) if targets is not None else None,
            arguments.paths(plans),
        )
    )
    welsh, counts = welsh_problems(scope, definitions, chosen)
    definitions.problems.extend(welsh)
    return Problems(
        definitions.sorted_problems(),
        valid=definitions.valid,
        files_checked=definitions.files_checked,
        indicators=len(definitions.indicators),
        welsh=counts,
    )


def _workspace_root(paths: list[Path]) -> Path | None:
    """A workspace folder (or its pm.yaml) given as the path is checked as a workspace: its
    pm.yaml, targets, plans and own indicators beside the shipped definitions."""
    from pm.workspace import CONFIG_NAME

    roots = [
        p if p.is_dir() else p.parent
        for p in paths
        if (p.is_dir() and (p / CONFIG_NAME).is_file()) or p.name == CONFIG_NAME
    ]
    if not roots:
        return None
    if len(paths) > 1:
        raise UsageError(
            f"{roots[0]} is a workspace: check it on its own (pm validate {roots[0]}), "
            "and definition files or folders in another run"
        )
    return roots[0]


def _workspace_problems(
    definitions: DefinitionSet,
    workspace: Workspace | None,
    targets: Path | None,
    plan_paths: list[Path],
) -> list[Problem]:
    """Problems of the workspace configuration and of the targets file in force."""
    from pm.comparison.setup import check_workspace, targets_path
    from pm.comparison.targets import load_targets

    problems = check_workspace(workspace, definitions) if workspace else []
    if workspace is not None and not problems:
        from pm.comparison.setup import published_content_problems

        definitions.files_checked += len(workspace.config.published)
        problems.extend(published_content_problems(workspace, definitions))
    path = targets_path(targets, workspace)
    if path is not None:
        definitions.files_checked += 1
        problems.extend(load_targets(path, definitions).problems)
    plans = plan_paths or (
        [workspace.path("plans")] if workspace and workspace.path("plans").is_dir() else []
    )
    if plans:
        from pm.plans.load import load_plans, plan_files

        definitions.files_checked += len(plan_files(plans))
        problems.extend(load_plans(plans, definitions)[1])
    return problems
