"""The definition format as pydantic models: closed vocabularies, no unknown keys.

These models check the shape of one file. Rules that need more than one file (a dataset's
columns, the reference lists, duplicate ids) live in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pm.definitions.vocab import (
    ColumnType,
    CountUnit,
    IndicatorType,
    MeasureClass,
    MeasureKind,
    ParameterUnit,
    PeriodRule,
    PersonPick,
    Polarity,
    RbaQuestion,
    Status,
    ToleranceUnit,
    UnknownValues,
)

IDENTIFIER = r"^[A-Za-z][A-Za-z0-9_]*$"
INDICATOR_ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"


class Strict(BaseModel):
    """Every model refuses keys it does not know: a misspelt key is a mistake, not a comment.
    Numbers must be finite: YAML's .inf and .nan are never a timescale, target or band."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, use_enum_values=False, allow_inf_nan=False
    )


# ---------------------------------------------------------------------------- indicators


class Parameter(Strict):
    """A named number a rule uses, such as a statutory timescale; shown in the guidance."""

    value: float | int
    unit: ParameterUnit
    description: str
    provisional: bool = False
    note: str | None = None


class Exclusion(Strict):
    """A rule that takes records out of the population, with the reason shown to analysts."""

    when: str
    reason: str


class Population(Strict):
    """The records counted in the denominator (for percentages) or averaged (for means)."""

    description: str
    include: list[str] = Field(default_factory=list)
    exclude: list[Exclusion] = Field(default_factory=list)


class Numerator(Strict):
    """The records of the population that meet the measure."""

    description: str
    rule: str | None = None


class ValueSpec(Strict):
    """The quantity summed for a mean or ranked for a median, per record."""

    description: str
    expression: str
    unit: str


class PeriodSpec(Strict):
    """How records are placed in a reporting period (data contract §2)."""

    rule: PeriodRule
    date: str | None = None
    start: str | None = None
    end: str | None = None
    months: int | None = Field(default=None, ge=1, le=120)
    column: str | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _fields_fit_rule(self) -> PeriodSpec:
        needs: dict[PeriodRule, tuple[str, ...]] = {
            PeriodRule.in_year: ("date",),
            PeriodRule.follow_up: ("date", "months"),
            PeriodRule.snapshot: ("start", "end"),
            PeriodRule.overlapping: ("start", "end"),
            PeriodRule.survey_year: ("column",),
            PeriodRule.all_records: (),
        }
        missing = [name for name in needs[self.rule] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"period rule '{self.rule.value}' needs {', '.join(missing)}")
        return self


class Counting(Strict):
    """Whether each record counts, or each person once (and which of their records)."""

    unit: CountUnit = CountUnit.record
    person: str | None = None
    pick: PersonPick = PersonPick.any
    by: str | None = None

    @model_validator(mode="after")
    def _pick_needs_column(self) -> Counting:
        if self.pick in (PersonPick.earliest, PersonPick.latest) and not self.by:
            raise ValueError(f"pick '{self.pick.value}' needs 'by': the date column to order by")
        if self.unit is CountUnit.record and self.pick is not PersonPick.any:
            raise ValueError("'pick' applies only when counting unit is person")
        return self


class Related(Strict):
    """Other records of the same person (in this or another dataset) that a rule looks at."""

    name: str = Field(pattern=IDENTIFIER)
    dataset: str
    description: str
    key: str | None = None
    match: str | None = None


class ExternalDenominator(Strict):
    """A denominator summed from another dataset, such as population for a rate."""

    description: str
    dataset: str
    sum: str
    where: str | None = None


class Band(Strict):
    label: str
    min: float | None = None
    max: float | None = None


class Breakdown(Strict):
    """A split of the results, by a column or an expression, optionally banded."""

    name: str = Field(pattern=IDENTIFIER)
    expression: str
    bands: list[Band] | None = None
    default: bool = False
    # "Of which" parts of a count (by outcome, category, ethnicity): every record falls in
    # exactly one part, so the parts add up to the total. A data return checks that they do.
    parts: bool = False
    # The published code of each part, by the breakdown's value, e.g. {white: AS/004a}.
    part_codes: dict[str, str] = Field(default_factory=dict)


