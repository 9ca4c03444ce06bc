"""The `directors` variable of the Director's annual report (`directors_report`): the
prescribed chapters, the four parts of the performance assessment with their measures and
four questions, other information, and last year's areas for improvement from the plan.

Every narrative piece is a commentary file under `<commentary>/<year>/directors_report/`
(`summary.md`, `people/how_do_we_know.md`, `inspections.md`, ...), read and rendered as
safely as measure commentary. The wording comes from directors_report.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pm.definitions.frameworks import period_start
from pm.definitions.loader import DefinitionSet
from pm.i18n import in_language
from pm.reporting.commentary import commentary_fields
from pm.reporting.directors_form import DirectorsForm, shipped_form
from pm.reporting.improvement import areas_for_improvement
from pm.reporting.measure_words import composed
from pm.reporting.measures import ReportScope
from pm.reporting.placing import OTHER, CouncilPlacement, Placement, place_measures
from pm.reporting.terms import english_only

FOLDER = "directors_report"  # under commentary/<year>/


@dataclass(frozen=True)
class DirectorsInputs:
    """What the Director's report reads besides the results: the council's placement of
    measures (pm.yaml) and its service plans folder."""

    council: CouncilPlacement = CouncilPlacement(parts={})
    plans: Path | None = None


def directors_context(
    context: dict[str, Any],
    definitions: DefinitionSet,
    scope: ReportScope,
    inputs: DirectorsInputs,
) -> dict[str, Any]:
    """Everything the directors_report template lays out (technical_guidance/templates.md)."""
    form = shipped_form()
    measures = context["measures"]
    placement = place_measures(measures, form, inputs.council, definitions)
    for measure in measures:
        measure["placed_by"] = placement[measure["id"]].by
        measure["placed_why"] = _shown(placement[measure["id"]].why, placement[measure["id"]])
    by_id = {m["id"]: m for m in measures}
    areas = areas_for_improvement(
        inputs.plans, scope.year, scope.area, definitions, by_id, placement
    )
    narrative = _Narrative(scope)  # files are read in the report's order: so is `missing`
    parts: list[dict[str, Any]] = []
    chapters = []
    for chapter in form.chapters:
        if chapter.from_year and not _from(scope.year, chapter.from_year):
            continue
        title = _text(chapter, "title")
        commentary = narrative.read(title, chapter.file) if chapter.file else None
        if chapter.id == "performance":
            parts = [_part(p.id, form, measures, placement, narrative, areas) for p in form.parts]
        chapters.append(
            {
                "id": chapter.id,
                "number": chapter.number,
                "title": title,
                "prompt": _text(chapter, "prompt"),
                "note": _text(chapter, "note"),
                "commentary": commentary,
                "parts": parts if chapter.id == "performance" else [],
                "sections": [
                    dict(
                        id=s.id,
                        letter=s.letter,
                        title=_text(s, "title"),
                        prompt=_text(s, "prompt"),
                        commentary=narrative.read(
                            _heading(f"{chapter.number}{s.letter}", _text(s, "title")), s.file
                        ),
                    )
                    for s in form.other_information
                ]
                if chapter.id == "other_information"
                else [],
            }
        )
    other = [m for m in measures if placement[m["id"]].part == OTHER]
    return {
        "source": _text(form, "source"),
        "placement_note": _text(form, "placement_note"),
        "chapters": chapters,
        "parts": parts,
        "other_measures": other,
        "placed_by_rule": [m for m in measures if m["placed_by"] == "rule"],
        "plan": areas,
        "unplaced_objectives": [
            o for o in (areas or {}).get("objectives", []) if o["part"] == OTHER
        ],
        "missing": narrative.missing,
        "commentary_folder": f"{scope.commentary_shown}/{scope.year}/{FOLDER}",
    }


def _part(
    part_id: str,
    form: DirectorsForm,
    measures: list[dict[str, Any]],
    placement: dict[str, Placement],
    narrative: _Narrative,
    areas: dict[str, Any] | None,
) -> dict[str, Any]:
    part = form.part(part_id)
    assert part is not None  # the form's parts are checked when it is read
    members = [m for m in measures if placement[m["id"]].part == part_id]
    title = _text(part, "title")
    heading = _heading(f"3{part.letter}", title)
    return {
        "id": part.id,
        "letter": part.letter,
        "title": title,
        "prompt": _text(part, "prompt"),
        "measures": members,
        "placed_by_rule": [m for m in members if m["placed_by"] == "rule"],
        "questions": [
            {
                "id": q.id,
                "number": q.number,
                "text": _text(q, "text"),
                "from_plan": q.from_plan,
                "commentary": narrative.read(
                    _heading(heading, _text(q, "text"), ": "), f"{part.id}/{q.file}"
                ),
            }
            for q in form.questions
        ],
        "objectives": [o for o in (areas or {}).get("objectives", []) if o["part"] == part_id],
    }


class _Narrative:
    """Reads the report's commentary files, remembering those not yet written."""

    def __init__(self, scope: ReportScope) -> None:
        self.scope = scope
        self.missing: list[dict[str, str]] = []

    def read(self, title: str, file: str) -> dict[str, Any]:
        """The file in the page's language (`summary.cy.md` for Welsh), or on a Welsh page
        the English one marked; a file not written in the page's language is `missing`."""
        relative = f"{FOLDER}/{file}"
        found = commentary_fields(
            self.scope.commentary, self.scope.year, relative, self.scope.commentary_shown
        )
        if not found["commentary_written"]:
            self.missing.append({"title": title, "file": found["commentary_file"]})
        return {
            "html": found["commentary"],
            "markdown": found["commentary_markdown"],
            "plain": found["commentary_plain"],
            "file": found["commentary_file"],
        }


def _from(year: str, first: str) -> bool:
    """True when the reporting year is `first` or later."""
    start, begins = period_start(year), period_start(first)
    return start is not None and begins is not None and start >= begins


# The texts of the form shown as one line (the others keep their lines as written).
_JOINED = ("note", "source", "placement_note")


def _text(item: Any, name: str) -> str:
    """A text of the prescribed form in the page's language: its Welsh (`<name>_cy`, the
    official Welsh of the regulations, where the form holds it), else the English, marked
    on a Welsh page."""
    english = getattr(item, name, None) or ""
    welsh = getattr(item, f"{name}_cy", None) or None
    if name in _JOINED:
        english = " ".join(english.split())
        welsh = " ".join(welsh.split()) if welsh else None
    return in_language(english, welsh) if english else ""


def _heading(number: str, title: str, joiner: str = " ") -> str:
    """'3a Title' or '3a Title: question', keeping a marked title's marks."""
    return composed(f"%(number)s{joiner}%(title)s", number=number, title=title)


def _shown(why: str, placement: Placement) -> str:
    """Why a rule placed a measure, from the form (English, marked on a Welsh page)."""
    return english_only(why) if placement.by == "rule" else why
