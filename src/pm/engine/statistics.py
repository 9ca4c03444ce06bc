"""Confidence intervals and input checks, vectorised over whole result tables.

The methods follow PHEindicatormethods / Fingertips (see ``methods.md``):

* percentages and proportions: Wilson score interval;
* rates: exact Poisson (chi-squared) for counts under 10, Byar's method from 10;
* means: Student's t with n - 1 degrees of freedom on the sample standard deviation;
* medians, counts and ratios: no interval (NaN).

Every function accepts scalars, sequences, numpy arrays or pandas Series (nullable
dtypes included) and returns float numpy arrays in the broadcast shape of its inputs
(0-d for scalars), matched by position, so the engine can assign them straight to a
results-table column. Missing inputs give NaN outputs.

Bad inputs (a negative numerator, a denominator of 0 or less, a proportion above 1) never
raise here, because one bad council must not stop a whole table: the interval functions
return NaN for them, and :func:`check_inputs` says why, with a stable code the engine
turns into ``status = error:<code>`` naming the indicator and area. ``0 / 0`` is not an
error but ``no_data`` (:func:`is_no_data`).

scipy is imported inside the functions that need it, to keep ``pm`` quick to start, and only
its ``special`` functions: ``scipy.stats`` takes seconds to import, and its ``norm.ppf``,
``chi2.ppf`` and ``t.ppf`` are these same functions (``ndtri``, ``gammaincinv``, ``stdtrit``)
behind argument checks, so the figures are identical to the last bit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Kind = Literal["percentage", "proportion", "rate", "mean", "median", "count", "ratio"]
KINDS: tuple[str, ...] = ("percentage", "proportion", "rate", "mean", "median", "count", "ratio")

FloatArray = npt.NDArray[np.float64]
Interval = tuple[FloatArray, FloatArray]

NEGATIVE_NUMERATOR = "negative_numerator"
NON_POSITIVE_DENOMINATOR = "non_positive_denominator"
NUMERATOR_EXCEEDS_DENOMINATOR = "numerator_exceeds_denominator"
NUMBER_TOO_LARGE = "number_too_large"
ERROR_CODES: tuple[str, ...] = (
    NUMBER_TOO_LARGE,
    NEGATIVE_NUMERATOR,
    NON_POSITIVE_DENOMINATOR,
    NUMERATOR_EXCEEDS_DENOMINATOR,
)

#: Kinds whose value is numerator / denominator, so a denominator must be positive.
DENOMINATOR_KINDS = frozenset({"percentage", "proportion", "rate", "mean", "ratio"})
#: Kinds where the numerator is part of the denominator, so it cannot exceed it.
BOUNDED_KINDS = frozenset({"percentage", "proportion"})
#: Default multiplier per kind when the caller gives none (a rate's per-1,000 or
#: per-100,000 comes from the indicator definition).
DEFAULT_MULTIPLIER = {"percentage": 100.0}

#: Whole numbers add up exactly in 64-bit floating point up to 2**53 (9,007,199,254,740,992);
#: a numerator, denominator or sum beyond it (or one that overflowed to infinity) cannot be
#: trusted to the last unit, so its figure is an error, never a rounded or wrapped value.
LARGEST_EXACT = float(2**53)

#: Counts below this use the exact Poisson interval; from it up, Byar's approximation
#: (the PHEindicatormethods threshold).
BYAR_THRESHOLD = 10


def as_float_array(values: Any) -> FloatArray:
    """Convert scalars, lists, arrays or (nullable) pandas objects to floats, missing as NaN."""
    if hasattr(values, "to_numpy"):  # pandas Series / Index / ExtensionArray, pd.NA safe
        return values.to_numpy(dtype=float, na_value=np.nan)
    return np.asarray(values, dtype=float)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown indicator kind {kind!r}; expected one of {', '.join(KINDS)}")


def _nan_like(*arrays: FloatArray) -> FloatArray:
    return np.full(np.broadcast_shapes(*(a.shape for a in arrays)), np.nan)


#: `ndtri((1 + c) / 2)` for the usual confidence levels, as scipy gives it to the last bit
#: (tests/test_statistics.py checks each against scipy): importing `scipy.special` takes
#: longer (about 0.15 s) than computing a whole measure, for one number. Other levels
#: still ask scipy.
KNOWN_Z: dict[float, float] = {
    0.8: 1.2815515655446004,
    0.9: 1.6448536269514722,
    0.95: 1.959963984540054,
    0.98: 2.3263478740408408,
    0.99: 2.5758293035489004,
    0.998: 3.090232306167813,
    0.999: 3.2905267314919255,
}


@lru_cache(maxsize=32)
def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile, Φ⁻¹((1 + confidence) / 2): 1.96 for 95%."""
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")
    if confidence in KNOWN_Z:
        return KNOWN_Z[confidence]
    from scipy.special import ndtri  # norm.ppf

    return float(ndtri((1.0 + confidence) / 2.0))


