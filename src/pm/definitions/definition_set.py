"""`DefinitionSet`: everything pm knows about the indicators of a run, apart from how it is
read (`loader`) and how it is checked (`rules`), so that neither of those imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.problems import Problem, display_path
from pm.definitions.reference import Reference
from pm.definitions.yaml_loader import LoadedYaml


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
