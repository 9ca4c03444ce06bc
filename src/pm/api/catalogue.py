"""`pm.list_indicators` and `pm.show`: the indicators pm knows, as `pm list` and `pm show`
give them, for a notebook that wants to pick indicators or read their definitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pm.api.scope import PathLike, scope_of

if TYPE_CHECKING:
    import pandas as pd

    from pm.definitions.definition_set import DefinitionSet
    from pm.definitions.models import Indicator

LIST_COLUMNS = [
    "id",
    "title",
    "type",
    "polarity",
    "quality_standards",
    "rba",
    "framework",
    "framework_years",
    "status",
]


def list_indicators(
    *,
    qs: str | None = None,
    aspect: str | None = None,
    rba: str | None = None,
    framework: str | None = None,
    kind: str | None = None,
    workspace: PathLike | None = None,
) -> pd.DataFrame:
    """The indicators (shipped and the workspace's own), in pm's order, one row each with
    the columns of `pm list --format csv`; each filter given is matched in any case, and one
    that matches nothing raises UsageError (with "did you mean") rather than giving no rows."""
    import pandas as pd

    from pm.definitions.ordering import indicator_sort_key

    definitions = scope_of(workspace).definitions(check=False)
    wanted = _filters(definitions, qs, aspect, rba, framework, kind)
    rows = []
    for indicator in sorted(
        definitions.indicators.values(), key=lambda i: indicator_sort_key(i.id)
    ):
        links = indicator.links
        if wanted["qs"] and wanted["qs"] not in links.quality_standards:
            continue
        if wanted["aspect"] and wanted["aspect"] not in links.aspects:
            continue
        if wanted["rba"] and wanted["rba"] != indicator.rba.value:
            continue
        if wanted["framework"] and wanted["framework"] != indicator.framework:
            continue
        if wanted["kind"] and wanted["kind"] != indicator.kind.value:
            continue
        rows.append(
            [
                indicator.id,
                indicator.short_title,
                indicator.type.value,
                indicator.polarity.value,
                ",".join(links.quality_standards),
                indicator.rba.value,
                indicator.framework,
                _years_of(definitions, indicator.framework),
                indicator.governance.status.value,
            ]
        )
    return pd.DataFrame(rows, columns=LIST_COLUMNS, dtype=object)


def _years_of(definitions: DefinitionSet, framework_id: str) -> str:
    """The years a framework applies to, in words ("2016-17 to 2019-20")."""
    framework = definitions.reference.framework(framework_id)
    return framework.years if framework else ""


def _filters(definitions: DefinitionSet, qs, aspect, rba, framework, kind) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """Each filter given, matched in any case against what exists (a usage error, with
    "did you mean", for a value that matches nothing rather than an empty list)."""
    from pm.choices import choose
    from pm.definitions.vocab import MeasureKind, RbaQuestion

    reference = definitions.reference
    standards = {s.id: s.id for s in reference.quality_standards}
    standards.update({s.id[2:]: s.id for s in reference.quality_standards})  # --qs 3
    aspects = {a.id: a.id for a in reference.aspects}
    aspects.update({a.title: a.id for a in reference.aspects})
    frameworks = {f.id: f.id for f in reference.frameworks}
    frameworks.update({i.framework: i.framework for i in definitions.indicators.values()})
    given = {
        "qs": (qs, "--qs", standards, "a quality standard (QS1 to QS6)"),
        "aspect": (aspect, "--aspect", aspects, "a well-being aspect"),
        "rba": (rba, "--rba", [q.value for q in RbaQuestion], "an RBA question"),
        "framework": (framework, "--framework", frameworks, "a framework"),
        "kind": (kind, "--kind", [k.value for k in MeasureKind], "a kind of measure"),
    }
    return {
        name: choose(text, choices, option, what) if text is not None else None
        for name, (text, option, choices, what) in given.items()
    }


@dataclass(frozen=True)
class IndicatorShown:
    """One indicator as `pm show` gives it: its definition (`definition.model_dump()` is
    the JSON of `pm show --format json`) and its page of guidance in Markdown, ending with
    the file it is defined in."""

    definition: Indicator
    page: str


def show(indicator: str, *, workspace: PathLike | None = None) -> IndicatorShown:
    """Everything about one indicator (an id or alias, any case; UsageError with "did you
    mean" for one that does not exist), as a performance officer would read it."""
    from pm.definitions.lookup import find_indicator
    from pm.reporting.guidance import indicator_page

    definitions = scope_of(workspace).definitions(check=False)
    found = find_indicator(definitions, indicator)
    page = indicator_page(found, definitions)
    page += f"\nDefinition file: {definitions.sources[found.id].shown}\n"
    return IndicatorShown(found, page)
