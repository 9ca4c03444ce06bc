"""The HTML reports in a real browser: headless Chromium (Debian's package, installed by
`make test`) must load each without console errors, failed loads or broken images, draw
every chart, and print it on A4. A full-page screenshot of each is kept in
out/browser-check/ for a person to look at. The HTML must also parse strictly."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from chromium_check import CHROMIUM, check_page
from report_helpers import REPO_ROOT, rendered_sample, rendered_workspace_sample

SCREENSHOTS = REPO_ROOT / "out" / "browser-check"
REPORTS = ["annual_report", "scorecard", "indicator_page", "exceptions", "directors_report"]


@pytest.mark.parametrize("template", REPORTS)
def test_report_html_is_well_formed(template: str) -> None:
    html = rendered_sample(template, ".html").read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(html)  # raises on any parse error
    assert document.find("head/title") is not None
    assert document.find("head/style") is not None
    assert not document.findall(".//script") and not document.findall(".//link")


@pytest.mark.parametrize("template", REPORTS)
def test_report_opens_cleanly_in_chromium(
    template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: 'make test' installs Debian's chromium"
    html = rendered_sample(template, ".html")
    check = check_page(html, SCREENSHOTS / f"{template}-cardiff.png")
    with capsys.disabled():
        print(
            f"\n  browser check screenshot: {check.screenshot} (A4 PDF {check.pdf}, {check.pdf_pages} pages)"
        )
    assert check.problems == []
    facts = check.facts
    assert facts["images"] == facts["svgs_without_title"] == facts["empty_svgs"] == 0
    assert facts["tables"] >= 1 and facts["band_cells"] >= 20
    assert facts["width"] <= 1000, "the page is wider than the window: a table overflows"
    assert check.pdf_pages >= 1
    if template == "scorecard":
        assert check.pdf_pages == 1, "the scorecard should print on one A4 page"
    if template in ("annual_report", "indicator_page", "directors_report"):
        assert facts["svgs"] >= 20  # trend and council charts (and pictograms)
    assert check.screenshot is not None and check.screenshot.stat().st_size > 20_000


@pytest.mark.parametrize("template", ["scorecard", "annual_report"])
def test_reports_with_a_comparator_group_open_cleanly_and_the_scorecard_fits_a_page(
    template: str,
) -> None:
    """The group's columns (value, comparison, rank) must not push the scorecard onto a
    second page or a table past the window."""
    html = rendered_workspace_sample(template, ".html")
    text = html.read_text(encoding="utf-8")
    assert "cities" in text and " of 3" in text  # the group and a rank within it are shown
    check = check_page(html, SCREENSHOTS / f"{template}-cardiff-with-group.png")
    assert check.problems == []
    assert check.facts["width"] <= 1000, "the page is wider than the window: a table overflows"
    assert check.facts["images"] == check.facts["svgs_without_title"] == 0
    if template == "scorecard":
        assert check.pdf_pages == 1, "the scorecard should print on one A4 page"


@pytest.mark.parametrize("template", REPORTS)
def test_report_html_is_navigable_without_sight(template: str) -> None:
    """What an accessibility checker looks at first: a page language, headings that never
    skip a level, ids that are unique, every aria-labelledby pointing at an element, column
    headers with a scope, and every chart named with a title and a description."""
    html = rendered_sample(template, ".html").read_text(encoding="utf-8")
    document = html5lib.parse(html, namespaceHTMLElements=False)
    assert document.get("lang") == "en-GB"
    levels = [
        int(e.tag[1]) for e in document.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not skips, f"headings skip a level: {skips[:3]}"
    ids = [e.get("id") for e in document.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids are not unique"
    for element in document.iter():
        for target in (element.get("aria-labelledby") or "").split():
            assert target in ids, f"aria-labelledby points at no element: {target}"
    headers = document.findall(".//thead//th")
    assert headers and all(th.get("scope") == "col" for th in headers)
    for chart in document.findall(".//svg"):
        assert chart.find("title") is not None and chart.find("desc") is not None
