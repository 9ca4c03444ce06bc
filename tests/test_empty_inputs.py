"""Issue 14 §7, crashes on ordinary use: a period, council, team or dataset with no records
gives `no_data` rows (or nothing), for every indicator type, breakdown and grain, never a
crash. `pm compute sample_data --year 2019-20 --indicator LOC01 --breakdown team` (a year
before the sample data begins) stopped with a KeyError."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, GWYNEDD, WALES, compute_folder, run_pm, write_extract
from local_kinds import CAMHS, KINDS, POPULATION, load_with_kinds

from pm.calendar import parse_period
from pm.data.reader import read_extracts
from pm.definitions.loader import DefinitionSet
from pm.engine.compute import ComputeOptions, compute

IDS = sorted(KINDS)
REFERRALS = [
    # id, child, council, referral, first appointment, tier, team
    ("R1", "C1", CARDIFF, "2023-05-02", "2023-05-30", 3, "North CAMHS"),
    ("R2", "C2", CARDIFF, "2023-05-10", "2023-08-30", 2, "South CAMHS"),
    ("R3", "C2", CARDIFF, "2023-11-10", "", 3, "South CAMHS"),
]
PEOPLE = [(CARDIFF, 2023, age, "F", 100) for age in (5, 30)]


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> DefinitionSet:
    return load_with_kinds(tmp_path_factory.mktemp("kinds"))


def _folder(root: Path, situation: str) -> Path:
    folder = root / situation
    if situation == "header only":
        write_extract(folder, "camhs_referrals", [], CAMHS)
        write_extract(folder, "population", [], POPULATION)
    elif situation == "population missing":
        write_extract(folder, "camhs_referrals", REFERRALS, CAMHS)
    elif situation == "referrals missing":
        write_extract(folder, "population", PEOPLE, POPULATION)
    else:
        write_extract(folder, "camhs_referrals", REFERRALS, CAMHS)
        write_extract(folder, "population", PEOPLE, POPULATION)
    return folder


SITUATIONS = ["header only", "population missing", "referrals missing", "records"]
EMPTY_PERIODS = ["2015-16", "2016-17 Q4", "2015-06", "2024-01"]
VIEWS = [
    ComputeOptions(),
    ComputeOptions(breakdowns=["all"]),
    ComputeOptions(breakdowns=["team"]),
    ComputeOptions(breakdowns=["tier"], areas=[GWYNEDD, WALES]),
    ComputeOptions(team="Nobody's team"),
    ComputeOptions(team="north camhs", areas=[CARDIFF]),
]


@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_type_breakdown_and_grain_with_no_records_gives_no_data_rows(
    tmp_path: Path, kinds: DefinitionSet, situation: str
) -> None:
    folder = _folder(tmp_path, situation)
    extracts = read_extracts(
        folder,
        kinds.datasets,
        ["camhs_referrals", "population"],
        set(kinds.reference.council_codes),
    )
    for period, options in itertools.product(EMPTY_PERIODS, VIEWS):
        table = compute(kinds, extracts, [parse_period(period)], IDS, options)
        where = f"{situation}, {period}, {options}"
        # A rate over a known population with no events is a true 0 (no delays is a result).
        true_zero = (
            table["indicator"].isin(["TRATE", "TRATIO"])
            & (table["numerator"] == 0)
            & (table["denominator"] > 0)
            & (table["status"] == "ok")
        ).fillna(False)
        assert (table.loc[true_zero, "value"] == 0).all(), where
        others = table[~true_zero]
        assert set(others["status"]) <= {"no_data"}, where
        assert others["value"].isna().all(), where
        assert not table["suppressed"].any(), where


def test_the_councils_and_teams_without_records_are_no_data_beside_real_figures(
    tmp_path: Path, kinds: DefinitionSet
) -> None:
    folder = _folder(tmp_path, "records")
    extracts = read_extracts(
        folder,
        kinds.datasets,
        ["camhs_referrals", "population"],
        set(kinds.reference.council_codes),
    )
    table = compute(
        kinds, extracts, [parse_period("2023-24")], IDS, ComputeOptions(breakdowns=["all"])
    )
    whole = table[table["breakdown"] == ""]
    gwynedd = whole[whole["area"] == GWYNEDD]
    assert len(gwynedd) == len(IDS)
    assert set(gwynedd["status"]) == {"no_data"}
    cardiff = whole[whole["area"] == CARDIFF].set_index("indicator")
    # Worked out from the three referrals: R1 seen in 28 days, R2 in 112, R3 not yet seen.
    assert cardiff.loc["TCOUNT", "value"] == 3
    assert cardiff.loc["TCOUNTIF", "value"] == 2  # two tier 3 referrals
    assert cardiff.loc["TSUM", "value"] == 28 + 112
    assert cardiff.loc["TMEAN", "value"] == 70
    assert cardiff.loc["TMEDIAN", "value"] == 70
    assert (cardiff.loc["TPCT", "numerator"], cardiff.loc["TPCT", "denominator"]) == (1, 3)
    assert (cardiff.loc["TPERSON", "numerator"], cardiff.loc["TPERSON", "denominator"]) == (2, 2)
    assert (cardiff.loc["TRATE", "numerator"], cardiff.loc["TRATE", "denominator"]) == (2, 100)
    assert (cardiff.loc["TRATIO", "numerator"], cardiff.loc["TRATIO", "denominator"]) == (2, 200)
    teams = table[table["breakdown"].str.startswith("team=")]
    assert sorted(set(teams["area"])) == [CARDIFF]  # a team belongs to its own council only


def test_a_count_over_a_period_with_no_records_is_no_data_not_zero(tmp_path: Path) -> None:
    # LOC06 counts family visits; 2015-16 is before any record of the extract.
    folder = tmp_path / "extracts"
    write_extract(
        folder,
        "family_visits",
        [("V1", "F1", CARDIFF, "2023-06-01", "completed", "home", "North")],
        ["visit_id", "family_id", "la_code", "visit_date", "status", "visit_type", "team"],
    )
    empty = compute_folder(folder, ["LOC06"], period="2015-16")
    assert set(empty["status"]) == {"no_data"}
    year = compute_folder(folder, ["LOC06"], period="2023-24")
    assert year.set_index("area").loc[CARDIFF, "value"] == 1


SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.mark.parametrize(
    "args",
    [
        # the command; 2019-20 was before the sample data then, which now begins
        # with 2019-20 (records from 2018), so 2017-18 stands for it
        ["--year", "2017-18", "--indicator", "LOC01", "--breakdown", "team"],
        ["--year", "2017-18", "--indicator", "LOC08", "--breakdown", "all"],
        ["--month", "2017-18", "--indicator", "LOC06", "--breakdown", "team"],
        ["--period", "2017-18 Q3", "--indicator", "LOC05", "--breakdown", "team"],
        ["--year", "2017-18", "--indicator", "PM18", "--breakdown", "team", "--compare"],
    ],
)
def test_a_period_before_the_sample_data_gives_no_data_on_the_command_line(
    tmp_path: Path, args: list[str]
) -> None:
    out = tmp_path / "r.csv"
    done = run_pm(["compute", str(SAMPLE), *args, "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert "unexpected problem" not in done.stderr
    results = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(results) and set(results["status"]) == {"no_data"}
