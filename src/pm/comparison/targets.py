"""Targets: the definition's default, overridden per council and year in `targets.yaml`.

The most specific entry wins: council and year, then council, then year, then an entry for
the indicator alone, then the definition's own `target:`. A file with any problem is refused
whole, so nothing is ever banded against a half-read file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError

from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Strict, Target
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.vocab import Polarity
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file
from pm.errors import UsageError

EXAMPLE = "targets:\n  - {indicator: PM18, value: 95, tolerance: 5}"


class TargetEntry(Target):
    """One line of targets.yaml: a target for an indicator, optionally for one council and year."""

    indicator: str
    council: str | None = None
    year: str | None = None


class TargetsFile(Strict):
    targets: list[TargetEntry] = Field(default_factory=list)
    note: str | None = None


Key = tuple[
    str, str | None, int | None
]  # indicator, council code, first year of the financial year


@dataclass
class TargetSet:
    """Targets by (indicator, council, year); `lookup` applies the precedence."""

    entries: dict[Key, Target] = field(default_factory=dict)
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    def lookup(
        self, definitions: DefinitionSet, indicator: str, council: str, year: int
    ) -> Target | None:
        for key in (
            (indicator, council, year),
            (indicator, council, None),
            (indicator, None, year),
            (indicator, None, None),
        ):
            if key in self.entries:
                return self.entries[key]
        found = definitions.indicators.get(indicator)
        return found.target if found is not None else None


def load_targets(path: Path | None, definitions: DefinitionSet) -> TargetSet:
    """Read and check a targets file; every problem is collected with its line."""
    if path is None:
        return TargetSet()
    shown = display_path(path)
    if not path.is_file():
        from pm.errors import InputError

        raise InputError(
            f"{shown}: no such targets file; check the path (it is written like: {EXAMPLE!r})"
        )
    result = TargetSet(path=path)
    try:
        loaded = load_yaml_file(path)
    except YamlProblem as problem:
        result.problems.append(Problem(shown, problem.line, problem.code, problem.message))
        return result
    data = {} if loaded.data is None else loaded.data
    if not isinstance(data, dict):
        result.problems.append(
            Problem(
                shown,
                1,
                "yaml-not-mapping",
                f"a targets file holds a list under 'targets:', for example {EXAMPLE!r}",
            )
        )
        return result
    unknown = sorted(set(data) - {"targets", "note"})
    for key in unknown:
        result.problems.append(
            Problem(
                shown,
                loaded.line_of((key,)),
                "unknown-key",
                f"unknown key '{key}': a targets file holds 'targets:' (and an optional 'note:')",
            )
        )
    entries = data.get("targets") or []
    if not isinstance(entries, list):
        result.problems.append(
            Problem(
                shown,
                loaded.line_of(("targets",)),
                "invalid-value",
                f"'targets' must be a list of entries, for example {EXAMPLE!r}",
            )
        )
        return result
    areas = definitions.reference.area_lookup()
    wales = definitions.reference.wales.code if definitions.reference.wales else None
    for index, item in enumerate(entries):
        where = ("targets", index)
        entry = _entry(item, loaded, where, shown, result.problems)
        raw = item if isinstance(item, dict) else {}
        problems = _check_entry(
            raw, definitions, areas, wales, lambda *k, where=where: loaded.line_of(where + k), shown
        )
        result.problems.extend(problems)
        if entry is None or problems:
            continue
        key = _key(entry, areas)
        if key in result.entries:
            result.problems.append(
                Problem(
                    shown,
                    loaded.line_of(where),
                    "duplicate-entry",
                    f"a target for {_describe(entry)} is already given above; keep one",
                )
            )
            continue
        result.entries[key] = Target.model_validate(
            entry.model_dump(include={"value", "range", "tolerance", "tolerance_unit", "note"})
        )
    return result


def _entry(
    item: object, loaded: LoadedYaml, where: tuple[str, int], shown: str, problems: list[Problem]
) -> TargetEntry | None:
    """One entry checked on its own, so that every entry's mistakes are reported together."""
    if not isinstance(item, dict):
        problems.append(
            Problem(
                shown,
                loaded.line_of(where),
                "invalid-value",
                f"each target is a mapping such as {{indicator: PM18, value: 95}}, not {item!r}",
            )
        )
        return None
    if isinstance(
        item.get("year"), int
    ):  # `year: 2023` is a number to YAML: say what to write instead
        item = {**item, "year": str(item["year"])}
    view = LoadedYaml(
        item,
        {k[2:]: v for k, v in loaded.lines.items() if k[:2] == where} | {(): loaded.line_of(where)},
    )
    try:
        return TargetEntry.model_validate(item)
    except ValidationError as error:
        found = problems_from_validation(error, TargetEntry, view, shown)
        for found_problem in found:
            if found_problem.message.startswith(("indicator:", "council:", "year:")):
                continue  # checked again by _check_entry, in plainer words
            message = found_problem.message.replace(" in the file.", ".").replace("the file: ", "")
            problems.append(
                Problem(
                    found_problem.file,
                    found_problem.line,
                    found_problem.code,
                    f"target {where[1] + 1}: {message}",
                )
            )
        return None


