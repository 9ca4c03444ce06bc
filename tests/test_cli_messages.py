"""What the command line says matches what it did: the interval header follows
--confidence, and counts are of what was written."""

from __future__ import annotations

import pytest

RUNS: dict[str, tuple[str, ...]] = {
    f"compute {level}": (
        "compute", "sample_data", "-y", "2023-24", "-i", "PM18", "-a", "Cardiff",
        "--confidence", level,
    )
    for level in ("0.95", "0.998", "0.9")
}  # fmt: skip


@pytest.fixture(scope="module")
def runs(start_pm) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {name: start_pm(*args) for name, args in RUNS.items()}


@pytest.mark.parametrize(
    ("level", "header"), [("0.95", "95% CI"), ("0.998", "99.8% CI"), ("0.9", "90% CI")]
)
def test_the_interval_column_is_headed_by_the_confidence_asked_for(
    runs, level: str, header: str
) -> None:  # type: ignore[no-untyped-def]
    result = runs[f"compute {level}"].result()
    assert result.returncode == 0, result.stderr
    head = result.stdout.splitlines()[1]
    assert f" {header} " in head
    others = {"95% CI", "99.8% CI", "90% CI"} - {header}
    assert not any(other in result.stdout for other in others)
