"""The Director's annual report as an Excel workbook: a *Report* sheet with every prescribed
chapter, part, question and section in order, with its text (the commentary file's Markdown)
or a note of the file still to write; a sheet of measures per part (3a People ...), the
other measures, and the areas for improvement from the plan, one row per action. Headers,
sheet names and pm's own notes are in the report's language; the prescribed texts and
titles come from the context, in Welsh where held, else in English marked "(yn Saesneg)"."""

from __future__ import annotations

from typing import Any

from pm.i18n import N_, _, plain
from pm.reporting.excel_columns import MEASURE_COLUMNS, Column, Sheet, sheet_of

CELL_TEXT_LIMIT = 32_000  # Excel holds at most 32,767 characters in a cell

REPORT_COLUMNS = [
    Column(N_("Chapter"), lambda r: r["chapter"], width=28),
    Column(N_("Part or section"), lambda r: r["part"], width=30),
    Column(N_("Question"), lambda r: r["question"], width=44),
    Column(N_("Text"), lambda r: r["text"], width=90),
    Column(N_("Commentary file"), lambda r: r["file"], width=50),
]
PLACED_COLUMNS = [
    *MEASURE_COLUMNS,
    Column(N_("Placed by"), lambda m: _placed(m), width=30),
]
AREA_COLUMNS = [
    Column(N_("Part"), lambda r: r["part"], width=24),
    Column(N_("Objective"), lambda r: r["objective"], width=10),
    Column(N_("Area for improvement"), lambda r: r["title"], width=44),
    Column(N_("Measures"), lambda r: r["measures"], width=16),
    Column(N_("Action"), lambda r: r["action"], width=48),
    Column(N_("Owner"), lambda r: r["owner"], width=24),
    Column(N_("Due"), lambda r: r["due"], width=11),
    Column(N_("Status"), lambda r: r["status"], width=12),
    Column(N_("Overdue at year end"), lambda r: _("Overdue") if r["overdue"] else "", width=12),
]


def directors_sheets(context: dict[str, Any]) -> list[Sheet]:
    d = context["directors"]
    sheets = [Sheet(_("Report"), REPORT_COLUMNS, _report_rows(d))]
    for part in d["parts"]:
        sheets.append(
            sheet_of(f"3{part['letter']}", part["title"], PLACED_COLUMNS, part["measures"])
        )
    if d["other_measures"]:
        sheets.append(Sheet(_("Other measures"), PLACED_COLUMNS, d["other_measures"]))
    if d["plan"]:
        sheets.append(Sheet(_("Areas for improvement"), AREA_COLUMNS, _area_rows(d)))
    return sheets


def _report_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for chapter in d["chapters"]:
        heading = f"{chapter['number']}. {plain(chapter['title'])}"
        rows.append(_row(heading, "", "", chapter["commentary"], chapter["note"]))
        for part in chapter["parts"]:
            name = f"{chapter['number']}{part['letter']}. {plain(part['title'])}"
            for q in part["questions"]:
                rows.append(_row(heading, name, plain(q["text"]), q["commentary"]))
        for section in chapter["sections"]:
            name = f"{chapter['number']}{section['letter']}. {plain(section['title'])}"
            rows.append(_row(heading, name, "", section["commentary"]))
    return rows


def _row(
    chapter: str, part: str, question: str, narrative: dict[str, Any] | None, note: str = ""
) -> dict[str, Any]:
    if narrative is None:
        text, file = plain(note), ""
    else:
        text = narrative["plain"] or _("(not written yet)")
        if len(text) > CELL_TEXT_LIMIT:
            text = text[:CELL_TEXT_LIMIT] + " … " + _("(continues in the commentary file)")
        file = narrative["file"]
    return {"chapter": chapter, "part": part, "question": question, "text": text, "file": file}


def _area_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    titles = {p["id"]: f"3{p['letter']}. {plain(p['title'])}" for p in d["parts"]}
    rows = []
    for objective in d["plan"]["objectives"]:
        for action in objective["actions"]:
            rows.append(
                {
                    "part": titles.get(objective["part"], _("Other")),
                    "objective": objective["id"],
                    "title": plain(objective["title"]),
                    "measures": ", ".join(m["id"] for m in objective["measures"]),
                    "action": action["action"],
                    "owner": action["owner"],
                    "due": action["due"],
                    "status": plain(action["status_words"]),
                    "overdue": action["overdue"],
                }
            )
    return rows


def _placed(measure: dict[str, Any]) -> str:
    placed = measure.get("placed_by", "")
    if placed == "workspace":
        return "pm.yaml"
    if placed == "mapping":
        return _("pm's default mapping")
    if placed == "rule":
        return _("rule: %(why)s") % {"why": plain(measure.get("placed_why", ""))}
    return _("not placed")
