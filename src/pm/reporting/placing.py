"""Which part of the Director's report's performance assessment each measure sits under.

In order: the council's own placement in pm.yaml (`directors_report: parts:`), then pm's
default mapping by id (directors_report.yaml `measures:`), then the first of its `rules`
that fits (an id pattern, an aspect of well-being or a national outcome). A measure nothing
places is shown among the other measures, never left out; the report names every measure
placed by rule, so a council can see and change what pm guessed.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pm.definitions.loader import DefinitionSet
from pm.definitions.lookup import find_indicator_id
from pm.errors import InputError
from pm.reporting.directors_form import DirectorsForm, Rule

OTHER = "other"


@dataclass(frozen=True)
class Placement:
    part: str  # a part id, or "other"
    by: str  # "workspace", "mapping", "rule" or "none"
    why: str = ""  # for a rule: what it matched


@dataclass(frozen=True)
class CouncilPlacement:
    """pm.yaml's `directors_report` settings, with where each entry is for messages."""

    parts: dict[str, list[str]]
    place_by_rule: bool = True
    where: Callable[[str, int], str] = lambda part, n: "pm.yaml"


def place_measures(
    measures: list[dict[str, Any]],
    form: DirectorsForm,
    council: CouncilPlacement,
    definitions: DefinitionSet,
) -> dict[str, Placement]:
    """The placement of each measure (by id)."""
    chosen = _council_ids(council, definitions)
    mapped = {
        find_indicator_id(definitions.indicators, m) or m: part
        for part, members in form.measures.items()
        for m in members
    }
    placed = {}
    for measure in measures:
        measure_id = measure["id"]
        if measure_id in chosen:
            placed[measure_id] = Placement(chosen[measure_id], "workspace")
        elif measure_id in mapped:
            placed[measure_id] = Placement(mapped[measure_id], "mapping")
        else:
            rule = _first_rule(measure, form.rules) if council.place_by_rule else None
            placed[measure_id] = (
                Placement(rule.part, "rule", rule.why) if rule else Placement(OTHER, "none")
            )
    return placed


def _council_ids(council: CouncilPlacement, definitions: DefinitionSet) -> dict[str, str]:
    """pm.yaml's ids (or aliases) by part; an unknown or twice-placed id is refused."""
    chosen: dict[str, str] = {}
    for part, members in council.parts.items():
        for n, text in enumerate(members):
            found = find_indicator_id(definitions.indicators, text)
            if found is None:
                close = difflib.get_close_matches(text, list(definitions.indicators), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else " Run 'pm list' to see them."
                raise InputError(
                    f"{council.where(part, n)}: directors_report parts {part}: there is no "
                    f"measure '{text}'.{hint}"
                )
            if found in chosen and chosen[found] != part:
                raise InputError(
                    f"{council.where(part, n)}: directors_report parts: {found} is placed under "
                    f"both {chosen[found]} and {part}; name it under one part"
                )
            chosen[found] = part
    return chosen


def _first_rule(measure: dict[str, Any], rules: list[Rule]) -> Rule | None:
    aspects = {a["id"] for a in measure["aspects"]}
    outcomes = {o["id"] for o in measure["outcomes"]}
    for rule in rules:
        by_id = any(fnmatch.fnmatchcase(measure["id"].upper(), p.upper()) for p in rule.ids)
        if by_id or aspects & set(rule.aspects) or outcomes & set(rule.national_outcomes):
            return rule
    return None
