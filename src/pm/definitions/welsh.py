"""The Welsh texts of the terms pm shows: measure titles, quality standards, aspects of
well-being, national outcomes and frameworks.

A Welsh text is official (taken word for word from an official Welsh publication, named in
the definition's `governance.welsh_source` or the reference entry's `welsh_source`), the
council's own (its translator's, from the workspace's Welsh file, never shown as official),
or missing, and then visibly marked for the council's translator. pm never translates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator, WelshSource
from pm.definitions.ordering import indicator_sort_key
from pm.definitions.problems import Problem, Severity, display_path
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file

# What a report or `pm show --language cy` prints where a term has no Welsh text at all.
NO_WELSH = "[no official Welsh: for your translator]"
COUNCIL_MARK = "[council's own translation]"

OFFICIAL, COUNCIL, MISSING = "official", "council", "none"

# The groups of terms, as the council's Welsh file names them, with their reference file.
GROUP_FILES = {
    "quality_standards": "quality_standards.yaml",
    "aspects": "aspects.yaml",
    "national_outcomes": "national_outcomes.yaml",
    "frameworks": "frameworks.yaml",
}


@dataclass(frozen=True)
class WelshTerm:
    """One term in English and Welsh, with where its Welsh comes from and where it is
    defined (`file` and `line`: where an official Welsh text would be added)."""

    group: str  # indicators, quality_standards, aspects, national_outcomes, frameworks
    key: str  # PM18, QS1, health, rights-1, wales-2016
    field: str  # title_cy, short_title_cy, statement_cy; numerator_cy, denominator_cy
    english: str
    welsh: str | None
    origin: str  # official, council or none
    source: str  # the publication and address, the council's file and line, or ""
    file: str
    line: int

    @property
    def shown(self) -> str:
        """The Welsh as a reader sees it: the council's own marked, a missing one marked."""
        if self.welsh is None:
            return NO_WELSH
        return f"{self.welsh} {COUNCIL_MARK}" if self.origin == COUNCIL else self.welsh

    @property
    def label(self) -> str:
        """How the term is named in a list: "PM18 title", "QS1 short title"."""
        return f"{self.key} {self.field.removesuffix('_cy').replace('_', ' ')}"

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "key": self.key,
            "field": self.field,
            "english": self.english,
            "welsh": self.welsh,
            "origin": self.origin,
            "source": self.source,
            "file": self.file,
            "line": self.line,
        }


# Council texts by (group, key, field): (text, file, line).
CouncilTexts = dict[tuple[str, str, str], tuple[str, str, int]]


def source_words(source: WelshSource | None) -> str:
    """An official source as one line: publication and address."""
    if source is None:
        return ""
    return f"{' '.join(source.publication.split())} ({source.address})"


def welsh_terms(
    definitions: DefinitionSet,
    council: CouncilTexts | None = None,
    indicators: list[str] | None = None,
) -> list[WelshTerm]:
    """Every term of the definitions (or of `indicators` only, with the reference entries
    they link to), official Welsh first, then the council's, else marked missing."""
    council = council or {}
    chosen = _chosen(definitions, indicators)
    terms = [t for indicator in chosen for t in _indicator_terms(indicator, definitions)]
    wanted = _linked(chosen) if indicators is not None else None
    terms += _reference_terms(definitions, wanted)
    return [_with_council(term, council) for term in terms]


def official_extras(indicator: Indicator, definitions: DefinitionSet) -> list[WelshTerm]:
    """The official Welsh numerator and denominator of a measure, where its definition holds
    them. They are shown beside its terms, but a missing one is not put on the translator's
    list: pm's own English numerator and denominator are descriptions of its rule, not
    official texts, and reports print titles, not these."""
    where = definitions.sources.get(indicator.id)
    file = where.shown if where else indicator.id
    source = source_words(indicator.governance.welsh_source)
    english = {
        "numerator_cy": indicator.numerator.description if indicator.numerator else "",
        "denominator_cy": (
            indicator.denominator.description
            if indicator.denominator
            else indicator.population.description
        ),
    }
    return [
        WelshTerm(
            group="indicators",
            key=indicator.id,
            field=field,
            english=english[field],
            welsh=welsh,
            origin=OFFICIAL,
            source=source,
            file=file,
            line=where.line_of(field) if where else 0,
        )
        for field in ("numerator_cy", "denominator_cy")
        if (welsh := getattr(indicator, field))
    ]


def _chosen(definitions: DefinitionSet, indicators: list[str] | None) -> list[Indicator]:
    ids = indicators if indicators is not None else list(definitions.indicators)
    return [definitions.indicators[i] for i in sorted(ids, key=indicator_sort_key)]


