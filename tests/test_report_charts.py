"""Charts are inline SVG with a title, a text alternative and ids of their own, drawn the
same way every time, and only from figures that may be published."""

from __future__ import annotations

import re

from pm.report.charts import councils_chart, pictogram, trend_chart


def _cell(number: float | None, text: str) -> dict[str, object]:
    return {"number": number, "text": text, "src": ""}


MEASURE = {"id": "PM18", "short_title": "Enquiries completed in time", "unit": "%"}
PAGE = {
    "measure": MEASURE,
    "trend": [
        {
            "period": "2022-23",
            "value": _cell(80.0, "80.0"),
            "lower_ci": _cell(75.0, "75.0"),
            "upper_ci": _cell(84.0, "84.0"),
            "wales_value": _cell(85.0, "85.0"),
            "suppressed": False,
        },
        {
            "period": "2023-24",
            "value": _cell(None, "*"),
            "lower_ci": _cell(None, "*"),
            "upper_ci": _cell(None, "*"),
            "wales_value": _cell(86.0, "86.0"),
            "suppressed": True,
        },
    ],
    "councils": [
        {
            "area": "W06000015",
            "area_name": "Cardiff",
            "value": _cell(91.25, "91.3"),
            "selected": True,
            "suppressed": False,
        },
        {
            "area": "W06000011",
            "area_name": "Swansea",
            "value": _cell(77.0, "77.0"),
            "selected": False,
            "suppressed": False,
        },
        {
            "area": "W06000022",
            "area_name": "Newport",
            "value": _cell(None, "*"),
            "selected": False,
            "suppressed": True,
        },
    ],
}


def test_trend_chart_has_a_title_alt_text_and_axis_labels() -> None:
    svg = str(trend_chart(PAGE, "Cardiff"))
    assert svg.startswith('<svg role="img" aria-labelledby="trend-PM18-title trend-PM18-desc"')
    assert '<title id="trend-PM18-title">PM18: Enquiries completed in time' in svg
    assert (
        "Line chart of PM18 (%) for Cardiff: 2022-23 80.0; 2023-24 withheld. Wales: 2022-23 85.0; 2023-24 86.0."
        in svg
    )
    assert ">Reporting year<" in svg and ">Per cent<" in svg
    assert "<?xml" not in svg and "<metadata" not in svg and "dc:date" not in svg


def test_chart_ids_are_prefixed_so_several_charts_share_a_page() -> None:
    svg = str(trend_chart(PAGE, "Cardiff"))
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("trend-PM18-") for i in ids)
    for reference in re.findall(r"url\(#([^)]+)\)", svg):
        assert reference in ids


def test_charts_are_drawn_identically_every_time() -> None:
    assert str(trend_chart(PAGE, "Cardiff")) == str(trend_chart(PAGE, "Cardiff"))
    first = str(councils_chart(PAGE, "Cardiff", "2023-24", "85.0", 85.0))
    assert first == str(councils_chart(PAGE, "Cardiff", "2023-24", "85.0", 85.0))


def test_council_chart_leaves_out_withheld_councils_and_says_so() -> None:
    svg = str(councils_chart(PAGE, "Cardiff", "2023-24", "85.0", 85.0))
    assert (
        "for 2 councils in 2023-24, highest first: Cardiff 91.3; Swansea 77.0. Wales 85.0." in svg
    )
    assert "1 council figure(s) withheld or not available: Newport." in svg
    assert ">▶ Cardiff<" in svg and ">Newport<" not in svg
    assert svg.count("<path") >= 2


def test_pictogram_draws_one_figure_per_case_for_small_counts() -> None:
    measure = {
        "id": "PM26",
        "unit": "%",
        "suppressed": False,
        "cells": {"numerator": _cell(3, "3"), "denominator": _cell(8, "8")},
    }
    svg = str(pictogram(measure))
    assert svg.count("<g ") == 8
    assert svg.count('fill="#0072B2"') == 3 and svg.count('fill="none"') == 5
    assert "Pictogram: 3 of 8 shown as filled figures" in svg
    withheld = dict(measure, suppressed=True)
    large = dict(measure, cells={"numerator": _cell(30, "30"), "denominator": _cell(41, "41")})
    rate = dict(measure, unit="per 1,000")
    assert str(pictogram(withheld)) == str(pictogram(large)) == str(pictogram(rate)) == ""
