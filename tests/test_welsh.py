"""Welsh titles (issue 19 §2 and §4): official Welsh texts with their source, the council's
own translations from its workspace's welsh.yaml, and the marks for terms with neither.

The official titles below were copied by hand from the StatsCymru tables and the Welsh text
of the 2014 Act (the pages named in each definition), not from pm's files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from inprocess import pm as run_pm

import pm
from pm.definitions.reference import QualityStandard
from pm.definitions.welsh import NO_WELSH
from pm.errors import UsageError

STATSCYMRU = "https://statscymru.llyw.cymru/Catalogue/Health-and-Social-Care/Social-Services/"
REPO = Path(__file__).resolve().parents[1]
ACT = "https://www.legislation.gov.uk/anaw/2014/4/section/2/welsh"
WELSH_MD = (REPO / "technical_guidance/welsh.md").read_text(encoding="utf-8")

# Hand-copied from the StatsCymru row labels (less "PM18. " etc.).
OFFICIAL = {
    "PM18": "Canran yr ymholiadau amddiffyn oedolion a gwblhawyd o fewn 7 diwrnod",
    "PM22": "Oedran cyfartalog oedolion sy’n cael eu derbyn i gartrefi gofal preswyl",
    "PM25": "Canran y plant a gafodd gymorth i barhau i fyw gyda’u teulu",
}
NATIONAL_2016 = [
    *(f"PM{n}" for n in (18, 19, 21, 22, 23, 24, 25, 26, 27, 28, 30, 31, 32, 33, 35)),
    "PM20a", "PM20b", "PM29a", "PM29b", "PM34a", "PM34b",
]  # fmt: skip


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return pm.load_definitions()


@pytest.fixture(scope="module")
def notes(tmp_path_factory):  # type: ignore[no-untyped-def]
    """`pm validate --language cy` outside any workspace."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PM_WORKSPACE", raising=False)
        patch.chdir(tmp_path_factory.mktemp("outside"))
        return pm.validate(language="cy")


