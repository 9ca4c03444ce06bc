"""Reports a performance officer can paste (issue 15, section 5), checked in the rendered
HTML, Markdown and Excel of the annual report, scorecard and indicator pages: measures in
order, the comparator group and the rank within it, contextual measures and means said
plainly, counts better as well as worse, targets on charts, no machine paths.

The fixture is the hand-written small table of report_helpers, with a local measure, a
survey measure and a count added, and the Cardiff rows given the comparator group
'cities' (Cardiff, Swansea, Newport). Every expected figure below is worked out by hand
from those rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from report_helpers import CARDIFF, NEWPORT, SWANSEA, WALES, _row, small_rows, write_csv

from pm.definitions.loader import load_definitions
from pm.reporting.build import ReportRequest, shown_folder, write_report
from pm.reporting.context import build_context
from pm.reporting.groups import rank_in_group
from pm.reporting.measures import ReportScope, ResultIndex, report_order
from pm.reporting.results import published_results, read_results

GROUPS = {"cities": (CARDIFF, SWANSEA, NEWPORT)}
YEAR = "2023-24"


def _rows() -> list[dict[str, object]]:
    rows = small_rows()
    for row in rows:
        if row["area"] == CARDIFF and row["period"] == YEAR:
            row["comparator_group"] = "cities"
    group_values = {"PM18": (86.45, "better"), "PM27": (7.1, "similar"), "PM21": (598.0, "similar")}
    for row in rows:
        if row["area"] == CARDIFF and row["period"] == YEAR:
            row["comparator_value"], row["comparator_comparison"] = group_values[row["indicator"]]
    extra = [
        # a local measure and a national survey measure, listed here before the national
        # quantitative ones so that the report has to put them in order
        _row(indicator="LOC01", period=YEAR, area=CARDIFF, area_name="Cardiff", numerator=45,
             denominator=50, value=90.0, lower_ci=78.6, upper_ci=95.7, records=50,
             polarity="higher", target=100, close_limit=95, band="off_target",
             comparator_group="cities"),
        _row(indicator="SURVEY_feel_safe", period=YEAR, area=CARDIFF, area_name="Cardiff",
             numerator=80, denominator=100, value=80.0, lower_ci=71.1, upper_ci=86.7,
             records=100, polarity="higher", band="no_target", benchmark_area=WALES,
             benchmark_value=84.0, benchmark_comparison="similar", comparator_group="cities"),
        # a count: its group rank is never worked out (a count is a size, not a performance)
        _row(indicator="LOC06", period=YEAR, area=CARDIFF, area_name="Cardiff", numerator=91,
             denominator="", value=91.0, unit="visits", records=103, polarity="higher",
             band="no_target", comparator_group="cities"),
        _row(indicator="LOC06", period=YEAR, area=SWANSEA, area_name="Swansea", numerator=50,
             denominator="", value=50.0, unit="visits", records=60),
    ]  # fmt: skip
    return extra + rows


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(_rows(), tmp_path_factory.mktemp("paste") / "results.csv")


def _render(definitions, results: Path, template: str, suffix: str, **options) -> Path:  # type: ignore[no-untyped-def]
    output = (
        results.parent / "out" / f"{template}{'-draft' if options.get('draft') else ''}{suffix}"
    )
    write_report(
        ReportRequest(
            results=results,
            template=template,
            output=output,
            area=CARDIFF,
            year=YEAR,
            comparator_groups=GROUPS,
            **options,
        ),
        definitions,
    )
    return output


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _sheets(path: Path) -> dict[str, list[dict[str, object]]]:
    workbook = openpyxl.load_workbook(path)
    found = {}
    for sheet in workbook.worksheets[1:]:
        rows = list(sheet.iter_rows(values_only=True))
        found[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return found


# ----------------------------------------------------------------- measures in order


NATIONAL_FIRST = ["PM18", "PM21", "PM27", "SURVEY_feel_safe", "LOC01", "LOC06"]


def test_national_measures_come_before_local_ones_in_code_order(definitions, results) -> None:  # type: ignore[no-untyped-def]
    table = published_results(read_results(results))
    context = build_context(table, definitions, ReportScope(area=CARDIFF, year=YEAR), "scorecard")
    assert [m["id"] for m in context["measures"]] == NATIONAL_FIRST
    key = report_order(definitions)
    assert sorted(["LOC01", "PM35", "PM20a", "PM18", "SURVEY_feel_safe", "LOC10", "LOC2x"], key=key) == [
        "PM18", "PM20a", "PM35", "SURVEY_feel_safe", "LOC01", "LOC10", "LOC2x"
    ]  # fmt: skip


@pytest.mark.parametrize("template", ["annual_report", "scorecard"])
def test_every_table_lists_national_measures_first(definitions, results, template: str) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, template, ".html"))
    tables = re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    assert tables
    for body in tables:
        ids = re.findall(r'<tr id="row-([^"]+)"', body)
        assert ids == [i for i in NATIONAL_FIRST if i in ids]
    markdown = _text(_render(definitions, results, template, ".md"))
    for table in markdown.split("\n## ")[1:]:
        shown = re.findall(r"^\| \*\*([A-Za-z0-9\\_]+)\*\*", table, flags=re.M)
        ids = [i.replace("\\_", "_") for i in shown]
        assert ids == [i for i in NATIONAL_FIRST if i in ids]
    sheets = _sheets(_render(definitions, results, template, ".xlsx"))
    for rows in sheets.values():
        ids = [r["Indicator"] for r in rows]
        assert ids == [i for i in NATIONAL_FIRST if i in ids]


# --------------------------------------------------------- the comparator group and rank


def test_the_annual_report_shows_the_group_value_comparison_and_rank(definitions, results) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "annual_report", ".html"))
    row18 = re.search(r'<tr id="row-PM18">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    assert ">cities<" in html  # the column is headed by the group's name
    assert 'data-src="PM18|2023-24|W06000015||comparator_value|1|">86.5<' in row18  # 86.45 half up
    assert "Better</span>" in row18 and "1 of 3 in the group" in row18
    row27 = re.search(r'<tr id="row-PM27">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    assert "2 of 2 in the group" in row27  # Newport's 42.9 is withheld: Swansea 6.3, Cardiff 8.0
    for contextual_or_count in ("PM21", "LOC06"):
        row = re.search(rf'<tr id="row-{contextual_or_count}">(.*?)</tr>', html, flags=re.S).group(
            1
        )  # type: ignore[union-attr]
        assert "in the group" not in row
    markdown = _text(_render(definitions, results, "annual_report", ".md"))
    assert "| 86.5 | ▲ Better (1 of 3) |" in markdown and "(2 of 2)" in markdown


def test_the_scorecard_shows_the_group_value_and_rank(definitions, results) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "scorecard", ".html"))
    assert "cities (rank in group)" in html
    row18 = re.search(r'<tr id="row-PM18">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    assert ">86.5<" in row18 and '<span class="rank">1 of 3</span>' in row18
    markdown = _text(_render(definitions, results, "scorecard", ".md"))
    assert "| cities | Compared with cities (rank) |" in markdown
    assert "| 86.5 | ▲ Better (1 of 3) |" in markdown


def test_the_workbook_has_group_columns(definitions, results) -> None:  # type: ignore[no-untyped-def]
    sheets = _sheets(_render(definitions, results, "annual_report", ".xlsx"))
    rows = {r["Indicator"]: r for rows in sheets.values() for r in rows}
    pm18 = rows["PM18"]
    assert (pm18["Comparator group"], pm18["Group value"], pm18["Compared with group"]) == (
        "cities",
        86.5,
        "▲ Better",
    )
    assert pm18["Rank in group"] == "1 of 3" and rows["PM27"]["Rank in group"] == "2 of 2"
    assert rows["PM21"]["Rank in group"] is None and rows["LOC06"]["Rank in group"] is None


def _index(values: dict[str, float | None], suppressed: tuple[str, ...] = ()) -> ResultIndex:
    rows = [
        {"indicator": "PM18", "period": YEAR, "area": area, "breakdown": "",
         "value": float("nan") if value is None else value, "suppressed": area in suppressed}
        for area, value in values.items()
    ]  # fmt: skip
    return ResultIndex(pd.DataFrame(rows))


@pytest.mark.parametrize(
    ("values", "suppressed", "polarity", "expected"),
    [
        ({"A": 80.0, "B": 90.0, "C": 70.0}, (), "higher", (2, 3)),
        ({"A": 80.0, "B": 90.0, "C": 70.0}, (), "lower", (2, 3)),
        ({"A": 80.04, "B": 79.96, "C": 70.0}, (), "higher", (1, 3)),  # both show 80.0: a tie
        ({"A": 80.0, "B": 90.0, "C": 70.0}, ("B",), "higher", (1, 2)),  # B withheld
        ({"A": 80.0, "B": None, "C": None}, (), "higher", (None, None)),  # not "1 of 1"
        ({"A": 80.0, "B": 90.0}, ("A",), "higher", (None, None)),  # the council's own withheld
        ({"A": 80.0, "B": 90.0}, (), "none", (None, None)),  # contextual: no better end
    ],
)
def test_rank_in_group_ranks_shown_values_by_polarity(
    values: dict[str, float | None], suppressed: tuple[str, ...], polarity: str, expected: tuple
) -> None:  # type: ignore[type-arg]
    index = _index(values, suppressed)
    row = index.get("PM18", YEAR, "A")
    assert rank_in_group(index, row, tuple(values), polarity, 1) == expected  # type: ignore[arg-type]


def test_a_council_outside_the_group_gets_no_rank() -> None:
    index = _index({"A": 80.0, "B": 90.0, "C": 70.0})
    row = index.get("PM18", YEAR, "A")
    assert rank_in_group(index, row, ("B", "C"), "higher", 1) == (None, None)  # type: ignore[arg-type]


# ------------------------------------------------- contextual measures, means, at a glance


def test_a_contextual_measure_says_context_no_target_not_not_available(
    definitions, results
) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "annual_report", ".html"))
    row = re.search(r'<tr id="row-PM21">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    band, quartile = row.split("</td>")[4], row.split("</td>")[-2]
    assert "Context: no target" in band and "Not available" not in band
    assert "Context: not ranked" in quartile and "Not available" not in quartile
    markdown = _text(_render(definitions, results, "annual_report", ".md"))
    cells = next(line for line in markdown.splitlines() if line.startswith("| **PM21**")).split(
        " | "
    )
    assert cells[5] == "○ Context: no target" and cells[-1] == "○ Context: not ranked |"


def test_a_contextual_measure_in_the_workbook(definitions, results) -> None:  # type: ignore[no-untyped-def]
    rows = {
        r["Indicator"]: r
        for rs in _sheets(_render(definitions, results, "scorecard", ".xlsx")).values()
        for r in rs
    }
    assert rows["PM21"]["Band"] == "○ Context: no target"
    assert rows["PM21"]["Quartile band"] == "○ Context: not ranked"
    assert rows["PM18"]["Band"] == "✖ Off target"


def test_a_means_count_says_what_is_summed_and_counted(definitions, results) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "annual_report", ".html"))
    row21 = re.search(r'<tr id="row-PM21">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    assert ">24,066</span> / <span" in row21
    assert '<span class="sub">days in all / residential care placements</span>' in row21
    row06 = re.search(r'<tr id="row-LOC06">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    assert '<span class="sub">visits</span>' in row06 and " / " not in row06.split("</td>")[2]
    markdown = _text(_render(definitions, results, "annual_report", ".md"))
    assert "| 24,066 days in all / 40 residential care placements |" in markdown
    rows = {
        r["Indicator"]: r
        for rs in _sheets(_render(definitions, results, "annual_report", ".xlsx")).values()
        for r in rs
    }
    assert rows["PM21"]["Counted"] == "total days / residential care placements"
    assert rows["PM18"]["Counted"] == "numerator / denominator"


def test_at_a_glance_counts_better_as_well_as_worse(definitions, results) -> None:  # type: ignore[no-untyped-def]
    # Cardiff 2023-24 against Wales: PM18 better; PM27, PM21, SURVEY_feel_safe similar.
    # Against cities: PM18 better; PM27 and PM21 similar.
    html = _text(_render(definitions, results, "annual_report", ".html"))
    assert "<b>1</b>▲ Better than Wales" in html and "<b>0</b>▼ Worse than Wales" in html
    assert "<b>1</b>▲ Better than cities" in html and "<b>0</b>▼ Worse than cities" in html
    assert '<b>1</b><span class="sym" aria-hidden="true">○</span> Contextual measures' in html
    markdown = _text(_render(definitions, results, "annual_report", ".md"))
    assert "- ▲ Better than Wales: 1\n" in markdown and "- ▼ Worse than Wales: 0\n" in markdown
    assert "- ▲ Better than cities: 1\n" in markdown


# ----------------------------------------------------------------- targets on the charts


def test_the_charts_carry_the_target_and_the_close_band_edge(definitions, results) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "indicator_page", ".html"))
    page = html[html.index('id="PM18"') : html.index('id="PM21"')]
    assert page.count("<svg") == 2
    assert ">Target<" in page and ">Edge of the close band<" in page  # the trend's key
    assert "Cardiff&#39;s target 95.0, close to target from 90.0." in page  # the bar chart's alt
    no_target = html[html.index('id="PM21"') : html.index('id="PM27"')]
    assert "Target<" not in no_target.split("<table")[0].split("<figure>", 1)[1]


def test_the_trend_table_and_chart_mark_the_withheld_year(definitions, results) -> None:  # type: ignore[no-untyped-def]
    html = _text(_render(definitions, results, "indicator_page", ".html"))
    page = html[html.index('id="PM21"') : html.index('id="PM27"')]
    assert ">*<" in page.split("<table")[0]  # on the chart
    assert "2022-23 withheld" in page  # in its text alternative
    markdown = _text(_render(definitions, results, "indicator_page", ".md"))
    assert re.search(r"^\| 2022-23 \| \\\* \| \\\* \| \\\* / \\\* \|", markdown, flags=re.M)


# ----------------------------------------------------------------------- no machine paths


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_no_commentary_boxes_without_draft_and_relative_names_with_it(
    definitions, results, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    commentary = results.parent / "workspace" / "commentary"
    (commentary / YEAR).mkdir(parents=True, exist_ok=True)
    (commentary / YEAR / "PM18.md").write_text("Written.\n", encoding="utf-8")
    final = _text(_render(definitions, results, "annual_report", suffix, commentary=commentary))
    assert "No commentary yet" not in final and "Written." in final
    draft = _text(
        _render(
            definitions,
            results,
            "annual_report",
            suffix,
            commentary=commentary,
            draft=True,
            workspace_root=commentary.parent,
        )
    )
    assert draft.count("No commentary yet") == len(NATIONAL_FIRST) - 1
    assert "commentary/2023-24/PM27.md" in draft
    for text in (final, draft):
        assert str(results.parent) not in text and "/tmp/" not in text


def test_shown_folder_is_relative_to_the_workspace_or_else_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "council"
    (workspace / "notes" / "2023-24").mkdir(parents=True)
    elsewhere = tmp_path / "shared" / "commentary"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert shown_folder(workspace / "notes", workspace) == "notes"
    assert shown_folder(Path("council/notes"), None) == "council/notes"  # under the current folder
    assert shown_folder(elsewhere, workspace) == "shared/commentary"  # not in the workspace
    monkeypatch.chdir(workspace)
    assert shown_folder(elsewhere, workspace) == "commentary"  # outside both: its name alone
    assert shown_folder(None, workspace) == "commentary"


# ------------------------------------------------------------------------- sheet names


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("QS1 Co-producing well-being outcomes", "QS1 Co-producing well-being"),
        ("QS3 Safeguarding people from harm", "QS3 Safeguarding people"),  # not "... from"
        ("QS4 Learning, development and participation", "QS4 Learning, development"),
        ("Is anyone better off", "Is anyone better off"),
        ("Outcomes: what [changed]? / why*", "Outcomes what changed why"),
        ("Supercalifragilisticexpialidociousness", "Supercalifragilisticexpialidoci"),
    ],
)
def test_sheet_names_are_shortened_at_a_word_boundary(title: str, expected: str) -> None:
    from pm.reporting.excel import _sheet_title

    shown = _sheet_title(title, set())
    assert shown == expected and len(shown) <= 31


def test_sheet_names_stay_unique_and_short() -> None:
    from pm.reporting.excel import _sheet_title

    used: set[str] = set()
    names = [_sheet_title("QS2 Health and emotional well-being of adults", used) for _ in range(3)]
    assert names == [
        "QS2 Health and emotional",
        "QS2 Health and emotional (2)",
        "QS2 Health and emotional (3)",
    ]
    assert all(len(n) <= 31 for n in names)


def test_the_workbook_sheets_are_named_at_word_boundaries(definitions, results) -> None:  # type: ignore[no-untyped-def]
    names = list(_sheets(_render(definitions, results, "annual_report", ".xlsx")))
    assert "QS3 Safeguarding people" in names
    assert all(not name.endswith((" from", " and", " of")) for name in names)


# ------------------------------------------------------- the level of the intervals


def test_intervals_are_named_at_the_level_the_results_were_computed_at(
    definitions, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """pm compute --confidence 0.998 writes the level in the manifest beside the results;
    every header, caption and chart key of the report follows it."""
    import json

    results = write_csv(_rows(), tmp_path / "strict.csv")
    (tmp_path / "strict.manifest.json").write_text(
        json.dumps({"confidence": 0.998}), encoding="utf-8"
    )
    for template, suffix in (
        ("annual_report", ".html"),
        ("indicator_page", ".html"),
        ("annual_report", ".md"),
        ("indicator_page", ".md"),
    ):
        text = _text(_render(definitions, results, template, suffix))
        assert "99.8% CI" in text or "99.8% confidence interval" in text, (template, suffix)
        assert "95%" not in text, (template, suffix)
    workbook = openpyxl.load_workbook(_render(definitions, results, "annual_report", ".xlsx"))
    headers = [c.value for c in workbook.worksheets[1][1]]
    assert "Lower 99.8% CI" in headers and "Lower 95% CI" not in headers
    default = write_csv(_rows(), tmp_path / "plain" / "results.csv")  # no manifest: 95%
    assert 'Value<span class="sub">95% CI</span>' in _text(
        _render(definitions, default, "annual_report", ".html")
    )
