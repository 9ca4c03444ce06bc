"""Reports as Excel workbooks: one sheet per section, numbers as numbers, bands coloured.

Each figure is stored as the number the HTML report shows (rounded half up, with a number
format of the same decimals), so a sum in Excel uses what readers see. A withheld figure
is the text "*" and a missing one "..", as StatsWales publishes. Band, direction and
comparison columns hold a symbol and a word; conditional formatting adds the colour, so
the colour is never the only sign. Headers are frozen. The same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pm.cells import set_cell
from pm.errors import UsageError
from pm.i18n import language
from pm.outputs import _stable_zip  # fixed zip times and document dates, shared with pm compute
from pm.reporting import words
from pm.reporting.excel_columns import (
    COUNCIL_COLUMNS,
    EXCEPTION_COLUMNS,
    MEASURE_COLUMNS,
    TREND_COLUMNS,
    Sheet,
)
from pm.reporting.formatting import MISSING_SYMBOL, SUPPRESSED_SYMBOL, rounded

SHEET_TITLE_LIMIT = 31  # Excel's longest sheet name


_DANGLING = {
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}


def _shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, without a dangling 'and' or
    'from' at the end (a lone long word is cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if " " not in text[: limit + 1]:
        return text[:limit]
    words = text[: limit + 1].rsplit(" ", 1)[0].split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:-–(") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-–(")


def _sheet_title(text: str, used: set[str]) -> str:
    """A valid, unique sheet name: no [ ] : * ? / \\, at most 31 characters, shortened at a
    word boundary ('QS2 Physical and mental health' rather than '... mental healt')."""
    base = _shortened(re.sub(r"[\[\]:*?/\\]", " ", text), SHEET_TITLE_LIMIT)
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = _shortened(base, SHEET_TITLE_LIMIT - len(suffix)) + suffix
        n += 1
    used.add(title.lower())
    return title


def sheets_for(template: str, context: dict[str, Any]) -> list[Sheet]:
    """The sections of a shipped report, as sheets."""
    if template == "annual_report":
        return [
            Sheet(
                s["short_title"] if s["id"] == "other" else f"{s['id']} {s['short_title']}",
                MEASURE_COLUMNS,
                s["measures"],
            )
            for s in context["sections"]
            if s["measures"]
        ]
    if template == "scorecard":
        return [
            Sheet(g["question"].rstrip("?"), MEASURE_COLUMNS, g["measures"])
            for g in context["rba_groups"]
            if g["measures"]
        ]
    if template == "exceptions":
        return [Sheet("Exceptions", EXCEPTION_COLUMNS, context["exceptions"])]
    if template == "indicator_page":
        trend = [
            dict(point, indicator=page["measure"]["id"])
            for page in context["indicator_pages"]
            for point in page["trend"]
        ]
        councils = [
            dict(council, indicator=page["measure"]["id"])
            for page in context["indicator_pages"]
            for council in page["councils"]
        ]
        return [Sheet("Trend", TREND_COLUMNS, trend), Sheet("Councils", COUNCIL_COLUMNS, councils)]
    if template == "directors_report":
        from pm.reporting.excel_directors import directors_sheets

        return directors_sheets(context)
    raise UsageError(
        f"there is no Excel layout for '{template}': Excel reports are annual_report, scorecard, "
        "indicator_page, exceptions and directors_report (your own templates can write .html "
        "or .md)"
    )


def workbook_bytes(template: str, parts: list[dict[str, Any]]) -> bytes:
    """The workbook from one context per language (see pm.reporting.build.page_of)."""
    if len(parts) > 1:
        raise UsageError(
            "a bilingual workbook is not made yet: write one .xlsx with --language cy and "
            "one with --language en"
        )
    context = parts[0]
    with language(context["page"]["lang"]):
        return _workbook_bytes(template, context)


def _workbook_bytes(template: str, context: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    _about_sheet(about, context, template)
    used = {"about"}
    for sheet in sheets_for(template, context):
        target = workbook.create_sheet(_sheet_title(sheet.title, used))
        interval = context["report"].get("interval", "95%")  # the level of the results
        target.append([column.header.replace("95%", interval) for column in sheet.columns])
        for cell in target[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row_number, row in enumerate(sheet.rows, start=2):
            for column_number, column in enumerate(sheet.columns, start=1):
                value = column.get(row)
                cell = target.cell(row=row_number, column=column_number)
                if column.figure:
                    shown, cell.number_format = _figure(value)
                    set_cell(cell, shown)
                    cell.alignment = Alignment(horizontal="right")
                else:
                    set_cell(cell, value if value != "" else None)  # text stays text
        target.freeze_panes = "C2"
        for column_number, column in enumerate(sheet.columns, start=1):
            from openpyxl.utils import get_column_letter

            target.column_dimensions[get_column_letter(column_number)].width = column.width
        _colour_states(target, sheet)
    raw = io.BytesIO()
    workbook.save(raw)
    return _stable_zip(raw.getvalue())


def _figure(cell: dict[str, Any]) -> tuple[Any, str]:
    """A cell dictionary as (Excel value, number format): the shown number, or a symbol."""
    text = cell["text"]
    if text in (SUPPRESSED_SYMBOL, MISSING_SYMBOL):
        return text, "General"
    decimals = int(cell["src"].split("|")[5]) if cell["src"] else 1
    number = rounded(cell["number"], decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return number, pattern


def _colour_states(target: Any, sheet: Sheet) -> None:
    """Fill band, direction and comparison cells by their word (the word stays in the cell)."""
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import PatternFill
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.utils import get_column_letter

    vocabularies = [words.BANDS, words.DIRECTIONS, words.COMPARISONS, words.QUARTILE_BANDS]
    last_row = max(len(sheet.rows) + 1, 2)
    for number, column in enumerate(sheet.columns, start=1):
        if column.header not in {
            "Band",
            "Direction",
            "Compared with Wales",
            "Compared with group",
            "Quartile band",
        }:
            continue
        letter = get_column_letter(number)
        area = f"{letter}2:{letter}{last_row}"
        seen: set[str] = set()
        for vocabulary in vocabularies:
            for state in vocabulary.values():
                if state.word in seen or state.tone in ("neutral", "none"):
                    continue
                seen.add(state.word)
                colour = words.TONE_COLOURS[state.tone]["pale"].lstrip("#")
                fill = PatternFill(
                    start_color=colour, end_color=colour, fill_type="solid", bgColor=colour
                )
                rule = Rule(
                    type="containsText",
                    operator="containsText",
                    text=state.word,
                    dxf=DifferentialStyle(fill=fill),
                )
                rule.formula = [f'NOT(ISERROR(SEARCH("{state.word}",{letter}2)))']
                target.conditional_formatting.add(area, rule)


def _about_sheet(sheet: Any, context: dict[str, Any], template: str) -> None:
    from openpyxl.styles import Font

    report = context["report"]
    rows = [
        [f"{template.replace('_', ' ').capitalize()}: {report['area_name']}, {report['year']}"],
        [],
        ["Area", f"{report['area_name']} ({report['area']})"],
        ["Reporting year", report["year"]],
        ["Results file", report["source_name"]],
        ["Results file SHA-256", report["source_digest"]],
        ["Written by", f"pm {report['pm_version']}"],
        ["Confidence intervals", report.get("interval", "95%")],
        [],
        ["Symbols"],
        [SUPPRESSED_SYMBOL, "Withheld to protect confidentiality (small numbers)"],
        [MISSING_SYMBOL, "Not available"],
        [],
        ["Bands (a word and a symbol go with every colour)"],
        *[[band["symbol"], band["word"]] for band in context["legend"]],
        [],
        [
            "Figures are rounded half up to the decimals shown; each sheet is one section of the report."
        ],
    ]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=number, column=column), value)  # names stay text
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
