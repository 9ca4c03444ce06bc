"""Reports in Welsh, in English and in both (issue 19 §3): the scorecard and the annual report
of the sample workspace (Cardiff, its comparator group, a draft with commentary), rendered
once per module in each language and format.

A Welsh page may show English only where it says so (a title with no official Welsh,
inside `lang="en-GB"` with its mark) or where the text is the council's own (commentary):
every other English word of the catalogue is a word the page forgot to translate. A
bilingual page holds each language's complete report, each marked with its language, with
ids still unique; the figures are the same in every language.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import html5lib
import pytest
from babel.messages.pofile import read_po
from chromium_check import check_page
from engine_helpers import run_pm
from report_helpers import CARDIFF, NEWPORT, REPO_ROOT, SWANSEA, workspace_sample_results

from pm.definitions.loader import load_definitions
from pm.i18n.catalogue import catalogue_path
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.render import markdown_escape

REPORTS = ["scorecard", "annual_report"]
LANGUAGES = {"en": ("en",), "cy": ("cy",), "both": ("cy", "en")}
YEAR = "2024-25"
SCREENSHOTS = REPO_ROOT / "out" / "browser-check"
# Commentary for PM18 in both files, written without a word of the catalogue: the council's
# text, which the Welsh page may show whichever file it reads.
COMMENTARY = "Mae'r ffigur wedi codi eleni. Diolch i'r tîm diogelu.\n"
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], str]:
    """(template, language, suffix) → the report's text."""
    folder = tmp_path_factory.mktemp("languages")
    commentary = folder / "commentary" / YEAR
    commentary.mkdir(parents=True)
    for name in ("PM18.md", "PM18.cy.md"):
        (commentary / name).write_text(COMMENTARY, encoding="utf-8")
    definitions = load_definitions(check=False)
    results = workspace_sample_results()
    made = {}
    for template in REPORTS:
        for code, languages in LANGUAGES.items():
            for suffix in (".html", ".md"):
                output = folder / f"{template}-{code}{suffix}"
                request = ReportRequest(
                    results=results,
                    template=template,
                    output=output,
                    area=CARDIFF,
                    year=YEAR,
                    commentary=commentary.parent,
                    draft=True,
                    workspace_root=folder,
                    comparator_groups={"cities": (CARDIFF, SWANSEA, NEWPORT)},
                    languages=languages,
                )
                write_report(request, definitions)
                made[(template, code, suffix)] = output.read_text(encoding="utf-8")
    return made


# --- what the catalogue says the page must not show in English ---------------------------

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def english_phrases() -> set[str]:
    """The English phrases of every message whose Welsh differs from it: each run of a
    message between its placeholders, trimmed of spaces and punctuation at its ends; runs of
    one short word are left out (an 'of' or 'to' would match too much) unless an acronym."""
    with catalogue_path("cy").open("rb") as source:
        catalog = read_po(source, locale="cy")
    phrases = set()
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        welsh = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(welsh) <= set(english):
            continue  # the same in both languages ('Band')
        for text in english:
            for run in _PLACEHOLDER.split(text):
                phrase = run.strip(" ,.;:()·–—“”‘’'\"")
                if not re.search(r"[A-Za-z]", phrase) or any(phrase in form for form in welsh):
                    continue  # no word, or a word Welsh shares ('SHA-256')
                if " " in phrase or len(phrase) >= 4 or re.fullmatch(r"[A-Z]{2,}", phrase):
                    phrases.add(phrase)
    return phrases


def found_in(text: str, phrases: set[str]) -> list[str]:
    return sorted(p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text))


def _tree(html: str):  # type: ignore[no-untyped-def]
    return html5lib.parse(html, namespaceHTMLElements=False)


def welsh_text(html: str) -> str:
    """The page's text and read-out attributes, leaving out what is marked English
    (`lang="en-GB"`), the council's commentary, styles, and the charts (their words are
    checked with the charts, in tests/test_outputs_cy.py); measure titles are left out by
    `without_titles`."""
    pieces: list[str] = []

    def walk(element) -> None:  # type: ignore[no-untyped-def]
        skip = (
            element.get("lang") == "en-GB"
            or "commentary" in (element.get("class") or "").split()
            or str(element.tag).rpartition("}")[2] in ("style", "svg")
        )
        if not skip:
            pieces.extend(element.get(a) or "" for a in ("alt", "title", "aria-label"))
            pieces.append(element.text or "")
            for child in element:
                walk(child)
        pieces.append(element.tail or "")

    walk(_tree(html))
    return " ".join(pieces)


