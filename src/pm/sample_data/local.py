"""Local datasets: what councils record for their own standards and objectives.

Safeguarding referrals timed to the minute (with referrals in the small hours of the nights
the clocks change), centre admissions, staff posts month by month, CAMHS referrals, family
visits and the family survey, personal outcomes reviewed, and case-file audit results. Each
dataset has its own random streams, so adding these files changed no national file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.sample_data._context import Context, person_ids, pick, scramble, teams
from pm.sample_data._dates import DAY, NAT, add_months, ymd
from pm.sample_data._table import (
    Table,
    bool_col,
    cat_col,
    concat,
    date_col,
    datetime_col,
    id_col,
    int_col,
)

ZONE = "Europe/London"  # extracts write UK local clock times
ID_WIDTH = 8
MINUTE = np.timedelta64(1, "m")

SERVICES = ("adults", "children")
JOB_ROLES = (
    "social_worker",
    "senior_practitioner",
    "team_manager",
    "support_worker",
    "occupational_therapist",
)
VISIT_STATUS = ("completed", "cancelled", "no_access")
VISIT_TYPES = ("home", "office", "virtual")
SATISFACTION = ("very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied")
ASPECTS = (
    "health",
    "protection",
    "education",
    "relationships",
    "contribution",
    "rights",
    "social_economic",
    "accommodation",
)
ACHIEVED = ("fully", "partly", "not")
STANDARDS = (
    "chronology",
    "assessment_current",
    "plan_reviewed",
    "voice_recorded",
    "risk_assessed",
    "manager_oversight",
)
CENTRES = ("Tŷ Gwyn", "Canolfan Glan", "Hafan", "Bryn Awel", "The Willows", "Maes y Coed")

SAFEGUARDING_PEOPLE = 0  # id stream of the people referred (audits sample from them)


# ------------------------------------------------------------------------ clock times
def clock_change_nights(ctx: Context) -> np.ndarray:
    """The last Sundays of March and October (UK clock changes) within the requested years."""
    first = int(str(ctx.first_start)[:4])
    last = int(str(ctx.extract_date)[:4])
    month_ends = [
        np.datetime64(f"{year:04d}-{month:02d}-{31:02d}")
        for year in range(first, last + 1)
        for month in (3, 10)
    ]
    sundays = np.busday_offset(np.array(month_ends), 0, roll="backward", weekmask="0000001")
    return sundays[(sundays >= ctx.first_start) & (sundays <= ctx.extract_date)]


def _real_clock(wall: np.ndarray) -> pd.DatetimeIndex:
    """Local readings as instants; a reading in the skipped spring hour is moved an hour on."""
    naive = pd.DatetimeIndex(wall.astype("datetime64[ns]"))
    return naive.tz_localize(
        ZONE, ambiguous=np.ones(len(naive), dtype=bool), nonexistent=pd.Timedelta(hours=1)
    )


def local_times_after(wall: np.ndarray, minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The local clock reading `minutes` real minutes after each reading, and whether it falls
    in the repeated autumn hour the second time round (written with its +00:00 offset)."""
    later = (_real_clock(wall) + pd.to_timedelta(minutes, unit="m")).tz_convert(ZONE)
    readings = later.tz_localize(None)
    first_time_round = _real_clock(readings.to_numpy())
    second = np.asarray(first_time_round != later)
    return readings.to_numpy().astype("datetime64[m]"), second


