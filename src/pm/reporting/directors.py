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
from pm.reporting.commentary import markdown_for_markdown_report, read_commentary_file
from pm.reporting.directors_form import DirectorsForm, shipped_form
from pm.reporting.improvement import areas_for_improvement
from pm.reporting.measures import ReportScope
from pm.reporting.placing import OTHER, CouncilPlacement, Placement, place_measures

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
        measure["placed_why"] = placement[measure["id"]].why
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
        commentary = narrative.read(chapter.title, chapter.file) if chapter.file else None
        if chapter.id == "performance":
            parts = [_part(p.id, form, measures, placement, narrative, areas) for p in form.parts]
        chapters.append(
            {
                "id": chapter.id,
                "number": chapter.number,
                "title": chapter.title,
                "prompt": chapter.prompt,
                "note": " ".join((chapter.note or "").split()),
                "commentary": commentary,
                "parts": parts if chapter.id == "performance" else [],
                "sections": [
                    dict(
                        id=s.id,
                        letter=s.letter,
                        title=s.title,
                        prompt=s.prompt,
                        commentary=narrative.read(f"{chapter.number}{s.letter} {s.title}", s.file),
                    )
                    for s in form.other_information
                ]
                if chapter.id == "other_information"
                else [],
            }
        )
    other = [m for m in measures if placement[m["id"]].part == OTHER]
    return {
        "source": " ".join(form.source.split()),
        "placement_note": " ".join(form.placement_note.split()),
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
    heading = f"3{part.letter} {part.title}"
    return {
        "id": part.id,
        "letter": part.letter,
        "title": part.title,
        "prompt": part.prompt,
        "measures": members,
        "placed_by_rule": [m for m in members if m["placed_by"] == "rule"],
        "questions": [
            {
                "id": q.id,
                "number": q.number,
                "text": q.text,
                "from_plan": q.from_plan,
                "commentary": narrative.read(f"{heading}: {q.text}", f"{part.id}/{q.file}"),
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
        relative = f"{FOLDER}/{file}"
        found = read_commentary_file(self.scope.commentary, self.scope.year, relative)
        shown = f"{self.scope.commentary_shown}/{self.scope.year}/{relative}"
        if found is None:
            self.missing.append({"title": title, "file": shown})
        return {
            "html": found.html if found else None,
            "markdown": markdown_for_markdown_report(found.markdown) if found else None,
            "plain": found.markdown.strip() if found else "",
            "file": shown,
        }


def _from(year: str, first: str) -> bool:
    """True when the reporting year is `first` or later."""
    start, begins = period_start(year), period_start(first)
    return start is not None and begins is not None and start >= begins
