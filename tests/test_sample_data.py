"""The synthetic-data generator (pm.sample_data) and the committed sample set (sample_data/).

Fast: the generator runs at a tiny scale in a temporary folder; the checks of Wales values
read the committed sample set and compute the measures with plain pandas, following
data-contract.md §4 literally (independently of the generator's and the engine's code).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import holidays
import numpy as np
import pandas as pd
import pytest
import yaml

from pm.errors import UsageError
from pm.sample_data import DATASETS, FAULT_TYPES, LOCAL_DATASETS, generate, parse_years

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "sample_data"
COUNCILS = yaml.safe_load(
    (REPO_ROOT / "technical_guidance/reference/councils.yaml").read_text("utf-8")
)
CODES = [c["code"] for c in COUNCILS["councils"]]

# data-contract.md §3, copied by hand: the required columns of every dataset
CONTRACT_REQUIRED = {
    "adult_protection_enquiries": ["enquiry_id", "person_id", "la_code", "report_received_date"],
    "delayed_transfers": ["person_id", "la_code", "census_date", "age", "delay_reason_category"],
    "population": ["la_code", "year", "age", "sex", "population"],
    "reablement": ["episode_id", "person_id", "la_code", "reablement_end_date", "package_before",
                   "package_6_months"],
    "residential_care": ["placement_id", "person_id", "la_code", "date_of_birth", "admission_date",
                         "la_funded"],
    "iaa_contacts": ["contact_id", "person_id", "la_code", "contact_date", "age", "outcome"],
    "child_assessments": ["assessment_id", "child_id", "la_code", "referral_date"],
    "care_support_plans": ["child_id", "la_code", "snapshot_date", "looked_after"],
    "looked_after_episodes": ["episode_id", "child_id", "la_code", "date_of_birth", "episode_start_date"],
    "looked_after_placements": ["placement_id", "child_id", "la_code", "placement_start_date"],
    "looked_after_education": ["child_id", "la_code", "snapshot_date", "school_changes_non_transitional"],
    "cpr_registrations": ["registration_id", "child_id", "la_code", "registration_date"],
    "care_leavers": ["young_person_id", "la_code", "date_left_care"],
    "care_leaver_homelessness": ["young_person_id", "la_code", "homelessness_start_date"],
    "survey_responses": ["response_id", "la_code", "survey_year", "respondent_group", "question_code"],
    # the adult datasets of the 2020 framework (technical_guidance/datasets, wales-2020)
    "adult_assessments": ["assessment_id", "person_id", "la_code", "assessment_completed_date",
                          "assessment_type", "existing_plan"],
    "adult_safeguarding_reports": ["report_id", "person_id", "la_code", "report_received_date",
                                   "source", "ethnicity"],
    "short_breaks": ["arrangement_id", "child_id", "la_code", "arrangement_start_date"],
}  # fmt: skip
CONTRACT_OPTIONAL = {
    "adult_protection_enquiries": ["enquiry_completed_date", "age_at_report"],
    "residential_care": ["discharge_date"],
    "child_assessments": ["assessment_completed_date"],
    "looked_after_episodes": ["episode_end_date", "reason_episode_ended", "dental_check_date"],
    "looked_after_placements": [
        "placement_end_date",
        "gp_registered_date",
        "placement_type",
        "placement_location",
    ],
    "looked_after_education": ["ks2_csi", "ks4_csi", "school_changes_excl_adoption_home"],
    "cpr_registrations": ["deregistration_date"],
    "care_leavers": ["support_end_date", "eet_12_months", "eet_24_months"],
    "survey_responses": ["response"],
    # columns the 2020 framework's metrics added to 2016 datasets, and its adult datasets
    "iaa_contacts": ["already_supported", "carer_contact"],
    "reablement": ["end_outcome"],
    "adult_assessments": ["outcome", "age"],
    "adult_safeguarding_reports": ["category_physical", "category_sexual", "category_emotional",
                                   "category_financial", "category_neglect", "led_to_enquiry",
                                   "enquiry_completed_date", "further_action", "age_at_report"],
    "short_breaks": ["arrangement_end_date"],
}  # fmt: skip
EXTRA_ALLOWED = {"sex", "team"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TINY = dict(years=["2022-23", "2023-24"], scale=0.01)


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("tiny_a")
    return out, generate(out, seed=11, **TINY)


# --------------------------------------------------------------------------- determinism
def test_same_seed_gives_byte_identical_files(tiny, tmp_path):
    first, _ = tiny
    generate(tmp_path, seed=11, **TINY)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 27  # 18 national datasets (3 of the 2020 framework), 8 local, the log
    for name in names:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_another_seed_gives_other_files(tiny, tmp_path):
    first, _ = tiny
    generate(tmp_path, seed=12, **TINY)
    for name in DATASETS:
        if name == "population":
            continue  # same structure; counts differ only slightly, checked below
        assert (first / f"{name}.csv").read_bytes() != (tmp_path / f"{name}.csv").read_bytes(), name


# --------------------------------------------------------------------------- shape of the files
def test_every_dataset_has_the_contract_columns(tiny):
    folder, log = tiny
    assert set(DATASETS) == set(CONTRACT_REQUIRED)
    for name, required in CONTRACT_REQUIRED.items():
        header = (folder / f"{name}.csv").read_text("utf-8").split("\n", 1)[0].split(",")
        contract = required + CONTRACT_OPTIONAL.get(name, [])
        assert set(required) <= set(header), name
        assert set(header) - set(contract) <= EXTRA_ALLOWED, name
        assert set(header) >= set(contract), name
        assert len(header) == len(set(header)), name
        assert log.row_counts[name] > 0


def test_columns_agree_with_the_data_item_specifications():
    """The generator's required columns, record ids and keys match technical_guidance/datasets."""
    for name, spec in DATASETS.items():
        path = REPO_ROOT / "technical_guidance" / "datasets" / f"{name}.yaml"
        assert path.exists(), f"{path} is missing: every generated dataset needs its specification"
        item = yaml.safe_load(path.read_text("utf-8"))
        required = [c["name"] for c in item["columns"] if c.get("required")]
        assert required == CONTRACT_REQUIRED[name] == list(spec.required), name
        assert item.get("record_id") == spec.id_column, name
        assert tuple(item.get("unique_key") or ()) == spec.key, name


