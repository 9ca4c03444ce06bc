"""The ``population`` dataset: council × mid-year × single year of age × sex.

A smooth Welsh age profile (about 3.1 million people, 75+ close to 10%), tilted by each
council's rurality (older rural councils, younger cities), growing slowly and ageing
year on year. Values are multiplied by the run's scale so that rates per 1,000 stay
realistic whatever the volume of the other datasets.
"""

from __future__ import annotations

import numpy as np

from pm.sample_data._context import Context
from pm.sample_data._table import Table, cat_col, concat, int_col

AGES = np.arange(91)  # 90 = 90 and over
# Wales, both sexes, thousands of people at selected single years of age (about mid-2022)
_ANCHORS = {
    0: 28.5, 4: 32.5, 10: 36.0, 17: 35.0, 20: 40.0, 25: 39.0, 30: 39.5, 35: 38.0,
    40: 36.0, 45: 36.5, 50: 41.0, 55: 45.0, 60: 44.0, 65: 39.0, 70: 37.0, 74: 38.0,
    75: 33.0, 78: 27.5, 80: 22.5, 85: 14.0, 89: 8.0,
}  # fmt: skip
_NINETY_PLUS = 24.0
# share of women by age
_FEMALE = np.interp(
    AGES,
    [0, 49, 50, 64, 65, 74, 77, 82, 87, 90],
    [0.488, 0.50, 0.505, 0.505, 0.515, 0.515, 0.53, 0.56, 0.61, 0.70],
)


def wales_profile() -> np.ndarray:
    """People by single year of age 0..90 (thousands), both sexes."""
    x = np.array(sorted(_ANCHORS))
    y = np.array([_ANCHORS[a] for a in x])
    prof = np.interp(AGES[:90], x, y)
    return np.append(prof, _NINETY_PLUS)


def _tilt(rurality: str) -> np.ndarray:
    t = np.ones(91)
    if rurality == "rural":
        t[18:30] *= 0.80
        t[65:] *= 1.25
    elif rurality == "urban":
        t[18:25] *= 1.35
        t[25:40] *= 1.10
        t[65:] *= 0.82
    return t


def generate(ctx: Context) -> tuple[Table, np.ndarray]:
    """The population table, and people aged 75+ by council × requested year (scaled)."""
    base = wales_profile()
    first_years = np.array([int(y[:4]) for y in ctx.years])
    parts = []
    pop75 = np.zeros((len(ctx.councils), len(ctx.years)))
    for ci, council in enumerate(ctx.councils):
        rng = ctx.rng("population", council["code"])
        prof = base * _tilt(council.get("rurality", ""))
        prof *= np.exp(rng.normal(0, 0.04, 91))
        prof *= council["population"] / prof.sum()
        for yi, year in enumerate(first_years):
            dt = year - 2022
            growth = np.exp(dt * (0.004 + 0.012 * (AGES >= 75)))
            both = prof * growth
            female = both * _FEMALE * np.exp(rng.normal(0, 0.02, 91))
            male = both * (1 - _FEMALE) * np.exp(rng.normal(0, 0.02, 91))
            counts = np.rint(np.concatenate([female, male]) * ctx.scale).astype(np.int64)
            counts = np.maximum(counts, 1)
            pop75[ci, yi] = counts[np.concatenate([AGES, AGES]) >= 75].sum()
            n = len(counts)
            parts.append(
                {
                    "la_code": cat_col(np.full(n, ci), ctx.la_categories),
                    "year": int_col(np.full(n, year)),
                    "age": int_col(np.concatenate([AGES, AGES])),
                    "sex": cat_col(np.repeat([0, 1], 91), ("F", "M")),
                    "population": int_col(counts),
                }
            )
    return concat("population", parts), pop75
