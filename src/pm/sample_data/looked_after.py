"""Looked-after children (episodes, placements, care and support plans, education) and care leavers.

One simulation per council: children enter care (the history goes back 18 years so that
long episodes are open when the extract starts), move placement more often early in an
episode, leave care for a reason that depends on their age, and some come back. The
31 March snapshots (``care_support_plans``, ``looked_after_education``) are taken from the
same children. Care leavers are a separate stream (their own ids), going back far enough
for everyone still supported in the requested years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pm.sample_data._context import Context, pick
from pm.sample_data._dates import DAY, NAT, add_months, add_years, completed_years, fy_bounds
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
from pm.sample_data.children import LEAVERS, LOOKED_AFTER, PLANS, child_ids
from pm.sample_data.looked_after_2020 import (
    LOCATIONS,
    PLACEMENT_TYPES,
    current_kinds,
    placement_kinds,
    school_changes_excl_adoption_home,
)

SEX = ("F", "M")
REASONS = (
    "returned_home",
    "adopted",
    "special_guardianship",
    "age_18",
    "independent_living",
    "transferred",
    "died",
    "other",
)
STARTS_PER_YEAR, STARTS_FLOOR = 2_200, 15
LEAVERS_PER_YEAR, LEAVERS_FLOOR = 650, 15

# probability of each reason other than returned_home / age_18, by age band at the end
_OTHER = {
    "under5": [0, 0.56, 0.26, 0, 0, 0.045, 0.005, 0.13],
    "5to15": [0, 0.08, 0.40, 0, 0, 0.12, 0.005, 0.395],
    "16plus": [0, 0, 0.05, 0, 0.60, 0.10, 0.0, 0.25],
}
_HOME_FACTOR = {"under5": 0.75, "5to15": 1.15, "16plus": 0.55}
Rows = dict[str, Column]  # one council's rows of a table, column by column
Rng = np.random.Generator

_START_AGE = np.array([4.0, 1.2, 1.1] + [1.0] * 10 + [1.1, 1.2, 1.2, 0.7, 0.3])


def _durations(rng: np.random.Generator, n: int) -> np.ndarray:
    short = rng.random(n) < 0.30
    days = np.where(
        short, rng.exponential(90.0, n) + 1, rng.lognormal(np.log(365.25 * 4.0), 0.9, n)
    )
    return np.minimum(np.rint(days), 25 * 365).astype(np.int64)


def _end_reasons(ctx: Context, ci: int, rng, dob, end, aged_out) -> np.ndarray:
    age = completed_years(dob, end)
    band = np.where(age < 5, 0, np.where(age < 16, 1, 2))
    p_home = ctx.prob("PM26", ci, ctx.t(end), 0.42, 0.30, 0.10)
    reason = np.full(len(end), 7, dtype=np.int16)
    u = rng.random(len(end))
    for b, key in enumerate(("under5", "5to15", "16plus")):
        m = band == b
        home = u[m] < np.minimum(p_home[m] * _HOME_FACTOR[key], 0.95)
        other = pick(rng, int(m.sum()), _OTHER[key])
        reason[m] = np.where(home, 0, other)
    return np.where(aged_out, 3, reason).astype(np.int16)


def _episodes(ctx: Context, ci: int, rng: np.random.Generator, window: np.datetime64):
    vol = ctx.annual_volume("lac_starts", "child", STARTS_PER_YEAR, STARTS_FLOOR)[ci]
    growth = ctx.growth("lac_starts", 0.02, 0.02)[ci]
    history = add_years(np.array([window]), -18)[0]
    start = ctx.sample_dates(rng, history, ctx.extract_date, vol, "weekday", growth)
    n = len(start)
    age = pick(rng, n, _START_AGE).astype(np.int64)
    dob = start - (np.rint(age * 365.25) + rng.integers(0, 365, n)).astype(np.int64) * DAY
    child = np.arange(n)
    # a returned-home child sometimes comes back into care: a second episode
    eighteen = add_years(dob, 18)
    end = start + _durations(rng, n) * DAY
    aged_out = end >= eighteen
    end = np.where(aged_out, eighteen, end)
    reason = _end_reasons(ctx, ci, rng, dob, end, aged_out)
    back = (reason == 0) & (rng.random(n) < 0.12)
    start2 = end[back] + rng.integers(30, 700, int(back.sum())) * DAY
    dob2, child2 = dob[back], child[back]
    ok = (start2 < add_years(dob2, 18)) & (start2 <= ctx.extract_date)
    start2, dob2, child2 = start2[ok], dob2[ok], child2[ok]
    end2 = start2 + _durations(rng, len(start2)) * DAY
    aged2 = end2 >= add_years(dob2, 18)
    end2 = np.where(aged2, add_years(dob2, 18), end2)
    reason2 = _end_reasons(ctx, ci, rng, dob2, end2, aged2)
    start = np.concatenate([start, start2])
    end = np.concatenate([end, end2])
    dob = np.concatenate([dob, dob2])
    child = np.concatenate([child, child2])
    reason = np.concatenate([reason, reason2])
    return start, end, dob, child, reason


def _dental(ctx: Context, ci: int, rng, start, end) -> np.ndarray:
    n = len(start)
    f = add_months(start, 3)
    p = ctx.prob("PM30", ci, ctx.t(f), 0.56, 0.45, 0.15)
    span = (f - start).astype(np.int64)
    in_time = start + (rng.random(n) * (span + 1)).astype(np.int64) * DAY
    in_time = np.where(rng.random(n) < 0.05, f, in_time)  # on the 3-month day itself
    u = rng.random(n)
    later = f + rng.integers(1, 270, n) * DAY
    before = start - rng.integers(1, 300, n) * DAY
    d = np.where(
        rng.random(n) < p, in_time, np.where(u < 0.55, later, np.where(u < 0.90, NAT, before))
    )
    return np.where((d > ctx.extract_date) | (d > end), NAT, d)


def _placements(ctx: Context, ci: int, rng, start, end):
    """Placement boundaries within each episode: moves are more likely early in an episode."""
    n = len(start)
    dur = (end - start).astype(np.int64)
    mult = np.exp(ctx.effect("PM33", ci, ctx.t(start), 0.22, 0.08))
    len1 = np.minimum(dur, 183)
    len2 = np.maximum(dur - 183, 0)
    m1 = rng.poisson(1.3 * mult * len1 / 365.25)
    m2 = rng.poisson(0.40 * mult * len2 / 365.25)
    e1 = np.repeat(np.arange(n), m1)
    e2 = np.repeat(np.arange(n), m2)
    t1 = start[e1] + (1 + (rng.random(len(e1)) * len1[e1])).astype(np.int64) * DAY
    t2 = start[e2] + (183 + (rng.random(len(e2)) * len2[e2])).astype(np.int64) * DAY
    ep = np.concatenate([np.arange(n), e1, e2])
    ps = np.concatenate([start, t1, t2])
    order = np.lexsort((ps, ep))
    ep, ps = ep[order], ps[order]
    pe = np.empty_like(ps)
    pe[:-1] = ps[1:]
    last = np.ones(len(ep), dtype=bool)
    last[:-1] = ep[1:] != ep[:-1]
    pe[last] = end[ep[last]]
    keep = pe > ps  # drop zero-length placements (two moves on one day)
    return ep[keep], ps[keep], pe[keep], last[keep]


def _gp(ctx: Context, ci: int, rng, ps) -> np.ndarray:
    n = len(ps)
    p = ctx.prob("PM31", ci, ctx.t(ps), 0.77, 0.45, 0.15)
    already = ps - rng.integers(0, 1500, n) * DAY
    w = np.array([0.12, 0.14, 0.12, 0.10, 0.09, 0.08, 0.07, 0.07, 0.07, 0.06, 0.10])
    k = rng.choice(11, size=n, p=w / w.sum())
    on_time = np.where(rng.random(n) < 0.25, already, ctx.work.add(ps, k))
    late = ctx.work.add(ps, 11 + rng.geometric(0.08, n) - 1)
    late = np.where(rng.random(n) < 0.4, NAT, late)
    d = np.where(rng.random(n) < p, on_time, late)
    return np.where(d > ctx.extract_date, NAT, d)


@dataclass
class _Care:
    """One council's simulated children in care: their episodes (start, end, date of birth,
    child, reason ended) and the placements within them (episode, start, end, and whether
    it is the episode's last)."""

    start: np.ndarray
    end: np.ndarray
    dob: np.ndarray
    child: np.ndarray
    reason: np.ndarray
    ep: np.ndarray
    ps: np.ndarray
    pe: np.ndarray
    last: np.ndarray
    kind: np.ndarray | None = None  # placement type and location (the 2020 framework)
    location: np.ndarray | None = None


def looked_after(ctx: Context) -> dict[str, Table]:
    window = add_years(np.array([ctx.first_start]), -1)[0]
    parts: dict[str, list[Rows]] = {k: [] for k in ("episodes", "placements", "plans", "education")}
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("looked_after", code)
        start, end, dob, child, reason = _episodes(ctx, ci, rng, window)
        dental = _dental(ctx, ci, rng, start, end)
        sex = (rng.random(child.max() + 1 if len(child) else 0) < 0.47).astype(np.int16)
        ep, ps, pe, last = _placements(ctx, ci, rng, start, end)
        gp = _gp(ctx, ci, rng, ps)
        care = _Care(start, end, dob, child, reason, ep, ps, pe, last)
        care.kind, care.location = placement_kinds(ctx, ci, care)
        parts["episodes"].append(_episode_rows(ctx, ci, care, window, dental, sex))
        parts["placements"].append(_placement_rows(ctx, ci, rng, care, window, gp))
        # ---- 31 March snapshots
        prev_plans = np.empty(0, dtype=np.int64)
        next_plan = 0
        for label in ctx.years:
            _, snap = fy_bounds(label)
            lac = np.nonzero((start <= snap) & (end > snap))[0]
            lac = lac[np.argsort(child[lac], kind="stable")]
            parts["education"].append(_education_rows(ctx, ci, rng, care, lac, label))
            plans, next_plan = _supported_at_home(
                ctx, ci, rng, len(lac), snap, prev_plans, next_plan
            )
            prev_plans = plans
            parts["plans"].append(_plan_rows(ctx, ci, child[lac], plans, snap))
    return {
        "looked_after_episodes": concat("looked_after_episodes", parts["episodes"]),
        "looked_after_placements": concat("looked_after_placements", parts["placements"]),
        "care_support_plans": concat("care_support_plans", parts["plans"]),
        "looked_after_education": concat("looked_after_education", parts["education"]),
    }


def _episode_rows(
    ctx: Context, ci: int, care: _Care, window: np.datetime64, dental: np.ndarray, sex: np.ndarray
) -> Rows:
    """Episodes overlapping the extract window; those still open have no end date."""
    start, end, child = care.start, care.end, care.child
    keep = (start <= ctx.extract_date) & (end >= window)
    idx = np.nonzero(keep)[0]
    idx = idx[np.lexsort((child[idx], start[idx]))]
    open_ = end[idx] > ctx.extract_date
    n = len(idx)
    return {
        "episode_id": id_col(np.zeros(n), 10),
        "child_id": child_ids(ctx, ci, LOOKED_AFTER, child[idx]),
        "la_code": cat_col(np.full(n, ci), ctx.la_categories),
        "date_of_birth": date_col(care.dob[idx]),
        "episode_start_date": date_col(start[idx]),
        "episode_end_date": date_col(np.where(open_, NAT, end[idx])),
        "reason_episode_ended": cat_col(np.where(open_, -1, care.reason[idx]), REASONS),
        "dental_check_date": date_col(dental[idx]),
        "sex": cat_col(sex[child[idx]], SEX),
    }


def _placement_rows(
    ctx: Context, ci: int, rng: Rng, care: _Care, window: np.datetime64, gp: np.ndarray
) -> Rows:
    """Placements overlapping the window; a very few earlier placements left open."""
    ep, ps, pe = care.ep, care.ps, care.pe
    pkeep = (ps <= ctx.extract_date) & (pe >= window)
    pidx = np.nonzero(pkeep)[0]
    pidx = pidx[np.lexsort((care.child[ep[pidx]], ps[pidx]))]
    p_end = np.where(pe[pidx] > ctx.extract_date, NAT, pe[pidx])
    left_open = (~care.last[pidx]) & (rng.random(len(pidx)) < 0.003)
    p_end = np.where(left_open, NAT, p_end)
    m = len(pidx)
    return {
        "placement_id": id_col(np.zeros(m), 10),
        "child_id": child_ids(ctx, ci, LOOKED_AFTER, care.child[ep[pidx]]),
        "la_code": cat_col(np.full(m, ci), ctx.la_categories),
        "placement_start_date": date_col(ps[pidx]),
        "placement_end_date": date_col(p_end),
        "gp_registered_date": date_col(gp[pidx]),
        "placement_type": cat_col(care.kind[pidx], PLACEMENT_TYPES),
        "placement_location": cat_col(care.location[pidx], LOCATIONS),
    }


def _education_rows(
    ctx: Context, ci: int, rng: Rng, care: _Care, lac: np.ndarray, label: str
) -> Rows:
    """The 31 March education snapshot of the children looked after: school changes (more
    after placement moves) and key-stage results for the two cohorts that sit them."""
    fy_start, snap = fy_bounds(label)
    k = len(lac)
    in_year = (care.ps <= snap) & (care.pe >= fy_start)
    n_in_year = np.bincount(care.ep[in_year], minlength=len(care.start))[lac]
    age = completed_years(care.dob[lac], np.full(k, snap))
    aug31 = np.datetime64(f"{int(label[:4])}-08-31")
    school_age = (age >= 5) & (age <= 16)
    p = ctx.prob("PM32", ci, ctx.t(np.full(k, snap)), 0.10, 0.35, 0.10)
    p = np.where(n_in_year >= 2, np.minimum(p * 2.6, 0.9), p)
    changes = np.where(school_age & (rng.random(k) < p), pick(rng, k, [0.80, 0.15, 0.05]) + 1, 0)
    cohort_age = completed_years(care.dob[lac], np.full(k, aug31))
    ks2 = rng.random(k) < ctx.prob("PM29a", ci, ctx.t(np.full(k, snap)), 0.60, 0.35, 0.10)
    ks4 = rng.random(k) < ctx.prob("PM29b", ci, ctx.t(np.full(k, snap)), 0.20, 0.35, 0.10)
    return {
        "child_id": child_ids(ctx, ci, LOOKED_AFTER, care.child[lac]),
        "la_code": cat_col(np.full(k, ci), ctx.la_categories),
        "snapshot_date": date_col(np.full(k, snap)),
        "school_changes_non_transitional": int_col(changes),
        "ks2_csi": bool_col(ks2, missing=cohort_age != 10),
        "ks4_csi": bool_col(ks4, missing=cohort_age != 15),
        "school_changes_excl_adoption_home": int_col(
            school_changes_excl_adoption_home(
                ctx, ci, label, changes, current_kinds(care, care.kind, lac, snap)
            )
        ),
    }


def _supported_at_home(
    ctx: Context,
    ci: int,
    rng: Rng,
    k: int,
    snap: np.datetime64,
    prev_plans: np.ndarray,
    next_plan: int,
) -> tuple[np.ndarray, int]:
    """Children with a care and support plan at home on 31 March beside the `k` looked
    after (about half carried over from the year before), and the next unused number."""
    q = ctx.prob("PM25", ci, ctx.t(np.array([snap])), 0.575, 0.30, 0.12)[0]
    target = int(rng.poisson(k * q / (1 - q))) if k else int(rng.poisson(3))
    carried = prev_plans[rng.random(len(prev_plans)) < 0.55][:target]
    new = np.arange(next_plan, next_plan + target - len(carried))
    return np.sort(np.concatenate([carried, new])), next_plan + len(new)


def _plan_rows(
    ctx: Context, ci: int, looked_after_children: np.ndarray, plans: np.ndarray, snap: np.datetime64
) -> Rows:
    """Care and support plans on 31 March: the looked-after children, then those at home."""
    k = len(looked_after_children)
    ids = np.concatenate(
        [
            person_child(ctx, ci, LOOKED_AFTER, looked_after_children),
            person_child(ctx, ci, PLANS, plans),
        ]
    )
    flag = np.concatenate([np.ones(k, dtype=np.int16), np.zeros(len(plans), dtype=np.int16)])
    order = np.argsort(ids, kind="stable")
    return {
        "child_id": id_col(ids[order], 8),
        "la_code": cat_col(np.full(len(ids), ci), ctx.la_categories),
        "snapshot_date": date_col(np.full(len(ids), snap)),
        "looked_after": bool_col(flag[order]),
    }


def person_child(ctx: Context, ci: int, stream: int, index: np.ndarray) -> np.ndarray:
    return child_ids(ctx, ci, stream, index).values


# --------------------------------------------------------------------------- PM34 / PM35
def care_leavers(ctx: Context) -> dict[str, Table]:
    vol = ctx.annual_volume("care_leavers", "child", LEAVERS_PER_YEAR, LEAVERS_FLOOR)
    growth = ctx.growth("care_leavers", 0.02, 0.03)
    window = add_years(np.array([ctx.first_start]), -1)[0]
    history = add_years(np.array([window]), -9)[0]
    leavers, homeless = [], []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("care_leavers", code)
        left = ctx.sample_dates(rng, history, ctx.extract_date, vol[ci], "weekday", growth[ci])
        n = len(left)
        age_left = pick(rng, n, [0.12, 0.18, 0.70]) + 16
        u = rng.random(n)
        support_end = np.where(
            u < 0.10,
            left + rng.integers(180, 1000, n) * DAY,
            np.where(
                u < 0.65,
                add_years(left, 21 - age_left) + rng.integers(-30, 60, n) * DAY,
                add_years(left, 25 - age_left) - rng.integers(0, 365, n) * DAY,
            ),
        )
        due12 = add_months(left, 12)
        due24 = add_months(left, 24)
        latent12 = rng.random(n) < ctx.prob("PM34a", ci, ctx.t(due12), 0.575, 0.40, 0.12)
        fresh24 = rng.random(n) < ctx.prob("PM34b", ci, ctx.t(due24), 0.40, 0.40, 0.12)
        latent24 = np.where(rng.random(n) < 0.70, latent12, fresh24)
        unknown12 = (due12 > ctx.extract_date) | (rng.random(n) < 0.08)
        unknown24 = (due24 > ctx.extract_date) | (rng.random(n) < 0.10)
        # homelessness while supported (and a few episodes just before leaving care)
        supported_until = np.minimum(support_end, ctx.extract_date)
        years = np.maximum((supported_until - left).astype(np.int64), 0) / 365.25
        rate = 0.12 * np.exp(ctx.effect("PM35", ci, ctx.t(left), 0.35, 0.10))
        k = rng.poisson(rate * years)
        who = np.repeat(np.arange(n), k)
        span = (supported_until - left).astype(np.int64)[who]
        h = left[who] + (rng.random(len(who)) * (span + 1)).astype(np.int64) * DAY
        pre = np.nonzero(rng.random(n) < 0.03)[0]
        h = np.concatenate([h, left[pre] - rng.integers(1, 180, len(pre)) * DAY])
        who = np.concatenate([who, pre])
        hk = (h >= window) & (h <= ctx.extract_date)
        h, who = h[hk], who[hk]
        order = np.lexsort((who, h))
        h, who = h[order], who[order]
        # the extract lists everyone supported at some time since the window began
        keep = (support_end >= window) | (left >= add_years(np.array([window]), -2)[0])
        idx = np.nonzero(keep)[0]
        m = len(idx)
        leavers.append(
            {
                "young_person_id": child_ids(ctx, ci, LEAVERS, idx),
                "la_code": cat_col(np.full(m, ci), ctx.la_categories),
                "date_left_care": date_col(left[idx]),
                "support_end_date": date_col(
                    np.where(support_end[idx] > ctx.extract_date, NAT, support_end[idx])
                ),
                "eet_12_months": bool_col(latent12[idx], missing=unknown12[idx]),
                "eet_24_months": bool_col(latent24[idx], missing=unknown24[idx]),
            }
        )
        homeless.append(
            {
                "young_person_id": child_ids(ctx, ci, LEAVERS, who),
                "la_code": cat_col(np.full(len(who), ci), ctx.la_categories),
                "homelessness_start_date": date_col(h),
            }
        )
    return {
        "care_leavers": concat("care_leavers", leavers),
        "care_leaver_homelessness": concat("care_leaver_homelessness", homeless),
    }
