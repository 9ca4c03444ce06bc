"""The API under `pm validate`, `pm list`, `pm show`, `pm guidance`, `pm sample-data` and
`pm init`: the same answers and files as the commands, pm's own errors for mistakes, and
nothing printed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from inprocess import digest_all, pm

import pm as pm_api
from pm.errors import UsageError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder outside any workspace."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def quiet(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Asserts, after the test, that the API printed nothing."""
    capsys.readouterr()
    yield
    assert capsys.readouterr() == ("", "")


def test_validate_returns_the_problems_the_command_prints(here: Path, pm18_text: str) -> None:
    (here / "PM18.yaml").write_text(pm18_text.replace("polarity:", "polarty:", 1), "utf-8")
    code, said = pm("validate", "PM18.yaml", "--format", "json")
    printed = json.loads(said)
    problems = pm_api.validate("PM18.yaml")
    assert code == 1 and not problems.valid
    assert [p.as_dict() for p in problems] == printed["problems"]
    assert (problems.files_checked, problems.indicators) == (
        printed["files_checked"],
        printed["indicators"],
    )
    code, said = pm("validate", "PM18.yaml", "--format", "csv")
    assert problems.table().to_csv(index=False) == said


def test_validate_checks_a_workspace_folder(here: Path, quiet: None) -> None:
    problems = pm_api.validate(REPO / "sample_workspace")
    assert problems.valid and problems == []
    assert problems.files_checked > pm_api.validate().files_checked  # its pm.yaml, plans, ...
    with pytest.raises(UsageError, match="is a workspace: check it on its own"):
        pm_api.validate([REPO / "sample_workspace", REPO / "indicators"])


def test_problem_codes_are_the_catalogue(here: Path) -> None:
    code, said = pm("validate", "--codes", "--format", "json")
    assert code == 0 and pm_api.problem_codes() == json.loads(said)


def test_list_indicators_is_the_table_of_pm_list(here: Path) -> None:
    code, said = pm("list", "--qs", "3", "--format", "csv")
    table = pm_api.list_indicators(qs="3")
    assert code == 0
    expected = pd.read_csv(io.StringIO(said), dtype=str, keep_default_na=False)
    assert table.to_dict(orient="records") == expected.to_dict(orient="records")
    assert len(pm_api.list_indicators()) > len(table) > 0
    with pytest.raises(UsageError, match="--qs"):
        pm_api.list_indicators(qs="QS9")


def test_show_gives_the_page_and_the_definition(here: Path) -> None:
    code, said = pm("show", "pma18")
    shown = pm_api.show("pma18")
    assert code == 0 and shown.definition.id == "PM18"
    assert said == shown.page + "\n"
    assert shown.page.rstrip().splitlines()[-1].startswith("Definition file: ")
    with pytest.raises(UsageError):
        pm_api.show("XX99")


def test_write_guidance_writes_then_finds_a_stale_page(here: Path, quiet: None) -> None:
    first = pm_api.write_guidance("g")
    assert first.written and first.pages > 50 and len(first.stale) == first.pages
    assert first.shown_folder == "g"
    page = here / "g" / "indicators" / "PM18.md"
    page.write_text("edited\n", encoding="utf-8")
    checked = pm_api.write_guidance(here / "g", check=True)
    assert checked.stale == [str(Path("g") / "indicators" / "PM18.md")]  # relative, not absolute
    assert page.read_text(encoding="utf-8") == "edited\n"  # a check writes nothing


def test_guidance_check_prints_no_absolute_path(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = here / "ws"
    ws.mkdir()
    (ws / "pm.yaml").write_text("council: Powys\n", encoding="utf-8")
    monkeypatch.setenv("PM_WORKSPACE", str(ws))  # absolute, as found from a folder below it
    code, _ = pm("guidance")
    assert code == 0
    (ws / "guidance" / "README.md").write_text("edited\n", encoding="utf-8")
    code, said = pm("guidance", "--check")
    assert code == 1 and "ws/guidance/README.md: stale-guidance" in said
    assert str(here) not in said


def test_write_sample_data_writes_what_the_command_writes(here: Path, quiet: None) -> None:
    heard: list[str] = []
    made = pm_api.write_sample_data(
        "api", years=["2023-24"], scale=0.01, council="Cardiff", progress=heard.append
    )
    assert made.councils == ["Cardiff"] and made.years == ["2023-24"]
    assert heard[0] == "Writing synthetic extracts for 2023-24 to 2023-24 …"
    assert sum(made.faults_by_dataset().values()) == len(made.log.faults)
    code, _ = pm(
        "sample-data", "cli", "--years", "2023-24", "--scale", "0.01", "--council", "cardiff"
    )
    assert code == 0
    assert digest_all(here / "api") == digest_all(here / "cli")
    (here / "mine").mkdir()
    (here / "mine" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not empty"):
        pm_api.write_sample_data("mine", scale=0.01)
    with pytest.raises(UsageError, match="not Wales"):
        pm_api.write_sample_data("w", scale=0.01, council=["Wales"])


def test_create_workspace_makes_what_pm_init_makes(here: Path, quiet: None) -> None:
    made = pm_api.create_workspace("api", council="powys", year="2023-24")
    assert made.council_name == "Powys" and made.files[0] == Path("api") / "pm.yaml"
    code, _ = pm("init", "cli", "--council", "Powys", "--year", "2023-24")
    assert code == 0 and digest_all(here / "api") == digest_all(here / "cli")
    with pytest.raises(UsageError, match="already exists"):
        pm_api.create_workspace("api", council="Powys")
    with pytest.raises(UsageError, match="not Wales"):
        pm_api.create_workspace("wales", council="Wales")
