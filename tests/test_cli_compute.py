"""`pm compute` end to end through the real command line: the files it writes, the formats,
the manifest, publication, filters, periods, and the errors a user can cause.

Every run is independent, so they are started side by side once for the module (each one
is mostly Python start-up) and the tests read their results.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from engine_helpers import (
    CARDIFF,
    REPO_ROOT,
    SWANSEA,
    WALES,
    digests,
    run_pm_many,
    sha256,
    write_extracts,
)
from test_engine_golden import PM18_EXPECTED, PM18_ROWS, PM19_DELAYS, PM19_POPULATION, PM27_ROWS

CONTRACT_COLUMNS = [
    "indicator",
    "period",
    "area",
    "breakdown",
    "numerator",
    "denominator",
    "value",
    "lower_ci",
    "upper_ci",
    "unit",
    "suppressed",
    "status",
]
SOME = [
    "-i",
    "PM18",
    "-i",
    "PM19",
    "-i",
    "PM27",
    "-i",
    "PM24",
]  # no child_assessments given: PM24 no_data
FORMATS = [".csv", ".json", ".xlsx", ".parquet"]


class Runs:
    def __init__(
        self,
        root: Path,
        data: Path,
        results: dict[str, subprocess.CompletedProcess[str]],
        before: dict[str, str],
        after: dict[str, str],
    ) -> None:
        self.root, self.data, self.results, self.before, self.after = (
            root,
            data,
            results,
            before,
            after,
        )

    def ok(self, name: str) -> subprocess.CompletedProcess[str]:
        result = self.results[name]
        assert result.returncode == 0, f"{name}: exit {result.returncode}\n{result.stderr}"
        return result


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("cli_compute")
    data = write_extracts(
        root / "data",
        {
            "adult_protection_enquiries": PM18_ROWS,
            "cpr_registrations": PM27_ROWS,
            "delayed_transfers": PM19_DELAYS,
            "population": PM19_POPULATION,
        },
    )
    before = digests(data)
    plan: dict[str, tuple[list[str], Path | None]] = {}
    # two runs per format, from twin folders so that every path in the manifest is the same
    for twin in ("a", "b"):
        for suffix in FORMATS:
            cwd = root / twin / suffix.strip(".")
            cwd.mkdir(parents=True)
            plan[f"{twin}{suffix}"] = (
                [
                    "compute",
                    "../../data",
                    "--year",
                    "2023-24",
                    *SOME,
                    "--output",
                    f"out/results{suffix}",
                ],
                cwd,
            )
    plan["publication"] = (
        [
            "compute",
            str(data),
            "--year",
            "2023-24",
            "-i",
            "PM18",
            "--for-publication",
            "--output",
            str(root / "pub" / "results.csv"),
        ],
        None,
    )
    # --indicator and --area, with a year and a quarter of it in the same run
    plan["limited"] = (
        [
            "compute",
            str(data),
            "--year",
            "2023-24",
            "--period",
            "2023-24 Q2",
            "--indicator",
            "PM18",
            "--area",
            "Cardiff",
            "--area",
            "w06000011",
            "--output",
            str(root / "limited" / "results.csv"),
        ],
        None,
    )
    plan["bad_year"] = (["compute", str(data), "--year", "2023-25", "-i", "PM18"], None)
    plan["no_folder"] = (
        ["compute", str(root / "nowhere"), "--year", "2023-24", "-i", "PM18"],
        None,
    )
    plan["onto_input"] = (
        [
            "compute",
            str(data),
            "--year",
            "2023-24",
            "-i",
            "PM18",
            "--output",
            str(data / "adult_protection_enquiries.csv"),
        ],
        None,
    )
    results = run_pm_many(plan)
    return Runs(root, data, results, before, digests(data))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _canon(value: object) -> object:
    """One spelling for a cell, whatever the format: None, bool, float or text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return None if math.isnan(value) else float(value)
    text = str(value)
    if text in ("True", "true"):
        return True
    if text in ("False", "false"):
        return False
    try:
        return float(text)
    except ValueError:
        return text


def _read_back(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".csv":
        rows: list[dict[str, object]] = list(_csv_rows(path))
    elif path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix == ".parquet":
        rows = pq.read_table(path).to_pylist()
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], line, strict=True)) for line in values[1:]]
    return [{k: _canon(v) for k, v in r.items()} for r in rows]


def _same_table(left: list[dict[str, object]], right: list[dict[str, object]]) -> None:
    assert len(left) == len(right)
    for a, b in zip(left, right, strict=True):
        assert list(a) == list(b)
        for key in a:
            x, y = a[key], b[key]
            if isinstance(x, float) and isinstance(y, float):
                assert math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12), (key, x, y, a)
            else:
                assert x == y, (key, x, y, a)


def _find(
    rows: list[dict[str, str]],
    indicator: str,
    area: str,
    breakdown: str = "",
    period: str | None = None,
) -> dict[str, str]:
    hits = [
        r
        for r in rows
        if r["indicator"] == indicator
        and r["area"] == area
        and r["breakdown"] == breakdown
        and (period is None or r["period"] == period)
    ]
    assert len(hits) == 1, (indicator, area, breakdown, len(hits))
    return hits[0]


