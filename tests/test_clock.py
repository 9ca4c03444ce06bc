"""Clock hours: local clock readings become real instants, so hours across midnight and
across a change of the clocks are real hours. Expected values worked out by hand from the
UK rules: clocks go forward at 01:00 GMT on the last Sunday of March (to 02:00 BST) and
back at 02:00 BST on the last Sunday of October (to 01:00 GMT)."""

from __future__ import annotations

import pandas as pd
import pytest
from engine_helpers import definitions

from pm.calendar import hours_between
from pm.calendar.clock import is_time_zone, read_local_times
from pm.data.reader import type_records


def _hours(t0: str, t1: str) -> float:
    times = read_local_times(pd.Series([t0, t1]))
    return float(hours_between(times.iloc[[0]], times.iloc[[1]].set_axis([0])).iloc[0])


@pytest.mark.parametrize(
    ("received", "allocated", "minutes"),
    [
        ("2023-06-14 23:30", "2023-06-15 00:20", 50),  # across midnight, summer time
        ("2024-01-10T23:59", "2024-01-11T01:00", 61),  # across midnight, winter time
        ("2024-03-31 00:30", "2024-03-31 02:10", 40),  # spring forward: 00:30 GMT -> 01:10 GMT
        ("2024-03-30 23:30", "2024-03-31 03:30", 180),  # the whole skipped hour inside
        ("2023-10-29 00:40", "2023-10-29 01:30", 50),  # autumn: 01:30 read as BST (first)
        ("2023-10-29 00:40", "2023-10-29 01:30+00:00", 110),  # ... or GMT when it says so
        ("2023-10-29 01:50", "2023-10-29 01:10+00:00", 20),  # BST 01:50 -> GMT 01:10
        ("2023-10-28 23:00", "2023-10-29 03:00", 300),  # the repeated hour inside
        ("2023-10-29 01:30Z", "2023-10-29 02:00", 30),  # Z is UTC; 02:00 is GMT by then
    ],
)
def test_hours_are_real_elapsed_hours(received: str, allocated: str, minutes: int) -> None:
    assert _hours(received, allocated) == pytest.approx(minutes / 60, abs=1e-12)


def test_a_time_in_the_skipped_hour_is_read_as_a_clock_not_yet_put_forward() -> None:
    # 01:30 does not exist on 31 March 2024; read as 01:30 GMT = 02:30 BST.
    [value] = read_local_times(pd.Series(["2024-03-31 01:30"]))
    assert value == pd.Timestamp("2024-03-31 01:30", tz="UTC")
    assert value.strftime("%H:%M%z") == "02:30+0100"


def test_the_repeated_hour_is_read_as_the_first_time_round_unless_an_offset_says_otherwise() -> (
    None
):
    first, second = read_local_times(pd.Series(["2023-10-29 01:15", "2023-10-29 01:15+00:00"]))
    assert first == pd.Timestamp("2023-10-29 00:15", tz="UTC")
    assert second == pd.Timestamp("2023-10-29 01:15", tz="UTC")


def test_unreadable_and_empty_times_are_missing_and_a_date_alone_is_midnight() -> None:
    values = read_local_times(pd.Series(["rubbish", None, "2023-02-30 10:00", "2023-06-01"]))
    assert values.isna().tolist() == [True, True, True, False]
    assert values.iloc[3] == pd.Timestamp("2023-06-01 00:00", tz="Europe/London")
    # a date is not mistaken for a time with an offset of -01 hours
    assert values.iloc[3].utcoffset() == pd.Timedelta(hours=1)


def test_the_reader_gives_zone_aware_times_and_reports_unreadable_ones() -> None:
    spec = definitions().datasets["safeguarding_referrals"]
    raw = pd.DataFrame(
        {
            "referral_id": ["R1", "R2", "R3"],
            "person_id": ["P1", "P2", "P3"],
            "la_code": ["W06000015"] * 3,
            "received_at": ["2024-03-31 00:30", "2024-03-31T00:30:00", "31/03/2024 00:30"],
            "allocated_at": ["2024-03-31 02:10", None, None],
            "service": [None] * 3,
            "team": [None] * 3,
        },
        dtype="str",
    )
    typed, findings = type_records(spec, raw, "safeguarding_referrals.csv", {"W06000015"})
    assert [(f.line, f.column, f.code) for f in findings] == [
        (4, "received_at", "invalid_datetime")
    ]
    assert str(typed["received_at"].dtype) == "datetime64[s, Europe/London]"
    elapsed = hours_between(typed["received_at"], typed["allocated_at"])
    assert elapsed.iloc[0] == pytest.approx(40 / 60)


def test_allocation_before_receipt_in_real_time_is_a_data_quality_error() -> None:
    # 01:10+00:00 is 20 minutes after 01:50 BST, so it is fine; 00:10 is before 00:20.
    spec = definitions().datasets["safeguarding_referrals"]
    raw = pd.DataFrame(
        {
            "referral_id": ["R1", "R2"],
            "person_id": ["P1", "P2"],
            "la_code": ["W06000015"] * 2,
            "received_at": ["2023-10-29 01:50", "2023-06-01 00:20"],
            "allocated_at": ["2023-10-29 01:10+00:00", "2023-06-01 00:10"],
            "service": [None] * 2,
            "team": [None] * 2,
        },
        dtype="str",
    )
    _, findings = type_records(spec, raw, "safeguarding_referrals.csv", {"W06000015"})
    assert [(f.line, f.code) for f in findings] == [(3, "end_before_start")]


def test_a_dataset_must_name_a_real_time_zone() -> None:
    from pydantic import ValidationError

    from pm.definitions.models import DatasetSpec

    assert is_time_zone("Europe/London") and not is_time_zone("Europe/Cardiff")
    base = definitions().datasets["safeguarding_referrals"].model_dump()
    with pytest.raises(ValidationError, match="not a time zone"):
        DatasetSpec.model_validate({**base, "time_zone": "Europe/Cardiff"})


def test_excel_output_writes_zone_aware_times_as_the_local_clock_showed_them() -> None:
    import io

    from openpyxl import load_workbook

    from pm.outputs import excel_bytes

    frame = pd.DataFrame({"received_at": read_local_times(pd.Series(["2024-03-31 02:10"]))})
    sheet = load_workbook(io.BytesIO(excel_bytes({"trail": frame}))).active
    assert sheet["A2"].value == pd.Timestamp("2024-03-31 02:10").to_pydatetime()
