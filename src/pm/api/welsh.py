"""The `language=` option of `pm.show`, `pm.list_indicators` and `pm.validate`: which
language's terms a call gives, and the Welsh terms of a scope (official, the council's own
from its Welsh file, or marked missing). pm's own messages stay in English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pm.errors import UsageError

if TYPE_CHECKING:
    from pm.api.scope import Scope
    from pm.definitions.definition_set import DefinitionSet
    from pm.definitions.problems import Problem
    from pm.definitions.welsh import WelshTerm
    from pm.definitions.welsh_council import CouncilWelsh

LANGUAGES = ("en", "cy")


def language_of(language: str | None) -> str:
    """'en' or 'cy' (any case; None is English); anything else is a usage error."""
    if language is None:
        return "en"
    chosen = language.strip().lower()
    if chosen not in LANGUAGES:
        raise UsageError(f"--language takes en (English) or cy (Welsh), not '{language}'")
    return chosen


def welsh_file_name(scope: Scope) -> str:
    """Where the council's translator writes Welsh terms, as a message names it."""
    if scope.workspace is None:
        return "welsh.yaml beside your pm.yaml"
    return scope.workspace.config.paths.welsh


def council_welsh(scope: Scope, definitions: DefinitionSet) -> CouncilWelsh | None:
    """The workspace's Welsh file read and checked (None outside a workspace)."""
    from pm.definitions.welsh_council import load_council_welsh

    if scope.workspace is None:
        return None
    return load_council_welsh(scope.workspace.path("welsh"), definitions)


def terms_of(
    scope: Scope, definitions: DefinitionSet, indicators: list[str] | None = None
) -> list[WelshTerm]:
    """The Welsh terms of the scope's definitions (or of `indicators` and what they link
    to), with the council's own texts where there is no official one."""
    from pm.definitions.welsh import welsh_terms

    council = council_welsh(scope, definitions)
    return welsh_terms(definitions, council.texts if council else None, indicators)


def welsh_problems(
    scope: Scope, definitions: DefinitionSet, language: str
) -> tuple[list[Problem], dict[str, int] | None]:
    """What `pm validate` says of Welsh texts: always, a definition's Welsh title without its
    source and the problems of the council's Welsh file; with 'cy', a note for every term
    with no Welsh text at all (the translator's list) and how many terms have which kind
    of Welsh text."""
    from pm.definitions.welsh import missing_welsh, unsourced_welsh, welsh_terms

    problems = unsourced_welsh(definitions)
    council = council_welsh(scope, definitions)
    if council is not None:
        problems += council.problems
    if language != "cy":
        return problems, None
    terms = welsh_terms(definitions, council.texts if council else None)
    problems += missing_welsh(terms, welsh_file_name(scope))
    counts = origin_counts(terms)
    headings, held = form_headings_without_welsh()
    problems += headings
    counts["official"] += held
    counts["none"] += len(headings)
    return problems, counts


def form_headings_without_welsh() -> tuple[list[Problem], int]:
    """A note for each prescribed heading and question of the Director's report with no
    Welsh text (the Welsh of the Schedule to SI 2017/274 is not held yet), and how many have
    one. A Welsh report shows such a heading in English, marked."""
    from pm import resources
    from pm.definitions.problems import Problem, Severity, display_path
    from pm.definitions.yaml_loader import load_yaml_file
    from pm.reporting.directors_form import FORM_FILE, load_form

    path = resources.reference_dir() / FORM_FILE
    form, lines, shown = load_form(path), load_yaml_file(path), display_path(path)
    groups = (
        ("chapters", form.chapters, "title", "chapter"),
        ("parts", form.parts, "title", "part"),
        ("questions", form.questions, "text", "question"),
        ("other_information", form.other_information, "title", "section"),
    )
    notes, held = [], 0
    for group, items, field, kind in groups:
        for n, item in enumerate(items):
            if getattr(item, f"{field}_cy"):
                held += 1
                continue
            english = " ".join(getattr(item, field).split())
            notes.append(
                Problem(
                    shown,
                    lines.line_of((group, n, field)),
                    "no-official-welsh",
                    f"Director's report {kind} {item.id} has no official Welsh text: "
                    f"'{english}'; a Welsh report shows it in English, marked, until pm holds "
                    "the Welsh of the Schedule to SI 2017/274 (technical_guidance/welsh.md)",
                    Severity.warning,
                )
            )
    return notes, held


def origin_counts(terms: list[WelshTerm]) -> dict[str, int]:
    """How many terms have official Welsh, the council's own, and none."""
    counts = {"official": 0, "council": 0, "none": 0}
    for term in terms:
        counts[term.origin] += 1
    return counts