# A number written as a number: not .nan or .inf, not a yes/no, not text in quotes.
FiniteNumber = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class Target(Strict):
    """The default target; councils override it per year in targets.yaml."""

    value: FiniteNumber | None = None
    range: tuple[FiniteNumber, FiniteNumber] | None = None
    tolerance: Annotated[FiniteNumber, Field(ge=0)] | None = None
    tolerance_unit: ToleranceUnit = ToleranceUnit.points
    note: str | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> Target:
        if (self.value is None) == (self.range is None):
            raise ValueError("give a target 'value' or a 'range', not both and not neither")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("a target range is written [lower, upper]")
        return self


class Disclosure(Strict):
    """Overrides of the project's disclosure-control rules for this indicator."""

    min_count: int | None = Field(default=None, ge=0)
    min_records_for_average: int | None = Field(default=None, ge=0)
    min_responses: int | None = Field(default=None, ge=0)
    # Publish counts to the nearest multiple (5 in the looked-after tables): a data return
    # rounds where this is given.
    round_counts_to: int | None = Field(default=None, ge=1)
    note: str | None = None

    @field_validator("round_counts_to", mode="before")
    @classmethod
    def _base_is_a_number(cls, value: object) -> object:
        if isinstance(value, bool):  # YAML's yes/true would otherwise be read as 1
            raise ValueError("write the base counts are rounded to as a whole number, such as 5")
        return value


class Links(Strict):
    """Where the measure sits on the golden thread."""

    quality_standards: list[str] = Field(default_factory=list)
    aspects: list[str] = Field(default_factory=list)
    national_outcomes: list[str] = Field(default_factory=list)


class Successor(Strict):
    """The measure of a later framework that carries on what this one measured."""

    id: str
    comparable: bool = False  # the same rule: a trend may run across the change
    note: str | None = None


class WelshSource(Strict):
    """The official Welsh publication a Welsh text is taken from word for word (never a
    translation of pm's own): a council quoting it must be able to find it."""

    publication: str
    address: str
    note: str | None = None


class Governance(Strict):
    owner: str
    status: Status
    version: str
    source: str
    last_reviewed: dt.date
    next_review: dt.date | None = None
    checked_by: str | None = None
    provisional_items: list[str] = Field(default_factory=list)
    # Where title_cy, short_title_cy, numerator_cy and denominator_cy come from; required
    # when any of them is given.
    welsh_source: WelshSource | None = None


class Guidance(Strict):
    """Extra notes for the technical-guidance page."""

    notes: list[str] = Field(default_factory=list)
    see_also: list[str] = Field(default_factory=list)


class Expectation(Strict):
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    status: str | None = None


class TestCase(Strict):
    """Tiny input rows and the numerator and denominator a person worked out by hand."""

    __test__ = False  # not a pytest class

    name: str
    period: str = "2023-24"
    area: str | None = None
    breakdown: str | None = None
    parameters: dict[str, float] = Field(default_factory=dict)
    data: dict[str, list[dict[str, Any]]]
    expect: Expectation


