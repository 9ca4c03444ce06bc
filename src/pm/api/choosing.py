"""What a compute call is asked for, from the words of its options: the periods, the
indicators, the breakdowns and the checks the options must pass before any work."""

from __future__ import annotations

from pm.calendar import Period, months_of_year, parse_period, parse_year_range
from pm.choices import choose
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.lookup import find_indicators, framework_measures_of
from pm.definitions.ordering import indicator_sort_key
from pm.errors import UsageError


def periods_of(years: list[str], periods: list[str], months: list[str]) -> list[Period]:
    """--year (ranges too), --period and --month as periods; none at all is a usage error."""
    chosen = [p for text in years for p in parse_year_range(text)]
    chosen += [parse_period(text) for text in periods]
    chosen += [p for text in months for p in months_of(text)]
    if not chosen:
        raise UsageError(
            "say which period to compute: --year 2023-24, --period '2023-24 Q2' or --month 2023-24."
        )
    return chosen


def months_of(text: str) -> list[Period]:
    """--month: a financial year (or a range of them) gives every month; a month gives itself."""
    if ":" in text:
        return [m for year in parse_year_range(text) for m in months_of_year(year)]
    chosen = parse_period(text)
    if chosen.grain == "year":
        return months_of_year(chosen)
    if chosen.grain == "month":
        return [chosen]
    raise UsageError(
        f"--month takes a financial year such as 2023-24 or a month such as 2023-06, not '{text}'"
    )


def check_team_and_confidence(team: str | None, confidence: float) -> None:
    if team is not None and not team.strip():
        raise UsageError("--team is empty: give a team name as it appears in the team column")
    if confidence not in (0.95, 0.998) and not 0.5 <= confidence < 1:
        raise UsageError("--confidence must be between 0.5 and 1, such as 0.95 or 0.998")


def indicator_ids(
    definitions: DefinitionSet, wanted: list[str], frameworks: list[str] | None = None
) -> list[str]:
    """The indicators asked for (by id or alias), and every measure of the frameworks asked
    for (a council keeping a former measure names it beside the current framework); all of
    them in pm's order when neither is given."""
    chosen = framework_names(definitions, frameworks or [])
    if not wanted and not chosen:
        return sorted(definitions.indicators, key=indicator_sort_key)
    named = [indicator.id for indicator in find_indicators(definitions, wanted)]
    in_frameworks = sorted(
        (i.id for name in chosen for i in framework_measures_of(definitions, name)),
        key=indicator_sort_key,
    )
    if chosen and not in_frameworks:
        raise UsageError(
            f"no definitions belong to {', '.join(chosen)}: run 'pm list --framework "
            f"{chosen[0]}' to see what pm holds for it."
        )
    return list(dict.fromkeys([*in_frameworks, *named]))


def framework_names(definitions: DefinitionSet, given: list[str]) -> list[str]:
    """--framework values as framework ids (any case), each once; an unknown one is a usage
    error naming the nearest."""
    known = [f.id for f in definitions.reference.frameworks]
    known += sorted({i.framework for i in definitions.indicators.values()} - set(known))
    return list(dict.fromkeys(choose(text, known, "--framework", "a framework") for text in given))


def breakdown_names(definitions: DefinitionSet, ids: list[str], given: list[str]) -> list[str]:
    """The breakdowns asked for, by their defined names (any case); one that none of the
    indicators offers is a usage error naming the nearest, not a silently missing split."""
    offered: dict[str, list[str]] = {}
    for indicator_id in ids:
        indicator = definitions.indicators[indicator_id]
        for b in breakdowns_of(indicator, definitions.datasets.get(indicator.dataset)):
            offered.setdefault(b.name, []).append(indicator_id)
    which = ", ".join(ids) if len(ids) <= 3 else "the indicators asked for"
    return [
        choose(text, ["all", *offered], "--breakdown", f"a breakdown of {which}") for text in given
    ]