def without_titles(text: str) -> str:
    """`text` without the measures' English titles: data, which a Welsh page shows in
    official Welsh or else marked English (the report context's work, tested with it)."""
    definitions = load_definitions(check=False)
    titles = {t for i in definitions.indicators.values() for t in (i.title, i.short_title) if t}
    for title in sorted(titles, key=len, reverse=True):
        text = text.replace(title, " ").replace(markdown_escape(title), " ")
    return text


def marked_english(html: str) -> list[str]:
    """The texts a Welsh page shows in English, marked (the `Foreign` titles)."""
    return ["".join(e.itertext()) for e in _tree(html).iter() if e.get("lang") == "en-GB"]


@pytest.mark.parametrize("template", REPORTS)
def test_the_welsh_html_page_shows_no_english_fixed_word(reports, template: str) -> None:
    html = reports[(template, "cy", ".html")]
    assert '<html lang="cy">' in html
    phrases = english_phrases()
    assert {"Wales", "Since", "At a glance", "Quality standard"} <= phrases
    assert found_in(without_titles(welsh_text(html)), phrases) == []
    # the English page shows such words where the Welsh one has none: the check would see them
    english = " ".join(_tree(reports[(template, "en", ".html")]).find("body").itertext())
    assert {"Wales", "Measure", "Target"} <= set(found_in(without_titles(english), phrases))


@pytest.mark.parametrize("template", REPORTS)
def test_the_welsh_markdown_shows_no_english_fixed_word(reports, template: str) -> None:
    text = reports[(template, "cy", ".md")]
    for english in sorted(set(marked_english(reports[(template, "cy", ".html")])), key=len)[::-1]:
        text = text.replace(markdown_escape(english), " ")
    text = without_titles(text.replace(COMMENTARY.strip(), " "))
    phrases = english_phrases()
    assert found_in(text, phrases) == []
    assert "Wales" in found_in(reports[(template, "en", ".md")], phrases)


def test_the_welsh_pages_use_welsh_words_from_the_catalogue(reports) -> None:
    """Worked out from locales/cy by hand: the headers and notices the pages must show."""
    scorecard = reports[("scorecard", "cy", ".html")]
    for welsh in ("Band chwartel", "Ers 2023-24", "Allwedd:", "Cerdyn sgorio perfformiad:"):
        assert welsh in scorecard
    annual = reports[("annual_report", "cy", ".md")]
    for welsh in ("## Cipolwg", "Wedi gwella ers 2023-24", "| Rhifiadur / enwadur |"):
        assert welsh in annual
    # Welsh plural forms: the count of measures in its own form of the sentence
    assert re.search(r"\d+ mesur perfformiad, pob un wedi'i ddangos", annual)


@pytest.mark.parametrize("code", ["cy", "both"])
def test_no_english_month_name_on_a_welsh_page(reports, code: str) -> None:
    for template in REPORTS:
        html = reports[(template, code, ".html")]
        text = without_titles(welsh_text(html.split('<div lang="en-GB" class="language-part"')[0]))
        assert not [m for m in ENGLISH_MONTHS if re.search(rf"\b{m}\b", text)]


# --- the bilingual page -------------------------------------------------------------------


def _figures(element) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted(
        (e.get("data-src"), "".join(e.itertext())) for e in element.iter() if e.get("data-src")
    )