# --- what a run writes ----------------------------------------------------------------------


def test_compute_writes_results_a_data_quality_report_and_a_manifest(runs: Runs) -> None:
    runs.ok("a.csv")
    out = runs.root / "a" / "csv" / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        "results.csv",
        "results.data-quality.csv",
        "results.manifest.json",
    ]
    quality = _csv_rows(out / "results.data-quality.csv")
    # E11 in Cardiff was completed before it was received: the one data-quality finding
    assert [(q["dataset"], q["line"], q["column"], q["code"], q["record_id"]) for q in quality] == [
        ("adult_protection_enquiries", "12", "enquiry_completed_date", "end_before_start", "E11"),
    ]


def test_the_results_have_the_contract_columns_and_hand_worked_figures(runs: Runs) -> None:
    runs.ok("a.csv")
    rows = _csv_rows(runs.root / "a" / "csv" / "out" / "results.csv")
    header = list(rows[0])
    assert [c for c in header if c in CONTRACT_COLUMNS] == CONTRACT_COLUMNS
    for area, (numerator, denominator) in PM18_EXPECTED.items():
        if area == "W92000004":
            continue
        found = _find(rows, "PM18", area)
        assert (int(found["numerator"]), int(found["denominator"])) == (numerator, denominator)
        assert math.isclose(float(found["value"]), numerator / denominator * 100, abs_tol=1e-9)
        assert found["coverage"] == "full"
    wales = _find(rows, "PM18", "W92000004")  # three councils' extracts: no Wales figure
    assert (wales["value"], wales["status"], wales["coverage"]) == ("", "no_data", "none")
    assert {r["indicator"] for r in rows} == {"PM18", "PM19", "PM24", "PM27"}
    assert {r["period"] for r in rows} == {"2023-24"}


def test_the_manifest_lists_input_and_definition_digests(runs: Runs) -> None:
    runs.ok("a.csv")
    manifest = json.loads(
        (runs.root / "a" / "csv" / "out" / "results.manifest.json").read_text(encoding="utf-8")
    )
    inputs = manifest["input_sha256"]
    assert inputs == {
        name: hashlib.sha256((runs.data / name).read_bytes()).hexdigest()
        for name in (
            "adult_protection_enquiries.csv",
            "cpr_registrations.csv",
            "delayed_transfers.csv",
            "population.csv",
        )
    }
    definitions = manifest["definition_sha256"]
    for indicator in ("PM18", "PM19", "PM27"):
        path = REPO_ROOT / "indicators" / "national" / "quantitative" / f"{indicator}.yaml"
        assert definitions[indicator] == sha256(path)
    assert manifest["periods"] == ["2023-24"]
    coverage = manifest["coverage"]
    assert coverage["councils_with_records"] == ["W06000011", "W06000015", "W06000022"]
    enquiries = coverage["datasets"]["adult_protection_enquiries"]
    assert enquiries["event_date"] == "report_received_date"
    # Cardiff's enquiries E01-E10: E07 received first (28 March 2023), E06 last (20 March 2024)
    assert enquiries["councils"]["W06000015"]["earliest"] == "2023-03-28"
    assert enquiries["councils"]["W06000015"]["latest"] == "2024-03-20"
    assert enquiries["councils"]["W06000015"]["records"] == 10  # E11 left out (end before start)


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".parquet"])
def test_every_format_carries_the_same_table(runs: Runs, suffix: str) -> None:
    runs.ok("a.csv")
    runs.ok(f"a{suffix}")
    csv_table = _read_back(runs.root / "a" / "csv" / "out" / "results.csv")
    other = _read_back(runs.root / "a" / suffix.strip(".") / "out" / f"results{suffix}")
    _same_table(csv_table, other)


@pytest.mark.parametrize("suffix", [".json", ".parquet"])
def test_every_format_keeps_full_precision(runs: Runs, suffix: str) -> None:
    """value is full precision (contract §5): the machine-readable formats give back the very
    same doubles as the CSV (Excel is left out: it keeps 15 significant digits by design)."""
    runs.ok("a.csv")
    runs.ok(f"a{suffix}")
    csv_table = _read_back(runs.root / "a" / "csv" / "out" / "results.csv")
    other = _read_back(runs.root / "a" / suffix.strip(".") / "out" / f"results{suffix}")
    differ = [
        (a["indicator"], a["area"], key, a[key], b[key])
        for a, b in zip(csv_table, other, strict=True)
        for key in ("value", "lower_ci", "upper_ci")
        if a[key] != b[key]
    ]
    assert differ == []


@pytest.mark.parametrize("suffix", FORMATS)
def test_two_runs_give_byte_identical_files(runs: Runs, suffix: str) -> None:
    runs.ok(f"a{suffix}")
    runs.ok(f"b{suffix}")
    first = runs.root / "a" / suffix.strip(".") / "out"
    second = runs.root / "b" / suffix.strip(".") / "out"
    name = f"results{suffix}"
    assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / "results.data-quality.csv").read_bytes() == (
        second / "results.data-quality.csv"
    ).read_bytes()
    manifests = [
        json.loads((d / "results.manifest.json").read_text(encoding="utf-8"))
        for d in (first, second)
    ]
    for manifest in manifests:
        manifest.pop("run_at")
        # like run_at, says how this run went: the two runs race for the cache of checked
        # extracts, so either may be the one that loaded a dataset from it
        manifest.pop("datasets_from_cache")
    assert manifests[0] == manifests[1]


