"""Commands given a workspace folder treat it as one: `pm validate DIR` checks it as a
workspace, and `pm explain` / `pm audit-sample` take the workspace's data folder and
council as `pm compute` and `pm report` do."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _workspace(root: Path, council: str = "Swansea", extra: str = "") -> Path:
    """A workspace whose data folder is the bundled sample data."""
    root.mkdir(parents=True)
    (root / "pm.yaml").write_text(
        f"council: {council}\npaths:\n  data: {REPO / 'sample_data'}\n{extra}", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspaces")
    good = _workspace(root / "good")
    shutil.copy(REPO / "sample_workspace" / "targets.yaml", good / "targets.yaml")
    bad = _workspace(root / "bad", council="Swanse")
    (bad / "targets.yaml").write_text(
        "targets:\n  - {indicator: PM18, value: 95}\n  - {indicator: PM99, value: 1}\n",
        encoding="utf-8",
    )
    (root / "not-a-workspace").mkdir()
    return {"root": root, "good": good, "bad": bad}


@pytest.fixture(scope="module")
def runs(start_pm, places: dict[str, Path]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    root, good = places["root"], places["good"]
    return {
        "validate good": start_pm("validate", "good", cwd=root),
        "validate good pm.yaml": start_pm("validate", "good/pm.yaml", cwd=root),
        "validate bad": start_pm("validate", "bad", cwd=root),
        "validate two": start_pm("validate", "good", "bad", cwd=root),
        "explain in workspace": start_pm("explain", "PM18", "-y", "2023-24", cwd=good),
        "explain given": start_pm(
            "explain", "PM18", "--data", "sample_data", "-y", "2023-24", "-a", "Swansea"
        ),
        "explain outside": start_pm("explain", "PM18", "-y", "2023-24", "-a", "Swansea", cwd=root),
        "audit in workspace": start_pm(
            "audit-sample", "family_visits", "-n", "3", "-s", "7", "-y", "2023-24",
            "-a", "Swansea", "-o", "sample.csv", cwd=good,
        ),
    }  # fmt: skip


def _done(runs, name: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return runs[name].result()


def test_validate_on_a_workspace_folder_checks_it_as_a_workspace(runs) -> None:  # type: ignore[no-untyped-def]
    for name in ("validate good", "validate good pm.yaml"):
        result = _done(runs, name)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "are valid" in result.stdout
        assert "yaml-not-mapping" not in result.stdout and "missing" not in result.stdout


def test_validate_on_a_broken_workspace_names_its_files_and_lines(runs) -> None:  # type: ignore[no-untyped-def]
    result = _done(runs, "validate bad")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("bad/pm.yaml:1: unknown-council: 'Swanse'") for line in lines), lines
    assert any(line.startswith("bad/targets.yaml:3: ") and "PM99" in line for line in lines), lines
    assert not any("pm.yaml" in line and "indicator" in line.lower() for line in lines), lines


def test_validate_refuses_a_workspace_mixed_with_other_paths(runs) -> None:  # type: ignore[no-untyped-def]
    result = _done(runs, "validate two")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "workspace" in result.stderr


def test_explain_in_a_workspace_reads_its_data_folder_and_council(runs) -> None:  # type: ignore[no-untyped-def]
    inside, given = _done(runs, "explain in workspace"), _done(runs, "explain given")
    assert inside.returncode == 0, inside.stderr
    assert given.returncode == 0, given.stderr
    assert inside.stdout.splitlines()[0].startswith("PM18 2023-24 Swansea: numerator ")
    assert inside.stdout == given.stdout


def test_explain_outside_a_workspace_without_data_is_a_usage_error(runs) -> None:  # type: ignore[no-untyped-def]
    result = _done(runs, "explain outside")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: say where the extracts are: pm explain ID --data DATA_DIR --year 2023-24 "
        "--area Cardiff (or run inside a workspace)"
    ]


def test_audit_sample_in_a_workspace_reads_its_data_folder(runs, places) -> None:  # type: ignore[no-untyped-def]
    result = _done(runs, "audit in workspace")
    assert result.returncode == 0, result.stderr
    lines = (places["good"] / "sample.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# OFFICIAL-SENSITIVE")
    assert len([line for line in lines[2:] if line.strip()]) == 3


def test_sample_data_fills_a_new_workspaces_data_folder(tmp_path: Path, run_pm) -> None:  # type: ignore[no-untyped-def]
    """pm init leaves a README in data/; pm sample-data writes beside it (and leaves it),
    but still refuses a folder holding other files."""
    made = run_pm("init", "ws", "--council", "Powys", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    readme = (tmp_path / "ws" / "data" / "README.md").read_bytes()
    filled = run_pm(
        "sample-data", "data", "--scale", "0.01", "--years", "2023-24", cwd=tmp_path / "ws"
    )
    assert filled.returncode == 0, filled.stderr
    assert (tmp_path / "ws" / "data" / "adult_protection_enquiries.csv").is_file()
    assert (tmp_path / "ws" / "data" / "README.md").read_bytes() == readme
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = run_pm("sample-data", "other", "--scale", "0.01", "--years", "2023-24", cwd=tmp_path)
    assert refused.returncode == 2 and "not empty" in refused.stderr


def test_init_offers_the_report_language_and_it_validates_when_set(tmp_path: Path, run_pm) -> None:  # type: ignore[no-untyped-def]
    """pm init's pm.yaml carries `language:` commented out; set, it is a valid workspace, and
    a language pm does not write is refused naming the file."""
    from pm.workspace import load_workspace

    assert run_pm("init", "ws", "--council", "Powys", cwd=tmp_path).returncode == 0
    config = tmp_path / "ws" / "pm.yaml"
    text = config.read_text(encoding="utf-8")
    assert "# language: both" in text
    config.write_text(text.replace("# language: both", "language: both"), encoding="utf-8")
    assert load_workspace(config.parent).config.language == "both"
    checked = run_pm("validate", "ws", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    config.write_text(text.replace("# language: both", "language: fr"), encoding="utf-8")
    refused = run_pm("validate", "ws", cwd=tmp_path)
    assert refused.returncode != 0 and "pm.yaml" in refused.stdout + refused.stderr
