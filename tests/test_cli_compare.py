"""`pm compute --compare` and `pm compare` on the sample data: the columns are filled for every
council and national measure, and three councils are checked against a hand calculation."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions, digests, run_pm

from pm.engine.statistics import wilson_interval
from pm.results_io import read_results

WALES = "W92000004"
POWYS, CARDIFF, SWANSEA = "W06000023", "W06000015", "W06000011"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    """A council workspace with targets and a comparator group, and a compared results file."""
    root = tmp_path_factory.mktemp("ws")
    (root / "pm.yaml").write_text(
        "council: Powys\ncomparator_group: rural\ncomparator_groups:\n"
        "  rural: [Powys, Ceredigion, Gwynedd, Pembrokeshire]\n  cities: [Cardiff, Swansea, Newport]\n",
        encoding="utf-8",
    )
    (root / "targets.yaml").write_text(
        "targets:\n  - {indicator: PM24, value: 90, tolerance: 3}\n"
        "  - {indicator: PM18, council: Powys, year: 2023-24, range: [80, 88]}\n",
        encoding="utf-8",
    )
    done = run_pm(
        [
            "compute",
            repo_root / "sample_data",
            "--year",
            "2022-23:2023-24",
            "--compare",
            "--output",
            root / "compared.csv",
        ],
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def compared(workspace: Path) -> pd.DataFrame:
    return read_results(workspace / "compared.csv")


def test_every_national_measure_and_council_is_compared(compared: pd.DataFrame) -> None:
    whole = compared[(compared["breakdown"] == "") & (compared["period"] == "2023-24")]
    councils = whole[whole["area"] != WALES]
    assert set(councils["indicator"]) == set(definitions().indicators)
    usable = councils[~councils["suppressed"] & (councils["status"] == "ok")]
    assert not usable.empty
    banded = usable[usable["polarity"] != "none"]
    assert (banded["band"] != "").all()  # on/close/off target or no_target
    assert (usable["benchmark_area"] == WALES).all()
    assert (
        usable["benchmark_comparison"]
        .isin(["better", "similar", "worse", "higher", "lower", "not_compared"])
        .all()
    )
    assert usable["previous_period"].eq("2022-23").all()
    kinds = {i: str(d.type) for i, d in definitions().indicators.items()}
    counts_of_things = banded["indicator"].map(kinds) == "count"
    assert banded.loc[~counts_of_things, "rank"].notna().all()
    # counts (LOC06, visits made) are neither ranked nor put into quartiles: a big council
    # does more of everything
    assert counts_of_things.any() and banded.loc[counts_of_things, "rank"].isna().all()
    assert banded.loc[counts_of_things, "quartile"].isna().all()
    # quartiles wherever four or more councils have a published figure
    counts = usable.groupby("indicator")["area"].transform("size")
    ranked = banded[~counts_of_things]
    assert ranked.loc[counts.loc[ranked.index] >= 4, "quartile"].notna().all()
    assert set(whole["coverage"]) == {"full"}  # the sample covers every council in full


def quartile_bounds_by_hand(values: list[float]) -> tuple[float, float]:
    """Excel PERCENTILE.INC: position (n − 1)p, interpolated between neighbours."""
    ordered = sorted(values)

    def at(p: float) -> float:
        position = (len(ordered) - 1) * p
        low = math.floor(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (position - low) * (ordered[high] - ordered[low])

    return at(0.25), at(0.75)


def half_up(value: float, decimals: int = 1) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(
        Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    )


@pytest.mark.parametrize("council", [POWYS, CARDIFF, SWANSEA])
def test_three_councils_agree_with_a_hand_calculation(compared: pd.DataFrame, council: str) -> None:
    table = compared[(compared["indicator"] == "PM24") & (compared["breakdown"] == "")]
    year = table[table["period"] == "2023-24"]
    row = year[year["area"] == council].iloc[0]
    x, n = row["numerator"], row["denominator"]
    value = 100 * x / n
    assert row["value"] == pytest.approx(value)
    shown = half_up(value)
    # band: target 90 from targets.yaml, close down to 87
    expected_band = (
        "on_target" if shown >= 90 else "close_to_target" if shown >= 87 else "off_target"
    )
    assert (row["target"], row["close_limit"], row["band"]) == (90, 87, expected_band)
    # change from 2022-23
    before = table[(table["period"] == "2022-23") & (table["area"] == council)].iloc[0]
    assert row["previous_value"] == pytest.approx(100 * before["numerator"] / before["denominator"])
    change = shown - half_up(row["previous_value"])
    assert row["direction"] == (
        "improved" if change > 0 else "declined" if change < 0 else "no_change"
    )
    p1, p2 = x / n, before["numerator"] / before["denominator"]
    pooled = (x + before["numerator"]) / (n + before["denominator"])
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / before["denominator"]))
    assert bool(row["change_significant"]) == (abs(z) > 1.96)
    # Wales: summed numerators and denominators; inside the Wilson interval → similar
    councils = year[year["area"] != WALES]
    wales = 100 * councils["numerator"].sum() / councils["denominator"].sum()
    assert row["benchmark_value"] == pytest.approx(wales)
    low, high = (100 * v[0] for v in wilson_interval([x], [n]))
    expected = "similar" if low <= wales <= high else "better" if low > wales else "worse"
    assert row["benchmark_comparison"] == expected
    # rank: one more than the number of councils shown strictly higher
    published = councils[~councils["suppressed"]]
    shown_all = [half_up(v) for v in published["value"]]
    assert row["rank"] == 1 + sum(v > shown for v in shown_all)
    assert row["rank_of"] == len(shown_all)
    lower_quartile, upper_quartile = quartile_bounds_by_hand(shown_all)
    assert row["lower_quartile"] == pytest.approx(lower_quartile)
    assert row["upper_quartile"] == pytest.approx(upper_quartile)
    ordered = sorted(shown_all)
    middle = (
        ordered[len(ordered) // 2]
        if len(ordered) % 2
        else (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
    )
    bottom_up = (
        1
        if shown <= lower_quartile
        else 2
        if shown <= middle
        else 3
        if shown <= upper_quartile
        else 4
    )
    assert row["quartile"] == 5 - bottom_up


def test_comparator_group_from_the_workspace(compared: pd.DataFrame) -> None:
    rows = compared[
        (compared["indicator"] == "PM24")
        & (compared["period"] == "2023-24")
        & (compared["breakdown"] == "")
    ]
    rural = rows[rows["area"].isin(["W06000023", "W06000008", "W06000002", "W06000009"])]
    powys = rows[rows["area"] == POWYS].iloc[0]
    assert powys["comparator_group"] == "rural"
    assert powys["comparator_value"] == pytest.approx(
        100 * rural["numerator"].sum() / rural["denominator"].sum()
    )
    assert rows[rows["area"] == CARDIFF].iloc[0]["comparator_group"] == "cities"
    assert rows[rows["area"] == "W06000001"].iloc[0]["comparator_group"] == ""


def test_council_target_from_the_workspace_targets_file(compared: pd.DataFrame) -> None:
    row = compared[
        (compared["indicator"] == "PM18")
        & (compared["period"] == "2023-24")
        & (compared["area"] == POWYS)
        & (compared["breakdown"] == "")
    ]
    assert (row.iloc[0]["target"], row.iloc[0]["close_limit"]) == (88, 80)


def test_compare_command_matches_compute_compare(workspace: Path, repo_root: Path) -> None:
    plain = workspace / "plain.csv"
    assert (
        run_pm(
            ["compute", repo_root / "sample_data", "--year", "2022-23:2023-24", "-o", plain],
            cwd=workspace,
        ).returncode
        == 0
    )
    before = digests(workspace)
    done = run_pm(["compare", plain, "--output", workspace / "again.csv"], cwd=workspace)
    assert done.returncode == 0, done.stderr
    # the same answers, first year included: its change needs 2021-22, in neither table
    again, first = read_results(workspace / "again.csv"), read_results(workspace / "compared.csv")
    pd.testing.assert_frame_equal(again, first)
    assert first[first["period"] == "2022-23"]["previous_value"].isna().all()
    assert first[first["period"] == "2023-24"]["previous_value"].notna().any()
    # and pm compare on the compared file itself gives them once more
    done = run_pm(
        ["compare", workspace / "compared.csv", "-o", workspace / "thrice.csv"], cwd=workspace
    )
    assert done.returncode == 0, done.stderr
    pd.testing.assert_frame_equal(read_results(workspace / "thrice.csv"), first)
    assert all(
        digests(workspace)[name] == digest for name, digest in before.items()
    )  # inputs untouched
    refused = run_pm(["compare", plain, "--output", plain], cwd=workspace)
    assert refused.returncode == 2 and "is one of the inputs" in refused.stderr


def test_compare_shows_words_and_symbols(workspace: Path) -> None:
    done = run_pm(["compare", workspace / "compared.csv", "--area", "Powys"], cwd=workspace)
    assert done.returncode == 0, done.stderr
    powys = [line for line in done.stdout.splitlines() if "PM24" in line and "2023-24" in line]
    assert len(powys) == 1
    assert any(word in powys[0] for word in ("✔ On target", "◆ Close to target", "✖ Off target"))


def test_published_figures_let_one_council_benchmark(tmp_path: Path, workspace: Path) -> None:
    full = read_results(workspace / "compared.csv")
    year = full[
        (full["indicator"] == "PM24") & (full["period"] == "2023-24") & (full["breakdown"] == "")
    ]
    own = year[year["area"] == POWYS].iloc[:, :14]
    own.to_csv(tmp_path / "powys.csv", index=False)
    others = year[year["area"] != POWYS]
    lines = ["Area,Measure,Year,Numerator,Denominator,Data"] + [
        f"{r.area},PM24,2023/24,{int(r.numerator)},{int(r.denominator)},{r.value!r}"
        for r in others.itertuples()
    ]
    (tmp_path / "published.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_pm(
        [
            "compare",
            tmp_path / "powys.csv",
            "--published",
            tmp_path / "published.csv",
            "-o",
            tmp_path / "out.csv",
        ],
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    merged = read_results(tmp_path / "out.csv")
    powys = merged[merged["area"] == POWYS].iloc[0]
    expected = year[year["area"] == POWYS].iloc[0]
    assert powys["source"] == "computed"
    assert (merged.loc[merged["area"] != POWYS, "source"] == "imported").all()
    # no targets here (no workspace), but the rank and Wales comparison match the full run
    assert powys["rank"] == expected["rank"] and powys["quartile"] == expected["quartile"]
    assert powys["benchmark_value"] == pytest.approx(expected["benchmark_value"])
    assert powys["benchmark_comparison"] == expected["benchmark_comparison"]


def test_one_council_of_the_full_extracts_is_still_ranked_among_22_and_compared_with_last_year(
    tmp_path: Path, repo_root: Path
) -> None:
    out = tmp_path / "cardiff.csv"
    done = run_pm(
        [
            "compute",
            repo_root / "sample_data",
            "--year",
            "2022-23:2023-24",
            "-i",
            "PM18",
            "--area",
            "Cardiff",
            "--compare",
            "-o",
            out,
        ]
    )
    assert done.returncode == 0, done.stderr
    table = read_results(out)
    assert list(table["area"]) == [CARDIFF, CARDIFF]
    row = table[table["period"] == "2023-24"].iloc[0]
    assert row["rank_of"] == 22 - int(row["suppressed"])  # ranked among every council, not one
    assert row["previous_period"] == "2022-23" and not math.isnan(row["previous_value"])
    assert row["benchmark_value"] > 0


def test_one_year_alone_has_no_change_and_says_how_to_get_it(
    tmp_path: Path, repo_root: Path
) -> None:
    out = tmp_path / "one-year.csv"
    done = run_pm(
        [
            "compute",
            repo_root / "sample_data",
            "--year",
            "2023-24",
            "-i",
            "PM18",
            "--compare",
            "-o",
            out,
        ]
    )
    assert done.returncode == 0, done.stderr
    assert read_results(out)["previous_value"].isna().all()
    assert "--year 2022-23:2023-24" in " ".join(done.stderr.split())


@pytest.mark.parametrize(
    "indicators",
    [["LOC06"], ["LOC05"], ["LOC06", "LOC05"], ["PM21", "PM22"]],
    ids=["a count", "a median", "a count and a median", "two means"],
)
def test_compare_with_only_counts_medians_or_means(
    tmp_path: Path, repo_root: Path, indicators: list[str]
) -> None:
    """`--compare` with measures that pool no percentage (issue 14: a TypeError)."""
    chosen = [part for i in indicators for part in ("--indicator", i)]
    done = run_pm(
        ["--workspace", repo_root / "sample_workspace", "compute", repo_root / "sample_data",
         "--year", "2023-24", *chosen, "--compare", "-o", tmp_path / "r.csv"]
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = read_results(tmp_path / "r.csv")
    assert set(table["indicator"]) == set(indicators)
    counts = table[table["indicator"] == "LOC06"]
    assert counts["rank"].isna().all()  # a count is never ranked
