"""pm's layers point one way (cli → api → reporting → plans → comparison → workspace →
engine → data → definitions → calendar → shared base), checked by import-linter with the
contract in pyproject.toml; the command line reaches the library only through pm.api and
imports no pandas, numpy or pyarrow; the layers below the workspace never look at the current folder, and the
reader checks codes only against the lists its caller gives it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from engine_helpers import CARDIFF, definitions, write_extract

from pm.errors import UsageError

REPO = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(source_root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports over the package found under `source_root`, with pm's own contract."""
    environment = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT), "--config", str(REPO / "pyproject.toml"), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=source_root,
        env=environment,
        check=False,
    )


def test_the_import_contract_is_kept() -> None:
    run = _lint(REPO / "src")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("definitions/loader.py", "from pm.workspace import current_workspace"),
        ("calendar/periods.py", "import pm.engine.compute"),
        ("data/reader.py", "from pm.reporting import render"),
        ("errors.py", "from pm import definitions"),
        # the command line reaches the library only through pm.api, and never pandas & co
        ("cli/list_cmd.py", "from pm.engine.rounding import format_number"),
        ("cli/compute_cmd.py", "import pandas"),
        ("cli/explain_cmd.py", "import pyarrow.csv"),
        ("cli/report_cmd.py", "from pm.workspace import current_workspace"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path: Path, module: str, upward: str) -> None:
    """Even one import inside a function, pointing up, fails the check."""
    copy = tmp_path / "src"
    shutil.copytree(REPO / "src" / "pm", copy / "pm", ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / "pm" / module
    path.write_text(
        path.read_text(encoding="utf-8") + f"\n\ndef _upward() -> None:\n    {upward}  # noqa\n",
        encoding="utf-8",
    )
    run = _lint(copy)
    assert run.returncode == 1, run.stdout
    assert "BROKEN" in run.stdout


def test_a_cycle_inside_a_package_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(REPO / "src" / "pm", copy / "pm", ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / "pm" / "definitions" / "definition_set.py"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\ndef _back() -> None:\n"
        "    from pm.definitions import loader  # noqa\n",
        encoding="utf-8",
    )
    run = _lint(copy)
    assert run.returncode == 1, run.stdout
    assert "No cycles are allowed in pm.definitions" in run.stdout


def _workspace_with_own_indicator(root: Path) -> Path:
    """A workspace whose indicators/ folder holds one local indicator, MY01."""
    (root / "indicators").mkdir(parents=True)
    (root / "pm.yaml").write_text("council: Cardiff\n", encoding="utf-8")
    text = (REPO / "indicators" / "local" / "LOC01.yaml").read_text(encoding="utf-8")
    (root / "indicators" / "MY01.yaml").write_text(
        text.replace("id: LOC01", "id: MY01"), encoding="utf-8"
    )
    return root


def test_loading_definitions_does_not_depend_on_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a workspace, `load_definitions()` still loads what it is given (the shipped
    definitions by default); the caller adds the workspace's own with `definition_paths`."""
    from pm.definitions.loader import load_definitions
    from pm.workspace import current_workspace, definition_paths

    workspace = _workspace_with_own_indicator(tmp_path / "council")
    monkeypatch.chdir(workspace)
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    assert "MY01" not in load_definitions(check=False).indicators
    found = current_workspace()
    assert found is not None and found.root == workspace.resolve()
    paths = definition_paths(found)
    assert paths[-1] == workspace.resolve() / "indicators"
    assert "MY01" in load_definitions(paths, check=False).indicators
    monkeypatch.setenv("PM_WORKSPACE", str(workspace))
    assert "MY01" not in load_definitions(check=False).indicators


def test_the_commands_still_load_the_workspace_s_own_indicators(tmp_path: Path, start_pm) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace_with_own_indicator(tmp_path / "council")
    listed = start_pm("list", cwd=workspace)
    given = start_pm("--workspace", str(workspace), "show", "MY01", cwd=tmp_path)
    outside = start_pm("show", "MY01", cwd=tmp_path)
    assert listed.result().returncode == 0, listed.result().stderr
    assert "MY01" in listed.result().stdout
    assert given.result().returncode == 0, given.result().stderr
    assert outside.result().returncode != 0


SURVEY = [
    ("V1", CARDIFF, "2023-24", "adult", "feel_safe", "yes"),
    ("V2", CARDIFF, "2023-24", "adult", "feel_safe_typo", "yes"),
]


def test_extracts_read_without_their_code_lists_are_refused_not_left_unchecked(
    tmp_path: Path,
) -> None:
    """No registry fills the lists behind the reader's back: loading the definitions first
    changes nothing, and a read that lacks a list a column needs stops with a message."""
    from pm.data.reader import read_extracts
    from pm.definitions.loader import load_datasets

    write_extract(tmp_path, "survey_responses", SURVEY)
    loaded = definitions()  # loaded (and in the past: registered) before the read
    councils = set(loaded.reference.council_codes)
    with pytest.raises(UsageError, match="'survey_questions' list, which was not given"):
        read_extracts(tmp_path, loaded.datasets, ["survey_responses"], councils)
    specs, _ = load_datasets(REPO / "technical_guidance" / "datasets", [])  # no definitions
    with pytest.raises(UsageError, match="question_code"):
        read_extracts(tmp_path, specs, ["survey_responses"], councils)
    found = read_extracts(
        tmp_path,
        specs,
        ["survey_responses"],
        councils,
        code_lists=loaded.reference.code_lists(),
    )
    assert [(f.line, f.code) for f in found.findings] == [(3, "unknown_code")]
    assert list(found.datasets["survey_responses"].frame["response_id"]) == ["V1"]


def test_any_code_list_a_column_names_is_checked_against_the_list_given() -> None:
    """Not only the survey questions: a column taking its codes from any named list."""
    import pandas as pd

    from pm.data.reader import type_records

    shipped = definitions().datasets["survey_responses"]
    changed = {"codes": None, "code_descriptions": None, "codes_from": "groups_of_my_council"}
    columns = [
        c.model_copy(update=changed) if c.name == "respondent_group" else c for c in shipped.columns
    ]
    spec = shipped.model_copy(update={"columns": columns})
    raw = pd.DataFrame(
        [dict(zip(["response_id", "la_code", "survey_year", "respondent_group",
                   "question_code", "response"], row, strict=True)) for row in SURVEY]
    )  # fmt: skip
    lists = {"groups_of_my_council": {"carer"}, "survey_questions": {"feel_safe"}}
    typed, findings = type_records(spec, raw, "x.csv", {CARDIFF}, code_lists=lists)
    assert sorted((f.column, f.record_id) for f in findings) == [
        ("question_code", "V2"),
        ("respondent_group", "V1"),
        ("respondent_group", "V2"),
    ]
    assert typed.empty
    with pytest.raises(UsageError, match="'groups_of_my_council' list"):
        type_records(spec, raw, "x.csv", {CARDIFF}, code_lists={"survey_questions": set()})
