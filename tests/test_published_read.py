"""Published figures as they are downloaded: StatsWales tables saved as CSV in the layouts
the site gives (lines above the table, names or codes, titles or codes, years down or
across, marks for withheld and missing figures), a column mapping for other layouts, and
every value checked against its indicator."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions, run_pm

from pm.comparison.published import read_published
from pm.comparison.published_files import PublishedSource, read_sources
from pm.comparison.published_read import Layout
from pm.errors import InputError

CARDIFF, SWANSEA, POWYS, WALES = "W06000015", "W06000011", "W06000023", "W92000004"
PM18_TITLE = "Percentage of adult protection enquiries completed within statutory timescales"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def figure(rows: pd.DataFrame, indicator: str, period: str, area: str) -> pd.Series:
    hit = rows[
        (rows["indicator"] == indicator) & (rows["period"] == period) & (rows["area"] == area)
    ]
    assert len(hit) == 1, (indicator, period, area)
    return hit.iloc[0]


def test_a_statswales_download_with_lines_above_names_titles_and_marks(tmp_path: Path) -> None:
    text = (
        '"Adult social services: performance measures, by local authority"\n'
        '"Source: Welsh Government"\n'
        "\n"
        "Area,Measure,Year,Numerator,Denominator,Data\n"
        f'Cardiff,"PM18 - {PM18_TITLE}",2022-23,90,100,90.0\n'
        f"Swansea,PMA18,2022-23,*,*,*\n"  # withheld
        f'Powys,"{PM18_TITLE}",2022-23,..,..,..\n'  # not available
        "Wales,PM18,2022-23,1800,2000,90.0\n"
        "North Wales,PM18,2022-23,500,550,90.9\n"  # a regional total: left out
        '"Figures for 2023-24 are provisional."\n'  # a note below the table
    )
    imported = read_published(write(tmp_path / "statswales.csv", text), definitions())
    rows = imported.rows
    cardiff = figure(rows, "PM18", "2022-23", CARDIFF)
    assert (cardiff["numerator"], cardiff["denominator"], cardiff["value"]) == (90, 100, 90.0)
    assert not cardiff["suppressed"]
    swansea = figure(rows, "PM18", "2022-23", SWANSEA)
    assert swansea["suppressed"] and math.isnan(swansea["value"])
    powys = figure(rows, "PM18", "2022-23", POWYS)
    assert not powys["suppressed"] and math.isnan(powys["value"])
    assert figure(rows, "PM18", "2022-23", WALES)["denominator"] == 2000
    assert len(rows) == 4 and imported.left_out_areas == ["North Wales"]


def test_years_across_the_header_and_unnamed_row_columns(tmp_path: Path) -> None:
    """A StatsWales pivot table: the row labels have no header, the years run across."""
    text = (
        "Social services performance measures\n"
        ",,2021-22,2022/23,2023-2024\n"
        "Cardiff,PM24,88.1,89.0,*\n"
        "W06000011,PMC24,70.0,..,75.5\n"
        "Caerdydd,PM18,95.0,96.0,97.0\n"  # the Welsh name of Cardiff
    )
    rows = read_published(write(tmp_path / "wide.csv", text), definitions()).rows
    assert figure(rows, "PM24", "2022-23", CARDIFF)["value"] == 89.0
    assert figure(rows, "PM24", "2023-24", CARDIFF)["suppressed"]
    assert figure(rows, "PM24", "2023-24", SWANSEA)["value"] == 75.5
    assert math.isnan(figure(rows, "PM24", "2022-23", SWANSEA)["value"])
    assert figure(rows, "PM18", "2021-22", CARDIFF)["value"] == 95.0
    assert len(rows) == 9


def test_an_item_column_says_which_cells_are_numerators_and_denominators(tmp_path: Path) -> None:
    text = (
        "Area,Measure,Item,2022-23,2023-24\n"
        "Cardiff,PM18,Numerator,90,95\n"
        "Cardiff,PM18,Denominator,100,100\n"
        "Cardiff,PM18,Data,90.0,95.0\n"
        "Cardiff,PM18,Confidence interval,1.2,1.1\n"  # an item pm does not use
    )
    rows = read_published(write(tmp_path / "items.csv", text), definitions()).rows
    row = figure(rows, "PM18", "2023-24", CARDIFF)
    assert (row["numerator"], row["denominator"], row["value"]) == (95, 100, 95.0)


def test_a_measure_named_only_above_the_table(tmp_path: Path) -> None:
    text = f"Measure: PM18 - {PM18_TITLE}\n\nLocal authority,Year,Data\nCardiff,2023-24,91.2\n"
    rows = read_published(write(tmp_path / "one.csv", text), definitions()).rows
    assert figure(rows, "PM18", "2023-24", CARDIFF)["value"] == 91.2


def test_a_wales_level_table_of_quartiles(tmp_path: Path) -> None:
    text = (
        "PM18 - Wales figure and quartiles\n"
        "Area,2022-23,2023-24\n"
        "Wales,90.1,91.0\n"
        "Lower quartile,87.5,88.0\n"
        "Median,90.0,90.5\n"
        "Upper quartile,93.2,93.0\n"
    )
    imported = read_published(write(tmp_path / "quartiles.csv", text), definitions())
    assert figure(imported.rows, "PM18", "2023-24", WALES)["value"] == 91.0
    bounds = imported.bounds.set_index(["indicator", "period"])
    assert tuple(bounds.loc[("PM18", "2023-24")]) == (88.0, 90.5, 93.0)
    assert len(imported.rows) == 2


def test_a_column_mapping_reads_another_layout(tmp_path: Path) -> None:
    text = "Authority;ignored\nAuthority,PI,Financial period,Result\nCardiff,PM24,2023-24,88.0\n"
    path = write(tmp_path / "ours.csv", text)
    layout = Layout(
        {"area": "Authority", "indicator": "PI", "period": "Financial period", "value": "Result"}
    )
    rows = read_sources([PublishedSource(path, layout, "ours.csv")], definitions()).rows
    assert figure(rows, "PM24", "2023-24", CARDIFF)["value"] == 88.0
    fixed = Layout({"area": "Authority", "period": "Financial period", "value": "Result"}, "PM18")
    rows = read_sources([PublishedSource(path, fixed, "ours.csv")], definitions()).rows
    assert figure(rows, "PM18", "2023-24", CARDIFF)["value"] == 88.0


def test_the_mapping_in_pm_yaml_is_used_by_compare(tmp_path: Path) -> None:
    (tmp_path / "pm.yaml").write_text(
        "council: Cardiff\npublished:\n"
        "  - file: figures/ours.csv\n"
        "    columns: {area: Authority, indicator: PI, year: Financial period, value: Result}\n",
        encoding="utf-8",
    )
    (tmp_path / "figures").mkdir()
    write(
        tmp_path / "figures" / "ours.csv",
        "Authority,PI,Financial period,Result\nSwansea,PM18,2023-24,88.0\n",
    )
    write(
        tmp_path / "mine.csv",
        "indicator,period,area,breakdown,numerator,denominator,value,lower_ci,upper_ci,suppressed,status,coverage\n"
        "PM18,2023-24,W06000015,,90,100,90.0,82.6,94.5,false,ok,full\n",
    )
    done = run_pm(["compare", "mine.csv", "-o", "out.csv"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "out.csv")
    swansea = table[table["area"] == SWANSEA].iloc[0]
    assert swansea["source"] == "imported" and swansea["value"] == 88.0


# ------------------------------------------------------------- values that must be refused


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Cardiff,PM18,2023-24,,,5000",
            "line 2, value: 5000 is above 100, and PM18 is a percentage",
        ),
        ("Cardiff,PM18,2023-24,,,-50", "line 2, value: -50 is below 0"),
        ("Cardiff,PM18,2023-24,,,inf", "line 2, value: 'inf' is not a finite number"),
        ("Cardiff,PM18,2023-24,,,nan", "line 2, value: 'nan' is not a finite number"),
        ("Cardiff,PM18,2023-24,120,100,", "line 2: numerator 120 is above the denominator 100"),
        ("Cardiff,PM18,2023-24,90,100,95.0", "line 2: value 95 does not match numerator 90"),
        ("Cardiff,PM18,2023-24,-1,100,", "line 2, numerator: -1 is below 0"),
        ("Cardiff,LOC06,2023-24,,,-3", "line 2, value: -3 is below 0, which LOC06 cannot be"),
        ("Cardiff,PM21,2023-24,,,-12.5", "line 2, value: -12.5 is below 0, which PM21 cannot be"),
        ("Cardiff,PM19,2023-24,,,1e400", "line 2, value: '1e400' is not a finite number"),
        (
            "Cardiff,PM22,2023-24,338227,4012,90.0",
            "does not match numerator 338227 and denominator 4012",
        ),
    ],
)
def test_values_are_checked_against_the_indicator(tmp_path: Path, row: str, message: str) -> None:
    path = write(tmp_path / "p.csv", f"council,indicator,year,numerator,denominator,value\n{row}\n")
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_published(path, definitions())


def test_a_value_matching_its_numerator_as_published_is_accepted(tmp_path: Path) -> None:
    """StatsWales' Wales PM22 for 2018-19: 338,227 / 4,012 = 84.3 (one decimal place)."""
    path = write(
        tmp_path / "p.csv",
        'council,indicator,year,numerator,denominator,value\nWales,PM22,2018-19,"338,227","4,012",84.3\n',
    )
    assert (
        figure(read_published(path, definitions()).rows, "PM22", "2018-19", WALES)["value"] == 84.3
    )


