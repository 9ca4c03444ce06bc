"""A council's own Welsh terms: its translator's texts for its local indicators and for the
terms with no official Welsh text, from the workspace's Welsh file (`welsh.yaml` beside
`pm.yaml` unless `paths: welsh:` says otherwise).

They are marked as the council's own wherever they are shown, and they never replace an
official text: where one exists, the official text is used and the file's entry is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from pm.definitions.definition_set import DefinitionSet
from pm.definitions.lookup import find_indicator_id
from pm.definitions.models import Strict
from pm.definitions.problems import Problem, Severity, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.welsh import CouncilTexts, welsh_terms
from pm.definitions.yaml_loader import LoadedYaml, YamlProblem, load_yaml_file


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("an empty Welsh text: write the translation, or remove the line")
    return None if value is None else " ".join(value.split())


class Titles(Strict):
    """Welsh title and short title of an indicator or a quality standard."""

    title_cy: str | None = None
    short_title_cy: str | None = None
    note: str | None = None
    _blank = field_validator("title_cy", "short_title_cy")(_not_blank)


class Title(Strict):
    """Welsh title of an aspect of well-being or a framework."""

    title_cy: str | None = None
    note: str | None = None
    _blank = field_validator("title_cy")(_not_blank)


class Statement(Strict):
    """Welsh statement of a national well-being outcome."""

    statement_cy: str | None = None
    note: str | None = None
    _blank = field_validator("statement_cy")(_not_blank)


class CouncilWelshFile(Strict):
    """The contents of the workspace's Welsh file."""

    translator: str | None = None  # who translated: shown with the terms
    note: str | None = None
    indicators: dict[str, Titles] = Field(default_factory=dict)
    quality_standards: dict[str, Titles] = Field(default_factory=dict)
    aspects: dict[str, Title] = Field(default_factory=dict)
    national_outcomes: dict[str, Statement] = Field(default_factory=dict)
    frameworks: dict[str, Title] = Field(default_factory=dict)
    # The translator's own Welsh for pm's fixed words in reports (English, as in
    # locales/cy/LC_MESSAGES/pm.po → Welsh), used instead of pm's own translation.
    words: dict[str, str] = Field(default_factory=dict)


@dataclass
class CouncilWelsh:
    """The council's Welsh texts by (group, key, field), with what is wrong with the file."""

    file: str
    texts: CouncilTexts = field(default_factory=dict)
    translator: str | None = None
    problems: list[Problem] = field(default_factory=list)


def load_council_welsh(path: Path, definitions: DefinitionSet) -> CouncilWelsh:
    """Read the Welsh file (none is no terms, not a problem); unknown ids, empty texts and
    entries that an official text overrides are problems with file and line."""
    shown = display_path(path)
    result = CouncilWelsh(shown)
    if not path.is_file():
        return result
    try:
        loaded = load_yaml_file(path)
        parsed = CouncilWelshFile.model_validate(loaded.data or {})
    except YamlProblem as problem:
        result.problems.append(Problem(shown, problem.line, problem.code, problem.message))
        return result
    except ValidationError as error:
        result.problems.extend(problems_from_validation(error, CouncilWelshFile, loaded, shown))
        return result
    result.translator = parsed.translator
    _collect(parsed, loaded, definitions, result)
    _collect_words(parsed, loaded, result)
    result.problems.extend(_overridden(result, definitions))
    return result


