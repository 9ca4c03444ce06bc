"""Golden figures: small multi-council extracts whose every numerator, denominator and value
is worked out by hand below (data contract §2, §4; methods.md), then compared with
`compute` for 2023-24.

Bank holidays in England and Wales used in the counting: 2023: 7 and 10 April (Easter),
1 May, 8 May (coronation), 29 May, 28 August, 25 and 26 December; 2024: 1 January,
29 March (Good Friday), 1 April (Easter Monday).
"""

from __future__ import annotations

import math
from pathlib import Path
from statistics import NormalDist

import pandas as pd
import pytest
from engine_helpers import (
    CARDIFF,
    GWYNEDD,
    NEWPORT,
    SWANSEA,
    WALES,
    compute_folder,
    row,
    working_days_by_hand,
    write_extract,
    write_extracts,
)

TOL = 1e-9

# --- PM18: adult protection enquiries completed within 7 working days -------------------------
# (id, person, council, received, completed, age); comment: working days, in/out of the year.
PM18_ROWS = [
    # Cardiff
    (
        "E01",
        "P01",
        CARDIFF,
        "2023-06-01",
        "2023-06-12",
        "70",
    ),  # Thu; 2,5,6,7,8,9,12 Jun = 7: within
    ("E02", "P02", CARDIFF, "2023-06-01", "2023-06-13", "81"),  # 8: late
    (
        "E03",
        "P03",
        CARDIFF,
        "2023-05-25",
        "2023-06-06",
        "",
    ),  # 26 May, (29 May bank hol), 30, 31, 1, 2, 5, 6 Jun = 7: within
    ("E04", "P04", CARDIFF, "2023-05-25", "2023-06-07", "66"),  # 8: late
    ("E05", "P05", CARDIFF, "2023-09-04", "2023-09-04", "90"),  # same day = 0: within
    ("E06", "P06", CARDIFF, "2024-03-20", "", "70"),  # still open: not in the year's figure
    ("E07", "P07", CARDIFF, "2023-03-28", "2023-03-31", "70"),  # completed in 2022-23: not counted
    (
        "E08",
        "P08",
        CARDIFF,
        "2023-04-06",
        "2023-04-19",
        "75",
    ),  # (7, 10 Apr Easter) 11,12,13,14,17,18,19 = 7: within
    ("E09", "P09", CARDIFF, "2023-10-02", "2023-10-06", "88"),  # 3,4,5,6 Oct = 4: within
    (
        "E10",
        "P10",
        CARDIFF,
        "2023-12-18",
        "2023-12-27",
        "79",
    ),  # 19,20,21,22,(25,26 hol),27 = 5: within
    (
        "E11",
        "P11",
        CARDIFF,
        "2023-07-10",
        "2023-07-05",
        "70",
    ),  # completed before received: data-quality error
    # Swansea
    (
        "S1",
        "Q1",
        SWANSEA,
        "2023-08-21",
        "2023-08-30",
        "70",
    ),  # 22,23,24,25,(28 Aug hol),29,30 = 6: within
    (
        "S2",
        "Q2",
        SWANSEA,
        "2023-08-21",
        "2023-08-31",
        "70",
    ),  # ... 31 Aug = 7: within (only thanks to 28 Aug)
    ("S3", "Q3", SWANSEA, "2024-01-02", "2024-01-02", "70"),  # 0: within
    ("S4", "Q4", SWANSEA, "2023-11-01", "2023-11-20", "70"),  # 2,3,6-10,13-17,20 Nov = 13: late
    ("S5", "Q5", SWANSEA, "2024-03-25", "2024-04-03", "70"),  # completed in 2024-25: not counted
    (
        "S6",
        "Q6",
        SWANSEA,
        "2023-05-02",
        "2023-05-15",
        "70",
    ),  # 3,4,5,(8 May hol),9,10,11,12,15 = 8: late
    # Newport
    (
        "N1",
        "R1",
        NEWPORT,
        "2023-04-03",
        "2023-04-12",
        "70",
    ),  # 4,5,6,(7,10 Easter),11,12 = 5: within
    ("N2", "R2", NEWPORT, "2023-06-05", "2023-06-14", "70"),  # 6,7,8,9,12,13,14 = 7: within
    ("N3", "R3", NEWPORT, "2023-06-05", "2023-06-15", "70"),  # 8: late
    (
        "N4",
        "R4",
        NEWPORT,
        "2024-03-28",
        "2024-03-31",
        "70",
    ),  # (29 Mar Good Friday), Sat, Sun = 0: within, last day of year
    ("N5", "R5", NEWPORT, "2023-04-01", "2023-04-01", "70"),  # 0: within, first day of year
    ("N6", "R6", NEWPORT, "2024-01-29", "2024-02-08", "70"),  # 30,31,1,2,5,6,7,8 = 8: late
    ("N7", "R7", NEWPORT, "2024-02-01", "2024-02-09", "70"),  # 2,5,6,7,8,9 = 6: within
]
# Cardiff: within E01 E03 E05 E08 E09 E10 = 6; late E02 E04 = 2 -> 6 / 8 = 75%
# Swansea: within S1 S2 S3 = 3; late S4 S6 = 2 -> 3 / 5 = 60% (numerator 3: suppressed)
# Newport: within N1 N2 N4 N5 N7 = 5; late N3 N6 = 2 -> 5 / 7
# Wales: (6 + 3 + 5) / (8 + 5 + 7) = 14 / 20 = 70% (the mean of council values would be 68.8)
PM18_EXPECTED = {CARDIFF: (6, 8), SWANSEA: (3, 5), NEWPORT: (5, 7), WALES: (14, 20)}
PM18_WORKING_DAYS = {
    "E01": 7,
    "E02": 8,
    "E03": 7,
    "E04": 8,
    "E05": 0,
    "E08": 7,
    "E09": 4,
    "E10": 5,
    "S1": 6,
    "S2": 7,
    "S3": 0,
    "S4": 13,
    "S6": 8,
    "N1": 5,
    "N2": 7,
    "N3": 8,
    "N4": 0,
    "N5": 0,
    "N6": 8,
    "N7": 6,
}

