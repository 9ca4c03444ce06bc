"""The scorecard of a council reporting the 2020 framework (the sample workspace's own
measures: wales-2020, local, and the former PM18-PM33 it keeps): grouped as that framework
lists its metrics, the former measures beside their successors, the local indicators apart;
printed on one A4 page in English and in Welsh with no type below 7pt. The 2016 + local
scorecard is grouped by quality standard (its one-page check is in test_report_browser)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import html5lib
import pytest
import yaml
from chromium_check import CHROMIUM, DevTools, _launch, check_page
from report_helpers import REPO_ROOT, rendered_demo_scorecard, rendered_sample

SCREENSHOTS = REPO_ROOT / "out" / "browser-check"

# Worked out by hand from the 2020 guidance's lists (adult, children's and carers' metrics),
# the AS/ prefix of adult safeguarding, and each former measure's successor.
EXPECTED_GROUPS = {
    "adults": [
        "AD002", "AD011a", "ADULT_ASSESSMENTS", "ADULT_CONTACTS",
        "ASSESSMENTS_MET_WITHOUT_PLAN", "REABLEMENT_COMPLETED",
        "REABLEMENT_REDUCED_MAINTAINED_MITIGATED", "PM20a", "PM20b",
    ],
    "adult-safeguarding": [
        "ADULT_AT_RISK_REPORTS", "AS004", "ENQUIRIES_FURTHER_ACTION",
        "ENQUIRIES_FURTHER_ACTION_SHARE", "ENQUIRIES_IN_7_DAYS", "REPORTS_CATEGORY_EMOTIONAL",
        "REPORTS_CATEGORY_FINANCIAL", "REPORTS_CATEGORY_NEGLECT", "REPORTS_CATEGORY_PHYSICAL",
        "REPORTS_CATEGORY_SEXUAL", "REPORTS_LED_TO_ENQUIRY", "REPORTS_LED_TO_ENQUIRY_SHARE",
        "REPORTS_NEGLECT_SHARE", "PM18",
    ],
    "children": [
        "CH012", "CH039", "CH040", "CH043", "CH044", "CH046", "CH047", "CH048",
        "PM24", "PM32", "PM33",
    ],
    "carers": ["CARER_ASSESSMENTS", "CARER_CONTACTS"],
    "other": ["PM19"],  # a former measure with no successor in the 2020 framework
    "local": [f"LOC{n:02d}" for n in range(1, 12)],
}  # fmt: skip
HEADINGS = {
    "en": ["Adults", "Adult safeguarding", "Children", "Carers", "Other measures",
           "Local indicators"],
    "cy": ["Oedolion", "Diogelu oedolion", "Plant", "Gofalwyr", "Mesurau eraill",
           "Dangosyddion lleol"],
}  # fmt: skip
LANG_TAGS = {"en": "en-GB", "cy": "cy"}
FLOOR_PT = 7.0


def _document(path: Path):  # type: ignore[no-untyped-def]
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return " ".join("".join(element.itertext()).split())


def _groups(document) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Section id (without 'sc-') → the measure ids of its rows, in order."""
    found = {}
    for section in document.iter("section"):
        heading = section.find("h2")
        rows = [tr.get("id").removeprefix("row-") for tr in section.iter("tr") if tr.get("id")]
        found[heading.get("id").removeprefix("sc-")] = rows
    return found


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_2020_scorecard_groups_as_the_framework_lists_its_metrics(language: str) -> None:
    document = _document(rendered_demo_scorecard(language))
    assert document.get("lang") == LANG_TAGS[language]
    groups = _groups(document)
    assert list(groups) == list(EXPECTED_GROUPS)
    assert groups == EXPECTED_GROUPS  # each measure once, former ones after the metrics
    assert [_text(h) for h in document.iter("h2")] == HEADINGS[language]
    levels = [e.tag for e in document.iter() if e.tag in ("h1", "h2", "h3")]
    assert levels[0] == "h1" and set(levels[1:]) == {"h2"}
    headers = document.findall(".//thead//th")
    assert len(headers) == 8 * len(EXPECTED_GROUPS)  # with the comparator group's column
    assert all(th.get("scope") == "col" for th in headers)


