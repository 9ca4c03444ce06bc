"""Disclosure control fails closed (issue 14 §4).

One rule decides what a publishing output withholds: the `suppressed` flag, a status
starting with `suppressed`, or a count under the indicator's threshold; any one is enough.
A results file read for publishing (pm report, pm compare, pm plan) whose disclosure
columns are missing, blank or contradictory where a figure would be published is refused
with one line naming the rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from engine_helpers import definitions

from pm.engine.withheld import publishable, withheld
from pm.errors import InputError
from pm.reporting.results import published_results
from pm.reporting.results import read_results as read_for_report
from pm.results_io import read_results as read_for_compare

CARDIFF = "W06000015"
INDICATORS = [
    "PM18",
    "PM19",
    "PM21",
    "LOC05",
    "LOC06",
    "LOC07",
]  # %, rate, mean, median, count, survey


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, run_pm: Callable[..., object]) -> Path:
    """Real results of every indicator type, as pm compute writes them."""
    folder = tmp_path_factory.mktemp("disclosure")
    ids = [a for i in INDICATORS for a in ("-i", i)]
    done = run_pm("compute", "sample_data", "--year", "2023-24", *ids, "-o", str(folder / "r.csv"))
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    return folder / "r.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write(rows: list[dict[str, str]], path: Path, drop: str | None = None) -> Path:
    columns = [c for c in rows[0] if c != drop]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def first(rows: list[dict[str, str]], indicator: str, **wanted: str) -> int:
    for position, row in enumerate(rows):
        if row["indicator"] == indicator and all(row[k] == v for k, v in wanted.items()):
            return position
    raise AssertionError(f"no {indicator} row with {wanted}")


def edited(results: Path, tmp_path: Path, indicator: str, **changes: str) -> tuple[Path, int]:
    """The results with one shown figure's cells changed; returns the file and its line."""
    rows = rows_of(results)
    position = first(rows, indicator, status="ok", breakdown="", area=CARDIFF)
    rows[position].update(changes)
    return write(rows, tmp_path / "edited.csv"), position + 2


CONTRADICTIONS = {
    "status suppressed, flag blank (the issue's case)": (
        "PM18", {"status": "suppressed:small_numerator", "suppressed": ""}, "suppressed is blank"),
    "flag blank, status ok": ("PM21", {"suppressed": ""}, "suppressed is blank"),
    "status blank": ("LOC05", {"status": ""}, "status is blank"),
    "status suppressed, flag false": (
        "PM19", {"status": "suppressed:secondary"}, "status is suppressed:secondary but suppressed is false"),
    "flag true, status ok": ("LOC06", {"suppressed": "True"}, "suppressed is true but status is ok"),
    "count under the threshold marked ok": (
        "PM18", {"numerator": "3", "value": "5.0"}, "under the disclosure threshold"),
    "survey answers under 10 marked ok": (
        "LOC07", {"numerator": "6", "denominator": "9", "value": "66.7"}, "under the disclosure threshold"),
    "mean of 3 records marked ok": (
        "PM21", {"denominator": "3", "records": "3"}, "under the disclosure threshold"),
    "median's records blank": ("LOC05", {"records": ""}, "records blank"),
    "percentage's numerator blank": ("PM18", {"numerator": ""}, "numerator blank"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CONTRADICTIONS))
@pytest.mark.parametrize("reader", [read_for_report, read_for_compare], ids=["report", "compare"])
def test_contradictory_disclosure_columns_are_refused_naming_the_row(
    case: str, reader: Callable[..., pd.DataFrame], results: Path, tmp_path: Path
) -> None:
    indicator, changes, why = CONTRADICTIONS[case]
    path, line = edited(results, tmp_path, indicator, **changes)
    with pytest.raises(InputError) as refused:
        reader(path, definitions())
    message = str(refused.value)
    assert "\n" not in message
    assert "edited.csv: its disclosure columns are missing, blank or contradictory" in message
    assert f"line {line} ({indicator}, {CARDIFF}, 2023-24): " in message
    assert why in message


@pytest.mark.parametrize("column", ["suppressed", "status"])
def test_a_file_without_a_disclosure_column_is_refused(
    column: str, results: Path, tmp_path: Path
) -> None:
    path = write(rows_of(results), tmp_path / "cut.csv", drop=column)
    with pytest.raises(InputError, match=f"has no {column} column"):
        read_for_report(path, definitions())


def test_several_rows_are_named_and_the_rest_counted(results: Path, tmp_path: Path) -> None:
    rows = rows_of(results)
    shown = [i for i, r in enumerate(rows) if r["status"] == "ok"][:7]
    for position in shown:
        rows[position]["suppressed"] = ""
    with pytest.raises(InputError) as refused:
        read_for_compare(write(rows, tmp_path / "many.csv"), definitions())
    message = str(refused.value)
    assert all(f"line {i + 2} (" in message for i in shown[:4])
    assert "and 3 more row(s)" in message


