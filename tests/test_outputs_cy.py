"""Charts, report workbooks and the data return in Welsh, English or both (issue 19).

The Welsh words expected here are written out by hand from `locales/cy/LC_MESSAGES/pm.po`
(not looked up through pm), so a word that falls out of the catalogue, or is shown without
going through it, fails. Figures and codes are compared between the languages: they must
never change with the words.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from inprocess import pm
from openpyxl import load_workbook
from report_helpers import CARDIFF, small_rows, write_csv
from return_helpers import write_data, write_definitions

from pm.comparison.words import TONE_COLOURS
from pm.definitions.loader import load_definitions
from pm.i18n import Foreign, language, plain
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.excel import SHEET_TITLE_LIMIT, _sheet_title
from pm.reporting.measure_words import unit_words
from pm.returns.layout import RETURN_COLUMNS

# The headers of a measure's row in a Welsh workbook (pm's Welsh, from the catalogue).
WELSH_MEASURE_HEADERS = [
    "Dangosydd", "Mesur", "Uned", "Cyfnod", "Cod yr ardal", "Ardal", "Gwerth", "Rhifiadur",
    "Enwadur", "Yr hyn a gyfrifwyd", "Terfyn isaf y cyfwng hyder 95%",
    "Terfyn uchaf y cyfwng hyder 95%", "Targed", "Yn agos at y targed o", "Band",
    "Cyfnod blaenorol", "Gwerth blaenorol", "Newid", "Cyfeiriad", "Cymru",
    "O'i gymharu â Chymru", "Grŵp cymharu", "Gwerth y grŵp", "O'i gymharu â'r grŵp",
    "Safle yn y grŵp", "Chwartel (1 = gorau)", "Chwartel isaf", "Chwartel uchaf",
    "Band chwartel", "Nodyn", "Fframwaith",
]  # fmt: skip
WELSH_RETURN_HEADERS = [
    "fframwaith", "cod", "rhan", "dangosydd", "teitl", "blwyddyn", "ardal", "enw'r ardal",
    "gwerth", "rhifiadur", "enwadur", "uned", "statws", "nodyn",
]  # fmt: skip
WELSH_CHECK_HEADERS = ["gwiriad", "cod", "dangosydd", "rhan", "canlyniad", "manylion"]
# Columns that hold codes or figures: the same in every language.
UNCHANGED = [
    "framework", "code", "part", "indicator", "year", "area", "value", "numerator",
    "denominator", "unit", "status",
]  # fmt: skip


# ------------------------------------------------------------------ reports from small results


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small hand-written results as reports in each language (each written twice)."""
    folder = tmp_path_factory.mktemp("outputs_cy")
    results = write_csv(small_rows(), folder / "results.csv")
    definitions = load_definitions(check=False)
    written = {}
    for name, template, suffix, languages in (
        ("pages-cy", "indicator_page", ".html", ("cy",)),
        ("pages-en", "indicator_page", ".html", ("en",)),
        ("annual-cy", "annual_report", ".xlsx", ("cy",)),
        ("annual-en", "annual_report", ".xlsx", ("en",)),
        ("annual-both", "annual_report", ".xlsx", ("cy", "en")),
        ("annual-both-again", "annual_report", ".xlsx", ("cy", "en")),
        ("pages-both", "indicator_page", ".xlsx", ("cy", "en")),
    ):
        output = folder / f"{name}{suffix}"
        request = ReportRequest(
            results=results,
            template=template,
            output=output,
            area=CARDIFF,
            year="2023-24",
            languages=languages,
        )
        write_report(request, definitions)
        written[name] = output
    return written


def _svgs(path: Path) -> list[str]:
    return re.findall(r"<svg.*?</svg>", path.read_text(encoding="utf-8"), flags=re.S)


def test_welsh_charts_have_welsh_axis_labels_titles_keys_and_alt_texts(
    reports: dict[str, Path],
) -> None:
    charts = _svgs(reports["pages-cy"])
    trend = next(c for c in charts if 'id="trend-PM18-title"' in c)
    councils = next(c for c in charts if 'id="councils-PM18-title"' in c)
    assert ">Blwyddyn adrodd<" in trend and ">Y cant<" in trend  # axis labels
    assert ">Cymru<" in trend and ">Targed<" in trend  # the key
    assert ">Cyngor<" in councils  # the councils' axis
    title = re.search(r'<title id="councils-PM18-title">([^<]*)</title>', councils)
    assert title and "Cynghorau Cymru, 2023-24" in title.group(1)
    trend_title = re.search(r'<title id="trend-PM18-title">([^<]*)</title>', trend)
    assert trend_title and "Caerdydd a Chymru, 2022-23 i 2023-24" in trend_title.group(1)
    desc = re.search(r'<desc id="trend-PM18-desc">([^<]*)</desc>', trend)
    assert desc and desc.group(1).startswith("Siart llinell o PM18 (%) ar gyfer Caerdydd: ")
    assert "Targed: 95.0 (yn agos at y targed o 90.0)." in desc.group(1)
    bars = re.search(r'<desc id="councils-PM18-desc">([^<]*)</desc>', councils)
    assert bars and bars.group(1).startswith("Siart bar o PM18 (%) ar gyfer ")
    for english in (">Reporting year<", ">Per cent<", ">Council<", "Line chart of", "Bar chart of"):
        assert not any(english in chart for chart in charts), english


