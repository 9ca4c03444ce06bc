"""Reports of adults suspected of being at risk (2020 framework), with their enquiries.

Wales values follow the national releases: 21,951 reports in 2022-23 and 25,492 in 2023-24;
57% then 61% led to enquiries; 81% then 83% of enquiries completed within 7 working days;
34% of enquiries found further action was needed; 34% of reports with categories alleged
neglect. Each council has its own level and trend around them. Random streams are named
``"adult_safeguarding_reports", "2020", council``: nothing else in the set moved.
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context, person_ids, pick, teams
from pm.sample_data._dates import DAY, NAT, add_months, completed_years
from pm.sample_data._table import Table, bool_col, cat_col, concat, date_col, id_col, int_col
from pm.sample_data.adults_2020 import council_prob

REPORTS_PER_YEAR, REPORTS_FLOOR = 23_500, 30
_REPORTS = 5  # person stream within a council (adults.py uses 0 to 4)
SEX = ("F", "M")
SOURCES = ("police", "health", "care_provider", "council", "family_friend", "self", "other",
           "not_known")  # fmt: skip
SOURCE_SHARES = (0.22, 0.24, 0.20, 0.12, 0.10, 0.03, 0.07, 0.02)
ETHNICITY = ("white", "mixed", "asian", "black", "other", "not_obtained", "refused")
# shares of all reports; urban councils report about 2.5 times as many adults of the
# minority groups as the rest
ETHNICITY_SHARES = (0.905, 0.010, 0.015, 0.010, 0.005, 0.050, 0.005)
CATEGORIES = ("physical", "sexual", "emotional", "financial", "neglect")
# the main category of a report; others are added with a small chance each
MAIN_CATEGORY = (0.28, 0.04, 0.22, 0.18)  # physical, sexual, emotional, financial; neglect below
# and the chance that each category is alleged as well as the main one
ALSO_ALLEGED = (0.08, 0.02, 0.10, 0.06, 0.07)
_NEGLECT = {2019: 0.29, 2024: 0.29}
_LED = {2019: 0.56, 2020: 0.56, 2021: 0.56, 2022: 0.57, 2023: 0.61, 2024: 0.61}
_IN_7_DAYS = {2019: 0.81, 2020: 0.81, 2021: 0.815, 2022: 0.825, 2023: 0.85, 2024: 0.85}
_FURTHER = {2019: 0.34, 2024: 0.34}


def _ethnicity(ctx: Context, ci: int, rng: np.random.Generator, n: int) -> np.ndarray:
    shares = np.array(ETHNICITY_SHARES)
    if ctx.councils[ci].get("rurality") == "urban":
        shares[1:5] *= 2.5
    return pick(rng, n, shares)


def _categories(ctx: Context, ci: int, received: np.ndarray, rng: np.random.Generator):
    """Five Y/N columns, all empty for the reports whose categories were not given."""
    n = len(received)
    neglect = rng.random(n) < council_prob(ctx, "neglect", ci, received, _NEGLECT, 0.25, 0.05)
    main = np.where(neglect, 4, pick(rng, n, MAIN_CATEGORY))
    flags = rng.random((len(CATEGORIES), n)) < np.array(ALSO_ALLEGED)[:, None]
    flags[main, np.arange(n)] = True
    given = rng.random(n) < 0.93
    return {f"category_{c}": bool_col(flags[i], missing=~given) for i, c in enumerate(CATEGORIES)}


def _enquiries(ctx: Context, ci: int, received: np.ndarray, rng: np.random.Generator):
    """Whether each report led to enquiries, when they were completed, and their finding."""
    n = len(received)
    led = rng.random(n) < council_prob(ctx, "led_to_enquiry", ci, received, _LED, 0.35, 0.08)
    # reports of the last days before the extract may not be decided yet
    undecided = (received > ctx.extract_date - 10 * DAY) & (rng.random(n) < 0.5)
    led_missing = undecided | (rng.random(n) < 0.01)
    p_in = council_prob(ctx, "enquiries_in_7_days", ci, received, _IN_7_DAYS, 0.50, 0.15)
    within = rng.random(n) < p_in
    k_in = rng.choice(8, size=n, p=[0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25])
    late_far = rng.random(n) < 0.2
    k_late = 8 + np.where(late_far, rng.geometric(0.04, n), rng.geometric(0.3, n)) - 1
    completed = ctx.work.add(received, np.where(within, k_in, k_late))
    open_now = completed > ctx.extract_date
    has_enquiry = led & ~undecided
    not_recorded = rng.random(n) < 0.015
    completed = np.where(has_enquiry & ~open_now & ~not_recorded, completed, NAT)
    further = rng.random(n) < council_prob(
        ctx, "further_action", ci, received, _FURTHER, 0.30, 0.05
    )
    finding_known = ~np.isnat(completed) & (rng.random(n) >= 0.02)
    return {
        "led_to_enquiry": bool_col(led, missing=led_missing),
        "enquiry_completed_date": date_col(completed),
        "further_action": bool_col(further, missing=~finding_known),
    }


def adult_safeguarding_reports(ctx: Context) -> Table:
    vol = ctx.annual_volume("adult_at_risk_reports", "older", REPORTS_PER_YEAR, REPORTS_FLOOR)
    growth = ctx.growth("adult_at_risk_reports", 0.08, 0.04)
    start = add_months(np.array([ctx.first_start]), -2)[0]  # enquiries completed in April
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("adult_safeguarding_reports", "2020", code)
        received = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "adult", growth[ci])
        n = len(received)
        n_people = max(1, int(n / 1.2))
        pidx = rng.integers(0, n_people, n)  # some adults are reported more than once
        older = rng.random(n_people) < 0.65
        years = np.where(older, 65 + np.minimum(rng.gamma(2.2, 7.0, n_people), 38),
                         rng.uniform(18, 65, n_people))  # fmt: skip
        dob = ctx.centre - (years * 365.25).astype(np.int64) * DAY
        age = np.clip(completed_years(dob[pidx], received), 18, 110)
        sex = (rng.random(n_people) < 0.40).astype(np.int16)
        ethnicity = _ethnicity(ctx, ci, rng, n_people)
        team_names = teams(ctx, ci, "adults")
        parts.append(
            {
                "report_id": id_col(np.zeros(n), 10),
                "person_id": id_col(person_ids(ctx, ci, "adult", _REPORTS, pidx), 8),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "report_received_date": date_col(received),
                "source": cat_col(pick(rng, n, SOURCE_SHARES), SOURCES),
                "ethnicity": cat_col(ethnicity[pidx], ETHNICITY),
                **_categories(ctx, ci, received, rng),
                **_enquiries(ctx, ci, received, rng),
                "age_at_report": int_col(age, missing=rng.random(n) < 0.02),
                "sex": cat_col(sex[pidx], SEX),
                "team": cat_col(pick(rng, n, np.linspace(1.5, 1.0, len(team_names))), team_names),
            }
        )
    return concat("adult_safeguarding_reports", parts)
