"""Service plans and `pm init`: a workspace made by pm init is valid, its plan shows bands
and overdue actions, and broken plan files are reported with file and line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import definitions, digests, run_pm

from pm.plans.load import load_plans
from pm.plans.markdown import escape_markdown, plan_markdown
from pm.plans.model import Action, ActionStatus
from pm.plans.status import plan_status

PLAN = """title: Test plan
owner: Head of service
year: 2023-24
council: Powys
objectives:
  - id: A1
    title: Enquiries on time
    kind: process
    rationale: Safer adults.
    indicators: [PM18]
    monitoring: Monthly.
    actions:
      - {action: Rota, owner: Team manager, due: 2023-06-30, status: done}
      - {action: Weekly list, owner: Analyst, due: 2023-09-30, status: in_progress}
      - {action: Screens, owner: Systems, due: 2023-12-31}
      - {action: Old idea, owner: Nobody, due: 2023-05-01, status: dropped}
"""


def write(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("due", "status", "today", "overdue"),
    [
        ("2023-09-30", "in_progress", "2023-10-01", True),
        ("2023-09-30", "not_started", "2023-09-30", False),  # due today is not yet overdue
        ("2023-09-30", "done", "2024-01-01", False),
        ("2023-09-30", "dropped", "2024-01-01", False),
    ],
)
def test_overdue_rule(due: str, status: str, today: str, overdue: bool) -> None:
    action = Action(
        action="a", owner="o", due=dt.date.fromisoformat(due), status=ActionStatus(status)
    )
    assert action.overdue(dt.date.fromisoformat(today)) is overdue


def test_plan_status_takes_the_latest_band(tmp_path: Path) -> None:
    plans, problems = load_plans([write(tmp_path, PLAN)], definitions())
    assert not problems
    results = pd.DataFrame(
        {
            "indicator": ["PM18", "PM18", "PM18"],
            "period": ["2023-24", "2022-23", "2023-24"],
            "area": ["W06000023", "W06000023", "W06000015"],
            "breakdown": ["", "", ""],
            "value": [85.0, 92.0, 99.0],
            "suppressed": [False, False, False],
            "target": [95.0, 95.0, 95.0],
            "band": ["off_target", "close_to_target", "on_target"],
            "direction": ["declined", "", "improved"],
            "change": [-7.0, None, 1.0],
        }
    )
    [status] = plan_status(plans[0].plan, results, "W06000023", dt.date(2023, 10, 1), definitions())
    [measure] = status.measures
    assert (measure.period, measure.value, measure.band, measure.direction) == (
        "2023-24",
        85.0,
        "off_target",
        "declined",
    )
    assert [late for _, late in status.actions] == [False, True, False, False]
    assert status.overdue == 1
    text = plan_markdown(plans[0].plan, [status], "Powys", dt.date(2023, 10, 1))
    assert "| Weekly list | Analyst | 2023-09-30 | **OVERDUE** (in progress) |" in text
    assert "✖ Off target" in text and "85.0" in text


def test_suppressed_figure_is_never_shown_in_a_plan(tmp_path: Path) -> None:
    plans, _ = load_plans([write(tmp_path, PLAN)], definitions())
    results = pd.DataFrame(
        {
            "indicator": ["PM18"],
            "period": ["2023-24"],
            "area": ["W06000023"],
            "breakdown": [""],
            "value": [66.6667],
            "suppressed": [True],
        }
    )
    [status] = plan_status(plans[0].plan, results, "W06000023", dt.date(2023, 10, 1), definitions())
    assert status.measures[0].value is None
    text = plan_markdown(plans[0].plan, [status], "Powys", dt.date(2023, 10, 1))
    assert "66.7" not in text and "\\*" in text


def test_markdown_escapes_what_people_type() -> None:
    assert (
        escape_markdown("<script>alert(1)</script> | *bold*")
        == "\\<script\\>alert\\(1\\)\\</script\\> \\| \\*bold\\*"
    )


@pytest.mark.parametrize(
    ("edit", "line", "code", "words"),
    [
        (
            ("indicators: [PM18]", "indicators: [PM99]"),
            10,
            "unknown-indicator",
            "objective A1: there is no indicator 'PM99'",
        ),
        (
            ("due: 2023-09-30", "due: 30/09/2023"),
            14,
            "invalid-value",
            "'30/09/2023' is not a date; write dates as YYYY-MM-DD",
        ),
        (("status: done", "status: finished"), 13, "invalid-choice", "'finished' is not allowed"),
        (("kind: process", "kind: proces"), 8, "invalid-choice", "Did you mean 'process'?"),
        (("year: 2023-24", "year: 2023"), 3, "invalid-value", "year"),
        (
            ("monitoring: Monthly.", "monitor: Monthly."),
            11,
            "unknown-key",
            "Did you mean 'monitoring'?",
        ),
        (
            ("council: Powys", "council: Narnia"),
            4,
            "unknown-council",
            "'Narnia' is not a Welsh council",
        ),
    ],
)
def test_broken_plan_is_reported_with_line(
    tmp_path: Path, edit: tuple[str, str], line: int, code: str, words: str
) -> None:
    _, problems = load_plans([write(tmp_path, PLAN.replace(*edit))], definitions())
    assert any(p.line == line and p.code == code and words in p.message for p in problems), problems


def test_duplicate_objective_ids(tmp_path: Path) -> None:
    objective = PLAN[PLAN.index("  - id: A1") :]
    _, problems = load_plans([write(tmp_path, PLAN + objective)], definitions())
    assert [(p.code, p.line) for p in problems] == [("duplicate-entry", 6 + PLAN.count("\n") - 5)]


def test_init_creates_a_valid_workspace_and_never_overwrites(
    tmp_path: Path, repo_root: Path
) -> None:
    folder = tmp_path / "powys"
    done = run_pm(["init", folder, "--council", "Powys", "--year", "2023-24"])
    assert done.returncode == 0, done.stderr
    config = (folder / "pm.yaml").read_text(encoding="utf-8")
    assert "council: W06000023" in config and "Ceredigion" in config  # a rural comparator group
    for name in (
        "targets.yaml",
        "plans/service-plan.yaml",
        "commentary/README.md",
        "indicators/README.md",
        "data/README.md",
    ):
        assert (folder / name).is_file()
    checked = run_pm(["validate"], cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    before = digests(folder)
    again = run_pm(["init", folder, "--council", "Cardiff"])
    assert again.returncode == 2 and "never overwrites" in again.stderr
    assert digests(folder) == before
    wales = run_pm(["init", tmp_path / "w", "--council", "Wales"])
    assert wales.returncode == 2 and "one council" in wales.stderr


def test_plan_command_in_a_workspace(tmp_path: Path, repo_root: Path) -> None:
    folder = tmp_path / "powys"
    assert run_pm(["init", folder, "--council", "Powys", "--year", "2023-24"]).returncode == 0
    results = folder / "out" / "results.csv"
    done = run_pm(
        [
            "compute",
            repo_root / "sample_data",
            "--year",
            "2023-24",
            "-i",
            "PM18",
            "-i",
            "PM20b",
            "--compare",
            "-o",
            results,
        ],
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    shown = run_pm(
        ["plan", "--results", results, "--as-of", "2023-10-01", "--format", "json"], cwd=folder
    )
    assert shown.returncode == 0, shown.stderr
    [plan] = json.loads(shown.stdout)
    assert plan["area"] == "W06000023"
    safeguarding = plan["objectives"][0]
    assert safeguarding["measures"][0]["indicator"] == "PM18" and safeguarding["measures"][0][
        "band"
    ] in ("on_target", "close_to_target", "off_target")
    assert [a["overdue"] for a in safeguarding["actions"]] == [False, True, False]
    markdown = run_pm(
        ["plan", "-r", results, "--as-of", "2023-10-01", "-o", folder / "out" / "plan.md"],
        cwd=folder,
    )
    assert markdown.returncode == 0
    assert "**OVERDUE** (in progress)" in (folder / "out" / "plan.md").read_text(encoding="utf-8")
    (folder / "plans" / "service-plan.yaml").write_text(
        PLAN.replace("PM18", "PM99"), encoding="utf-8"
    )
    broken = run_pm(["plan", "-r", results], cwd=folder)
    assert (
        broken.returncode == 1 and "plans/service-plan.yaml:10: unknown-indicator" in broken.stderr
    )
    assert "Traceback" not in broken.stderr


def test_the_sample_workspace_is_valid(repo_root: Path) -> None:
    """make demo runs through it: its pm.yaml, targets and service plan must stay valid."""
    checked = run_pm(["validate"], cwd=repo_root / "sample_workspace")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "definitions in" in checked.stdout