def test_english_charts_keep_their_english_words(reports: dict[str, Path]) -> None:
    charts = _svgs(reports["pages-en"])
    trend = next(c for c in charts if 'id="trend-PM18-title"' in c)
    assert ">Reporting year<" in trend and ">Per cent<" in trend
    assert "Line chart of PM18 (%) for Cardiff: " in trend
    assert "Blwyddyn adrodd" not in "".join(charts)


def test_the_figures_of_a_chart_do_not_change_with_its_language(reports: dict[str, Path]) -> None:
    """The numbers on the axes and in the alt text are the same in both languages."""

    def numbers(chart: str) -> list[str]:
        texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart)
        alt = re.findall(r"<desc[^>]*>([^<]*)</desc>", chart)
        words = re.sub(r"&#?\w+;", " ", " ".join(texts + alt))  # no digits of &#39;
        return re.findall(r"\d+(?:[.,]\d+)*", words)

    welsh, english = _svgs(reports["pages-cy"]), _svgs(reports["pages-en"])
    assert len(welsh) == len(english) > 0
    for cy, en in zip(welsh, english, strict=True):
        assert numbers(cy) == numbers(en)


def test_welsh_workbook_headers_sheets_and_key(reports: dict[str, Path]) -> None:
    book = load_workbook(reports["annual-cy"])
    assert book.sheetnames[0] == "Ynghylch"
    assert book.properties.language == "cy"
    about = [row[:2] for row in book["Ynghylch"].iter_rows(values_only=True)]
    assert ("Blwyddyn adrodd", "2023-24") in about
    assert ("*", "Wedi'i atal i ddiogelu cyfrinachedd (niferoedd bach)") in about
    assert ("✖", "Oddi ar y targed") in about  # the key, from the catalogue
    shown = {}
    for sheet in book.worksheets[1:]:
        assert [c.value for c in sheet[1]] == WELSH_MEASURE_HEADERS
        band = WELSH_MEASURE_HEADERS.index("Band")
        shown.update({r[0]: r[band] for r in sheet.iter_rows(min_row=2, values_only=True)})
    assert shown.get("PM18") == "✖ Oddi ar y targed"  # off target in the small results


def test_a_welsh_band_takes_the_colour_of_its_own_word(reports: dict[str, Path]) -> None:
    """'Oddi ar y targed' holds 'Ar y targed': the off-target colour must win over the
    on-target one, as Excel applies the first rule (by priority) that matches."""
    book = load_workbook(reports["annual-cy"])
    checked = 0
    for sheet in book.worksheets[1:]:
        band = [c.value for c in sheet[1]].index("Band") + 1
        letter = sheet.cell(row=1, column=band).column_letter
        rules = sorted(
            (rule for area in sheet.conditional_formatting for rule in area.rules
             if str(area.sqref).startswith(f"{letter}2")),
            key=lambda rule: rule.priority,
        )  # fmt: skip
        for cell in sheet[letter][1:]:
            if not cell.value:
                continue
            first = next((r for r in rules if r.text.lower() in cell.value.lower()), None)
            if cell.value.endswith("Oddi ar y targed"):
                assert first is not None and first.text == "Oddi ar y targed"
                colour = first.dxf.fill.bgColor.rgb[-6:]
                assert colour == TONE_COLOURS["poor"]["pale"].lstrip("#").upper()
                checked += 1
    assert checked >= 1  # PM18 is off target in the small results