# --- PM24: children's assessments completed within 42 working days ----------------------------
PM24_ROWS = [
    # Cardiff
    (
        "A01",
        "C01",
        CARDIFF,
        "2023-09-04",
        "2023-11-01",
    ),  # Mon; 8 weeks to 30 Oct = 40, 31 Oct 41, 1 Nov 42: within
    ("A02", "C02", CARDIFF, "2023-09-04", "2023-11-02"),  # 43: late
    (
        "A03",
        "C03",
        CARDIFF,
        "2023-11-20",
        "2024-01-22",
    ),  # to 15 Jan 40 less 25, 26 Dec, 1 Jan = 37; 22 Jan 42: within
    ("A04", "C04", CARDIFF, "2023-11-20", "2024-01-23"),  # 43: late
    (
        "A05",
        "C05",
        CARDIFF,
        "2023-04-03",
        "2023-06-07",
    ),  # to 29 May 40 less 7, 10 Apr, 1, 8, 29 May = 35; 7 Jun 42: within
    ("A06", "C06", CARDIFF, "2023-04-03", "2023-06-08"),  # 43: late
    ("A07", "C07", CARDIFF, "2024-02-01", ""),  # still open: not counted
    ("A08", "C08", CARDIFF, "2023-07-12", "2023-07-12"),  # 0: within
    ("A09", "C09", CARDIFF, "2024-02-01", "2024-04-01"),  # completed in 2024-25: not counted
    (
        "A10",
        "C10",
        CARDIFF,
        "2023-10-02",
        "2023-10-20",
    ),  # 3 weeks less the first Monday = 14: within
    # Swansea
    (
        "B1",
        "D1",
        SWANSEA,
        "2023-03-01",
        "2023-04-01",
    ),  # 2,3 Mar + 4 whole weeks = 22 (1 Apr is a Saturday): within, first day
    (
        "B2",
        "D2",
        SWANSEA,
        "2024-03-01",
        "2024-03-31",
    ),  # 4-28 Mar = 19 (29 Mar Good Friday): within, last day
    (
        "B3",
        "D3",
        SWANSEA,
        "2024-01-02",
        "2024-03-01",
    ),  # Jan 3-31 = 21, Feb 1-29 = 21 -> 42 by 29 Feb; 1 Mar 43: late
    (
        "B4",
        "D4",
        SWANSEA,
        "2023-06-01",
        "2023-08-01",
    ),  # Jun 2-30 = 21, Jul 3-31 = 21 -> 42 by 31 Jul; 1 Aug 43: late
    (
        "B5",
        "D5",
        SWANSEA,
        "2023-08-21",
        "2023-10-18",
    ),  # Aug 22-31 less 28 Aug = 7, Sep 21 -> 28, Oct 2-18 = 13 -> 41: within
    # Newport
    ("G1", "F1", NEWPORT, "2023-12-01", "2024-01-31"),  # 40: within (counted below)
    ("G2", "F2", NEWPORT, "2023-12-01", "2024-02-05"),  # late
]
# G1: 1 Dec 2023 is a Friday. December: 4-8 (5), 11-15 (10), 18-22 (15), 27-29 (18);
# January: 2-5 (22), 8-12 (27), 15-19 (32), 22-26 (37), 29-31 (40): 40, within.
# G2: February 1, 2 (42), 5 (43): late.
# Cardiff: within A01 A03 A05 A08 A10 = 5; late A02 A04 A06 = 3 -> 5 / 8
# Swansea: within B1 B2 B5 = 3; late B3 B4 = 2 -> 3 / 5
# Newport: within G1 = 1; late G2 -> 1 / 2
# Wales: 9 / 15
PM24_EXPECTED = {CARDIFF: (5, 8), SWANSEA: (3, 5), NEWPORT: (1, 2), WALES: (9, 15)}
PM24_WORKING_DAYS = {
    "A01": 42,
    "A02": 43,
    "A03": 42,
    "A04": 43,
    "A05": 42,
    "A06": 43,
    "A08": 0,
    "A10": 14,
    "B1": 22,
    "B2": 19,
    "B3": 43,
    "B4": 43,
    "B5": 41,
    "G1": 40,
    "G2": 43,
}

