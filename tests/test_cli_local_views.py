"""Monthly and team views through the real command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture(scope="module")
def runs(start_pm, tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("views")
    base = ("compute", str(SAMPLE), "--area", "Cardiff")
    started = {
        "months": start_pm(*base, "--month", "2023-24", "-i", "LOC06", "-o", str(out / "m.csv")),
        "team": start_pm(
            *base,
            "--year",
            "2023-24",
            "--team",
            "safeguarding hub",
            "-i",
            "LOC01",
            "-i",
            "LOC03",
            "-o",
            str(out / "t.csv"),
        ),  # fmt: skip
        "no_team": start_pm(*base, "--year", "2023-24", "--team", "Nobody", "-i", "LOC01"),
        "bad_month": start_pm(*base, "--month", "2023-24 Q2", "-i", "LOC06"),
    }
    return out, {name: run.result() for name, run in started.items()}


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_month_gives_the_twelve_months_of_the_year(runs) -> None:
    out, results = runs
    assert results["months"].returncode == 0, results["months"].stderr
    periods = [r["period"] for r in _rows(out / "m.csv") if r["breakdown"] == ""]
    assert periods == ["2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09",
                       "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]  # fmt: skip


def test_team_view_has_only_that_team_and_says_what_it_left_out(runs) -> None:
    out, results = runs
    assert results["team"].returncode == 0, results["team"].stderr
    rows = _rows(out / "t.csv")
    assert {(r["indicator"], r["breakdown"], r["area"]) for r in rows} == {
        ("LOC01", "team=Safeguarding Hub", "W06000015")
    }
    assert "No team column in the data of" not in results["team"].stderr  # workforce has teams
    manifest = (out / "t.manifest.json").read_text("utf-8")
    assert '"team": "safeguarding hub"' in manifest


def test_an_unknown_team_lists_the_teams_there_are(runs) -> None:
    _, results = runs
    run = results["no_team"]
    assert run.returncode == 2
    assert "no results for team 'Nobody'" in run.stderr
    assert "Safeguarding Hub" in run.stderr
    assert "Traceback" not in run.stderr


def test_month_refuses_a_quarter(runs) -> None:
    _, results = runs
    assert results["bad_month"].returncode == 2
    assert "--month takes a financial year" in results["bad_month"].stderr