def test_a_bilingual_workbook_has_the_welsh_sheets_then_the_english_with_equal_figures(
    reports: dict[str, Path],
) -> None:
    both = load_workbook(reports["annual-both"])
    welsh = load_workbook(reports["annual-cy"])
    english = load_workbook(reports["annual-en"])
    names = both.sheetnames
    assert names[0] == "Ynghylch" and "About" in names
    split = names.index("About")
    assert split == len(welsh.sheetnames)
    assert len(names) == len(welsh.sheetnames) + len(english.sheetnames)
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n) <= SHEET_TITLE_LIMIT for n in names)
    assert both.properties.language == "cy"
    for cy, en in zip(both.worksheets[1:split], both.worksheets[split + 1 :], strict=True):
        assert [c.value for c in cy[1]] == WELSH_MEASURE_HEADERS
        assert [c.value for c in en[1]][:3] == ["Indicator", "Measure", "Unit"]
        cy_rows = list(cy.iter_rows(min_row=2, values_only=True))
        en_rows = list(en.iter_rows(min_row=2, values_only=True))
        assert len(cy_rows) == len(en_rows) > 0
        for a, b in zip(cy_rows, en_rows, strict=True):
            figures = [(x, y) for x, y in zip(a, b, strict=True) if isinstance(y, int | float)]
            assert all(x == y for x, y in figures), (a, b)
            assert a[0] == b[0]  # the indicator's code
    # The English half is the English workbook, cell for cell.
    for sheet, alone in zip(both.worksheets[split:], english.worksheets, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        if sheet.title == "About":  # the bilingual one also says where the Welsh starts
            rows = rows[: alone.max_row]
        assert rows == list(alone.iter_rows(values_only=True))
    # Each About sheet names its own sheets and where the other language starts.
    about = [r[0] for r in both["Ynghylch"].iter_rows(values_only=True)]
    assert "Yn Saesneg: o'r daflen 'About' ymlaen." in about
    assert "In Welsh: from the sheet 'Ynghylch' on." in [
        r[0] for r in both["About"].iter_rows(values_only=True)
    ]


def test_a_bilingual_indicator_workbook_has_both_trend_and_councils_sheets(
    reports: dict[str, Path],
) -> None:
    book = load_workbook(reports["pages-both"])
    assert book.sheetnames == ["Ynghylch", "Tuedd", "Cynghorau", "About", "Trend", "Councils"]
    assert [c.value for c in book["Cynghorau"][1]] == [
        "Dangosydd", "Cod yr ardal", "Cyngor", "Gwerth", "Cyngor yr adroddiad hwn",
    ]  # fmt: skip
    chosen = [r for r in book["Cynghorau"].iter_rows(min_row=2, values_only=True) if r[4]]
    assert chosen and all(r[4] == "ie" for r in chosen)
    cy = [r[3] for r in book["Cynghorau"].iter_rows(min_row=2, values_only=True)]
    en = [r[3] for r in book["Councils"].iter_rows(min_row=2, values_only=True)]
    assert cy == en


def test_workbooks_are_byte_identical_from_run_to_run(reports: dict[str, Path]) -> None:
    assert reports["annual-both"].read_bytes() == reports["annual-both-again"].read_bytes()


def test_a_sheet_name_keeps_the_mark_of_a_title_in_english() -> None:
    used: set[str] = set()
    with language("cy"):
        title = Foreign("Physical and mental health and emotional well-being", "en")
        name = _sheet_title(f"QS2 {title}", used, title.mark)
        again = _sheet_title(f"QS2 {title}", used, title.mark)
    assert name == "QS2 Physical (yn Saesneg)"  # cut at a word, no dangling "and"
    assert len(again) <= SHEET_TITLE_LIMIT and again.endswith("(yn Saesneg) (2)")
    assert _sheet_title("'Dyfynnod'", set()) == "Dyfynnod"  # no ' at either end


def test_units_are_named_in_welsh_and_an_unknown_one_is_marked() -> None:
    with language("cy"):
        assert unit_words("children") == "plant"
        assert unit_words("per 1,000") == "fesul 1,000"
        assert unit_words("%") == "%"
        assert plain(unit_words("widgets")) == "widgets (yn Saesneg)"
    assert unit_words("children") == "children"


# ------------------------------------------------------------------ the data return


RETURN = ("return", "data", "--framework", "wales-2020", "--year", "2024-25", "--area", "Cardiff")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("return_cy")
    write_definitions(root / "definitions")
    write_data(root / "data")
    return root


@pytest.fixture
def here(made: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(made)
    return made


def _returned(*args: str) -> None:
    code, said = pm(*RETURN, "--definitions", "definitions", *args)
    assert code == 0, said


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_welsh_return_workbook_has_welsh_headers_and_the_english_figures(here: Path) -> None:
    _returned("--language", "cy", "-o", "cy/return.xlsx")
    _returned("--language", "en", "-o", "en/return.xlsx")
    welsh, english = load_workbook(here / "cy/return.xlsx"), load_workbook(here / "en/return.xlsx")
    assert welsh.sheetnames == ["ffurflen", "dilysu"]
    assert english.sheetnames == ["return", "validation"]
    cy, en = welsh["ffurflen"], english["return"]
    assert [c.value for c in cy[1]] == WELSH_RETURN_HEADERS
    assert [c.value for c in en[1]] == RETURN_COLUMNS
    assert [c.value for c in welsh["dilysu"][1]] == WELSH_CHECK_HEADERS
    cy_rows = list(cy.iter_rows(min_row=2))
    en_rows = list(en.iter_rows(min_row=2))
    assert len(cy_rows) == len(en_rows) == 7
    for a, b in zip(cy_rows, en_rows, strict=True):
        for column in UNCHANGED:
            n = RETURN_COLUMNS.index(column)
            assert (a[n].value, a[n].number_format) == (b[n].value, b[n].number_format)
    area, title, note = (RETURN_COLUMNS.index(c) for c in ("area_name", "title", "note"))
    assert {row[area].value for row in cy_rows} == {"Caerdydd"}
    # No test measure has an official Welsh title: each is the English, marked.
    for a, b in zip(cy_rows, en_rows, strict=True):
        assert a[title].value == f"{b[title].value} (yn Saesneg)"
    notes = {b[note].value: a[note].value for a, b in zip(cy_rows, en_rows, strict=True)}
    assert notes["withheld by disclosure control"] == "wedi'i atal gan reolaeth datgelu"
    assert notes["counts rounded to the nearest 5"] == "cyfrifon wedi'u talgrynnu i'r 5 agosaf"
    checks = [[c.value for c in r] for r in welsh["dilysu"].iter_rows(min_row=2)]
    english_checks = [[c.value for c in r] for r in english["validation"].iter_rows(min_row=2)]
    assert [r[:5] for r in checks] == [r[:5] for r in english_checks]  # codes and results
    assert "yn bresennol" in [r[5] for r in checks]


def test_a_bilingual_return_workbook_holds_both_and_is_the_same_bytes_twice(here: Path) -> None:
    _returned("--language", "both", "-o", "both/return.xlsx")
    first = (here / "both/return.xlsx").read_bytes()
    _returned("--language", "both", "-o", "both/return.xlsx")
    assert (here / "both/return.xlsx").read_bytes() == first
    book = load_workbook(here / "both/return.xlsx")
    assert book.sheetnames == ["ffurflen", "dilysu", "return", "validation"]
    value = RETURN_COLUMNS.index("value")
    assert [r[value] for r in book["ffurflen"].iter_rows(min_row=2, values_only=True)] == [
        r[value] for r in book["return"].iter_rows(min_row=2, values_only=True)
    ]


def test_a_csv_return_keeps_its_column_names_and_codes_in_every_language(here: Path) -> None:
    _returned("--language", "en", "-o", "en/return.csv")
    _returned("--language", "cy", "-o", "cy/return.csv")
    _returned("--language", "both", "-o", "both/return.csv")
    english, welsh, both = (_csv(here / f"{d}/return.csv") for d in ("en", "cy", "both"))
    assert list(welsh[0]) == RETURN_COLUMNS
    assert list(both[0]) == [*RETURN_COLUMNS, "title_en", "area_name_en", "note_en"]
    for en, cy, bi in zip(english, welsh, both, strict=True):
        assert (
            [en[c] for c in UNCHANGED] == [cy[c] for c in UNCHANGED] == [bi[c] for c in UNCHANGED]
        )
        assert (bi["title"], bi["note"], bi["area_name"]) == (cy["title"], cy["note"], "Caerdydd")
        assert (bi["title_en"], bi["note_en"], bi["area_name_en"]) == (
            en["title"], en["note"], "Cardiff",
        )  # fmt: skip
    checks = _csv(here / "both/return.validation.csv")
    assert list(checks[0]) == [
        "check",
        "code",
        "indicator",
        "part",
        "result",
        "detail",
        "detail_en",
    ]
    english_checks = _csv(here / "en/return.validation.csv")
    assert [c["detail_en"] for c in checks] == [c["detail"] for c in english_checks]


def test_the_workspace_language_is_the_default_and_a_wrong_one_is_one_line(
    made: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(made)
    (made / "pm.yaml").write_text("council: Cardiff\nlanguage: cy\n", encoding="utf-8")
    try:
        _returned("-o", "ws/return.xlsx")
        assert load_workbook(made / "ws/return.xlsx").sheetnames == ["ffurflen", "dilysu"]
        code, said = pm(*RETURN, "--definitions", "definitions", "--language", "fr")
    finally:
        (made / "pm.yaml").unlink()
    assert code == 2 and "\n" not in said.strip()
    assert "--language takes en (English), cy (Welsh) or both" in said
