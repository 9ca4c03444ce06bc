"""Charts are inline SVG with a title, a text alternative and ids of their own, drawn the
same way every time, and only from figures that may be published."""

from __future__ import annotations

import re

from pm.reporting.charts import councils_chart, pictogram, trend_chart


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


def test_council_chart_draws_no_bar_for_a_withheld_council_but_marks_it() -> None:
    svg = str(councils_chart(PAGE, "Cardiff", "2023-24", "85.0", 85.0))
    assert (
        "for 2 councils in 2023-24, highest first: Cardiff 91.3; Swansea 77.0. Wales 85.0." in svg
    )
    assert "1 council figure(s) withheld or not available: Newport (shown as *)." in svg
    assert ">▶ Cardiff<" in svg
    # Newport keeps its row, labelled, with a * where its bar would be, and a key entry.
    assert ">Newport<" in svg and ">*<" in svg and ">withheld (small numbers)<" in svg
    assert svg.count("<path") >= 2


def test_trend_chart_marks_the_withheld_year_with_a_star() -> None:
    svg = str(trend_chart(PAGE, "Cardiff"))
    assert svg.count(">*<") == 1 and ">withheld (small numbers)<" in svg


def _with_targets(page: dict, targets: list[tuple[float | None, float | None]]) -> dict:  # type: ignore[type-arg]
    trend = [
        dict(
            point,
            target=_cell(target, f"{target:.1f}" if target is not None else ".."),
            close_limit=_cell(close, f"{close:.1f}" if close is not None else ".."),
        )
        for point, (target, close) in zip(page["trend"], targets, strict=True)
    ]
    last_target, last_close = targets[-1]
    measure = dict(
        page["measure"],
        cells={
            "target": _cell(last_target, f"{last_target:.1f}" if last_target else ".."),
            "close_limit": _cell(last_close, f"{last_close:.1f}" if last_close else ".."),
        },
    )
    return dict(page, trend=trend, measure=measure)


def test_trend_chart_draws_the_target_and_close_band_edge_of_each_year() -> None:
    page = _with_targets(PAGE, [(95.0, 90.0), (92.0, 88.0)])
    svg = str(trend_chart(page, "Cardiff"))
    assert ">Target<" in svg and ">Edge of the close band<" in svg
    assert (
        "Target: 2022-23 95.0 (close to target from 90.0); "
        "2023-24 92.0 (close to target from 88.0)." in svg
    )
    same = str(trend_chart(_with_targets(PAGE, [(95.0, 90.0), (95.0, 90.0)]), "Cardiff"))
    assert "Target: 95.0 (close to target from 90.0)." in same


def test_charts_without_a_target_draw_no_target_line() -> None:
    page = _with_targets(PAGE, [(None, None), (None, None)])
    for svg in (
        str(trend_chart(page, "Cardiff")),
        str(councils_chart(page, "Cardiff", "2023-24", "85.0", 85.0)),
    ):
        assert "Target" not in svg and "target" not in svg


def test_council_chart_draws_the_councils_target_and_close_band_edge() -> None:
    page = _with_targets(PAGE, [(95.0, 90.0), (92.0, 88.0)])
    svg = str(councils_chart(page, "Cardiff", "2023-24", "85.0", 85.0))
    assert ">Cardiff's target 92.0<" in svg and ">close to target from 88.0<" in svg
    assert "Cardiff&#39;s target 92.0, close to target from 88.0." in svg  # the alt text


def test_a_chart_with_nothing_to_key_draws_without_a_library_warning() -> None:
    import warnings

    empty = dict(
        PAGE,
        trend=[
            dict(point, value=_cell(None, ".."), wales_value=_cell(None, ".."), suppressed=False)
            for point in PAGE["trend"]
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        svg = str(trend_chart(empty, "Cardiff"))
    assert svg.count(">..<") == 2 and ">not available<" in svg


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