def _line_of(path: Path, key: str) -> int:
    """The line of a top-level key, read from the file itself."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith(f"{key}:"):
            return number
    raise AssertionError(f"{key} not in {path}")


# ----------------------------------------------------------------- official titles


def test_official_titles_are_word_for_word_with_their_source(shipped) -> None:
    for code, welsh in OFFICIAL.items():
        indicator = shipped.indicators[code]
        assert indicator.title_cy == welsh
        source = indicator.governance.welsh_source
        assert source is not None and source.address.startswith(STATSCYMRU)
        assert "StatsCymru" in source.publication


def test_aspects_take_the_welsh_text_of_the_act(shipped) -> None:
    aspects = {a.id: a for a in shipped.reference.aspects}
    assert aspects["protection"].title_cy == "Amddiffyn rhag camdriniaeth ac esgeulustod"
    assert aspects["accommodation"].title_cy == "Addasrwydd llety preswyl"
    assert all(a.title_cy and a.welsh_source.address == ACT for a in aspects.values())


def test_every_2016_measure_is_official_or_listed_for_the_translator(shipped, notes) -> None:
    """The measures with an official Welsh title (and a source) and the measures whose title
    validate lists are two sets that together hold every national 2016 measure, once."""
    measures = {i.id for i in shipped.indicators.values() if i.framework == "wales-2016"}
    assert set(NATIONAL_2016) <= measures
    official = {
        i for i in measures
        if shipped.indicators[i].title_cy and shipped.indicators[i].governance.welsh_source
    }  # fmt: skip
    listed = {
        p.message.split(" ")[0]
        for p in notes
        if p.code == "no-official-welsh" and p.message.split(" ")[1] == "title"
        and p.message.split(" ")[0] in measures
    }  # fmt: skip
    assert official.isdisjoint(listed)
    assert official | listed == measures
    assert set(OFFICIAL) <= official and "PM26" in listed


def test_every_quality_standard_is_official_or_listed(shipped, notes) -> None:
    standards = {q.id for q in shipped.reference.quality_standards}
    official = {q.id for q in shipped.reference.quality_standards if q.title_cy}
    listed = {
        p.message.split(" ")[0]
        for p in notes
        if p.code == "no-official-welsh" and p.file.endswith("quality_standards.yaml")
        and p.message.split(" ")[1] == "title"
    }  # fmt: skip
    assert official.isdisjoint(listed) and official | listed == standards


def test_notes_name_the_file_and_line_and_never_fail(notes) -> None:
    assert notes.valid
    path = REPO / "indicators/national/quantitative/PM26.yaml"
    found = [p for p in notes if p.message.startswith("PM26 title has no official Welsh")]
    assert len(found) == 1
    assert found[0].file.endswith("PM26.yaml") and found[0].line == _line_of(path, "title")
    assert found[0].severity == "warning"
    assert notes.welsh["official"] > 0 and notes.welsh["none"] == sum(
        p.code == "no-official-welsh" for p in notes
    )


def test_validate_without_language_lists_no_welsh() -> None:
    assert not [p for p in pm.validate() if p.code == "no-official-welsh"]


def test_a_language_other_than_en_or_cy_is_refused() -> None:
    with pytest.raises(UsageError, match="en .* or cy"):
        pm.list_indicators(language="fr")


# ---------------------------------------------------------------------- the commands


def test_show_in_welsh_gives_the_welsh_title_and_marks_the_rest() -> None:
    code, output = run_pm("show", "PM18", "--language", "cy")
    assert code == 0, output
    assert f"**Title**: {OFFICIAL['PM18']}" in output
    assert f"**Short title**: {NO_WELSH}" in output
    assert "Amddiffyn rhag camdriniaeth ac esgeulustod" in output  # its aspect, protection
    assert f"**Quality standard QS3**: {NO_WELSH}" in output
    assert "## How it is calculated" in output  # the English guidance follows


def test_show_in_welsh_as_json_carries_each_term_and_its_origin() -> None:
    code, output = run_pm("show", "PM25", "--language", "cy", "--format", "json")
    assert code == 0, output
    shown = json.loads(output)
    terms = {(t["group"], t["key"], t["field"]): t for t in shown["welsh"]}
    title = terms[("indicators", "PM25", "title_cy")]
    assert title["welsh"] == OFFICIAL["PM25"] and title["origin"] == "official"
    assert terms[("indicators", "PM25", "short_title_cy")]["origin"] == "none"
    assert ("quality_standards", "QS5", "title_cy") in terms
    assert ("quality_standards", "QS1", "title_cy") not in terms  # only what PM25 links to


def test_show_in_english_has_no_welsh_section_but_names_the_welsh_title() -> None:
    code, output = run_pm("show", "PM18")
    assert code == 0 and "Cymraeg (Welsh)" not in output
    assert f"| Welsh title | {OFFICIAL['PM18']} |" in output


def test_list_in_welsh_gives_welsh_titles_and_marks() -> None:
    code, output = run_pm(
        "list", "--language", "cy", "--format", "csv", "--framework", "wales-2016"
    )
    assert code == 0, output
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(output))}
    assert rows["PM22"]["title"] == OFFICIAL["PM22"]
    assert rows["PM22"]["welsh_origin"] == "official"
    assert rows["PM22"]["welsh_source"].endswith("-by-measures)")
    assert rows["PM26"]["title"] == NO_WELSH and rows["PM26"]["welsh_origin"] == "none"
    assert rows["PM26"]["title_en"] == "Looked after children returned home during the year"


def test_list_in_english_is_unchanged() -> None:
    table = pm.list_indicators()
    assert "welsh_origin" not in table.columns
    assert table.set_index("id").loc["PM22", "title"].startswith("Average age")


# ------------------------------------------------------------- the council's own terms


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "pm.yaml").write_text("council: W06000015\n", encoding="utf-8")
    return tmp_path


def _welsh(workspace: Path, text: str) -> None:
    (workspace / "welsh.yaml").write_text(text, encoding="utf-8")


def test_the_councils_translation_fills_a_term_with_no_official_text(workspace) -> None:
    _welsh(
        workspace,
        "translator: Test translator\nindicators:\n  pm26:\n    title_cy: TEST-COUNCIL-PM26\n"
        "quality_standards:\n  QS3:\n    title_cy: TEST-COUNCIL-QS3\n",
    )
    table = pm.list_indicators(workspace=workspace, language="cy").set_index("id")
    assert table.loc["PM26", "title"] == "TEST-COUNCIL-PM26 [council's own translation]"
    assert table.loc["PM26", "welsh_origin"] == "council"
    assert table.loc["PM26", "welsh_source"].endswith("welsh.yaml:4")
    shown = pm.show("PM27", workspace=workspace, language="cy")
    assert "**Quality standard QS3**: TEST-COUNCIL-QS3 [council's own translation]" in shown.page
    problems = pm.validate(workspace=workspace, language="cy")
    assert problems.valid and problems.welsh["council"] == 2
    assert not [p for p in problems if p.message.startswith("PM26 title has no")]


def test_an_official_text_wins_over_the_councils(workspace) -> None:
    _welsh(workspace, "indicators:\n  PM18:\n    title_cy: TEST-COUNCIL-PM18\n")
    table = pm.list_indicators(workspace=workspace, language="cy").set_index("id")
    assert table.loc["PM18", "title"] == OFFICIAL["PM18"]
    problems = pm.validate(workspace=workspace)
    wins = [p for p in problems if p.code == "official-welsh-wins"]
    assert problems.valid and len(wins) == 1
    assert wins[0].file.endswith("welsh.yaml") and wins[0].line == 3


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("indicators:\n  PM99:\n    title_cy: TEST\n", "unknown-indicator", 2),
        ("aspects:\n  healht:\n    title_cy: TEST\n", "unknown-aspect", 2),
        ("indicators:\n  PM26:\n    title_cy: '  '\n", "invalid-value", 3),
        ("indicators:\n  PM26:\n    titel_cy: TEST\n", "unknown-key", 3),
        ("national_outcomes:\n  rights-1: {}\n", "missing-key", 2),
        ("words:\n  On targt: Wedi cyrraedd y targed\n", "unknown-word", 2),
        ("words:\n  'Since %(year)s': Ers y llynedd\n", "bad-placeholder", 2),
        ("words:\n  On target: '  '\n", "missing-key", 2),
    ],
)
def test_mistakes_in_welsh_yaml_are_named_with_file_and_line(
    workspace, text, code, line, monkeypatch
) -> None:
    monkeypatch.setenv("PM_WORKSPACE", str(workspace))  # what --workspace sets: undone after
    _welsh(workspace, text)
    before = (workspace / "welsh.yaml").read_bytes()
    found = [p for p in pm.validate(workspace=workspace) if p.file.endswith("welsh.yaml")]
    assert [(p.code, p.line) for p in found] == [(code, line)]
    assert (workspace / "welsh.yaml").read_bytes() == before
    exit_code, _ = run_pm("--workspace", workspace, "validate")
    assert exit_code == 1


def test_a_welsh_title_in_a_definition_needs_its_source(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    original = REPO / "indicators/national/quantitative/PM26.yaml"
    copy = tmp_path / "PM26.yaml"
    shutil.copy(original, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("short_title:", "title_cy: TEST\nshort_title:", 1), "utf-8")
    found = [p for p in pm.validate([copy]) if p.code == "missing-key"]
    assert len(found) == 1 and "welsh_source" in found[0].message
    assert found[0].line == _line_of(copy, "title_cy")


def test_a_reference_entry_with_welsh_needs_its_source() -> None:
    entry = {"id": "QS9", "title": "T", "short_title": "S", "aspects": [], "title_cy": "TEST"}
    with pytest.raises(ValueError, match="needs welsh_source"):
        QualityStandard.model_validate(entry)


def test_no_output_may_replace_the_councils_welsh_file(workspace) -> None:
    from pm.guard import refuse_overwriting
    from pm.workspace import load_workspace, standard_inputs

    _welsh(workspace, "indicators: {}\n")
    inputs = list(standard_inputs(load_workspace(workspace)))
    with pytest.raises(UsageError, match="the council's Welsh terms file"):
        refuse_overwriting([workspace / "welsh.yaml"], inputs)


# ------------------------------------------------ the Director's report's prescribed form


def test_the_forms_welsh_needs_its_source(tmp_path: Path) -> None:
    """A question's Welsh without the publication it is taken from is refused, with the
    file and line; with a source it is held beside the English."""
    from pm.errors import InputError
    from pm.reporting.directors_form import FORM_FILE, load_form

    original = (REPO / "technical_guidance/reference" / FORM_FILE).read_text(encoding="utf-8")
    question = "    text: How do we know?\n"
    assert question in original
    unsourced = tmp_path / "unsourced.yaml"
    unsourced.write_text(original.replace(question, question + "    text_cy: TEST\n"), "utf-8")
    with pytest.raises(
        InputError, match=r"unsourced\.yaml, line \d+: .*text_cy needs welsh_source"
    ):
        load_form(unsourced)
    sourced = tmp_path / "sourced.yaml"
    source = "    welsh_source: {publication: TEST, address: https://example.org/test}\n"
    sourced.write_text(
        original.replace(question, question + "    text_cy: TEST\n" + source), "utf-8"
    )
    form = load_form(sourced)
    asked = next(q for q in form.questions if q.id == "how_do_we_know")
    assert (asked.text, asked.text_cy) == ("How do we know?", "TEST")


def test_the_form_and_welsh_md_agree_on_the_schedules_welsh() -> None:
    """welsh.md says whether the Welsh text of SI 2017/274 was found. While it says not, no
    heading of the form may carry Welsh (a Welsh report shows them in English, marked);
    once found, every heading carries it, from the Welsh version of the regulations."""
    from pm.reporting.directors_form import shipped_form

    form = shipped_form()
    entries = [*form.chapters[:4], *form.parts, *form.questions, *form.other_information]
    assert len(entries) == 16  # chapters 1-4, parts 3(a)-(d), sections (i)-(iv), 4(a)-(d)
    welsh = [getattr(e, "title_cy", None) or getattr(e, "text_cy", None) for e in entries]
    if "no heading holds Welsh yet" in WELSH_MD:
        assert welsh == [None] * 16
    else:
        assert all(welsh)
        assert all("/wsi/2017/274/" in e.welsh_source.address for e in entries)


# ------------------------------------------------------- numerators and denominators


def _welsh_md_table() -> dict[str, tuple[str | None, str | None]]:
    """The numerator and denominator table of welsh.md, as it quotes StatsCymru (a cell in
    brackets says why there is none)."""
    section = WELSH_MD.split("## Numerators and denominators", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| PM")]
    table = {}
    for row in rows:
        code, numerator, denominator = (cell.strip() for cell in row.strip("|").split("|"))
        table[code] = tuple(None if t.startswith("(") else t for t in (numerator, denominator))
    return table


def test_welsh_md_quotes_the_four_measures_statscymru_gives_whole() -> None:
    assert set(_welsh_md_table()) == {"PM18", "PM19", "PM24", "PM25"}
    assert _welsh_md_table()["PM25"][1] is None


def test_numerators_and_denominators_are_the_ones_welsh_md_quotes(shipped) -> None:
    table = _welsh_md_table()
    for code, (numerator, denominator) in table.items():
        indicator = shipped.indicators[code]
        assert (indicator.numerator_cy, indicator.denominator_cy) == (numerator, denominator)
        assert indicator.governance.welsh_source.address.startswith(STATSCYMRU)
    held = {c for c, i in shipped.indicators.items() if i.numerator_cy or i.denominator_cy}
    assert held == set(table)  # none held that welsh.md does not quote


def test_pm18s_numerator_is_statscymrus_word_for_word(shipped) -> None:
    """Typed from the StatsCymru adults' table, not read from pm's files."""
    pm18 = shipped.indicators["PM18"]
    assert pm18.numerator_cy == (
        "Nifer yr ymholiadau amddiffyn oedolion a gwblhawyd yn ystod y flwyddyn a "
        "gwblhawyd o fewn saith diwrnod gwaith"
    )
    assert shipped.indicators["PM24"].numerator_cy.endswith("i’r pwynt atgyfeirio")


def test_show_in_welsh_gives_the_official_numerator_and_denominator() -> None:
    code, output = run_pm("show", "PM18", "--language", "cy")
    assert code == 0, output
    numerator, denominator = _welsh_md_table()["PM18"]
    assert f"**Numerator (Rhifiadur)**: {numerator}" in output
    assert f"**Denominator (Enwadur)**: {denominator}" in output
    assert "English: Enquiries completed within 7 working days" in output
    assert output.index("**Short title**") < output.index("**Numerator (Rhifiadur)**")
    assert output.index("**Denominator (Enwadur)**") < output.index("**Quality standard QS3**")


def test_show_in_welsh_as_json_carries_the_numerator_with_its_source() -> None:
    code, output = run_pm("show", "PM25", "--language", "cy", "--format", "json")
    assert code == 0, output
    shown = json.loads(output)
    terms = {(t["field"]): t for t in shown["welsh"] if t["group"] == "indicators"}
    assert terms["numerator_cy"]["welsh"] == _welsh_md_table()["PM25"][0]
    assert terms["numerator_cy"]["origin"] == "official"
    assert terms["numerator_cy"]["source"].endswith("-by-measures)")
    assert "denominator_cy" not in terms  # none published whole
    assert shown["numerator_cy"] == terms["numerator_cy"]["welsh"]


def test_show_without_an_official_numerator_adds_nothing() -> None:
    shown = pm.show("PM26", language="cy")
    assert [t.field for t in shown.welsh if t.group == "indicators"] == [
        "title_cy",
        "short_title_cy",
    ]
    assert "Rhifiadur" not in shown.page and "Enwadur" not in shown.page


def test_the_guidance_page_lists_the_welsh_numerator_and_its_source() -> None:
    page = pm.show("PM24").page
    numerator, denominator = _welsh_md_table()["PM24"]
    assert f"| Welsh numerator | {numerator} |" in page
    assert f"| Welsh denominator | {denominator} |" in page
    assert "- Welsh title, numerator and denominator from: StatsCymru" in page
    assert "- Welsh title and numerator from: StatsCymru" in pm.show("PM25").page


def test_the_translators_list_stays_titles_only(notes) -> None:
    """welsh.md's decision: a missing numerator or denominator is not listed."""
    assert not [n for n in notes if "numerator" in n.message or "denominator" in n.message]


