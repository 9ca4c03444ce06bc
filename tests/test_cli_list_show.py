"""`pm list` and `pm show`, run as the real command line with output piped.

Every run reads all shipped definitions, so the module starts its runs together and each
test reads the one it needs.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from pm import resources
from pm.definitions.reference import load_reference

ANSI = "\x1b["
RULE = "working_days(report_received_date, enquiry_completed_date) <= timescale"

RUNS: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "list QS3": ("list", "--qs", "QS3", "--format", "json"),
    "list QS1": ("list", "--qs", "QS1", "--format", "json"),
    "show PM18": ("show", "PM18"),
    "show pma18": ("show", "pma18"),
    "show NOPE": ("show", "NOPE"),
    "show markup": ("show", "PM[/b]"),
}


@pytest.fixture(scope="module")
def runs(start_pm) -> dict[str, object]:
    return {name: start_pm(*args) for name, args in RUNS.items()}


@pytest.fixture
def run(runs):  # type: ignore[no-untyped-def]
    """The finished run of one of RUNS, by name."""
    return lambda name: runs[name].result()


def ids_listed(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return [row["id"] for row in rows]


# ------------------------------------------------------------------------------- list


def test_list_shows_pm18_in_a_plain_table(run) -> None:
    result = run("list")
    assert result.returncode == 0, result.stderr
    assert "PM18" in result.stdout and "QS3" in result.stdout
    assert ANSI not in result.stdout + result.stderr


def test_list_by_quality_standard_includes_pm18_under_qs3(run) -> None:
    result = run("list QS3")
    assert "PM18" in ids_listed(result)
    rows = json.loads(result.stdout)
    assert all("QS3" in row["quality_standards"].split(",") for row in rows)
    pm18 = next(row for row in rows if row["id"] == "PM18")
    assert (pm18["type"], pm18["polarity"]) == ("percentage", "higher")


def test_list_by_quality_standard_excludes_pm18_under_qs1(run) -> None:
    listed = ids_listed(run("list QS1"))
    assert "PM18" not in listed


# ------------------------------------------------------------------------------- show


def test_show_prints_the_rule(run) -> None:
    result = run("show PM18")
    assert result.returncode == 0, result.stderr
    assert RULE in result.stdout


def test_show_prints_the_timescale_in_working_days(run) -> None:
    assert "`timescale` | 7 working days" in run("show PM18").stdout


def test_show_prints_the_polarity_in_words(run) -> None:
    assert "Higher is better" in run("show PM18").stdout


def test_show_prints_the_quality_standard_and_its_title(run) -> None:
    title = load_reference(resources.reference_dir()).quality_standard("QS3").title
    assert f"QS3: {title}" in run("show PM18").stdout


def test_show_output_is_plain_when_piped(run) -> None:
    result = run("show PM18")
    assert ANSI not in result.stdout + result.stderr
    assert result.stdout.startswith("# PM18: ")


def test_show_finds_an_indicator_by_alias_in_any_case(run) -> None:
    result = run("show pma18")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# PM18: ")
    assert RULE in result.stdout


def test_show_unknown_id_is_one_line_on_stderr_and_exit_2(run) -> None:
    result = run("show NOPE")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ") and "NOPE" in lines[0]
    assert ANSI not in result.stderr


def test_show_unknown_id_repeats_the_id_exactly_as_typed(run) -> None:
    # The id is user text: it must be echoed, never read as console markup (a stray '[/b]'
    # raises MarkupError; likewise 'PM[red]18' would be shown as 'PM18').
    result = run("show markup")
    assert "Traceback" not in result.stderr, result.stderr[-300:]
    assert result.returncode == 2
    assert "'PM[/b]'" in result.stderr
