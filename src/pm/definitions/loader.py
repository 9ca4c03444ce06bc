"""`load_definitions`: read indicators, data-item specifications and reference data, and
check them all, collecting every problem instead of stopping at the first."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from pm import resources
from pm.definitions.definition_set import DefinitionSet, Source
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.reference import load_reference
from pm.definitions.rules import check_definitions
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file, yaml_files


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
    """The shipped national and local definitions. A council's own live in its workspace,
    which the caller resolves (`pm.workspace.definition_paths`): loading definitions never
    depends on the current folder."""
    return [resources.indicators_dir()]


def load_definitions(
    paths: list[Path] | None = None,
    *,
    guidance_root: Path | None = None,
    check: bool = True,
) -> DefinitionSet:
    """Load and (by default) check every definition under `paths` (the shipped ones when
    None).

    `guidance_root` holds `datasets/` and `reference/`; the shipped ones by default.
    """
    root = guidance_root or resources.guidance_dir()
    result = DefinitionSet()
    result.reference = load_reference(root / "reference")
    result.problems.extend(result.reference.problems)
    result.datasets, result.dataset_sources = load_datasets(root / "datasets", result.problems)
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
