"""Framework reference data: councils, aspects, quality standards, outcomes, frameworks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pm.definitions.models import Strict, WelshSource
from pm.definitions.problems import Problem, display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.yaml_loader import YamlProblem, load_yaml_file

# The ONS code of Wales as a whole: the area of every all-Wales row and benchmark. The one
# constant pm uses for it (councils.yaml names it as `wales`; a test keeps the two equal).
WALES = "W92000004"


# The Welsh fields an entry may hold (the Director's report form's questions have `text_cy`).
WELSH_FIELDS = ("title_cy", "short_title_cy", "statement_cy", "text_cy")


class WelshText(Strict):
    """An entry's Welsh texts are official ones only, each naming the publication it is
    taken from word for word; a council's own translation lives in its workspace."""

    welsh_source: WelshSource | None = None

    @model_validator(mode="after")
    def _welsh_has_source(self) -> WelshText:
        given = [k for k in WELSH_FIELDS if getattr(self, k, None)]
        if given and self.welsh_source is None:
            raise ValueError(
                f"{given[0]} needs welsh_source: the official Welsh publication it is taken from"
            )
        return self


class Aspect(WelshText):
    id: str
    title: str
    title_cy: str | None = None
    act_reference: str | None = None
    note: str | None = None
    provisional: bool = False


class QualityStandard(WelshText):
    id: str
    title: str
    short_title: str
    title_cy: str | None = None
    short_title_cy: str | None = None
    aspects: list[str]
    note: str | None = None
    provisional: bool = False


class NationalOutcome(WelshText):
    id: str
    aspect: str
    statement: str
    statement_cy: str | None = None
    provisional: bool = False
    note: str | None = None


class Council(Strict):
    code: str
    name: str
    name_cy: str
    population: int | None = None
    rurality: str | None = None


class Area(Strict):
    code: str
    name: str
    name_cy: str


class CouncilsFile(Strict):
    wales: Area
    councils: list[Council]


class InForce(Strict):
    """The reporting years a framework applies to: from its first day to its last (none
    while it is still in force)."""

    model_config = ConfigDict(populate_by_name=True)
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> InForce:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"in_force ends ({self.to}) before it begins ({self.from_})")
        return self


class Framework(WelshText):
    """A set of measures with the years it applies to; `local` has no years."""

    id: str
    title: str
    title_cy: str | None = None
    description: str | None = None
    in_force: InForce | None = None
    note: str | None = None

    @property
    def first_year(self) -> str | None:
        return None if self.in_force is None else _year_of(self.in_force.from_)

    @property
    def last_year(self) -> str | None:
        if self.in_force is None or self.in_force.to is None:
            return None
        return _year_of(self.in_force.to)

    @property
    def years(self) -> str:
        """The years in words, e.g. "2016-17 to 2019-20" or "2020-21 onward"."""
        if self.in_force is None:
            return "any year"
        if self.last_year is None:
            return f"{self.first_year} onward"
        return f"{self.first_year} to {self.last_year}"


def _year_of(day: dt.date) -> str:
    """The financial year (April to March) holding `day`, e.g. 2019-20."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


class FrameworksFile(Strict):
    frameworks: list[Framework]


class AspectsFile(Strict):
    aspects: list[Aspect]


class QualityStandardsFile(Strict):
    quality_standards: list[QualityStandard]


class NationalOutcomesFile(Strict):
    national_outcomes: list[NationalOutcome]


class SurveyQuestion(BaseModel):
    """A statement of the national citizen survey (loosely checked: descriptive data)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    code: str
    statement: str


class SurveyQuestionsFile(Strict):
    survey_questions: list[SurveyQuestion]


