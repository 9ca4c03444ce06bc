"""Every validation code: a valid fixture that loads clean and an invalid one that is refused
with that code, the file and the line of the offending key.

Each invalid fixture is the valid PM18 copy (tests/fixtures/definitions/PM18.yaml) with one
edit; the expected line is worked out from the edited text, never read from pm's output.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pm import resources
from pm.definitions import loader
from pm.definitions.loader import DefinitionSet, load_definitions
from pm.definitions.problems import CATALOGUE, Problem

# Codes with no fixture here, and why. `stale-guidance` is raised by `pm guidance --check`,
# not by loading a definition (see test_guidance.py).
EXEMPT = {
    "stale-guidance": "checked by pm guidance --check, in test_guidance.py",
    "no-official-welsh": "a pm validate --language cy note, checked in test_welsh.py",
    "official-welsh-wins": "a note on a workspace's welsh.yaml, checked in test_welsh.py",
    "unknown-word": "a workspace's welsh.yaml words:, checked in test_welsh.py",
    "bad-placeholder": "a workspace's welsh.yaml words:, checked in test_welsh.py",
    **{
        code: "a targets-file or pm.yaml code, checked in test_compare_targets.py"
        for code in (
            "unknown-indicator",
            "unknown-council",
            "invalid-period",
            "duplicate-entry",
            "target-not-bandable",
        )
    },
}
UNREACHABLE: dict[str, str] = {}

Edit = tuple[str, str]

INCLUDE_AT = "population:\n  description: Adult protection enquiries completed in the period.\n"
RULE = "  rule: working_days(report_received_date, enquiry_completed_date) <= timescale\n"
RELATED = (
    "related:\n  - {name: earlier, dataset: adult_protection_enquiries, "
    "description: Other enquiries about the same adult}\n"
)
FIRST_ROW = (
    "        - {enquiry_id: E1, person_id: P1, report_received_date: 2023-06-01, "
    "enquiry_completed_date: 2023-06-12}\n"
)
FIRST_TEST = "  - name: completed on the 7th working day counts\n"
OUTCOMES = "  national_outcomes: [protection-1]\n"


def include(*rules: str) -> Edit:
    """Add `population.include` rules, each a double-quoted YAML string on its own line."""
    items = "".join(f"    - {json.dumps(rule)}\n" for rule in rules)
    return (INCLUDE_AT, f"{INCLUDE_AT}  include:\n{items}")


def with_related(*edits: Edit) -> tuple[Edit, ...]:
    """Declare related records 'earlier' (before the population), then apply `edits`."""
    return ((INCLUDE_AT, RELATED + INCLUDE_AT), *edits)


@dataclass(frozen=True)
class Case:
    """One invalid edit of a valid file, and a near miss of the same edit that is valid."""

    name: str
    code: str
    bad: tuple[Edit, ...]
    marker: str  # regex matching the offending key in the edited text (exactly once)
    good: tuple[Edit, ...] = ()
    bad_extra: dict[str, str] = field(default_factory=dict)  # more files: path -> text
    good_extra: dict[str, str] = field(default_factory=dict)
    where: str = "PM18.yaml"  # the file (under the definitions folder) that is wrong

    def __str__(self) -> str:
        return self.name


DUPLICATE = "<copy of the base file>"
DUPLICATE_AS_PM19 = "<copy of the base file with id PM19>"

DEFINITION_CASES: list[Case] = [
    Case(
        "yaml-syntax",
        "yaml-syntax",
        bad=(("polarity: higher\n", "polarity: higher: yes\n"),),
        good=(("polarity: higher\n", 'polarity: "higher"\n'),),
        marker=r"^polarity: higher: yes",
    ),
    Case(
        "yaml-unsafe-tag",
        "yaml-unsafe-tag",
        bad=(("polarity: higher\n", "polarity: !!python/name:os.system higher\n"),),
        good=(("polarity: higher\n", "polarity: !!str higher\n"),),
        marker=r"^polarity: !!python",
    ),
    Case(
        "yaml-unsafe-tag/merge-key",
        "yaml-unsafe-tag",
        bad=(("  tolerance: 5\n", "  tolerance: 5\n  <<: {note: merged}\n"),),
        marker=r"^  <<:",
    ),
    Case(
        "yaml-too-large/nesting",
        "yaml-too-large",
        bad=(("aliases: [PMA18]\n", "aliases: " + "[" * 70 + "PMA18" + "]" * 70 + "\n"),),
        marker=r"^aliases: \[\[",
    ),
    Case(
        "yaml-not-mapping/complex-key",
        "yaml-not-mapping",
        bad=(("polarity: higher\n", "? [polarity, higher]\n: higher\n"),),
        good=(("polarity: higher\n", "? polarity\n: higher\n"),),
        marker=r"^\? \[polarity",
    ),
    Case(
        "unknown-key",
        "unknown-key",
        bad=(("polarity: higher\n", "polarity: higher\npolarty: higher\n"),),
        marker=r"^polarty:",
    ),
    Case(
        "unknown-key/nested",
        "unknown-key",
        bad=(("    unit: working_days\n", "    unit: working_days\n    units: days\n"),),
        good=(("    unit: working_days\n", "    unit: working_days\n    provisional: true\n"),),
        marker=r"^    units:",
    ),
    Case(
        "missing-key",
        "missing-key",
        bad=(("  rule: in_year\n", ""),),
        marker=r"^period:",
    ),
    Case(
        "invalid-choice",
        "invalid-choice",
        bad=(("polarity: higher\n", "polarity: hihger\n"),),
        good=(("polarity: higher\n", "polarity: lower\n"),),
        marker=r"^polarity:",
    ),
    Case(
        "invalid-value",
        "invalid-value",
        bad=(("decimals: 1\n", "decimals: 9\n"),),
        good=(("decimals: 1\n", "decimals: 6\n"),),
        marker=r"^decimals:",
    ),
    Case(
        "invalid-value/model-rule",
        "invalid-value",
        bad=(("  value: 95\n", "  range: [96, 90]\n"),),
        good=(("  value: 95\n", "  range: [90, 96]\n"),),
        marker=r"^target:",
    ),
    Case(
        "id-mismatch",
        "id-mismatch",
        bad=(("id: PM18\n", "id: PM19\n"),),
        marker=r"^id:",
    ),
    Case(
        "duplicate-id",
        "duplicate-id",
        bad=(),
        bad_extra={"z/PM18.yaml": DUPLICATE},
        good_extra={"z/PM19.yaml": DUPLICATE_AS_PM19},
        where="z/PM18.yaml",
        marker=r"^id:",
    ),
    Case(
        "unknown-dataset",
        "unknown-dataset",
        bad=(("dataset: adult_protection_enquiries\n", "dataset: adult_protection_enquirys\n"),),
        marker=r"^dataset:",
    ),
    Case(
        "unknown-dataset/related",
        "unknown-dataset",
        bad=(
            (
                INCLUDE_AT,
                "related:\n  - name: earlier\n    dataset: adult_protection\n"
                "    description: Other enquiries\n" + INCLUDE_AT,
            ),
        ),
        good=with_related(),
        marker=r"^    dataset: adult_protection$",
    ),
    Case(
        "unknown-column",
        "unknown-column",
        bad=((RULE, RULE.replace("report_received_date", "report_recieved_date")),),
        good=((RULE, RULE.replace("working_days", "days_between")),),
        marker=r"^  rule: working_days",
    ),
    Case(
        "unknown-column/include-item",
        "unknown-column",
        bad=(include("age_at_report >= 18", "teem == 'A'"),),
        good=(include("age_at_report >= 18", "team == 'A'"),),
        marker=r"teem == ",
    ),
    Case(
        "unknown-code",
        "unknown-code",
        bad=(include("sex == 'X'"),),
        good=(include("sex == 'F'"),),
        marker=r"sex == 'X'",
    ),
    Case(
        "unknown-quality-standard",
        "unknown-quality-standard",
        bad=(("  quality_standards: [QS3]\n", "  quality_standards:\n    - QS3\n    - QS9\n"),),
        good=(("  quality_standards: [QS3]\n", "  quality_standards:\n    - QS3\n    - QS6\n"),),
        marker=r"^    - QS9",
    ),
    Case(
        "unknown-aspect",
        "unknown-aspect",
        bad=(("  aspects: [protection]\n", "  aspects: [protection, wellbeing]\n"),),
        good=(("  aspects: [protection]\n", "  aspects: [protection, health]\n"),),
        marker=r"^  aspects:",
    ),
    Case(
        "unknown-outcome",
        "unknown-outcome",
        bad=((OUTCOMES, "  national_outcomes:\n    - protection-9\n"),),
        good=((OUTCOMES, "  national_outcomes:\n    - protection-2\n"),),
        marker=r"^    - protection-9",
    ),
    Case(
        "unknown-framework",
        "unknown-framework",
        bad=(("framework: wales-2016\n", "framework: wales-2099\n"),),
        good=(("framework: wales-2016\n", "framework: local\n"),),
        marker=r"^framework:",
    ),
    Case(
        "parts-of-a-percentage",
        "inconsistent-definition",
        bad=(
            (
                "  - name: sex\n    expression: sex\n",
                "  - name: sex\n    expression: sex\n    parts: true\n",
            ),
        ),
        good=(
            (
                "  - name: sex\n    expression: sex\n",
                "  - name: sex\n    expression: sex\n    default: true\n",
            ),
        ),
        marker=r"^    parts: true",
    ),
    Case(
        "unknown-successor",
        "unknown-successor",
        bad=((OUTCOMES, OUTCOMES + "successors:\n  - {id: AS999}\n"),),
        good=((OUTCOMES, OUTCOMES + "successors:\n  - {id: pm19}\n"),),
        good_extra={"PM19.yaml": DUPLICATE_AS_PM19},
        marker=r"^successors:",
    ),
    Case(
        "unknown-parameter",
        "unknown-parameter",
        bad=((FIRST_TEST, FIRST_TEST + "    parameters:\n      timescal: 8\n"),),
        good=((FIRST_TEST, FIRST_TEST + "    parameters:\n      timescale: 8\n"),),
        marker=r"^      timescal:",
    ),
    Case(
        "unknown-related",
        "unknown-related",
        bad=with_related(include("exists(earlir)")),
        good=with_related(include("exists(earlier)")),
        marker=r"exists\(earlir\)",
    ),
    Case(
        "expression-syntax",
        "expression-syntax",
        bad=((RULE, RULE.replace(" timescale", "")),),
        marker=r"^  rule: working_days",
    ),
    Case(
        "expression-forbidden",
        "expression-forbidden",
        bad=(include("sex.__class__ == 'F'"),),
        good=(include("sex == 'F'"),),
        marker=r"sex\.__class__",
    ),
    Case(
        "expression-unknown-function",
        "expression-unknown-function",
        bad=((RULE, RULE.replace("working_days", "weekdays")),),
        good=((RULE, RULE.replace("working_days", "days_between")),),
        marker=r"^  rule: weekdays",
    ),
    Case(
        "expression-arguments",
        "expression-arguments",
        bad=((RULE, RULE.replace("report_received_date, ", "")),),
        marker=r"^  rule: working_days",
    ),
    Case(
        "expression-type",
        "expression-type",
        bad=(include("report_received_date > 5"),),
        good=(include("age_at_report > 5"),),
        marker=r"report_received_date > 5",
    ),
    Case(
        "expression-type/rule-gives-number",
        "expression-type",
        bad=((RULE, "  rule: age_at_report + 1\n"),),
        good=((RULE, "  rule: age_at_report + 1 > 65\n"),),
        marker=r"^  rule: age_at_report",
    ),
    Case(
        "expression-too-long",
        "expression-too-long",
        bad=(include("sex == 'F' or " * 80 + "sex == 'M'"),),
        good=(include("sex == 'F' or " * 8 + "sex == 'M'"),),
        marker=r"^    - \"sex == 'F' or sex",
    ),
    Case(
        "number-too-large",
        "number-too-large",
        bad=(include("age_at_report < 99999999999999999999"),),
        good=(include("age_at_report < 9999"),),
        marker=r"99999999999999999999",
    ),
    Case(
        "date-out-of-range",
        "date-out-of-range",
        bad=(include("enquiry_completed_date <= add_days(report_received_date, 99999999999)"),),
        good=(include("enquiry_completed_date <= add_days(report_received_date, 73050)"),),
        marker=r"add_days\(report_received_date, 99999999999\)",
    ),
    Case(
        "inconsistent-definition",
        "inconsistent-definition",
        bad=(("  status: provisional\n", "  status: approved\n"),),
        good=(("  status: provisional\n", "  status: draft\n"),),
        marker=r"^  status:",
    ),
    Case(
        "test-case",
        "test-case",
        bad=((FIRST_ROW, FIRST_ROW.replace("}", ", nosuch: 1}")),),
        good=((FIRST_ROW, FIRST_ROW.replace("}", ", team: A}")),),
        marker=r"nosuch: 1",
    ),
    Case(
        "duplicate-key",
        "duplicate-key",
        bad=(("polarity: higher\n", "polarity: higher\npolarity: lower\n"),),
        marker=r"^polarity: lower",
    ),
]

DATASET = "adult_protection_enquiries.yaml"
ENQUIRY_ID = "  - name: enquiry_id\n"
ENQUIRY_ID_DESCRIPTION = (
    "    description: Pseudonymised reference of the enquiry, unique within the council.\n"
)

DATASET_CASES: list[Case] = [
    Case(
        "dataset/yaml-syntax",
        "yaml-syntax",
        bad=(("one_row_per: adult protection enquiry\n", "one_row_per: adult protection: x\n"),),
        marker=r"^one_row_per:",
        where=DATASET,
    ),
    Case(
        "dataset/unknown-key",
        "unknown-key",
        bad=((ENQUIRY_ID, ENQUIRY_ID + "    requred: true\n"),),
        good=((ENQUIRY_ID, ENQUIRY_ID + "    note: the council's own reference\n"),),
        marker=r"requred:",
        where=DATASET,
    ),
    Case(
        "dataset/missing-key",
        "missing-key",
        bad=((ENQUIRY_ID_DESCRIPTION, ""),),
        marker=r"- name: enquiry_id",
        where=DATASET,
    ),
    Case(
        "dataset/invalid-choice",
        "invalid-choice",
        bad=(("    type: text\n", "    type: texte\n"),),
        marker=r"type: texte",
        where=DATASET,
    ),
    Case(
        "dataset/invalid-value",
        "invalid-value",
        bad=(("    min: 18\n", "    min: eighteen\n"),),
        good=(("    min: 18\n", "    min: 16\n"),),
        marker=r"min: eighteen",
        where=DATASET,
    ),
    Case(
        "dataset/duplicate-key",
        "duplicate-key",
        bad=(
            (
                "title: Adult protection enquiries\n",
                "title: Adult protection enquiries\ntitle: Adult protection enquiries (2)\n",
            ),
        ),
        marker=r"^title: Adult protection enquiries \(2\)",
        where=DATASET,
    ),
]


# ------------------------------------------------------------------------------ helpers


@pytest.fixture(autouse=True, scope="module")
def _read_shipped_guidance_once() -> object:
    """Reading the shipped reference data and dataset specifications costs ~0.2 s a load.
    Every case that does not copy them reads the same unchanged files, so read them once;
    a copied guidance root (the dataset cases) is still read afresh every time."""
    shipped = resources.guidance_dir().resolve()
    real_reference, real_datasets = loader.load_reference, loader.load_datasets
    references: dict[Path, object] = {}
    datasets: dict[Path, tuple[dict, dict, list[Problem]]] = {}

    def load_reference(folder: Path):  # type: ignore[no-untyped-def]
        if folder.resolve().parent != shipped:
            return real_reference(folder)
        if folder not in references:
            references[folder] = real_reference(folder)
        return references[folder]

    def load_datasets(folder: Path, problems: list[Problem]):  # type: ignore[no-untyped-def]
        if folder.resolve().parent != shipped:
            return real_datasets(folder, problems)
        if folder not in datasets:
            found: list[Problem] = []
            specs, sources = real_datasets(folder, found)
            datasets[folder] = (specs, sources, found)
        specs, sources, found = datasets[folder]
        problems.extend(found)
        return dict(specs), dict(sources)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "load_reference", load_reference)
        patch.setattr(loader, "load_datasets", load_datasets)
        yield


def apply(text: str, edits: tuple[Edit, ...], replace_once: Callable[[str, str, str], str]) -> str:
    for old, new in edits:
        text = replace_once(text, old, new)
    return text


def write_definitions(folder: Path, main: str, extra: dict[str, str], base: str) -> Path:
    """Write the main definition as PM18.yaml and any extra files beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "PM18.yaml").write_text(main, encoding="utf-8")
    for relative, text in extra.items():
        if text == DUPLICATE:
            text = base
        elif text == DUPLICATE_AS_PM19:
            text = base.replace("id: PM18\n", "id: PM19\n")
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def copy_guidance(destination: Path) -> Path:
    """A copy of the shipped datasets and reference data, to break one dataset file."""
    shipped = resources.guidance_dir()
    for part in ("datasets", "reference"):
        shutil.copytree(shipped / part, destination / part, ignore=shutil.ignore_patterns("*.md"))
    return destination


