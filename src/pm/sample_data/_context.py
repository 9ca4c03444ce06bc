"""Shared state of one generation run: councils, random streams, council effects, volumes.

Every random stream is derived from the seed and the *names* of what it generates
(dataset, council, measure) through ``numpy.random.SeedSequence``; nothing depends on
the order in which the generator happens to visit datasets or councils.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from pm.sample_data._dates import DAY, WorkCalendar, day_of_year, day_range, fy_bounds, ymd

# Codes that look like ONS council codes but are not Welsh councils (W06000007 and
# W06000017 were never issued): the unknown-la_code fault uses them.
UNKNOWN_LA_CODES = ("W06000099", "W06000007", "W06000017")


def councils_file() -> Path:
    """Where councils.yaml lives: the installed copy first, then the source tree."""
    try:
        shipped = (
            resources.files("pm")
            / "_shipped"
            / "technical_guidance"
            / "reference"
            / "councils.yaml"
        )
        if shipped.is_file():
            return Path(str(shipped))
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover
        pass
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "technical_guidance" / "reference" / "councils.yaml"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("technical_guidance/reference/councils.yaml not found")


def load_councils() -> list[dict]:
    with open(councils_file(), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return list(data["councils"])


def name_key(*parts: object) -> list[int]:
    """A stable list of integers for SeedSequence from names and numbers."""
    out = []
    for part in parts:
        if isinstance(part, (int, np.integer)):
            out.append(int(part) & 0xFFFFFFFF)
        else:
            out.append(zlib.crc32(str(part).encode("utf-8")))
    return out


def expit(x):
    return 1.0 / (1.0 + np.exp(-x))


def logit(p):
    return np.log(p / (1.0 - p))


# Council demand profiles: how much more (or less) of each family of services a council
# uses than its share of the population, by the rurality recorded in councils.yaml.
DEMAND = {
    "older": {"rural": 1.15, "urban": 0.90, "valleys": 1.00},
    "child": {"rural": 0.85, "urban": 1.00, "valleys": 1.20},
    "general": {"rural": 1.00, "urban": 1.00, "valleys": 1.05},
}


@dataclass
class Context:
    seed: int
    scale: float
    years: list[str]
    councils: list[dict] = field(default_factory=load_councils)

    # ----------------------------------------------------------------- time frame
    @cached_property
    def first_start(self) -> np.datetime64:
        return fy_bounds(self.years[0])[0]

    @cached_property
    def extract_date(self) -> np.datetime64:
        """The day the synthetic extract was taken: the last day of the last year."""
        return fy_bounds(self.years[-1])[1]

    @cached_property
    def centre(self) -> np.datetime64:
        return self.first_start + (self.extract_date - self.first_start) // 2

    @cached_property
    def snapshots(self) -> np.ndarray:
        return np.array([fy_bounds(y)[1] for y in self.years], dtype="datetime64[D]")

    @cached_property
    def work(self) -> WorkCalendar:
        return WorkCalendar(self.first_start - np.timedelta64(30 * 366, "D"), self.extract_date)

    @property
    def codes(self) -> list[str]:
        return [c["code"] for c in self.councils]

    @property
    def la_categories(self) -> tuple[str, ...]:
        return tuple(self.codes) + UNKNOWN_LA_CODES

    # ----------------------------------------------------------------- randomness
    def rng(self, *names: object) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(name_key(self.seed, *names)))

    @cached_property
    def _population_share(self) -> np.ndarray:
        pop = np.array([c["population"] for c in self.councils], dtype=float)
        return pop / pop.sum()

    def demand_share(self, family: str) -> np.ndarray:
        """Each council's share of the Wales volume of a family of services."""
        cache = self.__dict__.setdefault("_demand_cache", {})
        if family not in cache:
            cache[family] = self._draw_demand(family)
        return cache[family]

    def _draw_demand(self, family: str) -> np.ndarray:
        rng = self.rng("demand", family)
        persistent = np.exp(rng.normal(0.0, 0.10, len(self.councils)))
        mult = np.array([DEMAND[family].get(c.get("rurality", ""), 1.0) for c in self.councils])
        w = self._population_share * mult * persistent
        return w / w.sum()

    def annual_volume(
        self, stream: str, family: str, wales_per_year: float, floor: float
    ) -> np.ndarray:
        """Expected records per council per year.

        ``scale`` times the council's share of the realistic Wales volume, with a soft floor
        sqrt(v² + f²) so that small councils keep workable denominators when the scale is
        small. The floor f is ``floor`` for the smallest council and grows with the square
        root of population (2.5 times as much for Cardiff), so that bigger councils stay
        bigger even where the floor dominates. Well above the floor it has no visible effect.
        """
        v = self.scale * wales_per_year * self.demand_share(family)
        f = floor * np.sqrt(self._population_share / self._population_share.min())
        return np.sqrt(v * v + f * f)

    def growth(self, stream: str, mean: float = 0.01, sd: float = 0.03) -> np.ndarray:
        """Yearly volume growth of each council for a stream (some grow, some shrink)."""
        return self.rng("growth", stream).normal(mean, sd, len(self.councils))

    def _effects(self, measure: str) -> tuple[np.ndarray, np.ndarray]:
        cache = self.__dict__.setdefault("_effect_cache", {})
        if measure not in cache:
            cache[measure] = self._draw_effects(measure)
        return cache[measure]

    def _draw_effects(self, measure: str) -> tuple[np.ndarray, np.ndarray]:
        rng = self.rng("effect", measure)
        level = rng.normal(size=len(self.councils))
        slope = rng.normal(size=len(self.councils))
        level = (level - level.mean()) / level.std()
        slope = (slope - slope.mean()) / slope.std()
        return level, slope

    def effect(self, measure: str, council: int, t: np.ndarray, sd_level: float, sd_trend: float):
        """A council's persistent level plus its own trend (per year) at times t (years)."""
        level, slope = self._effects(measure)
        # trends run through the requested years only: older history keeps the first year's level
        t = np.clip(t, self._t_range[0], self._t_range[1])
        return sd_level * level[council] + sd_trend * slope[council] * t

    def prob(self, measure: str, council: int, t, base: float, sd_level: float, sd_trend: float):
        """A council-and-time-specific probability around a Wales base value."""
        return expit(
            logit(base) + self.effect(measure, council, np.asarray(t, float), sd_level, sd_trend)
        )

    @cached_property
    def _t_range(self) -> tuple[float, float]:
        lo = float(self.t(np.array([self.first_start]))[0])
        hi = float(self.t(np.array([self.extract_date]))[0])
        return lo, hi

    def t(self, d: np.ndarray) -> np.ndarray:
        """Years from the middle of the requested period (for trends)."""
        return (d - self.centre).astype(np.float64) / 365.25

    # ----------------------------------------------------------------- dates
    def day_weights(self, days: np.ndarray, kind: str) -> np.ndarray:
        """Relative activity of each calendar day (mean about 1 over a year)."""
        work = self.work.is_workday(days)
        dow = (days.astype(np.int64) + 3) % 7  # 0 = Monday
        _, month, dom = ymd(days)
        doy = day_of_year(days)
        w = np.where(work, 1.0, np.where(dow >= 5, 0.10, 0.15))
        christmas = ((month == 12) & (dom >= 22)) | ((month == 1) & (dom <= 3))
        w = np.where(christmas, w * 0.6, w)
        if kind == "adult":
            w = w * (1.0 + 0.08 * np.cos(2 * np.pi * (doy - 15) / 365.25))  # winter pressures
        elif kind == "child":
            summer = (month == 8) | ((month == 7) & (dom >= 22))
            autumn = (month >= 9) & (month <= 11)
            w = w * np.where(summer, 0.8, np.where(autumn, 1.1, 1.0))
        elif kind == "any":
            w = np.ones(len(days))
        return w * (len(days) / w.sum()) if len(days) else w

    def sample_dates(
        self,
        rng: np.random.Generator,
        start: np.datetime64,
        end: np.datetime64,
        per_year: float,
        kind: str,
        growth: float = 0.0,
    ) -> np.ndarray:
        """Event dates between start and end: Poisson count, daily weights, yearly growth."""
        days = day_range(start, end)
        w = self.day_weights(days, kind) * np.exp(np.log1p(growth) * self.t(days))
        expected = per_year * w.sum() / 365.25
        n = int(rng.poisson(expected))
        if n == 0:
            return np.array([], dtype="datetime64[D]")
        idx = rng.choice(len(days), size=n, p=w / w.sum())
        return np.sort(days[idx])

    def plus_days(self, d: np.ndarray, k) -> np.ndarray:
        return d + np.asarray(k, dtype=np.int64) * DAY


