"""Frameworks are first-class (issue 16 §1): every measure's framework has years, and a
measure computed outside them says so in the results, the manifest, a warning line, `pm list`
and `pm show`; `--framework` picks a framework's measures; `pm validate` checks the years."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pm
from pm import resources
from pm.definitions.frameworks import FrameworkStatus, status_for
from pm.definitions.loader import load_definitions
from pm.definitions.reference import Framework, InForce
from pm.errors import UsageError
from tests.inprocess import pm as run_pm

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"

# The 2016 code: April 2016 to March 2020. A later one from April 2020, still in force.
CODE_2016 = Framework(
    id="old", title="old", in_force=InForce(from_=dt.date(2016, 4, 1), to=dt.date(2020, 3, 31))
)
CODE_2020 = Framework(id="new", title="new", in_force=InForce(from_=dt.date(2020, 4, 1)))
LOCAL = Framework(id="local", title="local")


@pytest.mark.parametrize(
    ("framework", "period", "expected"),
    [
        (CODE_2016, "2016-17", FrameworkStatus.current),  # its first year
        (CODE_2016, "2019-20", FrameworkStatus.current),  # its last year
        (CODE_2016, "2019-20 Q4", FrameworkStatus.current),
        (CODE_2016, "2020-03", FrameworkStatus.current),  # March 2020: still 2019-20
        (CODE_2016, "2020-04", FrameworkStatus.former),  # April 2020: 2020-21
        (CODE_2016, "2020-21 Q1", FrameworkStatus.former),
        (CODE_2016, "2024-25", FrameworkStatus.former),
        (CODE_2016, "2015-16", FrameworkStatus.earlier),
        (CODE_2020, "2019-20", FrameworkStatus.earlier),
        (CODE_2020, "2020-21", FrameworkStatus.current),
        (CODE_2020, "2030-31", FrameworkStatus.current),  # no end: still in force
        (LOCAL, "2024-25", FrameworkStatus.local),
        (None, "2024-25", FrameworkStatus.local),
    ],
)
def test_status_follows_the_financial_year_of_the_period(framework, period, expected) -> None:
    assert status_for(framework, period) is expected


def test_framework_years_in_words() -> None:
    assert CODE_2016.years == "2016-17 to 2019-20"
    assert CODE_2020.years == "2020-21 onward"
    assert LOCAL.years == "any year"


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, dict, str]:
    out = tmp_path_factory.mktemp("fw") / "results.csv"
    code, said = run_pm(
        "compute", SAMPLE, "--year", "2023-24:2024-25", "-i", "PM18", "-i", "LOC01", "-o", out
    )
    assert code == 0, said
    manifest = json.loads(out.with_suffix(".manifest.json").read_text(encoding="utf-8"))
    return pd.read_csv(out, dtype=str, keep_default_na=False), manifest, said


def test_a_former_measure_is_labelled_in_every_row(computed) -> None:
    table, _, _ = computed
    pm18 = table[table["indicator"] == "PM18"]
    assert len(pm18) == 2 * 23  # 22 councils and Wales, two years
    assert set(pm18["framework_status"]) == {"former"}
    assert set(table.loc[table["indicator"] == "LOC01", "framework_status"]) == {"local"}


def test_the_manifest_and_one_warning_line_say_so(computed) -> None:
    _, manifest, said = computed
    entry = manifest["frameworks"]["wales-2016"]
    assert entry["years"] == "2016-17 to 2019-20"
    assert entry["measures"] == ["PM18"]
    assert entry["periods_former"] == ["2023-24", "2024-25"]
    assert manifest["frameworks"]["local"]["periods_former"] == []
    lines = [line for line in said.splitlines() if "former national measure" in line]
    assert len(lines) == 1
    assert "PM18" in lines[0] and "2016-17 to 2019-20" in lines[0] and "LOC01" not in lines[0]


def test_framework_option_adds_the_framework_measures_to_those_named() -> None:
    ids = list(
        pm.compute(SAMPLE, years="2024-25", frameworks="WALES-2016", indicators="LOC02")[
            "indicator"
        ].unique()
    )
    national = sorted(
        p.stem
        for p in (resources.indicators_dir() / "national").rglob("*.yaml")
        if "framework: wales-2016" in p.read_text(encoding="utf-8")
    )
    assert "LOC02" in ids
    assert sorted(set(ids) - {"LOC02"}) == national


def test_an_unknown_framework_is_a_usage_error_naming_the_known_ones() -> None:
    with pytest.raises(UsageError, match="wales-2016"):
        pm.compute(SAMPLE, years="2024-25", frameworks="wales-2021")


def test_list_and_show_give_the_years() -> None:
    listed = pm.list_indicators(framework="wales-2016")
    assert set(listed["framework_years"]) == {"2016-17 to 2019-20"}
    code, shown = run_pm("show", "PM18")
    assert code == 0
    assert "2016-17 to 2019-20" in shown


def test_validate_refuses_a_framework_that_ends_before_it_begins(tmp_path: Path) -> None:
    guidance = tmp_path / "guidance"
    for part in ("datasets", "reference"):
        shutil.copytree(resources.guidance_dir() / part, guidance / part)
    frameworks = guidance / "reference" / "frameworks.yaml"
    text = frameworks.read_text(encoding="utf-8")
    broken = text.replace(
        "{from: 2016-04-01, to: 2020-03-31}", "{from: 2016-04-01, to: 2015-03-31}"
    )
    assert broken != text
    frameworks.write_text(broken, encoding="utf-8")
    loaded = load_definitions([resources.indicators_dir()], guidance_root=guidance)
    found = [p for p in loaded.problems if p.file.endswith("frameworks.yaml")]
    assert found and "before it begins" in found[0].message
    line = 1 + broken[: broken.index("to: 2015-03-31")].count("\n")
    assert found[0].line == line


def _workspace(folder: Path, measures: str) -> Path:
    folder.mkdir()
    (folder / "pm.yaml").write_text(f"council: W06000015\n{measures}", encoding="utf-8")
    return folder


def test_the_workspace_names_the_measures_it_reports(tmp_path: Path) -> None:
    folder = _workspace(
        tmp_path / "ws", "measures:\n  frameworks: [local]\n  indicators: [pma18]\n"
    )
    ids = list(pm.compute(SAMPLE, years="2024-25", workspace=folder)["indicator"].unique())
    local = sorted(p.stem for p in (resources.indicators_dir() / "local").glob("*.yaml"))
    assert sorted(ids) == sorted([*local, "PM18"])
    # a measure named on the command line wins over the workspace's list
    named = pm.compute(SAMPLE, years="2024-25", indicators="PM19", workspace=folder)
    assert set(named["indicator"]) == {"PM19"}


def test_validate_names_an_unknown_framework_in_pm_yaml(tmp_path: Path) -> None:
    text = "measures:\n  frameworks: [local, wales-2099]\n  indicators: [PM99]\n"
    folder = _workspace(tmp_path / "ws", text)
    code, said = run_pm("validate", folder)
    assert code == 1
    whole = "council: W06000015\n" + text
    framework_line = 1 + whole[: whole.index("wales-2099")].count("\n")
    indicator_line = 1 + whole[: whole.index("PM99")].count("\n")
    assert f"pm.yaml:{framework_line}: unknown-framework" in said
    assert f"pm.yaml:{indicator_line}: unknown-indicator" in said
