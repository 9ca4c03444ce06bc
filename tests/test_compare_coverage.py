"""Benchmarks only from what is really there: `compare` on hand-made tables where some
councils are not in the extracts, a period is only partly covered, or the table was written
before pm recorded coverage. Each expected figure is worked out in the comments."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from engine_helpers import definitions
from test_compare_table import WALES, C, at, results

from pm.comparison import CompareOptions, compare
from pm.comparison.notes import missing_benchmarks, missing_previous

# Five councils with figures in 2023-24; Wales pooled from them: 373 / 403.
YEAR = [
    ("2023-24", C[0], "", 96, 100),
    ("2023-24", C[1], "", 90, 100),
    ("2023-24", C[2], "", 89, 100),
    ("2023-24", C[3], "", 95, 100),
    ("2023-24", C[4], "", 3, 3),
    ("2023-24", WALES, "", 373, 403),
]


def compared(table: pd.DataFrame, **options: object) -> pd.DataFrame:
    return compare(table, definitions(), CompareOptions(**options))  # type: ignore[arg-type]


# ------------------------------------------------------------ councils not in the extracts


@pytest.mark.parametrize("given", [1, 2, 4])
def test_councils_missing_from_the_extracts_give_no_wales_rank_or_quartile(given: int) -> None:
    """One, two or four councils' extracts and the others absent: the Wales row of such a
    table is only those councils, so nothing among councils may be made from it."""
    x, n = sum(r[3] for r in YEAR[:given]), sum(r[4] for r in YEAR[:given])
    table = results([*YEAR[:given], ("2023-24", WALES, "", x, n)], others="none")
    # the Wales figure of those councils alone, marked as pm compute marks it (it also
    # leaves it empty; here it is kept to show compare does not use it either way)
    table.loc[table["area"] == WALES, "coverage"] = "none"
    found = compared(table, comparator_groups={"pair": [C[0], C[1]]})
    for code in C[:given]:
        row = at(found, code)
        assert math.isnan(row["benchmark_value"]) and row["benchmark_comparison"] == "not_compared"
        assert pd.isna(row["rank"]) and pd.isna(row["rank_of"]) and pd.isna(row["quartile"])
        assert math.isnan(row["lower_quartile"]) and row["quartile_band"] == ""
        assert row["band"] in ("on_target", "close_to_target", "off_target")  # targets still apply
    if given >= 2:  # both members are in the extracts: their group can be pooled
        assert at(found, C[0])["comparator_value"] == pytest.approx(100 * 186 / 200)
    else:
        assert math.isnan(at(found, C[0])["comparator_value"])


def test_a_wales_row_that_is_only_the_councils_given_is_not_a_benchmark_even_without_coverage() -> (
    None
):
    """An older results file (no coverage column) of one council: its Wales row equals the
    council's own figure, so it is not used; nor is a rank '1 of 1'."""
    table = results([YEAR[0], ("2023-24", WALES, "", 96, 100)], others=None)
    table = table.drop(columns=["coverage"])
    found = compared(table)
    row = at(found, C[0])
    assert math.isnan(row["benchmark_value"])
    assert pd.isna(row["rank"]) and pd.isna(row["rank_of"])


def test_an_older_results_file_of_every_council_is_compared_as_before() -> None:
    table = results(YEAR).drop(columns=["coverage"])
    found = compared(table)
    # the 17 councils added by `results` have no figure (no_data), so Wales is not complete
    # by the older rule either: only a table where every council has a figure is
    assert math.isnan(at(found, C[0])["benchmark_value"])
    every = [
        ("2023-24", code, "", 50 + n, 100)
        for n, code in enumerate(sorted(definitions().reference.council_codes))
    ]
    wales = (sum(50 + n for n in range(22)), 2200)
    full = results([*every, ("2023-24", WALES, "", *wales)], others=None).drop(columns=["coverage"])
    found = compared(full)
    assert at(found, C[0])["benchmark_value"] == pytest.approx(100 * wales[0] / wales[1])
    assert at(found, C[0])["rank_of"] == 22


def test_a_rank_needs_two_figures_so_never_1_of_1() -> None:
    """Every council accounted for (in the extracts), but only one has a shown figure: the
    others are suppressed. A rank '1 of 1' would say nothing, so there is none."""
    rows = [("2023-24", C[0], "", 96, 100), *[("2023-24", c, "", 2, 2) for c in C[1:]]]
    table = results(rows, suppressed={("2023-24", c) for c in C[1:]})
    found = compared(table)
    assert pd.isna(at(found, C[0])["rank"]) and pd.isna(at(found, C[0])["rank_of"])


def test_counts_are_neither_ranked_nor_put_into_quartiles() -> None:
    """LOC06 counts visits: a big council makes more of them, so a rank would mislead."""
    every = sorted(definitions().reference.council_codes)
    table = results([("2023-24", code, "", 10 + n, 0) for n, code in enumerate(every)])
    table["indicator"] = "LOC06"
    table["value"], table["denominator"] = table["numerator"].astype(float), math.nan
    table["status"], table["unit"] = "ok", "visits"
    table["lower_ci"] = table["upper_ci"] = math.nan
    found = compared(table)  # with only counts this stopped with a TypeError before
    assert found["rank"].isna().all() and found["quartile"].isna().all()
    assert found["lower_quartile"].isna().all() and set(found["quartile_band"]) == {""}


