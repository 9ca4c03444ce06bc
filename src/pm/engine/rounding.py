"""Half-up rounding and number formatting for display.

The results table keeps full precision; figures are rounded only when shown. Readers
(and Excel) expect 88.85 to show as 88.9 and 2.675 as 2.68, but those floats are stored
just below the half (88.8499999…), so ``round()`` and numpy round them down (and round
half to even besides). Here a float is read as its shortest repr, the decimal a person
typed, and rounded in decimal arithmetic with ROUND_HALF_UP, which is half *away from
zero*: -0.05 shows as -0.1, as in Excel. A result of zero is shown without a sign.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

# Enough digits for any float64 (up to ~1.8e308) quantized to many decimal places.
_CONTEXT = Context(prec=800, rounding=ROUND_HALF_UP)


def _is_missing(value: Any) -> bool:
    """None, NaN, NaT or pandas.NA (whose truth value raises, so it is caught)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True


def _check_decimals(decimals: int) -> None:
    if not isinstance(decimals, int | np.integer) or decimals < 0:
        raise ValueError(f"decimals must be a whole number 0 or more, got {decimals!r}")


def round_half_up(value: Any, decimals: int = 1) -> Decimal | float:
    """Round half away from zero in decimal arithmetic on the float's shortest repr.

    Returns a Decimal with exactly ``decimals`` places; a missing value gives NaN and an
    infinite one is returned as it is (float), so callers can choose their own symbol.
    """
    _check_decimals(decimals)
    if _is_missing(value):
        return math.nan
    if isinstance(value, Decimal):
        exact = value
    else:
        number = float(value)
        if math.isinf(number):
            return number
        exact = Decimal(repr(number))
    rounded = exact.quantize(Decimal(1).scaleb(-int(decimals)), context=_CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_number(value: Any, decimals: int = 1, thousands: bool = True) -> str:
    """Text for display: half-up rounded, with thousands separators ("36,696.0").

    Missing gives "" (callers pick their own symbol, e.g. ".." or "*"); infinities give
    "∞" / "-∞".
    """
    rounded = round_half_up(value, decimals)
    if isinstance(rounded, float):
        if math.isnan(rounded):
            return ""
        return "∞" if rounded > 0 else "-∞"
    separator = "," if thousands else ""
    return format(rounded, f"{separator}.{int(decimals)}f")


def round_half_up_array(values: Any, decimals: int = 1) -> npt.NDArray[np.float64]:
    """Vectorised :func:`round_half_up` for whole tables, as floats.

    Each distinct value goes through the scalar function once, so both always agree;
    NaN and infinities pass through unchanged.
    """
    _check_decimals(decimals)
    if hasattr(values, "to_numpy"):  # pandas, pd.NA safe
        array = values.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = np.asarray(values, dtype=float)
    result = array.copy()
    finite = np.isfinite(array)
    if finite.any():
        unique, inverse = np.unique(array[finite], return_inverse=True)
        rounded = np.array([float(round_half_up(v, decimals)) for v in unique.tolist()])
        result[finite] = rounded[inverse]
    return result
