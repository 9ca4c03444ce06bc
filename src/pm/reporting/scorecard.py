"""The scorecard's groups: its measures under the headings of the framework the report's
year has in force, so a council reporting the 2020 framework reads its metrics as the
framework lists them, not under the 2016 code's quality standards.

The framework reported is the national framework of the measures in force in the year
(`framework_status` current). When it has a grouping of its own (below), its metrics go
under those headings, each former national measure beside the metric that succeeds it, and
the council's own indicators in a group of their own. Otherwise (the 2016 code, or no
national measure in force) measures go under the quality standard they are first linked to.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from pm.definitions.frameworks import FrameworkStatus
from pm.definitions.loader import DefinitionSet
from pm.i18n import N_, _
from pm.reporting import measure_words
from pm.reporting.terms import Terms

OTHER = "other"
# An id that is itself a code (PM18, PM20a, LOC01); descriptive ids (ADULT_CONTACTS) are not.
_CODE_LIKE = re.compile(r"^[A-Z]{2,5}\d{1,4}[a-z]?$")
LOCAL = "local"


@dataclass(frozen=True)
class Group:
    """One heading of a framework's grouping and the metrics it holds."""

    id: str
    title: str  # English, marked for the catalogue
    codes: tuple[str, ...] = ()  # prefixes of the published codes (AD/)
    ids: tuple[str, ...] = ()  # id patterns of metrics whose code pm does not hold


# The 2020 framework's own grouping: its guidance lists adult, children's and carers'
# metrics separately (Measuring Activity and Performance, Guidance 2020-21, contents), and
# adult safeguarding metrics carry a prefix of their own, AS/. Metrics whose official code pm
# does not hold are placed by id; the longest matching pattern wins.
FRAMEWORK_GROUPS: dict[str, tuple[Group, ...]] = {
    "wales-2020": (
        Group("adults", N_("Adults"), ("AD/",), ("ADULT_*", "ASSESSMENTS_*", "REABLEMENT_*")),
        Group(
            "adult-safeguarding",
            N_("Adult safeguarding"),
            ("AS/",),
            ("ADULT_AT_RISK_*", "ENQUIRIES_*", "REPORTS_*"),
        ),
        Group("children", N_("Children"), ("CH/",)),
        Group("carers", N_("Carers"), (), ("CARER_*",)),
    ),
}
LOCAL_TITLE = N_("Local indicators")
# The order within a group: the framework's own metrics, then measures labelled former or
# earlier (marked † and ‡), then local indicators; each in code order (as given).
_STATUS_ORDER = {
    FrameworkStatus.current.value: 0,
    FrameworkStatus.earlier.value: 1,
    FrameworkStatus.former.value: 2,
    FrameworkStatus.local.value: 3,
}


def reported_framework(measures: list[dict[str, Any]]) -> str:
    """The national framework in force among the measures ('' when none is, or several)."""
    found = {
        m["framework"]
        for m in measures
        if m["framework_status"] == FrameworkStatus.current.value and m["national"]
    }
    return found.pop() if len(found) == 1 else ""


def scorecard_context(
    measures: list[dict[str, Any]], definitions: DefinitionSet, terms: Terms
) -> dict[str, Any]:
    """`scorecard`: the framework reported, how measures are grouped, and the groups (each
    {id, code, title, short_title, measures}), none empty; every measure in one group."""
    for measure in measures:
        measure["code"] = published_code(measure["id"], definitions)
        measure["scorecard_code"] = measure["code"] or (
            measure["id"] if _CODE_LIKE.match(measure["id"]) else ""
        )
    framework = reported_framework(measures)
    grouping = FRAMEWORK_GROUPS.get(framework)
    if grouping:
        groups = _framework_groups(measures, grouping, definitions)
    else:
        groups = _standard_groups(measures, definitions, terms)
    return {
        "framework": framework,
        "grouped_by": "framework" if grouping else "quality_standards",
        "groups": [g for g in groups if g["measures"]],
    }


def published_code(indicator_id: str, definitions: DefinitionSet) -> str:
    """The published code of a metric (AD/002 for AD002), or '' when pm does not hold one."""
    indicator = definitions.indicators.get(indicator_id)
    for alias in indicator.aliases if indicator else []:
        if "/" in alias and alias.replace("/", "") == indicator_id:
            return alias
    return ""


def _group_of(indicator_id: str, grouping: tuple[Group, ...], definitions: DefinitionSet) -> str:
    """The group of one of the framework's metrics: by its code's prefix, else by id."""
    code = published_code(indicator_id, definitions)
    for group in grouping:
        if code and code.startswith(group.codes):
            return group.id
    matches = [
        (len(pattern), group.id)
        for group in grouping
        for pattern in group.ids
        if fnmatch.fnmatchcase(indicator_id, pattern)
    ]
    return max(matches)[1] if matches else OTHER


def _framework_groups(
    measures: list[dict[str, Any]], grouping: tuple[Group, ...], definitions: DefinitionSet
) -> list[dict[str, Any]]:
    placed: dict[str, list[dict[str, Any]]] = {g.id: [] for g in grouping}
    placed[OTHER], placed[LOCAL] = [], []
    for measure in measures:
        if not measure["national"]:
            where = LOCAL
        elif measure["framework_status"] == FrameworkStatus.current.value:
            where = _group_of(measure["id"], grouping, definitions)
        else:  # a former (or earlier) measure sits beside the metric that succeeds it
            found = [_group_of(s["id"], grouping, definitions) for s in measure["successors"]]
            where = next((g for g in found if g != OTHER), OTHER)
        placed[where].append(measure)
    titles = [(g.id, _(g.title)) for g in grouping]
    titles += [(OTHER, _(measure_words.OTHER_MEASURES)), (LOCAL, _(LOCAL_TITLE))]
    return [
        {"id": i, "code": "", "title": title, "short_title": title, "measures": _ordered(placed[i])}
        for i, title in titles
    ]


def _ordered(measures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stable: measures come in code order, so each status keeps it."""
    return sorted(measures, key=lambda m: _STATUS_ORDER.get(m["framework_status"], 4))


def _standard_groups(
    measures: list[dict[str, Any]], definitions: DefinitionSet, terms: Terms
) -> list[dict[str, Any]]:
    """A group per quality standard, each measure under the first it is linked to."""
    standards = definitions.reference.quality_standards
    order = [s.id for s in standards]
    groups = []
    for standard in standards:
        members = [m for m in measures if _first_standard(m, order) == standard.id]
        short = terms.reference("quality_standards", standard, "short_title")
        title = measure_words.composed(
            _("Quality standard %(number)s: %(title)s"), number=standard.id[2:], title=short
        )
        groups.append(
            {"id": standard.id.lower(), "code": standard.id, "title": title,
             "short_title": short, "measures": members}
        )  # fmt: skip
    others = [m for m in measures if _first_standard(m, order) is None]
    other = _(measure_words.OTHER_MEASURES)
    groups.append(
        {"id": OTHER, "code": "", "title": other, "short_title": other, "measures": others}
    )
    return groups


def _first_standard(measure: dict[str, Any], order: list[str]) -> str | None:
    linked = [qs for qs in measure["quality_standards"] if qs in order]
    return min(linked, key=order.index) if linked else None
