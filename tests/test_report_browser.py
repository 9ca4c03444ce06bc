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
REPORTS = ["annual_report", "scorecard", "indicator_page", "exceptions"]


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
    if template in ("annual_report", "indicator_page"):
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