# --- PM19: delays for social care reasons, aged 75+, per 1,000 people aged 75+ -----------------
PM19_DELAYS = [
    ("P1", CARDIFF, "2023-04-30", "80", "social_care"),  # counts
    ("P1", CARDIFF, "2023-05-31", "80", "social_care"),  # same person, next census: counts again
    ("P1", CARDIFF, "2023-06-30", "80", "social_care"),  # and again
    ("P2", CARDIFF, "2023-04-01", "75", "social_care"),  # first day of the year, age 75: counts
    ("P3", CARDIFF, "2023-03-31", "82", "social_care"),  # 2022-23: no
    ("P4", CARDIFF, "2024-03-31", "90", "social_care"),  # last day of the year: counts
    ("P5", CARDIFF, "2024-04-01", "90", "social_care"),  # 2024-25: no
    ("P6", CARDIFF, "2023-08-31", "74", "social_care"),  # aged 74: no
    ("P7", CARDIFF, "2023-08-31", "88", "healthcare"),  # health care reason: no
    ("P8", CARDIFF, "2023-09-30", "77", "patient_family_choice"),  # no
    ("Q1", SWANSEA, "2023-10-31", "85", "social_care"),  # counts
    ("Q1", SWANSEA, "2023-11-30", "85", "social_care"),  # counts
    ("Q2", SWANSEA, "2024-01-31", "79", "social_care"),  # counts
    ("Q3", SWANSEA, "2023-12-31", "76", "other"),  # no
    ("R1", NEWPORT, "2023-06-30", "70", "social_care"),  # aged 70: no
    ("R2", NEWPORT, "2023-11-30", "81", "healthcare"),  # health care reason: no
]
PM19_POPULATION = [
    (CARDIFF, "2023", "75", "F", "1000"),
    (CARDIFF, "2023", "75", "M", "900"),
    (CARDIFF, "2023", "90", "M", "600"),  # 90 = 90 and over
    (CARDIFF, "2023", "74", "F", "5000"),  # under 75: not in the denominator
    (CARDIFF, "2022", "80", "F", "700"),  # another year's estimate: not used
    (SWANSEA, "2023", "80", "F", "800"),
    (SWANSEA, "2023", "84", "M", "400"),
    (SWANSEA, "2024", "80", "F", "9999"),  # the 2024 estimate is for 2024-25
    (NEWPORT, "2023", "76", "F", "500"),  # delays in the extract, none that count: rate 0
    (GWYNEDD, "2023", "80", "F", "300"),  # population but no delays in the extract: no figure
]
# Cardiff: 3 + 1 + 1 = 5 over 1000 + 900 + 600 = 2500 -> 2.0 per 1,000
# Swansea: 3 over 800 + 400 = 1200 -> 2.5
# Newport: 0 over 500 -> 0.0 (status ok): its extract holds delays, none of them counted
# Gwynedd: no delays at all in the extract -> no_data, whatever its population
# Wales: no figure while Gwynedd and 18 other councils are not in the extracts; with every
#        council covered (ALL_WALES below) 8 over 2500 + 1200 + 500 + 300 = 4500, plus theirs
PM19_EXPECTED = {CARDIFF: (5, 2500), SWANSEA: (3, 1200), NEWPORT: (0, 500), WALES: (8, 4200)}

# --- PM22: mean age in completed years at a council-funded admission, adults ------------------
PM22_ROWS = [
    # (placement, person, council, born, admitted, discharged, la_funded)
    (
        "R1",
        "H1",
        CARDIFF,
        "1938-04-01",
        "2023-04-01",
        "",
        "Y",
    ),  # 85 on the day; first day of the year
    ("R2", "H2", CARDIFF, "1944-03-31", "2024-03-31", "", "yes"),  # 80; last day of the year
    ("R3", "H3", CARDIFF, "1940-06-16", "2023-06-15", "", "true"),  # 82: 83rd birthday is tomorrow
    ("R4", "H4", CARDIFF, "1940-06-15", "2023-06-15", "", "1"),  # 83: birthday today
    ("R5", "H5", CARDIFF, "1930-01-01", "2023-07-01", "", "N"),  # self-funded: left out
    ("R6", "H6", CARDIFF, "2005-06-16", "2023-06-15", "", "Y"),  # 17: left out
    ("R7", "H7", CARDIFF, "1938-04-01", "2023-03-31", "", "Y"),  # admitted in 2022-23: left out
    ("R8", "H8", CARDIFF, "1944-02-29", "2024-02-28", "", "Y"),  # 79: turns 80 on 29 Feb 2024
    ("R9", "H9", CARDIFF, "1950-10-10", "2023-12-01", "", "Y"),  # 73
    ("T1", "J1", SWANSEA, "1935-05-20", "2023-05-20", "", "Y"),  # 88
    ("T2", "J2", SWANSEA, "1945-01-15", "2024-01-14", "", "Y"),  # 78
    ("T3", "J3", SWANSEA, "1960-09-01", "2023-09-01", "", "Y"),  # 63
    ("T4", "J4", SWANSEA, "1941-02-28", "2023-11-11", "", "Y"),  # 82
    ("U1", "K1", NEWPORT, "1929-12-25", "2023-12-24", "", "Y"),  # 93
    ("U2", "K2", NEWPORT, "1939-03-01", "2024-02-29", "", "Y"),  # 84: birthday is 1 March
    ("U3", "K3", NEWPORT, "1939-02-28", "2024-02-29", "", "Y"),  # 85
    ("U4", "K4", NEWPORT, "1945-09-01", "2023-05-01", "2023-07-01", "Y"),  # 77
    (
        "U5",
        "K4",
        NEWPORT,
        "1945-09-01",
        "2023-11-01",
        "",
        "Y",
    ),  # 78: same person again, counts again
]
# Cardiff: 85 + 80 + 82 + 83 + 79 + 73 = 482 over 6 -> 80.333...
# Swansea: 88 + 78 + 63 + 82 = 311 over 4 -> 77.75 (fewer than 5 records: suppressed)
# Newport: 93 + 84 + 85 + 77 + 78 = 417 over 5 -> 83.4
# Wales: 482 + 311 + 417 = 1210 over 15 -> 80.666... (the mean of the three means is 80.49)
PM22_EXPECTED = {CARDIFF: (482, 6), SWANSEA: (311, 4), NEWPORT: (417, 5), WALES: (1210, 15)}

