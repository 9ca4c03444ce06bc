"""The 2020 framework's children's metrics (CH012 to CH048) on the committed sample set.

Each Wales figure pm computes is recomputed here with plain pandas from the CSV files,
following the definitions literally (faulty rows left out as the data-quality rules say);
the "of which" parts of CH039 and CH040 add up to their totals; CH046 to CH048 are parts
of CH039; the placement shares at 31 March are plausible against the Welsh figures.
"""

from __future__ import annotations

from pathlib import Path

import holidays
import numpy as np
import pandas as pd
import pytest
import yaml

import pm

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"
CODES = [
    c["code"]
    for c in yaml.safe_load((REPO / "technical_guidance/reference/councils.yaml").read_text())[
        "councils"
    ]
]
YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
CH = ["CH012", "CH039", "CH040", "CH043", "CH044", "CH046", "CH047", "CH048"]


def _valid(name: str, id_column: str | None, required: list[str], dates: list[str]):
    """Rows pm keeps: a known council, required cells filled, dates readable, no end
    before start, the first copy of a duplicated record."""
    df = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
    df = df[df.la_code.isin(CODES)]
    for column in required:
        df = df[df[column] != ""]
    for column in dates:
        parsed = pd.to_datetime(df[column], format="%Y-%m-%d", errors="coerce")
        df = df[(df[column] == "") | parsed.notna()].assign(**{column: parsed})
    if len(dates) == 2:
        df = df[~(df[dates[1]] < df[dates[0]])]
    if id_column:
        df = df.drop_duplicates(id_column, keep="first")
    else:
        df = df.drop_duplicates(["la_code", "child_id", "snapshot_date"], keep="first")
    return df


def _march(year: str) -> pd.Timestamp:
    return pd.Timestamp(f"{int(year[:4]) + 1}-03-31")


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    found = pm.compute(SAMPLE, years=YEARS, indicators=CH)
    return found[found.breakdown.fillna("") == ""]


@pytest.fixture(scope="module")
def parts() -> pd.DataFrame:
    return pm.compute(
        SAMPLE,
        years=YEARS,
        indicators=["CH039", "CH040"],
        breakdowns=["placement_type", "placement_location", "sex"],
    )


def _wales(results: pd.DataFrame, indicator: str) -> dict[str, float]:
    rows = results[(results.indicator == indicator) & (results.area == "W92000004")]
    return dict(zip(rows.period, rows.value, strict=True))


def _placements() -> pd.DataFrame:
    return _valid(
        "looked_after_placements",
        "placement_id",
        ["child_id", "placement_start_date"],
        ["placement_start_date", "placement_end_date"],
    )


def _on_31_march(placements: pd.DataFrame, year: str) -> pd.DataFrame:
    """Each child's placement open on 31 March (the one that started last)."""
    day = _march(year)
    open_ = placements[
        (placements.placement_start_date <= day)
        & (placements.placement_end_date.isna() | (placements.placement_end_date > day))
    ]
    return open_.sort_values("placement_start_date", kind="stable").drop_duplicates(
        ["la_code", "child_id"], keep="last"
    )


def test_the_looked_after_snapshot_metrics_match_plain_pandas(results) -> None:
    placements = _placements()
    expected: dict[str, dict[str, float]] = {k: {} for k in ("CH039", "CH046", "CH047", "CH048")}
    for year in YEARS:
        now = _on_31_march(placements, year)
        expected["CH039"][year] = len(now)
        known = now[now.placement_type != ""]
        expected["CH046"][year] = (~known.placement_type.isin(["parents", "kinship_foster"])).sum()
        expected["CH047"][year] = (now.placement_location == "other_wales").sum()
        expected["CH048"][year] = (now.placement_location == "outside_wales").sum()
    for indicator, by_year in expected.items():
        assert _wales(results, indicator) == by_year, indicator
    assert min(expected["CH039"].values()) > 1000  # the checks above had work to do


def test_ch043_three_or_more_placements_matches_plain_pandas(results) -> None:
    placements = _placements()
    expected = {}
    for year in YEARS:
        start, end = pd.Timestamp(f"{year[:4]}-04-01"), _march(year)
        now = _on_31_march(placements, year)[["la_code", "child_id"]]
        in_year = placements[
            (placements.placement_start_date <= end)
            & (placements.placement_end_date.isna() | (placements.placement_end_date >= start))
        ]
        counts = in_year.groupby(["la_code", "child_id"]).size().rename("n").reset_index()
        expected[year] = (now.merge(counts, on=["la_code", "child_id"]).n >= 3).sum()
    assert _wales(results, "CH043") == expected
    assert min(expected.values()) > 50