def test_former_measures_carry_their_mark_and_codes_replace_descriptive_ids() -> None:
    document = _document(rendered_demo_scorecard("en"))
    rows = {tr.get("id").removeprefix("row-"): tr for tr in document.iter("tr") if tr.get("id")}
    pm18 = _text(rows["PM18"])
    assert pm18.startswith("PM18† (former national measure, reported locally) Adult protection")
    assert "†" not in _text(rows["ENQUIRIES_IN_7_DAYS"])
    assert _text(rows["AD002"]).startswith("AD/002 New adult contacts")  # the published code
    assert _text(rows["CH012"]).startswith("CH/012 ")
    # A metric whose official code pm does not hold shows its title, not pm's own id.
    contacts = _text(rows["ADULT_CONTACTS"])
    assert "ADULT_CONTACTS" not in contacts and contacts.startswith("Adult contacts")
    # "(%)" is added once: never after a title that already ends with it.
    assert _text(rows["REPORTS_LED_TO_ENQUIRY_SHARE"]).count("(%)") == 1
    legend = _text(document.find(".//p[@class='legend']"))
    assert "† former national measure, reported locally" in legend


def test_a_contextual_row_keeps_its_words_for_screen_readers() -> None:
    """AD002 has no polarity: its band, comparisons and quartile print as a lone ○, and
    each cell still says what it means to a screen reader."""
    document = _document(rendered_demo_scorecard("en"))
    row = next(tr for tr in document.iter("tr") if tr.get("id") == "row-AD002")
    cells = row.findall("td")
    band, wales, group, quartile = cells[3], cells[5], cells[6], cells[7]
    for cell, words in [
        (band, "Context: no target"),
        (wales, "Not compared"),
        (group, "Not compared"),
        (quartile, "Context: not ranked"),
    ]:
        hidden = cell.find(".//span[@class='visually-hidden']")
        assert hidden is not None and _text(hidden) == words
        shown = cell.find(".//span[@class='sym']")
        assert shown.get("aria-hidden") == "true" and shown.text == "○"


def _first_standards() -> dict[str, str]:
    """Each definition's first linked quality standard, read from the YAML files."""
    order = [
        s["id"]
        for s in yaml.safe_load(
            (REPO_ROOT / "technical_guidance/reference/quality_standards.yaml").read_text("utf-8")
        )["quality_standards"]
    ]
    found = {}
    for path in (REPO_ROOT / "indicators").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        linked = [
            qs for qs in (data.get("links") or {}).get("quality_standards") or [] if qs in order
        ]
        found[data["id"]] = min(linked, key=order.index).lower() if linked else "other"
    return found


def test_the_2016_scorecard_groups_by_quality_standard() -> None:
    """No national framework of the 2016 + local set is in force in 2024-25, and the 2016
    code has no grouping but its quality standards: each measure sits under the first."""
    document = _document(rendered_sample("scorecard", ".html"))
    groups = _groups(document)
    expected = _first_standards()
    assert len(groups) >= 4 and all(rows for rows in groups.values())
    shown = [m for rows in groups.values() for m in rows]
    assert len(shown) == len(set(shown)) >= 40
    for group, rows in groups.items():
        assert all(expected[m] == group for m in rows), (group, rows)
    titles = [_text(h) for h in document.iter("h2")]
    assert titles[0].startswith("Quality standard 1: ")


def _print_facts(html: Path) -> dict[str, float]:
    """The page as printed: the smallest type of any visible text, in points."""
    profile = Path(tempfile.mkdtemp(prefix="pm-chromium-"))
    browser, to_browser, from_browser = _launch(profile)
    try:
        tools = DevTools(browser, to_browser, from_browser)
        target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tools.send("Page.enable", session=session)
        tools.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
        tools.send("Page.navigate", {"url": html.resolve().as_uri()}, session=session)
        tools.wait_for("Page.loadEventFired")
        script = """(() => {
          const sizes = [...document.body.querySelectorAll('*')].filter(e => {
            const r = e.getBoundingClientRect();
            const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            return own && r.width > 2 && r.height > 2 && getComputedStyle(e).display !== 'none';
          }).map(e => parseFloat(getComputedStyle(e).fontSize));
          return {smallest_px: Math.min(...sizes), elements: sizes.length};
        })()"""
        return tools.send(
            "Runtime.evaluate", {"expression": script, "returnByValue": True}, session=session
        )["result"]["value"]
    finally:
        browser.terminate()
        browser.wait(timeout=20)
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_2020_scorecard_prints_on_one_a4_page_with_readable_type(language: str) -> None:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: 'make test' installs Debian's chromium"
    html = rendered_demo_scorecard(language)
    check = check_page(html, SCREENSHOTS / f"scorecard-wales-2020-{language}.png")
    assert check.problems == []
    assert check.facts["width"] <= 1000, "the page is wider than the window: a table overflows"
    assert check.pdf_pages == 1, f"the {language} scorecard should print on one A4 page"
    facts = _print_facts(html)
    assert facts["elements"] > 300  # every cell's text was measured
    smallest_pt = facts["smallest_px"] * 72 / 96
    assert smallest_pt >= FLOOR_PT - 0.01, f"printed type of {smallest_pt:.2f}pt"
