"""Filters say when they did not understand: a value that matches nothing is a usage error
(exit 2) naming the nearest choices, and every filter matches in any case.

The runs are the real command line, started together and read as each test needs them.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from pm.choices import choose, closest
from pm.errors import UsageError

RUNS: dict[str, tuple[str, ...]] = {
    # pm list: each filter misspelt, and each in another case than the canonical value
    "qs misspelt": ("list", "--qs", "QS9"),
    "aspect misspelt": ("list", "--aspect", "protecton"),
    "rba misspelt": ("list", "--rba", "how_wel"),
    "framework misspelt": ("list", "--framework", "lcoal"),
    "kind misspelt": ("list", "--kind", "quantitive"),
    "qs canonical": ("list", "--qs", "QS3", "-f", "json"),
    "qs lower": ("list", "--qs", "qs3", "-f", "json"),
    "aspect canonical": ("list", "--aspect", "protection", "-f", "json"),
    "aspect title case": ("list", "--aspect", "Protection", "-f", "json"),
    "rba canonical": ("list", "--rba", "how_well", "-f", "json"),
    "rba spaced": ("list", "--rba", "HOW-WELL", "-f", "json"),
    "framework canonical": ("list", "--framework", "local", "-f", "json"),
    "framework upper": ("list", "--framework", "LOCAL", "-f", "json"),
    "kind canonical": ("list", "--kind", "qualitative", "-f", "json"),
    "kind title case": ("list", "--kind", "Qualitative", "-f", "json"),
    # pm compute --breakdown
    "breakdown misspelt": ("compute", "sample_data", "-y", "2023-24", "-i", "PM18", "-b", "agee_band"),
    "breakdown not offered": ("compute", "sample_data", "-y", "2023-24", "-i", "PM24", "-b", "aspect"),
    "breakdown upper": (
        "compute", "sample_data", "-y", "2023-24", "-i", "PM18", "-a", "Cardiff", "-b", "AGE_BAND",
    ),
    # misspelt council names, in every command that takes --area
    "compute area": ("compute", "sample_data", "-y", "2023-24", "-i", "PM18", "-a", "Cardif"),
    "explain area": ("explain", "PM18", "--data", "sample_data", "-y", "2023-24", "-a", "Swanse"),
    "report area": ("report", "missing.csv", "-t", "scorecard", "-o", "x.html", "-a", "Newprt"),
    "compare area": ("compare", "missing.csv", "-a", "Wrexam"),
    "audit area": (
        "audit-sample", "family_visits", "--data", "sample_data", "-n", "5", "-s", "1",
        "-a", "Pembrokshire",
    ),
    "audit dataset": ("audit-sample", "family_visit", "--data", "sample_data", "-n", "5", "-s", "1"),
    "audit stratify": (
        "audit-sample", "family_visits", "--data", "sample_data", "-n", "5", "-s", "1",
        "--stratify", "tema",
    ),
    "audit date column": (
        "audit-sample", "family_visits", "--data", "sample_data", "-n", "5", "-s", "1",
        "--date-column", "visit_dat",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def runs(start_pm) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {name: start_pm(*args) for name, args in RUNS.items()}


def _result(runs, name: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return runs[name].result()


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("aspect misspelt", "Did you mean 'protection'?"),
        ("rba misspelt", "Did you mean 'how_well'?"),
        ("framework misspelt", "Did you mean 'local'?"),
        ("kind misspelt", "quantitative"),
        ("qs misspelt", "Choose from QS1, QS2, QS3, QS4, QS5, QS6."),
        ("breakdown misspelt", "Did you mean 'age_band'?"),
        ("breakdown not offered", "is not a breakdown of PM24"),
        ("compute area", "Did you mean 'Cardiff'?"),
        ("explain area", "Did you mean 'Swansea'?"),
        ("report area", "Did you mean 'Newport'?"),
        ("compare area", "Did you mean 'Wrexham'"),
        ("audit area", "Did you mean 'Pembrokeshire'?"),
        ("audit dataset", "Did you mean 'family_visits'"),
        ("audit stratify", "Did you mean 'team'?"),
        ("audit date column", "Choose from family_id, la_code, status, team, visit_date"),
    ],
)
def test_a_value_that_matches_nothing_is_a_usage_error_with_a_suggestion(
    runs, name: str, suggestion: str
) -> None:  # type: ignore[no-untyped-def]
    result = _result(runs, name)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert suggestion in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("canonical", "other_case"),
    [
        ("qs canonical", "qs lower"),
        ("aspect canonical", "aspect title case"),
        ("rba canonical", "rba spaced"),
        ("framework canonical", "framework upper"),
        ("kind canonical", "kind title case"),
    ],
)
def test_list_filters_match_in_any_case(runs, canonical: str, other_case: str) -> None:  # type: ignore[no-untyped-def]
    expected = _result(runs, canonical)
    assert expected.returncode == 0, expected.stderr
    ids = [row["id"] for row in json.loads(expected.stdout)]
    assert ids, "the canonical filter should find indicators"
    shown = _result(runs, other_case)
    assert shown.returncode == 0, shown.stderr
    assert [row["id"] for row in json.loads(shown.stdout)] == ids


def test_a_breakdown_in_another_case_gives_its_rows(runs) -> None:  # type: ignore[no-untyped-def]
    result = _result(runs, "breakdown upper")
    assert result.returncode == 0, result.stderr
    assert "age_band=" in result.stdout


# ------------------------------------------------------------------ the helper itself


def test_choose_returns_the_canonical_value_for_any_case_and_separator() -> None:
    choices = {"QS3": "QS3", "3": "QS3", "Protection from abuse": "protection"}
    assert choose("qs3", choices, "--qs", "a standard") == "QS3"
    assert choose(" 3 ", choices, "--qs", "a standard") == "QS3"
    assert choose("protection-FROM_abuse", choices, "--aspect", "an aspect") == "protection"


def test_choose_names_the_option_the_value_and_the_nearest_choice() -> None:
    names = [f"council {n}" for n in range(20)] + ["Rhondda Cynon Taf"]
    with pytest.raises(UsageError) as raised:
        choose("Rhonda Cynon Taff", names, "--area", "a council")
    assert str(raised.value) == (
        "--area 'Rhonda Cynon Taff' is not a council. Did you mean 'Rhondda Cynon Taf'?"
    )
    assert raised.value.exit_code == 2


def test_choose_lists_a_short_list_when_nothing_is_close() -> None:
    with pytest.raises(UsageError, match=r"Choose from higher, lower, none\.$"):
        choose("sideways", ["higher", "lower", "none"], "--polarity", "a polarity")


def test_closest_ignores_case_and_keeps_the_choice_as_written() -> None:
    assert closest("CARDIF", ["Cardiff", "Caerdydd", "Newport"])[0] == "Cardiff"
    assert closest("zzzz", ["Cardiff", "Newport"]) == []
