"""The national datasets (data contract §3 and the 2020 framework), as the generator writes them.

``required`` and ``optional`` are the contract's columns in the contract's order; ``extra``
are the optional descriptive columns the generator adds (engines ignore them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    contract: str  # the contract's columns in its order; required ones end with "*"
    extra: tuple[str, ...] = ()
    id_column: str | None = None  # the record id (unique per row), if the dataset has one
    key: tuple[str, ...] = ()  # the unique key of a row when there is no record id
    person_column: str | None = None  # who the row is about (named in the log when no record id)
    required_dates: tuple[str, ...] = ()
    # (start, end) pairs where end must not precede start
    date_pairs: tuple[tuple[str, str], ...] = ()
    faults: bool = True
    notes: dict = field(default_factory=dict)

    @property
    def contract_columns(self) -> tuple[str, ...]:
        return tuple(c.rstrip("*") for c in self.contract.split())

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.rstrip("*") for c in self.contract.split() if c.endswith("*"))

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.contract.split() if not c.endswith("*"))

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns as written: the contract's, in its order, then the extra ones."""
        return self.contract_columns + self.extra

    @property
    def record_column(self) -> str:
        """The column named in the log for a faulty row."""
        return self.id_column or self.person_column or next(k for k in self.key if k != "la_code")


DATASETS: dict[str, DatasetSpec] = {
    s.name: s
    for s in [
        DatasetSpec(
            "adult_protection_enquiries",
            "enquiry_id* person_id* la_code* report_received_date* enquiry_completed_date age_at_report",
            extra=("sex", "team"),
            id_column="enquiry_id",
            required_dates=("report_received_date",),
            date_pairs=(("report_received_date", "enquiry_completed_date"),),
        ),
        DatasetSpec(
            "delayed_transfers",
            "person_id* la_code* census_date* age* delay_reason_category*",
            extra=("sex",),
            person_column="person_id",
            required_dates=("census_date",),
        ),
        DatasetSpec(
            "population",
            "la_code* year* age* sex* population*",
            key=("la_code", "year", "age", "sex"),
            faults=False,
        ),
        DatasetSpec(
            "reablement",
            "episode_id* person_id* la_code* reablement_end_date* package_before* package_6_months* "
            "end_outcome",
            extra=("team",),
            id_column="episode_id",
            required_dates=("reablement_end_date",),
        ),
        DatasetSpec(
            "residential_care",
            "placement_id* person_id* la_code* date_of_birth* admission_date* discharge_date la_funded*",
            extra=("sex",),
            id_column="placement_id",
            required_dates=("admission_date", "date_of_birth"),
            date_pairs=(("admission_date", "discharge_date"),),
        ),
        DatasetSpec(
            "iaa_contacts",
            "contact_id* person_id* la_code* contact_date* age* outcome* already_supported "
            "carer_contact",
            extra=("sex", "team"),
            id_column="contact_id",
            required_dates=("contact_date",),
        ),
        DatasetSpec(
            "child_assessments",
            "assessment_id* child_id* la_code* referral_date* assessment_completed_date",
            extra=("sex", "team"),
            id_column="assessment_id",
            required_dates=("referral_date",),
            date_pairs=(("referral_date", "assessment_completed_date"),),
        ),
        DatasetSpec(
            "care_support_plans",
            "child_id* la_code* snapshot_date* looked_after*",
            key=("la_code", "child_id", "snapshot_date"),
            required_dates=("snapshot_date",),
        ),
        DatasetSpec(
            "looked_after_episodes",
            "episode_id* child_id* la_code* date_of_birth* episode_start_date* "
            "episode_end_date reason_episode_ended dental_check_date",
            extra=("sex",),
            id_column="episode_id",
            required_dates=("episode_start_date", "date_of_birth"),
            date_pairs=(("episode_start_date", "episode_end_date"),),
        ),
        DatasetSpec(
            "looked_after_placements",
            "placement_id* child_id* la_code* placement_start_date* placement_end_date gp_registered_date "
            "placement_type placement_location",
            id_column="placement_id",
            required_dates=("placement_start_date",),
            date_pairs=(("placement_start_date", "placement_end_date"),),
        ),
        DatasetSpec(
            "looked_after_education",
            "child_id* la_code* snapshot_date* school_changes_non_transitional* ks2_csi ks4_csi "
            "school_changes_excl_adoption_home",
            key=("la_code", "child_id", "snapshot_date"),
            required_dates=("snapshot_date",),
        ),
        # the 2020 framework's CH/040 (children receiving short breaks at 31 March)
        DatasetSpec(
            "short_breaks",
            "arrangement_id* child_id* la_code* arrangement_start_date* arrangement_end_date",
            extra=("sex",),
            id_column="arrangement_id",
            required_dates=("arrangement_start_date",),
            date_pairs=(("arrangement_start_date", "arrangement_end_date"),),
        ),
        DatasetSpec(
            "cpr_registrations",
            "registration_id* child_id* la_code* registration_date* deregistration_date",
            id_column="registration_id",
            required_dates=("registration_date",),
            date_pairs=(("registration_date", "deregistration_date"),),
        ),
        DatasetSpec(
            "care_leavers",
            "young_person_id* la_code* date_left_care* support_end_date eet_12_months eet_24_months",
            id_column="young_person_id",
            required_dates=("date_left_care",),
            date_pairs=(("date_left_care", "support_end_date"),),
        ),
        DatasetSpec(
            "care_leaver_homelessness",
            "young_person_id* la_code* homelessness_start_date*",
            person_column="young_person_id",
            required_dates=("homelessness_start_date",),
        ),
        DatasetSpec(
            "survey_responses",
            "response_id* la_code* survey_year* respondent_group* question_code* response",
            id_column="response_id",
        ),
        # the adult datasets of the 2020 framework (technical_guidance/datasets, wales-2020)
        DatasetSpec(
            "adult_assessments",
            "assessment_id* person_id* la_code* assessment_completed_date* assessment_type* "
            "existing_plan* outcome age",
            extra=("sex", "team"),
            id_column="assessment_id",
            required_dates=("assessment_completed_date",),
        ),
        DatasetSpec(
            "adult_safeguarding_reports",
            "report_id* person_id* la_code* report_received_date* source* ethnicity* "
            "category_physical category_sexual category_emotional category_financial "
            "category_neglect led_to_enquiry enquiry_completed_date further_action age_at_report",
            extra=("sex", "team"),
            id_column="report_id",
            required_dates=("report_received_date",),
            date_pairs=(("report_received_date", "enquiry_completed_date"),),
        ),
    ]
}