# ------------------------------------------------------------------------ LOC01
def safeguarding_referrals(ctx: Context) -> Table:
    vol = ctx.annual_volume("safeguarding", "general", 15_000, 18)
    start = ctx.first_start - 14 * DAY
    nights = clock_change_nights(ctx)
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("safeguarding_referrals", code)
        days = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "any")
        n_usual = len(days)
        office = rng.random(n_usual) < 0.8
        minute = np.where(
            office, rng.integers(9 * 60, 17 * 60, n_usual), rng.integers(0, 24 * 60, n_usual)
        )
        # about half the councils' out-of-hours teams take a referral in the small hours of
        # each night the clocks change, allocated across the change
        night = nights[rng.random(len(nights)) < 0.5]
        days = np.concatenate([days, night])
        minute = np.concatenate([minute, rng.integers(15, 56, len(night))])
        n = len(days)
        special = np.arange(n) >= n_usual
        received = _real_clock(days.astype("datetime64[m]") + minute * MINUTE)
        received = received.tz_localize(None).to_numpy().astype("datetime64[m]")
        p = ctx.prob("LOC01", ci, ctx.t(days), 0.86, 0.6, 0.25)
        within = rng.random(n) < p
        delay = np.where(
            within, rng.integers(2, 61, n), 61 + rng.exponential(100, n).astype(np.int64)
        )
        delay = np.where(within & (rng.random(n) < 0.06), 60, delay)  # on the hour exactly
        delay = np.where(special, rng.integers(20, 96, n), delay)
        allocated, second = local_times_after(received, delay)
        unallocated = rng.random(n) < 0.01
        allocated = np.where(unallocated, np.datetime64("NaT"), allocated)
        order = np.argsort(received, kind="stable")
        service = (rng.random(n) < 0.45).astype(np.int16)  # 0 adults, 1 children
        adult_teams = teams(ctx, ci, "adults")
        child_teams = teams(ctx, ci, "children")
        hub = rng.random(n) < 0.6
        adult_pick = np.where(hub, len(adult_teams) - 1, rng.integers(0, len(adult_teams), n))
        child_pick = np.where(hub, len(child_teams) - 1, rng.integers(0, len(child_teams), n))
        team = np.where(service == 0, adult_pick, len(adult_teams) + child_pick)
        people = rng.integers(0, max(1, int(n / 1.15)), n)
        parts.append(
            {
                "referral_id": id_col(np.zeros(n), 10),
                "person_id": id_col(
                    person_ids(ctx, ci, "safeguarding", SAFEGUARDING_PEOPLE, people[order]),
                    ID_WIDTH,
                ),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "received_at": datetime_col(received[order]),
                "allocated_at": datetime_col(allocated[order], second[order] & ~unallocated[order]),
                "service": cat_col(service[order], SERVICES),
                "team": cat_col(team[order], adult_teams + child_teams),
            }
        )
    return concat("safeguarding_referrals", parts)


# ------------------------------------------------------------------------ LOC02
def centre_admissions(ctx: Context) -> Table:
    vol = ctx.annual_volume("centres", "older", 2_500, 10)
    start = add_months(np.array([ctx.first_start]), -2)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("centre_admissions", code)
        entry = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "adult")
        n = len(entry)
        p = ctx.prob("LOC02", ci, ctx.t(entry), 0.82, 0.6, 0.2)
        on_time = rng.random(n) < p
        assessment = entry + rng.integers(-10, 20, n) * DAY
        plan = np.where(
            on_time, entry + rng.integers(3, 29, n) * DAY, entry + rng.integers(32, 90, n) * DAY
        )
        plan = np.where(rng.random(n) < 0.04, NAT, plan)  # never agreed
        stays = rng.random(n) < 0.35
        exit_ = np.where(stays, NAT, entry + rng.integers(5, 400, n) * DAY)
        exit_ = np.where(exit_ > ctx.extract_date, NAT, exit_)
        assessment = np.where(assessment > ctx.extract_date, NAT, assessment)
        plan = np.where(plan > ctx.extract_date, NAT, plan)
        centres = tuple(CENTRES[i] for i in sorted(rng.choice(len(CENTRES), size=2, replace=False)))
        team_names = teams(ctx, ci, "centres")
        parts.append(
            {
                "admission_id": id_col(np.zeros(n), 10),
                "person_id": id_col(person_ids(ctx, ci, "centre", 0, np.arange(n)), ID_WIDTH),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "centre": cat_col(rng.integers(0, len(centres), n), centres),
                "entry_date": date_col(entry),
                "assessment_date": date_col(assessment),
                "support_plan_date": date_col(plan),
                "exit_date": date_col(exit_),
                "team": cat_col(rng.integers(0, len(team_names), n), team_names),
            }
        )
    return concat("centre_admissions", parts)


# ------------------------------------------------------------------------ LOC03 / LOC04
def _month_ends(ctx: Context) -> np.ndarray:
    months = np.arange(
        ctx.first_start.astype("datetime64[M]"), ctx.extract_date.astype("datetime64[M]") + 1
    )
    return (months + 1).astype("datetime64[D]") - DAY


