"""Children's services: assessments (PM24) and the child protection register (PM27, PM28)."""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context, person_ids, pick, teams
from pm.sample_data._dates import DAY, NAT, add_months, add_years
from pm.sample_data._table import Column, Table, cat_col, concat, date_col, id_col

SEX = ("F", "M")
ID_WIDTH = 8
ASSESSMENTS_PER_YEAR, ASSESSMENTS_FLOOR = 40_000, 26
CPR_PER_YEAR, CPR_FLOOR = 3_000, 24

# child streams (id blocks within a council)
ASSESSED, REGISTERED, LOOKED_AFTER, PLANS, LEAVERS, SHORT_BREAKS = range(6)


def child_ids(ctx: Context, ci: int, stream: int, index: np.ndarray) -> Column:
    return id_col(person_ids(ctx, ci, "child", stream, index), ID_WIDTH)


# --------------------------------------------------------------------------- PM24
def _k_within(rng: np.random.Generator, n: int, limit: int) -> np.ndarray:
    """Working days to completion when on time: rising towards the limit, a peak on the day."""
    k = np.arange(limit + 1, dtype=float)
    w = 1.0 + 2.0 * k / limit
    w[0] = 0.3
    w[limit] += 0.10 * w.sum()
    return rng.choice(limit + 1, size=n, p=w / w.sum())


def child_assessments(ctx: Context) -> Table:
    vol = ctx.annual_volume("assessments", "child", ASSESSMENTS_PER_YEAR, ASSESSMENTS_FLOOR)
    growth = ctx.growth("assessments", 0.01, 0.04)
    start = add_months(np.array([ctx.first_start]), -6)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("child_assessments", code)
        referral = ctx.sample_dates(rng, start, ctx.extract_date, vol[ci], "child", growth[ci])
        n = len(referral)
        n_children = max(1, int(n / 1.2))
        cidx = rng.integers(0, n_children, n)
        sex = (rng.random(n_children) < 0.52).astype(np.int16)
        p = ctx.prob("PM24", ci, ctx.t(referral), 0.897, 0.55, 0.18)
        within = rng.random(n) < p
        k_in = _k_within(rng, n, 42)
        far = rng.random(n) < 0.15
        k_late = 43 + np.where(far, rng.geometric(0.02, n), rng.geometric(0.15, n)) - 1
        completed = ctx.work.add(referral, np.where(within, k_in, k_late))
        withdrawn = rng.random(n) < 0.02
        completed = np.where((completed > ctx.extract_date) | withdrawn, NAT, completed)
        team_names = teams(ctx, ci, "children")
        parts.append(
            {
                "assessment_id": id_col(np.zeros(n), 10),
                "child_id": child_ids(ctx, ci, ASSESSED, cidx),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "referral_date": date_col(referral),
                "assessment_completed_date": date_col(completed),
                "sex": cat_col(sex[cidx], SEX),
                "team": cat_col(pick(rng, n, np.linspace(2.0, 1.0, len(team_names))), team_names),
            }
        )
    return concat("child_assessments", parts)


# --------------------------------------------------------------------------- PM27 / PM28
def cpr_registrations(ctx: Context) -> Table:
    """Registrations of sibling groups; some re-registered within 12 months of leaving the register."""
    vol = ctx.annual_volume("cpr", "child", CPR_PER_YEAR, CPR_FLOOR)
    growth = ctx.growth("cpr", 0.0, 0.04)
    sizes = np.array([0.55, 0.25, 0.12, 0.08])
    mean_size = float((np.arange(1, 5) * sizes).sum())
    window = add_years(np.array([ctx.first_start]), -1)[0]
    history = add_years(np.array([window]), -4)[0]
    parts = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("cpr_registrations", code)
        reg = ctx.sample_dates(
            rng, history, ctx.extract_date, vol[ci] / mean_size, "weekday", growth[ci]
        )
        reg = ctx.work.roll_forward(reg)
        n_fam = len(reg)
        size = pick(rng, n_fam, sizes) + 1
        fam = np.arange(n_fam)

        def duration(at: np.ndarray, ci: int = ci, rng: np.random.Generator = rng) -> np.ndarray:
            mean = 262.0 * np.exp(ctx.effect("PM28", ci, ctx.t(at), 0.15, 0.05))
            return np.maximum(np.rint(rng.gamma(1.8, mean / 1.8)), 10).astype(np.int64)

        dereg = ctx.work.roll_forward(reg + duration(reg) * DAY)
        regs, deregs, fams = [reg], [dereg], [fam]
        cur_dereg, cur_fam = dereg, fam
        for _round in range(2):
            m = len(cur_dereg)
            q = ctx.prob("PM27", ci, ctx.t(cur_dereg), 0.062, 0.45, 0.15)
            u = rng.random(m)
            soon = u < q
            late = (u >= q) & (u < q + 0.05)
            limit = add_months(cur_dereg, 12)
            span = (limit - cur_dereg).astype(np.int64)
            gap = (rng.random(m) * (span + 1)).astype(np.int64)
            v = rng.random(m)
            gap = np.where(
                v < 0.05, span, np.where(v > 0.97, 0, gap)
            )  # on the 12-month day, same day
            just_over = rng.random(m) < 0.04
            new_reg = np.where(
                soon,
                cur_dereg + gap * DAY,
                np.where(just_over, limit + DAY, limit + rng.integers(1, 730, m) * DAY),
            )
            again = (soon | late) & (new_reg <= ctx.extract_date)
            new_reg, new_fam = new_reg[again], cur_fam[again]
            new_dereg = ctx.work.roll_forward(new_reg + duration(new_reg) * DAY)
            regs.append(new_reg)
            deregs.append(new_dereg)
            fams.append(new_fam)
            cur_dereg, cur_fam = new_dereg, new_fam
        f_reg = np.concatenate(regs)
        f_dereg = np.concatenate(deregs)
        f_fam = np.concatenate(fams)
        keep = (f_reg <= ctx.extract_date) & (f_dereg >= window)
        f_reg, f_dereg, f_fam = f_reg[keep], f_dereg[keep], f_fam[keep]
        # one row per child of the sibling group
        first_child = np.cumsum(size) - size
        rep = size[f_fam]
        row_fam = np.repeat(np.arange(len(f_fam)), rep)
        j = np.arange(len(row_fam)) - np.repeat(np.cumsum(rep) - rep, rep)
        child = first_child[f_fam[row_fam]] + j
        r_reg = f_reg[row_fam]
        r_dereg = f_dereg[row_fam]
        order = np.lexsort((child, r_reg))
        child, r_reg, r_dereg = child[order], r_reg[order], r_dereg[order]
        r_dereg = np.where(r_dereg > ctx.extract_date, NAT, r_dereg)
        n = len(child)
        parts.append(
            {
                "registration_id": id_col(np.zeros(n), 10),
                "child_id": child_ids(ctx, ci, REGISTERED, child),
                "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                "registration_date": date_col(r_reg),
                "deregistration_date": date_col(r_dereg),
            }
        )
    return concat("cpr_registrations", parts)
