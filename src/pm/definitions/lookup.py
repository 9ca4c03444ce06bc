"""Finding indicators by what people type: an id or alias in any case, with suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator
from pm.errors import UsageError


def find_indicator_id(indicators: Mapping[str, Indicator], text: str) -> str | None:
    """The id of the indicator with this id or alias (any case), or None."""
    wanted = text.strip().lower()
    for indicator in indicators.values():
        if indicator.id.lower() == wanted or wanted in (a.lower() for a in indicator.aliases):
            return indicator.id
    return None


def framework_measures_of(definitions: DefinitionSet, framework_id: str) -> list[Indicator]:
    """The measures of one framework, in pm's order (PM18 < PM20a < PM24)."""
    from pm.definitions.ordering import indicator_sort_key

    found = [i for i in definitions.indicators.values() if i.framework == framework_id]
    return sorted(found, key=lambda i: indicator_sort_key(i.id))


def find_indicator(definitions: DefinitionSet, indicator_id: str) -> Indicator:
    """The indicator with this id or alias (any case), or a one-line error with suggestions."""
    found = find_indicator_id(definitions.indicators, indicator_id)
    if found is not None:
        return definitions.indicators[found]
    close = difflib.get_close_matches(indicator_id, list(definitions.indicators), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else " Run 'pm list' to see them."
    raise UsageError(f"there is no indicator '{indicator_id}'.{hint}")


def find_indicators(definitions: DefinitionSet, texts: list[str]) -> list[Indicator]:
    """The indicators named (ids or aliases, any case), each once, in the order first given:
    `-i LOC01 -i loc01` (or PM18 and its alias PMA18) is one indicator."""
    found: dict[str, Indicator] = {}
    for text in texts:
        indicator = find_indicator(definitions, text)
        found.setdefault(indicator.id, indicator)
    return list(found.values())
