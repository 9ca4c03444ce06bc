"""The demo's real workflow: one council's extracts (`pm sample-data --council`) and the
sample workspace's published figures of the other councils (synthetic, made from the
sample data and held to it here)."""

from __future__ import annotations

import json
from pathlib import Path

from engine_helpers import definitions, run_pm

CARDIFF = "W06000015"
SHIPPED = Path("sample_workspace") / "published" / "statswales-sample.csv"


def test_sample_data_for_one_council_is_that_councils_rows_of_the_sample(
    tmp_path: Path, repo_root: Path
) -> None:
    out = tmp_path / "cardiff"
    done = run_pm(["sample-data", out, "--scale", "0.04", "--council", "cardiff"])
    assert done.returncode == 0, done.stderr
    assert "Only the rows of Cardiff were kept" in done.stderr
    for path in sorted((repo_root / "sample_data").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        if path.stem == "population":
            expected = lines  # public figures: kept whole
        else:
            council = lines[0].split(",").index("la_code")
            expected = [lines[0]] + [
                line for line in lines[1:] if line and line.split(",")[council] == CARDIFF
            ]
            expected.append("")
        assert (out / path.name).read_text(encoding="utf-8").split("\n") == expected, path.name
    log = json.loads((out / "generation_log.json").read_text(encoding="utf-8"))
    assert log["councils"] == [CARDIFF]
    # every fault still listed points at its own row of the cut file
    for dataset, kinds in log["faults"].items():
        lines = (out / f"{dataset}.csv").read_text(encoding="utf-8").split("\n")
        for kind in kinds.values():
            for fault in kind["records"]:
                assert CARDIFF in lines[fault["line"] - 1].split(","), (dataset, fault)
    assert sum(k["count"] for kinds in log["faults"].values() for k in kinds.values()) > 0


def test_sample_data_refuses_wales_and_unknown_councils_before_writing(tmp_path: Path) -> None:
    for given in ("Wales", "Narnia"):
        done = run_pm(["sample-data", tmp_path / given, "--council", given])
        assert done.returncode == 2 and not (tmp_path / given).exists()


def test_the_shipped_published_figures_are_made_from_the_sample_data(repo_root: Path) -> None:
    from pm.sample_data.published import make

    shipped = (repo_root / SHIPPED).read_text(encoding="utf-8")
    assert shipped == make(repo_root / "sample_data", ["Cardiff"], "2019-20:2024-25")
    assert "SYNTHETIC" in shipped.splitlines()[0]
    note = (repo_root / SHIPPED.parent / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in note.lower() and "python -m pm.sample_data.published" in note


def test_the_shipped_published_figures_hold_every_other_council_and_wales(repo_root: Path) -> None:
    from pm.comparison.published import read_published
    from pm.sample_data.published import national_ids

    imported = read_published(repo_root / SHIPPED, definitions())
    rows = imported.rows
    assert not imported.unknown_indicators and CARDIFF not in set(rows["area"])
    per = rows.groupby(["indicator", "period"])["area"].nunique()
    assert set(per) == {22}  # 21 councils and Wales
    assert set(rows["indicator"]) == set(national_ids(definitions()))
    assert set(rows["period"]) == {"2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"}
    assert rows["suppressed"].any()  # withheld figures come as *


def test_the_sample_workspace_benchmarks_cardiffs_own_extracts(
    tmp_path: Path, repo_root: Path
) -> None:
    extracts = tmp_path / "cardiff"
    done = run_pm(["sample-data", extracts, "--scale", "0.04", "--council", "Cardiff"])
    assert done.returncode == 0, done.stderr
    out = tmp_path / "results.csv"
    done = run_pm(
        [
            "--workspace",
            repo_root / "sample_workspace",
            "compute",
            extracts,
            "--year",
            "2023-24:2024-25",
            "-i",
            "PM18",
            "-i",
            "PM24",
            "--compare",
            "-o",
            out,
        ]
    )
    assert done.returncode == 0, done.stderr
    from pm.results_io import read_results

    table = read_results(out)
    # the published figures fill the table asked for, not every measure and year they hold
    assert set(table["indicator"]) == {"PM18", "PM24"}
    assert set(table["period"]) == {"2023-24", "2024-25"}
    cardiff = table[(table["area"] == CARDIFF) & (table["period"] == "2024-25")]
    assert len(cardiff) == 2
    assert cardiff["benchmark_value"].notna().all() and cardiff["rank_of"].notna().all()
    assert cardiff["comparator_value"].notna().all()  # cities: Cardiff, Swansea, Newport
    assert (table.loc[table["area"] != CARDIFF, "source"] != "computed").all()