FAULT_TYPES = (
    "end_before_start",
    "unparseable_date",
    "unknown_la_code",
    "duplicate_id",
    "missing_required",
)

# The local datasets of pm's example local indicators (technical_guidance/datasets, framework
# local). Written after the national ones, from their own random streams, so adding them
# changed no national file.
LOCAL_DATASETS: dict[str, DatasetSpec] = {
    s.name: s
    for s in [
        DatasetSpec(
            "safeguarding_referrals",
            "referral_id* person_id* la_code* received_at* allocated_at service team",
            id_column="referral_id",
            date_pairs=(("received_at", "allocated_at"),),
        ),
        DatasetSpec(
            "centre_admissions",
            "admission_id* person_id* la_code* centre* entry_date* assessment_date "
            "support_plan_date exit_date team",
            id_column="admission_id",
            required_dates=("entry_date",),
            date_pairs=(("entry_date", "exit_date"),),
        ),
        DatasetSpec(
            "workforce",
            "post_id* la_code* team* month_end* filled* left_in_month* job_role",
            key=("la_code", "post_id", "month_end"),
            required_dates=("month_end",),
        ),
        DatasetSpec(
            "camhs_referrals",
            "referral_id* child_id* la_code* referral_date* first_appointment_date tier* team",
            id_column="referral_id",
            required_dates=("referral_date",),
            date_pairs=(("referral_date", "first_appointment_date"),),
        ),
        DatasetSpec(
            "family_visits",
            "visit_id* family_id* la_code* visit_date* status* visit_type team",
            id_column="visit_id",
            required_dates=("visit_date",),
        ),
        DatasetSpec(
            "family_survey",
            "response_id* la_code* response_date* satisfaction team",
            id_column="response_id",
            required_dates=("response_date",),
        ),
        DatasetSpec(
            "personal_outcomes",
            "outcome_review_id* person_id* la_code* aspect* review_date* achieved team",
            id_column="outcome_review_id",
            required_dates=("review_date",),
        ),
        DatasetSpec(
            "audit_results",
            "audit_id* case_id* la_code* audit_date* standard* met* team",
            key=("la_code", "audit_id", "standard"),
            required_dates=("audit_date",),
        ),
    ]
}