def test_file_conventions(tiny):
    folder, _ = tiny
    for name in DATASETS:
        raw = (folder / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n")
        raw.decode("utf-8")
    ape = _read(folder, "adult_protection_enquiries")
    ids = ape.person_id[ape.person_id != ""]  # (a few are blanked by missing-value faults)
    assert ids.str.fullmatch(r"\d{8}").all() and ids.str.startswith("0").any()
    assert (
        ape.enquiry_id.str.fullmatch(r"\d{10}").all() and ape.enquiry_id.str.startswith("0").any()
    )
    assert set(_read(folder, "residential_care").la_funded) <= {"Y", "N", ""}
    dates = ape.report_received_date
    assert dates.str.fullmatch(ISO).mean() > 0.99


def test_every_council_appears_in_every_dataset(tiny):
    folder, log = tiny
    for name in DATASETS:
        codes = set(_read(folder, name).la_code)
        assert set(CODES) <= codes, name
        unknown = codes - set(CODES)
        logged = {f.value for f in log.faults_of(name, "unknown_la_code")}
        assert unknown <= logged | {""}, name


def test_population_rows_and_age_profile(tiny):
    folder, _ = tiny
    pop = _read(folder, "population")
    assert len(pop) == 22 * 2 * 91 * 2
    pop["population"] = pop.population.astype(int)
    old = pop[pop.age.astype(int) >= 75].population.sum() / pop.population.sum()
    assert 0.085 < old < 0.115


def test_survey_questions_are_asked_of_the_groups_in_the_reference_file(tiny):
    path = REPO_ROOT / "technical_guidance" / "reference" / "survey_questions.yaml"
    assert path.exists(), "survey_questions.yaml is missing from the reference data"
    allowed = {
        (q["code"], g) for q in yaml.safe_load(path.read_text("utf-8"))["survey_questions"]
        for g in q["respondent_groups"]
    }  # fmt: skip
    folder, _ = tiny
    sv = _read(folder, "survey_responses")
    sv = sv[(sv.question_code != "") & (sv.respondent_group != "")]
    used = set(zip(sv.question_code, sv.respondent_group, strict=True))
    assert used <= allowed


# --------------------------------------------------------------------------- faults
def _lines(folder: Path, name: str) -> list[str]:
    return (folder / f"{name}.csv").read_text("utf-8").split("\n")


def test_faults_in_the_log_are_in_the_files(tiny):
    folder, log = tiny
    logged = json.loads((folder / "generation_log.json").read_text("utf-8"))
    assert logged["seed"] == 11 and logged["years"] == TINY["years"]
    assert logged["row_counts"] == log.row_counts
    kinds_seen = set()
    for name, per_kind in logged["faults"].items():
        lines = _lines(folder, name)
        header = lines[0].split(",")
        assert len(lines) - 2 == logged["row_counts"][name]  # header + rows + final newline
        for kind, entry in per_kind.items():
            assert entry["count"] == len(entry["records"]) > 0
            kinds_seen.add(kind)
            for rec in entry["records"]:
                row = dict(zip(header, lines[rec["line"] - 1].split(","), strict=True))
                column = rec["column"]
                assert row[column] == rec["value"], (name, kind, rec)
                if kind == "unknown_la_code":
                    assert row["la_code"] not in CODES
                elif kind == "unparseable_date":
                    assert not ISO.match(row[column]) or pd.isna(
                        pd.to_datetime(row[column], errors="coerce")
                    )
                elif kind == "missing_required":
                    required = CONTRACT_REQUIRED.get(name) or LOCAL_DATASETS[name].required
                    assert row[column] == "" and column in required
                elif kind == "end_before_start":
                    start = {**DATASETS, **LOCAL_DATASETS}[name].date_pairs[0][0]
                    assert row[column] < row[start]
                elif kind == "duplicate_id":
                    first, second = (lines[n - 1] for n in rec["lines"])
                    assert first == second
    assert kinds_seen == set(FAULT_TYPES)


def test_duplicated_ids_appear_twice_and_only_where_logged(tiny):
    folder, log = tiny
    for name, spec in DATASETS.items():
        if not spec.id_column:
            continue
        ids = _read(folder, name)[spec.id_column]
        counts = ids[ids != ""].value_counts()
        dup = set(counts[counts > 1].index)
        assert dup == {f.record_id for f in log.faults_of(name, "duplicate_id")}, name
        assert (counts[counts > 1] == 2).all()


def test_fault_rate_is_low(tiny):
    _, log = tiny
    assert len(log.faults) / log.total_rows < 0.01
    assert "population" not in {f.dataset for f in log.faults}


# --------------------------------------------------------------------------- years
def test_parse_years():
    assert parse_years("2021-22:2023-24") == ["2021-22", "2022-23", "2023-24"]
    assert parse_years("2023-24, 2022-23") == ["2022-23", "2023-24"]
    assert parse_years("1999-00") == ["1999-00"]
    for bad in ["2023-25", "2023", "2024-25:2021-22", "", "23-24", "2023/24"]:
        with pytest.raises(UsageError):
            parse_years(bad)


def test_cli_refuses_a_folder_with_other_files(tmp_path):
    from typer.testing import CliRunner

    import pm.cli.sample_data_cmd  # noqa: F401  (registers the command)
    from pm.cli.app import app

    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(app, ["sample-data", str(tmp_path), "--scale", "0.01"])
    assert isinstance(result.exception, UsageError) and "not empty" in str(result.exception)
    result = CliRunner().invoke(app, ["sample-data", str(tmp_path / "new"), "--years", "2023-2024"])
    assert isinstance(result.exception, UsageError) and "2023-2024" in str(result.exception)


# --------------------------------------------------------------------------- committed sample set
HOLIDAYS = np.array(
    sorted(holidays.country_holidays("GB", subdiv="WLS", years=range(2015, 2030))),
    dtype="datetime64[D]",
)


def _valid(df: pd.DataFrame, dates: list[str], required: list[str]) -> pd.DataFrame:
    """data-contract §2/§4: drop unknown councils, unparseable or missing required dates."""
    ok = df.la_code.isin(CODES)
    for column in dates:
        parsed = pd.to_datetime(
            df[column].where(df[column] != ""), format="%Y-%m-%d", errors="coerce"
        )
        ok &= ~((df[column] != "") & parsed.isna())
        if column in required:
            ok &= parsed.notna()
        df[column] = parsed
    return df[ok]


def _working_days(d0: pd.Series, d1: pd.Series) -> np.ndarray:
    a = d0.to_numpy().astype("datetime64[D]")
    b = d1.to_numpy().astype("datetime64[D]")
    return np.busday_count(a + 1, b + 1, holidays=HOLIDAYS)  # d0 < d <= d1


def _fy(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    y = int(label[:4])
    return pd.Timestamp(f"{y}-04-01"), pd.Timestamp(f"{y + 1}-03-31")


@pytest.fixture(scope="module")
def committed() -> dict:
    if not (SAMPLE / "generation_log.json").exists():
        pytest.fail("sample_data/ has not been generated (see sample_data/README.md)")
    return json.loads((SAMPLE / "generation_log.json").read_text("utf-8"))


def test_committed_set_is_small_and_complete(committed):
    size = sum(p.stat().st_size for p in SAMPLE.iterdir())
    assert size <= 15_500_000  # six years, the 2020 framework's datasets among them (15.0 MB)
    assert committed["years"] == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
    assert committed["seed"] == 2024
    for kind in FAULT_TYPES:
        assert committed["fault_counts"][kind] >= 1
    for name in DATASETS:
        assert (SAMPLE / f"{name}.csv").exists()


def test_committed_set_is_what_the_documented_command_writes(committed, tmp_path):
    generate(tmp_path, committed["years"], scale=committed["scale"], seed=committed["seed"])
    for path in sorted(SAMPLE.glob("*.csv")) + [SAMPLE / "generation_log.json"]:
        assert path.read_bytes() == (tmp_path / path.name).read_bytes(), path.name


def test_wales_pm24_pm18_from_the_committed_set(committed):
    """PM24 (42 working days) and PM18 (7 working days), completed in the year."""
    for name, start, end, limit, target, tol in (
        ("child_assessments", "referral_date", "assessment_completed_date", 42, 89.0, 3.0),
        (
            "adult_protection_enquiries",
            "report_received_date",
            "enquiry_completed_date",
            7,
            90.0,
            3.5,
        ),
    ):
        df = _valid(_read(SAMPLE, name), [start, end], [start])
        df = df[~(df[end] < df[start])]
        for year in committed["years"]:
            a, b = _fy(year)
            done = df[(df[end] >= a) & (df[end] <= b)]
            value = (_working_days(done[start], done[end]) <= limit).mean() * 100
            assert abs(value - target) <= tol, (name, year, value)


def test_wales_pm22_from_the_committed_set(committed):
    """Mean age in completed years at admission, LA-funded admissions of people aged 18+."""
    df = _valid(_read(SAMPLE, "residential_care"), ["date_of_birth", "admission_date", "discharge_date"],
                ["date_of_birth", "admission_date"])  # fmt: skip
    df = df[~(df.discharge_date < df.admission_date) & (df.la_funded == "Y")]
    born, on = df.date_of_birth, df.admission_date
    before = (on.dt.month < born.dt.month) | (
        (on.dt.month == born.dt.month) & (on.dt.day < born.dt.day)
    )
    df = df.assign(age=on.dt.year - born.dt.year - before.astype(int))
    for year in committed["years"]:
        a, b = _fy(year)
        adm = df[(df.admission_date >= a) & (df.admission_date <= b) & (df.age >= 18)]
        value = adm.age.sum() / len(adm)
        assert abs(value - 84.0) <= 1.5, (year, value)


def test_wales_pm20b_from_the_committed_set(committed):
    """Reablement: 6-month follow-up in the year, package known; numerator 'none'."""
    df = _valid(_read(SAMPLE, "reablement"), ["reablement_end_date"], ["reablement_end_date"])
    df = df[(df.package_before != "") & (df.package_6_months != "")]
    follow = df.reablement_end_date + pd.DateOffset(months=6)
    for year in committed["years"]:
        a, b = _fy(year)
        cohort = df[(follow >= a) & (follow <= b) & (df.package_6_months != "unknown")]
        value = (cohort.package_6_months == "none").mean() * 100
        assert abs(value - 67.0) <= 4.0, (year, value)


def test_every_council_has_records_in_every_year(committed):
    """Merthyr Tydfil too: the small-council floor keeps denominators workable."""
    df = _valid(_read(SAMPLE, "child_assessments"), ["referral_date", "assessment_completed_date"],
                ["referral_date"])  # fmt: skip
    for year in committed["years"]:
        a, b = _fy(year)
        done = df[(df.assessment_completed_date >= a) & (df.assessment_completed_date <= b)]
        assert done.groupby("la_code").size().reindex(CODES).min() >= 20, year
