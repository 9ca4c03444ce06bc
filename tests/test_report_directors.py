"""The Director's annual report in the prescribed form (`directors_report`): every chapter,
part and question of the regulations in HTML, Markdown and Excel; measures placed under the
parts (default mapping, rule, pm.yaml, the rest under Other measures); its commentary files,
escaped and flagged in drafts; last year's areas for improvement from the service plan."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from report_helpers import CARDIFF, SCRIPT, small_rows, write_csv

from pm.definitions.loader import load_definitions
from pm.errors import InputError
from pm.reporting.build import ReportRequest, write_report
from pm.workspace import load_workspace

FORM = Path(__file__).resolve().parents[1] / "technical_guidance/reference/directors_report.yaml"

# Typed from the Schedule to SI 2017/274 as amended, as legislation.gov.uk prints it
# (https://www.legislation.gov.uk/wsi/2017/274/schedule), not read from pm's reference file,
# so a slip in either shows.
CHAPTERS = ["Director’s summary", "Context", "Performance assessment", "Other information"]
PARTS = ["People", "Prevention", "Partnership and integration", "Well-being"]
QUESTIONS = [
    "What do we know about the quality and impact of what we are doing?",
    "How do we know?",
    "What are we doing well and how can we do better?",
    "What progress did we make on the areas for improvement identified in last year’s report? "
    "What difference did we make?",
]
OTHER_INFORMATION = [
    "Inspections and reviews",
    "Complaints and representations",
    "Referencing other sources of information",
    "Any other information",
]
FORMATS = [".html", ".md", ".xlsx"]


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_csv(small_rows(), tmp_path_factory.mktemp("directors") / "results.csv")


def _report(definitions, results: Path, suffix: str, folder: Path, **options) -> Path:  # type: ignore[no-untyped-def]
    output = folder / f"directors{suffix}"
    options.setdefault("year", "2023-24")
    write_report(
        ReportRequest(
            results=results,
            template="directors_report",
            output=output,
            area=CARDIFF,
            **options,
        ),
        definitions,
    )
    return output


def _text(path: Path) -> str:
    """The report's words: HTML without tags and entities, Markdown without escapes, or
    every string of an Excel workbook."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        archive = zipfile.ZipFile(io.BytesIO(data))
        text = "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist())
        return text.replace("&apos;", "'").replace("&amp;", "&")
    text = data.decode("utf-8")
    if path.suffix == ".html":
        import html

        text = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)
        text = re.sub(r"<nav.*?</nav>", "", text, flags=re.S)  # the contents: tested apart
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\\(.)", r"\1", text)


def _form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def test_the_reference_file_holds_the_prescribed_form() -> None:
    form = _form()
    main = [c for c in form["chapters"] if not c.get("from_year")]
    assert [c["title"] for c in main] == CHAPTERS
    assert [c["number"] for c in main] == ["1", "2", "3", "4"]
    assert [p["title"] for p in form["parts"]] == PARTS
    assert [p["letter"] for p in form["parts"]] == ["a", "b", "c", "d"]
    assert [q["text"] for q in form["questions"]] == QUESTIONS
    assert [s["title"] for s in form["other_information"]] == OTHER_INFORMATION
    assert "SI 2017/274" in form["source"] and "144A" in form["source"]


def test_the_parts_pm_yaml_may_name_are_the_reference_files() -> None:
    from typing import get_args

    from pm.workspace import DirectorsReportPart

    assert list(get_args(DirectorsReportPart)) == [p["id"] for p in _form()["parts"]] + ["other"]


def test_the_default_mapping_names_held_measures_or_the_2020_metrics(definitions) -> None:  # type: ignore[no-untyped-def]
    from pm.definitions.lookup import find_indicator_id

    named = [m for members in _form()["measures"].values() for m in members]
    assert len(named) == len(set(named))
    pending = {"AD002", "AD011a", "AS004", "CH012", "CH039", "CH040", "CH043", "CH044"}
    pending |= {"CH046", "CH047", "CH048"}
    assert pending <= set(named)  # the 2020 metrics the brief names are all placed
    unknown = {m for m in named if find_indicator_id(definitions.indicators, m) is None}
    assert unknown <= pending, unknown
    national = [i for i, d in definitions.indicators.items() if d.framework == "wales-2016"]
    assert set(national) <= set(named)  # every 2016 measure has a place by name