def test_ch044_and_ch040_match_plain_pandas(results) -> None:
    education = _valid(
        "looked_after_education",
        None,
        ["child_id", "snapshot_date", "school_changes_non_transitional"],
        ["snapshot_date"],
    )
    changes = pd.to_numeric(education.school_changes_excl_adoption_home, errors="coerce")
    pm32 = pd.to_numeric(education.school_changes_non_transitional, errors="coerce")
    assert (changes <= pm32).all()  # CH/044 leaves out more moves than PM32, never fewer
    breaks = _valid(
        "short_breaks",
        "arrangement_id",
        ["child_id", "arrangement_start_date"],
        ["arrangement_start_date", "arrangement_end_date"],
    )
    ch044, ch040 = {}, {}
    for year in YEARS:
        day = _march(year)
        ch044[year] = (changes[education.snapshot_date == day] >= 1).sum()
        open_ = breaks[
            (breaks.arrangement_start_date <= day)
            & (breaks.arrangement_end_date.isna() | (breaks.arrangement_end_date > day))
        ]
        ch040[year] = len(open_.drop_duplicates(["la_code", "child_id"]))
    assert _wales(results, "CH044") == ch044
    assert _wales(results, "CH040") == ch040
    assert min(ch044.values()) > 50 and min(ch040.values()) > 50


def test_ch012_counts_new_assessments_within_42_working_days(results) -> None:
    df = _valid(
        "child_assessments",
        "assessment_id",
        ["child_id", "referral_date"],
        ["referral_date", "assessment_completed_date"],
    )
    df = df[df.assessment_completed_date.notna()]
    bank = [
        pd.Timestamp(d)
        for d in holidays.country_holidays("GB", subdiv="WLS", years=range(2015, 2030))
    ]
    start = df.referral_date.to_numpy(dtype="datetime64[D]")
    done = df.assessment_completed_date.to_numpy(dtype="datetime64[D]")
    working = np.busday_count(start + 1, done + 1, holidays=np.array(bank, dtype="datetime64[D]"))
    expected = {}
    for year in YEARS:
        in_year = (df.assessment_completed_date >= pd.Timestamp(f"{year[:4]}-04-01")) & (
            df.assessment_completed_date <= _march(year)
        )
        expected[year] = int((in_year.to_numpy() & (working <= 42)).sum())
    assert _wales(results, "CH012") == expected


def test_the_parts_of_ch039_and_ch040_add_up_to_their_totals(parts) -> None:
    """Every child falls in exactly one part ('unknown' where the item is not recorded)."""
    checked = 0
    for (indicator, breakdown_name), expected_parts in {
        ("CH039", "placement_type"): 7,
        ("CH039", "placement_location"): 3,
        ("CH040", "sex"): 2,
    }.items():
        rows = parts[parts.indicator == indicator]
        totals = rows[rows.breakdown.fillna("") == ""].set_index(["period", "area"]).numerator
        split = rows[rows.breakdown.fillna("").str.startswith(f"{breakdown_name}=")]
        assert split.breakdown.nunique() >= expected_parts, (indicator, breakdown_name)
        summed = split.groupby(["period", "area"]).numerator.sum()
        pd.testing.assert_series_equal(
            summed.sort_index(), totals.sort_index(), check_names=False, check_dtype=False
        )
        checked += len(totals)
    assert checked == 3 * len(YEARS) * 23  # every period and area: 22 councils and Wales


def test_ch046_to_ch048_are_parts_of_ch039(results, parts) -> None:
    part = parts[parts.indicator == "CH039"].set_index(["period", "area", "breakdown"]).numerator
    for row in results[results.indicator.isin(["CH046", "CH047", "CH048"])].itertuples():
        key = (row.period, row.area)
        if row.indicator == "CH047":
            assert row.numerator == part[(*key, "placement_location=other_wales")]
        elif row.indicator == "CH048":
            assert row.numerator == part[(*key, "placement_location=outside_wales")]
        else:
            others = [f"placement_type={t}" for t in ("parents", "kinship_foster", "unknown")]
            types = part.loc[key]
            types = types[types.index.str.startswith("placement_type=")]
            assert len(types) >= 6  # the breakdown has work to do
            away = types.drop(others, errors="ignore").sum()
            assert row.numerator == away


def test_placements_at_31_march_are_plausible_against_the_welsh_figures() -> None:
    """About 69% in foster care (a third of them with family or friends), 14% placed with
    parents, about 66% inside the home council (Children looked after, 2023 and 2024);
    outside Wales is not in those summaries: a few per cent."""
    now = _on_31_march(_placements(), "2023-24")
    share = now.placement_type.value_counts(normalize=True)
    where = now.placement_location.value_counts(normalize=True)
    assert 0.62 <= share["foster"] + share["kinship_foster"] <= 0.76
    assert 0.25 <= share["kinship_foster"] / (share["foster"] + share["kinship_foster"]) <= 0.42
    assert 0.09 <= share["parents"] <= 0.19
    assert 0.58 <= where["in_council"] <= 0.74 and 0.02 <= where["outside_wales"] <= 0.10
