"""Local definitions of every indicator type on the small `camhs_referrals` extract (plus the
population for rates and ratios with an external denominator), for the tests that try each
type in unusual but legal situations. Only the definitions are here: each test writes its
own rows and works out its own expected figures."""

from __future__ import annotations

from pathlib import Path

COMMON = """framework: local
kind: quantitative
description: A test indicator of one type.
unknown_values: not_met
links: {quality_standards: [QS2], aspects: [health], national_outcomes: [health-1]}
rba: how_well
measure_class: process
governance: {owner: tests, status: draft, version: '0.1', source: tests, last_reviewed: 2026-01-01, next_review: 2027-01-01}
dataset: camhs_referrals
period: {rule: in_year, date: referral_date}
"""
SEEN_WITHIN_42_DAYS = "days_between(referral_date, first_appointment_date) <= 42"
WAIT = "days_between(referral_date, first_appointment_date)"
APPOINTED = 'population: {description: seen, include: ["known(first_appointment_date)"]}\n'
EVERYONE = "population: {description: every referral}\n"

# id -> the type-specific part of the definition
KINDS: dict[str, str] = {
    "TPCT": (
        "type: percentage\npolarity: higher\n"
        + EVERYONE
        + f'numerator: {{description: seen in time, rule: "{SEEN_WITHIN_42_DAYS}"}}\n'
        + "breakdowns:\n  - {name: tier, expression: tier}\n"
    ),
    "TPERSON": (
        "type: percentage\npolarity: higher\ncounting: {unit: person}\n"
        + EVERYONE
        + 'numerator: {description: tier 3, rule: "tier == 3"}\n'
    ),
    "TRATE": (
        "type: rate\nmultiplier: 1000\npolarity: lower\n"
        + EVERYONE
        + 'numerator: {description: tier 3, rule: "tier == 3"}\n'
        + "denominator: {description: children, dataset: population, sum: population, "
        + 'where: "year == period_year and age < 18"}\n'
    ),
    "TRATIO": (
        "type: ratio\npolarity: none\n"
        + EVERYONE
        + 'numerator: {description: tier 3, rule: "tier == 3"}\n'
        + "denominator: {description: everyone, dataset: population, sum: population, "
        + 'where: "year == period_year"}\n'
    ),
    "TMEAN": (
        "type: mean\npolarity: lower\n"
        + APPOINTED
        + f'value: {{expression: "{WAIT}", unit: days, description: wait}}\n'
    ),
    "TMEDIAN": (
        "type: median\npolarity: lower\n"
        + APPOINTED
        + f'value: {{expression: "{WAIT}", unit: days, description: wait}}\n'
    ),
    "TCOUNT": "type: count\npolarity: none\n" + EVERYONE,
    "TCOUNTIF": (
        "type: count\npolarity: none\n"
        + EVERYONE
        + 'numerator: {description: tier 3, rule: "tier == 3"}\n'
    ),
    "TSUM": (
        "type: count\npolarity: none\n"
        + APPOINTED
        + f'value: {{expression: "{WAIT}", unit: days, description: wait}}\n'
    ),
}
CAMHS = [
    "referral_id",
    "child_id",
    "la_code",
    "referral_date",
    "first_appointment_date",
    "tier",
    "team",
]
POPULATION = ["la_code", "year", "age", "sex", "population"]


def write_kinds(folder: Path, kinds: dict[str, str] | None = None) -> Path:
    """One YAML file per indicator type in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for ident, body in (kinds or KINDS).items():
        text = f"id: {ident}\ntitle: Test {ident}\nshort_title: Test {ident}\n" + COMMON + body
        (folder / f"{ident}.yaml").write_text(text, encoding="utf-8")
    return folder


def load_with_kinds(folder: Path):  # type: ignore[no-untyped-def]
    """The shipped definitions and the test types, checked."""
    from pm.definitions.loader import default_paths, load_definitions

    loaded = load_definitions([*default_paths(), write_kinds(folder)])
    assert loaded.valid, [str(p) for p in loaded.sorted_problems()[:5]]
    return loaded