def workforce(ctx: Context) -> Table:
    posts = ctx.annual_volume("workforce", "general", 1_800, 4)
    month_ends = _month_ends(ctx)
    n_months = len(month_ends)
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("workforce", code)
        n_posts = int(round(posts[ci]))
        leave = ctx.prob("LOC04", ci, ctx.t(month_ends), 0.013, 0.4, 0.2)  # per month
        filled = np.empty((n_posts, n_months), dtype=bool)
        left = np.empty((n_posts, n_months), dtype=bool)
        state = rng.random(n_posts) < 0.9
        for m in range(n_months):
            leaving = state & (rng.random(n_posts) < leave[m])
            refilled = rng.random(n_posts) < np.where(leaving, 0.08, 0.14)
            state = np.where(state & ~leaving, True, refilled)
            filled[:, m], left[:, m] = state, leaving
        team_names = teams(ctx, ci, "adults")[:-1] + teams(ctx, ci, "children")[:-1]
        post_team = rng.integers(0, len(team_names), n_posts)
        role = pick(rng, n_posts, [0.55, 0.15, 0.08, 0.17, 0.05])
        post = np.repeat(np.arange(n_posts), n_months)
        n = len(post)
        parts.append(
            {
                "post_id": id_col(scramble(np.arange(n_posts), rng, 6)[post], 6),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "team": cat_col(post_team[post], team_names),
                "month_end": date_col(np.tile(month_ends, n_posts)),
                "filled": bool_col(filled.ravel()),
                "left_in_month": bool_col(left.ravel()),
                "job_role": cat_col(role[post], JOB_ROLES),
            }
        )
    return concat("workforce", parts)


# ------------------------------------------------------------------------ LOC05
def camhs_referrals(ctx: Context) -> Table:
    vol = ctx.annual_volume("camhs", "child", 12_000, 12)
    start = add_months(np.array([ctx.first_start]), -6)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("camhs_referrals", code)
        referral = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "child")
        n = len(referral)
        tier = pick(rng, n, [0.2, 0.75, 0.05]).astype(np.int64) + 2
        median_days = 49.0 * np.exp(ctx.effect("LOC05", ci, ctx.t(referral), 0.3, 0.12))
        wait = np.maximum(np.rint(rng.lognormal(np.log(median_days), 0.45)), 1).astype(np.int64)
        first = referral + wait * DAY
        first = np.where((first > ctx.extract_date) | (rng.random(n) < 0.03), NAT, first)
        team_names = teams(ctx, ci, "camhs")
        parts.append(
            {
                "referral_id": id_col(np.zeros(n), 10),
                "child_id": id_col(
                    person_ids(ctx, ci, "camhs", 0, rng.integers(0, max(1, n), n)), ID_WIDTH
                ),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "referral_date": date_col(referral),
                "first_appointment_date": date_col(first),
                "tier": int_col(tier),
                "team": cat_col(rng.integers(0, len(team_names), n), team_names),
            }
        )
    return concat("camhs_referrals", parts)


# ------------------------------------------------------------------------ LOC06 / LOC07
def family_visits(ctx: Context) -> Table:
    vol = ctx.annual_volume("family_visits", "child", 20_000, 25)
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("family_visits", code)
        day = ctx.sample_dates(rng, ctx.first_start, ctx.extract_date, vol[ci], "child")
        n = len(day)
        families = rng.integers(0, max(1, int(vol[ci] / 6)), n)
        team_names = teams(ctx, ci, "family")
        parts.append(
            {
                "visit_id": id_col(np.zeros(n), 10),
                "family_id": id_col(person_ids(ctx, ci, "family", 0, families), ID_WIDTH),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "visit_date": date_col(day),
                "status": cat_col(pick(rng, n, [0.85, 0.10, 0.05]), VISIT_STATUS),
                "visit_type": cat_col(pick(rng, n, [0.7, 0.2, 0.1]), VISIT_TYPES),
                "team": cat_col(families % len(team_names), team_names),
            }
        )
    return concat("family_visits", parts)


def family_survey(ctx: Context) -> Table:
    vol = ctx.annual_volume("family_survey", "child", 3_000, 14)
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("family_survey", code)
        day = ctx.sample_dates(rng, ctx.first_start, ctx.extract_date, vol[ci], "child")
        n = len(day)
        shift = ctx.effect("LOC07", ci, ctx.t(day), 0.5, 0.2)
        score = rng.normal(0.0, 1.0, n) + shift  # higher is happier
        answer = np.digitize(-score, [-0.35, 0.7, 1.15, 1.6]).astype(np.int16)
        answer = np.where(rng.random(n) < 0.03, -1, answer)  # left blank
        team_names = teams(ctx, ci, "family")
        parts.append(
            {
                "response_id": id_col(np.zeros(n), 10),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "response_date": date_col(day),
                "satisfaction": cat_col(answer, SATISFACTION),
                "team": cat_col(rng.integers(0, len(team_names), n), team_names),
            }
        )
    return concat("family_survey", parts)


