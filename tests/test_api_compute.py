"""pm.compute, pm.compare, pm.load_definitions and pm.read_extracts called from Python: the
same tables and files as the commands, pm's own errors, and nothing printed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inprocess import pm as run_pm

import pm
from pm.api.computing import compute_run
from pm.api.scope import DefinitionProblems
from pm.errors import InputError, PmError, UsageError
from pm.outputs import indicator_decimals, table_bytes

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "sample_data"
CARDIFF = "W06000015"
BANK_HOLIDAYS = [  # England and Wales, around the financial year 2023-24
    "2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
    "2023-08-28", "2023-12-25", "2023-12-26", "2024-01-01", "2024-03-29", "2024-04-01",
]  # fmt: skip

# The same choices, as pm.compute's keywords and as pm compute's options.
OPTION_SETS = {
    "years range with --compare": (
        {"years": "2022-23:2023-24", "compare": True, "indicators": ["PM18", "PM24"]},
        ["--year", "2022-23:2023-24", "--compare", "-i", "PM18", "-i", "PM24"],
    ),
    "breakdown": (
        {"years": ["2023-24"], "breakdowns": "age_band", "indicators": "PM18"},
        ["--year", "2023-24", "--breakdown", "age_band", "-i", "PM18"],
    ),
    "areas, month by month": (
        {"months": "2023-24", "areas": ["Cardiff", "w06000023"], "indicators": ["PM18"]},
        ["--month", "2023-24", "-a", "Cardiff", "-a", "w06000023", "-i", "PM18"],
    ),
    "team view": (
        {"years": "2023-24", "team": "central adults", "indicators": ["PM18", "PM24"]},
        ["--year", "2023-24", "--team", "central adults", "-i", "PM18", "-i", "PM24"],
    ),
    "for publication, a quarter": (
        {"periods": "2023-24 Q2", "for_publication": True, "indicators": ["PM18", "PM24"]},
        ["--period", "2023-24 Q2", "--for-publication", "-i", "PM18", "-i", "PM24"],
    ),
}


@pytest.fixture(autouse=True)
def outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)


def _as_written(table: pd.DataFrame) -> bytes:
    return table_bytes(table, ".csv", decimals=indicator_decimals(pm.load_definitions()))


@pytest.mark.parametrize("name", sorted(OPTION_SETS))
def test_compute_returns_the_table_the_command_writes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keywords, options = OPTION_SETS[name]
    table = pm.compute(SAMPLE, **keywords)
    assert capsys.readouterr() == ("", "")
    assert not table.empty
    code, message = run_pm("compute", SAMPLE, *options, "-o", tmp_path / "cli.csv")
    assert code == 0, message
    assert _as_written(table) == (tmp_path / "cli.csv").read_bytes()


def test_compute_figure_is_the_hand_count_of_the_extract() -> None:
    """PM18 for Cardiff 2023-24, counted from the records pm.read_extracts returns: the
    enquiries completed in the year, and those completed within 7 working days of the day
    the report was received (weekends and the England and Wales bank holidays excluded)."""
    table = pm.compute(str(SAMPLE), years="2023-24", indicators="PM18", areas="Cardiff")
    assert list(table["area"]) == [CARDIFF]
    extracts = pm.read_extracts(SAMPLE, indicators=["PM18"])
    assert set(extracts.datasets) == {"adult_protection_enquiries"}
    frame = extracts.datasets["adult_protection_enquiries"].frame
    frame = frame[frame["la_code"] == CARDIFF]
    completed = pd.to_datetime(frame["enquiry_completed_date"])
    received = pd.to_datetime(frame["report_received_date"])
    in_year = (completed >= "2023-04-01") & (completed <= "2024-03-31")
    working_days = np.busday_count(
        received[in_year].to_numpy().astype("datetime64[D]") + 1,
        completed[in_year].to_numpy().astype("datetime64[D]") + 1,
        holidays=np.array(BANK_HOLIDAYS, dtype="datetime64[D]"),
    )
    row = table.iloc[0]
    assert (row["numerator"], row["denominator"]) == ((working_days <= 7).sum(), in_year.sum())
    assert row["value"] == pytest.approx(100 * row["numerator"] / row["denominator"])


def test_output_writes_the_same_three_files_as_the_command(tmp_path: Path) -> None:
    options = ["--year", "2023-24", "-i", "PM18", "-i", "PM24", "--for-publication"]
    code, message = run_pm("compute", SAMPLE, *options, "-o", tmp_path / "cli" / "r.xlsx")
    assert code == 0, message
    table = pm.compute(
        SAMPLE,
        years="2023-24",
        indicators=["PM18", "PM24"],
        for_publication=True,
        output=tmp_path / "api" / "r.xlsx",
    )
    assert len(table) > 0
    for name in ("r.xlsx", "r.data-quality.csv"):
        assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    manifests = [
        json.loads((tmp_path / side / "r.manifest.json").read_text(encoding="utf-8"))
        for side in ("api", "cli")
    ]
    for manifest in manifests:
        manifest.pop("run_at"), manifest.pop("output")
    assert manifests[0] == manifests[1]


def test_usage_mistakes_raise_pm_errors_and_print_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mistakes = [
        ({}, "say which period to compute"),
        ({"years": "2023-24", "confidence": 2}, "--confidence must be between"),
        ({"years": "2023-24", "team": "  "}, "--team is empty"),
        ({"years": "2023-24", "breakdowns": "agge", "indicators": "PM18"}, "breakdown"),
        ({"years": "2023-24", "output": tmp_path / "r.txt"}, "cannot tell the format"),
        ({"years": "2023-24", "indicators": "PM18", "team": "nobody"}, "no results for team"),
    ]
    for keywords, words in mistakes:
        with pytest.raises(UsageError, match=words):
            pm.compute(SAMPLE, **keywords)
    with pytest.raises(UsageError):  # an output onto an input: refused, the input unchanged
        pm.compute(SAMPLE, years="2023-24", output=SAMPLE / "population.csv")
    with pytest.raises(InputError):
        pm.compute(tmp_path / "nowhere", years="2023-24")
    with pytest.raises(UsageError, match="say where the extracts are"):
        pm.compute(years="2023-24")  # no data folder and no workspace
    assert capsys.readouterr() == ("", "")
    assert not (tmp_path / "r.txt").exists()


def test_notes_are_returned_and_heard_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    heard: list[str] = []
    run = compute_run(SAMPLE, years="2023-24", indicators=["PM18"], compare=True, warn=heard.append)
    assert capsys.readouterr() == ("", "")
    warnings = [text for level, text in run.notes if level == "warning"]
    assert heard == warnings and heard  # data-quality and last year's figures
    assert any("record(s) left out for data-quality problems" in text for text in heard)
    assert any(text.startswith("No change from the year before") for text in heard)
    assert ("info", run.coverage) in run.notes and run.coverage.startswith("Coverage:")
    assert run.compared and "band" in run.table.columns


def test_compare_takes_a_results_file_or_the_table_compute_returned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = pm.compute(SAMPLE, years="2022-23:2023-24", indicators=["PM18", "PM24"])
    pm.compute(
        SAMPLE,
        years="2022-23:2023-24",
        indicators=["PM18", "PM24"],
        output=tmp_path / "results.parquet",
    )
    from_table = pm.compare(results)
    from_file = pm.compare(str(tmp_path / "results.parquet"), output=tmp_path / "api.csv")
    assert capsys.readouterr() == ("", "")
    code, message = run_pm("compare", tmp_path / "results.parquet", "-o", tmp_path / "cli.csv")
    assert code == 0, message
    assert (tmp_path / "api.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    assert _as_written(from_table) == (tmp_path / "cli.csv").read_bytes()
    assert _as_written(from_file) == (tmp_path / "cli.csv").read_bytes()
    cardiff = pm.compare(results, areas="Cardiff", for_publication=True)
    assert set(cardiff["area"]) == {CARDIFF}
    assert {"band", "rank", "benchmark_comparison"} <= set(cardiff.columns)
    with pytest.raises(UsageError):
        pm.compare(results, areas="Narnia")
    with pytest.raises(InputError):
        pm.compare(tmp_path / "nothere.csv")
    assert capsys.readouterr() == ("", "")


def test_load_definitions_raises_definition_problems(tmp_path: Path) -> None:
    assert len(pm.load_definitions().indicators) > 20
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "X01.yaml").write_text("id: X01\ntitle: broken\n", encoding="utf-8")
    with pytest.raises(DefinitionProblems) as raised:
        pm.load_definitions(folder)
    assert isinstance(raised.value, PmError) and raised.value.problems
    unchecked = pm.load_definitions([folder], check=False)
    assert "X01" not in unchecked.indicators and unchecked.problems


def test_read_extracts_refuses_an_unknown_dataset() -> None:
    with pytest.raises(UsageError, match="no dataset named nothing"):
        pm.read_extracts(SAMPLE, datasets="nothing")
    extracts = pm.read_extracts(SAMPLE, datasets=["population"])
    assert list(extracts.datasets) == ["population"]
    assert extracts.findings_frame().empty


def _workspace(root: Path) -> Path:
    root.mkdir()
    (root / "pm.yaml").write_text(
        "council: Powys\ncomparator_group: rural\ncomparator_groups:\n"
        "  rural: [Powys, Ceredigion, Gwynedd, Pembrokeshire]\n",
        encoding="utf-8",
    )
    return root


def test_an_explicit_workspace_is_used(tmp_path: Path) -> None:
    """workspace= names the workspace (its comparator group here) without changing folder."""
    workspace = _workspace(tmp_path / "ws")
    chosen = {"years": "2023-24", "indicators": "PM18", "compare": True}
    with_group = pm.compute(SAMPLE, workspace=workspace, **chosen)
    without = pm.compute(SAMPLE, **chosen)
    powys = with_group[(with_group["area"] == "W06000023") & (with_group["breakdown"] == "")]
    assert list(powys["comparator_group"]) == ["rural"]
    assert set(without["comparator_group"]) == {""}


def test_an_explicit_workspace_protects_its_own_files(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path / "ws")
    (workspace / "data").mkdir()
    (workspace / "data" / "r.csv").write_text("kept\n", encoding="utf-8")
    try:
        with pytest.raises(UsageError, match="one of the inputs"):
            pm.compute(
                SAMPLE,
                years="2023-24",
                indicators="PM18",
                workspace=workspace,
                output=workspace / "data" / "r.csv",
            )
    finally:
        assert (workspace / "data" / "r.csv").read_text(encoding="utf-8") == "kept\n"
