"""Issue 14 §7, dates the engine cannot represent: `add_days(received_at, 99999999999)`
passed `pm validate` and then stopped `pm compute` (OutOfBoundsTimedelta). Now validation
refuses every fixed number or date that would take a date off the calendar, with the file,
line and what to change; and a move worked out from the records that would do so gives
that council's figure error:date_out_of_range, while the other councils carry on."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import CARDIFF, SWANSEA, WALES, row, run_pm, write_extract
from local_kinds import CAMHS, COMMON

from pm.calendar import parse_period
from pm.data.reader import read_extracts
from pm.definitions.loader import DefinitionSet, default_paths, load_definitions
from pm.engine.compute import compute
from pm.errors import UsageError

SEEN = "first_appointment_date"


def _definition(folder: Path, rule: str, extra: str = "", ident: str = "TDATE") -> Path:
    """A percentage on camhs_referrals whose numerator is `rule`; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{ident}.yaml"
    path.write_text(
        f"id: {ident}\ntitle: Test\nshort_title: Test\n"
        + COMMON
        + "type: percentage\npolarity: higher\n"
        + "population: {description: every referral}\n"
        + f"numerator:\n  description: n\n  rule: {json.dumps(rule)}\n"
        + extra,
        encoding="utf-8",
    )
    return path


def _problems(folder: Path) -> list[tuple[str, int, str, str]]:
    loaded = load_definitions([folder])
    return [(Path(p.file).name, p.line, p.code, p.message) for p in loaded.problems]


def _load(folder: Path) -> DefinitionSet:
    loaded = load_definitions([*default_paths(), folder])
    assert loaded.valid, [str(p) for p in loaded.sorted_problems()[:3]]
    return loaded


# --- validation: fixed numbers and dates the engine cannot follow ------------------------


