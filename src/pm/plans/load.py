"""Reading service plans: every problem with file and line, like the definitions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pm.definitions.loader import DefinitionSet
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file, yaml_files
from pm.errors import UsageError
from pm.plans.model import ServicePlan


@dataclass
class LoadedPlan:
    path: Path
    plan: ServicePlan
    source: LoadedYaml


def plan_files(paths: list[Path]) -> list[Path]:
    """YAML files under the given files and folders, in a stable order."""
    return yaml_files(paths, "no such service-plan file or folder")


def load_plans(
    paths: list[Path], definitions: DefinitionSet
) -> tuple[list[LoadedPlan], list[Problem]]:
    """Every plan that reads cleanly, and the problems of all of them."""
    plans: list[LoadedPlan] = []
    problems: list[Problem] = []
    for path in plan_files(paths):
        shown = display_path(path)
        try:
            loaded = load_yaml_file(path)
        except YamlProblem as problem:
            problems.append(Problem(shown, problem.line, problem.code, problem.message))
            continue
        if not isinstance(loaded.data, dict):
            problems.append(
                Problem(
                    shown,
                    1,
                    "yaml-not-mapping",
                    "a service plan holds keys such as 'title:' and 'objectives:'",
                )
            )
            continue
        try:
            plan = ServicePlan.model_validate(loaded.data)
        except ValidationError as error:
            problems.extend(problems_from_validation(error, ServicePlan, loaded, shown))
            continue
        found = _check(plan, loaded, shown, definitions)
        problems.extend(found)
        if not found:
            plans.append(LoadedPlan(path, plan, loaded))
    return plans, problems


def _check(
    plan: ServicePlan, loaded: LoadedYaml, shown: str, definitions: DefinitionSet
) -> list[Problem]:
    from pm.calendar import parse_period

    problems = []
    try:
        if parse_period(plan.year).grain != "year":
            raise UsageError("not a year")
    except UsageError:
        problems.append(
            Problem(
                shown,
                loaded.line_of(("year",)),
                "invalid-period",
                f"year '{plan.year}' is not a financial year: write it like 2024-25",
            )
        )
    if (
        plan.council is not None
        and plan.council.strip().lower() not in definitions.reference.area_lookup()
    ):
        problems.append(
            Problem(
                shown,
                loaded.line_of(("council",)),
                "unknown-council",
                f"'{plan.council}' is not a Welsh council: give a code such as W06000015 or a name",
            )
        )
    seen: set[str] = set()
    for index, objective in enumerate(plan.objectives):
        if objective.id in seen:
            problems.append(
                Problem(
                    shown,
                    loaded.line_of(("objectives", index, "id")),
                    "duplicate-entry",
                    f"objective id '{objective.id}' is used twice in this plan; give each its own",
                )
            )
        seen.add(objective.id)
        for position, indicator in enumerate(objective.indicators):
            if indicator not in definitions.indicators:
                close = difflib.get_close_matches(indicator, list(definitions.indicators), n=1)
                hint = (
                    f" Did you mean '{close[0]}'?"
                    if close
                    else " Run 'pm list' to see the indicators."
                )
                problems.append(
                    Problem(
                        shown,
                        loaded.line_of(("objectives", index, "indicators", position)),
                        "unknown-indicator",
                        f"objective {objective.id}: there is no indicator '{indicator}'.{hint}",
                    )
                )
    return problems
