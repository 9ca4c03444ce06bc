"""The report context in Welsh (issue 19): every word the Python side hands to templates is
in the page's language: fixed words from the catalogue, titles official Welsh or the
council's own (marked), else English marked as English; Welsh commentary from `.cy.md`.

The expected Welsh is written out here by hand (from locales/cy and the definitions' YAML
read directly), not taken from the code under test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape
from report_helpers import CARDIFF, NEWPORT, REPO_ROOT, SWANSEA, workspace_sample_results

from pm.definitions.frameworks import FrameworkStatus
from pm.definitions.loader import load_definitions
from pm.i18n import Foreign, gettext, language, ngettext
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.context import ReportScope, build_context
from pm.reporting.framework_marks import trend_breaks
from pm.reporting.results import published_results, read_results
from pm.reporting.terms import CouncilOwn
from pm.workspace import load_workspace

YEAR = "2024-25"
CITIES = (CARDIFF, SWANSEA, NEWPORT)

# From locales/cy/LC_MESSAGES/pm.po and /work/briefs glossary, written out by hand.
BAND_WORDS = {
    "on_target": "Ar y targed",
    "close_to_target": "Yn agos at y targed",
    "off_target": "Oddi ar y targed",
    "no_target": "Dim targed",
    "": "Ddim ar gael",
}
DIRECTION_WORDS = {
    "improved": "Wedi gwella",
    "declined": "Wedi dirywio",
    "no_change": "Dim newid",
    "": "Ddim ar gael",
}
RBA_WELSH = {
    "how_much": "Faint wnaethon ni?",
    "how_well": "Pa mor dda wnaethon ni hynny?",
    "better_off": "A oes unrhyw un yn well ei fyd?",
}
IN_ENGLISH = "(yn Saesneg)"
COUNCIL_MARK = "(cyfieithiad y cyngor ei hun)"

WELSH_PM18 = "Mae 92% o'r ymholiadau wedi'u cwblhau o fewn saith diwrnod gwaith."


def _yaml_titles() -> dict[str, dict[str, str]]:
    """Each shipped indicator's English and Welsh titles, read straight from its YAML."""
    found = {}
    for path in (REPO_ROOT / "indicators").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "id" in data and "title" in data:
            found[data["id"]] = data
    return found


@pytest.fixture(scope="module")
def definitions():  # type: ignore[no-untyped-def]
    return load_definitions(check=False)


@pytest.fixture(scope="module")
def table(definitions):  # type: ignore[no-untyped-def]
    results = workspace_sample_results()
    return published_results(read_results(results, definitions), definitions)