@dataclass
class Reference:
    """Everything a definition may link to; empty lists where a file could not be read."""

    wales: Area | None = None
    councils: list[Council] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)
    quality_standards: list[QualityStandard] = field(default_factory=list)
    national_outcomes: list[NationalOutcome] = field(default_factory=list)
    frameworks: list[Framework] = field(default_factory=list)
    survey_questions: list[SurveyQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    folder: Path | None = None  # where the files were read: a term's file and line

    @property
    def council_codes(self) -> list[str]:
        return [council.code for council in self.councils]

    def code_lists(self) -> dict[str, set[str]]:
        """The lists a data-item column may take its codes from (`codes_from`), by name:
        what the reader checks extract values against."""
        return {
            "councils": set(self.council_codes),
            "survey_questions": {question.code for question in self.survey_questions},
        }

    def council_name(self, code: str) -> str:
        if self.wales and code == self.wales.code:
            return self.wales.name
        for council in self.councils:
            if council.code == code:
                return council.name
        return code

    def area_lookup(self) -> dict[str, str]:
        """Lower-cased code, English name and Welsh name of every council and Wales → code."""
        lookup: dict[str, str] = {}
        areas: list[Council | Area] = [*self.councils, *([self.wales] if self.wales else [])]
        for area in areas:
            for word in (area.code, area.name, area.name_cy):
                lookup[word.strip().lower()] = area.code
        return lookup

    def area_codes(self, given: list[str]) -> list[str]:
        """Codes of councils (or Wales) given by code or name, in any case; a usage error
        naming the first one that is not a Welsh council."""
        from pm.choices import did_you_mean
        from pm.errors import UsageError

        lookup = self.area_lookup()
        codes = []
        for text in given:
            code = lookup.get(text.strip().lower())
            if code is None:
                names = [a.name for a in self.councils] + [a.name_cy for a in self.councils]
                hint = did_you_mean(text, [*names, *([self.wales.name] if self.wales else [])])
                raise UsageError(
                    f"'{text}' is not a Welsh council; give an ONS code such as W06000015 or a "
                    f"name such as Cardiff.{hint}"
                )
            codes.append(code)
        return codes

    def quality_standard(self, qs_id: str) -> QualityStandard | None:
        return next((qs for qs in self.quality_standards if qs.id == qs_id), None)

    def aspect(self, aspect_id: str) -> Aspect | None:
        return next((a for a in self.aspects if a.id == aspect_id), None)

    def framework(self, framework_id: str) -> Framework | None:
        return next((f for f in self.frameworks if f.id == framework_id), None)

    def outcome(self, outcome_id: str) -> NationalOutcome | None:
        return next((o for o in self.national_outcomes if o.id == outcome_id), None)


_FILES: list[tuple[str, type[Strict], str]] = [
    ("councils.yaml", CouncilsFile, "councils"),
    ("aspects.yaml", AspectsFile, "aspects"),
    ("quality_standards.yaml", QualityStandardsFile, "quality_standards"),
    ("national_outcomes.yaml", NationalOutcomesFile, "national_outcomes"),
    ("frameworks.yaml", FrameworksFile, "frameworks"),
    ("survey_questions.yaml", SurveyQuestionsFile, "survey_questions"),
]


def load_reference(folder: Path) -> Reference:
    """Read every reference file in `folder`, collecting problems rather than stopping."""
    reference = Reference(folder=folder)
    for name, model, attribute in _FILES:
        path = folder / name
        shown = display_path(path)
        if not path.is_file():
            reference.problems.append(
                Problem(shown, 0, "missing-key", f"the reference file {name} is missing")
            )
            continue
        try:
            source = load_yaml_file(path)
            parsed = model.model_validate(source.data)
        except YamlProblem as problem:
            reference.problems.append(Problem(shown, problem.line, problem.code, problem.message))
            continue
        except ValidationError as error:
            reference.problems.extend(problems_from_validation(error, model, source, shown))
            continue
        if isinstance(parsed, CouncilsFile):
            reference.wales = parsed.wales
            reference.councils = list(parsed.councils)
        else:
            setattr(reference, attribute, list(getattr(parsed, attribute)))
    return reference
