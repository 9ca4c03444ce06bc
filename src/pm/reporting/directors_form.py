"""The prescribed form of the Director's annual report, read from
technical_guidance/reference/directors_report.yaml: chapters, the four parts of the
performance assessment, the four questions, the sections of other information, and pm's
default placement of measures under the parts (by id, then by rule).

The structure is data so its wording can change, or gain Welsh, without touching code.
The English of the chapters, parts, questions and sections is the Schedule's, word for
word; each may carry the Welsh of the Schedule's Welsh text (`title_cy`, or `text_cy` for a
question) with its `welsh_source`, and a report shows it through `pm.i18n.in_language`.
None is held yet: the Welsh text of the regulations has not been found (see
technical_guidance/welsh.md), so a Welsh report shows these words in English, marked.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from pm.definitions.models import Strict
from pm.definitions.problems import display_path
from pm.definitions.pydantic_problems import problems_from_validation
from pm.definitions.reference import WelshText
from pm.definitions.yaml_loader import YamlProblem, load_yaml_file
from pm.errors import InputError

FORM_FILE = "directors_report.yaml"
FILE_NAME = r"^[a-z][a-z0-9_]*\.md$"
PART_IDS = ("people", "prevention", "partnership", "wellbeing")  # as pm.yaml names them


class Chapter(WelshText):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    number: str
    title: str
    title_cy: str | None = None  # the Schedule's Welsh text only, with its welsh_source
    prompt: str
    file: str | None = Field(default=None, pattern=FILE_NAME)
    from_year: str | None = None  # first reporting year the chapter is required for
    note: str | None = None


class Part(WelshText):
    id: str
    letter: str
    title: str
    title_cy: str | None = None
    prompt: str


class Question(WelshText):
    id: str
    number: str
    text: str
    text_cy: str | None = None
    file: str = Field(pattern=FILE_NAME)
    from_plan: bool = False  # last year's areas for improvement, from the service plan


class Section(WelshText):
    id: str
    letter: str
    title: str
    title_cy: str | None = None
    file: str = Field(pattern=FILE_NAME)
    prompt: str


class Rule(Strict):
    """Places a measure not named in the mapping: by id pattern, aspect or outcome."""

    part: str
    why: str
    ids: list[str] = Field(default_factory=list)
    aspects: list[str] = Field(default_factory=list)
    national_outcomes: list[str] = Field(default_factory=list)


class DirectorsForm(Strict):
    source: str
    chapters: list[Chapter]
    parts: list[Part]
    questions: list[Question]
    other_information: list[Section]
    placement_note: str
    measures: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _parts_known(self) -> DirectorsForm:
        """The parts are the four the regulations name, and every mapping names one."""
        chapters = {c.id for c in self.chapters}
        wanted = {"summary", "context", "performance", "other_information"}
        if not wanted <= chapters:
            raise ValueError(f"chapters must include {', '.join(sorted(wanted - chapters))}")
        ids = tuple(p.id for p in self.parts)
        if ids != PART_IDS:
            raise ValueError(f"parts must be {', '.join(PART_IDS)} in that order, not {ids}")
        for part in [*self.measures, *(r.part for r in self.rules)]:
            if part not in PART_IDS:
                raise ValueError(f"'{part}' is not a part: parts are {', '.join(PART_IDS)}")
        named = [m for members in self.measures.values() for m in members]
        twice = sorted({m for m in named if named.count(m) > 1})
        if twice:
            raise ValueError(f"measures placed under two parts: {', '.join(twice)}")
        return self

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)


def load_form(path: Path) -> DirectorsForm:
    """The form at `path`; a problem in it is one line naming the file and line."""
    shown = display_path(path)
    try:
        loaded = load_yaml_file(path)
    except YamlProblem as problem:
        raise InputError(f"{shown}, line {problem.line}: {problem.message}") from None
    except OSError as problem:
        raise InputError(f"{shown}: cannot read the Director's report form ({problem})") from None
    try:
        return DirectorsForm.model_validate(loaded.data)
    except ValidationError as error:
        first = problems_from_validation(error, DirectorsForm, loaded, shown)[0]
        raise InputError(f"{first.file}, line {first.line}: {first.message}") from None


def shipped_form() -> DirectorsForm:
    from pm import resources

    return load_form(resources.reference_dir() / FORM_FILE)