def test_a_figure_given_twice_names_both_lines(tmp_path: Path) -> None:
    text = "council,indicator,year,value\nCardiff,PM18,2023-24,90\nSwansea,PM18,2023-24,80\nW06000015,pm18,2023/24,91\n"
    with pytest.raises(
        InputError, match=r"PM18 2023-24 Cardiff \(value\) is given on lines 2 and 4"
    ):
        read_published(write(tmp_path / "p.csv", text), definitions())


def test_a_figure_given_in_two_files_names_both(tmp_path: Path) -> None:
    one = write(tmp_path / "one.csv", "council,indicator,year,value\nCardiff,PM18,2023-24,90\n")
    two = write(
        tmp_path / "two.csv",
        "council,indicator,year,value\nPowys,PM18,2023-24,80\nCardiff,PM18,2023-24,90\n",
    )
    sources = [PublishedSource(p, Layout(), p.name) for p in (one, two)]
    with pytest.raises(
        InputError, match="two.csv: line 3: PM18 2023-24 Cardiff is also given in one.csv, line 2"
    ):
        read_sources(sources, definitions())


def test_repeated_files_on_the_command_line_and_in_pm_yaml_are_read_once(tmp_path: Path) -> None:
    from pm.comparison.published_files import published_sources
    from pm.workspace import load_workspace

    write(tmp_path / "pm.yaml", "council: Cardiff\npublished: [figures.csv]\n")
    write(tmp_path / "figures.csv", "council,indicator,year,value\nPowys,PM18,2023-24,80\n")
    sources = published_sources([tmp_path / "figures.csv"], load_workspace(tmp_path))
    assert len(sources) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "council,indicator,year,value\nNarnia,PM18,2023-24,5\n",
            "line 2: 'Narnia' is not a Welsh council",
        ),
        ("Title only\nno table here\n", "no table header found"),
        ("council,year,value\nCardiff,2023-24,5\n", "cannot tell which measure the table holds"),
        ("council,indicator,value\nCardiff,PM18,5\n", "no year column and no years"),
    ],
)
def test_tables_pm_cannot_read_say_what_to_do(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_published(write(tmp_path / "p.csv", text), definitions())


def test_pm_validate_checks_the_published_files_of_pm_yaml(tmp_path: Path) -> None:
    write(
        tmp_path / "pm.yaml",
        "council: Cardiff\npublished:\n  - figures.csv\n  - {file: gone.csv, measure: PM99}\n",
    )
    write(tmp_path / "figures.csv", "council,indicator,year,value\nPowys,PM18,2023-24,80\n")
    done = run_pm(["validate"], cwd=tmp_path)
    assert done.returncode == 1
    assert "pm.yaml:4: invalid-value: published file 'gone.csv' is not there" in done.stdout
    assert "pm.yaml:4: unknown-indicator: measure 'PM99'" in done.stdout
    write(tmp_path / "pm.yaml", "council: Cardiff\npublished: [figures.csv]\n")
    write(
        tmp_path / "figures.csv",
        "council,indicator,year,value\nPowys,PM18,2023-24,80\nGwynedd,PM18,2023-24,150\n",
    )
    done = run_pm(["validate"], cwd=tmp_path)
    assert done.returncode == 1
    assert (
        "figures.csv:3: invalid-value: value: 150 is above 100, and PM18 is a percentage"
        in done.stdout
    )


def test_the_newer_statswales_layout_with_year_codes_and_note_codes(tmp_path: Path) -> None:
    """Area and year codes, and a note-codes column beside the figure: c withheld,
    x not available, e (estimated) changing nothing."""
    text = (
        "AreaCode,YearCode,Measure,NoteCodes,Data\n"
        "W06000015,202324,PM18,,90.5\n"
        "W06000011,202324,PM18,c,\n"
        "W06000023,202324,PM18,x,\n"
        "W92000004,202324,PM18,e,88.0\n"
    )
    rows = read_published(write(tmp_path / "sw3.csv", text), definitions()).rows
    assert figure(rows, "PM18", "2023-24", CARDIFF)["value"] == 90.5
    assert figure(rows, "PM18", "2023-24", SWANSEA)["suppressed"]
    powys = figure(rows, "PM18", "2023-24", POWYS)
    assert not powys["suppressed"] and math.isnan(powys["value"])
    assert figure(rows, "PM18", "2023-24", WALES)["value"] == 88.0
