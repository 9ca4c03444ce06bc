"""Issue 14 §7, crashes found by running every command on unusual but legal inputs (one
council only, a dataset missing, a file with a header only, a month with no records, a team
that matches nothing, a local definition of each type). One test per thing that broke, named
after it; the runs that held are listed in the report of the work."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, NEWPORT, SWANSEA, WALES, run_pm, write_extract
from local_kinds import CAMHS, KINDS, POPULATION, load_with_kinds

from pm.calendar import parse_period
from pm.data.reader import read_extracts
from pm.engine.trail import explain


@pytest.mark.parametrize("ident", sorted(KINDS))
def test_explain_of_an_extract_with_only_a_header_is_an_empty_trail(
    tmp_path: Path, ident: str
) -> None:
    # pm explain stopped with KeyError 'role' when no record of the dataset was in the period.
    definitions = load_with_kinds(tmp_path / "kinds")
    folder = tmp_path / "extracts"
    write_extract(folder, "camhs_referrals", [], CAMHS)
    write_extract(folder, "population", [], POPULATION)
    extracts = read_extracts(
        folder,
        definitions.datasets,
        ["camhs_referrals", "population"],
        set(definitions.reference.council_codes),
    )
    indicator = definitions.indicators[ident]
    trail = explain(indicator, definitions, extracts, parse_period("2023-24"), CARDIFF)
    assert len(trail) == 0
    assert {"file", "line", "referral_id", "child_id", "role", "reason"} <= set(trail.columns)


def test_explain_of_a_year_before_the_records_names_the_figure_and_writes_an_empty_trail(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "extracts"
    write_extract(folder, "camhs_referrals", [], CAMHS)
    out = tmp_path / "trail.csv"
    args = ["explain", "LOC05", "--data", str(folder), "--year", "2023-24", "--area", "Cardiff"]
    done = run_pm([*args, "-o", str(out)])
    assert done.returncode == 0, done.stderr
    assert "LOC05 2023-24 Cardiff" in done.stdout + done.stderr
    assert "(no_data)" in done.stdout + done.stderr
    assert pd.read_csv(out).empty


def test_compare_with_no_comparator_group_complete_does_not_stop(tmp_path: Path) -> None:
    # pm compare stopped ("Can only string multiply by an integer") when no comparator group
    # had a figure for every member: here Cardiff's figure is an error.
    rows = [
        ("PM24", "2023-24", CARDIFF, "", "", "", "", "", "", "False", "error:number_too_large"),
        ("PM24", "2023-24", SWANSEA, "", "40", "50", "80.0", "66.9", "88.8", "False", "ok"),
        ("PM24", "2023-24", NEWPORT, "", "45", "50", "90.0", "78.6", "95.7", "False", "ok"),
        ("PM24", "2023-24", WALES, "", "", "", "", "", "", "False", "error:number_too_large"),
    ]
    columns = [
        "indicator",
        "period",
        "area",
        "breakdown",
        "numerator",
        "denominator",
        "value",
        "lower_ci",
        "upper_ci",
        "suppressed",
        "status",
    ]
    results = tmp_path / "results.csv"
    pd.DataFrame(rows, columns=columns).to_csv(results, index=False)
    (tmp_path / "pm.yaml").write_text(
        "council: Cardiff\ncomparator_group: cities\n"
        "comparator_groups:\n  cities: [Cardiff, Swansea, Newport]\n",
        encoding="utf-8",
    )
    out = tmp_path / "compared.csv"
    done = run_pm(["compare", str(results), "-o", str(out)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    compared = pd.read_csv(out, dtype=str, keep_default_na=False).set_index("area")
    assert compared.loc[SWANSEA, "comparator_group"] == "cities"
    assert compared.loc[SWANSEA, "comparator_value"] == ""  # no complete group: no pooled value
    assert compared.loc[CARDIFF, "status"] == "error:number_too_large"


@pytest.mark.parametrize(
    ("rule", "numerator"),
    [
        ("tier <= 7 / (period_year - 2023)", 0),  # 7 / 0 is unknown: not met
        ("tier <= 7 / (period_year - 2023) or tier > 0", 2),  # unknown or true is true
        ("tier <= 7 / (period_year - 2022)", 2),  # 7 / 1: a real number, both met
    ],
)
def test_a_rule_dividing_by_a_period_value_of_zero_is_unknown_not_a_crash(
    tmp_path: Path, rule: str, numerator: int
) -> None:
    # ZeroDivisionError stopped pm compute: period_year - 2023 is 0 in 2023-24.
    from local_kinds import write_kinds

    from pm.definitions.loader import default_paths, load_definitions
    from pm.engine.compute import compute

    body = (
        "type: percentage\npolarity: higher\npopulation: {description: every referral}\n"
        f'numerator: {{description: n, rule: "{rule}"}}\n'
    )
    folder = write_kinds(tmp_path / "defs", {"TDIV": body})
    definitions = load_definitions([*default_paths(), folder])
    assert definitions.valid, [str(p) for p in definitions.sorted_problems()[:3]]
    data = tmp_path / "extracts"
    rows = [
        ("R1", "C1", CARDIFF, "2023-05-02", "", 3, "A"),
        ("R2", "C2", CARDIFF, "2023-06-02", "", 4, "A"),
    ]
    write_extract(data, "camhs_referrals", rows, CAMHS)
    extracts = read_extracts(
        data, definitions.datasets, ["camhs_referrals"], set(definitions.reference.council_codes)
    )
    table = compute(definitions, extracts, [parse_period("2023-24")], ["TDIV"])
    figure = table[(table["area"] == CARDIFF) & (table["breakdown"] == "")].iloc[0]
    assert (figure["numerator"], figure["denominator"]) == (numerator, 2)


@pytest.mark.parametrize("seed", ["-1", "-20240401"])
def test_a_negative_audit_seed_is_a_usage_error(tmp_path: Path, seed: str) -> None:
    # numpy refused a negative seed and pm audit-sample stopped on an unexpected ValueError.
    folder = tmp_path / "extracts"
    columns = ["referral_id", "person_id", "la_code", "received_at", "allocated_at", "service"]
    rows = [(f"R{n}", f"P{n}", CARDIFF, "2023-06-01 10:00", "", "adults") for n in range(5)]
    write_extract(folder, "safeguarding_referrals", rows, columns)
    out = tmp_path / "sample.csv"
    args = ["audit-sample", "safeguarding_referrals", "--data", str(folder), "--size", "2"]
    done = run_pm([*args, "--seed", seed, "-o", str(out)])
    assert done.returncode == 2
    assert "--seed must be a whole number 0 or more" in done.stderr
    assert not out.exists()