def wilson_interval(numerator: Any, denominator: Any, confidence: float = 0.95) -> Interval:
    """Wilson score interval for x / n, as proportions in [0, 1].

    Wilson rather than the normal approximation because it stays inside [0, 1] and behaves
    at 0 and n, where council figures often sit. x = 0 gives a lower limit of exactly 0 and
    x = n an upper limit of exactly 1. Invalid pairs (x < 0, n <= 0, x > n) give NaN.
    """
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    z = z_value(confidence)
    valid = (x >= 0) & (n > 0) & (x <= n)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = 2 * x + z * z
        spread = z * np.sqrt(z * z + 4 * x * (1 - x / n))
        scale = 2 * (n + z * z)
        lower = (centre - spread) / scale
        upper = (centre + spread) / scale
    lower = np.where(x == 0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip(upper, 0.0, 1.0))
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def poisson_count_interval(count: Any, confidence: float = 0.95) -> Interval:
    """Interval for a Poisson count, on the count scale.

    Exact (chi-squared) below 10: lower = χ²(α/2; 2x)/2 (0 when x = 0, where scipy gives
    NaN for 0 degrees of freedom), upper = χ²(1 − α/2; 2x + 2)/2. From 10 up, Byar's
    approximation as PHEindicatormethods computes it:
    lower = x(1 − 1/(9x) − z/(3√x))³, upper = (x + 1)(1 − 1/(9(x + 1)) + z/(3√(x + 1)))³.
    Negative counts give NaN.
    """
    from scipy.special import gammaincinv

    def chi2_ppf(q: float, df: FloatArray) -> FloatArray:
        return 2 * gammaincinv(df / 2, q)  # scipy.stats.chi2.ppf, without its import cost

    x = as_float_array(count)
    alpha = 1.0 - confidence
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        exact_lower = np.where(x == 0, 0.0, chi2_ppf(alpha / 2, 2 * x) / 2)
        exact_upper = chi2_ppf(1 - alpha / 2, 2 * x + 2) / 2
        byar_lower = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        byar_upper = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    exact = x < BYAR_THRESHOLD
    lower = np.where(exact, exact_lower, np.maximum(byar_lower, 0.0))
    upper = np.where(exact, exact_upper, byar_upper)
    valid = x >= 0
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def rate_interval(
    numerator: Any, denominator: Any, multiplier: Any = 1.0, confidence: float = 0.95
) -> Interval:
    """Interval for a rate: the Poisson count interval ÷ denominator × multiplier.

    The denominator (a population) is treated as fixed, as Fingertips does. A denominator
    of 0 or less gives NaN.
    """
    n = as_float_array(denominator)
    m = as_float_array(multiplier)
    lower, upper = poisson_count_interval(numerator, confidence)
    valid = n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        return (
            np.where(valid, lower / n * m, np.nan),
            np.where(valid, upper / n * m, np.nan),
        )


