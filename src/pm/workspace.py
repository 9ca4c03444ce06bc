"""A council's workspace: `pm.yaml` at its root names the council, its comparator groups and
where its own targets, commentary, local indicators and service plans live.

Every command looks for `pm.yaml` in the current folder and its parents (or takes
`--workspace DIR`, or the `PM_WORKSPACE` environment variable), so that a council keeps its
own files beside the national definitions without editing the package.

This module is the one place that looks at the current folder: it sits above the engine in
pm's layers, and the layers below it (engine, data, definitions, calendar) take the paths
and lists it resolves as arguments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from pm import resources
from pm.definitions.loader import default_paths
from pm.definitions.models import Strict
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file
from pm.errors import UsageError
from pm.guard import Inputs

CONFIG_NAME = "pm.yaml"
PublishedRole = Literal[
    "area", "indicator", "year", "item", "numerator", "denominator", "value",
    "lower_quartile", "median", "upper_quartile",
]  # fmt: skip


class WorkspacePaths(Strict):
    """Folders and files of the workspace, relative to `pm.yaml`."""

    data: str = "data"
    targets: str = "targets.yaml"
    commentary: str = "commentary"
    indicators: str = "indicators"
    plans: str = "plans"
    templates: str = "templates"
    guidance: str = "guidance"  # where 'pm guidance' writes the workspace's pages
    output: str = "out"
    welsh: str = "welsh.yaml"  # the council translator's Welsh terms (pm.definitions.welsh_council)


class PublishedFile(Strict):
    """A published-figures file (a StatsWales download or another table) to benchmark
    against, relative to `pm.yaml`; `columns` names the file's header for each of area,
    indicator, year, numerator, denominator, value, item, lower_quartile, median and
    upper_quartile when pm cannot recognise them; `measure` names the one measure of a
    file that does not say which it is."""

    file: str
    columns: dict[PublishedRole, str] = Field(default_factory=dict)
    measure: str | None = None


class WorkspaceMeasures(Strict):
    """What the council reports when a command is not told: the frameworks whose measures it
    reports (e.g. wales-2020 and local) and single measures beside them (former national
    measures it keeps locally, such as PM18)."""

    frameworks: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)


DirectorsReportPart = Literal["people", "prevention", "partnership", "wellbeing", "other"]


class DirectorsReportSettings(Strict):
    """Where the Director's annual report (`pm report --template directors_report`) places
    measures: `parts` lists measure ids (or aliases) under `people`, `prevention`,
    `partnership` or `wellbeing` (the four parts of the performance assessment), or `other`
    to show a measure only among the other measures. Measures not listed keep pm's default
    place (technical_guidance/reference/directors_report.yaml), found by rule unless
    `place_by_rule` is false."""

    parts: dict[DirectorsReportPart, list[str]] = Field(default_factory=dict)
    place_by_rule: bool = True


class WorkspaceConfig(Strict):
    """The contents of `pm.yaml`."""

    council: str | None = None
    comparator_group: str | None = None
    comparator_groups: dict[str, list[str]] = Field(default_factory=dict)
    paths: WorkspacePaths = Field(default_factory=WorkspacePaths)
    published: list[PublishedFile] = Field(default_factory=list)
    measures: WorkspaceMeasures | None = None
    directors_report: DirectorsReportSettings = Field(default_factory=DirectorsReportSettings)
    # The language of reports when `pm report` is not given --language: en, cy or both
    # (Welsh first, then English, each part marked with its language).
    language: Literal["en", "cy", "both"] | None = None
    note: str | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _file_names_alone(cls, value: object) -> object:
        """`- published/statswales.csv` is short for `- file: published/statswales.csv`."""
        if isinstance(value, list):
            return [{"file": item} if isinstance(item, str) else item for item in value]
        return value


@dataclass
class Workspace:
    """A loaded workspace; `root` is the folder holding `pm.yaml`."""

    root: Path
    config: WorkspaceConfig
    source: LoadedYaml | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def path(self, name: str) -> Path:
        """One of the configured paths (`targets`, `commentary`, ...), made absolute."""
        return self.root / getattr(self.config.paths, name)

    def line_of(self, *loc: str | int) -> int:
        return self.source.line_of(tuple(loc)) if self.source else 0


def find_workspace_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` holding `pm.yaml`, or the one named in
    `PM_WORKSPACE`; None outside any workspace."""
    named = os.environ.get("PM_WORKSPACE")
    if named:
        return Path(named)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def load_workspace(root: Path) -> Workspace:
    """Read `root/pm.yaml`; problems are collected with file and line, never raised."""
    path = root / CONFIG_NAME
    shown = display_path(path)
    if not path.is_file():
        from pm.errors import InputError

        raise InputError(f"{shown}: no workspace configuration here; create one with 'pm init'")
    try:
        loaded = load_yaml_file(path)
    except YamlProblem as problem:
        return Workspace(
            root,
            WorkspaceConfig(),
            None,
            [Problem(shown, problem.line, problem.code, problem.message)],
        )
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        problem = Problem(shown, 1, "yaml-not-mapping", "pm.yaml must hold keys such as 'council:'")
        return Workspace(root, WorkspaceConfig(), loaded, [problem])
    try:
        config = WorkspaceConfig.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, WorkspaceConfig, loaded, shown)
        return Workspace(root, WorkspaceConfig(), loaded, problems)
    return Workspace(root, config, loaded)


def current_workspace(explicit: Path | None = None) -> Workspace | None:
    """The workspace given on the command line, or found from the current folder."""
    root = explicit or find_workspace_root()
    return load_workspace(root) if root is not None else None


def definition_paths(workspace: Workspace | None) -> list[Path]:
    """The definitions a command loads: the shipped ones and, in a workspace, the council's
    own local indicators."""
    paths = default_paths()
    if workspace is not None and workspace.path("indicators").is_dir():
        paths.append(workspace.path("indicators"))
    return paths


def workspace_data_folder(
    workspace: Workspace | None, example: str = "pm compute DATA_DIR --year 2023-24"
) -> Path:
    """The workspace's data folder, for commands run without a data folder; `example` is the
    command line shown to a user who is not in a workspace."""
    if workspace is None:
        raise UsageError(f"say where the extracts are: {example} (or run inside a workspace)")
    return workspace.path("data")


# ----------------------------------------------------------------------------- common inputs


def standard_inputs(
    workspace: Workspace | None,
    definitions: list[Path] | None = None,
    *,
    workspace_data: bool = True,
) -> Inputs:
    """The files any command may read besides its own arguments: the indicator definitions
    (shipped and the workspace's, or those given with --definitions), the data-item
    specifications, the reference data, and the workspace's own files (pm.yaml, targets,
    service plans, commentary, templates, local indicators and, unless `workspace_data` is
    False, its extracts)."""
    inputs = Inputs()
    for folder in definitions or definition_paths(workspace):
        inputs.add(folder, "the definition")
    inputs.add(resources.datasets_dir(), "the data-item specification")
    inputs.add(resources.reference_dir(), "the reference data file")
    if workspace is not None:
        inputs.add(workspace.config_path, "the workspace configuration")
        for name, kind in _WORKSPACE_FILES.items():
            if name != "data" or workspace_data:
                inputs.add(workspace.path(name), kind)
    return inputs


_WORKSPACE_FILES = {
    "targets": "the targets file",
    "indicators": "the definition",
    "plans": "the service plan",
    "commentary": "the commentary file",
    "templates": "the template",
    "data": "the extract",
    "welsh": "the council's Welsh terms file",
}