@pytest.fixture(scope="module")
def commentary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PM18 in Welsh and English, PM24 in English only, nothing else."""
    folder = tmp_path_factory.mktemp("commentary")
    (folder / YEAR).mkdir()
    (folder / YEAR / "PM18.md").write_text("Most enquiries were on time.\n", encoding="utf-8")
    (folder / YEAR / "PM18.cy.md").write_text(WELSH_PM18 + "\n", encoding="utf-8")
    (folder / YEAR / "PM24.md").write_text("Assessments were quicker.\n", encoding="utf-8")
    return folder


def _context(table, definitions, code: str, commentary: Path | None = None, **scope):  # type: ignore[no-untyped-def]
    chosen = ReportScope(
        area=CARDIFF,
        year=YEAR,
        commentary=commentary,
        commentary_shown="commentary",
        comparator_groups={"cities": CITIES},
        **scope,
    )
    with language(code):
        return build_context(table, definitions, chosen, "annual_report")


@pytest.fixture(scope="module")
def welsh(table, definitions, commentary):  # type: ignore[no-untyped-def]
    return _context(table, definitions, "cy", commentary)


@pytest.fixture(scope="module")
def english(table, definitions, commentary):  # type: ignore[no-untyped-def]
    return _context(table, definitions, "en", commentary)


def _by_id(context) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {m["id"]: m for m in context["measures"]}


def test_band_and_direction_words_are_the_catalogues_welsh(welsh) -> None:  # type: ignore[no-untyped-def]
    seen_bands, seen_directions = set(), set()
    for measure in welsh["measures"]:
        band, direction = measure["band"], measure["direction"]
        if band["code"] in BAND_WORDS:
            assert band["word"] == BAND_WORDS[band["code"]], measure["id"]
            assert band["label"] == f"{band['symbol']} {BAND_WORDS[band['code']]}"
            seen_bands.add(band["code"])
        if direction["code"] in DIRECTION_WORDS:
            assert direction["word"] == DIRECTION_WORDS[direction["code"]], measure["id"]
            seen_directions.add(direction["code"])
    # The sample holds each of these, so the checks above really ran on them.
    assert {"on_target", "off_target", "close_to_target"} <= seen_bands
    assert {"improved", "declined"} <= seen_directions
    assert [s["word"] for s in welsh["legend"]] == [
        "Ar y targed",
        "Yn agos at y targed",
        "Oddi ar y targed",
        "Dim targed",
    ]


def test_rba_questions_and_other_words_are_welsh(welsh) -> None:  # type: ignore[no-untyped-def]
    groups = [g for g in welsh["rba_groups"] if g["code"] in RBA_WELSH]
    assert [g["question"] for g in groups] == list(RBA_WELSH.values())
    for measure in welsh["measures"]:
        if measure["rba"] in RBA_WELSH:
            assert measure["rba_question"] == RBA_WELSH[measure["rba"]]
    pm18 = _by_id(welsh)["PM18"]
    assert pm18["polarity_words"] == "Gorau po uchaf"
    assert pm18["counts"]["heading"] == "rhifiadur / enwadur"
    assert pm18["framework_label"] == "cyn-fesur cenedlaethol, a adroddir yn lleol"
    # The council's place in its group with no ordinal: "2 o 3".
    ranked = [m for m in welsh["measures"] if m["group_rank"]["rank"] is not None]
    assert ranked
    for measure in ranked:
        rank = measure["group_rank"]
        assert rank["text"] == f"{rank['rank']} o {rank['of']}"
    off = [m for m in welsh["measures"] if m["band"]["code"] == "off_target"]
    assert off and all("Oddi ar y targed" in m["exceptions"] for m in off)


def test_the_area_and_councils_are_named_in_welsh(welsh, english) -> None:  # type: ignore[no-untyped-def]
    assert welsh["report"]["area_name"] == "Caerdydd"
    assert welsh["report"]["area_name_en"] == "Cardiff"
    assert english["report"]["area_name"] == "Cardiff"
    names = {c["area"]: c["area_name"] for c in welsh["indicator_pages"][0]["councils"]}
    assert names[SWANSEA] == "Abertawe" and names[NEWPORT] == "Casnewydd"


def test_official_welsh_titles_are_used_and_the_rest_marked_english(welsh) -> None:  # type: ignore[no-untyped-def]
    titles = _yaml_titles()
    measures = _by_id(welsh)
    with_welsh = {i for i, t in titles.items() if t.get("title_cy")}
    assert {"PM18", "PM19", "PM20a", "PM20b", "PM21", "PM22", "PM23", "PM24", "PM25"} <= with_welsh
    for indicator_id, measure in measures.items():
        source = titles.get(indicator_id)
        if source is None:
            continue  # a measure without a shipped definition
        if source.get("title_cy"):
            assert measure["title"] == source["title_cy"]
            assert not isinstance(measure["title"], Foreign)
            # No Welsh short title: the official Welsh title, before any English.
            assert measure["short_title"] == source.get("short_title_cy", source["title_cy"])
        else:
            assert isinstance(measure["title"], Foreign) and measure["title"].lang == "en"
            assert str(measure["title"]) == source["title"]
            assert str(measure["short_title"]) == source.get("short_title", source["title"])
    # A council's own measure never has official Welsh: marked English, in HTML too.
    local = measures["LOC01"]["short_title"]
    assert isinstance(local, Foreign)
    with language("cy"):  # the mark is in the language of the page it is printed on
        assert str(escape(local)) == (
            '<span lang="en-GB">Safeguarding referrals allocated within one hour</span> '
            f'<span class="foreign-mark">{IN_ENGLISH}</span>'
        )


def test_aspects_are_welsh_and_standard_titles_welsh_or_marked(welsh, definitions) -> None:  # type: ignore[no-untyped-def]
    aspects = {a.id: a for a in definitions.reference.aspects}
    checked = 0
    for section in welsh["sections"]:
        for aspect in section["aspects"]:
            official = aspects[aspect["id"]].title_cy
            assert official and aspect["title"] == official  # all eight from the 2014 Act
            checked += 1
        standard = definitions.reference.quality_standard(section["id"])
        if standard is not None and not standard.title_cy:
            assert isinstance(section["title"], Foreign)
            assert str(section["title"]) == standard.title
    assert checked >= 8
    other = [s for s in welsh["sections"] if s["id"] == "other"]
    assert other and other[0]["title"] == "Mesurau eraill"  # the survey and local measures


def test_units_and_counts_say_what_they_can_in_welsh(welsh) -> None:  # type: ignore[no-untyped-def]
    measures = _by_id(welsh)
    pm21 = measures["PM21"]  # a mean of days over residential care placements
    assert pm21["counts"]["kind"] == "sum"
    heading = pm21["counts"]["heading"]
    assert str(heading) == f"cyfanswm diwrnodau / residential care placements {IN_ENGLISH}"
    with language("cy"):
        assert str(escape(heading)) == (
            'cyfanswm diwrnodau / <span lang="en-GB">residential care placements</span> '
            f'<span class="foreign-mark">{IN_ENGLISH}</span>'
        )
    assert pm21["counts"]["numerator"] == "diwrnod i gyd"
    assert measures["PM18"]["unit"] == "%"
    pm19_unit = measures["PM19"]["unit"]  # a rate's unit of the shipped definitions
    assert pm19_unit == "fesul 1,000 o'r boblogaeth 75 oed neu hŷn"
    assert isinstance(measures["LOC01"]["unit"], str)


def test_welsh_commentary_is_read_and_english_only_commentary_is_marked(welsh) -> None:  # type: ignore[no-untyped-def]
    measures = _by_id(welsh)
    pm18, pm24, pm19 = measures["PM18"], measures["PM24"], measures["PM19"]
    assert WELSH_PM18.replace("'", "&#39;") in pm18["commentary"] or WELSH_PM18 in str(
        pm18["commentary"]
    )
    assert pm18["commentary_written"] and pm18["commentary_file"].endswith("PM18.cy.md")
    assert "Assessments were quicker." in pm24["commentary"]
    assert '<div lang="en-GB"' in pm24["commentary"] and IN_ENGLISH in pm24["commentary"]
    assert pm24["commentary_markdown"].endswith(f"_{IN_ENGLISH}_")
    assert not pm24["commentary_written"]
    assert pm19["commentary"] is None
    missing = {m["id"]: m["commentary_file"] for m in welsh["without_commentary"]}
    assert "PM18" not in missing
    assert missing["PM24"] == f"commentary/{YEAR}/PM24.cy.md"
    assert missing["PM19"] == f"commentary/{YEAR}/PM19.cy.md"


def test_the_english_context_is_as_before_and_untouched_by_a_welsh_one(
    table, definitions, commentary, english
) -> None:  # type: ignore[no-untyped-def]
    titles = _yaml_titles()
    measures = _by_id(english)
    pm18 = measures["PM18"]
    assert pm18["title"] == titles["PM18"]["title"]
    assert pm18["rba_question"] == "How well did we do it?"
    assert pm18["framework_label"] == "former national measure, reported locally"
    assert pm18["commentary_file"] == f"commentary/{YEAR}/PM18.md"
    assert "Most enquiries were on time." in pm18["commentary"]
    assert measures["PM21"]["counts"]["heading"] == "total days / residential care placements"
    assert all(
        " of " in m["group_rank"]["text"] for m in measures.values() if m["group_rank"]["rank"]
    )
    assert "PM24" not in {m["id"] for m in english["without_commentary"]}
    # Built again after the Welsh one: the same words (nothing translated is kept).
    again = _context(table, definitions, "en", commentary)
    for key in ("title", "short_title", "rba_question", "band", "direction", "exceptions"):
        assert [m[key] for m in again["measures"]] == [m[key] for m in english["measures"]]
    assert [s["title"] for s in again["sections"]] == [s["title"] for s in english["sections"]]


def test_the_figures_are_the_same_in_both_languages(welsh, english) -> None:  # type: ignore[no-untyped-def]
    assert [m["id"] for m in welsh["measures"]] == [m["id"] for m in english["measures"]]
    for cy, en in zip(welsh["measures"], english["measures"], strict=True):
        assert cy["cells"] == en["cells"]
        assert cy["band"]["code"] == en["band"]["code"]


def test_a_break_in_the_series_is_one_welsh_sentence(definitions) -> None:  # type: ignore[no-untyped-def]
    measure = {"id": "PM18", "successors": []}
    statuses = [FrameworkStatus.current, FrameworkStatus.former]
    with language("cy"):
        (found,) = trend_breaks(["2019-20", "2020-21"], statuses, measure, definitions)
    assert found["note"] == (
        "Toriad yn y gyfres rhwng 2019-20 a 2020-21: newidiodd y fframwaith cenedlaethol; "
        "o 2020-21 ymlaen mae PM18 yn gyn-fesur cenedlaethol, a adroddir yn lleol "
        "(mae wales-2016 yn berthnasol i 2016-17 i 2019-20)."
    )


def test_a_welsh_plural_needs_no_plural_noun() -> None:
    with language("cy"):
        for n in (0, 1, 2, 3, 6, 11):
            text = ngettext(
                "%(done)s of %(num)s action done", "%(done)s of %(num)s actions done", n
            ) % {"done": 0, "num": n}
            assert text == f"0 o {n} cam gweithredu wedi'u cwblhau"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, commentary: Path) -> Path:
    """The sample workspace with the council's Welsh terms and the commentary above."""
    root = tmp_path_factory.mktemp("ws") / "workspace"
    shutil.copytree(REPO_ROOT / "sample_workspace", root)
    shutil.rmtree(root / "commentary")
    shutil.copytree(commentary, root / "commentary")
    (root / "welsh.yaml").write_text(
        "translator: Uned Gyfieithu\n"
        "indicators:\n"
        "  LOC01: {title_cy: 'Atgyfeiriadau diogelu a ddyrannwyd o fewn awr',"
        " short_title_cy: 'Atgyfeiriadau o fewn awr'}\n",
        encoding="utf-8",
    )
    return root


