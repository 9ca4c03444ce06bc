"""`pm.plan` and `pm.run_tests` as Python calls: the records `pm plan --format json` prints,
the files `pm plan --output` writes, the cases `pm test` runs — and mistakes raised as pm's
errors with nothing printed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from engine_helpers import run_pm
from test_plans import PLAN

import pm
from pm.api.planning import plan_run
from pm.api.scope import DefinitionProblems
from pm.errors import PmError, UsageError

AS_OF = "2023-10-01"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    folder = tmp_path_factory.mktemp("api_plan") / "powys"
    assert run_pm(["init", folder, "--council", "Powys", "--year", "2023-24"]).returncode == 0
    done = run_pm(
        ["compute", repo_root / "sample_data", "--year", "2023-24", "-i", "PM18",
         "-i", "PM20b", "--compare", "-o", folder / "out" / "results.csv"],
        cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(autouse=True)
def outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_records_are_what_the_command_prints_as_json(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = workspace / "out" / "results.csv"
    records = pm.plan(results=results, as_of=AS_OF, workspace=workspace)
    assert capsys.readouterr() == ("", "")
    shown = run_pm(
        ["plan", "--results", results, "--as-of", AS_OF, "--format", "json"], cwd=workspace
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(json.dumps(records)) == json.loads(shown.stdout)
    [plan] = records
    assert plan["area"] == "W06000023" and plan["as_of"] == AS_OF
    assert [a["overdue"] for a in plan["objectives"][0]["actions"]] == [False, True, False]
    again = plan_run(
        [workspace / "plans"], results=str(results), as_of=dt.date(2023, 10, 1), workspace=workspace
    )
    assert again.records() == records and again.today == dt.date(2023, 10, 1)
    [document] = again.documents
    assert (document.area, document.area_name) == ("W06000023", "Powys")


@pytest.mark.parametrize("suffix", [".md", ".json"])
def test_the_file_written_is_the_commands(workspace: Path, tmp_path: Path, suffix: str) -> None:
    results = workspace / "out" / "results.csv"
    by_cli, by_api = tmp_path / f"cli{suffix}", tmp_path / f"api{suffix}"
    done = run_pm(["plan", "-r", results, "--as-of", AS_OF, "-o", by_cli], cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"Wrote the service plan status to {by_cli}"
    shown = plan_run(results=results, as_of=AS_OF, output=by_api, workspace=workspace)
    assert shown.output == by_api
    assert by_api.read_bytes() == by_cli.read_bytes()


def test_mistakes_raise_pm_errors_and_print_nothing(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = workspace / "out" / "results.csv"
    with pytest.raises(UsageError, match="--as-of '1 Oct' is not a date"):
        pm.plan(results=results, as_of="1 Oct", workspace=workspace)
    with pytest.raises(UsageError, match=r"cannot write '\.txt' plans: use \.md or \.json"):
        pm.plan(results=results, output=tmp_path / "plan.txt", workspace=workspace)
    with pytest.raises(UsageError, match="name a service-plan file"):
        pm.plan(results=results)  # no workspace here, no plan named
    with pytest.raises(PmError, match="the service plan"):  # an input is never replaced
        pm.plan(
            results=results, workspace=workspace, output=workspace / "plans" / "service-plan.yaml"
        )
    broken = tmp_path / "broken.yaml"
    broken.write_text(PLAN.replace("PM18", "PM99"), encoding="utf-8")
    with pytest.raises(PmError) as raised:
        pm.plan(broken, results=results, as_of=AS_OF, workspace=workspace)
    assert "broken.yaml:10: unknown-indicator" in str(raised.value)
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_run_tests_gives_each_case_like_pm_test(capsys: pytest.CaptureFixture[str]) -> None:
    # Three definitions of three kinds (a percentage, a mean, a count): every case is run
    # by `pm test` in its own tests; here the API and the command are held together.
    chosen = ["PM18", "PM22", "LOC06"]
    every = pm.run_tests(chosen)
    assert every and all(case.passed for case in every)
    assert {case.indicator for case in every} == set(chosen)
    assert capsys.readouterr() == ("", "")
    shown = run_pm(["test", *chosen])
    assert shown.returncode == 0
    indicators = len({case.indicator for case in every})
    assert f"{len(every)} passed, 0 failed ({len(every)} cases in {indicators} definitions)" in (
        shown.stdout
    )
    pm18 = pm.run_tests("pm18")
    assert pm18 and {case.indicator for case in pm18} == {"PM18"}
    assert pm.run_tests(["PM18"]) == pm18


def test_run_tests_refuses_broken_definitions_and_unknown_indicators(tmp_path: Path) -> None:
    with pytest.raises(PmError, match="PM999"):
        pm.run_tests(["PM999"])
    folder = tmp_path / "ws"
    (folder / "indicators").mkdir(parents=True)
    (folder / "pm.yaml").write_text("council: Cardiff\n", encoding="utf-8")
    (folder / "indicators" / "broken.yaml").write_text("id: LOC1\n", encoding="utf-8")
    with pytest.raises(DefinitionProblems) as raised:
        pm.run_tests(workspace=folder)
    assert str(raised.value) == (
        "the definitions have problems; run 'pm validate' and fix them first"
    )
    assert raised.value.problems


def test_a_workspace_named_from_outside_protects_its_own_files(
    workspace: Path, tmp_path: Path
) -> None:
    readme = workspace / "commentary" / "README.md"
    before = readme.read_bytes()
    try:
        with pytest.raises(PmError, match="the commentary file"):
            pm.plan(results=workspace / "out" / "results.csv", output=readme, workspace=workspace)
    finally:
        readme.write_bytes(before)
