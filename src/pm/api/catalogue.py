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
    from pm.definitions.welsh import WelshTerm

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
# With language='cy' the title is the Welsh one (or the mark for the translator), and these
# say what it is: the English title, official / council / none, and where the Welsh is from.
WELSH_COLUMNS = ["title_en", "welsh_origin", "welsh_source"]


def list_indicators(
    *,
    qs: str | None = None,
    aspect: str | None = None,
    rba: str | None = None,
    framework: str | None = None,
    kind: str | None = None,
    workspace: PathLike | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """The indicators (shipped and the workspace's own), in pm's order, one row each with
    the columns of `pm list --format csv`; each filter given is matched in any case, and one
    that matches nothing raises UsageError (with "did you mean") rather than giving no rows.
    With `language='cy'` the title is the Welsh one (official, else the council's own,
    marked), or the mark for the translator, with the columns WELSH_COLUMNS after it."""
    import pandas as pd

    from pm.api.welsh import language_of, terms_of
    from pm.definitions.ordering import indicator_sort_key

    welsh = language_of(language) == "cy"
    scope = scope_of(workspace)
    definitions = scope.definitions(check=False)
    wanted = _filters(definitions, qs, aspect, rba, framework, kind)
    titles = _welsh_titles(terms_of(scope, definitions)) if welsh else {}
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
        row = {
            "id": indicator.id,
            "title": indicator.short_title,
            "type": indicator.type.value,
            "polarity": indicator.polarity.value,
            "quality_standards": ",".join(links.quality_standards),
            "rba": indicator.rba.value,
            "framework": indicator.framework,
            "framework_years": _years_of(definitions, indicator.framework),
            "status": indicator.governance.status.value,
        }
        if welsh:
            term = titles[indicator.id]
            row.update(title=term.shown, title_en=indicator.short_title)
            row.update(welsh_origin=term.origin, welsh_source=term.source)
        rows.append(row)
    columns = LIST_COLUMNS[:2] + WELSH_COLUMNS + LIST_COLUMNS[2:] if welsh else LIST_COLUMNS
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _welsh_titles(terms: list[WelshTerm]) -> dict[str, WelshTerm]:
    """The Welsh title a list shows for each indicator: its short title where it has a Welsh
    one, else its full title, else the short title marked for the translator."""
    by_indicator: dict[str, dict[str, WelshTerm]] = {}
    for term in terms:
        if term.group == "indicators":
            by_indicator.setdefault(term.key, {})[term.field] = term
    chosen = {}
    for key, fields in by_indicator.items():
        short, full = fields["short_title_cy"], fields["title_cy"]
        chosen[key] = short if short.welsh or not full.welsh else full
    return chosen


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
    the file it is defined in; with `language='cy'`, `welsh` holds its Welsh terms (title,
    short title, and those of its quality standards, aspects, outcomes and framework) and
    the page opens with them."""

    definition: Indicator
    page: str
    welsh: tuple[WelshTerm, ...] = ()


def show(
    indicator: str, *, workspace: PathLike | None = None, language: str | None = None
) -> IndicatorShown:
    """Everything about one indicator (an id or alias, any case; UsageError with "did you
    mean" for one that does not exist), as a performance officer would read it."""
    from pm.api.welsh import language_of, terms_of
    from pm.definitions.lookup import find_indicator
    from pm.reporting.guidance import indicator_page

    welsh = language_of(language) == "cy"
    scope = scope_of(workspace)
    definitions = scope.definitions(check=False)
    found = find_indicator(definitions, indicator)
    page = indicator_page(found, definitions)
    page += f"\nDefinition file: {definitions.sources[found.id].shown}\n"
    if not welsh:
        return IndicatorShown(found, page)
    terms = tuple(_with_extras(terms_of(scope, definitions, [found.id]), found, definitions))
    return IndicatorShown(found, _with_welsh(page, terms), terms)


def _with_extras(
    terms: list[WelshTerm], indicator: Indicator, definitions: DefinitionSet
) -> list[WelshTerm]:
    """The terms with the official Welsh numerator and denominator (where held) after the
    measure's own title and short title."""
    from pm.definitions.welsh import official_extras

    own = sum(1 for term in terms if term.group == "indicators")
    return [*terms[:own], *official_extras(indicator, definitions), *terms[own:]]


_GROUP_WORDS = {
    "quality_standards": "Quality standard",
    "aspects": "Well-being aspect",
    "national_outcomes": "National outcome",
    "frameworks": "Framework",
}


# The Welsh section names these by StatsCymru's Welsh word too, so that they are not read
# as the English numerator and denominator of the guidance below.
_FIELD_WORDS = {"numerator_cy": "Numerator (Rhifiadur)", "denominator_cy": "Denominator (Enwadur)"}


def _term_name(term: WelshTerm) -> str:
    """ "Title", "Short title", "Numerator (Rhifiadur)", "Quality standard QS3",
    "Quality standard QS3, short title"."""
    field = term.field.removesuffix("_cy").replace("_", " ")
    if term.group == "indicators":
        return _FIELD_WORDS.get(term.field, field.capitalize())
    name = f"{_GROUP_WORDS[term.group]} {term.key}"
    return f"{name}, {field}" if field == "short title" else name


def _with_welsh(page: str, terms: tuple[WelshTerm, ...]) -> str:
    """The page with a Welsh section after its heading: each term's Welsh (or the mark for
    the translator), its English and where the Welsh comes from."""
    lines = ["", "## Cymraeg (Welsh)", ""]
    for term in terms:
        lines.append(f"- **{_term_name(term)}**: {term.shown}")
        lines.append(f"  - English: {' '.join(term.english.split())}")
        if term.origin == "official":
            lines.append(f"  - Official Welsh, from {term.source}")
        elif term.origin == "council":
            lines.append(f"  - Your council's own translation ({term.source}); not official")
    heading, _, rest = page.partition("\n")
    return "\n".join([heading, *lines, rest])