@pytest.mark.parametrize("template", REPORTS)
def test_a_bilingual_page_holds_both_complete_reports_each_marked(reports, template: str) -> None:
    html = reports[(template, "both", ".html")]
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)  # valid HTML
    document = _tree(html)
    assert document.get("lang") == "cy"
    parts = [e for e in document.iter() if "language-part" in (e.get("class") or "").split()]
    assert [p.get("lang") for p in parts] == ["cy", "en-GB"]
    alone = {code: _tree(reports[(template, code, ".html")]) for code in ("cy", "en")}
    welsh, english = parts
    assert _figures(welsh) == _figures(alone["cy"])
    assert _figures(english) == _figures(alone["en"])
    assert len(_figures(english)) > 150  # every measure's figures, not a few
    # each part is its report: one h1, headings never skipping a level
    for part in parts:
        levels = [int(e.tag[1]) for e in part.iter() if re.fullmatch(r"h[1-6]", str(e.tag))]
        assert levels.count(1) == 1 and levels[0] == 1
        assert not [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    # a link to the English part, its text marked English
    switch = [e for e in document.iter("a") if e.get("href") == "#part-en"]
    assert len(switch) == 1 and switch[0].get("lang") == "en-GB" and switch[0].text == "English"
    # the title names the report in both languages
    title = document.find("head/title").text
    assert title.count(" / ") == 1 and "2024-25" in title


@pytest.mark.parametrize("template", REPORTS)
def test_a_bilingual_page_keeps_its_ids_unique_and_its_references_whole(
    reports, template: str
) -> None:
    html = reports[(template, "both", ".html")]
    document = _tree(html)
    ids = [e.get("id") for e in document.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), [k for k, n in collections.Counter(ids).items() if n > 1]
    assert "row-PM18-cy" in ids and "row-PM18-en" in ids
    for element in document.iter():
        for target in (element.get("aria-labelledby") or "").split():
            assert target in ids, target
    for target in re.findall(r'href="#([^"]+)"', html) + re.findall(r"url\(#([^)]+)\)", html):
        assert target in ids, target
    headers = document.findall(".//thead//th")
    assert headers and all(th.get("scope") == "col" for th in headers)


@pytest.mark.parametrize("template", REPORTS)
def test_the_figures_are_the_same_in_every_language(reports, template: str) -> None:
    english = _figures(_tree(reports[(template, "en", ".html")]))
    assert english == _figures(_tree(reports[(template, "cy", ".html")]))
    # and every figure of the English page is one the results hold for Cardiff or Wales
    assert all(src for src, _text in english)


@pytest.mark.parametrize("template", REPORTS)
def test_a_bilingual_markdown_report_has_both_parts_welsh_first(reports, template: str) -> None:
    text = reports[(template, "both", ".md")]
    welsh, english = reports[(template, "cy", ".md")], reports[(template, "en", ".md")]
    assert welsh.strip() in text and english.strip() in text
    assert text.index(welsh.strip()) < text.index(english.strip())
    assert "\n\n---\n\n" in text[text.index(welsh.strip()) + len(welsh.strip()) :]
    assert text.count("\n# ") + text.startswith("# ") == 2  # one title per language


def test_a_bilingual_report_is_written_by_the_command_line(tmp_path: Path) -> None:
    """`pm report --language both` to a .md file (the CLI path, end to end)."""
    output = tmp_path / "scorecard.md"
    result = run_pm(
        [
            "report",
            workspace_sample_results(),
            "--template",
            "scorecard",
            "--area",
            "Cardiff",
            "--year",
            YEAR,
            "--language",
            "both",
            "--output",
            output,
        ]
    )
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Cerdyn sgorio perfformiad: ")
    assert "\n# Performance scorecard: " in text


@pytest.mark.parametrize("template", REPORTS)
def test_a_bilingual_page_opens_cleanly_in_chromium(reports, template: str, tmp_path: Path) -> None:
    """The browser check of test_report_browser.py on the bilingual page: no console error,
    every chart drawn and named, nothing wider than the window; the scorecard prints one A4
    page per language."""
    page = tmp_path / f"{template}-both.html"
    page.write_text(reports[(template, "both", ".html")], encoding="utf-8")
    check = check_page(page, SCREENSHOTS / f"{template}-cardiff-both.png")
    assert check.problems == []
    facts = check.facts
    assert facts["images"] == facts["svgs_without_title"] == facts["empty_svgs"] == 0
    assert facts["width"] <= 1000, "the page is wider than the window: a table overflows"
    if template == "scorecard":
        assert check.pdf_pages == 2, "the bilingual scorecard should print on two A4 pages"
