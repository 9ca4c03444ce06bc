"""A council's own extracts, as a council analyst holds them: one council's rows of the
sample data (Swansea, Powys), two councils', and an extract that starts part-way through a
year, with and without published figures. Nothing that is not true may come out: no Wales
figure equal to the council's own, no '1 of 1', no 0 for a council not in the extracts, no
rate from a population alone; and with published figures the full benchmark."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions, run_pm

from pm.results_io import read_results

WALES = "W92000004"
SWANSEA, POWYS, CARDIFF, NEWPORT = "W06000011", "W06000023", "W06000015", "W06000022"
YEARS = "2023-24:2024-25"


def cut_sample(repo_root: Path, folder: Path, councils: set[str], start: str | None = None) -> Path:
    """The sample data's rows of `councils` (population whole: it is public), optionally
    only the records whose event date is on or after `start`: an extract begun part-way."""
    folder.mkdir(parents=True, exist_ok=True)
    specs = definitions().datasets
    for path in sorted((repo_root / "sample_data").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].split(",")
        if "la_code" not in header or path.stem == "population":
            (folder / path.name).write_text("\n".join(lines), encoding="utf-8")
            continue
        council = header.index("la_code")
        event = specs[path.stem].event_column
        when = header.index(event) if start and event in header else None
        kept = [lines[0]]
        for line in lines[1:]:
            cells = line.split(",")
            if not line or cells[council] not in councils:
                continue
            if when is not None and cells[when][:10] < start[:10]:
                continue
            kept.append(line)
        (folder / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> pd.DataFrame:
    """Every council of the sample data, compared: the truth the published figures tell."""
    out = tmp_path_factory.mktemp("full") / "full.csv"
    done = run_pm(["compute", repo_root / "sample_data", "--year", YEARS, "--compare", "-o", out])
    assert done.returncode == 0, done.stderr
    return read_results(out)


def published_without(full: pd.DataFrame, folder: Path, council: str) -> Path:
    """The other councils' and Wales's figures of the national measures, as StatsWales would
    publish them (local measures are a council's own: nobody publishes them)."""
    from pm.sample_data.published import national_ids, published_csv

    national = full[full["indicator"].isin(national_ids(definitions()))]
    path = folder / f"published-without-{council}.csv"
    path.write_text(published_csv(national, definitions(), {council}), encoding="utf-8")
    return path


def compute(data: Path, out: Path, *extra: object, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    done = run_pm(["compute", data, "--year", YEARS, "--compare", "-o", out, *extra], cwd=cwd)
    assert done.returncode == 0, done.stderr
    return read_results(out), done


def whole(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["breakdown"] == ""]


# ------------------------------------------------------------------ one council, alone


@pytest.mark.parametrize("council", [SWANSEA, POWYS])
def test_one_councils_extracts_give_no_fabricated_benchmark(
    tmp_path: Path, repo_root: Path, council: str
) -> None:
    data = cut_sample(repo_root, tmp_path / "data", {council})
    table, done = compute(data, tmp_path / "r.csv", cwd=tmp_path)
    rows = whole(table)
    wales = rows[rows["area"] == WALES]
    assert wales["value"].isna().all() and set(wales["coverage"]) == {"none"}
    mine = rows[rows["area"] == council]
    shown = mine[mine["status"] == "ok"]
    assert len(shown) > 30
    assert shown["benchmark_value"].isna().all()  # never its own figure as "Wales"
    assert shown["rank"].isna().all() and shown["rank_of"].isna().all()  # never "1 of 1"
    assert shown["quartile"].isna().all() and shown["comparator_value"].isna().all()
    others = rows[~rows["area"].isin([council, WALES])]
    assert others["value"].isna().all() and set(others["status"]) == {"no_data"}
    assert set(others["coverage"]) == {"none"}
    # LOC06 counts visits: no 0 for the 21 councils without records, no rank for anyone
    visits = rows[rows["indicator"] == "LOC06"]
    assert visits.loc[visits["area"] != council, "value"].isna().all()
    assert visits["rank"].isna().all()
    # PM19: the population file holds all 22 councils, the delays only this one
    delays = rows[(rows["indicator"] == "PM19") & (rows["area"] != council)]
    assert delays["value"].isna().all() and delays["denominator"].isna().all()
    name = definitions().reference.council_name(council)
    stderr = " ".join(done.stderr.split())
    assert f"records for 1 of 22 councils ({name})" in stderr
    assert stderr.count("No Wales figure, rank or quartile for") == 1
    assert "--published FILE" in stderr


def test_the_console_never_shows_1_of_1(tmp_path: Path, repo_root: Path) -> None:
    data = cut_sample(repo_root, tmp_path / "data", {SWANSEA})
    done = run_pm(
        [
            "compute",
            data,
            "--year",
            "2024-25",
            "-i",
            "PM18",
            "-i",
            "PM24",
            "--area",
            "Swansea",
            "--compare",
        ],
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Swansea" in done.stdout and " of 1" not in done.stdout


# ------------------------------------------------------------ one council + published


@pytest.mark.parametrize("council", [SWANSEA, POWYS])
def test_published_figures_give_the_full_benchmark(
    tmp_path: Path, repo_root: Path, full: pd.DataFrame, council: str
) -> None:
    data = cut_sample(repo_root, tmp_path / "data", {council})
    published = published_without(full, tmp_path, council)
    table, done = compute(data, tmp_path / "r.csv", "--published", published, cwd=tmp_path)
    rows = whole(table)
    truth = whole(full).set_index(["indicator", "period", "area"])
    imported = rows[~rows["area"].isin([council, WALES]) & ~rows["indicator"].str.startswith("LOC")]
    assert set(imported["source"]) == {"imported"}  # no computed no_data row kept for them
    mine = rows[(rows["area"] == council) & (rows["status"] == "ok")]
    national = mine[~mine["indicator"].str.startswith("LOC")]
    assert len(national) > 20
    checked = 0
    for row in national.itertuples():
        expected = truth.loc[(row.indicator, row.period, council)]
        if expected["status"] != "ok":
            continue  # hidden in the all-Wales table to protect another council's figure
        # the Wales figure as published (one decimal place), compared by the same method
        assert row.benchmark_value == pytest.approx(expected["benchmark_value"], abs=0.051)
        if not pd.isna(expected["rank"]):
            assert (row.rank, row.rank_of) == (expected["rank"], expected["rank_of"])
            # too few ranked for quartiles: missing on both sides is agreement
            assert pd.isna(row.quartile) == pd.isna(expected["quartile"])
            if not pd.isna(row.quartile):
                assert row.quartile == expected["quartile"]
            checked += 1
    assert checked > 15
    # local measures are not published: still no benchmark for them, and one line says so
    local = mine[mine["indicator"].str.startswith("LOC")]
    assert local["benchmark_value"].isna().all() and local["rank"].isna().all()
    assert "neither the extracts (1 of 22 councils) nor the published figures" in " ".join(
        done.stderr.split()
    )


def test_computed_zeros_never_beat_imported_figures(
    tmp_path: Path, repo_root: Path, full: pd.DataFrame
) -> None:
    """A published table of a count (LOC06, visits) for the other councils: their imported
    figures are used, never the 0 or no_data of a council that is not in the extracts."""
    data = cut_sample(repo_root, tmp_path / "data", {SWANSEA})
    from pm.sample_data.published import published_csv

    visits = full[full["indicator"] == "LOC06"]
    path = tmp_path / "visits.csv"
    path.write_text(published_csv(visits, definitions(), {SWANSEA}), encoding="utf-8")
    table, _ = compute(data, tmp_path / "r.csv", "--published", path, "-i", "LOC06", cwd=tmp_path)
    rows = whole(table)
    others = rows[~rows["area"].isin([SWANSEA])]
    truth = whole(visits).set_index(["period", "area"])["value"]
    assert set(others["source"]) == {"imported"}
    for row in others.itertuples():
        assert row.value == truth.loc[(row.period, row.area)]


# ------------------------------------------------------------------------ two councils


def test_two_councils_make_their_own_group_but_no_wales_or_rank(
    tmp_path: Path, repo_root: Path
) -> None:
    data = cut_sample(repo_root, tmp_path / "data", {CARDIFF, NEWPORT})
    (tmp_path / "pm.yaml").write_text(
        "council: Cardiff\ncomparator_group: pair\ncomparator_groups:\n"
        "  pair: [Cardiff, Newport]\n  cities: [Cardiff, Newport, Swansea]\n",
        encoding="utf-8",
    )
    table, _ = compute(data, tmp_path / "r.csv", "-i", "PM18", "-i", "PM24", cwd=tmp_path)
    rows = whole(table)
    cardiff = rows[(rows["area"] == CARDIFF) & (rows["period"] == "2024-25")].set_index("indicator")
    both = rows[rows["area"].isin([CARDIFF, NEWPORT]) & (rows["period"] == "2024-25")]
    for indicator in ("PM18", "PM24"):
        pair = both[both["indicator"] == indicator]
        pooled = pair["numerator"].sum() / pair["denominator"].sum() * 100
        assert cardiff.loc[indicator, "comparator_value"] == pytest.approx(pooled)
        assert math.isnan(cardiff.loc[indicator, "benchmark_value"])
        assert pd.isna(cardiff.loc[indicator, "rank"])
    # Swansea is not in the extracts: the 'cities' group cannot be pooled for Swansea's page
    swansea = rows[(rows["area"] == SWANSEA)]
    assert swansea["comparator_value"].isna().all()


# ------------------------------------------------------------ an extract begun part-way


def test_a_partly_covered_first_year_is_marked_and_never_compared(
    tmp_path: Path, repo_root: Path
) -> None:
    data = cut_sample(repo_root, tmp_path / "data", {SWANSEA}, start="2023-10-01")
    table, done = compute(data, tmp_path / "compared.csv", cwd=tmp_path)
    rows = whole(table)
    mine = rows[rows["area"] == SWANSEA].set_index(["indicator", "period"])
    for indicator in ("PM18", "PM24", "LOC01", "LOC06"):
        assert mine.loc[(indicator, "2023-24"), "coverage"] == "partial"
        assert mine.loc[(indicator, "2024-25"), "coverage"] == "full"
        assert math.isnan(mine.loc[(indicator, "2024-25"), "previous_value"])
        assert mine.loc[(indicator, "2023-24"), "band"] == ""
    assert "only partly covered: 2023-24" in " ".join(done.stderr.split())
    # pm compare on the saved results gives the same answers
    plain = run_pm(["compute", data, "--year", YEARS, "-o", tmp_path / "plain.csv"], cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    again = run_pm(["compare", tmp_path / "plain.csv", "-o", tmp_path / "again.csv"], cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    pd.testing.assert_frame_equal(read_results(tmp_path / "again.csv"), table)


def test_a_wales_level_table_of_quartiles_places_the_council(
    tmp_path: Path, repo_root: Path, full: pd.DataFrame
) -> None:
    """Only the Wales figure and its lower and upper quartiles are published (as StatsWales
    did for several years): Swansea is compared with that Wales figure and placed in a band
    by the published bounds, the same band as among all 22 councils."""
    data = cut_sample(repo_root, tmp_path / "data", {SWANSEA})
    rows = whole(full)
    lines = ["Wales figure and quartiles (published)", "Area,Measure,2023-24,2024-25"]
    for indicator in ("PM18", "PM24"):
        part = rows[rows["indicator"] == indicator]
        wales = part[part["area"] == WALES].set_index("period")["value"]
        council = part[part["area"] == SWANSEA].set_index("period")
        lines += [
            f"Wales,{indicator},{float(wales['2023-24'])!r},{float(wales['2024-25'])!r}",
            f"Lower quartile,{indicator},{council.loc['2023-24', 'lower_quartile']},{council.loc['2024-25', 'lower_quartile']}",
            f"Upper quartile,{indicator},{council.loc['2023-24', 'upper_quartile']},{council.loc['2024-25', 'upper_quartile']}",
        ]
    published = tmp_path / "quartiles.csv"
    published.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, _ = compute(
        data, tmp_path / "r.csv", "--published", published, "-i", "PM18", "-i", "PM24", cwd=tmp_path
    )
    mine = whole(table)
    mine = mine[mine["area"] == SWANSEA].set_index(["indicator", "period"])
    truth = rows[rows["area"] == SWANSEA].set_index(["indicator", "period"])
    for key in mine.index:
        if truth.loc[key, "status"] != "ok":
            continue
        assert mine.loc[key, "quartile_band"] == truth.loc[key, "quartile_band"], key
        assert mine.loc[key, "benchmark_value"] == pytest.approx(
            truth.loc[key, "benchmark_value"], abs=0.051
        )
        assert mine.loc[key, "benchmark_comparison"] == truth.loc[key, "benchmark_comparison"]
        assert pd.isna(mine.loc[key, "rank"])  # a rank needs every council's figure