def scramble(index, rng: np.random.Generator, digits: int) -> np.ndarray:
    """Pseudonymous numbers: a random permutation of 0 .. 10**digits - 1 applied to index.

    A four-round Feistel network on two halves of ``digits // 2`` decimal digits: a
    bijection (distinct indexes give distinct numbers), vectorised, and without the
    arithmetic patterns of a simple affine map. ``digits`` must be even.
    """
    half = 10 ** (digits // 2)
    tables = rng.integers(0, half, size=(4, half))
    x = np.arange(index) if np.isscalar(index) else np.asarray(index, dtype=np.int64)
    left, right = x // half, x % half
    for table in tables:
        left, right = right, (left + table[right]) % half
    return left * half + right


PERSON_DIGITS = 8  # person and child identifiers: 8 digits, leading zeros kept
STREAM_BLOCK = 10**7  # each stream of people gets its own block of indexes

_DIRECTIONS = ("North", "South", "East", "West", "Central")
_CYFEIRIAD = ("y Gogledd", "y De", "y Dwyrain", "y Gorllewin", "y Canol")
_SERVICES = {
    "adults": ("{} Adults", "Tîm Oedolion {}", ("Safeguarding Hub", "Hyb Diogelu")),
    "children": ("{} Children", "Tîm Plant {}", ("Children's Intake", "Tîm Derbyn Plant")),
    "iaa": ("{} Adults", "Tîm Oedolion {}", ("Front Door", "Y Drws Ffrynt")),
    "reablement": ("Reablement {}", "Tîm Ailalluogi {}", ()),
    "family": ("{} Family Support", "Tîm Cymorth i Deuluoedd {}", ()),
    "camhs": ("{} CAMHS", "Tîm CAMHS {}", ()),
    "centres": ("{} Day Services", "Gwasanaethau Dydd {}", ()),
}


def person_ids(ctx: Context, ci: int, kind: str, stream: int, index: np.ndarray) -> np.ndarray:
    """Pseudonymous ids of people of one council; the same index gives the same id."""
    rng = ctx.rng("person-ids", kind, ctx.codes[ci])
    return scramble(stream * STREAM_BLOCK + np.asarray(index, dtype=np.int64), rng, PERSON_DIGITS)


def teams(ctx: Context, ci: int, service: str) -> tuple[str, ...]:
    """Two to four area teams (plus a hub for some services); Welsh names in some rural councils."""
    council = ctx.councils[ci]
    rng = ctx.rng("teams", service, council["code"])
    k = int(rng.integers(2, 5))
    picks = sorted(rng.choice(len(_DIRECTIONS), size=k, replace=False))
    welsh = (
        council.get("rurality") == "rural"
        and ctx.rng("welsh-teams", council["code"]).random() < 0.5
    )
    english, cymraeg, hub = _SERVICES[service]
    names = [
        cymraeg.format(_CYFEIRIAD[i]) if welsh else english.format(_DIRECTIONS[i]) for i in picks
    ]
    if hub:
        names.append(hub[1] if welsh else hub[0])
    return tuple(names)


def pick(rng: np.random.Generator, n: int, probs) -> np.ndarray:
    """n category codes drawn with the given probabilities."""
    p = np.asarray(probs, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum()).astype(np.int16)
