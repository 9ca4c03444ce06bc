"""Every worked case written inside a shipped definition passes against the engine.

The expected numerators and denominators in the definitions were worked out by hand (the
reasoning is in a comment above each case), so these are golden tests of the engine.
"""

from __future__ import annotations

import pytest

from pm.definitions.loader import load_definitions
from pm.engine.testcases import run_case

DEFINITIONS = load_definitions()
CASES = [
    pytest.param(indicator_id, number, id=f"{indicator_id}: {case.name}")
    for indicator_id, indicator in sorted(DEFINITIONS.indicators.items())
    for number, case in enumerate(indicator.tests)
]


def test_shipped_definitions_are_valid() -> None:
    assert DEFINITIONS.valid, [p.as_dict() for p in DEFINITIONS.sorted_problems()]


def test_every_national_definition_has_worked_cases() -> None:
    national = [i for i in DEFINITIONS.indicators.values() if i.framework.startswith("wales")]
    assert national
    assert [i.id for i in national if len(i.tests) < 2] == []


@pytest.mark.parametrize(("indicator_id", "number"), CASES)
def test_worked_case(indicator_id: str, number: int) -> None:
    indicator = DEFINITIONS.indicators[indicator_id]
    passed, message = run_case(indicator, indicator.tests[number], DEFINITIONS)
    assert passed, message


def test_a_wrong_expectation_fails() -> None:
    """The runner can fail: PM18's first case with the numerator changed must not pass."""
    indicator = DEFINITIONS.indicators["PM18"]
    case = indicator.tests[0]
    wrong = case.model_copy(update={"expect": case.expect.model_copy(update={"numerator": 0})})
    passed, message = run_case(indicator, wrong, DEFINITIONS)
    assert not passed
    assert "numerator: expected 0, got 1" in message
