"""The local indicators on the committed sample data: every council gets every figure, and a
few figures are worked out again here independently (plain pandas and zoneinfo, following
the definitions' words, not the engine's code). Also the team and monthly views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from engine_helpers import definitions

from pm.calendar import month_period, months_of_year, year_period
from pm.engine.compute import ComputeOptions, compute
from pm.engine.run import run_compute

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
CARDIFF, WALES = "W06000015", "W92000004"
LOCAL = [f"LOC{n:02d}" for n in range(1, 12)]
YEAR = year_period(2023)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return run_compute(definitions(), SAMPLE, [YEAR], LOCAL, ComputeOptions(breakdowns=["team"]))


@pytest.fixture(scope="module")
def results(run) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return run.results


def _whole(results: pd.DataFrame, indicator: str, area: str) -> pd.Series:
    rows = results[
        (results["indicator"] == indicator)
        & (results["area"] == area)
        & (results["breakdown"] == "")
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def _clean(name: str, key: list[str]) -> pd.DataFrame:
    """The extract less the rows the generator logged as faulty (an independent reading)."""
    frame = pd.read_csv(SAMPLE / f"{name}.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["la_code"] == CARDIFF]
    return frame.drop_duplicates(key)


def test_every_local_indicator_has_a_figure_for_every_council_and_wales(results) -> None:
    codes = sorted(definitions().reference.council_codes)
    whole = results[results["breakdown"] == ""]
    for indicator in LOCAL:
        rows = whole[whole["indicator"] == indicator]
        assert sorted(rows["area"]) == sorted([*codes, WALES]), indicator
        assert not rows["status"].isin(["no_data"]).any(), indicator
        assert not rows["status"].str.startswith("error").any(), indicator
        assert rows["value"].notna().all(), indicator


def _instant(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON, fold=0)  # the repeated hour: first time round
    return moment.astimezone(dt.UTC)


def test_one_hour_standard_for_cardiff_counted_in_real_time(results) -> None:
    frame = _clean("safeguarding_referrals", ["referral_id"])
    frame = frame[(frame["received_at"] != "") & (frame["person_id"] != "")]
    received = frame["received_at"].map(_instant)
    allocated = frame["allocated_at"].map(lambda t: _instant(t) if t else None)
    keep = [a is None or a >= r for r, a in zip(received, allocated, strict=True)]
    local_day = received.map(lambda t: t.astimezone(LONDON).date())
    in_year = local_day.between(dt.date(2023, 4, 1), dt.date(2024, 3, 31))
    chosen = in_year & pd.Series(keep, index=frame.index)
    met = [
        a is not None and (a - r).total_seconds() <= 3600
        for r, a in zip(received[chosen], allocated[chosen], strict=True)
    ]
    figure = _whole(results, "LOC01", CARDIFF)
    assert (figure["numerator"], figure["denominator"]) == (sum(met), int(chosen.sum()))


def test_vacancy_rate_for_cardiff_reads_the_posts_on_31_march(results) -> None:
    frame = _clean("workforce", ["post_id", "month_end"])
    frame = frame[(frame["month_end"] == "2024-03-31") & (frame["filled"] != "")]
    figure = _whole(results, "LOC03", CARDIFF)
    assert figure["denominator"] == len(frame)
    assert figure["numerator"] == (frame["filled"] == "N").sum()


def test_median_camhs_wait_for_cardiff(results) -> None:
    frame = _clean("camhs_referrals", ["referral_id"])
    frame = frame[(frame["tier"] == "3") & (frame["first_appointment_date"] != "")]
    frame = frame[frame["referral_date"].str.match(r"^\d{4}-\d{2}-\d{2}$")]
    seen = pd.to_datetime(frame["first_appointment_date"], errors="coerce")
    referred = pd.to_datetime(frame["referral_date"], errors="coerce")
    frame = frame[(seen >= referred) & seen.between("2023-04-01", "2024-03-31")]
    weeks = (seen - referred).dt.days[frame.index] / 7
    figure = _whole(results, "LOC05", CARDIFF)
    assert figure["denominator"] == len(weeks)
    assert figure["value"] == pytest.approx(weeks.median())


def test_team_rows_add_up_to_the_council_and_have_no_wales_total(results) -> None:
    teams = results[results["breakdown"].str.startswith("team=")]
    assert not (teams["area"] == WALES).any()
    for indicator in ("LOC01", "LOC08", "LOC10"):
        council = _whole(results, indicator, CARDIFF)
        mine = teams[(teams["indicator"] == indicator) & (teams["area"] == CARDIFF)]
        assert len(mine) >= 2
        assert mine["numerator"].sum() == council["numerator"]
        assert mine["denominator"].sum() == council["denominator"]
    cardiff_teams = set(teams.loc[teams["area"] == CARDIFF, "breakdown"])
    frame = pd.read_csv(SAMPLE / "safeguarding_referrals.csv", dtype=str, keep_default_na=False)
    others = set(frame.loc[frame["la_code"] != CARDIFF, "team"]) - set(
        frame.loc[frame["la_code"] == CARDIFF, "team"]
    )
    assert not {f"team={t}" for t in others} & cardiff_teams  # no other council's teams


def test_a_team_view_shows_only_that_team_any_case(run) -> None:
    options = ComputeOptions(areas=[CARDIFF], team="safeguarding HUB")
    table = compute(definitions(), run.extracts, [YEAR], ["LOC01", "LOC03", "LOC07"], options)
    assert set(table["breakdown"]) == {"team=Safeguarding Hub"}
    assert set(table["indicator"]) == {"LOC01"}  # no such team in workforce or survey data
    assert set(table["area"]) == {CARDIFF}


def test_twelve_months_of_visits_add_up_to_the_year(run) -> None:
    months = months_of_year("2023-24")
    table = compute(definitions(), run.extracts, [YEAR, *months], ["LOC06"], ComputeOptions())
    whole = table[table["breakdown"] == ""]
    yearly = whole[whole["period"] == "2023-24"].set_index("area")["numerator"]
    monthly = whole[whole["period"] != "2023-24"].groupby("area")["numerator"].sum()
    assert len(whole["period"].unique()) == 13
    pd.testing.assert_series_equal(
        monthly.sort_index(), yearly.sort_index(), check_names=False, check_dtype=False
    )
    assert month_period(2024, 3).label in set(whole["period"])


def test_a_rule_may_compare_a_date_time_with_a_period_date(run) -> None:
    from pm.definitions import expressions as ex
    from pm.definitions.rules import build_scope
    from pm.engine.evaluate import Context, evaluate

    indicator = definitions().indicators["LOC01"]
    scope = build_scope(indicator, definitions())
    frame = pd.DataFrame(
        {"received_at": pd.Series(pd.to_datetime(["2024-03-31 23:50", "2024-04-01 00:10"]))}
    )
    frame["received_at"] = frame["received_at"].dt.tz_localize("Europe/London")
    # compared on the local clock with a plain date (which stands for its midnight)
    tree = ex.parse("received_at < date('2024-04-01')", scope).tree
    assert evaluate(tree, Context(frame=frame, period=YEAR)).tolist() == [True, False]
    tree = ex.parse("received_at >= period_start", scope).tree
    assert evaluate(tree, Context(frame=frame, period=YEAR)).tolist() == [True, True]