def only(result: DefinitionSet, code: str) -> Problem:
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, f"expected one {code} problem, got {result.sorted_problems()}"
    return found[0]


def shown(problems: list[Problem]) -> str:
    return "\n".join(f"{p.location()}: {p.code}: {p.message}" for p in problems)


# ------------------------------------------------------------------- catalogue coverage


def test_every_catalogue_code_has_an_invalid_definition_fixture() -> None:
    covered = {case.code for case in DEFINITION_CASES}
    missing = set(CATALOGUE) - covered - set(EXEMPT) - set(UNREACHABLE)
    assert not missing, f"catalogue codes with no invalid fixture: {sorted(missing)}"


def test_fixtures_use_only_catalogue_codes() -> None:
    used = {case.code for case in DEFINITION_CASES + DATASET_CASES} | set(EXEMPT)
    assert used <= set(CATALOGUE)


def test_valid_base_fixture_has_no_problems(pm18_text: str, tmp_path: Path) -> None:
    folder = write_definitions(tmp_path / "defs", pm18_text, {}, pm18_text)
    result = load_definitions([folder])
    assert result.problems == [], shown(result.problems)
    assert set(result.indicators) == {"PM18"}


# -------------------------------------------------------------------- definition files


@pytest.mark.parametrize("case", DEFINITION_CASES, ids=str)
def test_invalid_definition_is_refused_with_code_file_and_line(
    case: Case, pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    text = apply(pm18_text, case.bad, replace_once)
    folder = write_definitions(tmp_path / "defs", text, case.bad_extra, pm18_text)
    offending = (folder / case.where).read_text(encoding="utf-8")
    expected_line = line_of(offending, case.marker)

    result = load_definitions([folder])

    problem = only(result, case.code)
    assert Path(problem.file).resolve() == (folder / case.where).resolve()
    assert problem.line == expected_line, shown(result.problems)
    assert problem.message.strip()
    assert not result.valid


@pytest.mark.parametrize("case", DEFINITION_CASES, ids=str)
def test_near_miss_of_the_invalid_edit_is_valid(
    case: Case, pm18_text: str, tmp_path: Path, replace_once
) -> None:
    text = apply(pm18_text, case.good, replace_once)
    folder = write_definitions(tmp_path / "defs", text, case.good_extra, pm18_text)
    result = load_definitions([folder])
    assert result.problems == [], shown(result.problems)
    assert result.valid


# -------------------------------------------------------------------- dataset files


@pytest.mark.parametrize("case", DATASET_CASES, ids=str)
def test_invalid_dataset_specification_is_refused_with_code_file_and_line(
    case: Case, pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    root = copy_guidance(tmp_path / "guidance")
    spec = root / "datasets" / case.where
    text = apply(spec.read_text(encoding="utf-8"), case.bad, replace_once)
    spec.write_text(text, encoding="utf-8")
    folder = write_definitions(tmp_path / "defs", pm18_text, {}, pm18_text)

    result = load_definitions([folder], guidance_root=root)

    in_spec = [p for p in result.problems if Path(p.file).resolve() == spec.resolve()]
    assert [p.code for p in in_spec] == [case.code], shown(result.problems)
    assert in_spec[0].line == line_of(text, case.marker)
    # the indicator reading the broken dataset is told so, not silently passed
    assert "adult_protection_enquiries" not in result.datasets
    assert not result.valid


@pytest.mark.parametrize("case", [c for c in DATASET_CASES if c.good], ids=str)
def test_near_miss_dataset_edit_is_valid(
    case: Case, pm18_text: str, tmp_path: Path, replace_once
) -> None:
    root = copy_guidance(tmp_path / "guidance")
    spec = root / "datasets" / case.where
    text = apply(spec.read_text(encoding="utf-8"), case.good, replace_once)
    spec.write_text(text, encoding="utf-8")
    folder = write_definitions(tmp_path / "defs", pm18_text, {}, pm18_text)
    result = load_definitions([folder], guidance_root=root)
    assert result.problems == [], shown(result.problems)


# ------------------------------------------------------------ the acceptance edits


def broken_copy(
    tmp_path: Path, pm18_text: str, replace_once, old: str, new: str
) -> tuple[Path, str]:
    text = replace_once(pm18_text, old, new)
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "PM18.yaml").write_text(text, encoding="utf-8")
    return folder, text


def test_unknown_key_is_named_with_its_line_and_a_suggestion(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    folder, text = broken_copy(
        tmp_path, pm18_text, replace_once, "decimals: 1\n", "decimals: 1\ndecimal: 2\n"
    )
    problem = only(load_definitions([folder]), "unknown-key")
    assert Path(problem.file).name == "PM18.yaml"
    assert problem.line == line_of(text, r"^decimal:")
    assert "'decimal'" in problem.message and "Did you mean 'decimals'?" in problem.message


def test_misspelt_polarity_is_an_invalid_choice_with_a_suggestion(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    folder, text = broken_copy(
        tmp_path, pm18_text, replace_once, "polarity: higher\n", "polarity: hihger\n"
    )
    result = load_definitions([folder])
    problem = only(result, "invalid-choice")
    assert Path(problem.file).name == "PM18.yaml"
    assert problem.line == line_of(text, r"^polarity:")
    assert "hihger" in problem.message and "'higher'" in problem.message
    assert "PM18" not in result.indicators


def test_filter_on_a_column_the_dataset_lacks_is_unknown_column(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    old, new = include("ethnicity == 'x'")
    folder, text = broken_copy(tmp_path, pm18_text, replace_once, old, new)
    problem = only(load_definitions([folder]), "unknown-column")
    assert Path(problem.file).name == "PM18.yaml"
    assert problem.line == line_of(text, r"ethnicity ==")
    assert "ethnicity" in problem.message and "adult_protection_enquiries" in problem.message


def test_python_in_a_filter_is_refused_and_never_run(
    pm18_text: str, tmp_path: Path, replace_once, line_of, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args) or 0)
    attack = f"__import__('os').system('touch {marker}')"
    old, new = include(attack)
    folder, text = broken_copy(tmp_path, pm18_text, replace_once, old, new)

    result = load_definitions([folder])

    problem = only(result, "expression-forbidden")
    assert problem.line == line_of(text, r"__import__")
    assert Path(problem.file).name == "PM18.yaml"
    assert calls == [] and not marker.exists()


def test_python_in_a_numerator_rule_is_refused(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    folder, text = broken_copy(
        tmp_path, pm18_text, replace_once, RULE, "  rule: \"__import__('os').system('x')\"\n"
    )
    problem = only(load_definitions([folder]), "expression-forbidden")
    assert problem.line == line_of(text, r"^  rule: \"__import__")


def test_duplicate_id_is_reported_on_the_second_file_naming_the_first(
    pm18_text: str, tmp_path: Path, line_of
) -> None:
    extra = {"other/PM18.yaml": DUPLICATE}
    folder = write_definitions(tmp_path / "defs", pm18_text, extra, pm18_text)
    result = load_definitions([folder])
    problem = only(result, "duplicate-id")
    assert Path(problem.file).resolve() == (folder / "other" / "PM18.yaml").resolve()
    assert problem.line == line_of(pm18_text, r"^id:")
    assert str(Path("defs") / "PM18.yaml") in problem.message
    assert list(result.indicators) == ["PM18"]


def test_quality_standard_that_does_not_exist_is_refused(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    folder, text = broken_copy(
        tmp_path,
        pm18_text,
        replace_once,
        "  quality_standards: [QS3]\n",
        "  quality_standards: [QS9]\n",
    )
    problem = only(load_definitions([folder]), "unknown-quality-standard")
    assert Path(problem.file).name == "PM18.yaml"
    assert problem.line == line_of(text, r"^  quality_standards:")
    assert "QS9" in problem.message and "QS3" in problem.message


def test_malformed_file_does_not_stop_the_other_files_being_checked(
    pm18_text: str, tmp_path: Path, replace_once, line_of
) -> None:
    folder, text = broken_copy(
        tmp_path, pm18_text, replace_once, "decimals: 1\n", "decimals: 1\ncolour: red\n"
    )
    malformed = "id: PM99\ntitle: [unclosed\nkind: quantitative\n"
    (folder / "AAA_malformed.yaml").write_text(malformed, encoding="utf-8")

    result = load_definitions([folder])

    assert result.files_checked == 2
    by_file = {(Path(p.file).name, p.code): p.line for p in result.problems}
    assert ("PM18.yaml", "unknown-key") in by_file
    assert by_file[("PM18.yaml", "unknown-key")] == line_of(text, r"^colour:")
    syntax = [p for p in result.problems if p.code == "yaml-syntax"]
    assert [Path(p.file).name for p in syntax] == ["AAA_malformed.yaml"]
    assert 2 <= syntax[0].line <= 4


def test_empty_file_and_top_level_list_are_not_mappings(tmp_path: Path) -> None:
    folder = tmp_path / "defs"
    folder.mkdir()
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    (folder / "list.yaml").write_text("- id: PM18\n- id: PM19\n", encoding="utf-8")
    result = load_definitions([folder])
    assert sorted((Path(p.file).name, p.code, p.line) for p in result.problems) == [
        ("empty.yaml", "yaml-not-mapping", 1),
        ("list.yaml", "yaml-not-mapping", 1),
    ]


def test_every_problem_has_a_catalogue_code_and_a_location(
    pm18_text: str, tmp_path: Path, replace_once
) -> None:
    text = apply(
        pm18_text,
        (
            ("polarity: higher\n", "polarity: hihger\n"),
            ("decimals: 1\n", "decimals: 1\ncolour: red\n"),
        ),
        replace_once,
    )
    folder = write_definitions(tmp_path / "defs", text, {}, pm18_text)
    problems = load_definitions([folder]).sorted_problems()
    assert len(problems) == 2
    for problem in problems:
        assert problem.code in CATALOGUE
        assert problem.line > 0
        assert problem.as_dict()["file"].endswith("PM18.yaml")
