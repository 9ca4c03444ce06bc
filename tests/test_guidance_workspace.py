"""Issue 14 §9: `pm guidance` in a workspace writes only into the workspace (its guidance/
folder, or --output), never into pm's shipped technical_guidance/ or an installed package."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inprocess import digest_all, pm

from pm import resources

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with one indicator of its own, the current folder of the test."""
    ws = tmp_path / "powys"
    (ws / "indicators").mkdir(parents=True)
    (ws / "pm.yaml").write_text("council: Powys\n", encoding="utf-8")
    local = (REPO / "indicators" / "local" / "LOC01.yaml").read_text(encoding="utf-8")
    (ws / "indicators" / "PWY01.yaml").write_text(
        local.replace("id: LOC01", "id: PWY01", 1), encoding="utf-8"
    )
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(ws)
    return ws


@pytest.fixture
def shipped() -> Iterator[dict[str, str]]:
    """pm's own guidance, to prove it is left exactly as it was."""
    before = digest_all(resources.guidance_dir())
    yield before
    assert digest_all(resources.guidance_dir()) == before


def test_guidance_in_a_workspace_goes_to_its_guidance_folder(
    ws: Path, shipped: dict[str, str]
) -> None:
    code, said = pm("guidance")
    assert code == 0, said
    written = digest_all(ws / "guidance")
    assert {"README.md", "indicators/PWY01.md", "indicators/PM18.md"} <= set(written)
    assert "datasets/safeguarding_referrals.md" in written
    assert "schema/workspace.schema.json" in written
    assert "PWY01" in (ws / "guidance" / "README.md").read_text(encoding="utf-8")
    assert set(digest_all(ws)) - {f"guidance/{name}" for name in written} == {
        "pm.yaml",
        "indicators/PWY01.yaml",
    }  # nothing else in the workspace
    assert not (resources.guidance_dir() / "indicators" / "PWY01.md").exists()
    code, said = pm("guidance", "--check")
    assert code == 0 and "guidance pages are current" in said
    page = ws / "guidance" / "indicators" / "PWY01.md"
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    code, said = pm("guidance", "--check")
    assert code == 1 and "PWY01.md: stale-guidance" in said


def test_the_workspace_can_name_its_guidance_folder(ws: Path, shipped: dict[str, str]) -> None:
    (ws / "pm.yaml").write_text(
        "council: Powys\npaths:\n  guidance: docs/measures\n", encoding="utf-8"
    )
    code, said = pm("guidance")
    assert code == 0, said
    assert (ws / "docs" / "measures" / "indicators" / "PWY01.md").is_file()
    assert not (ws / "guidance").exists()


def test_guidance_output_option_is_used_as_given(
    ws: Path, tmp_path: Path, shipped: dict[str, str]
) -> None:
    code, said = pm("guidance", "--output", tmp_path / "elsewhere")
    assert code == 0, said
    assert (tmp_path / "elsewhere" / "indicators" / "PWY01.md").is_file()
    assert not (ws / "guidance").exists()


def test_an_installed_pm_outside_a_workspace_asks_where_to_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shipped: dict[str, str]
) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(resources, "installed", lambda: True)
    code, said = pm("guidance")
    assert code == 2, said
    assert said.startswith("say where to write the guidance pages with --output FOLDER")
    assert list(tmp_path.iterdir()) == []
    code, said = pm("guidance", "-o", "pages")
    assert code == 0, said
    assert (tmp_path / "pages" / "indicators" / "PM18.md").is_file()


def test_a_source_checkout_outside_a_workspace_keeps_its_shipped_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How pm's own pages are kept up to date: `pm guidance --check` from the checkout."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert not resources.installed()
    code, said = pm("guidance", "--check")
    assert code == 0, said


def test_init_names_the_guidance_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    code, said = pm("init", "ws", "--council", "Powys")
    assert code == 0, said
    from pm.workspace import load_workspace

    workspace = load_workspace(tmp_path / "ws")
    assert not workspace.problems
    assert workspace.path("guidance") == tmp_path / "ws" / "guidance"
    assert "guidance: guidance" in (tmp_path / "ws" / "pm.yaml").read_text(encoding="utf-8")
