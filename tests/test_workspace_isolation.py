"""No test's workspace reaches another test, and a developer's `PM_WORKSPACE` reaches none
(the autouse fixtures of conftest.py). The tests of this file run in the order written: the
first leaves the variable set as `pm --workspace` does, the second must not see it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from inprocess import pm

HERE = Path(__file__).resolve()


def _workspace(folder: Path) -> Path:
    folder.mkdir()
    (folder / "pm.yaml").write_text("council: W06000015\n", encoding="utf-8")
    return folder


def test_pm_workspace_run_in_this_process_sets_the_variable(tmp_path: Path) -> None:
    """`pm --workspace DIR` names the workspace for the whole process (the commands read it
    from there), so a test running it in-process leaves it behind: the leak to undo."""
    workspace = _workspace(tmp_path / "left-behind")
    code, said = pm("--workspace", workspace, "validate")
    assert code == 0, said
    assert os.environ.get("PM_WORKSPACE") == str(workspace)


def test_the_next_test_starts_outside_any_named_workspace() -> None:
    assert "PM_WORKSPACE" not in os.environ


def test_a_test_may_name_a_workspace_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pm.workspace import current_workspace

    workspace = _workspace(tmp_path / "mine")
    monkeypatch.setenv("PM_WORKSPACE", str(workspace))
    found = current_workspace()
    assert found is not None and found.root == workspace


def test_a_workspace_in_the_shell_reaches_no_test(tmp_path: Path) -> None:
    """The two tests above, run by a pytest started with `PM_WORKSPACE` set (to a folder
    that is no workspace at all, so any test reading it would fail)."""
    env = {**os.environ, "PM_WORKSPACE": str(tmp_path / "not-a-workspace")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{HERE}::test_pm_workspace_run_in_this_process_sets_the_variable",
            f"{HERE}::test_the_next_test_starts_outside_any_named_workspace",
        ],
        cwd=HERE.parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
