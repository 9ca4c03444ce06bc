"""Banding against a target (methods.md, "Banding against a target").

Higher is better: value ≥ target is on target; a value down to the close limit (the target
less the tolerance, or a range's lower limit) is close to target; below it is off target.
Lower is better reverses every comparison. The target itself and the tolerance edge belong
to the better band. Values are compared as shown (rounded half-up to the indicator's
decimals), so that a figure printed as 95.0 against a target of 95 is never called short.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from pm.definitions.models import Target
from pm.definitions.vocab import Polarity, ToleranceUnit

ON_TARGET = "on_target"
CLOSE = "close_to_target"
OFF_TARGET = "off_target"
NO_TARGET = "no_target"


def target_and_close_limit(target: Target, polarity: Polarity) -> tuple[float, float]:
    """The value to reach and the edge of the close band, for one polarity.

    A range [lower, upper] means: reach `upper` (higher is better) or `lower` (lower is
    better); the other end is the close limit. Without a tolerance the close band is empty.
    """
    if target.range is not None:
        low, high = target.range
        return (high, low) if polarity is Polarity.higher else (low, high)
    value = float(target.value)  # type: ignore[arg-type]  # a Target has a value or a range
    tolerance = target.tolerance or 0.0
    if target.tolerance_unit is ToleranceUnit.percent:
        tolerance = abs(value) * tolerance / 100
    return value, value - tolerance if polarity is Polarity.higher else value + tolerance


def band(
    values: Any, targets: Any, close_limits: Any, higher_is_better: Any, bandable: Any
) -> npt.NDArray[np.object_]:
    """Band words for whole columns.

    `bandable` is False where a row must not be banded at all (contextual measure, no value,
    suppressed figure): those rows get an empty band, never a guess. A bandable row without a
    target is `no_target`.
    """
    value = np.asarray(values, dtype=float)
    target = np.asarray(targets, dtype=float)
    close = np.asarray(close_limits, dtype=float)
    higher = np.asarray(higher_is_better, dtype=bool)
    ok = np.asarray(bandable, dtype=bool) & ~np.isnan(value)
    reached = np.where(higher, value >= target, value <= target)
    near = np.where(higher, value >= close, value <= close)
    words = np.select([np.isnan(target), reached, near], [NO_TARGET, ON_TARGET, CLOSE], OFF_TARGET)
    return np.where(ok, words, "").astype(object)
