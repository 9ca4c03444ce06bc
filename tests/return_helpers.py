"""Small definitions of the 2020 kind and hand-made extracts for the data-return tests.

The definitions are test measures under `wales-2020` with test codes (TT/...), never codes
of the real framework: a count of adult contacts with four coded parts by outcome, a
percentage of enquiries completed within 7 working days whose official code is not held,
and a count of children's assessments published rounded to the nearest 5.

The extracts hold Cardiff (the council of the return) and Swansea over 2023-24 and 2024-25,
with the counts listed in `CONTACTS`, `ENQUIRIES` and `ASSESSMENTS`; each test works out
its expected figures from those counts by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine_helpers import CARDIFF, SWANSEA, write_extract

HEAD = """framework: wales-2020
kind: quantitative
unknown_values: exclude
polarity: none
links: {quality_standards: [QS1], aspects: [rights], national_outcomes: [rights-5]}
rba: how_much
measure_class: output
governance: {owner: tests, status: draft, version: '0.1', source: tests, last_reviewed: 2026-01-01}
"""
PART_CODES = (
    "{advice_assistance: TT/001a, assessment: TT/001b, signposted: TT/001c, "
    "no_further_action: TT/001d}"
)
DEFINITIONS = {
    "TT001": """title: New contacts for adults (test)
short_title: Adult contacts
description: Contacts from adults in the year, by outcome.
aliases: [TT/001]
type: count
decimals: 0
dataset: iaa_contacts
period: {rule: in_year, date: contact_date}
population: {description: contacts from adults, include: ["age >= 18"]}
breakdowns:
  - name: outcome
    expression: outcome
    parts: true
    part_codes: PART_CODES
""",
    "ENQUIRIES_IN_7_DAYS": """title: Enquiries completed within 7 working days (test)
short_title: Enquiries in 7 working days
description: Adult protection enquiries completed within 7 working days.
type: percentage
decimals: 1
dataset: adult_protection_enquiries
period: {rule: in_year, date: enquiry_completed_date}
population: {description: enquiries completed in the year}
numerator:
  description: within 7 working days
  rule: working_days(report_received_date, enquiry_completed_date) <= 7
""",
    "TT002": """title: Children's assessments completed (test)
short_title: Children's assessments
description: Assessments of children completed in the year, published to the nearest 5.
aliases: [TT/002]
type: count
decimals: 0
dataset: child_assessments
period: {rule: in_year, date: assessment_completed_date}
population: {description: assessments completed in the year}
disclosure: {round_counts_to: 5}
""",
}

# (council, year's first calendar year) -> {outcome: adult contacts}; Cardiff also has one
# child's contact in each year, which no measure counts.
CONTACTS = {
    (CARDIFF, 2023): {"advice_assistance": 20, "assessment": 12, "signposted": 8},
    (CARDIFF, 2024): {"advice_assistance": 7, "assessment": 6, "signposted": 2},
    (SWANSEA, 2023): {"advice_assistance": 9, "no_further_action": 6},
    (SWANSEA, 2024): {"advice_assistance": 11, "no_further_action": 5},
}
# (council, year) -> (enquiries completed, of which within 7 working days)
ENQUIRIES = {
    (CARDIFF, 2023): (10, 9),
    (CARDIFF, 2024): (20, 16),
    (SWANSEA, 2023): (8, 8),
    (SWANSEA, 2024): (9, 6),
}
ASSESSMENTS = {(CARDIFF, 2023): 12, (CARDIFF, 2024): 23, (SWANSEA, 2023): 9, (SWANSEA, 2024): 7}


def write_definitions(folder: Path, **changes: str) -> Path:
    """The three test definitions in `folder`; `changes` replaces a definition's text
    (by id) or adds one."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {**DEFINITIONS, **changes}
    for ident, body in texts.items():
        text = f"id: {ident}\n" + HEAD + body.replace("PART_CODES", PART_CODES)
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return folder


def _days(first: int, count: int) -> list[dt.date]:
    """`count` Mondays spread over the financial year starting in April of `first`, from
    its first week to its last, so that the extracts cover the year in full."""
    start = dt.date(first, 4, 1)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)  # the first Monday
    weeks = 50
    return [start + dt.timedelta(weeks=round(i * weeks / max(count - 1, 1))) for i in range(count)]


def write_data(folder: Path) -> Path:
    """The extracts of `CONTACTS`, `ENQUIRIES` and `ASSESSMENTS`."""
    contacts, enquiries, assessments = [], [], []
    for (council, first), outcomes in CONTACTS.items():
        listed = [o for o, n in outcomes.items() for _ in range(n)]
        if council == CARDIFF:
            listed.append("child")
        for n, (outcome, day) in enumerate(zip(listed, _days(first, len(listed)), strict=True)):
            age, outcome = (10, "assessment") if outcome == "child" else (40, outcome)
            contacts.append((f"C{council[-2:]}{first}{n}", f"P{n}", council, day, age, outcome))
    for (council, first), (done, within) in ENQUIRIES.items():
        for n, received in enumerate(_days(first, done)):
            # Monday to Friday: 4 working days (3 with a bank holiday); the late ones (the
            # first of the year, so that they end in it too) 15 days later, 9 working days
            # at least
            late = n < done - within
            completed = received + dt.timedelta(days=15 if late else 4)
            enquiries.append(
                (f"E{council[-2:]}{first}{n}", f"P{n}", council, received, completed, 70)
            )
    for (council, first), done in ASSESSMENTS.items():
        for n, completed in enumerate(_days(first, done)):
            referral = completed - dt.timedelta(days=20)
            assessments.append(
                (f"A{council[-2:]}{first}{n}", f"K{n}", council, referral, completed)
            )
    write_extract(folder, "iaa_contacts", contacts)
    write_extract(folder, "adult_protection_enquiries", enquiries)
    write_extract(folder, "child_assessments", assessments)
    return folder


# The 2016 framework, for 2019-20 against 2018-19: (council, year) -> (completed, within
# the timescale) of adult protection enquiries (PM18) and children's assessments (PM24).
ENQUIRIES_2016 = {(CARDIFF, 2018): (12, 10), (CARDIFF, 2019): (15, 12)}
ASSESSMENTS_2016 = {(CARDIFF, 2018): (8, 8), (CARDIFF, 2019): (10, 7)}


def write_data_2016(folder: Path) -> Path:
    """Extracts for PM18 and PM24 only: the first of each year's records are the late ones
    (enquiries 15 days, assessments 80 days after receipt: 9 and 53 working days at least);
    the others take 4 and 20 days (4 and 14 working days at most)."""
    enquiries, assessments = [], []
    for (council, first), (done, within) in ENQUIRIES_2016.items():
        for n, received in enumerate(_days(first, done)):
            late = n < done - within
            completed = received + dt.timedelta(days=15 if late else 4)
            enquiries.append((f"E{first}{n}", f"P{n}", council, received, completed, 80))
    for (council, first), (done, within) in ASSESSMENTS_2016.items():
        for n, completed in enumerate(_days(first, done)):
            late = n < done - within
            referral = completed - dt.timedelta(days=80 if late else 20)
            assessments.append((f"A{first}{n}", f"K{n}", council, referral, completed))
    write_extract(folder, "adult_protection_enquiries", enquiries)
    write_extract(folder, "child_assessments", assessments)
    return folder
