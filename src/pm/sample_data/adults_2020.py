"""Adult services for the 2020 framework: assessments, reports of adults at risk, and the
columns the 2020 metrics add to the contacts and reablement extracts.

Every value here comes from random streams of its own (named ``..., "2020", council``), so
adding these columns and datasets left every 2016 column as it was. Wales shares follow the
national releases (Social services activity 2022-23 and 2023-24) year by year; each council
has its own persistent level and trend around them (``Context.prob``).
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context, expit, logit, person_ids, pick, teams
from pm.sample_data._dates import DAY, completed_years, ymd
from pm.sample_data._table import (
    Column,
    Table,
    bool_col,
    cat_col,
    concat,
    date_col,
    id_col,
    int_col,
)

SEX = ("F", "M")
ID_WIDTH = 8
# Wales volumes per year at scale 1 (new assessments of adults 74,417 in 2022-23 and 69,676
# in 2023-24; carers' assessments 6,683 in 2020-21) and floors
ASSESSMENTS_PER_YEAR, ASSESSMENTS_FLOOR = 72_000, 40
CARER_ASSESSMENTS_PER_YEAR, CARER_ASSESSMENTS_FLOOR = 6_700, 12
# person streams within a council (adults.py uses 0 to 4, safeguarding.py 5)
_ASSESSED, _CARERS = 6, 7


def by_year(dates: np.ndarray, values: dict[int, float]) -> np.ndarray:
    """A Wales value for each date, by the first calendar year of its financial year (2022
    for 2022-23): straight lines between the years given, the nearest one outside them."""
    year, month, _ = ymd(dates)
    fy = np.where(month >= 4, year, year - 1)
    known = sorted(values)
    return np.interp(fy, known, [values[y] for y in known])


def council_prob(ctx: Context, measure: str, ci: int, dates, wales: dict[int, float],
                  sd_level: float, sd_trend: float) -> np.ndarray:  # fmt: skip
    """Wales value of each date's year, moved by the council's own level and trend."""
    base = logit(by_year(dates, wales))
    return expit(base + ctx.effect(measure, ci, ctx.t(dates), sd_level, sd_trend))


# --------------------------------------------------------------------------- contacts
# Adults already receiving care and support (or support as a carer) when they made contact,
# and contacts from adult carers: their own streams, drawn for the rows adults.py made.
ALREADY_SUPPORTED, CARER_SHARE = 0.22, 0.055


def contact_columns(ctx: Context, ci: int, age: np.ndarray, dates: np.ndarray) -> dict[str, Column]:
    rng = ctx.rng("iaa_contacts", "2020", ctx.codes[ci])
    n = len(age)
    adult = age >= 18
    supported = rng.random(n) < ctx.prob("already_supported", ci, ctx.t(dates), ALREADY_SUPPORTED,
                                         0.30, 0.05)  # fmt: skip
    carer = adult & (rng.random(n) < ctx.prob("carer_contacts", ci, ctx.t(dates), CARER_SHARE,
                                              0.35, 0.08))  # fmt: skip
    return {
        "already_supported": bool_col(supported & ~carer, missing=rng.random(n) < 0.03),
        "carer_contact": bool_col(carer, missing=rng.random(n) < 0.01),
    }


# --------------------------------------------------------------------------- reablement
END_OUTCOMES = ("reduced", "maintained", "mitigated", "other")
# reduced, maintained or mitigated where known: 83% in 2022-23, 86% in 2023-24
_REABLEMENT_GOOD = {2019: 0.82, 2020: 0.82, 2021: 0.83, 2022: 0.84, 2023: 0.865, 2024: 0.865}


def reablement_outcome(ctx: Context, ci: int, end: np.ndarray) -> Column:
    """The need for support when reablement ended (empty for about 4%: not known)."""
    rng = ctx.rng("reablement", "2020", ctx.codes[ci])
    n = len(end)
    good = rng.random(n) < council_prob(ctx, "reablement_outcome", ci, end, _REABLEMENT_GOOD,
                                         0.35, 0.10)  # fmt: skip
    which = pick(rng, n, [0.50, 0.32, 0.18])  # reduced, maintained, mitigated
    codes = np.where(good, which, 3).astype(np.int16)
    codes = np.where(rng.random(n) < 0.04, -1, codes).astype(np.int16)
    return cat_col(codes, END_OUTCOMES)


# --------------------------------------------------------------------------- assessments
ASSESSMENT_TYPES = ("adult", "carer")
OUTCOMES = ("plan", "met_without_plan", "no_eligible_needs", "other")
# eligible needs met without a plan, where recorded: 50% in 2022-23, 48% in 2023-24
_WITHOUT_PLAN = {2019: 0.52, 2020: 0.52, 2021: 0.515, 2022: 0.515, 2023: 0.495, 2024: 0.485}


def _assessed(ctx: Context, ci: int, kind: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Completion dates, people, ages and whether a plan existed, for one kind of assessment."""
    if kind == 0:
        vol = ctx.annual_volume("assessments", "older", ASSESSMENTS_PER_YEAR, ASSESSMENTS_FLOOR)
        growth, existing_share, old_share = ctx.growth("assessments", -0.03, 0.03), 0.12, 0.62
    else:
        vol = ctx.annual_volume("carer_assessments", "general", CARER_ASSESSMENTS_PER_YEAR,
                                CARER_ASSESSMENTS_FLOOR)  # fmt: skip
        growth, existing_share, old_share = ctx.growth("carer_assessments", 0.02, 0.04), 0.10, 0.35
    # new assessments are the bulk; reassessments of people with a plan come on top
    done = ctx.sample_dates(rng, ctx.first_start, ctx.extract_date,
                            vol[ci] / (1 - existing_share), "adult", growth[ci])  # fmt: skip
    done = ctx.work.roll_forward(done)
    done = done[done <= ctx.extract_date]
    n = len(done)
    n_people = max(1, int(n / 1.08))
    pidx = rng.integers(0, n_people, n)
    older = rng.random(n_people) < old_share
    years = np.where(older, 65 + np.minimum(rng.gamma(2.2, 7.0, n_people), 38),
                     rng.uniform(18, 65, n_people))  # fmt: skip
    dob = ctx.centre - (years * 365.25).astype(np.int64) * DAY
    return {
        "done": done,
        "pidx": pidx,
        "age": np.clip(completed_years(dob[pidx], done), 18, 110),
        "existing": rng.random(n) < existing_share,
        "sex": (rng.random(n_people) < 0.42).astype(np.int16)[pidx],
    }