def _linked(indicators: list[Indicator]) -> dict[str, set[str]]:
    """The reference entries these indicators link to, by group."""
    linked: dict[str, set[str]] = {group: set() for group in GROUP_FILES}
    for indicator in indicators:
        linked["quality_standards"].update(indicator.links.quality_standards)
        linked["aspects"].update(indicator.links.aspects)
        linked["national_outcomes"].update(indicator.links.national_outcomes)
        linked["frameworks"].add(indicator.framework)
    return linked


def _indicator_terms(indicator: Indicator, definitions: DefinitionSet) -> Iterator[WelshTerm]:
    where = definitions.sources.get(indicator.id)
    file = where.shown if where else indicator.id
    source = source_words(indicator.governance.welsh_source)
    for english_key, field, welsh in (
        ("title", "title_cy", indicator.title_cy),
        ("short_title", "short_title_cy", indicator.short_title_cy),
    ):
        line = where.line_of(field if welsh else english_key) if where else 0
        english = getattr(indicator, english_key)
        origin = OFFICIAL if welsh else MISSING
        yield WelshTerm(
            group="indicators",
            key=indicator.id,
            field=field,
            english=english,
            welsh=welsh,
            origin=origin,
            source=source if welsh else "",
            file=file,
            line=line,
        )


def _reference_terms(
    definitions: DefinitionSet, wanted: dict[str, set[str]] | None
) -> list[WelshTerm]:
    """The Welsh terms of the reference entries (all, or those `wanted`), in file order."""
    reference = definitions.reference
    entries = {
        "quality_standards": reference.quality_standards,
        "aspects": reference.aspects,
        "national_outcomes": reference.national_outcomes,
        "frameworks": reference.frameworks,
    }
    terms: list[WelshTerm] = []
    for group, name in GROUP_FILES.items():
        path = reference.folder / name if reference.folder else None
        lines = _lines_of(path)
        shown = display_path(path) if path else name
        for index, entry in enumerate(entries[group]):
            if wanted is not None and entry.id not in wanted[group]:
                continue
            for english_key, field in _FIELDS[group]:
                welsh = getattr(entry, field)
                key = field if welsh else english_key
                line = lines.line_of((group, index, key)) if lines else 0
                terms.append(
                    WelshTerm(
                        group=group,
                        key=entry.id,
                        field=field,
                        english=getattr(entry, english_key),
                        welsh=welsh,
                        origin=OFFICIAL if welsh else MISSING,
                        source=source_words(entry.welsh_source) if welsh else "",
                        file=shown,
                        line=line,
                    )
                )
    return terms


_FIELDS = {
    "quality_standards": (("title", "title_cy"), ("short_title", "short_title_cy")),
    "aspects": (("title", "title_cy"),),
    "national_outcomes": (("statement", "statement_cy"),),
    "frameworks": (("title", "title_cy"),),
}


def _lines_of(path: Path | None) -> LoadedYaml | None:
    """The lines of a reference file's keys (None when it cannot be read: the loader has
    already said why)."""
    if path is None or not path.is_file():
        return None
    try:
        return load_yaml_file(path)
    except YamlProblem:
        return None


def _with_council(term: WelshTerm, council: CouncilTexts) -> WelshTerm:
    """The council's text fills a term with no official one; an official text always wins."""
    found = council.get((term.group, term.key, term.field))
    if term.origin != MISSING or found is None:
        return term
    text, file, line = found
    return WelshTerm(
        group=term.group,
        key=term.key,
        field=term.field,
        english=term.english,
        welsh=text,
        origin=COUNCIL,
        source=f"{file}:{line}",
        file=term.file,
        line=term.line,
    )


def missing_welsh(terms: list[WelshTerm], welsh_file: str) -> list[Problem]:
    """A note for each term with no Welsh text at all: the council translator's list."""
    return [
        Problem(
            term.file,
            term.line,
            "no-official-welsh",
            f"{term.label} has no official Welsh text: '{' '.join(term.english.split())}'; "
            f"give your translator's in {welsh_file} ({term.group}: {term.key}: {term.field}:)",
            Severity.warning,
        )
        for term in terms
        if term.origin == MISSING
    ]


# A definition's Welsh texts: each needs governance.welsh_source.
INDICATOR_WELSH = ("title_cy", "short_title_cy", "numerator_cy", "denominator_cy")


def unsourced_welsh(definitions: DefinitionSet) -> list[Problem]:
    """A definition's Welsh texts must name the official publication they are taken from
    (the council's own translations belong in its workspace's Welsh file)."""
    problems = []
    for indicator in definitions.indicators.values():
        given = [f for f in INDICATOR_WELSH if getattr(indicator, f)]
        if given and indicator.governance.welsh_source is None:
            where = definitions.sources[indicator.id]
            problems.append(
                Problem(
                    where.shown,
                    where.line_of(given[0]),
                    "missing-key",
                    f"{given[0]} needs governance.welsh_source: the official Welsh publication "
                    "and its address (a council's own translation goes in its Welsh file)",
                )
            )
    return problems
