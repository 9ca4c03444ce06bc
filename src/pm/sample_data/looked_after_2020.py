"""The data items the 2020 framework's children's metrics need (CH/040, CH/044, CH/046-048).

Placement type and location for every placement, the school changes that CH/044 counts
(PM32's less moves associated with adoption and moves home) and the ``short_breaks``
dataset. Every draw comes from its own random stream, so adding these items changed no
value of the columns the 2016 measures read.

Shares follow the Welsh Government's *Children looked after by local authorities* releases
for 31 March 2023 and 2024, read approximately: about 69% in foster care (about a third of
them with relatives or friends), 14% placed with parents, 10% in children's homes, secure
units or hostels, 3% placed for adoption, 3% living independently or elsewhere; about 66%
placed within their home council. The share placed outside Wales is not in those
summaries: about 5% here. Short breaks: a few hundred children in Wales (StatsWales'
respite-care table counted about 500 children in the year 2014-15); no 31 March figure is
held, so about 400 at scale 1 is a plausible figure, not a published one.
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context
from pm.sample_data._dates import DAY, NAT, add_years, completed_years
from pm.sample_data._table import Column, Table, cat_col, concat, date_col, id_col
from pm.sample_data.children import SHORT_BREAKS, child_ids

PLACEMENT_TYPES = (
    "parents",
    "kinship_foster",
    "foster",
    "adoption",
    "residential",
    "independent_living",
    "other",
)
LOCATIONS = ("in_council", "other_wales", "outside_wales")
SHORT_BREAK_STARTS, SHORT_BREAK_FLOOR = 200, 4
SEX = ("F", "M")

# placement type weights (in the order of PLACEMENT_TYPES) by age at the start: under 5,
# 5 to 15, 16 and over
_TYPE_WEIGHTS = np.array(
    [
        [0.12, 0.25, 0.53, 0.04, 0.02, 0.00, 0.04],
        [0.11, 0.25, 0.50, 0.005, 0.12, 0.00, 0.015],
        [0.07, 0.15, 0.32, 0.00, 0.18, 0.26, 0.02],
    ]
)
# location weights (in the order of LOCATIONS) by placement type
_LOCATION_WEIGHTS = np.array(
    [
        [0.86, 0.12, 0.02],
        [0.70, 0.25, 0.05],
        [0.66, 0.30, 0.04],
        [0.45, 0.48, 0.07],
        [0.38, 0.44, 0.18],
        [0.72, 0.26, 0.02],
        [0.52, 0.36, 0.12],
    ]
)
_ADOPTED, _RETURNED_HOME = 1, 0  # reason codes of looked_after.REASONS


def _draw(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One category per row of a weights matrix (rows need not sum to 1)."""
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return (u[:, None] >= cum).sum(axis=1).astype(np.int16)


def placement_kinds(ctx: Context, ci: int, care) -> tuple[np.ndarray, np.ndarray]:
    """Type and location codes of every placement of one council's simulated children.

    ``care`` is ``looked_after._Care``. A council leans more or less on family and friends
    (its CH046 effect) and places more or fewer children away from home (its CH047 and
    CH048 effects). The last placement before an adoption is mostly a placement for
    adoption; a child who went home was often placed with parents first.
    """
    rng = ctx.rng("looked_after", "placement-kind", ctx.codes[ci])
    ep, ps = care.ep, care.ps
    n = len(ep)
    age = completed_years(care.dob[ep], ps)
    band = np.where(age < 5, 0, np.where(age < 16, 1, 2))
    w = _TYPE_WEIGHTS[band].copy()
    family = np.exp(ctx.effect("CH046", ci, ctx.t(ps), 0.35, 0.08))
    w[:, 0] *= family
    w[:, 1] *= family
    ending = care.reason[ep]
    adopted = care.last & (ending == _ADOPTED) & (rng.random(n) < 0.6)
    home = care.last & (ending == _RETURNED_HOME) & (rng.random(n) < 0.25)
    kind = np.where(adopted, 3, np.where(home, 0, _draw(rng, w))).astype(np.int16)
    lw = _LOCATION_WEIGHTS[kind].copy()
    t = ctx.t(ps)
    lw[:, 1] *= np.exp(ctx.effect("CH047", ci, t, 0.40, 0.05))
    lw[:, 2] *= np.exp(ctx.effect("CH048", ci, t, 0.50, 0.05))
    return kind, _draw(rng, lw)