def _report(workspace: Path, definitions, name: str, languages, draft: bool = True,  # type: ignore[no-untyped-def]
            template: str = "annual_report"):  # fmt: skip
    output = workspace / "out" / name
    output.parent.mkdir(exist_ok=True)
    found = load_workspace(workspace)
    request = ReportRequest(
        results=workspace_sample_results(),
        template=template,
        output=output,
        area=CARDIFF,
        year=YEAR,
        commentary=workspace / "commentary",
        draft=draft,
        workspace_root=workspace,
        comparator_groups={"cities": CITIES},
        workspace=found,
        languages=languages,
    )
    return write_report(request, definitions), output.read_text(encoding="utf-8")


def test_the_councils_own_welsh_is_used_and_marked_as_its_own(workspace, definitions) -> None:  # type: ignore[no-untyped-def]
    outcome, text = _report(workspace, definitions, "cy.md", ("cy",))
    assert f"Atgyfeiriadau o fewn awr {COUNCIL_MARK}" in text
    assert "Safeguarding referrals allocated within one hour" not in text
    # The draft names the Welsh file still to write, and pm's own message names the council
    # in English.
    assert f"commentary/{YEAR}/PM24.cy.md" in text
    assert f"commentary/{YEAR}/PM18.cy.md" not in text
    assert "PM24" in outcome.without_commentary and "PM18" not in outcome.without_commentary
    assert outcome.area_name == "Cardiff"
    _english_outcome, english = _report(workspace, definitions, "en.md", ("en",))
    assert "Safeguarding referrals allocated within one hour" in english
    assert "Atgyfeiriadau" not in english and "cyfieithiad" not in english
    with language("cy"):
        assert CouncilOwn("Teitl").lower().mark == COUNCIL_MARK


