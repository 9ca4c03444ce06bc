"""The rows of a return and its published columns.

`return_lines` takes one council's results for one year (as `pm compute` computes them, with
the parts breakdowns) and gives one line per measure and part, in the definitions' order,
each part after its total, with the full-precision figures and whether disclosure control
withholds it. `published` turns those lines into the return a council sends: codes, figures
rounded as the definition says, withheld and missing cells empty, and a status and note. The title and note are in the
language being written (`pm.i18n`; an official Welsh title where one is held, else the
English marked "(yn Saesneg)"); codes, statuses and figures are the same in every language.

A part with no records in a council whose total has records is 0, not "no data": every
record of the total falls in exactly one part, so a part nobody fell into is a true zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.definitions.definition_set import DefinitionSet
from pm.definitions.models import Indicator
from pm.definitions.vocab import IndicatorType
from pm.engine.compute import unit_of
from pm.engine.disclosure import round_to_base
from pm.engine.rounding import round_half_up_array
from pm.engine.withheld import withheld
from pm.i18n import _, in_language, plain
from pm.returns.framework import parts_of, published_code

# The return's columns, in order (documented in technical_guidance/data_return.md).
RETURN_COLUMNS = [
    "framework",
    "code",
    "part",
    "indicator",
    "title",
    "year",
    "area",
    "area_name",
    "value",
    "numerator",
    "denominator",
    "unit",
    "status",
    "note",
]
WITHHELD = "withheld"
NO_DATA = "no_data"
# What a line keeps from the results table (full precision), besides its own keys.
_FIGURES = ["numerator", "denominator", "value", "records", "suppressed", "status", "coverage"]


def return_lines(
    results: pd.DataFrame,
    measures: list[Indicator],
    definitions: DefinitionSet,
    *,
    year: str,
    area: str,
) -> pd.DataFrame:
    """One line per measure and part for `area` in `year`, in order, with `withheld` set by
    the one disclosure rule (`pm.engine.withheld`)."""
    mine = results[(results["period"] == year) & (results["area"] == area)]
    by_key = {
        (str(row["indicator"]), str(row["breakdown"] or "")): row for row in mine.to_dict("records")
    }
    lines: list[dict[str, object]] = []
    for indicator in measures:
        total = _line(by_key.get((indicator.id, "")), indicator, "", "")
        lines.append(total)
        counted = total["status"] != NO_DATA and total["coverage"] != "none"
        for breakdown in parts_of(indicator):
            prefix = f"{breakdown.name}="
            found = [
                label[len(prefix) :]
                for (i, label) in by_key
                if i == indicator.id and label.startswith(prefix)
            ]
            coded = list(breakdown.part_codes)
            for value in coded + sorted(set(found) - set(coded)):
                label = prefix + value
                line = _line(
                    by_key.get((indicator.id, label)),
                    indicator,
                    label,
                    breakdown.part_codes.get(value, ""),
                )
                if counted and line["status"] == NO_DATA:
                    line.update(numerator=0.0, value=0.0, records=0.0, status="ok")
                lines.append(line)
    frame = pd.DataFrame(lines, columns=["indicator", "part", "code", *_FIGURES])
    frame["suppressed"] = frame["suppressed"].astype(bool)
    frame["withheld"] = withheld(frame, definitions) if len(frame) else np.zeros(0, dtype=bool)
    return frame


def _line(
    row: dict[str, object] | None, indicator: Indicator, part: str, code: str
) -> dict[str, object]:
    """A line from its results row; a measure or part the results lack has no data."""
    line: dict[str, object] = {"indicator": indicator.id, "part": part}
    line["code"] = code if part else published_code(indicator)
    if row is None:
        line.update(
            numerator=np.nan, denominator=np.nan, value=np.nan, records=0.0,
            suppressed=False, status=NO_DATA, coverage="none",
        )  # fmt: skip
        return line
    for column in _FIGURES:
        line[column] = row.get(column)
    if line["coverage"] is None:  # results written before pm recorded coverage
        line["coverage"] = "full"
    return line


def published(
    lines: pd.DataFrame,
    definitions: DefinitionSet,
    *,
    framework: str,
    year: str,
    area: str,
    area_name: str,
) -> pd.DataFrame:
    """The return as sent: figures rounded as each definition says (counts whole, and to
    the nearest `disclosure.round_counts_to` where a definition asks), withheld, missing and
    failed figures empty, the status `ok`, `withheld`, `no_data` or `error:<code>`."""
    rows = []
    for line in lines.to_dict("records"):
        indicator = definitions.indicators[str(line["indicator"])]
        rows.append(_published_row(line, indicator, framework, year, area, area_name))
    return pd.DataFrame(rows, columns=RETURN_COLUMNS)


def _published_row(
    line: dict[str, object],
    indicator: Indicator,
    framework: str,
    year: str,
    area: str,
    area_name: str,
) -> dict[str, object]:
    status = str(line["status"])
    notes: list[str] = []
    value = numerator = denominator = np.nan
    if line["withheld"]:
        status = WITHHELD
        notes.append(_("withheld by disclosure control"))
    elif status == "ok":  # a suppressed status is withheld, above
        value, numerator, denominator = _shown_figures(line, indicator, notes)
        if line["coverage"] == "partial":
            notes.append(_("the extracts cover only part of the year"))
    elif status == NO_DATA:
        notes.append(_("no figure: nothing to count for this council and year"))
    if not line["code"]:
        notes.append(
            _("no published code for this part") if line["part"] else _("official code not held")
        )
    if indicator.is_provisional and not line["part"]:
        notes.append(_("provisional definition"))
    return {
        "framework": framework,
        "code": line["code"],
        "part": line["part"],
        "indicator": indicator.id,
        "title": plain(in_language(indicator.title, indicator.title_cy)),
        "year": year,
        "area": area,
        "area_name": area_name,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "unit": _unit(indicator),
        "status": status,
        "note": "; ".join(notes),
    }


def _shown_figures(
    line: dict[str, object], indicator: Indicator, notes: list[str]
) -> tuple[float, float, float]:
    """Value, numerator and denominator as published: a count's figure is its value alone
    (whole unless it sums a value); a ratio keeps its numerator and denominator. Counts
    are rounded to the definition's base after disclosure control; a percentage is worked
    out from the figures before rounding, as the national tables do."""
    value = _number(line["value"])
    numerator, denominator = _number(line["numerator"]), _number(line["denominator"])
    is_count = indicator.type is IndicatorType.count
    if is_count:
        numerator = denominator = np.nan
    base = indicator.disclosure.round_counts_to if indicator.disclosure else None
    if base:
        if is_count:
            value = float(round_to_base([value], base)[0])
        numerator, denominator = (
            float(round_to_base([n], base)[0]) for n in (numerator, denominator)
        )
        notes.append(_("counts rounded to the nearest %(base)s") % {"base": base})
    return float(round_half_up_array([value], value_decimals(indicator))[0]), numerator, denominator


def value_decimals(indicator: Indicator) -> int:
    """Decimals of the published value: none for a count of records, else the definition's."""
    if indicator.type is IndicatorType.count and indicator.value is None:
        return 0
    return indicator.decimals


def _number(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan
    return number


def _unit(indicator: Indicator) -> str:
    return unit_of(indicator)
