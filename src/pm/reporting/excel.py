"""Reports as Excel workbooks: one sheet per section, numbers as numbers, bands coloured.

Each figure is stored as the number the HTML report shows (rounded half up, with a number
format of the same decimals), so a sum in Excel uses what readers see. A withheld figure
is the text "*" and a missing one "..", as StatsWales publishes. Band, direction and
comparison columns hold a symbol and a word; conditional formatting adds the colour, so
the colour is never the only sign. Headers are frozen. The same report gives the same bytes.

Sheet names, headers, notes and the key are in the report's language (the catalogue). A
bilingual report is one workbook: the Welsh *Ynghylch* sheet and the Welsh sheets first,
then the English *About* sheet and the English sheets, the same figures in each; each
About sheet lists its language's sheets and says where the other language starts.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pm.cells import set_cell
from pm.errors import UsageError
from pm.i18n import LANGUAGE_TAGS, N_, _, language, plain
from pm.outputs import _stable_zip  # fixed zip times and document dates, shared with pm compute
from pm.reporting import words
from pm.reporting.excel_columns import (
    COUNCIL_COLUMNS,
    EXCEPTION_COLUMNS,
    MEASURE_COLUMNS,
    TREND_COLUMNS,
    Sheet,
    sheet_of,
)
from pm.reporting.formatting import MISSING_SYMBOL, SUPPRESSED_SYMBOL, rounded

SHEET_TITLE_LIMIT = 31  # Excel's longest sheet name

# The shipped reports' names, as the About sheet's title gives them.
REPORT_NAMES = {
    "annual_report": N_("Annual report"),
    "scorecard": N_("Scorecard"),
    "indicator_page": N_("Indicator pages"),
    "exceptions": N_("Exceptions"),
    "directors_report": N_("Director's annual report"),
}
# Where the other language's sheets start, as an About sheet says it (one sentence each, so
# a language's name takes the mutation it needs).
STARTS = {
    "cy": N_("In Welsh: from the sheet '%(sheet)s' on."),
    "en": N_("In English: from the sheet '%(sheet)s' on."),
}


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


def _sheet_title(text: str, used: set[str], mark: str = "") -> str:
    """A valid, unique sheet name: no [ ] : * ? / \\, no ' at either end, at most 31
    characters, shortened at a word boundary ('QS2 Physical and mental health' rather than
    '... mental healt'); `mark` (such as '(yn Saesneg)') is kept whole at the end."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text).strip(" '’")
    tail = f" {mark}" if mark else ""
    base = _shortened(cleaned, SHEET_TITLE_LIMIT - len(tail)) + tail
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = _shortened(cleaned, SHEET_TITLE_LIMIT - len(tail) - len(suffix)) + tail + suffix
        n += 1
    used.add(title.lower())
    return title


def sheets_for(template: str, context: dict[str, Any]) -> list[Sheet]:
    """The sections of a shipped report, as sheets."""
    if template == "annual_report":
        return [
            sheet_of(
                "" if s["id"] == "other" else s["id"],
                s["short_title"],
                MEASURE_COLUMNS,
                s["measures"],
            )
            for s in context["sections"]
            if s["measures"]
        ]
    if template == "scorecard":
        return [
            sheet_of(g["code"], g["short_title"], MEASURE_COLUMNS, g["measures"])
            for g in context["scorecard"]["groups"]
        ]
    if template == "exceptions":
        return [Sheet(_("Exceptions"), EXCEPTION_COLUMNS, context["exceptions"])]
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
        return [
            Sheet(_("Trend"), TREND_COLUMNS, trend),
            Sheet(_("Councils"), COUNCIL_COLUMNS, councils),
        ]
    if template == "directors_report":
        from pm.reporting.excel_directors import directors_sheets

        return directors_sheets(context)
    raise UsageError(
        f"there is no Excel layout for '{template}': Excel reports are annual_report, scorecard, "
        "indicator_page, exceptions and directors_report (your own templates can write .html "
        "or .md)"
    )


