"""Disclosure control: the boundaries of methods.md and a hand-worked secondary example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pm.engine.disclosure import (
    DisclosureRules,
    primary_suppression,
    round_to_base,
    secondary_suppression,
)


def test_default_rules_match_methods() -> None:
    rules = DisclosureRules()
    assert rules.min_count == 5
    assert rules.min_records_for_average == 5
    assert rules.min_survey_responses == 10
    assert rules.round_counts_to is None
    assert rules.secondary is True


@pytest.mark.parametrize(
    "kwargs", [{"min_count": -1}, {"min_count": 2.5}, {"round_counts_to": 0}, {"min_count": True}]
)
def test_rules_reject_nonsense(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        DisclosureRules(**kwargs)


def test_count_boundaries() -> None:
    hidden, reasons = primary_suppression("count", [0, 1, 4, 5, 100, np.nan])
    assert list(hidden) == [False, True, True, False, False, False]
    assert list(reasons) == ["", "small_count", "small_count", "", "", ""]


def test_percentage_numerator_and_denominator() -> None:
    x = [0, 1, 4, 5, 3, 0, 0, 5]
    n = [0, 10, 10, 10, 3, 4, 5, 5]
    hidden, reasons = primary_suppression("percentage", x, n)
    assert list(reasons) == [
        "",  # 0 / 0: no_data, nothing to hide
        "small_numerator",
        "small_numerator",
        "",
        "small_numerator",  # numerator named first when both are small
        "small_denominator",
        "",
        "",
    ]
    assert list(hidden) == [r != "" for r in reasons]


def test_rate_with_small_numerator() -> None:
    hidden, reasons = primary_suppression("rate", [4, 5], [120_000, 120_000])
    assert list(hidden) == [True, False]
    assert list(reasons) == ["small_numerator", ""]


def test_survey_responses() -> None:
    x, n = [5, 5, 2, 0], [9, 10, 40, 0]
    hidden, reasons = primary_suppression("percentage", x, n, is_survey=True)
    assert list(hidden) == [True, False, False, False]
    assert list(reasons) == ["few_responses", "", "", ""]


@pytest.mark.parametrize("kind", ["mean", "median"])
def test_averages_need_five_records(kind: str) -> None:
    hidden, reasons = primary_suppression(kind, [40.0, 50.0, 0.0], n_records=[4, 5, 0])
    assert list(hidden) == [True, False, False]
    assert list(reasons) == ["few_records", "", ""]


def test_mean_records_default_to_the_denominator() -> None:
    # For a mean, numerator = sum and denominator = number of records.
    hidden, reasons = primary_suppression("mean", [400, 500], [4, 5])
    assert list(reasons) == ["few_records", ""]


def test_custom_thresholds() -> None:
    rules = DisclosureRules(min_count=3, min_records_for_average=10, min_survey_responses=20)
    assert list(primary_suppression("count", [2, 3], rules=rules)[0]) == [True, False]
    assert list(primary_suppression("mean", [1, 1], [9, 10], rules=rules)[0]) == [True, False]
    hidden, _ = primary_suppression("percentage", [10, 10], [19, 20], rules=rules, is_survey=True)
    assert list(hidden) == [True, False]


def test_pandas_nullable_inputs() -> None:
    x = pd.Series([3, None, 7], dtype="Int64")
    n = pd.Series([10, 10, None], dtype="Int64")
    hidden, reasons = primary_suppression("percentage", x, n)
    assert list(hidden) == [True, False, False]


def test_unknown_kind() -> None:
    with pytest.raises(ValueError):
        primary_suppression("average", [1], [2])


def _table() -> pd.DataFrame:
    """Three groups (periods) of five councils and a Wales total.

    2022-23: A = 3 hidden (primary). Shown cells B 12, C 7, D 7, E 20. The smallest shown
    is 7, held by C and D; C comes first, so C is hidden too. Without that, 3 = 49 − 46.
    2023-24: two cells hidden already (A 2, B 4): nothing more to do.
    2024-25: one hidden cell (A 1) and every other cell 0 or missing: a positive cell is
    preferred, but there is none, so the first zero (B) is hidden: the total 1 no longer
    says which of A and B holds it.
    """
    rows = []
    for period, cells, hidden in [
        ("2022-23", [3, 12, 7, 7, 20], [True, False, False, False, False]),
        ("2023-24", [2, 4, 7, 9, 20], [True, True, False, False, False]),
        ("2024-25", [1, 0, 0, np.nan, 0], [True, False, False, False, False]),
    ]:
        for area, value, flag in zip("ABCDE", cells, hidden, strict=True):
            rows.append((period, area, value, flag, False, "small_numerator" if flag else ""))
        rows.append((period, "W", np.nansum(cells), False, True, ""))
    return pd.DataFrame(
        rows, columns=["period", "area", "numerator", "suppressed", "is_total", "reason"]
    )


def test_secondary_suppression_hand_worked() -> None:
    table = _table()
    before = table.copy(deep=True)
    hidden, reasons = secondary_suppression(
        table, "numerator", "suppressed", ["period"], "is_total", reason_col="reason"
    )
    expected_hidden = (
        [True, False, True, False, False, False]  # 2022-23: A primary, C secondary
        + [True, True, False, False, False, False]  # 2023-24 unchanged
        + [True, True, False, False, False, False]  # 2024-25: B, the first zero
    )
    assert list(hidden) == expected_hidden
    assert list(reasons[:6]) == ["small_numerator", "", "secondary", "", "", ""]
    assert list(reasons[12:14]) == ["small_numerator", "secondary"]
    pd.testing.assert_frame_equal(table, before)  # input untouched


def test_secondary_prefers_a_positive_cell_over_a_zero() -> None:
    table = pd.DataFrame(
        {
            "numerator": [2, 0, 9, 6, 17],
            "suppressed": [True, False, False, False, False],
            "is_total": [False, False, False, False, True],
        }
    )
    hidden, reasons = secondary_suppression(table, "numerator", "suppressed", [], "is_total")
    assert list(hidden) == [True, False, False, True, False]
    assert list(reasons) == ["", "", "", "secondary", ""]


def test_secondary_without_a_published_total_does_nothing() -> None:
    table = pd.DataFrame(
        {
            "g": ["x", "x", "x", "y", "y", "y"],
            "numerator": [3, 10, 20, 3, 10, 13],
            "suppressed": [True, False, False, True, False, True],
            "is_total": [False, False, False, False, False, True],
        }
    )
    # Group x has no total row; group y's total is itself hidden.
    hidden, reasons = secondary_suppression(table, "numerator", "suppressed", ["g"], "is_total")
    assert list(hidden) == list(table["suppressed"])
    assert list(reasons) == [""] * 6


def test_secondary_hides_the_total_when_no_cell_can_protect() -> None:
    table = pd.DataFrame(
        {
            "numerator": [4, np.nan, 4],
            "suppressed": [True, False, False],
            "is_total": [False, False, True],
        }
    )
    hidden, reasons = secondary_suppression(table, "numerator", "suppressed", [], "is_total")
    assert list(hidden) == [True, False, True]
    assert list(reasons) == ["", "", "secondary"]


def test_round_to_base() -> None:
    values = [0, 1, 2, 2.5, 3, 7, 7.5, 12, 13, 36696, np.nan]
    expected = [0, 0, 0, 5, 5, 5, 10, 10, 15, 36695, np.nan]
    np.testing.assert_array_equal(round_to_base(values, 5), expected)
    np.testing.assert_array_equal(round_to_base([1, 4, 5, 6], 10), [0, 0, 10, 10])
    with pytest.raises(ValueError):
        round_to_base([1], 0)


def test_a_lone_hidden_breakdown_cell_is_protected_within_its_council() -> None:
    """Teams add up to their council: with one team hidden, the council figure less the other
    teams would give it away, so the next smallest team is hidden too (and only in Cardiff)."""
    import pandas as pd

    from pm.engine.compute import ComputeOptions, _protect_lone_cells

    rows = [
        # area, breakdown, numerator, suppressed
        ("W06000015", "", 40, False),
        ("W06000015", "team=North", 3, True),  # primary: small count
        ("W06000015", "team=South", 12, False),  # the next smallest: must be hidden
        ("W06000015", "team=East", 25, False),
        ("W06000011", "", 30, False),
        ("W06000011", "team=West", 30, False),
        ("W92000004", "", 70, False),
    ]
    table = pd.DataFrame(rows, columns=["area", "breakdown", "numerator", "suppressed"])
    table["status"] = [
        "suppressed:small_count" if hidden else "ok" for hidden in table["suppressed"]
    ]
    protected = _protect_lone_cells(table, ComputeOptions())
    assert list(protected["suppressed"]) == [False, True, True, False, False, False, False]
    assert protected.loc[2, "status"] == "suppressed:secondary"


def _protect_one_direction_at_a_time(table, options):  # type: ignore[no-untyped-def]
    """The two-way protection written plainly with `secondary_suppression`, one grouping
    per call (as `_protect_lone_cells` was before it worked on arrays): the reference."""
    import pandas as pd

    hidden = table["suppressed"].to_numpy(dtype=bool).copy()
    reasons = np.where(hidden, "x", "").astype(object)
    breakdown = table["breakdown"].astype("str")
    names = breakdown.str.split("=", n=1).str[0].where(breakdown != "", "")
    whole = (breakdown == "").to_numpy()
    for _ in range(20):
        before = hidden.copy()
        frame = table.assign(suppressed=hidden, r=reasons, t=table["area"] == "W92000004")
        hidden, reasons = secondary_suppression(
            frame, "numerator", "suppressed", ["breakdown"], "t", reason_col="r"
        )
        for name in sorted(set(names) - {""}):
            rows = np.flatnonzero(whole | (names == name).to_numpy())
            frame = table.iloc[rows].assign(suppressed=hidden[rows], r=reasons[rows], t=whole[rows])
            hidden[rows], reasons[rows] = secondary_suppression(
                frame, "numerator", "suppressed", ["area"], "t", reason_col="r"
            )
        if (hidden == before).all():
            break
    return pd.Series(hidden)


@pytest.mark.parametrize("seed", range(40))
def test_protection_on_arrays_hides_what_the_plain_version_hides(seed: int) -> None:
    import pandas as pd

    from pm.engine.compute import ComputeOptions, _protect_lone_cells

    rng = np.random.default_rng(seed)
    areas = ["W06000001", "W06000002", "W06000015", "W92000004"]
    labels = ["", "team=A", "team=B", "team=C", "age_band=0-17", "age_band=18+"]
    rows = [(area, label) for area in areas for label in labels if rng.random() < 0.9]
    table = pd.DataFrame(rows, columns=["area", "breakdown"])
    table["numerator"] = pd.array(rng.integers(0, 12, len(table)), dtype="Int64")
    table.loc[rng.random(len(table)) < 0.1, "numerator"] = pd.NA
    table["suppressed"] = rng.random(len(table)) < 0.25
    table["status"] = np.where(table["suppressed"], "suppressed:small_count", "ok")
    expected = _protect_one_direction_at_a_time(table, ComputeOptions())
    found = _protect_lone_cells(table, ComputeOptions())
    assert found["suppressed"].tolist() == expected.tolist()
    newly = expected & ~table["suppressed"]
    assert (found["status"][newly] == "suppressed:secondary").all()
    assert (found["status"][~newly] == table["status"][~newly]).all()