def test_the_translators_own_words_replace_pms_in_the_welsh_part_only(
    workspace, definitions, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """welsh.yaml `words:` gives the council's Welsh for a fixed word; pm's own is not used
    then, and the English part is untouched."""
    own = tmp_path / "workspace"
    shutil.copytree(workspace, own)
    with (own / "welsh.yaml").open("a", encoding="utf-8") as file:
        file.write(
            "words:\n  Off target: Heb gyrraedd y targed\n  'Since %(year)s': 'Ers %(year)s'\n"
        )
    _outcome, both = _report(own, definitions, "both.md", ("cy", "en"))
    assert "Heb gyrraedd y targed" in both
    assert "Oddi ar y targed" not in both  # pm's own Welsh for it, replaced everywhere
    assert "Ar y targed" in both  # the words not given stay pm's Welsh
    assert "Off target" in both  # and the English part is English
    with language("cy"):
        assert gettext("Off target") == "Oddi ar y targed"  # only while that report is written


def test_a_mistake_in_the_councils_welsh_file_is_one_line(workspace, definitions, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pm.errors import InputError

    broken = tmp_path / "workspace"
    shutil.copytree(workspace, broken)
    (broken / "welsh.yaml").write_text("indicators:\n  NOPE99: {title_cy: 'Dim'}\n", "utf-8")
    with pytest.raises(InputError, match=r"welsh\.yaml, line 2: .*NOPE99"):
        _report(broken, definitions, "cy.md", ("cy",))
    # An English report does not read it.
    _report(broken, definitions, "en.md", ("en",))


def test_the_directors_report_reads_welsh_files_and_marks_english_texts(
    workspace, definitions
) -> None:  # type: ignore[no-untyped-def]
    form = yaml.safe_load(
        (REPO_ROOT / "technical_guidance/reference/directors_report.yaml").read_text("utf-8")
    )
    root = workspace / "commentary" / YEAR / "directors_report"
    root.mkdir(parents=True, exist_ok=True)
    (root / "summary.cy.md").write_text("Crynodeb y Cyfarwyddwr.\n", encoding="utf-8")
    (root / "context.md").write_text("The council in context.\n", encoding="utf-8")
    outcome, text = _report(
        workspace, definitions, "directors-cy.md", ("cy",), template="directors_report"
    )
    assert "Crynodeb y Cyfarwyddwr." in text
    assert f"The council in context.\n\n_{IN_ENGLISH}_" in text
    missing = outcome.missing_sections
    assert missing and all(f.endswith(".cy.md") for f in missing)
    assert f"commentary/{YEAR}/directors_report/summary.cy.md" not in missing
    assert f"commentary/{YEAR}/directors_report/context.cy.md" in missing
    summary = next(c for c in form["chapters"] if c["id"] == "summary")
    if summary.get("title_cy"):  # the official Welsh of the regulations, where held
        assert summary["title_cy"] in text
    else:
        assert f"{summary['title']} {IN_ENGLISH}" in text


def test_months_and_quarters_are_written_in_the_pages_language() -> None:
    from pm.reporting.measures import period_words

    assert [period_words(p) for p in ("2023-24", "2023-24 Q2", "2023-06")] == [
        "2023-24",
        "2023-24 Q2",
        "June 2023",
    ]
    with language("cy"):
        assert [period_words(p) for p in ("2023-24", "2023-24 Q2", "2023-06")] == [
            "2023-24",
            "2023-24 Ch2",
            "Mehefin 2023",
        ]


def test_what_is_counted_is_the_official_welsh_numerator_where_held(welsh, english) -> None:  # type: ignore[no-untyped-def]
    titles = _yaml_titles()
    held = [i for i, m in _by_id(welsh).items() if titles.get(i, {}).get("numerator_cy")]
    assert "PM18" in held
    for indicator_id in held:
        assert _by_id(welsh)[indicator_id]["numerator_words"] == " ".join(
            titles[indicator_id]["numerator_cy"].split()
        )
    english_words = _by_id(english)["PM18"]["numerator_words"]
    assert english_words and not isinstance(english_words, Foreign)
    other = _by_id(welsh)["PM26"]["numerator_words"]
    assert not other or isinstance(other, Foreign)
