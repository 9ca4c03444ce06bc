"""What a report says about a measure's framework: the "former national measure, reported
locally" label, and the break a trend shows where the national framework changed.

A former national measure (PM18 after March 2020) is legitimate as a local measure, but a
reader must be told it is no longer the national one. The status of a results row is its
`framework_status` column when the results carry one (pm compute writes it), and is
otherwise worked out from the measure's framework years (pm.definitions.frameworks), so
older results are labelled too.
"""

from __future__ import annotations

from typing import Any

from pm.definitions.frameworks import STATUS_WORDS, FrameworkStatus, indicator_status
from pm.definitions.loader import DefinitionSet
from pm.definitions.lookup import find_indicator_id
from pm.i18n import N_, _
from pm.reporting.measure_words import composed
from pm.reporting.terms import Terms

# The statuses a report labels: a national measure shown outside its framework's years.
LABELLED = (FrameworkStatus.former, FrameworkStatus.earlier)
# The short mark of each, for tables with no room for the words (the scorecard): the words
# go in its key and, for screen readers, in the row.
MARKS = {FrameworkStatus.former: "†", FrameworkStatus.earlier: "‡"}


def status_label(status: FrameworkStatus) -> str:
    """The label of a status a report marks ('' for the others), in the page's language."""
    return _(STATUS_WORDS[status]) if status in LABELLED else ""


def row_status(row: dict[str, Any] | None, definitions: DefinitionSet, indicator_id: str,
               period: str) -> FrameworkStatus:  # fmt: skip
    """The framework status of a measure in a period: the results' own column when it has a
    known value, else from the definition's framework years."""
    given = str((row or {}).get("framework_status") or "").strip().lower()
    if given in FrameworkStatus.__members__:
        return FrameworkStatus(given)
    indicator = definitions.indicators.get(indicator_id)
    return indicator_status(indicator, definitions.reference, period)


def framework_keys(measures: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The marks used by these measures with their words ({mark, label}), for a key."""
    seen = {(m["framework_mark"], m["framework_label"]) for m in measures if m["framework_mark"]}
    return [{"mark": mark, "label": label} for mark, label in sorted(seen)]


def status_fields(
    row: dict[str, Any],
    definitions: DefinitionSet,
    indicator_id: str,
    terms: Terms | None = None,
) -> dict[str, Any]:
    """The framework fields of a measure as templates see it."""
    status = row_status(row, definitions, indicator_id, row["period"])
    return {
        "framework_status": status.value,
        "framework_label": status_label(status),
        "framework_mark": MARKS.get(status, ""),
        "former": status is FrameworkStatus.former,
        "successors": successors(definitions, indicator_id, terms or Terms(definitions)),
    }


def successors(
    definitions: DefinitionSet, indicator_id: str, terms: Terms | None = None
) -> list[dict[str, Any]]:
    """The measures of a later framework that carry on this one (id, title, comparable)."""
    indicator = definitions.indicators.get(indicator_id)
    terms = terms or Terms(definitions)
    found = []
    for successor in indicator.successors if indicator else []:
        held = find_indicator_id(definitions.indicators, successor.id) or successor.id
        later = definitions.indicators.get(held)
        found.append(
            {
                "id": held,
                "title": terms.short_title(held, later.short_title) if later else held,
                "comparable": successor.comparable,
                "note": " ".join((successor.note or "").split()),
            }
        )
    return found


def trend_breaks(
    periods: list[str], statuses: list[FrameworkStatus], measure: dict[str, Any],
    definitions: DefinitionSet,
) -> list[dict[str, Any]]:  # fmt: skip
    """Where a trend crosses a change of national framework: between two consecutive
    periods whose statuses differ (PM18: 2019-20 current, 2020-21 former). Each break has
    `before`, `after` (periods) and `note`, the sentence a chart's caption and text
    alternative carry."""
    breaks = []
    for n in range(1, len(periods)):
        if statuses[n] is statuses[n - 1] or FrameworkStatus.local in statuses[n - 1 : n + 1]:
            continue
        breaks.append(
            {
                "before": periods[n - 1],
                "after": periods[n],
                "note": _break_note(periods[n - 1], periods[n], statuses[n], measure, definitions),
            }
        )
    return breaks


def framework_years(framework: Any) -> str:
    """The years a framework applies to, in the page's language ("2016-17 to 2019-20")."""
    if framework.in_force is None:
        return _("any year")
    if framework.last_year is None:
        return _("%(first)s onward") % {"first": framework.first_year}
    return _("%(first)s to %(last)s") % {"first": framework.first_year, "last": framework.last_year}


def _break_note(
    before: str, after: str, status: FrameworkStatus, measure: dict[str, Any],
    definitions: DefinitionSet,
) -> str:  # fmt: skip
    """The sentences a chart's caption carries about one break, each a whole message."""
    indicator = definitions.indicators.get(measure["id"])
    framework = definitions.reference.framework(indicator.framework) if indicator else None
    values: dict[str, Any] = {"before": before, "after": after, "id": measure["id"]}
    if framework:
        values.update(framework=framework.id, years=framework_years(framework))
    if status is FrameworkStatus.current:
        note = (
            _(
                "Break in the series between %(before)s and %(after)s: the national framework "
                "changed; %(id)s is a national measure from %(after)s (%(framework)s applies "
                "to %(years)s)."
            )
            if framework
            else _(
                "Break in the series between %(before)s and %(after)s: the national framework "
                "changed; %(id)s is a national measure from %(after)s."
            )
        ) % values
    else:
        note = _(BREAK_NOTES[(status, framework is not None)]) % values
    for successor in measure.get("successors", []):
        sentence = (
            _("Its successor is %(id)s (%(title)s), measured the same way.")
            if successor["comparable"]
            else _("Its successor is %(id)s (%(title)s), not directly comparable.")
        )
        more = composed(sentence, id=successor["id"], title=successor["title"])
        note = composed("%(note)s %(more)s", note=note, more=more)
    return note


# The sentence of a break into a former or earlier status, with and without the years of
# the measure's framework: one message each, so the Welsh can mutate the status words.
BREAK_NOTES = {
    (FrameworkStatus.former, True): N_(
        "Break in the series between %(before)s and %(after)s: the national framework "
        "changed; from %(after)s %(id)s is a former national measure, reported locally "
        "(%(framework)s applies to %(years)s)."
    ),
    (FrameworkStatus.former, False): N_(
        "Break in the series between %(before)s and %(after)s: the national framework "
        "changed; from %(after)s %(id)s is a former national measure, reported locally."
    ),
    (FrameworkStatus.earlier, True): N_(
        "Break in the series between %(before)s and %(after)s: the national framework "
        "changed; from %(after)s %(id)s is a national measure of a later framework, computed "
        "for an earlier year (%(framework)s applies to %(years)s)."
    ),
    (FrameworkStatus.earlier, False): N_(
        "Break in the series between %(before)s and %(after)s: the national framework "
        "changed; from %(after)s %(id)s is a national measure of a later framework, computed "
        "for an earlier year."
    ),
}