def _line_of(path: Path, start: str) -> int:
    """The line of `path` starting with `start`, counted by hand from the text."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (f"{SEEN} <= add_days(referral_date, 99999999999)", "99,999,999,999 days"),
        (f"{SEEN} <= add_days(referral_date, -99999999999)", "-99,999,999,999 days"),
        (f"{SEEN} <= add_days(referral_date, 73051)", "73,051 days"),
        (f"{SEEN} <= add_days(referral_date, 50000 * 50000)", "2,500,000,000 days"),
        (f"{SEEN} <= add_days(referral_date, -(40000 + 40000))", "-80,000 days"),
        (f"{SEEN} <= add_months(referral_date, 99999999999)", "99,999,999,999 months"),
        (f"{SEEN} <= add_months(referral_date, 2401)", "2,401 months"),
        (f"{SEEN} <= add_working_days(referral_date, 52201)", "52,201 working days"),
        (f"add_days(date('9999-12-31'), 1) > {SEEN}", "outside the years 1 to 9999"),
        (f"add_months(date('0001-01-15'), -1) < {SEEN}", "outside the years 1 to 9999"),
    ],
)
def test_a_fixed_move_off_the_calendar_is_refused_with_file_and_line(
    tmp_path: Path, rule: str, words: str
) -> None:
    path = _definition(tmp_path, rule)
    [(file, line, code, message)] = _problems(tmp_path)
    assert (file, line, code) == ("TDATE.yaml", _line_of(path, "  rule:"), "date-out-of-range")
    assert words in message


def test_a_parameter_that_moves_a_date_off_the_calendar_is_refused(tmp_path: Path) -> None:
    parameter = "parameters:\n  lag: {value: 99999999999, unit: days, description: lag}\n"
    path = _definition(tmp_path, f"{SEEN} <= add_days(referral_date, lag * 2)", parameter)
    [(_, line, code, message)] = _problems(tmp_path)
    assert (line, code) == (_line_of(path, "  rule:"), "date-out-of-range")
    assert "199,999,999,998 days" in message


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        (f"{SEEN} <= add_months(referral_date, 1.5)", "expression-arguments"),
        (f"{SEEN} <= add_working_days(referral_date, 10 / 4)", "expression-arguments"),
        ("tier < 99999999999999999999", "number-too-large"),
        ("tier < 1e400", "number-too-large"),
        ("tier < 3000000 * 3000000 * 3000000", "number-too-large"),
        ("tier < 7 / 0", "expression-arguments"),
        ("tier < 7 / (3 - 3)", "expression-arguments"),
        ("tier * 1 < 7 / (tier - tier) + 2 / 0", "expression-arguments"),
    ],
)
def test_numbers_the_engine_cannot_compute_with_are_refused(
    tmp_path: Path, rule: str, code: str
) -> None:
    path = _definition(tmp_path, rule)
    [(_, line, found, _)] = _problems(tmp_path)
    assert (line, found) == (_line_of(path, "  rule:"), code)


@pytest.mark.parametrize(
    "rule",
    [
        f"{SEEN} <= add_days(referral_date, 73050)",  # 200 years: the limit itself
        f"{SEEN} >= add_days(referral_date, -73050)",
        f"{SEEN} <= add_months(referral_date, 2400)",
        f"{SEEN} <= add_working_days(referral_date, 52200)",
        f"add_days(date('9999-12-31'), -1) > {SEEN}",
        f"{SEEN} <= add_days(referral_date, 0.5)",  # half a day is a time of day
        "tier < 9007199254740992",
        f"{SEEN} <= add_days(referral_date, tier * 20000)",  # from the records: checked later
    ],
)
def test_moves_within_the_calendar_are_valid(tmp_path: Path, rule: str) -> None:
    _definition(tmp_path, rule)
    assert _problems(tmp_path) == []


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("parameters:\n  lag: {value: .inf, unit: days, description: lag}\n", "invalid-value"),
        ("parameters:\n  lag: {value: .nan, unit: days, description: lag}\n", "invalid-value"),
        ("parameters:\n  lag: {value: 1.0e+300, unit: days, description: x}\n", "number-too-large"),
        ("multiplier: .inf\n", "invalid-value"),
        ("multiplier: 1.0e+300\n", "number-too-large"),
    ],
)
def test_parameters_and_multipliers_must_be_finite_and_within_reach(
    tmp_path: Path, extra: str, code: str
) -> None:
    path = _definition(tmp_path, "tier == 3", extra)
    [(_, line, found, _)] = _problems(tmp_path)
    assert (line, found) == (_line_of(path, extra.splitlines()[-1]), code)


def test_pm_validate_names_the_file_line_and_what_to_change(tmp_path: Path) -> None:
    _definition(tmp_path / "defs", f"{SEEN} <= add_days(referral_date, 99999999999)")
    done = run_pm(["validate", "defs"], cwd=tmp_path)
    assert done.returncode == 1
    line = _line_of(tmp_path / "defs" / "TDATE.yaml", "  rule:")
    assert f"defs/TDATE.yaml:{line}: date-out-of-range: add_days() moves a date by" in done.stdout
    assert "at most 73,050 days (200 years) either way" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout


# --- the engine: a move worked out from the records ---------------------------------------

# Cardiff: R1 tier 1 (seen 10 days after referral), R2 tier 4; Swansea: R3 tier 2, R4 tier 3.
REFERRALS = [
    ("R1", "C1", CARDIFF, "2023-05-02", "2023-05-12", 1, "North"),
    ("R2", "C2", CARDIFF, "2023-05-10", "2023-06-10", 4, "South"),
    ("R3", "C3", SWANSEA, "2023-05-02", "2023-05-12", 2, "West"),
    ("R4", "C4", SWANSEA, "2023-05-10", "", 3, "West"),
]


def _figures(tmp_path: Path, rule: str, period_date: str | None = None) -> pd.DataFrame:
    folder = tmp_path / "defs"
    _definition(folder, rule)
    if period_date is not None:
        path = folder / "TDATE.yaml"
        text = path.read_text().replace(
            "period: {rule: in_year, date: referral_date}",
            f"period: {{rule: in_year, date: {json.dumps(period_date)}}}",
        )
        path.write_text(text)
    definitions = _load(folder)
    data = tmp_path / "extracts"
    write_extract(data, "camhs_referrals", REFERRALS, CAMHS)
    extracts = read_extracts(
        data, definitions.datasets, ["camhs_referrals"], set(definitions.reference.council_codes)
    )
    return compute(definitions, extracts, [parse_period("2023-24")], ["TDATE"])


@pytest.mark.parametrize(
    "rule",
    [
        f"{SEEN} <= add_days(referral_date, tier * 20000)",  # tier 4: 80,000 days
        f"{SEEN} <= add_days(referral_date, -20000 * tier)",
        f"{SEEN} <= add_months(referral_date, tier * 700)",  # tier 4: 2,800 months
        f"{SEEN} <= add_working_days(referral_date, tier * 15000)",  # 60,000 working days
        f"{SEEN} <= add_months(referral_date, tier * 2 + (tier - 1) * (tier - 2) * (tier - 3) / 12)",  # 8.5
    ],
)
def test_a_move_from_the_records_off_the_calendar_is_an_error_for_that_council_only(
    tmp_path: Path, rule: str
) -> None:
    table = _figures(tmp_path, rule)
    for area in (CARDIFF, WALES):
        figure = row(table, "TDATE", area)
        assert figure["status"] == "error:date_out_of_range", area
        assert pd.isna(figure["value"]) and pd.isna(figure["numerator"])
        assert not figure["suppressed"]
    swansea = row(table, "TDATE", SWANSEA)
    # R3 is seen within any of these moves (or not, for a backward one); R4 is never seen.
    assert swansea["denominator"] == 2
    assert swansea["status"] != "error:date_out_of_range"


def test_a_period_date_worked_out_off_the_calendar_is_an_error_not_a_silent_drop(
    tmp_path: Path,
) -> None:
    table = _figures(tmp_path, "tier > 0", period_date="add_months(referral_date, tier * 650)")
    assert row(table, "TDATE", CARDIFF)["status"] == "error:date_out_of_range"


def test_explain_names_the_record_whose_date_went_off_the_calendar(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    _definition(ws / "indicators", f"{SEEN} <= add_days(referral_date, tier * 20000)")
    (ws / "pm.yaml").write_text("council: W06000015\npaths:\n  indicators: indicators\n")
    write_extract(ws / "extracts", "camhs_referrals", REFERRALS, CAMHS)
    out = ws / "trail.csv"
    args = ["explain", "TDATE", "--data", "extracts", "--year", "2023-24", "--area", "Cardiff"]
    done = run_pm([*args, "-o", str(out)], cwd=ws)
    assert done.returncode == 0, done.stderr
    trail = pd.read_csv(out, dtype=str, keep_default_na=False)
    reasons = dict(zip(trail["referral_id"], trail["reason"], strict=True))
    assert "off the calendar" in reasons["R2"]
    assert "off the calendar" not in reasons["R1"]


def test_pm_test_with_a_parameter_that_moves_dates_off_the_calendar_fails_clearly(
    tmp_path: Path,
) -> None:
    extra = (
        "parameters:\n  lag: {value: 42, unit: days, description: lag}\n"
        "tests:\n  - name: absurd lag\n    parameters: {lag: 99999}\n"
        "    data:\n      camhs_referrals:\n"
        "        - {referral_date: 2023-06-01, first_appointment_date: 2023-06-05, tier: 1}\n"
        "    expect: {numerator: 1, denominator: 1}\n"
    )
    ws = tmp_path / "ws"
    _definition(ws / "indicators", f"{SEEN} <= add_days(referral_date, lag)", extra)
    (ws / "pm.yaml").write_text("council: W06000015\npaths:\n  indicators: indicators\n")
    done = run_pm(["test", "TDATE"], cwd=ws)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL TDATE: absurd lag" in done.stdout
    assert "date_out_of_range" in done.stdout
    assert "unexpected problem" not in done.stderr


@pytest.mark.parametrize("text", ["9999-00", "0001-02", "1899-00", "2100-01", "9999-12"])
def test_a_reporting_period_outside_1900_to_2099_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="Periods run from 1900-01 to 2099-00"):
        parse_period(text)


def test_the_first_and_last_reporting_years_are_accepted() -> None:
    assert parse_period("1900-01").start.isoformat() == "1900-04-01"
    assert parse_period("2099-00").end.isoformat() == "2100-03-31"


def test_a_parameter_too_large_is_reported_once_on_its_own_line(tmp_path: Path) -> None:
    extra = "parameters:\n  lag: {value: 1.0e+300, unit: days, description: lag}\n"
    path = _definition(tmp_path, f"{SEEN} <= add_days(referral_date, lag)", extra)
    [(_, line, code, _)] = _problems(tmp_path)
    assert (line, code) == (_line_of(path, "  lag:"), "number-too-large")


def test_a_column_named_like_a_parameter_is_read_from_the_records(tmp_path: Path) -> None:
    # 'tier' is a column of camhs_referrals: the rule reads the column, whatever the parameter.
    extra = "parameters:\n  tier: {value: 99999999, unit: days, description: shadowed}\n"
    _definition(tmp_path, f"{SEEN} <= add_days(referral_date, tier)", extra)
    assert _problems(tmp_path) == []


@pytest.mark.parametrize(
    "rule",
    [
        "allocated_at <= add_months(received_at, 2400)",
        "allocated_at >= add_days(received_at, -73050)",
        "allocated_at <= add_working_days(received_at, 52200)",
        "allocated_at >= add_working_days(received_at, -52200)",
    ],
)
def test_a_date_near_2099_moved_by_the_largest_offset_is_worked_out(
    tmp_path: Path, rule: str
) -> None:
    # Date-times are zone-aware: the moved time must still be a real instant (here in 2299
    # or 1899), not a crash of the time-zone library.
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "TNEAR.yaml").write_text(
        "id: TNEAR\ntitle: Test\nshort_title: Test\n"
        + COMMON.replace("dataset: camhs_referrals", "dataset: safeguarding_referrals").replace(
            "date: referral_date", "date: received_at"
        )
        + "type: percentage\npolarity: higher\npopulation: {description: every referral}\n"
        + f"numerator:\n  description: n\n  rule: {json.dumps(rule)}\n",
        encoding="utf-8",
    )
    definitions = _load(folder)
    columns = ["referral_id", "person_id", "la_code", "received_at", "allocated_at", "service"]
    data = tmp_path / "extracts"
    rows = [("R1", "P1", CARDIFF, "2099-12-31 23:00", "2099-12-31 23:30", "adults")]
    write_extract(data, "safeguarding_referrals", rows, columns)
    extracts = read_extracts(
        data,
        definitions.datasets,
        ["safeguarding_referrals"],
        set(definitions.reference.council_codes),
    )
    table = compute(definitions, extracts, [parse_period("2099-00")], ["TNEAR"])
    figure = row(table, "TNEAR", CARDIFF)
    assert (figure["numerator"], figure["denominator"]) == (1, 1)
    assert not figure["status"].startswith("error")