def workbook_bytes(template: str, parts: list[dict[str, Any]]) -> bytes:
    """The workbook from one context per language (see pm.reporting.build.page_of): each
    language's About sheet and sheets, in the order of `parts` (Welsh first)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    plans = []
    for context in parts:  # every name first, so each About sheet can name the others
        with language(context["page"]["lang"]):
            about = _sheet_title(_("About"), used)
            sheets = [
                (_sheet_title(s.title, used, s.mark), s) for s in sheets_for(template, context)
            ]
        plans.append((context, about, sheets))
    starts = {context["page"]["lang"]: about for context, about, _sheets in plans}
    for context, about, sheets in plans:
        with language(context["page"]["lang"]):
            others = {code: name for code, name in starts.items() if name != about}
            _about_sheet(workbook.create_sheet(about), context, template, sheets, others)
            for name, sheet in sheets:
                _write_sheet(workbook.create_sheet(name), sheet, context)
    workbook.properties.language = LANGUAGE_TAGS[parts[0]["page"]["lang"]]
    raw = io.BytesIO()
    workbook.save(raw)
    return _stable_zip(raw.getvalue())


def _write_sheet(target: Any, sheet: Sheet, context: dict[str, Any]) -> None:
    """One section's rows under a bold header, figures as numbers, states coloured."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    interval = context["report"].get("interval", "95%")  # the level of the results
    target.append([column.shown_header(interval) for column in sheet.columns])
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
        target.column_dimensions[get_column_letter(column_number)].width = column.width
    _colour_states(target, sheet)


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
    """Fill band, direction and comparison cells by their word (the word stays in the cell),
    in the language being written. The longest word's rule comes first: a cell matching two
    words ('Oddi ar y targed' holds 'Ar y targed') takes the colour of the one it is."""
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles import PatternFill
    from openpyxl.styles.differential import DifferentialStyle
    from openpyxl.utils import get_column_letter

    vocabularies = [words.BANDS, words.DIRECTIONS, words.COMPARISONS, words.QUARTILE_BANDS]
    tones: dict[str, str] = {}
    for vocabulary in vocabularies:
        for state in vocabulary.values():
            if state.tone not in ("neutral", "none"):
                tones.setdefault(state.shown_word, state.tone)
    ordered = sorted(tones, key=lambda word: -len(word))  # stable: equal lengths keep order
    last_row = max(len(sheet.rows) + 1, 2)
    for number, column in enumerate(sheet.columns, start=1):
        if column.header not in STATE_HEADERS:
            continue
        letter = get_column_letter(number)
        area = f"{letter}2:{letter}{last_row}"
        for word in ordered:
            colour = words.TONE_COLOURS[tones[word]]["pale"].lstrip("#")
            fill = PatternFill(
                start_color=colour, end_color=colour, fill_type="solid", bgColor=colour
            )
            rule = Rule(
                type="containsText",
                operator="containsText",
                text=word,
                dxf=DifferentialStyle(fill=fill),
            )
            rule.formula = [f'NOT(ISERROR(SEARCH("{word}",{letter}2)))']
            target.conditional_formatting.add(area, rule)


# The columns whose cells hold a state's symbol and word (English headers, as in the code).
STATE_HEADERS = {"Band", "Direction", "Compared with Wales", "Compared with group", "Quartile band"}


def _about_sheet(
    sheet: Any,
    context: dict[str, Any],
    template: str,
    sheets: list[tuple[str, Sheet]],
    others: dict[str, str],
) -> None:
    """What the workbook is, where its figures come from, its symbols and key, its sheets
    in this language, and where the other language's sheets start."""
    from openpyxl.styles import Font

    report = context["report"]
    title = _("%(report)s: %(area)s, %(year)s") % {
        "report": _(REPORT_NAMES[template]),
        "area": plain(report["area_name"]),
        "year": report["year"],
    }
    rows = [
        [title],
        [],
        [_("Area"), f"{plain(report['area_name'])} ({report['area']})"],
        [_("Reporting year"), report["year"]],
        [_("Results file"), report["source_name"]],
        [_("Results file SHA-256"), report["source_digest"]],
        [_("Written by"), f"pm {report['pm_version']}"],
        [_("Confidence intervals"), report.get("interval", "95%")],
        [],
        [_("Symbols")],
        [SUPPRESSED_SYMBOL, _("Withheld to protect confidentiality (small numbers)")],
        [MISSING_SYMBOL, _("Not available")],
        [],
        [_("Bands (a word and a symbol go with every colour)")],
        *[[band["symbol"], band["word"]] for band in context["legend"]],
        [],
        [
            _(
                "Figures are rounded half up to the decimals shown; each sheet is one section "
                "of the report."
            )
        ],
    ]
    if others:
        rows += [[], [_("Sheets in this language")], *[[name] for name, _sheet in sheets]]
        for code, name in others.items():
            rows.append([_(STARTS[code]) % {"sheet": name}])
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=number, column=column), value)  # names stay text
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 70