def _assessment_outcomes(ctx: Context, ci: int, done: np.ndarray,
                         rng: np.random.Generator) -> np.ndarray:  # fmt: skip
    n = len(done)
    without = rng.random(n) < council_prob(ctx, "met_without_plan", ci, done, _WITHOUT_PLAN,
                                            0.40, 0.10)  # fmt: skip
    rest = pick(rng, n, [0.66, 0.24, 0.10])  # plan, no eligible needs, other
    codes = np.where(without, 1, np.array([0, 2, 3])[rest])
    return np.where(rng.random(n) < 0.06, -1, codes).astype(np.int16)


def adult_assessments(ctx: Context) -> Table:
    """Completed assessments of adults (with their outcome) and carers' assessments."""
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("adult_assessments", "2020", code)
        team_names = teams(ctx, ci, "adults")[:-1]  # the area teams, not the safeguarding hub
        for kind, stream in ((0, _ASSESSED), (1, _CARERS)):
            a = _assessed(ctx, ci, kind, rng)
            n = len(a["done"])
            outcome = (
                _assessment_outcomes(ctx, ci, a["done"], rng)
                if kind == 0
                else np.full(n, -1, dtype=np.int16)
            )
            parts.append(
                {
                    "assessment_id": id_col(np.zeros(n), 10),
                    "person_id": id_col(person_ids(ctx, ci, "adult", stream, a["pidx"]), ID_WIDTH),
                    "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                    "assessment_completed_date": date_col(a["done"]),
                    "assessment_type": cat_col(np.full(n, kind), ASSESSMENT_TYPES),
                    "existing_plan": bool_col(a["existing"]),
                    "outcome": cat_col(outcome, OUTCOMES),
                    "age": int_col(a["age"]),
                    "sex": cat_col(a["sex"], SEX),
                    "team": cat_col(pick(rng, n, np.ones(len(team_names))), team_names),
                }
            )
    return concat("adult_assessments", parts)