def mean_interval(mean: Any, sd: Any, n: Any, confidence: float = 0.95) -> Interval:
    """Student's t interval for a mean: mean ± t(1 − α/2; n − 1) · sd / √n.

    Takes the grouped aggregates the engine already has (mean, sample standard deviation
    with ddof = 1, number of records); see :func:`sample_sd_from_sums` for all-Wales
    figures built from council sums. Fewer than 2 records, or a negative sd, give NaN.
    """
    from scipy.special import stdtrit  # scipy.stats.t.ppf, without its import cost

    mean_ = as_float_array(mean)
    sd_ = as_float_array(sd)
    n_ = as_float_array(n)
    valid = (n_ >= 2) & (sd_ >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = stdtrit(np.where(valid, n_ - 1, np.nan), (1.0 + confidence) / 2.0)
        half_width = quantile * sd_ / np.sqrt(n_)
    lower = np.where(valid, mean_ - half_width, np.nan)
    upper = np.where(valid, mean_ + half_width, np.nan)
    return lower, upper


def sample_sd_from_sums(total: Any, sum_of_squares: Any, n: Any) -> FloatArray:
    """Sample standard deviation (ddof = 1) from Σx, Σx² and n.

    Lets the engine build an all-Wales mean interval by adding council sums, as it adds
    numerators and denominators, instead of averaging council figures. Fewer than 2
    records give NaN; tiny negative variances from floating-point cancellation are 0.
    """
    s = as_float_array(total)
    ss = as_float_array(sum_of_squares)
    n_ = as_float_array(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (ss - s * s / n_) / (n_ - 1)
    return np.where(n_ >= 2, np.sqrt(np.maximum(variance, 0.0)), np.nan)


def interval_for(
    kind: str,
    numerator: Any,
    denominator: Any,
    multiplier: Any = None,
    confidence: float = 0.95,
    sd: Any = None,
) -> Interval:
    """The interval for one kind of indicator, on the scale of its value.

    * ``percentage`` / ``proportion``: Wilson × multiplier (default 100 and 1);
    * ``rate``: Poisson (exact under 10, Byar's from 10) ÷ denominator × multiplier;
    * ``mean``: value = numerator (sum) ÷ denominator (records); t interval from ``sd``
      (the sample standard deviation of the records), × multiplier; NaN without ``sd``;
    * ``median``: no interval (methods.md: medians report without one);
    * ``count``: no interval: a council's count is the whole population, not a sample,
      and comparing it with the Wales count through an interval would mean nothing;
      call :func:`poisson_count_interval` directly where a definition asks for one;
    * ``ratio``: no interval (no method agreed).
    """
    _check_kind(kind)
    m = as_float_array(DEFAULT_MULTIPLIER.get(kind, 1.0) if multiplier is None else multiplier)
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    if kind in BOUNDED_KINDS:
        lower, upper = wilson_interval(x, n, confidence)
        return lower * m, upper * m
    if kind == "rate":
        return rate_interval(x, n, m, confidence)
    if kind == "mean" and sd is not None:
        valid = (x >= 0) & (n > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            lower, upper = mean_interval(x / n, sd, n, confidence)
        return np.where(valid, lower * m, np.nan), np.where(valid, upper * m, np.nan)
    nan = _nan_like(x, n, m)
    return nan, nan.copy()


def check_inputs(kind: str, numerator: Any, denominator: Any) -> npt.NDArray[np.object_]:
    """Error code per row ("" where fine), first failing check wins.

    * ``number_too_large``: the numerator or denominator is beyond :data:`LARGEST_EXACT`
      (or infinite): too large to have been added up exactly;
    * ``negative_numerator``: numerator < 0 (every kind: counts, sums of days or ages,
      and medians of them cannot be negative);
    * ``non_positive_denominator``: for kinds with a denominator, denominator < 0, or
      denominator = 0 with a positive numerator (0 / 0 is ``no_data``, not an error);
    * ``numerator_exceeds_denominator``: a percentage or proportion above 100%.

    Missing numerators or denominators are not errors: missing inputs give missing outputs.
    """
    _check_kind(kind)
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    codes = np.full(np.broadcast_shapes(x.shape, n.shape), "", dtype=object)
    checks: list[tuple[str, npt.NDArray[np.bool_]]] = [
        (NUMBER_TOO_LARGE, too_large(x) | too_large(n)),
        (NEGATIVE_NUMERATOR, x < 0),
    ]
    if kind in DENOMINATOR_KINDS:
        checks.append((NON_POSITIVE_DENOMINATOR, (n < 0) | ((n == 0) & (x > 0))))
    if kind in BOUNDED_KINDS:
        checks.append((NUMERATOR_EXCEEDS_DENOMINATOR, (n > 0) & (x > n)))
    for code, failed in reversed(checks):  # earlier checks overwrite later ones
        codes[np.broadcast_to(failed, codes.shape)] = code
    return codes


def too_large(values: Any) -> npt.NDArray[np.bool_]:
    """Where a count or sum is beyond what adds up exactly (infinite included; NaN is not)."""
    x = as_float_array(values)
    with np.errstate(invalid="ignore"):
        return np.abs(x) > LARGEST_EXACT


def is_no_data(numerator: Any, denominator: Any) -> npt.NDArray[np.bool_]:
    """True where the denominator is 0 and the numerator is 0 or missing (no records).

    Such rows get ``status = no_data`` rather than an error. A positive numerator over 0 is
    an error (:func:`check_inputs`); a missing denominator is missing, not ``no_data``.
    """
    x = as_float_array(numerator)
    n = as_float_array(denominator)
    return (n == 0) & ((x == 0) | np.isnan(x))