# ----------------------------------------------------------------- partly covered periods


PERIODS = [
    ("2022-23", C[0], "", 80, 100),
    ("2022-23", C[1], "", 85, 100),
    ("2023-24", C[0], "", 96, 100),
    ("2023-24", C[1], "", 90, 100),
]


def test_a_partly_covered_previous_year_gives_no_change() -> None:
    table = results(PERIODS)
    table.loc[table["period"] == "2022-23", "coverage"] = "partial"
    found = compared(table)
    row = at(found, C[0])
    assert row["previous_period"] == "2022-23"
    assert math.isnan(row["previous_value"]) and math.isnan(row["change"])
    assert row["direction"] == "" and pd.isna(row["change_significant"])
    whole = compared(results(PERIODS))
    assert at(whole, C[0])["change"] == pytest.approx(16.0)  # 96 - 80 when covered in full


def test_a_partly_covered_year_is_kept_but_never_compared() -> None:
    table = results([*YEAR, *PERIODS[:2]])
    partial = (table["period"] == "2023-24") & (table["area"] == C[0])
    table.loc[partial, "coverage"] = "partial"
    found = compared(table)
    row = at(found, C[0])
    assert row["value"] == pytest.approx(96.0)  # the figure is kept for analysts
    assert row["band"] == "" and row["benchmark_comparison"] == "not_compared"
    assert pd.isna(row["rank"]) and math.isnan(row["change"])
    # and the other councils are not ranked either: C[0]'s whole year is not known
    assert pd.isna(at(found, C[1])["rank"])


def test_a_partly_covered_year_breaks_a_trend() -> None:
    rows = [
        (f"{y}-{str(y + 1)[2:]}", C[0], "", x, 100)
        for y, x in zip(range(2019, 2024), [50, 55, 60, 65, 70], strict=True)
    ]
    assert at(compared(results(rows)), C[0], "2023-24")["trend"] == "improving"
    table = results(rows)
    table.loc[table["period"] == "2019-20", "coverage"] = "partial"
    assert at(compared(table), C[0], "2023-24")["trend"] == ""


# ---------------------------------------------------------- published quartile bounds


def test_a_wales_level_table_of_quartiles_places_the_council_in_a_band() -> None:
    """Wales 85.0, lower quartile 88.0, median 90.0, upper quartile 93.0 published; the
    councils' own figures are not all known. Higher is better: above 93 is the top quarter,
    88 or below the bottom, 90 < v <= 93 the second."""
    rows = [
        ("2023-24", C[0], "", 96, 100),
        ("2023-24", C[1], "", 88, 100),
        ("2023-24", C[2], "", 91, 100),
    ]
    table = results([*rows, ("2023-24", WALES, "", 0, 0)], others="none")
    table.loc[table["area"] == WALES, "coverage"] = "none"
    bounds = pd.DataFrame(
        [
            {
                "indicator": "PM18",
                "period": "2023-24",
                "lower_quartile": 88.0,
                "median": 90.0,
                "upper_quartile": 93.0,
            }
        ]
    )
    found = compared(table, published_bounds=bounds)
    assert [at(found, c)["quartile"] for c in C[:3]] == [1, 4, 2]
    assert [at(found, c)["quartile_band"] for c in C[:3]] == [
        "top_quartile",
        "bottom_quartile",
        "middle_half",
    ]
    assert at(found, C[0])["lower_quartile"] == 88.0 and at(found, C[0])["upper_quartile"] == 93.0
    assert pd.isna(at(found, C[0])["rank"])  # a rank needs every council's figure
    no_median = bounds.assign(median=math.nan)
    found = compared(table, published_bounds=no_median)
    middle = at(found, C[2])
    assert pd.isna(middle["quartile"]) and middle["quartile_band"] == "middle_half"


# ------------------------------------------------------------------------ the one line


def test_one_line_says_what_is_missing_and_how_to_import_it() -> None:
    table = results([YEAR[0], ("2023-24", WALES, "", 0, 0)], others="none")
    table.loc[table["area"] == WALES, "coverage"] = "none"
    found = compared(table)
    line = missing_benchmarks(found, definitions(), published=False)
    assert line is not None and "\n" not in line
    assert "No Wales figure, rank or quartile for 1 measure (PM18) in 2023-24" in line
    assert "1 of 22 councils" in line and "--published" in line and "published:" in line
    assert missing_benchmarks(compared(results(YEAR)), definitions(), published=False) is None


def test_one_line_says_which_year_to_add_for_a_change() -> None:
    found = compared(results(PERIODS))
    line = missing_previous(found)
    assert line == (
        "No change from the year before for 2022-23: 2021-22 is not among the results"
        " (compute --year 2021-22:2023-24 to have it, if the extracts cover 2021-22 in full)."
    )