def test_pm_s_own_files_are_accepted(
    results: Path, tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    """What pm compute writes, with or without --for-publication, and what pm compare
    writes from it, read back without complaint."""
    public = tmp_path / "public.csv"
    done = run_pm("compute", "sample_data", "--year", "2023-24", "-i", "PM18", "-i", "LOC06",
                  "--for-publication", "-o", str(public))  # fmt: skip
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    compared = tmp_path / "compared.csv"
    done = run_pm("compare", str(results), "-o", str(compared))
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    for path in (results, public, compared):
        assert len(read_for_report(path, definitions())) == len(
            read_for_compare(path, definitions())
        )


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("report", ["-t", "scorecard", "-a", "Cardiff", "-o", "{out}/report.html"]),
        ("compare", []),
        ("plan", ["-a", "Cardiff", "{plan}"]),
    ],
)
def test_every_publishing_command_refuses_the_issue_s_file(
    command: str, extra: list[str], results: Path, tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    path, line = edited(
        results, tmp_path, "PM18", status="suppressed:small_numerator", suppressed=""
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "title: Plan\nowner: Director\nyear: 2023-24\nobjectives:\n  - id: A1\n    title: Faster"
        "\n    kind: process\n    rationale: Safer\n    indicators: [PM18]\n    monitoring: Monthly\n"
        "    actions:\n      - {action: Rota, owner: Manager, due: 2024-06-30}\n",
        encoding="utf-8",
    )
    args = [a.format(out=tmp_path, plan=plan) for a in extra]
    if command == "plan":
        args = [args[-1], "-r", str(path), *args[:-1]]
    else:
        args = [str(path), *args]
    done = run_pm(command, *args)
    assert done.returncode == 3, done.stdout  # type: ignore[attr-defined]
    named = f"line {line} (PM18, {CARDIFF}, 2023-24): suppressed is blank (status suppressed:"
    assert named in done.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "report.html").exists()


# ----------------------------------------------------------------------- the one rule itself


def table(**columns: object) -> pd.DataFrame:
    base = {
        "indicator": ["PM18"] * 4,
        "period": ["2023-24"] * 4,
        "area": [CARDIFF, "W06000011", "W06000022", "W06000023"],
        "breakdown": [""] * 4,
        "numerator": [40.0, 40.0, 40.0, 40.0],
        "denominator": [50.0, 50.0, 50.0, 50.0],
        "value": [80.0, 80.0, 80.0, 80.0],
        "lower_ci": [70.0] * 4,
        "upper_ci": [90.0] * 4,
        "records": [50.0] * 4,
        "suppressed": [False] * 4,
        "status": ["ok"] * 4,
    }
    base.update(columns)  # type: ignore[arg-type]
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("signal", "columns"),
    [
        ("the flag", {"suppressed": [True, False, False, False]}),
        ("the status alone", {"status": ["suppressed:small_numerator", "ok", "ok", "ok"]}),
        ("a small numerator alone", {"numerator": [3.0, 40.0, 40.0, 40.0]}),
        ("a small denominator alone", {"denominator": [4.0, 50.0, 50.0, 50.0]}),
    ],
)
def test_any_one_signal_withholds_a_row(signal: str, columns: dict[str, list[object]]) -> None:
    frame = table(**columns)
    assert withheld(frame, definitions()).tolist() == [True, False, False, False], signal
    shown = publishable(frame, definitions())
    assert shown.loc[0, ["numerator", "denominator", "value", "lower_ci", "upper_ci"]].isna().all()
    assert shown.loc[1:, "value"].tolist() == [80.0, 80.0, 80.0]
    words = dict.fromkeys(["polarity", "band", "previous_period", "direction", "trend"], "")
    words |= dict.fromkeys(["benchmark_area", "benchmark_comparison", "quartile_band"], "")
    numbers = dict.fromkeys(["previous_value", "change", "rank", "quartile", "benchmark_value"])
    numbers |= dict.fromkeys(["lower_quartile", "upper_quartile"])
    report_table = frame.assign(
        **words, **numbers, comparator_comparison="", change_significant=None
    )
    published = published_results(report_table, definitions())
    assert bool(published.loc[0, "suppressed"]) and np.isnan(published.loc[0, "value"])


def test_the_indicator_s_own_threshold_is_used() -> None:
    """LOC07 (a survey) hides fewer than 10 answers; PM18 only counts of 1 to 4."""
    frame = table(
        indicator=["LOC07", "LOC07", "PM18", "PM18"],
        numerator=[6.0, 12.0, 6.0, 0.0],
        denominator=[9.0, 15.0, 9.0, 9.0],
    )
    assert withheld(frame, definitions()).tolist() == [True, False, False, False]


def test_comparison_never_ranks_a_row_the_status_withholds(results: Path) -> None:
    from pm.comparison.comparison import compare

    frame = read_for_compare(results)
    whole = (frame["breakdown"] == "") & (frame["indicator"] == "PM18") & (frame["status"] == "ok")
    target = frame.index[whole & (frame["area"] == CARDIFF)][0]
    frame.loc[target, "status"] = "suppressed:small_numerator"  # the flag stays false
    compared = compare(frame, definitions())
    assert pd.isna(compared.loc[target, "rank"]) and compared.loc[target, "band"] == ""
    ranked = compared[whole & (compared["area"] != "W92000004") & compared["rank"].notna()]
    assert int(ranked["rank_of"].iloc[0]) == len(ranked)


def test_an_imported_small_count_is_withheld_not_refused(results: Path, tmp_path: Path) -> None:
    """Published figures come as the publisher gave them: a small count among them is not
    pm's contradiction to refuse, but it is still never shown."""
    rows = rows_of(results)
    position = first(rows, "PM18", status="ok", breakdown="", area=CARDIFF)
    for row in rows:
        row["source"] = "computed"
    rows[position].update(source="imported", numerator="3", value="6.0")
    path = write(rows, tmp_path / "imported.csv")
    before = withheld(read_for_report(results, definitions()), definitions())
    after = withheld(read_for_report(path, definitions()), definitions())
    assert not before[position] and after[position]
    assert np.flatnonzero(before != after).tolist() == [position]
    rows[position]["source"] = "computed"  # the same row computed by pm contradicts itself
    with pytest.raises(InputError, match="under the disclosure threshold"):
        read_for_report(write(rows, tmp_path / "computed.csv"), definitions())