class Indicator(Strict):
    """One national or local performance indicator."""

    id: str = Field(pattern=INDICATOR_ID)
    framework: str
    kind: MeasureKind
    title: str
    short_title: str
    title_cy: str | None = None  # official Welsh only; its source in governance.welsh_source
    short_title_cy: str | None = None
    # The official Welsh wording of what is counted above and below the line, where the
    # publication of the title gives one (StatsCymru's "Rhifiadur" and "Enwadur").
    numerator_cy: str | None = None
    denominator_cy: str | None = None
    description: str
    aliases: list[str] = Field(default_factory=list)

    type: IndicatorType
    multiplier: float | None = Field(default=None, gt=0)
    unit: str | None = None
    decimals: int = Field(default=1, ge=0, le=6)

    dataset: str
    period: PeriodSpec
    counting: Counting = Field(default_factory=Counting)
    related: list[Related] = Field(default_factory=list)
    population: Population
    numerator: Numerator | None = None
    value: ValueSpec | None = None
    denominator: ExternalDenominator | None = None
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    unknown_values: UnknownValues
    breakdowns: list[Breakdown] = Field(default_factory=list)

    polarity: Polarity
    target: Target | None = None
    disclosure: Disclosure | None = None

    links: Links
    successors: list[Successor] = Field(default_factory=list)
    rba: RbaQuestion
    measure_class: MeasureClass
    governance: Governance
    guidance: Guidance = Field(default_factory=Guidance)
    tests: list[TestCase] = Field(default_factory=list)

    @field_validator("parameters")
    @classmethod
    def _parameter_names(cls, value: dict[str, Parameter]) -> dict[str, Parameter]:
        for name in value:
            if not re.match(IDENTIFIER, name):
                raise ValueError(
                    f"parameter name '{name}' must be a plain word (letters, digits, _)"
                )
        return value

    @property
    def effective_multiplier(self) -> float:
        """Percentages are × 100 unless stated; other types × 1 unless stated."""
        if self.multiplier is not None:
            return self.multiplier
        return 100.0 if self.type is IndicatorType.percentage else 1.0

    @property
    def is_provisional(self) -> bool:
        return self.governance.status is Status.provisional or bool(
            self.governance.provisional_items
        )


# ---------------------------------------------------------------- data-item specifications


class Column(Strict):
    """One data item of an extract."""

    name: str = Field(pattern=IDENTIFIER)
    type: ColumnType
    required: bool
    description: str
    codes: list[str] | None = None
    codes_from: str | None = None
    code_descriptions: dict[str, str] | None = None
    min: float | None = None
    max: float | None = None
    missing_means: str | None = None
    extension: bool = False
    format: str | None = None
    provisional: bool = False
    note: str | None = None


class DateOrder(Strict):
    start: str
    end: str


EVENT_DATE_TYPES = frozenset({ColumnType.date, ColumnType.datetime, ColumnType.year_label})


class DatasetSpec(Strict):
    """The data-item specification of one extract (data contract §3)."""

    dataset: str = Field(pattern=IDENTIFIER)
    title: str
    one_row_per: str
    framework: str
    description: str
    record_id: str | None = None
    person_id: str | None = None
    unique_key: list[str] | None = None
    columns: list[Column]
    date_order: list[DateOrder] = Field(default_factory=list)
    # Date-times in the extract are clock readings in this zone (see pm.calendar.clock).
    time_zone: str = "Europe/London"
    # The column whose dates say what time a council's extract covers (pm.engine.coverage);
    # default: the first required date, date-time or year-label column.
    event_date: str | None = None

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        from pm.calendar.zones import is_time_zone

        if not is_time_zone(value):
            raise ValueError(
                f"'{value}' is not a time zone: write an IANA name such as Europe/London"
            )
        return value

    @model_validator(mode="after")
    def _event_date_is_a_date_column(self) -> DatasetSpec:
        if self.event_date is not None:
            found = self.column(self.event_date)
            if found is None or found.type not in EVENT_DATE_TYPES:
                dated = [c.name for c in self.columns if c.type in EVENT_DATE_TYPES]
                raise ValueError(
                    f"event_date '{self.event_date}' is not a date column of this dataset"
                    f" (its date columns: {', '.join(dated) or 'none'})"
                )
        return self

    @property
    def event_column(self) -> str | None:
        """The column whose dates say what time the extract covers: `event_date`, else the
        first required date, date-time or year-label column (None for reference tables)."""
        if self.event_date is not None:
            return self.event_date
        for column in self.columns:
            if column.required and column.type in EVENT_DATE_TYPES:
                return column.name
        return None

    def column(self, name: str) -> Column | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]
