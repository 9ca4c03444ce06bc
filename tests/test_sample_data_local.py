"""The local datasets of the sample-data generator: columns as specified, every council,
logged faults found by the reader, and referrals across the nights the clocks change."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml
from engine_helpers import definitions

from pm.data.reader import read_extracts
from pm.sample_data import DATASETS, LOCAL_DATASETS, generate
from pm.sample_data.local import clock_change_nights, local_times_after

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "sample_data"
CODES = sorted(definitions().reference.council_codes)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("tiny_local")
    return out, generate(out, ["2023-24"], scale=0.01, seed=5)


def test_generated_columns_agree_with_the_data_item_specifications() -> None:
    for name, spec in LOCAL_DATASETS.items():
        item = yaml.safe_load(
            (REPO_ROOT / "technical_guidance/datasets" / f"{name}.yaml").read_text("utf-8")
        )
        assert item["framework"] == "local"
        required = [c["name"] for c in item["columns"] if c.get("required")]
        assert required == list(spec.required), name
        declared = {c["name"] for c in item["columns"]}
        assert set(spec.columns) <= declared, name
        assert item.get("record_id") == spec.id_column, name
        assert tuple(item.get("unique_key") or ()) == spec.key, name


def test_every_council_appears_in_every_local_dataset(tiny) -> None:
    folder, log = tiny
    for name in LOCAL_DATASETS:
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        assert set(CODES) <= set(frame["la_code"]), name
        assert log.row_counts[name] == len(frame), name


def test_the_reader_finds_every_logged_fault_of_the_local_datasets(tiny) -> None:
    folder, log = tiny
    extracts = read_extracts(folder, definitions().datasets, list(LOCAL_DATASETS), set(CODES))
    found = Counter(f.dataset for f in extracts.findings)
    logged = Counter(f.dataset for f in log.faults if f.dataset in LOCAL_DATASETS)
    assert found == logged
    assert sum(logged.values()) >= len(LOCAL_DATASETS)


def test_local_datasets_leave_the_national_files_alone(tiny, tmp_path) -> None:
    folder, _ = tiny
    national_only = generate(tmp_path, ["2023-24"], scale=0.01, seed=5, include_local=False)
    assert list(national_only.row_counts) == list(DATASETS)
    for name in DATASETS:
        assert (folder / f"{name}.csv").read_bytes() == (tmp_path / f"{name}.csv").read_bytes()


def test_clock_change_nights_and_real_minutes_after_them() -> None:
    from pm.sample_data._context import Context

    nights = clock_change_nights(Context(1, 0.01, ["2023-24"]))
    assert [str(n) for n in nights] == ["2023-10-29", "2024-03-31"]
    wall = pd.to_datetime(["2024-03-31 00:30", "2023-10-29 00:40", "2023-10-29 00:40"]).to_numpy()
    readings, second = local_times_after(wall.astype("datetime64[m]"), [40, 50, 110])
    assert [str(r) for r in readings] == [
        "2024-03-31T02:10",
        "2023-10-29T01:30",
        "2023-10-29T01:30",
    ]
    assert second.tolist() == [False, False, True]


def test_the_committed_referrals_cross_midnight_and_both_clock_changes() -> None:
    frame = pd.read_csv(SAMPLE / "safeguarding_referrals.csv", dtype=str, keep_default_na=False)
    received, allocated = frame["received_at"], frame["allocated_at"]
    across_midnight = received.str[:10] != allocated.str[:10]
    assert (across_midnight & (allocated != "")).sum() >= 10
    spring = received.str.startswith("2024-03-31 00:") & allocated.str.startswith("2024-03-31 02:")
    autumn = received.str.startswith("2023-10-29 00:") & allocated.str.endswith("+00:00")
    assert spring.sum() >= 1 and autumn.sum() >= 1
    log = json.loads((SAMPLE / "generation_log.json").read_text("utf-8"))
    assert set(LOCAL_DATASETS) <= set(log["row_counts"])