def school_changes_excl_adoption_home(
    ctx: Context, ci: int, label: str, changes: np.ndarray, current_kind: np.ndarray
) -> np.ndarray:
    """Of PM32's school changes, those that are not associated with adoption or a move
    home: about one change in ten is, and most of them for a child now placed for adoption
    or with parents."""
    rng = ctx.rng("looked_after", "school-changes-excl-adoption-home", ctx.codes[ci], label)
    p = np.where((current_kind == 0) | (current_kind == 3), 0.55, 0.07)
    left_out = rng.binomial(np.maximum(changes, 0), p)
    return changes - left_out


def current_kinds(care, kinds: np.ndarray, lac: np.ndarray, snap: np.datetime64) -> np.ndarray:
    """The type of the placement each child in ``lac`` (episode indexes) is in on ``snap``:
    of the placements open that day, the one that started last."""
    open_ = np.nonzero((care.ps <= snap) & (care.pe > snap))[0]
    by_episode = np.full(len(care.start), 2, dtype=np.int16)  # foster if none is found
    order = open_[np.argsort(care.ps[open_], kind="stable")]
    by_episode[care.ep[order]] = kinds[order]  # later starts overwrite earlier ones
    return by_episode[lac]


def short_breaks(ctx: Context) -> Table:
    """Arrangements for a series of short breaks under section 76, mostly for disabled
    children, lasting months to years; a few children have a second arrangement later."""
    vol = ctx.annual_volume("short_breaks", "child", SHORT_BREAK_STARTS, SHORT_BREAK_FLOOR)
    growth = ctx.growth("short_breaks", 0.01, 0.04)
    window = add_years(np.array([ctx.first_start]), -1)[0]
    history = add_years(np.array([window]), -6)[0]
    parts: list[dict[str, Column]] = []
    for ci, code in enumerate(ctx.codes):
        rng = ctx.rng("short_breaks", code)
        start = ctx.sample_dates(rng, history, ctx.extract_date, vol[ci], "weekday", growth[ci])
        n = len(start)
        days = np.rint(rng.lognormal(np.log(365.25 * 1.3), 0.7, n)).astype(np.int64)
        end = start + np.maximum(days, 28) * DAY
        child = np.arange(n)
        again = np.nonzero(rng.random(n) < 0.08)[0]
        start2 = end[again] + rng.integers(60, 500, len(again)) * DAY
        end2 = (
            start2 + np.rint(rng.lognormal(np.log(300.0), 0.6, len(again))).astype(np.int64) * DAY
        )
        start = np.concatenate([start, start2])
        end = np.concatenate([end, end2])
        child = np.concatenate([child, child[again]])
        keep = np.nonzero((start <= ctx.extract_date) & (end >= window))[0]
        keep = keep[np.lexsort((child[keep], start[keep]))]
        sex = (rng.random(n) < 0.36).astype(np.int16)  # about two in three are boys
        m = len(keep)
        parts.append(
            {
                "arrangement_id": id_col(np.zeros(m), 10),
                "child_id": child_ids(ctx, ci, SHORT_BREAKS, child[keep]),
                "la_code": cat_col(np.full(m, ci), ctx.la_categories),
                "arrangement_start_date": date_col(start[keep]),
                "arrangement_end_date": date_col(
                    np.where(end[keep] > ctx.extract_date, NAT, end[keep])
                ),
                "sex": cat_col(sex[child[keep]], SEX),
            }
        )
    return concat("short_breaks", parts)
