"""Reading published figures as they are downloaded: a StatsWales table saved as CSV, or
any table whose columns a `pm.yaml` mapping names.

What a download may hold, all handled here:
- lines above the table (title, notes, filters); the table starts at the first row whose
  cells name an area column and either a value column or years;
- areas as ONS codes or names (English or Welsh), `Wales`, and the pseudo-areas
  `Lower quartile`, `Median` and `Upper quartile` of a Wales-level table; regional totals
  (North Wales, ...) are left out;
- measures as codes (`PM18`), the codes councils use (`PMA18`), `PM18 - title`, or the full
  title; a table of one measure may name it only in the lines above the table;
- years down a column, or across the header (`2018-19`, `2018/19`, `2018-2019`, `201819`),
  with an optional item column saying which cells are numerators, denominators, values or
  quartiles;
- the marks `*`, `c`, `k` (withheld: the figure exists but is not shown) and `.`, `..`,
  `x`, `z`, `-` (missing or not applicable), in the cell or in a note-codes column.

A figure given twice in one file is an error naming both lines; `published_checks` then
checks every value against its indicator.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.reference import WALES
from pm.errors import InputError

WITHHELD = {"*", "c", "[c]", "k", "[k]", "[low]"}
MISSING = {".", "..", "...", "x", "[x]", "z", "[z]", "-", "–", "—", ":", "n/a", "na"}
FIGURES = ("numerator", "denominator", "value")
BOUNDS = ("lower_quartile", "median", "upper_quartile")
ROLES = ("area", "indicator", "period", "item", "notes", *FIGURES, *BOUNDS)
# Note codes in a column beside the figure (the newer StatsWales tables): withheld or missing.
WITHHELD_NOTES = {"c", "k"}
MISSING_NOTES = {"x", "z"}
ALIASES = {
    "area": {"council", "area", "areacode", "areaname", "localauthority", "localauthoritycode",
             "authority", "lacode", "la", "lacodes", "geography", "geographycode"},
    "indicator": {"indicator", "measure", "measurecode", "indicatorid", "indicatorcode",
                  "performancemeasure", "metric", "measuretitle"},
    "period": {"year", "period", "financialyear", "reportingyear", "years", "yearcode", "periodcode"},
    "item": {"item", "dataitem", "measureitem", "variable", "statistic", "datatype", "figure"},
    "notes": {"notecodes", "notecode", "notes", "note", "flags", "flag", "shorthand"},
    "numerator": {"numerator"},
    "denominator": {"denominator"},
    "value": {"value", "data", "datavalue", "result", "percentage", "rate", "obsvalue"},
    "lower_quartile": {"lowerquartile", "lq"},
    "median": {"median"},
    "upper_quartile": {"upperquartile", "uq"},
}  # fmt: skip
ITEM_WORDS = {
    "numerator": "numerator",
    "denominator": "denominator",
    "value": "value",
    "data": "value",
    "percentage": "value",
    "rate": "value",
    "result": "value",
    "lowerquartile": "lower_quartile",
    "median": "median",
    "upperquartile": "upper_quartile",
}
PSEUDO_AREAS = {
    "lowerquartile": "lower_quartile",
    "median": "median",
    "upperquartile": "upper_quartile",
}
REGIONS = {
    "northwales", "midwales", "westwales", "southwestwales", "southeastwales", "midandwestwales",
    "southwales", "centralsouthwales", "gwent", "cardiffandvale", "westernbay", "cwmtaf",
    "cwmtafmorgannwg", "swanseabay", "powysregion", "westwalesregion", "northwalesregion",
}  # fmt: skip
HEADER_SEARCH_LINES = 60
_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–]?\s*(\d{2}|\d{4})\s*$")
_CODE = re.compile(r"^\s*([A-Za-z]{1,6}[/_ ]?\d{1,3}[a-zA-Z]?)\b")


@dataclass(frozen=True)
class Layout:
    """How to read one file: a column (header text) per role, and a measure for a file of
    one measure that does not name it."""

    columns: dict[str, str] = field(default_factory=dict)
    measure: str | None = None


@dataclass
class Published:
    """Figures read from published tables: council and Wales rows, and quartile bounds."""

    rows: pd.DataFrame
    bounds: pd.DataFrame
    unknown_indicators: list[str] = field(default_factory=list)
    left_out_areas: list[str] = field(default_factory=list)


@dataclass
class _Cell:
    text: str
    line: int


@dataclass
class Reading:
    """What one file gave so far: cells per (indicator, period, area, field)."""

    shown: str
    cells: dict[tuple[str, str, str, str], _Cell] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)


def squeeze(text: str) -> str:
    """Lower case, letters and digits only: how headers, areas and items are matched."""
    return re.sub(r"[^0-9a-z]", "", text.strip().lower())


def year_label(text: str) -> str | None:
    """`2018-19`, `2018/19`, `2018-2019` or the year code `201819` as the financial year
    label `2018-19`."""
    found = _YEAR.match(text)
    if not found:
        return None
    first, second = int(found.group(1)), found.group(2)
    following = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if following != first + 1:
        return None
    return f"{first}-{str(following)[-2:]}"


def read_published_table(
    path: Path, shown: str, definitions: DefinitionSet, layout: Layout | None = None
) -> Reading:
    """Every figure cell of one published file, keyed by indicator, period, area and field."""
    layout = layout or Layout()
    rows = list(csv.reader(io.StringIO(_text(path, shown), newline="")))
    at, header = _find_header(rows, layout, shown)
    indicators = _IndicatorNames(definitions)
    areas = {squeeze(name): code for name, code in definitions.reference.area_lookup().items()}
    roles = _roles(header, layout, shown)
    years = {i: label for i, cell in enumerate(header) if (label := year_label(cell)) is not None}
    if years and not layout.columns:
        roles = _unnamed_columns(roles, header, rows[at + 1 :], min(years), indicators, areas)
    if "area" not in roles:
        raise InputError(f"{shown}: no area column (council names or codes) in the table")
    reading = Reading(shown)
    fixed = layout.measure or _measure_above(rows[:at], indicators)
    if fixed is not None and indicators.find(fixed) is None:
        raise InputError(f"{shown}: measure '{fixed}' is not an indicator pm defines")
    if "indicator" not in roles and fixed is None:
        raise InputError(
            f"{shown}: cannot tell which measure the table holds; add a column of measure codes,"
            " or name it in pm.yaml (published: - file: ..., measure: PM18)"
        )
    if "period" not in roles and not years:
        raise InputError(
            f"{shown}: no year column and no years (such as 2022-23) across the header;"
            " name the columns in pm.yaml (published: - file: ..., columns: {year: ...})"
        )
    for offset, record in enumerate(rows[at + 1 :], start=at + 2):
        filled = [cell for cell in record if cell.strip()]
        if not filled:
            continue
        if len(record) != len(header):
            if len(filled) == 1 and record[0].strip():
                continue  # a note below or inside the table ("Source: ...")
            raise InputError(
                f"{shown}: line {offset} has {len(record)} values but the header has"
                f" {len(header)}; a value may hold a comma without quotes around it"
            )
        cells = {role: record[index].strip() for role, index in roles.items()}
        indicator_text = cells.get("indicator") or fixed or ""
        indicator = indicators.find(indicator_text)
        if indicator is None:
            if indicator_text:
                reading.unknown.add(indicator_text)
            continue
        area, pseudo = _area(cells.get("area", "Wales"), areas, reading, shown, offset)
        if area is None:
            continue
        fields = _with_notes(_fields_of_row(cells, roles, years, record, shown, offset), cells)
        for period, name, text in fields:
            if pseudo is not None:
                if name != "value":
                    continue
                area_key, name = WALES, pseudo
            else:
                area_key = area
            key = (indicator.id, period, area_key, name)
            if key in reading.cells:
                first = reading.cells[key].line
                raise InputError(
                    f"{shown}: {indicator.id} {period} {area_name(definitions, area_key)}"
                    f" ({name.replace('_', ' ')}) is given on lines {first} and {offset};"
                    " keep one of them"
                )
            reading.cells[key] = _Cell(text, offset)
    return reading


def _fields_of_row(cells, roles, years, record, shown, line):  # type: ignore[no-untyped-def]
    """(period, field, text) for every figure of one row: one per figure column of a long
    table, or one per year column of a wide one (the item column says which figure)."""
    item = None
    if "item" in roles:
        word = squeeze(cells["item"])
        item = ITEM_WORDS.get(word)
        if item is None:
            return []  # an item pm does not use (a confidence interval, a count of returns)
    if years:
        return [(label, item or "value", record[index].strip()) for index, label in years.items()]
    period = year_label(cells.get("period", "")) or _other_period(
        cells.get("period", ""), shown, line
    )
    names = [name for name in (*FIGURES, *BOUNDS) if name in roles]
    if item is not None:
        return [(period, item, cells["value"])] if "value" in roles else []
    return [(period, name, cells[name]) for name in names]


def _with_notes(fields, cells):  # type: ignore[no-untyped-def]
    """Figures marked by a note-codes column: `c` or `k` withheld, `x` or `z` missing when
    the cell is empty (other codes, such as `e` estimated or `p` provisional, change nothing)."""
    codes = set(re.split(r"[\s,;]+", cells.get("notes", "").strip().lower())) - {""}
    if not codes:
        return fields
    if codes & WITHHELD_NOTES:
        return [(period, name, "*") for period, name, _ in fields]
    if codes & MISSING_NOTES:
        return [(period, name, text or "..") for period, name, text in fields]
    return fields


def _other_period(text: str, shown: str, line: int) -> str:
    from pm.calendar import parse_period
    from pm.errors import UsageError

    try:
        return parse_period(text.replace("/", "-")).label
    except UsageError:
        raise InputError(
            f"{shown}: line {line}: year '{text}' is not a financial year; write it like 2022-23"
        ) from None


def _text(path: Path, shown: str) -> str:
    if not path.is_file():
        raise InputError(f"{shown}: no such published-figures file")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise InputError(
            f"{shown}: is not UTF-8 text (byte {problem.start}); save it from Excel as 'CSV UTF-8'"
        ) from problem


def _header_roles(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        word = squeeze(cell)
        for role, names in ALIASES.items():
            if word in names and role not in found:
                found[role] = index
    return found


def _find_header(rows: list[list[str]], layout: Layout, shown: str) -> tuple[int, list[str]]:
    """The header row: the first naming the mapped columns, or an area column with values
    or years beside it."""
    for at, cells in enumerate(rows[:HEADER_SEARCH_LINES]):
        stripped = [cell.strip() for cell in cells]
        if layout.columns:
            if all(name.strip() in stripped for name in layout.columns.values()):
                return at, stripped
            continue
        roles = _header_roles(stripped)
        has_years = any(year_label(cell) for cell in stripped)
        has_figure = any(role in roles for role in (*FIGURES, *BOUNDS))
        if ("area" in roles and (has_figure or has_years)) or _years_across(stripped):
            return at, stripped
    if layout.columns:
        wanted = ", ".join(f"'{name}'" for name in layout.columns.values())
        raise InputError(f"{shown}: no header row holds the columns named in pm.yaml ({wanted})")
    if not rows or not any(any(cell.strip() for cell in row) for row in rows):
        raise InputError(
            f"{shown}: the file is empty; it needs a header row such as"
            " council,indicator,year,numerator,denominator,value"
        )
    raise InputError(
        f"{shown}: no table header found (a row naming the area and the values or years, such as"
        " council,indicator,year,numerator,denominator,value); if the columns have other names,"
        " map them in pm.yaml (published: - file: ..., columns: {area: ..., value: ...})"
    )


def _years_across(cells: list[str]) -> bool:
    """A header of a table with the years across: two or more year labels, after a blank or
    named first column (a StatsWales pivot table saved as CSV)."""
    return sum(year_label(cell) is not None for cell in cells) >= 2 and year_label(cells[0]) is None


def _unnamed_columns(roles, header, body, first_year, indicators, areas):  # type: ignore[no-untyped-def]
    """In a table with the years across, the columns before the years whose header says
    nothing: the one whose cells are areas, and the one whose cells are measures."""
    roles = dict(roles)
    sample = [row for row in body if any(cell.strip() for cell in row)][:50]
    for index in range(first_year):
        if index in roles.values():
            continue
        cells = [row[index].strip() for row in sample if len(row) > index and row[index].strip()]
        if not cells:
            continue
        if "area" not in roles and _most(cells, lambda c: _is_area(c, areas)):
            roles["area"] = index
        elif "indicator" not in roles and _most(cells, lambda c: indicators.find(c) is not None):
            roles["indicator"] = index
    return roles


def _most(cells: list[str], test) -> bool:  # type: ignore[no-untyped-def]
    return sum(1 for cell in cells if test(cell)) * 2 > len(cells)


def _is_area(text: str, areas: dict[str, str]) -> bool:
    word = squeeze(text)
    return word in areas or word in PSEUDO_AREAS or word in REGIONS


def _roles(header: list[str], layout: Layout, shown: str) -> dict[str, int]:
    if not layout.columns:
        roles = _header_roles(header)
    else:
        roles = {role: header.index(name.strip()) for role, name in layout.columns.items()}
    needs_figure = any(role in roles for role in (*FIGURES, *BOUNDS)) or any(
        year_label(cell) for cell in header
    )
    if not needs_figure:
        raise InputError(f"{shown}: columns missing: value (or years across the header)")
    if "item" in roles and "value" not in roles and not any(year_label(c) for c in header):
        raise InputError(f"{shown}: an item column needs a value column (or years) beside it")
    return roles


def _measure_above(lines: list[list[str]], indicators: _IndicatorNames) -> str | None:
    """The one measure named in the lines above the table, if exactly one is."""
    found = set()
    for cells in lines:
        for cell in cells:
            for part in re.split(r"[:;,]", cell):
                hit = indicators.find(part)
                if hit is not None:
                    found.add(hit.id)
    return found.pop() if len(found) == 1 else None


def _area(text, areas, reading, shown, line):  # type: ignore[no-untyped-def]
    """The area code of a row and, for a quartile pseudo-area, which bound it gives."""
    word = squeeze(text)
    if word in PSEUDO_AREAS:
        return WALES, PSEUDO_AREAS[word]
    code = areas.get(word)
    if code is not None:
        return code, None
    if word in REGIONS or word.endswith("region"):
        reading.regions.add(text.strip())
        return None, None
    raise InputError(
        f"{shown}: line {line}: '{text}' is not a Welsh council;"
        " use an ONS code such as W06000015 or a name such as Cardiff"
    )


def area_name(definitions: DefinitionSet, code: str) -> str:
    return definitions.reference.council_name(code)


class _IndicatorNames:
    """Measures by id, alias (PMA18), leading code (`PM18 - ...`) or title, any case."""

    def __init__(self, definitions: DefinitionSet) -> None:
        self.by_word: dict[str, Indicator] = {}
        for indicator in definitions.indicators.values():
            for name in (indicator.id, *indicator.aliases):
                self.by_word[squeeze(name)] = indicator
        self.by_title: dict[str, Indicator] = {}
        for indicator in definitions.indicators.values():
            for title in (indicator.title, indicator.short_title):
                if title:
                    self.by_title.setdefault(squeeze(title), indicator)

    def find(self, text: str) -> Indicator | None:
        if not text or not text.strip():
            return None
        word = squeeze(text)
        if word in self.by_word:
            return self.by_word[word]
        code = _CODE.match(text)
        if code is not None and squeeze(code.group(1)) in self.by_word:
            return self.by_word[squeeze(code.group(1))]
        if word in self.by_title:
            return self.by_title[word]
        for title, indicator in self.by_title.items():
            if len(title) > 20 and title in word:  # "PM18: <the full title>" and the like
                return indicator
        return None