@pytest.mark.parametrize("suffix", FORMATS)
def test_every_chapter_part_and_question_is_in_the_report(
    definitions, results: Path, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    text = _text(_report(definitions, results, suffix, tmp_path))
    form = _form()
    expected = [*CHAPTERS, *PARTS, *QUESTIONS, *OTHER_INFORMATION]
    expected += [c["title"] for c in form["chapters"] if not c.get("from_year")]
    expected += [p["title"] for p in form["parts"]] + [q["text"] for q in form["questions"]]
    expected += [s["title"] for s in form["other_information"]]
    for words in expected:
        assert words in text, f"{words!r} is missing from the {suffix} report"
    for n, part in enumerate(PARTS):
        assert f"3{'abcd'[n]}. {part}" in text
    for n, section in enumerate(OTHER_INFORMATION):
        assert f"4{'abcd'[n]}. {section}" in text
    if suffix != ".xlsx":  # in order: the chapters, then each part's four questions
        places = [text.index(f"{n + 1}. {c}") for n, c in enumerate(CHAPTERS)]
        assert places == sorted(places)
        people = text.index("3a. People")
        asked = [text.index(q, people) for q in QUESTIONS]
        assert asked == sorted(asked) and asked[-1] < text.index("3b. Prevention")
    assert "Accommodation for children looked after" not in text  # only from 2026-27


def test_the_excel_report_sheet_has_a_row_per_part_and_question(
    definitions, results: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    book = load_workbook(_report(definitions, results, ".xlsx", tmp_path))
    assert book.sheetnames[:2] == ["About", "Report"]
    assert book.sheetnames[2:6] == [
        "3a People",
        "3b Prevention",
        "3c Partnership and integration",
        "3d Well-being",
    ]
    rows = list(book["Report"].iter_rows(min_row=2, values_only=True))
    pairs = {(r[1], r[2]) for r in rows}
    for n, part in enumerate(PARTS):
        for question in QUESTIONS:
            assert (f"3{'abcd'[n]}. {part}", question) in pairs
    assert len(rows) == 2 + 1 + 16 + 1 + 4  # chapters 1, 2; 3 and its 16; 4 and its 4


def test_the_sufficiency_chapter_comes_in_2026_27(definitions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [dict(r, period="2026-27") for r in small_rows() if r["period"] == "2023-24"]
    results = write_csv(rows, tmp_path / "results.csv")
    text = _text(_report(definitions, results, ".md", tmp_path, year="2026-27"))
    assert "5. Accommodation for children looked after" in text
    assert "section 75D" in text


def test_measures_are_placed_by_name_by_rule_or_under_other(definitions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in small_rows() if r["area"] == CARDIFF and r["period"] == "2023-24"]
    extra = [dict(rows[0], indicator=i, numerator=5, denominator=10) for i in ("LOC01", "LOC03")]
    results = write_csv(rows + extra, tmp_path / "results.csv")
    html = _report(definitions, results, ".html", tmp_path).read_text(encoding="utf-8")
    sections = _part_sections(html)
    assert "row-PM18" in sections["wellbeing"]  # named in the default mapping
    assert "row-PM27" in sections["wellbeing"] and "row-PM21" in sections["wellbeing"]
    assert "row-LOC01" in sections["wellbeing"]  # by rule: its aspect is protection
    assert (
        "Placed here by rule, not by name: LOC01 (linked to an aspect of well-being)"
        in (sections["wellbeing"])
    )
    assert "row-LOC03" in sections["other-measures"]  # no name, no aspect: never dropped
    assert "row-LOC03" not in "".join(v for k, v in sections.items() if k != "other-measures")


def _part_sections(html: str) -> dict[str, str]:
    found = {}
    for match in re.finditer(r'<section class="part" id="(?:part-)?([a-z-]+)"', html):
        end = html.find('<section class="part"', match.end())
        found[match.group(1)] = html[match.start() : end if end > 0 else len(html)]
    return found


def _workspace(tmp_path: Path, settings: str, plan: str | None = None):  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    (root / "plans").mkdir(parents=True)
    (root / "pm.yaml").write_text(f"council: W06000015\n{settings}", encoding="utf-8")
    if plan:
        (root / "plans" / "plan.yaml").write_text(plan, encoding="utf-8")
    return load_workspace(root)


def test_pm_yaml_places_measures_and_can_turn_the_rules_off(
    definitions, results: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = (
        "directors_report:\n  place_by_rule: false\n"
        "  parts:\n    people: [pm18]\n    other: [PM27]\n"  # an id in any case
    )
    workspace = _workspace(tmp_path, settings)
    html = _report(definitions, results, ".html", tmp_path, workspace=workspace)
    sections = _part_sections(html.read_text(encoding="utf-8"))
    assert "row-PM18" in sections["people"] and "row-PM18" not in sections["wellbeing"]
    assert "row-PM27" in sections["other-measures"]
    assert "row-PM21" in sections["wellbeing"]  # still by pm's default mapping
    workbook = _text(_report(definitions, results, ".xlsx", tmp_path, workspace=workspace))
    assert "pm.yaml" in workbook and "pm's default mapping" in workbook  # "Placed by"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("  parts:\n    people: [PM99]\n", r"pm.yaml, line 4: .*no measure 'PM99'.*'PM19'"),
        (
            "  parts:\n    people: [PM18]\n    wellbeing: [PM18]\n",
            r"pm.yaml, line 5: .*PM18 is placed under both people and wellbeing",
        ),
    ],
)
def test_a_mistake_in_pm_yaml_is_one_line_and_nothing_is_written(
    definitions, results: Path, tmp_path: Path, settings: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(tmp_path, "directors_report:\n" + settings)
    with pytest.raises(InputError, match=message):
        _report(definitions, results, ".html", tmp_path, workspace=workspace)
    assert not (tmp_path / "directors.html").exists()


def test_an_unknown_part_in_pm_yaml_is_a_workspace_problem(tmp_path: Path) -> None:
    workspace = _workspace(tmp_path, "directors_report:\n  parts:\n    peple: [PM18]\n")
    assert workspace.problems and workspace.problems[0].line == 4
    assert "peple" in workspace.problems[0].message or "people" in workspace.problems[0].message


def _commentary(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "commentary" / "2023-24" / "directors_report" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "commentary"


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_commentary_files_are_shown_escaped(
    definitions, results: Path, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    folder = _commentary(
        tmp_path,
        {
            "summary.md": f"A **good** year. {SCRIPT} {{{{ report.area }}}}\n",
            "people/how_do_we_know.md": "From the *citizen survey*.\n",
            "complaints.md": "[the log](javascript:alert(1)) had 212 complaints.\n",
        },
    )
    raw = _report(definitions, results, suffix, tmp_path, commentary=folder).read_text("utf-8")
    assert not re.search(r"(?<!\\)<script", raw, re.I) and "javascript:" not in raw
    assert "{{ report.area }}" in raw  # template syntax in commentary shows as written
    if suffix == ".html":
        assert "A <strong>good</strong> year." in raw
        assert "&lt;script&gt;alert(&#39;pm&#39;)" in raw or "&lt;script&gt;alert('pm')" in raw
        assert "From the <em>citizen survey</em>." in raw
    else:
        assert "A **good** year." in raw and "&lt;script&gt;" in raw
    text = _text(Path(tmp_path / f"directors{suffix}"))
    summary, context = text.index("1. Director’s summary"), text.index("2. Context")
    assert summary < text.index("good", summary) < context  # under its own chapter
    how = text.index("How do we know?", text.index("3a. People"))
    assert text.index("citizen survey") > how
    assert "the log had 212 complaints" in text.replace("\\", "")


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_draft_names_each_file_still_to_write(
    definitions, results: Path, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    folder = _commentary(tmp_path, {"summary.md": "Written.\n"})
    final = _text(_report(definitions, results, suffix, tmp_path, commentary=folder))
    assert "Not written yet" not in final and "Still to write" not in final
    draft = _text(_report(definitions, results, suffix, tmp_path, commentary=folder, draft=True))
    assert "Not written yet" in draft and "Still to write" in draft
    assert "commentary/2023-24/directors_report/context.md" in draft
    assert "commentary/2023-24/directors_report/people/how_do_we_know.md" in draft
    assert "commentary/2023-24/directors_report/wellbeing/last_years_areas.md" in draft
    assert "commentary/2023-24/directors_report/inspections.md" in draft
    assert "commentary/2023-24/directors_report/summary.md" not in draft  # it is written
    assert draft.count("Not written yet") == 1 + 16 + 4  # context, 4 × 4 questions, 4a–4d


def test_the_outcome_lists_the_sections_still_to_write(
    definitions, results: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "d.md"
    outcome = write_report(
        ReportRequest(
            results=results,
            template="directors_report",
            output=output,
            area=CARDIFF,
            commentary=_commentary(tmp_path, {"context.md": "x\n"}),
        ),
        definitions,
    )
    assert len(outcome.missing_sections) == 1 + 16 + 4
    assert "commentary/2023-24/directors_report/context.md" not in outcome.missing_sections
    assert outcome.missing_sections[0] == "commentary/2023-24/directors_report/summary.md"


PLAN = """\
title: Plan for 2023-24
owner: Director
year: 2023-24
objectives:
  - id: SAF1
    title: Enquiries completed on time
    kind: process
    rationale: We were off target.
    indicators: [PM18]
    monitoring: Monthly.
    actions:
      - {action: Duty rota, owner: Team manager, due: 2023-06-30, status: done}
      - {action: Weekly list of late enquiries, owner: Analyst, due: 2024-03-01, status: in_progress}
      - {action: New recording screens, owner: System team, due: 2024-06-30}
  - id: WF1
    title: Fewer vacancies
    kind: input
    rationale: Vacancies lengthen waits.
    indicators: [LOC03]
    monitoring: Monthly.
    actions:
      - {action: Recruitment campaign, owner: Workforce lead, due: 2023-10-31, status: dropped}
"""


@pytest.mark.parametrize("suffix", [".html", ".md", ".xlsx"])
def test_last_years_areas_for_improvement_come_from_the_plan(
    definitions, results: Path, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(tmp_path, "", PLAN)
    text = _text(_report(definitions, results, suffix, tmp_path, workspace=workspace))
    assert "Enquiries completed on time" in text and "Duty rota" in text
    if suffix == ".xlsx":
        assert "Overdue" in text and "Dropped" in text and "3d. Well-being" in text
        return
    wellbeing = text.index("3d. Well-being")
    question = text.index(QUESTIONS[3], wellbeing)
    assert question < text.index("Enquiries completed on time") < text.index("4. Other")
    # As at 31 March 2024: the list due on 1 March is late; the screens are not due yet.
    assert "1 of 3 actions done; 1 overdue at 2024-03-31" in text
    assert re.search(r"Weekly list of late enquiries.{0,80}In progress\W+(✖ )?Overdue", text)
    assert not re.search(r"New recording screens.{0,80}Not started\W+(✖ )?Overdue", text)
    other = text.index("Other areas for improvement")  # LOC03 sits under no part
    assert other < text.index("Fewer vacancies")
    assert "0 of 1 action done" in text


def test_without_a_plan_of_this_or_last_year_only_the_commentary_answers(
    definitions, results: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(tmp_path, "", PLAN.replace("year: 2023-24", "year: 2021-22"))
    text = _text(_report(definitions, results, ".md", tmp_path, workspace=workspace))
    assert "Enquiries completed on time" not in text and "Areas for improvement from" not in text
    last_year = PLAN.replace("year: 2023-24", "year: 2022-23")
    workspace = _workspace(tmp_path / "b", "", last_year)
    text = _text(_report(definitions, results, ".md", tmp_path, workspace=workspace))
    assert "Enquiries completed on time" in text  # the previous year's plan, when no newer


def test_a_broken_plan_stops_the_report_with_its_file_and_line(
    definitions, results: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(tmp_path, "", PLAN.replace("[PM18]", "[PM81]"))
    with pytest.raises(InputError, match=r"plan.yaml, line 9: .*'PM81'.*pm validate"):
        _report(definitions, results, ".html", tmp_path, workspace=workspace)


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_report_is_the_same_bytes_each_time(
    definitions, results: Path, tmp_path: Path, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(tmp_path, "", PLAN)
    first = _report(definitions, results, suffix, tmp_path, workspace=workspace).read_bytes()
    second = _report(definitions, results, suffix, tmp_path, workspace=workspace).read_bytes()
    assert first == second


def test_the_sample_workspace_writes_its_2024_25_report(definitions, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The sample commentary and the sample plan (2024-25) reach the report, each where the
    form puts it, and the sample text says it is sample text."""
    rows = [dict(r, period="2024-25") for r in small_rows() if r["period"] == "2023-24"]
    results = write_csv(rows, tmp_path / "results.csv")
    workspace = load_workspace(Path(__file__).resolve().parents[1] / "sample_workspace")
    text = _text(
        _report(definitions, results, ".md", tmp_path, year="2024-25", workspace=workspace,
                commentary=workspace.path("commentary"))
    )  # fmt: skip
    summary = text.index("1. Director’s summary")
    assert (
        summary
        < text.index("Sample text: an imaginary council's summary")
        < text.index("2. Context")
    )
    wellbeing = text.index("3d. Well-being")
    assert (
        wellbeing
        < text.index("Every adult protection enquiry completed")
        < text.index("4. Other information")
    )  # SAF1 follows PM18, placed under Well-being
    assert text.index("4a. Inspections and reviews") < text.index("performance evaluation")
    assert "212 complaints at stage 1" in text