def test_an_indicator_whose_dataset_is_missing_gives_no_data_not_an_error(runs: Runs) -> None:
    runs.ok("a.csv")
    rows = _csv_rows(runs.root / "a" / "csv" / "out" / "results.csv")
    pm24 = [r for r in rows if r["indicator"] == "PM24"]  # no child_assessments in the folder
    assert len(pm24) == 23
    assert {r["status"] for r in pm24} == {"no_data"}
    assert {r["value"] for r in pm24} == {""}


# --- publication and filters --------------------------------------------------------------


def test_for_publication_leaves_suppressed_figures_empty(runs: Runs) -> None:
    runs.ok("publication")
    rows = _csv_rows(runs.root / "pub" / "results.csv")
    swansea = _find(rows, "PM18", SWANSEA)  # numerator 3: suppressed
    assert swansea["suppressed"] == "True"
    assert swansea["status"] == "suppressed:small_numerator"
    for column in ("numerator", "value", "lower_ci", "upper_ci"):
        assert swansea[column] == "", column
    cardiff = _find(rows, "PM18", CARDIFF)  # 6 of 8: published
    assert (cardiff["numerator"], cardiff["denominator"], cardiff["suppressed"]) == (
        "6",
        "8",
        "False",
    )
    assert math.isclose(float(cardiff["value"]), 75.0, abs_tol=1e-9)


def test_for_publication_a_lone_suppressed_council_cannot_be_recovered_from_wales(
    runs: Runs,
) -> None:
    """methods.md: where a table publishes totals, one hidden cell is protected by hiding the
    next smallest. Here Wales (14) is published, so with only Swansea hidden its numerator
    would be 14 - 6 (Cardiff) - 5 (Newport) = 3."""
    runs.ok("publication")
    rows = [
        r
        for r in _csv_rows(runs.root / "pub" / "results.csv")
        if r["indicator"] == "PM18" and r["breakdown"] == ""
    ]
    wales_shown = _find(rows, "PM18", WALES)["numerator"] != ""
    hidden = [
        r["area"]
        for r in rows
        if r["area"] != WALES and r["numerator"] == "" and r["status"] != "no_data"
    ]
    assert not (wales_shown and len(hidden) == 1), f"only {hidden} hidden while Wales is published"


def test_indicator_and_area_options_limit_the_rows(runs: Runs) -> None:
    runs.ok("limited")
    rows = _csv_rows(runs.root / "limited" / "results.csv")
    assert {(r["indicator"], r["area"]) for r in rows} == {("PM18", CARDIFF), ("PM18", SWANSEA)}
    assert len(rows) == 4  # two councils x (the year, its second quarter)
    found = _find(rows, "PM18", CARDIFF, period="2023-24")
    assert (found["numerator"], found["denominator"]) == ("6", "8")


def test_a_quarter_gives_figures_for_the_year_to_date(runs: Runs) -> None:
    runs.ok("limited")
    rows = _csv_rows(runs.root / "limited" / "results.csv")
    # Cardiff, completed 1 April to 30 September 2023: E01 E03 E05 E08 within, E02 E04 late.
    # E09 (completed 6 October) and E10 (27 December) are after Q2: not counted.
    found = _find(rows, "PM18", CARDIFF, period="2023-24 Q2")
    assert (found["numerator"], found["denominator"]) == ("4", "6")
    # Swansea: S6 (15 May) late, S1 S2 (August) within; S3 (January), S4 (November) later -> 2 / 3
    found = _find(rows, "PM18", SWANSEA, period="2023-24 Q2")
    assert (found["numerator"], found["denominator"]) == ("2", "3")
    # the year sorts before its quarter
    assert [r["period"] for r in rows if r["area"] == CARDIFF] == ["2023-24", "2023-24 Q2"]


# --- mistakes a user can make --------------------------------------------------------------


def test_a_year_that_is_not_a_financial_year_exits_2_with_one_line(runs: Runs) -> None:
    result = runs.results["bad_year"]
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "2023-25" in lines[0]


def test_a_missing_data_folder_exits_3(runs: Runs) -> None:
    result = runs.results["no_folder"]
    assert result.returncode == 3
    assert "Traceback" not in result.stderr + result.stdout
    assert "nowhere" in result.stderr


def test_an_output_onto_an_input_file_exits_2_and_leaves_it_alone(runs: Runs) -> None:
    result = runs.results["onto_input"]
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    name = "adult_protection_enquiries.csv"
    assert runs.after[name] == runs.before[name]


def test_no_run_modifies_any_input_file(runs: Runs) -> None:
    assert runs.after == runs.before
    assert not any(p.name.endswith(".tmp") for p in runs.data.rglob("*"))
