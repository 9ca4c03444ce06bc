"""Where published figures come from: `--published FILE` (repeatable) and the `published:`
list of the workspace's `pm.yaml`, each file with the column mapping it needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pm.comparison.published_checks import figures_of
from pm.comparison.published_read import Layout, Published, read_published_table
from pm.definitions.loader import DefinitionSet
from pm.definitions.problems import display_path
from pm.workspace import Workspace


@dataclass(frozen=True)
class PublishedSource:
    """One published-figures file and how to read it."""

    path: Path
    layout: Layout
    shown: str  # the file as messages name it


def published_sources(given: list[Path], workspace: Workspace | None) -> list[PublishedSource]:
    """The files named in `pm.yaml` (relative to it), then those given on the command line;
    a file named in both is read once."""
    sources: list[PublishedSource] = []
    if workspace is not None:
        for named in workspace.config.published:
            path = workspace.root / named.file
            columns = {
                ("period" if role == "year" else role): text for role, text in named.columns.items()
            }
            sources.append(
                PublishedSource(path, Layout(columns, named.measure), display_path(path))
            )
    for path in given:
        sources.append(PublishedSource(path, Layout(), display_path(path)))
    unique: dict[Path, PublishedSource] = {}
    for source in sources:
        unique.setdefault(source.path.resolve(), source)
    return list(unique.values())


def read_sources(sources: list[PublishedSource], definitions: DefinitionSet) -> Published:
    """Every figure of every source, checked; one error names the file and line of the first
    problem."""
    readings = [
        read_published_table(source.path, source.shown, definitions, source.layout)
        for source in sources
    ]
    return figures_of(readings, definitions)
