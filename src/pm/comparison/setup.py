"""Gathering what a comparison needs: the targets file and the comparator groups of the
workspace, each checked first so that nothing is banded against a half-read file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pm.comparison.targets import TargetSet, load_targets
from pm.definitions.loader import DefinitionSet
from pm.definitions.problems import Problem, display_path
from pm.errors import PmError
from pm.workspace import Workspace

if TYPE_CHECKING:
    from pm.comparison.comparison import CompareOptions


def targets_path(explicit: Path | None, workspace: Workspace | None) -> Path | None:
    """The targets file named on the command line, else the workspace's if it has one."""
    if explicit is not None:
        return explicit
    if workspace is not None and workspace.path("targets").is_file():
        return workspace.path("targets")
    return None


def check_workspace(workspace: Workspace, definitions: DefinitionSet) -> list[Problem]:
    """Problems of `pm.yaml` beyond its shape: councils and groups that do not exist."""
    problems = list(workspace.problems)
    if problems:
        return problems
    shown = display_path(workspace.config_path)
    config = workspace.config
    areas = definitions.reference.area_lookup()
    wales = definitions.reference.wales.code if definitions.reference.wales else None

    def unknown(text: str, *loc: str | int) -> None:
        problems.append(
            Problem(
                shown,
                workspace.line_of(*loc),
                "unknown-council",
                f"'{text}' is not a Welsh council: give an ONS code such as W06000015 or a name such as Cardiff",
            )
        )

    if config.council is not None and areas.get(config.council.strip().lower()) in (None, wales):
        unknown(config.council, "council")
    for name, members in config.comparator_groups.items():
        for index, member in enumerate(members):
            if areas.get(member.strip().lower()) in (None, wales):
                unknown(member, "comparator_groups", name, index)
    problems.extend(_published_problems(workspace, definitions, shown))
    problems.extend(_measures_problems(workspace, definitions, shown))
    if (
        config.comparator_group is not None
        and config.comparator_group not in config.comparator_groups
    ):
        names = ", ".join(config.comparator_groups) or "none are defined"
        problems.append(
            Problem(
                shown,
                workspace.line_of("comparator_group"),
                "invalid-choice",
                f"comparator_group '{config.comparator_group}' is not one of the comparator_groups ({names})",
            )
        )
    return problems


def _published_problems(
    workspace: Workspace, definitions: DefinitionSet, shown: str
) -> list[Problem]:
    """`published:` entries naming a file that is not there, or a measure pm does not have."""
    problems = []
    for index, named in enumerate(workspace.config.published):
        if not (workspace.root / named.file).is_file():
            problems.append(
                Problem(
                    shown,
                    workspace.line_of("published", index),
                    "invalid-value",
                    f"published file '{named.file}' is not there (paths are relative to pm.yaml)",
                )
            )
        if named.measure is not None and not any(
            named.measure.strip().lower() in {i.id.lower(), *(a.lower() for a in i.aliases)}
            for i in definitions.indicators.values()
        ):
            problems.append(
                Problem(
                    shown,
                    workspace.line_of("published", index, "measure"),
                    "unknown-indicator",
                    f"measure '{named.measure}' is not an indicator pm defines",
                )
            )
    return problems


def _measures_problems(
    workspace: Workspace, definitions: DefinitionSet, shown: str
) -> list[Problem]:
    """`measures:` naming a framework or a measure pm does not have."""
    from pm.definitions.lookup import find_indicator_id

    chosen = workspace.config.measures
    if chosen is None:
        return []
    known = {f.id.lower() for f in definitions.reference.frameworks}
    known |= {i.framework.lower() for i in definitions.indicators.values()}
    problems = [
        Problem(
            shown,
            workspace.line_of("measures", "frameworks", index),
            "unknown-framework",
            f"'{name}' is not a framework; use one of "
            f"{', '.join(f.id for f in definitions.reference.frameworks)}",
        )
        for index, name in enumerate(chosen.frameworks)
        if name.strip().lower() not in known
    ]
    problems += [
        Problem(
            shown,
            workspace.line_of("measures", "indicators", index),
            "unknown-indicator",
            f"measure '{name}' is not an indicator pm defines",
        )
        for index, name in enumerate(chosen.indicators)
        if find_indicator_id(definitions.indicators, name) is None
    ]
    return problems


def published_content_problems(workspace: Workspace, definitions: DefinitionSet) -> list[Problem]:
    """The first thing wrong inside the workspace's published-figures files (each file is
    read as `pm compare` reads it), as a problem with file and line."""
    import re

    from pm.comparison.published_files import published_sources, read_sources
    from pm.errors import InputError

    sources = published_sources([], workspace)
    try:
        read_sources(sources, definitions)
    except InputError as problem:
        text = str(problem)
        for source in sources:
            if text.startswith(f"{source.shown}: "):
                rest = text[len(source.shown) + 2 :]
                found = re.match(r"line (\d+)[:,] ?(.*)", rest)
                line, message = (int(found.group(1)), found.group(2)) if found else (0, rest)
                return [Problem(source.shown, line, "invalid-value", message)]
        return [Problem(display_path(workspace.config_path), 0, "invalid-value", text)]
    return []


def comparator_groups(
    workspace: Workspace | None, definitions: DefinitionSet
) -> dict[str, list[str]]:
    """Group name → council codes, names resolved (the workspace is assumed checked)."""
    if workspace is None:
        return {}
    areas = definitions.reference.area_lookup()
    return {
        name: [areas[m.strip().lower()] for m in members]
        for name, members in workspace.config.comparator_groups.items()
    }


def compare_options(
    definitions: DefinitionSet,
    *,
    targets: Path | None,
    workspace: Workspace | None,
    confidence: float = 0.95,
) -> CompareOptions:
    """Options for `compare`, or a PmError listing every problem with file and line."""
    from pm.comparison.comparison import CompareOptions

    problems: list[Problem] = []
    if workspace is not None:
        problems.extend(check_workspace(workspace, definitions))
    path = targets_path(targets, workspace)
    target_set = load_targets(path, definitions) if path is not None else TargetSet()
    problems.extend(target_set.problems)
    if problems:
        lines = "\n".join(f"{p.location()}: {p.code}: {p.message}" for p in sorted(set(problems)))
        raise PmError(
            f"nothing was compared, because of these problems (fix them and run again):\n{lines}"
        )
    return CompareOptions(
        targets=target_set,
        comparator_groups=comparator_groups(workspace, definitions),
        preferred_group=workspace.config.comparator_group if workspace else None,
        confidence=confidence,
    )
