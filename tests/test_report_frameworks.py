"""Reports and the change of national framework in April 2020: a measure of the 2016 code
reported for a later year is labelled "former national measure, reported locally" in every
report that shows measures, and a trend across 2019-20 → 2020-21 marks the break (a dashed
line with words on the chart, a note in its text alternative and caption, a gap in the
line), never by colour alone."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from report_helpers import CARDIFF, WALES, _row, write_csv

from pm.definitions.frameworks import FrameworkStatus
from pm.definitions.loader import load_definitions
from pm.definitions.models import Successor
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.framework_marks import row_status, status_fields, trend_breaks
from pm.reporting.trend_chart import _segments

LABEL = "former national measure, reported locally"
YEARS = ["2019-20", "2020-21", "2023-24", "2024-25"]
TEMPLATES = ["annual_report", "scorecard", "indicator_page", "exceptions", "directors_report"]


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


def _rows() -> list[dict[str, object]]:
    """PM18 for Cardiff and Wales in the last year of the 2016 code, the first year after
    it and two recent years; LOC01 (a local indicator) beside it. Cardiff's PM18 is off
    target each year, so the exceptions report shows it too."""
    rows = []
    for n, year in enumerate(YEARS):
        value = 80.0 + n
        cardiff = dict(
            indicator="PM18", period=year, area=CARDIFF, area_name="Cardiff",
            numerator=int(value * 10), denominator=1000, value=value, lower_ci=value - 2,
            upper_ci=value + 2, records=1000, polarity="higher", target=95, close_limit=90,
            band="off_target",
        )  # fmt: skip
        rows.append(_row(**cardiff))
        rows.append(_row(**dict(cardiff, area=WALES, area_name="Wales", value=85.0, band="")))
        rows.append(_row(**dict(cardiff, indicator="LOC01", band="", target="", close_limit="")))
    return rows


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(_rows(), tmp_path_factory.mktemp("frameworks") / "results.csv")


def _report(definitions, results: Path, template: str, suffix: str, year: str) -> str:  # type: ignore[no-untyped-def]
    output = results.with_name(f"{template}-{year}{suffix}")
    write_report(
        ReportRequest(results=results, template=template, output=output, area=CARDIFF, year=year),
        definitions,
    )
    data = output.read_bytes()
    if suffix == ".xlsx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
    return data.decode("utf-8")


@pytest.mark.parametrize("suffix", [".html", ".md", ".xlsx"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_pm18_is_labelled_former_in_2024_25_and_not_in_2019_20(
    definitions, results: Path, template: str, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    if (template, suffix) == ("indicator_page", ".xlsx"):  # its trend sheet: year by year
        _check_trend_sheet(definitions, results)
        return
    later = _report(definitions, results, template, suffix, "2024-25")
    assert LABEL in later, f"{template}{suffix} does not label PM18 in 2024-25"
    if suffix == ".html" and template == "scorecard":  # a mark in the row, the words in the key
        row = re.search(r'<tr id="row-PM18">.*?</tr>', later, re.S).group(0)  # type: ignore[union-attr]
        assert "†" in row and f"({LABEL})" in row  # the words for screen readers
        assert f"† {LABEL}" in later
        assert "†" not in re.search(r'<tr id="row-LOC01">.*?</tr>', later, re.S).group(0)  # type: ignore[union-attr]
    elif suffix == ".html":
        row = re.search(r'<tr id="row-PM18">.*?</tr>', later, re.S)
        if row:  # tables of measures carry the words in the measure's own cell
            assert LABEL in row.group(0)
            local = re.search(r'<tr id="row-LOC01">.*?</tr>', later, re.S)
            assert local is None or LABEL not in local.group(0)
    elif suffix == ".md" and template != "indicator_page":
        line = next(x for x in later.splitlines() if x.startswith("| **PM18**"))
        assert LABEL in line
        assert all(LABEL not in x for x in later.splitlines() if x.startswith("| **LOC01**"))
    earlier = _report(definitions, results, template, suffix, "2019-20")
    # Its trend runs on to 2024-25, so the note of the break may name later years: not a label.
    earlier = re.sub(r"Break in the series between 2019-20 and 2020-21.*?2019-20\)\.", "", earlier)
    assert LABEL not in earlier, f"{template}{suffix} labels PM18 in 2019-20, when it was in force"


def _check_trend_sheet(definitions, results: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    for year in ("2019-20", "2024-25"):
        _report(definitions, results, "indicator_page", ".xlsx", year)
        sheet = load_workbook(results.with_name(f"indicator_page-{year}.xlsx"))["Trend"]
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)]
        labels = {(r["Indicator"], r["Period"]): r["Framework"] for r in rows}
        assert labels[("PM18", "2019-20")] is None and labels[("LOC01", "2024-25")] is None
        assert labels[("PM18", "2020-21")] == labels[("PM18", "2024-25")] == LABEL
        breaks = {(r["Indicator"], r["Period"]) for r in rows if r["Break in the series"]}
        assert breaks == {("PM18", "2020-21")}


def test_the_status_column_of_the_results_is_used_when_there_is_one(definitions) -> None:  # type: ignore[no-untyped-def]
    row = {"indicator": "PM18", "period": "2024-25", "framework_status": "current"}
    assert row_status(row, definitions, "PM18", "2024-25") is FrameworkStatus.current
    assert row_status({}, definitions, "PM18", "2024-25") is FrameworkStatus.former
    assert row_status({"framework_status": ""}, definitions, "PM18", "2019-20") is (
        FrameworkStatus.current
    )
    assert row_status({}, definitions, "LOC01", "2024-25") is FrameworkStatus.local
    fields = status_fields({"period": "2024-25"}, definitions, "PM18")
    assert (fields["framework_label"], fields["former"], fields["framework_mark"]) == (
        LABEL,
        True,
        "†",
    )


def test_a_trend_across_the_change_of_framework_marks_the_break(definitions, results: Path) -> None:  # type: ignore[no-untyped-def]
    html = _report(definitions, results, "indicator_page", ".html", "2024-25")
    page = html[html.index('<section class="page" id="PM18"') :]
    page = page[: page.index("</section>")]
    chart = re.search(r"<svg.*?</svg>", page, re.S).group(0)  # type: ignore[union-attr]
    note = "Break in the series between 2019-20 and 2020-21: the national framework changed"
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)  # type: ignore[union-attr]
    assert note in desc and f"from 2020-21 PM18 is a {LABEL}" in desc  # the text alternative
    assert "Framework changed" in chart  # words on the chart itself
    assert "Change of national framework" in chart  # and in its key
    assert "stroke-dasharray" in chart  # a dashed line
    assert f"Dashed vertical line: {note}" in page  # the caption under the chart
    table_row = re.search(r"<tr><td>2020-21.*?</tr>", page).group(0)  # type: ignore[union-attr]
    assert "framework changed: break in the series" in table_row
    assert "framework changed" not in re.search(r"<tr><td>2023-24.*?</tr>", page).group(0)  # type: ignore[union-attr]
    local = html[html.index('<section class="page" id="LOC01"') :]
    local = local[: local.index("</section>")]
    assert "Framework changed" not in local and "Break in the series" not in local
    markdown = _report(definitions, results, "indicator_page", ".md", "2024-25")
    assert f"> {note}" in markdown
    assert "| 2020-21 (framework changed: break in the series) |" in markdown


def test_the_line_stops_at_the_break() -> None:
    trend = [{"period": y} for y in YEARS]
    breaks = [{"before": "2019-20", "after": "2020-21", "note": ""}]
    assert [[p["period"] for p in s] for s in _segments(trend, breaks)] == [
        ["2019-20"],
        ["2020-21", "2023-24", "2024-25"],
    ]
    assert [[p["period"] for p in s] for s in _segments(trend, [])] == [YEARS]


def test_the_break_note_names_the_successor(definitions) -> None:  # type: ignore[no-untyped-def]
    pm18 = definitions.indicators["PM18"].model_copy(
        update={"successors": [Successor(id="PM19", comparable=False)]}
    )
    changed = dataclasses.replace(definitions, indicators={**definitions.indicators, "PM18": pm18})
    measure = {"id": "PM18", **status_fields({"period": "2024-25"}, changed, "PM18")}
    statuses = [FrameworkStatus.current, FrameworkStatus.former, FrameworkStatus.former]
    breaks = trend_breaks(["2019-20", "2020-21", "2021-22"], statuses, measure, changed)
    assert [(b["before"], b["after"]) for b in breaks] == [("2019-20", "2020-21")]
    assert "wales-2016 applies to 2016-17 to 2019-20" in breaks[0]["note"]
    assert "Its successor is PM19 (" in breaks[0]["note"]
    assert "not directly comparable" in breaks[0]["note"]
    same = [FrameworkStatus.former] * 3
    assert trend_breaks(["2020-21", "2021-22", "2022-23"], same, measure, changed) == []
    local = [FrameworkStatus.local] * 2
    assert trend_breaks(["2019-20", "2020-21"], local, measure, changed) == []
