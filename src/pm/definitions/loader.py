"""`load_definitions`: read indicators, data-item specifications and reference data, and
check them all, collecting every problem instead of stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pm import resources
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.reference import Reference, load_reference
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file, yaml_files


@dataclass
class Source:
    """Where a definition came from, with the line of every key."""

    path: Path
    yaml: LoadedYaml

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def line_of(self, *loc: str | int) -> int:
        return self.yaml.line_of(tuple(loc))


@dataclass
class DefinitionSet:
    """Everything pm knows about the indicators of a run, and what is wrong with it."""

    indicators: dict[str, Indicator] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    datasets: dict[str, DatasetSpec] = field(default_factory=dict)
    dataset_sources: dict[str, Source] = field(default_factory=dict)
    reference: Reference = field(default_factory=Reference)
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def sorted_problems(self) -> list[Problem]:
        return sorted(set(self.problems))


def _yaml_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    files = yaml_files(paths, "no such file or folder; give definition files or folders")
    return files, []


def _read(path: Path, problems: list[Problem]) -> LoadedYaml | None:
    try:
        loaded = load_yaml_file(path)
    except YamlProblem as problem:
        problems.append(Problem(display_path(path), problem.line, problem.code, problem.message))
        return None
    except OSError as problem:
        problems.append(
            Problem(
                display_path(path), 0, "yaml-syntax", f"cannot read the file: {problem.strerror}"
            )
        )
        return None
    if not isinstance(loaded.data, dict):
        problems.append(
            Problem(
                display_path(path),
                1,
                "yaml-not-mapping",
                "the file must hold one definition: a mapping of keys such as 'id:' and 'title:'",
            )
        )
        return None
    return loaded


def load_datasets(
    folder: Path, problems: list[Problem]
) -> tuple[dict[str, DatasetSpec], dict[str, Source]]:
    """Read every data-item specification in `folder`."""
    specs: dict[str, DatasetSpec] = {}
    sources: dict[str, Source] = {}
    files, missing = _yaml_files([folder])
    problems.extend(missing)
    for path in files:
        loaded = _read(path, problems)
        if loaded is None:
            continue
        try:
            spec = DatasetSpec.model_validate(loaded.data)
        except ValidationError as error:
            problems.extend(
                problems_from_validation(error, DatasetSpec, loaded, display_path(path))
            )
            continue
        specs[spec.dataset] = spec
        sources[spec.dataset] = Source(path, loaded)
    return specs, sources


def default_paths() -> list[Path]:
    """The shipped national and local definitions, and the current workspace's own."""
    from pm.workspace import current_workspace

    paths = [resources.indicators_dir()]
    workspace = current_workspace()
    if workspace is not None and workspace.path("indicators").is_dir():
        paths.append(workspace.path("indicators"))
    return paths


def load_definitions(
    paths: list[Path] | None = None,
    *,
    guidance_root: Path | None = None,
    check: bool = True,
) -> DefinitionSet:
    """Load and (by default) check every definition under `paths`.

    `guidance_root` holds `datasets/` and `reference/`; the shipped ones by default.
    """
    from pm.definitions.rules import check_definitions

    root = guidance_root or resources.guidance_dir()
    result = DefinitionSet()
    result.reference = load_reference(root / "reference")
    result.problems.extend(result.reference.problems)
    result.datasets, result.dataset_sources = load_datasets(root / "datasets", result.problems)
    from pm.data.code_lists import register_code_list  # lists extracts are checked against

    register_code_list("survey_questions", {q.code for q in result.reference.survey_questions})

    files, missing = _yaml_files(paths or default_paths())
    result.problems.extend(missing)
    seen_paths: dict[str, Path] = {}
    for path in files:
        result.files_checked += 1
        loaded = _read(path, result.problems)
        if loaded is None:
            continue
        try:
            indicator = Indicator.model_validate(loaded.data)
        except ValidationError as error:
            result.problems.extend(
                problems_from_validation(error, Indicator, loaded, display_path(path))
            )
            continue
        source = Source(path, loaded)
        if indicator.id in result.indicators:
            first = display_path(seen_paths[indicator.id])
            result.problems.append(
                Problem(
                    source.shown,
                    source.line_of("id"),
                    "duplicate-id",
                    f"the id '{indicator.id}' is already used by {first}: give each "
                    "indicator its own id",
                )
            )
            continue
        seen_paths[indicator.id] = path
        result.indicators[indicator.id] = indicator
        result.sources[indicator.id] = source
    if check:
        result.problems.extend(check_definitions(result))
    return result