@pytest.mark.parametrize("field", ["numerator_cy", "denominator_cy"])
def test_a_welsh_numerator_without_its_source_is_refused(
    tmp_path: Path, monkeypatch, field: str
) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "PM26.yaml"
    shutil.copy(REPO / "indicators/national/quantitative/PM26.yaml", copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("short_title:", f"{field}: TEST\nshort_title:", 1), "utf-8")
    found = [p for p in pm.validate([copy]) if p.code == "missing-key"]
    assert len(found) == 1 and f"{field} needs governance.welsh_source" in found[0].message
    assert found[0].line == _line_of(copy, field)
    exit_code, _ = run_pm("validate", copy)
    assert exit_code == 1


HEADING_NOTE = re.compile(
    r"Director's report \w+ (\S+) has no official Welsh text: '(.*)'; a Welsh"
)


def test_the_directors_report_headings_without_welsh_are_on_the_translators_list(notes) -> None:
    """Every prescribed heading and question of the Director's report without its Welsh is
    listed once, at its line of the form file, and counted among the terms with none."""
    import yaml

    form_file = REPO / "technical_guidance/reference/directors_report.yaml"
    form = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    wanted = {
        (entry["id"], " ".join(entry[field].split()))
        for group, field in (
            ("chapters", "title"),
            ("parts", "title"),
            ("questions", "text"),
            ("other_information", "title"),
        )
        for entry in form[group]
        if not entry.get(f"{field}_cy")
    }
    listed = [n for n in notes if n.file.endswith("directors_report.yaml")]
    assert len(wanted) >= 16  # four chapters, four parts, four questions, four sections
    said = [HEADING_NOTE.match(n.message) for n in listed]
    assert all(said) and {(m[1], m[2]) for m in said if m} == wanted
    assert len(listed) == len(wanted)
    lines = form_file.read_text(encoding="utf-8").splitlines()
    for note, match in zip(listed, said, strict=True):
        assert note.code == "no-official-welsh" and note.severity.value == "warning"
        assert match and match[2].split()[0] in lines[note.line - 1]  # at its own line
    assert notes.welsh["none"] >= len(wanted)
