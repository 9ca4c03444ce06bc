"""What the two numbers behind a figure are, in words a reader can check.

For a percentage or a rate the pair is "numerator / denominator". For a mean it is a sum
and a count ("40,880 days in all over 65 residential care placements"), for a median the
number of records it is the middle of, for a count just the count: a bare "40,880 / 65"
would read as a fraction of people. The nouns come from the data-item specification's
`one_row_per`, so a council's own datasets get the right words without code.
"""

from __future__ import annotations

import re

from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.vocab import CountUnit, IndicatorType
from pm.i18n import _
from pm.reporting.measure_words import composed, unit_noun, unit_words
from pm.reporting.terms import english_only

_IRREGULAR = {"child": "children", "person": "people", "man": "men", "woman": "women"}
# The head noun of "assessment of a child", "child looked after at ...": the words before
# the first of these joining words (or a past participle) describe it.
_TAIL = re.compile(
    r"\s(?:of|with|to|at|in|on|for|from|within|who|that|by|reviewed|checked|received|"
    r"looked|delayed|supported|made)\b"
)


def plural(noun: str) -> str:
    """'residential care placement' → 'residential care placements'; 'child looked after
    at the 31 March snapshot' → 'children looked after at the 31 March snapshot'."""
    noun = " ".join(noun.split())
    if not noun:
        return noun
    match = _TAIL.search(noun)
    head, tail = (noun[: match.start()], noun[match.start() :]) if match else (noun, "")
    words = head.split(" ")
    last = words[-1]
    lower = last.lower()
    if lower in _IRREGULAR:
        words[-1] = _IRREGULAR[lower] if last.islower() else _IRREGULAR[lower].capitalize()
    elif re.search(r"[^aeiou]y$", lower):
        words[-1] = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", lower):
        words[-1] = last + "es"
    else:
        words[-1] = last + "s"
    return " ".join(words) + tail.replace(" who has ", " who have ").replace(
        " that has ", " that have "
    )


def count_words(indicator: Indicator | None, spec: DatasetSpec | None) -> dict[str, str]:
    """How a report heads and labels the numerator and denominator of this measure, in the
    language being written (the nouns of a council's dataset stay English, marked).

    `kind` is `fraction` (numerator / denominator), `sum` (a mean: a total over a count),
    `records` (a median: the count it is the middle of) or `count` (the count alone);
    `numerator` and `denominator` are the words after each number.
    """
    fraction = {
        "kind": "fraction",
        "heading": _("numerator / denominator"),
        "numerator": "",
        "denominator": "",
    }
    if indicator is None:
        return fraction
    if indicator.counting.unit is CountUnit.person:
        things = _("people")
    else:
        things = english_only(plural(spec.one_row_per)) if spec is not None else _("records")
    given = (
        indicator.value.unit if indicator.value and indicator.value.unit else indicator.unit or ""
    )
    unit = unit_words(given)
    if indicator.type is IndicatorType.mean:
        noun = unit_noun(given)
        return {
            "kind": "sum",
            "heading": composed(_("total %(unit)s / %(things)s"), unit=noun, things=things)
            if unit
            else composed(_("total / %(things)s"), things=things),
            "numerator": composed(_("%(unit)s in all"), unit=unit) if unit else _("in all"),
            "denominator": things,
        }
    if indicator.type is IndicatorType.median:
        return {
            "kind": "records",
            "heading": composed(_("median of %(things)s"), things=things),
            "numerator": "",
            "denominator": things,
        }
    if indicator.type is IndicatorType.count:
        return {"kind": "count", "heading": _("count"), "numerator": unit, "denominator": ""}
    return fraction