def _key(entry: TargetEntry, areas: dict[str, str]) -> Key:
    from pm.calendar import parse_period

    council = areas[entry.council.strip().lower()] if entry.council else None
    year = parse_period(entry.year).year_start_year if entry.year else None
    return entry.indicator, council, year


def _describe(entry: TargetEntry) -> str:
    parts = [entry.indicator]
    if entry.council:
        parts.append(entry.council)
    if entry.year:
        parts.append(entry.year)
    return " ".join(parts)


def _check_entry(entry: dict, definitions, areas, wales, line, shown) -> list[Problem]:  # type: ignore[no-untyped-def,type-arg]
    """Checks of the indicator, council and year against what exists, on the raw entry so
    that they run even when the entry has other mistakes."""
    import difflib

    from pm.calendar import parse_period

    problems = []
    indicator_id, council, year = entry.get("indicator"), entry.get("council"), entry.get("year")
    indicator = definitions.indicators.get(indicator_id) if isinstance(indicator_id, str) else None
    if indicator_id is not None and indicator is None:
        close = difflib.get_close_matches(str(indicator_id), list(definitions.indicators), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Run 'pm list' to see the indicators."
        problems.append(
            Problem(
                shown,
                line("indicator"),
                "unknown-indicator",
                f"there is no indicator '{indicator_id}'.{hint}",
            )
        )
    elif indicator is not None and indicator.polarity is Polarity.none:
        problems.append(
            Problem(
                shown,
                line("indicator"),
                "target-not-bandable",
                f"{indicator_id} is a contextual measure (polarity: none) and is never banded: remove this target",
            )
        )
    elif indicator is not None:
        problems.extend(_out_of_reach(entry, indicator, line, shown))
    if council is not None:
        code = areas.get(str(council).strip().lower())
        if code is None or code == wales:
            problems.append(
                Problem(
                    shown,
                    line("council"),
                    "unknown-council",
                    f"'{council}' is not a Welsh council: give an ONS code such as W06000015 or a name such as Cardiff",
                )
            )
    if year is not None:
        try:
            period = parse_period(str(year))
        except UsageError:
            period = None
        if period is None or period.grain != "year":
            problems.append(
                Problem(
                    shown,
                    line("year"),
                    "invalid-period",
                    f"year '{year}' is not a financial year: write it like 2023-24",
                )
            )
    return problems


def _out_of_reach(entry: dict, indicator, line, shown: str) -> list[Problem]:  # type: ignore[no-untyped-def,type-arg]
    """A target no figure of the indicator could reach: below 0, or above 100 for a
    percentage (numbers of the wrong kind are refused by the model, with their line)."""
    import math

    from pm.definitions.vocab import IndicatorType

    top = indicator.effective_multiplier if indicator.type is IndicatorType.percentage else None
    found = []
    numbers = [("value", entry.get("value"))]
    if isinstance(entry.get("range"), list):
        numbers += [("range", v) for v in entry["range"]]
    for key, number in numbers:
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or not math.isfinite(number)
        ):
            continue
        if number < 0 or (top is not None and number > top):
            limits = f"between 0 and {top:g}" if top is not None else "0 or more"
            found.append(
                Problem(
                    shown,
                    line(key),
                    "invalid-value",
                    f"{key} {number:g} is out of reach: {indicator.id} is a {indicator.type.value}, "
                    f"so its figures are {limits}",
                )
            )
    return found


def require_valid(targets: TargetSet) -> None:
    """Stop before computing anything if the targets file has problems (all shown)."""
    if targets.problems:
        from pm.errors import PmError

        lines = [f"{p.location()}: {p.code}: {p.message}" for p in sorted(targets.problems)]
        raise PmError("the targets file has problems; nothing was banded:\n" + "\n".join(lines))