def _collect_words(parsed: CouncilWelshFile, loaded: LoadedYaml, into: CouncilWelsh) -> None:
    """The translator's words, each a word pm's reports use, with the same placeholders;
    kept in `texts` as ("words", English, "cy")."""
    from pm.choices import did_you_mean
    from pm.i18n.catalogue import plain_messages

    held = plain_messages("cy")
    for english, welsh in parsed.words.items():
        line = loaded.line_of(("words", english))
        if english not in held:
            hint = did_you_mean(english, list(held))
            message = (
                f"words: '{english}' is not a word pm's reports use (the English as in "
                f"locales/cy/LC_MESSAGES/pm.po).{hint}"
            )
            into.problems.append(Problem(into.file, line, "unknown-word", message))
        elif not welsh.strip():
            message = f"words: '{english}' gives no Welsh; add it or remove the entry"
            into.problems.append(Problem(into.file, line, "missing-key", message))
        elif sorted(_PLACEHOLDER.findall(welsh)) != sorted(_PLACEHOLDER.findall(english)):
            wanted = ", ".join(sorted(set(_PLACEHOLDER.findall(english)))) or "none"
            message = (
                f"words: the Welsh for '{english}' must keep its placeholders ({wanted}), "
                "written as in the English"
            )
            into.problems.append(Problem(into.file, line, "bad-placeholder", message))
        else:
            into.texts[("words", english, "cy")] = (welsh.strip(), into.file, line)


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


_UNKNOWN = {
    "indicators": ("unknown-indicator", "an indicator pm holds (run 'pm list')"),
    "quality_standards": ("unknown-quality-standard", "a quality standard (QS1 to QS6)"),
    "aspects": ("unknown-aspect", "an aspect of well-being (aspects.yaml)"),
    "national_outcomes": ("unknown-outcome", "a national outcome (national_outcomes.yaml)"),
    "frameworks": ("unknown-framework", "a framework (frameworks.yaml)"),
}


def _collect(
    parsed: CouncilWelshFile, loaded: LoadedYaml, definitions: DefinitionSet, into: CouncilWelsh
) -> None:
    """Each text by the id it names (an indicator also by an alias, in any case)."""
    from pm.choices import did_you_mean

    known = _known_ids(definitions)
    for group, (code, what) in _UNKNOWN.items():
        for given, entry in getattr(parsed, group).items():
            line = loaded.line_of((group, given))
            key = _canonical(group, given, definitions, known[group])
            if key is None:
                hint = did_you_mean(given, known[group])
                message = f"{group}: '{given}' is not {what}.{hint}"
                into.problems.append(Problem(into.file, line, code, message))
                continue
            texts = {k: v for k, v in entry.model_dump().items() if k.endswith("_cy") and v}
            if not texts:
                message = f"{group}: {given} gives no Welsh text; add one or remove the entry"
                into.problems.append(Problem(into.file, line, "missing-key", message))
            for name, text in texts.items():
                into.texts[(group, key, name)] = (
                    text,
                    into.file,
                    loaded.line_of((group, given, name)),
                )


def _known_ids(definitions: DefinitionSet) -> dict[str, list[str]]:
    reference = definitions.reference
    return {
        "indicators": list(definitions.indicators),
        "quality_standards": [q.id for q in reference.quality_standards],
        "aspects": [a.id for a in reference.aspects],
        "national_outcomes": [o.id for o in reference.national_outcomes],
        "frameworks": [f.id for f in reference.frameworks],
    }


def _canonical(group: str, given: str, definitions: DefinitionSet, known: list[str]) -> str | None:
    """The id `given` names: indicators by id or alias in any case, the rest by id."""
    if group == "indicators":
        return find_indicator_id(definitions.indicators, given)
    return next((k for k in known if k.lower() == given.strip().lower()), None)


def _overridden(council: CouncilWelsh, definitions: DefinitionSet) -> list[Problem]:
    """A note for each council text that an official one overrides."""
    official = {
        (t.group, t.key, t.field): t for t in welsh_terms(definitions) if t.origin == "official"
    }
    problems = []
    for key, (_, file, line) in council.texts.items():
        term = official.get(key)
        if term is None:
            continue
        problems.append(
            Problem(
                file,
                line,
                "official-welsh-wins",
                f"{term.label} has an official Welsh text, which is used: '{term.welsh}' "
                f"(from {term.source}); remove this entry",
                Severity.warning,
            )
        )
    return problems
