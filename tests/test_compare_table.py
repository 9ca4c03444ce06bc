"""`compare` over whole results tables: every column worked by hand on small tables, the
suppression rules, comparator groups, published figures, and three councils of the sample data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions

from pm.comparison import COMPARE_COLUMNS, CompareOptions, compare
from pm.comparison.published import merge_published, read_published
from pm.comparison.targets import load_targets
from pm.engine.statistics import wilson_interval

WALES = "W92000004"
C = ["W06000001", "W06000002", "W06000003", "W06000004", "W06000005"]


def results(
    rows: list[tuple[str, str, str, float, float]],
    suppressed: set[tuple[str, str]] = frozenset(),
    *,
    coverage: str = "full",
    others: str | None = "full",
) -> pd.DataFrame:
    """A results table of PM18 (a percentage, higher is better) from (period, area, breakdown, x, n).

    Every row has `coverage`. The councils not named get a row without a figure per period,
    as `pm compute` writes them: `others="full"` (in the extracts, nothing in the year: the
    world of these tests is the councils named), `"none"` (not in the extracts, so Wales,
    ranks and quartiles are unknown) or None (no such rows: a table cut to a few councils)."""
    named = {(period, area) for period, area, *_ in rows}
    added = []
    if others is not None:
        for period in sorted({period for period, *_ in rows}):
            for code in sorted(definitions().reference.council_codes):
                if (period, code) not in named:
                    added.append((period, code, "", 0, 0))
    table = []
    for period, area, breakdown, x, n in [*rows, *added]:
        low, high = wilson_interval([x], [n]) if n else ([math.nan], [math.nan])
        hidden = (period, area) in suppressed
        extra = (period, area) not in named
        table.append(
            {
                "indicator": "PM18",
                "period": period,
                "area": area,
                "area_name": area,
                "breakdown": breakdown,
                "numerator": math.nan if extra and others == "none" else x,
                "denominator": math.nan if extra and others == "none" else n,
                "value": 100 * x / n if n else math.nan,
                "lower_ci": 100 * low[0],
                "upper_ci": 100 * high[0],
                "unit": "%",
                "records": n,
                "suppressed": hidden,
                "status": "suppressed:small_count" if hidden else ("ok" if n else "no_data"),
                "coverage": (others or coverage) if extra else coverage,
            }
        )
    return pd.DataFrame(table)


def at(table: pd.DataFrame, area: str, period: str = "2023-24") -> pd.Series:
    hit = table[(table["area"] == area) & (table["period"] == period) & (table["breakdown"] == "")]
    assert len(hit) == 1
    return hit.iloc[0]


YEAR = [
    ("2023-24", C[0], "", 96, 100),  # 96.0: on target (95)
    ("2023-24", C[1], "", 90, 100),  # 90.0: the tolerance edge: close
    ("2023-24", C[2], "", 89, 100),  # 89.0: off target
    ("2023-24", C[3], "", 95, 100),  # 95.0: the target itself: on target
    ("2023-24", C[4], "", 3, 3),  # 100%, but suppressed below
    ("2023-24", WALES, "", 373, 403),
    ("2022-23", C[0], "", 90, 100),
    ("2022-23", C[1], "", 92, 100),
    ("2022-23", C[2], "", 2, 2),  # suppressed below: no change may be derived from it
    ("2022-23", C[3], "", 95, 100),
    ("2022-23", WALES, "", 279, 302),
]
HIDDEN = {("2023-24", C[4]), ("2022-23", C[2])}


@pytest.fixture(scope="module")
def compared() -> pd.DataFrame:
    return compare(results(YEAR, HIDDEN), definitions())


def test_adds_every_column_and_keeps_rows(compared: pd.DataFrame) -> None:
    assert list(compared.columns[-len(COMPARE_COLUMNS) :]) == COMPARE_COLUMNS
    assert len(compared) == len(results(YEAR, HIDDEN))


def test_bands_against_the_definition_default(compared: pd.DataFrame) -> None:
    assert [at(compared, c)["band"] for c in C] == [
        "on_target",
        "close_to_target",
        "off_target",
        "on_target",
        "",
    ]
    assert at(compared, C[0])["target"] == 95 and at(compared, C[0])["close_limit"] == 90


def test_suppressed_rows_are_not_banded_compared_or_ranked(compared: pd.DataFrame) -> None:
    hidden = at(compared, C[4])
    assert hidden["band"] == ""
    assert hidden["benchmark_comparison"] == "not_compared"
    assert pd.isna(hidden["rank"]) and pd.isna(hidden["quartile"])
    assert hidden["direction"] == ""


def test_change_from_previous_year(compared: pd.DataFrame) -> None:
    first = at(compared, C[0])
    assert first["previous_period"] == "2022-23"
    assert first["previous_value"] == 90.0
    assert first["change"] == pytest.approx(6.0)
    assert first["direction"] == "improved"
    # 96/100 v 90/100: pooled .93, se √(.93 × .07 × .02) = .036083, z = .06/.036083 = 1.663 < 1.96
    assert not first["change_significant"]
    assert at(compared, C[1])["direction"] == "declined"
    assert at(compared, C[3])["direction"] == "no_change"


def test_suppressed_previous_value_gives_no_change(compared: pd.DataFrame) -> None:
    row = at(compared, C[2])
    assert pd.isna(row["previous_value"]) and pd.isna(row["change"])
    assert row["direction"] == "" and pd.isna(row["change_significant"])


def test_missing_previous_year_gives_no_change(compared: pd.DataFrame) -> None:
    row = at(compared, C[0], "2022-23")
    assert row["previous_period"] == "2021-22"
    assert pd.isna(row["previous_value"]) and row["direction"] == ""


def test_wales_comparison(compared: pd.DataFrame) -> None:
    wales_value = 100 * 373 / 403  # 92.56
    row = at(compared, C[0])
    assert row["benchmark_area"] == WALES and row["benchmark_value"] == pytest.approx(wales_value)
    # Wilson 95% of 96/100 is 90.16 to 98.43: Wales 92.56 inside → similar
    assert row["benchmark_comparison"] == "similar"
    # 89/100: 81.38 to 93.75 → similar; 90/100: 82.56 to 94.48 → similar
    assert at(compared, C[2])["benchmark_comparison"] == "similar"
    wales = at(compared, WALES)
    assert wales["benchmark_area"] == "" and wales["benchmark_comparison"] == ""
    assert pd.isna(wales["rank"])


def test_rank_among_councils_with_published_values(compared: pd.DataFrame) -> None:
    # 96, 90, 89, 95 ranked (the suppressed 100% is left out): 1, 3, 4, 2 of 4
    assert [at(compared, c)["rank"] for c in C[:4]] == [1, 3, 4, 2]
    assert at(compared, C[0])["rank_of"] == 4
    # bounds of 89, 90, 95, 96: q1 at 0.75 → 89.75, q3 at 2.25 → 95.25
    assert at(compared, C[0])["lower_quartile"] == pytest.approx(89.75)
    assert at(compared, C[0])["upper_quartile"] == pytest.approx(95.25)
    # bottom-up: 89 → 1, 90 → 2 (≤ median 92.5), 95 → 3, 96 → 4; higher is better so reversed
    assert [at(compared, c)["quartile"] for c in C[:4]] == [1, 3, 4, 2]
    assert [at(compared, c)["quartile_band"] for c in C[:4]] == [
        "top_quartile",
        "middle_half",
        "bottom_quartile",
        "middle_half",
    ]
    # the suppressed council carries the group's bounds but no quartile
    assert at(compared, C[4])["lower_quartile"] == pytest.approx(89.75)


def test_fewer_than_four_values_give_no_quartile(compared: pd.DataFrame) -> None:
    # 2022-23: 90, 92, 95 published (the third council is suppressed) → no quartiles
    assert all(pd.isna(at(compared, c, "2022-23")["quartile"]) for c in (C[0], C[1], C[3]))
    assert at(compared, C[3], "2022-23")["rank"] == 1


def test_bands_use_the_value_as_shown() -> None:
    # 1899/2000 = 94.95 → shown 95.0 (half up) → on target; 1898/2000 = 94.9 → close
    table = compare(
        results([("2023-24", C[0], "", 1899, 2000), ("2023-24", C[1], "", 1898, 2000)]),
        definitions(),
    )
    assert [at(table, C[0])["band"], at(table, C[1])["band"]] == ["on_target", "close_to_target"]


def test_contextual_measure_is_never_banded_or_ranked() -> None:
    table = results([("2023-24", c, "", 10 + i, 20) for i, c in enumerate(C)])
    table["indicator"] = "PM21"  # a mean, polarity none
    compared = compare(table, definitions())
    assert set(compared["band"]) == {""}
    assert compared["rank"].isna().all() and compared["quartile"].isna().all()
    assert compared["target"].isna().all()


def test_targets_file_overrides_default_most_specific_first(tmp_path: Path) -> None:
    (tmp_path / "targets.yaml").write_text(
        "targets:\n"
        "  - {indicator: PM18, value: 80}\n"
        "  - {indicator: PM18, year: 2023-24, value: 85, tolerance: 2}\n"
        "  - {indicator: PM18, council: W06000002, value: 99}\n"
        "  - {indicator: PM18, council: Conwy, year: 2023-24, range: [88, 92]}\n",
        encoding="utf-8",
    )
    targets = load_targets(tmp_path / "targets.yaml", definitions())
    assert not targets.problems
    compared = compare(results(YEAR, HIDDEN), definitions(), CompareOptions(targets=targets))
    assert at(compared, C[0])["target"] == 85 and at(compared, C[0])["close_limit"] == 83  # year
    assert (
        at(compared, C[1])["target"] == 99 and at(compared, C[1])["band"] == "off_target"
    )  # council
    assert (
        at(compared, C[2])["target"] == 92 and at(compared, C[2])["band"] == "close_to_target"
    )  # both
    assert at(compared, C[0], "2022-23")["target"] == 80  # indicator only
    assert at(compared, C[0], "2022-23")["band"] == "on_target"


def test_comparator_group_pooled_from_members() -> None:
    groups = {"north": [C[0], C[1], C[2]], "east": [C[3], C[4]]}
    compared = compare(
        results(YEAR, HIDDEN), definitions(), CompareOptions(comparator_groups=groups)
    )
    row = at(compared, C[0])
    assert row["comparator_group"] == "north"
    # (96 + 90 + 89) / 300 = 91.67; 96/100's interval 90.16–98.43 holds it → similar
    assert row["comparator_value"] == pytest.approx(100 * 275 / 300)
    assert row["comparator_comparison"] == "similar"
    # east pools a suppressed member's figures too (98/103 = 95.15): a pooled figure of 98 is not small
    assert at(compared, C[3])["comparator_value"] == pytest.approx(100 * 98 / 103)
    assert at(compared, WALES)["comparator_group"] == ""


def test_trend_needs_five_known_years() -> None:
    rows = [
        (f"{y}-{str(y + 1)[2:]}", C[0], "", x, 100)
        for y, x in zip(range(2019, 2024), [50, 55, 60, 65, 70], strict=True)
    ]
    compared = compare(results(rows), definitions())
    # worked by hand in test_compare_methods: χ² = 10.42 > 9.5495, rising, higher is better
    assert at(compared, C[0], "2023-24")["trend"] == "improving"
    assert at(compared, C[0], "2022-23")["trend"] == ""  # only four years up to 2022-23
    four = compare(results(rows, {("2021-22", C[0])}), definitions())
    assert at(four, C[0], "2023-24")["trend"] == ""  # a suppressed year breaks the run


# ---------------------------------------------------------------- published figures


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_published_rows_fill_what_was_not_computed(tmp_path: Path) -> None:
    own = results([("2023-24", C[0], "", 96, 100), ("2023-24", WALES, "", 96, 100)])
    published = write(
        tmp_path / "statswales.csv",
        "Area,Measure,Year,Numerator,Denominator,Data\n"
        + "Isle of Anglesey,PM18,2023/24,1,2,50\n"  # computed figure wins
        + "".join(
            f"{c},PM18,2023/24,{x},100,{x}\n" for c, x in zip(C[1:], [90, 89, 95, 80], strict=True)
        )
        + "Cardiff,PM18,2023-24,*,*,*\n"
        + "Swansea,OTHER1,2023-24,1,2,50\n",
    )
    imported = read_published(published, definitions())
    assert imported.unknown_indicators == ["OTHER1"]
    merged = merge_published(own, imported, definitions())
    assert at(merged, C[0])["source"] == "computed" and at(merged, C[0])["value"] == 96
    assert at(merged, C[1])["source"] == "imported" and at(merged, C[1])["value"] == 90
    cardiff = at(merged, "W06000015")
    assert bool(cardiff["suppressed"]) and cardiff["status"] == "suppressed:published"
    # Not every council is there, so the Wales row computed from one council's data cannot stand
    wales = at(merged, WALES)
    assert (
        wales["source"] == "derived" and wales["status"] == "no_data" and math.isnan(wales["value"])
    )
    compared = compare(merged, definitions())
    # computed 96 and imported 90, 89, 95, 80 ranked together: 90 is third of five
    assert at(compared, C[1])["rank"] == 3 and at(compared, C[1])["rank_of"] == 5


def test_wales_is_pooled_again_from_all_22_councils(tmp_path: Path) -> None:
    councils = definitions().reference.council_codes
    own = results([("2023-24", councils[0], "", 50, 100), ("2023-24", WALES, "", 50, 100)])
    lines = [
        f"{code},PM18,2023-24,{10 + i},{20 + i},{100 * (10 + i) / (20 + i)}"
        for i, code in enumerate(councils[1:])
    ]
    imported = read_published(
        write(
            tmp_path / "p.csv",
            "council,indicator,year,numerator,denominator,value\n" + "\n".join(lines),
        ),
        definitions(),
    )
    merged = merge_published(own, imported, definitions())
    wales = at(merged, WALES)
    numerator = 50 + sum(10 + i for i in range(21))  # 50 + 420
    denominator = 100 + sum(20 + i for i in range(21))  # 100 + 630
    assert wales["source"] == "derived"
    assert wales["value"] == pytest.approx(100 * numerator / denominator)
    assert wales["numerator"] == numerator and wales["denominator"] == denominator


def test_imported_wales_figure_is_used_when_given(tmp_path: Path) -> None:
    own = results([("2023-24", C[0], "", 50, 100), ("2023-24", WALES, "", 50, 100)])
    text = "council,indicator,year,numerator,denominator,value\nConwy,PM18,2023-24,9,10,90\nWales,PM18,2023-24,800,1000,80\n"
    merged = merge_published(
        own, read_published(write(tmp_path / "p.csv", text), definitions()), definitions()
    )
    assert at(merged, WALES)["value"] == 80 and at(merged, WALES)["source"] == "imported"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "council,indicator,year,value\nNarnia,PM18,2023-24,5\n",
            "line 2: 'Narnia' is not a Welsh council",
        ),
        (
            "council,indicator,year,value\nCardiff,PM18,23/24,5\n",
            "line 2: year '23/24' is not a financial year",
        ),
        (
            "council,indicator,year,value\nCardiff,PM18,2023-24,lots\n",
            "line 2, value: 'lots' is not a number",
        ),
        ("council,year,value\nCardiff,2023-24,5\n", "cannot tell which measure the table holds"),
        (
            "council,indicator,year,value\nCardiff,PM18,2023-24\n",
            "line 2 has 3 values but the header has 4",
        ),
        (
            "council,indicator,year,value\nCardiff,PM18,2023-24,5\nCardiff,PM18,2023-24,6\n",
            "PM18 2023-24 Cardiff .value. is given on lines 2 and 3",
        ),
        ("", "the file is empty"),
    ],
)
def test_published_file_mistakes_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    from pm.errors import InputError

    path = write(tmp_path / "p.csv", text)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_published(path, definitions())


def test_comparator_figure_meets_the_indicators_own_disclosure_rules() -> None:
    """A pooled group figure is published beside every member: it is withheld by the same
    rules as any figure. East pools 0 of 2 and 0 of 1: 0% of a denominator of 3, which
    PM18's rules hide (small_denominator, 1 to 4) though no numerator is small."""
    rows = [
        ("2023-24", C[0], "", 96, 100),
        ("2023-24", C[1], "", 90, 100),
        ("2023-24", C[2], "", 89, 100),
        ("2023-24", C[3], "", 0, 2),
        ("2023-24", C[4], "", 0, 1),
    ]
    groups = {"north": [C[0], C[1], C[2]], "east": [C[3], C[4]]}
    compared = compare(results(rows), definitions(), CompareOptions(comparator_groups=groups))
    assert math.isnan(at(compared, C[3])["comparator_value"])
    assert math.isnan(at(compared, C[4])["comparator_value"])
    assert at(compared, C[0])["comparator_value"] == pytest.approx(100 * 275 / 300)


def test_comparator_figure_of_a_mean_counts_its_records() -> None:
    """A mean is withheld when made from fewer than 5 records, whatever its total: two
    members with one and two records (totals 30 and 45 days) pool to 3 records."""
    table = results([("2023-24", C[0], "", 30, 1), ("2023-24", C[1], "", 45, 2)])
    table["indicator"] = "PM22"  # a mean in the shipped definitions
    groups = {"pair": [C[0], C[1]]}
    compared = compare(table, definitions(), CompareOptions(comparator_groups=groups))
    assert math.isnan(at(compared, C[0])["comparator_value"])
