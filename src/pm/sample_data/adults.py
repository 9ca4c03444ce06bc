"""Adult services: protection enquiries, delayed transfers, reablement, residential care, IAA.

Each council gets its own persistent performance level and trend for every measure
(see ``Context.prob``); the Wales bases below are tuned so that the all-Wales values,
computed by the data-contract §4 rules, land near the published figures.
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context, person_ids, pick, teams
from pm.sample_data._dates import DAY, NAT, add_months, add_years, completed_years, third_thursdays
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
from pm.sample_data.adults_2020 import contact_columns, reablement_outcome

SEX = ("F", "M")
ID_WIDTH = 8

# Wales volumes per year at scale 1, and the floor (records per council per year)
APE_PER_YEAR, APE_FLOOR = 13_000, 24
REABLEMENT_PER_YEAR, REABLEMENT_FLOOR = 9_500, 26
RESIDENTIAL_PER_YEAR, RESIDENTIAL_FLOOR = 4_450, 26
IAA_PER_YEAR, IAA_FLOOR = 30_000, 48

# Person streams (separate id blocks within a council)
_APE, _REABLEMENT, _RESIDENTIAL, _IAA, _DTOC = range(5)


def _adult_dob(rng: np.random.Generator, n: int, at: np.datetime64, old_share: float) -> np.ndarray:
    """Dates of birth of adults: a working-age group and an older group (age at date ``at``)."""
    old = rng.random(n) < old_share
    age = np.where(old, 65 + np.minimum(rng.gamma(2.2, 7.0, n), 38), rng.uniform(18, 65, n))
    return at - (age * 365.25).astype(np.int64) * DAY


def _person_cols(ctx: Context, ci: int, stream: int, pidx: np.ndarray) -> Column:
    return id_col(person_ids(ctx, ci, "adult", stream, pidx), ID_WIDTH)


# --------------------------------------------------------------------------- PM18
def adult_protection_enquiries(ctx: Context) -> Table:
    vol = ctx.annual_volume("ape", "older", APE_PER_YEAR, APE_FLOOR)
    growth = ctx.growth("ape", 0.03, 0.04)
    start = add_months(np.array([ctx.first_start]), -2)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("adult_protection_enquiries", code)
        received = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "adult", growth[ci])
        n = len(received)
        n_people = max(1, int(n / 1.15))
        pidx = rng.integers(0, n_people, n)  # some people have repeat enquiries
        dob = _adult_dob(rng, n_people, ctx.centre, 0.70)
        sex = (rng.random(n_people) < 0.40).astype(np.int16)  # 60% women
        age = np.maximum(completed_years(dob[pidx], received), 18)
        p = ctx.prob("PM18", ci, ctx.t(received), 0.915, 0.55, 0.18)
        within = rng.random(n) < p
        # within the 7 working days: more towards the end, with a clear peak on day 7
        k_in = rng.choice(8, size=n, p=[0.03, 0.05, 0.07, 0.09, 0.11, 0.15, 0.20, 0.30])
        late_far = rng.random(n) < 0.15
        k_late = 8 + np.where(late_far, rng.geometric(0.05, n), rng.geometric(0.35, n)) - 1
        k = np.where(within, k_in, k_late)
        completed = ctx.work.add(received, k)
        never = rng.random(n) < 0.004  # closed without completing the enquiry
        completed = np.where((completed > ctx.extract_date) | never, NAT, completed)
        team_names = teams(ctx, ci, "adults")
        parts.append(
            {
                "enquiry_id": id_col(np.zeros(n), 10),
                "person_id": _person_cols(ctx, ci, _APE, pidx),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "report_received_date": date_col(received),
                "enquiry_completed_date": date_col(completed),
                "age_at_report": int_col(age),
                "sex": cat_col(sex[pidx], SEX),
                "team": cat_col(pick(rng, n, np.linspace(1.5, 1.0, len(team_names))), team_names),
            }
        )
    return concat("adult_protection_enquiries", parts)


# --------------------------------------------------------------------------- PM19
REASONS = ("social_care", "healthcare", "patient_family_choice", "other")


def delayed_transfers(ctx: Context, pop75: np.ndarray) -> Table:
    """Monthly census of people whose transfer of care is delayed (third Thursday).

    People are delayed for spells of one or more consecutive censuses; a person delayed at
    three censuses appears three times. Social-care delays of people aged 75+ are drawn
    at the council's rate per 1,000 of its (scaled) population aged 75+.
    """
    lead = add_months(np.array([ctx.first_start]), -3)[0]
    census = third_thursdays(lead, ctx.extract_date)
    fy_index = np.searchsorted(ctx.snapshots, census)  # requested year of each census
    year_of = np.clip(fy_index, 0, len(ctx.years) - 1)
    share_old, share_social = 0.65, 0.40
    mean_len = 1.0 / 0.6
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("delayed_transfers", code)
        rate = 4.6 * np.exp(ctx.effect("PM19", ci, ctx.t(census), 0.35, 0.10))  # per 1,000 per year
        social_old = rate / 1000 * pop75[ci, year_of] / 12
        total = social_old / (share_old * share_social)
        spells = rng.poisson(total / mean_len)
        # every council has somebody delayed in every year, even at the smallest scales
        for yi in range(len(ctx.years)):
            in_year = np.nonzero(fy_index == yi)[0]
            if len(in_year) and spells[in_year].sum() == 0:
                spells[in_year[int(rng.integers(0, len(in_year)))]] += 1
        start = np.repeat(np.arange(len(census)), spells)
        ns = len(start)
        length = rng.geometric(0.6, ns)
        old = rng.random(ns) < share_old
        age = np.where(
            old,
            75 + np.minimum(rng.gamma(2.0, 4.5, ns), 29).astype(np.int64),
            np.maximum(74 - rng.gamma(2.0, 7.0, ns).astype(np.int64), 18),
        )
        reason = np.where(
            old,
            pick(rng, ns, [0.40, 0.35, 0.15, 0.10]),
            pick(rng, ns, [0.30, 0.45, 0.10, 0.15]),
        )
        sex = np.where(old, rng.random(ns) < 0.38, rng.random(ns) < 0.5).astype(np.int16)
        spell = np.repeat(np.arange(ns), length)
        offset = np.arange(len(spell)) - np.repeat(np.cumsum(length) - length, length)
        j = start[spell] + offset
        keep = j < len(census)
        spell, j = spell[keep], j[keep]
        keep = census[j] >= ctx.first_start
        spell, j = spell[keep], j[keep]
        order = np.lexsort((spell, j))
        spell, j = spell[order], j[order]
        n = len(j)
        parts.append(
            {
                "person_id": _person_cols(ctx, ci, _DTOC, spell),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "census_date": date_col(census[j]),
                "age": int_col(age[spell]),
                "delay_reason_category": cat_col(reason[spell], REASONS),
                "sex": cat_col(sex[spell], SEX),
            }
        )
    return concat("delayed_transfers", parts)


# --------------------------------------------------------------------------- PM20a / PM20b
PACKAGE = ("none", "reduced", "same", "increased", "unknown")


def reablement(ctx: Context) -> Table:
    vol = ctx.annual_volume("reablement", "older", REABLEMENT_PER_YEAR, REABLEMENT_FLOOR)
    growth = ctx.growth("reablement", 0.01, 0.04)
    start = add_months(np.array([ctx.first_start]), -6)[0]  # the first 6-month follow-ups
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("reablement", code)
        end = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "adult", growth[ci])
        end = ctx.work.roll_forward(end)  # reablement closes on a working day
        end = end[end <= ctx.extract_date]
        n = len(end)
        follow = add_months(end, 6)
        t = ctx.t(follow)
        before = rng.random(n) < 0.35
        b_eff = ctx.effect("PM20b", ci, t, 0.45, 0.15)
        a_eff = ctx.effect("PM20a", ci, t, 0.45, 0.15)
        p_none = np.where(before, 1 / (1 + np.exp(-(np.log(0.27 / 0.73) + b_eff))),
                          1 / (1 + np.exp(-(np.log(0.90 / 0.10) + b_eff))))  # fmt: skip
        p_reduced = 1 / (1 + np.exp(-(np.log(0.733 / 0.267) + a_eff)))
        u = rng.random(n)
        v = rng.random(n)
        out = np.where(
            u < p_none,
            0,
            np.where(
                before,
                np.where(v < p_reduced, 1, np.where(rng.random(n) < 0.7, 2, 3)),
                np.where(v < 0.8, 3, 2),
            ),
        )
        lost = (rng.random(n) < 0.03) | (follow > ctx.extract_date)
        out = np.where(lost, 4, out).astype(np.int16)
        n_people = max(1, int(n / 1.06))
        pidx = rng.integers(0, n_people, n)
        team_names = teams(ctx, ci, "reablement")
        parts.append(
            {
                "episode_id": id_col(np.zeros(n), 10),
                "person_id": _person_cols(ctx, ci, _REABLEMENT, pidx),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "reablement_end_date": date_col(end),
                "package_before": bool_col(before),
                "package_6_months": cat_col(out, PACKAGE),
                "end_outcome": reablement_outcome(ctx, ci, end),  # 2020 framework
                "team": cat_col(pick(rng, n, np.ones(len(team_names))), team_names),
            }
        )
    return concat("reablement", parts)


# --------------------------------------------------------------------------- PM21 / PM22
def _residential_age(rng: np.random.Generator, n: int, shift: np.ndarray) -> np.ndarray:
    """Age at admission: about 5% aged 18-64, the rest centred near 86."""
    young = rng.random(n) < 0.05
    ages = np.arange(65, 106)
    w = np.exp(-0.5 * ((ages - 86.3) / 6.6) ** 2)
    old = ages[rng.choice(len(ages), size=n, p=w / w.sum())]
    old = np.clip(np.rint(old + shift), 65, 105)
    return np.where(young, rng.integers(25, 65, n), old).astype(np.int64)


def _length_of_stay(rng: np.random.Generator, n: int, mult: np.ndarray) -> np.ndarray:
    """Days in residential care: some short stays, a long lognormal tail (mean about 830)."""
    short = rng.random(n) < 0.15
    los = np.where(short, rng.exponential(60, n), rng.lognormal(6.45, 0.9, n))
    return np.clip(np.rint(los * mult), 1, 20 * 365).astype(np.int64)


def residential_care(ctx: Context) -> Table:
    """Placements open at any time in the requested years (admissions go back 20 years)."""
    vol = ctx.annual_volume("residential", "older", RESIDENTIAL_PER_YEAR, RESIDENTIAL_FLOOR)
    growth = ctx.growth("residential", 0.0, 0.03)
    window = ctx.first_start
    history = add_years(np.array([window]), -20)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("residential_care", code)
        adm = ctx.sample_dates(rng, history, ctx.extract_date, vol[ci], "weekday", growth[ci])
        n = len(adm)
        t = ctx.t(adm)
        age = _residential_age(rng, n, ctx.effect("PM22", ci, t, 0.9, 0.25))
        dob = add_years(adm, -age) - rng.integers(0, 365, n) * DAY
        # older residents stay less long; nobody lives past 105
        mult = np.exp(ctx.effect("PM21", ci, t, 0.14, 0.05) - 0.03 * (age - 85))
        los = _length_of_stay(rng, n, mult)
        dis = np.minimum(adm + los * DAY, add_years(dob, 105) + rng.integers(0, 365, n) * DAY)
        dis = np.maximum(dis, adm + DAY)
        # some residents move to another home: a follow-on placement for the same person
        moves = (rng.random(n) < 0.06) & (dis < ctx.extract_date)
        m = int(moves.sum())
        adm2 = dis[moves] + rng.integers(0, 4, m) * DAY
        age2 = age[moves] + (adm2 - adm[moves]).astype(np.int64) // 365
        los2 = _length_of_stay(
            rng, m, np.exp(ctx.effect("PM21", ci, ctx.t(adm2), 0.14, 0.05) - 0.03 * (age2 - 85))
        )
        person = np.concatenate([np.arange(n), np.nonzero(moves)[0]])
        adm_all = np.concatenate([adm, adm2])
        dis_all = np.concatenate([dis, adm2 + los2 * DAY])
        funded = rng.random(len(person)) < 0.89
        sex = (rng.random(n) < 0.33).astype(np.int16)[person]
        keep = (adm_all <= ctx.extract_date) & (dis_all >= window)
        idx = np.nonzero(keep)[0]
        idx = idx[np.argsort(adm_all[idx], kind="stable")]
        p = person[idx]
        discharge = np.where(dis_all[idx] > ctx.extract_date, NAT, dis_all[idx])
        k = len(idx)
        parts.append(
            {
                "placement_id": id_col(np.zeros(k), 10),
                "person_id": _person_cols(ctx, ci, _RESIDENTIAL, p),
                "la_code": cat_col(np.full(k, ci), ctx.la_categories),
                "date_of_birth": date_col(dob[p]),
                "admission_date": date_col(adm_all[idx]),
                "discharge_date": date_col(discharge),
                "la_funded": bool_col(funded[idx]),
                "sex": cat_col(sex[idx], SEX),
            }
        )
    return concat("residential_care", parts)


# --------------------------------------------------------------------------- PM23
OUTCOMES = ("advice_assistance", "assessment", "signposted", "no_further_action")


def iaa_contacts(ctx: Context) -> Table:
    """Contacts with the IAA service; some people come back within 6 months, some later."""
    vol = ctx.annual_volume("iaa", "general", IAA_PER_YEAR, IAA_FLOOR)
    growth = ctx.growth("iaa", 0.02, 0.04)
    start = add_months(np.array([ctx.first_start]), -6)[0]  # the first 6-month follow-ups
    history = add_years(np.array([start]), -2)[0]  # people who came earlier and come back
    per_person = 1.45
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("iaa_contacts", code)
        first = ctx.sample_dates(
            rng, history, ctx.extract_date, vol[ci] / per_person, "adult", growth[ci]
        )
        n_people = len(first)
        child = rng.random(n_people) < 0.12
        dob = np.where(
            child,
            first - rng.integers(0, 18 * 365, n_people) * DAY,
            _adult_dob(rng, n_people, ctx.centre, 0.45),
        )
        p_back = 1 - ctx.prob("PM23", ci, ctx.t(first), 0.735, 0.40, 0.12)
        dates = [first]
        who = [np.arange(n_people)]
        frontier, frontier_who, p_now = first, np.arange(n_people), p_back
        for _round in range(3):
            m = len(frontier)
            u = rng.random(m)
            soon = u < p_now
            later = (u >= p_now) & (u < p_now + 0.22)
            # within 6 months: any day up to the 6-month date, some on the same day,
            # some exactly on the boundary
            six = add_months(frontier, 6)
            span = (six - frontier).astype(np.int64)
            gap = (rng.random(m) * (span + 1)).astype(np.int64)
            v = rng.random(m)
            gap = np.where(v < 0.06, 0, np.where(v > 0.96, span, gap))
            nxt = np.where(soon, frontier + gap * DAY, six + (1 + rng.integers(0, 540, m)) * DAY)
            again = soon | later
            nxt, nw = nxt[again], frontier_who[again]
            ok = nxt <= ctx.extract_date
            dates.append(nxt[ok])
            who.append(nw[ok])
            frontier, frontier_who = nxt[ok], nw[ok]
            p_now = p_back[frontier_who] * 0.6
        d = np.concatenate(dates)
        w = np.concatenate(who)
        kept = d >= start
        d, w = d[kept], w[kept]
        order = np.lexsort((w, d))
        d, w = d[order], w[order]
        n = len(d)
        age = np.maximum(completed_years(dob[w], d), 0)
        outcome = pick(rng, n, [0.46, 0.19, 0.25, 0.10])
        sex = (rng.random(n_people) < 0.45).astype(np.int16)
        team_names = teams(ctx, ci, "iaa")
        parts.append(
            {
                "contact_id": id_col(np.zeros(n), 10),
                "person_id": _person_cols(ctx, ci, _IAA, w),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "contact_date": date_col(d),
                "age": int_col(age),
                "outcome": cat_col(outcome, OUTCOMES),
                **contact_columns(ctx, ci, age, d),  # 2020 framework
                "sex": cat_col(sex[w], SEX),
                "team": cat_col(pick(rng, n, np.linspace(1.0, 2.0, len(team_names))), team_names),
            }
        )
    return concat("iaa_contacts", parts)