# ------------------------------------------------------------------------ LOC08 / LOC09
def personal_outcomes(ctx: Context) -> Table:
    vol = ctx.annual_volume("personal_outcomes", "older", 6_000, 14)
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("personal_outcomes", code)
        review = ctx.sample_dates(rng, ctx.first_start, ctx.extract_date, vol[ci], "adult")
        per_review = rng.integers(1, 4, len(review))
        row_review = np.repeat(np.arange(len(review)), per_review)
        n = len(row_review)
        aspect = pick(rng, n, [0.25, 0.1, 0.1, 0.15, 0.1, 0.1, 0.1, 0.1])
        level = ctx.effect("LOC08", ci, ctx.t(review[row_review]), 0.5, 0.2)
        score = rng.normal(0.0, 1.0, n) + level + 0.3 * (aspect == 0)
        achieved = np.digitize(-score, [-0.1, 0.85]).astype(np.int16)
        achieved = np.where(rng.random(n) < 0.02, -1, achieved)
        team_names = teams(ctx, ci, "adults")[:-1]
        people = rng.integers(0, max(1, len(review)), len(review))
        parts.append(
            {
                "outcome_review_id": id_col(np.zeros(n), 10),
                "person_id": id_col(
                    person_ids(ctx, ci, "outcomes", 0, people[row_review]), ID_WIDTH
                ),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "aspect": cat_col(aspect, ASPECTS),
                "review_date": date_col(review[row_review]),
                "achieved": cat_col(achieved, ACHIEVED),
                "team": cat_col((people % len(team_names))[row_review], team_names),
            }
        )
    return concat("personal_outcomes", parts)


# ------------------------------------------------------------------------ LOC10 / LOC11
def audit_results(ctx: Context) -> Table:
    """Monthly audits of safeguarding case files: each checks four to six standards."""
    audits = ctx.annual_volume("audits", "general", 150, 6)
    parts = []
    offset = 0
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("audit_results", code)
        day = ctx.sample_dates(rng, ctx.first_start, ctx.extract_date, audits[ci], "weekday")
        day = ctx.work.roll_forward(day)
        n_audits = len(day)
        checked = rng.random((n_audits, len(STANDARDS))) < 0.8
        checked[np.arange(n_audits), rng.integers(0, len(STANDARDS), n_audits)] = True
        audit, standard = np.nonzero(checked)
        n = len(audit)
        difficulty = np.array([0.3, 0.0, -0.2, -0.5, 0.1, -0.3])
        p = 1.0 / (
            1.0
            + np.exp(
                -(1.6 + difficulty[standard] + ctx.effect("LOC10", ci, ctx.t(day[audit]), 0.5, 0.2))
            )
        )
        met = rng.random(n) < p
        case = rng.integers(0, max(1, int(audits[ci] * 20)), n_audits)
        adult_teams = teams(ctx, ci, "adults")
        audit_ids = scramble(offset + np.arange(n_audits), ctx.rng("audit-ids"), ID_WIDTH)
        offset += n_audits
        parts.append(
            {
                "audit_id": id_col(audit_ids[audit], ID_WIDTH),
                "case_id": id_col(
                    person_ids(ctx, ci, "safeguarding", SAFEGUARDING_PEOPLE, case[audit]),
                    ID_WIDTH,
                ),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "audit_date": date_col(day[audit]),
                "standard": cat_col(standard, STANDARDS),
                "met": bool_col(met),
                "team": cat_col((case % len(adult_teams))[audit], adult_teams),
            }
        )
    return concat("audit_results", parts)


GENERATORS = {
    "safeguarding_referrals": safeguarding_referrals,
    "centre_admissions": centre_admissions,
    "workforce": workforce,
    "camhs_referrals": camhs_referrals,
    "family_visits": family_visits,
    "family_survey": family_survey,
    "personal_outcomes": personal_outcomes,
    "audit_results": audit_results,
}

__all__ = ["GENERATORS", "clock_change_nights", "local_times_after", "ymd"]