# --- PM27: re-registrations within 12 months of a de-registration -----------------------------
PM27_ROWS = [
    # (registration, child, council, registered, de-registered)
    ("G01", "C1", CARDIFF, "2022-01-10", "2022-06-15"),  # earlier year
    (
        "G02",
        "C1",
        CARDIFF,
        "2023-06-15",
        "",
    ),  # 2022-06-15 + 12 months = 2023-06-15: re-registration
    ("G03", "C2", CARDIFF, "2022-01-10", "2022-06-14"),
    ("G04", "C2", CARDIFF, "2023-06-15", ""),  # limit 2023-06-14: not
    ("G05", "C3", CARDIFF, "2023-05-01", "2023-08-01"),  # in the year, nothing earlier: not
    ("G06", "C3", CARDIFF, "2023-08-01", ""),  # de-registered the same day: re-registration
    ("G07", "C4", CARDIFF, "2023-01-01", ""),  # earlier year, never de-registered
    ("G08", "C4", CARDIFF, "2023-06-01", ""),  # still registered under G07: not
    ("G09", "C5", CARDIFF, "2022-09-01", "2023-02-28"),
    ("G10", "C5", CARDIFF, "2024-02-28", ""),  # limit 2024-02-28: re-registration
    ("G11", "C6", CARDIFF, "2022-09-01", "2023-02-28"),
    ("G12", "C6", CARDIFF, "2024-02-29", ""),  # a day past the limit: not
    ("G13", "C7", CARDIFF, "2023-05-01", ""),  # C7 came off Swansea's register, not Cardiff's: not
    ("G14", "C8", CARDIFF, "2021-01-01", "2023-04-01"),
    ("G15", "C8", CARDIFF, "2023-12-25", ""),  # within 12 months of 2023-04-01: re-registration
    ("G16", "C9", CARDIFF, "2023-04-02", "2023-04-20"),  # nothing earlier: not
    ("G17", "C9", CARDIFF, "2023-05-05", "2023-06-01"),  # after G16: re-registration
    ("G18", "C9", CARDIFF, "2023-07-01", ""),  # after G16 and G17: re-registration
    ("H1", "C7", SWANSEA, "2022-11-01", "2023-04-10"),
    (
        "H2",
        "C7",
        SWANSEA,
        "2024-03-31",
        "",
    ),  # limit 2024-04-10, last day of the year: re-registration
    ("H3", "C10", SWANSEA, "2023-04-01", ""),  # first day, nothing earlier: not
    ("H4", "C11", SWANSEA, "2024-04-01", ""),  # 2024-25: not in the year
    ("H5", "C12", SWANSEA, "2023-03-31", "2023-10-01"),  # 2022-23: not in the year
    ("H6", "C12", SWANSEA, "2024-03-30", ""),  # re-registration
]
# Cardiff: in the year G02 G04 G05 G06 G08 G10 G12 G13 G15 G16 G17 G18 = 12;
#          re-registrations G02 G06 G10 G15 G17 G18 = 6 -> 6 / 12 = 50%
# Swansea: in the year H2 H3 H6 = 3; re-registrations H2 H6 = 2 -> 2 / 3
# Newport: no registrations -> no_data
# Wales: 8 / 15
PM27_EXPECTED = {CARDIFF: (6, 12), SWANSEA: (2, 3), WALES: (8, 15)}

# --- a survey measure: people who feel safe ---------------------------------------------------
SURVEY = "SURVEY_feel_safe"


def _survey_rows() -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []

    def add(council: str, year: str, group: str, question: str, answers: list[str]) -> None:
        for answer in answers:
            rows.append((f"V{len(rows) + 1:03d}", council, year, group, question, answer))

    add(
        CARDIFF,
        "2023-24",
        "adult",
        "feel_safe",
        ["yes"] * 6 + ["sometimes"] * 2 + ["no", "dont_know", ""],
    )
    add(CARDIFF, "2023-24", "carer", "feel_safe", ["yes", "yes", "no"])
    add(CARDIFF, "2023-24", "adult", "right_home", ["yes", "yes"])  # another question
    add(CARDIFF, "2022-23", "adult", "feel_safe", ["yes"])  # another year
    add(SWANSEA, "2023-24", "adult", "feel_safe", ["yes"] * 3 + ["no"] * 2)
    return rows


# Cardiff: adult valid answers yes 6, sometimes 2, no 1 = 9 (dont_know and empty left out);
#          carer yes 2, no 1 = 3. All groups: 8 yes of 12 -> 66.67%, 12 valid: shown.
#          adult 6 / 9 and carer 2 / 3: fewer than 10 valid answers -> suppressed:few_responses
# Swansea: 3 yes of 5 -> suppressed:few_responses (the survey rule, not the count rule)
# Wales:   11 / 17; adult 9 / 14; carer 2 / 3
SURVEY_EXPECTED = {
    (CARDIFF, ""): (8, 12),
    (CARDIFF, "respondent_group=adult"): (6, 9),
    (CARDIFF, "respondent_group=carer"): (2, 3),
    (SWANSEA, ""): (3, 5),
    (SWANSEA, "respondent_group=adult"): (3, 5),
    (WALES, ""): (11, 17),
    (WALES, "respondent_group=adult"): (9, 14),
    (WALES, "respondent_group=carer"): (2, 3),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_extracts(
        tmp_path_factory.mktemp("golden"),
        {
            "adult_protection_enquiries": PM18_ROWS,
            "child_assessments": PM24_ROWS,
            "delayed_transfers": PM19_DELAYS,
            "population": PM19_POPULATION,
            "residential_care": PM22_ROWS,
            "cpr_registrations": PM27_ROWS,
            "survey_responses": _survey_rows(),
        },
    )


GOLDEN_IDS = ["PM18", "PM19", "PM22", "PM24", "PM27", SURVEY]


@pytest.fixture(scope="module")
def results(folder: Path) -> pd.DataFrame:
    return compute_folder(folder, GOLDEN_IDS)


# --- the Wales row needs every council ---------------------------------------------------------
# The folder above holds three councils, so its Wales row has no figure. ALL_WALES adds, for
# each of the other 19 councils, one record per dataset that counts in 2023-24: an enquiry and
# an assessment done on the day, a delay of a person aged 80 for social care (with 100 people
# aged 75+; Gwynedd keeps its 300), an admission at 80, a first registration, and one "yes"
# (Newport, without registrations or survey answers above, gets those two as well).
FILLED = 19
ALL_WALES_EXPECTED = {
    "PM18": (14 + FILLED, 20 + FILLED),
    "PM24": (9 + FILLED, 15 + FILLED),
    "PM19": (8 + FILLED, 4200 + 300 + 18 * 100),
    "PM22": (1210 + 80 * FILLED, 15 + FILLED),
    "PM27": (8, 15 + FILLED + 1),
}
ALL_WALES_SURVEY = {
    "": (11 + FILLED + 1, 17 + FILLED + 1),
    "respondent_group=adult": (9 + FILLED + 1, 14 + FILLED + 1),
    "respondent_group=carer": (2, 3),
}


def _other_councils() -> list[str]:
    from engine_helpers import councils

    return sorted(councils() - {CARDIFF, SWANSEA, NEWPORT})


def _one_record_each() -> dict[str, list[tuple[str, ...]]]:
    others = _other_councils()
    return {
        "adult_protection_enquiries": [
            (f"F{n}", f"FP{n}", c, "2023-06-01", "2023-06-01", "70") for n, c in enumerate(others)
        ],
        "child_assessments": [
            (f"F{n}", f"FC{n}", c, "2023-06-01", "2023-06-01") for n, c in enumerate(others)
        ],
        "delayed_transfers": [
            (f"FD{n}", c, "2023-06-30", "80", "social_care") for n, c in enumerate(others)
        ],
        "population": [(c, "2023", "80", "M", "100") for c in others if c != GWYNEDD],
        "residential_care": [
            (f"F{n}", f"FR{n}", c, "1943-06-01", "2023-06-01", "", "Y")
            for n, c in enumerate(others)
        ],
        "cpr_registrations": [
            (f"F{n}", f"FK{n}", c, "2023-06-01", "") for n, c in enumerate([*others, NEWPORT])
        ],
        "survey_responses": [
            (f"FV{n}", c, "2023-24", "adult", "feel_safe", "yes")
            for n, c in enumerate([*others, NEWPORT])
        ],
    }


@pytest.fixture(scope="module")
def all_wales(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    filler = _one_record_each()
    rows = {
        "adult_protection_enquiries": PM18_ROWS,
        "child_assessments": PM24_ROWS,
        "delayed_transfers": PM19_DELAYS,
        "population": PM19_POPULATION,
        "residential_care": PM22_ROWS,
        "cpr_registrations": PM27_ROWS,
        "survey_responses": _survey_rows(),
    }
    combined = {name: list(records) + filler[name] for name, records in rows.items()}
    folder = write_extracts(tmp_path_factory.mktemp("all-wales"), combined)
    return compute_folder(folder, GOLDEN_IDS)


@pytest.mark.parametrize("indicator", GOLDEN_IDS)
def test_wales_has_no_figure_while_a_council_is_not_in_the_extracts(
    results: pd.DataFrame, indicator: str
) -> None:
    wales = results[(results["indicator"] == indicator) & (results["area"] == WALES)]
    assert len(wales) >= 1
    assert set(wales["status"]) == {"no_data"} and set(wales["coverage"]) == {"none"}
    assert wales["value"].isna().all() and wales["numerator"].isna().all()


@pytest.mark.parametrize("indicator", sorted(ALL_WALES_EXPECTED))
def test_wales_adds_up_every_council_once_all_are_covered(
    all_wales: pd.DataFrame, indicator: str
) -> None:
    numerator, denominator = ALL_WALES_EXPECTED[indicator]
    multiplier = {"PM19": 1000, "PM22": 1}.get(indicator, 100)
    found = _check(
        all_wales, indicator, WALES, numerator, denominator, numerator / denominator * multiplier
    )
    assert found["coverage"] == "full"


@pytest.mark.parametrize("breakdown", sorted(ALL_WALES_SURVEY))
def test_wales_survey_figures_once_all_councils_are_covered(
    all_wales: pd.DataFrame, breakdown: str
) -> None:
    numerator, denominator = ALL_WALES_SURVEY[breakdown]
    _check(
        all_wales, SURVEY, WALES, numerator, denominator, numerator / denominator * 100, breakdown
    )


def test_council_figures_do_not_change_when_other_councils_are_added(
    results: pd.DataFrame, all_wales: pd.DataFrame
) -> None:
    columns = ["indicator", "area", "breakdown", "numerator", "denominator", "value", "coverage"]

    def mine(table: pd.DataFrame) -> pd.DataFrame:
        newport_filled = (table["area"] == NEWPORT) & table["indicator"].isin(["PM27", SURVEY])
        rows = table["area"].isin([CARDIFF, SWANSEA, NEWPORT]) & ~newport_filled
        return table[rows][columns].reset_index(drop=True)

    before, after = mine(results), mine(all_wales)
    pd.testing.assert_frame_equal(before, after)


def _check(
    table: pd.DataFrame,
    indicator: str,
    area: str,
    numerator: float,
    denominator: float,
    value: float,
    breakdown: str = "",
) -> pd.Series:
    found = row(table, indicator, area, breakdown)
    assert found["numerator"] == numerator, (indicator, area, breakdown)
    assert found["denominator"] == denominator, (indicator, area, breakdown)
    assert math.isclose(found["value"], value, rel_tol=0, abs_tol=TOL), (
        indicator,
        area,
        found["value"],
        value,
    )
    return found


# --- the hand counts themselves agree with an independent working-day count --------------------


def test_the_hand_counted_working_days_agree_with_numpy_and_the_bank_holiday_list() -> None:
    for rows, counted in ((PM18_ROWS, PM18_WORKING_DAYS), (PM24_ROWS, PM24_WORKING_DAYS)):
        for record in rows:
            if record[0] in counted:
                assert working_days_by_hand(record[3], record[4]) == counted[record[0]], record


# --- percentages with working-day timescales ----------------------------------------------------


@pytest.mark.parametrize("area", [CARDIFF, SWANSEA, NEWPORT])
def test_pm18_counts_enquiries_completed_within_7_working_days(
    results: pd.DataFrame, area: str
) -> None:
    numerator, denominator = PM18_EXPECTED[area]
    _check(results, "PM18", area, numerator, denominator, numerator / denominator * 100)


@pytest.mark.parametrize("area", [CARDIFF, SWANSEA, NEWPORT])
def test_pm24_counts_assessments_completed_within_42_working_days(
    results: pd.DataFrame, area: str
) -> None:
    numerator, denominator = PM24_EXPECTED[area]
    _check(results, "PM24", area, numerator, denominator, numerator / denominator * 100)


def test_a_bank_holiday_makes_the_difference_at_the_boundary(tmp_path: Path) -> None:
    """Without the bank holidays each of these would be late; with them each is on time."""
    write_extract(
        tmp_path,
        "adult_protection_enquiries",
        [
            (
                "E1",
                "P1",
                CARDIFF,
                "2023-04-06",
                "2023-04-19",
                "",
            ),  # Easter: 7 working days (9 weekdays)
            (
                "E2",
                "P2",
                CARDIFF,
                "2023-05-25",
                "2023-06-06",
                "",
            ),  # spring bank holiday: 7 (8 weekdays)
            ("E3", "P3", CARDIFF, "2023-05-25", "2023-06-07", ""),  # 8: late
        ],
    )
    write_extract(
        tmp_path,
        "child_assessments",
        [
            (
                "A1",
                "C1",
                CARDIFF,
                "2023-11-20",
                "2024-01-22",
            ),  # Christmas: 42 working days (45 weekdays)
            ("A2", "C2", CARDIFF, "2023-11-20", "2024-01-23"),  # 43: late
        ],
    )
    table = compute_folder(tmp_path, ["PM18", "PM24"])
    _check(table, "PM18", CARDIFF, 2, 3, 2 / 3 * 100)
    _check(table, "PM24", CARDIFF, 1, 2, 50.0)


# --- a rate with a population denominator ------------------------------------------------------


@pytest.mark.parametrize("area", [CARDIFF, SWANSEA, NEWPORT])
def test_pm19_is_delays_per_1000_people_aged_75_and_over(results: pd.DataFrame, area: str) -> None:
    numerator, denominator = PM19_EXPECTED[area]
    found = _check(results, "PM19", area, numerator, denominator, numerator / denominator * 1000)
    primary = "suppressed:small_numerator" if 0 < numerator < 5 else "ok"
    assert found["status"] in (primary, "suppressed:secondary")


def test_pm19_exact_poisson_interval_for_a_small_count(results: pd.DataFrame) -> None:
    from scipy.stats import chi2

    # Cardiff 5 delays over 2,500: exact interval on the count, then per 1,000
    lower = chi2.ppf(0.025, 2 * 5) / 2 / 2500 * 1000
    upper = chi2.ppf(0.975, 2 * 5 + 2) / 2 / 2500 * 1000
    found = row(results, "PM19", CARDIFF)
    assert math.isclose(found["lower_ci"], lower, abs_tol=TOL)
    assert math.isclose(found["upper_ci"], upper, abs_tol=TOL)


def test_pm19_zero_delays_over_a_population_is_a_rate_of_zero(results: pd.DataFrame) -> None:
    found = _check(results, "PM19", NEWPORT, 0, 500, 0.0)
    assert found["status"] == "ok" and found["coverage"] == "full"
    assert not found["suppressed"]


def test_pm19_gives_no_rate_to_a_council_with_population_but_no_delays_extract(
    results: pd.DataFrame,
) -> None:
    """Gwynedd's population is in the reference table, but its delays are not in the
    extracts: that is not a rate of 0, it is not known."""
    found = row(results, "PM19", GWYNEDD)
    assert found["status"] == "no_data" and found["coverage"] == "none"
    assert pd.isna(found["value"]) and pd.isna(found["denominator"])


# --- a mean ------------------------------------------------------------------------------------


@pytest.mark.parametrize("area", [CARDIFF, SWANSEA, NEWPORT])
def test_pm22_is_the_sum_of_ages_over_the_number_of_admissions(
    results: pd.DataFrame, area: str
) -> None:
    total, admissions = PM22_EXPECTED[area]
    _check(results, "PM22", area, total, admissions, total / admissions)


def test_pm22_wales_is_statswales_style_not_a_mean_of_council_means(
    all_wales: pd.DataFrame,
) -> None:
    wales = row(all_wales, "PM22", WALES)
    assert math.isclose(wales["value"], (1210 + 80 * FILLED) / (15 + FILLED), abs_tol=TOL)
    council_means = [482 / 6, 311 / 4, 417 / 5] + [80.0] * FILLED
    assert not math.isclose(wales["value"], sum(council_means) / 22, abs_tol=1e-3)
    assert f"{338227 / 4012:.1f}" == "84.3"  # the published Wales 2018-19 figure, the same way


def test_pm22_mean_from_fewer_than_5_admissions_is_suppressed_but_kept(
    results: pd.DataFrame,
) -> None:
    found = row(results, "PM22", SWANSEA)
    assert bool(found["suppressed"]) is True
    assert found["status"] == "suppressed:few_records"
    assert math.isclose(found["value"], 77.75, abs_tol=TOL)
    # 5 admissions: not hidden by the primary rule (secondary suppression may still hide it)
    assert row(results, "PM22", NEWPORT)["status"] in ("ok", "suppressed:secondary")


def test_pm22_mean_interval_is_students_t_on_the_sample_sd(results: pd.DataFrame) -> None:
    from scipy.stats import t

    ages = [93, 84, 85, 77, 78]  # Newport
    mean = sum(ages) / 5
    sd = math.sqrt(sum((a - mean) ** 2 for a in ages) / 4)
    half = t.ppf(0.975, 4) * sd / math.sqrt(5)
    found = row(results, "PM22", NEWPORT)
    assert math.isclose(found["lower_ci"], mean - half, abs_tol=1e-7)
    assert math.isclose(found["upper_ci"], mean + half, abs_tol=1e-7)


# --- related records ---------------------------------------------------------------------------


@pytest.mark.parametrize("area", [CARDIFF, SWANSEA])
def test_pm27_counts_re_registrations_within_12_months(results: pd.DataFrame, area: str) -> None:
    numerator, denominator = PM27_EXPECTED[area]
    _check(results, "PM27", area, numerator, denominator, numerator / denominator * 100)


def test_pm27_council_with_no_registrations_has_no_data(results: pd.DataFrame) -> None:
    found = row(results, "PM27", NEWPORT)
    assert found["status"] == "no_data"
    assert pd.isna(found["value"])


# --- a survey measure --------------------------------------------------------------------------


@pytest.mark.parametrize(("area", "breakdown"), [k for k in SURVEY_EXPECTED if k[0] != WALES])
def test_survey_measure_counts_yes_among_yes_sometimes_no(
    results: pd.DataFrame, area: str, breakdown: str
) -> None:
    numerator, denominator = SURVEY_EXPECTED[(area, breakdown)]
    found = _check(
        results, SURVEY, area, numerator, denominator, numerator / denominator * 100, breakdown
    )
    if denominator < 10:
        assert found["status"] == "suppressed:few_responses"
        assert bool(found["suppressed"]) is True
    else:  # shown by the primary rule (secondary suppression may protect another cell with it)
        assert found["status"] in ("ok", "suppressed:secondary")


# --- Wales, no data, intervals and suppression --------------------------------------------------


@pytest.mark.parametrize("indicator", ["PM18", "PM19", "PM22", "PM24", "PM27"])
def test_wales_adds_council_numerators_and_denominators(
    all_wales: pd.DataFrame, indicator: str
) -> None:
    rows = all_wales[(all_wales["indicator"] == indicator) & (all_wales["breakdown"] == "")]
    councils = rows[rows["area"] != WALES]
    wales = rows[rows["area"] == WALES].iloc[0]
    assert wales["numerator"] == councils["numerator"].sum()
    assert wales["denominator"] == councils["denominator"].sum()
    assert len(councils) == 22


@pytest.mark.parametrize("indicator", ["PM18", "PM19", "PM22", "PM24", "PM27", SURVEY])
def test_a_council_with_no_records_has_no_data(results: pd.DataFrame, indicator: str) -> None:
    found = row(results, indicator, GWYNEDD)
    assert found["status"] == "no_data"
    assert pd.isna(found["value"])
    assert not bool(found["suppressed"])


def test_wilson_interval_matches_the_formula_in_methods(results: pd.DataFrame) -> None:
    # Cardiff PM18: x = 6, n = 8
    x, n = 6, 8
    z = NormalDist().inv_cdf(0.975)
    spread = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    lower = (2 * x + z * z - spread) / (2 * (n + z * z)) * 100
    upper = (2 * x + z * z + spread) / (2 * (n + z * z)) * 100
    found = row(results, "PM18", CARDIFF)
    assert math.isclose(found["lower_ci"], lower, abs_tol=TOL)
    assert math.isclose(found["upper_ci"], upper, abs_tol=TOL)


def test_wilson_interval_reference_figures_from_methods(tmp_path: Path) -> None:
    # 20 of 100 within 7 working days -> 20% (13.3366933331, 28.8829165593)
    rows = [
        (f"E{i}", f"P{i}", CARDIFF, "2023-06-01", "2023-06-01" if i < 20 else "2023-07-03", "")
        for i in range(100)
    ]
    write_extract(tmp_path, "adult_protection_enquiries", rows)
    found = _check(compute_folder(tmp_path, ["PM18"]), "PM18", CARDIFF, 20, 100, 20.0)
    assert math.isclose(found["lower_ci"], 13.3366933331, abs_tol=1e-9)
    assert math.isclose(found["upper_ci"], 28.8829165593, abs_tol=1e-9)


def test_a_numerator_of_3_is_suppressed_but_its_figures_are_kept(results: pd.DataFrame) -> None:
    found = _check(results, "PM18", SWANSEA, 3, 5, 60.0)
    assert bool(found["suppressed"]) is True
    assert found["status"] == "suppressed:small_numerator"
    assert not pd.isna(found["lower_ci"])
    # numerator 5 is not hidden by the primary rule (secondary suppression may still hide it)
    assert row(results, "PM18", NEWPORT)["status"] in ("ok", "suppressed:secondary")
    assert row(results, "PM18", CARDIFF)["status"] == "ok"  # 6 of 8: never the one hidden


def test_the_results_table_has_the_contract_columns_in_a_stable_order(
    results: pd.DataFrame,
) -> None:
    for column in [
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
    ]:
        assert column in results.columns
    pm18 = results[results["indicator"] == "PM18"]
    areas = list(pm18[pm18["breakdown"] == ""]["area"])
    assert areas[-1] == WALES
    assert areas[:-1] == sorted(areas[:-1])
    assert set(results["period"]) == {"2023-24"}


# --- a folder without one indicator's dataset ---------------------------------------------------


def test_an_indicator_whose_dataset_is_missing_has_no_data_not_an_error(tmp_path: Path) -> None:
    write_extract(tmp_path, "adult_protection_enquiries", PM18_ROWS)
    table = compute_folder(tmp_path, ["PM18", "PM24"])
    _check(table, "PM18", CARDIFF, 6, 8, 75.0)
    pm24 = table[table["indicator"] == "PM24"]
    assert len(pm24) == 23
    assert set(pm24["status"]) == {"no_data"}
    assert pm24["value"].isna().all()


def test_an_indicator_with_a_default_breakdown_whose_dataset_is_missing_has_no_data(
    tmp_path: Path,
) -> None:
    write_extract(tmp_path, "adult_protection_enquiries", PM18_ROWS)
    table = compute_folder(tmp_path, ["PM18", SURVEY])
    survey = table[table["indicator"] == SURVEY]
    assert len(survey) >= 23
    assert set(survey["status"]) == {"no_data"}


def test_a_rate_whose_population_is_missing_has_no_data_not_an_error(tmp_path: Path) -> None:
    write_extract(tmp_path, "delayed_transfers", PM19_DELAYS)
    table = compute_folder(tmp_path, ["PM19"])
    assert set(table["status"]) == {"no_data"}
