"""Issue 14 §9: one link rule for commentary in every report format. Links to web pages,
e-mail addresses and relative links stay links; `javascript:`, `data:`, `vbscript:`,
`file:` and every other kind are dropped and their text kept, in HTML, Markdown and Excel."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_helpers import CARDIFF, small_rows, write_csv

from pm.definitions.loader import load_definitions
from pm.reporting.build import ReportRequest, write_report
from pm.reporting.commentary import link_allowed, render_commentary_html, without_refused_links

ALLOWED = [
    "https://gov.wales/social-services",
    "HTTP://EXAMPLE.ORG",
    "mailto:performance@example.gov.uk",
    "annual-report.html",
    "../2022-23/report.html#pm18",
    "#pm18",
    "//example.org/page",
]
REFUSED = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "tel:+441234567890",
    "ms-excel:ofe|u|https://example.org/x.xlsx",
]


@pytest.mark.parametrize("href", ALLOWED)
def test_web_mail_and_relative_links_are_allowed(href: str) -> None:
    assert link_allowed(href)


@pytest.mark.parametrize("href", REFUSED)
def test_every_other_kind_of_link_is_refused(href: str) -> None:
    assert not link_allowed(href)


# Hostile commentary, each line a different way of writing a link, with the text that
# must survive. The last of each pair is an allowed link that must stay a link.
HOSTILE = {
    "inline": ("[see the rota](javascript:alert(1))", "see the rota"),
    "capitals": ("[capitals](JaVaScRiPt:alert(1))", "capitals"),
    "angle brackets": ("[angled](<javascript:alert(1)>)", "angled"),
    "with a title": ('[titled](vbscript:msgbox(1) "a title")', "titled"),
    "data": ("[data page](data:text/html;base64,PHNjcmlwdD4=)", "data page"),
    "file": ("[local file](file:///etc/passwd)", "local file"),
    "entity": ("[entity](&#106;avascript:alert(1))", "entity"),
    "nested brackets": ("[a [nested] text](javascript:alert(1))", "nested"),
    "reference": ("[by reference][bad]\n\n[bad]: javascript:alert(1)", "by reference"),
    "autolink": ("<vbscript:msgbox(1)>", "vbscript:msgbox(1)"),
    "in a table": ("| a |\n|---|\n| [in a cell](data:text/html,x) |", "in a cell"),
}
GOOD = "[the guidance](https://gov.wales/guidance) and [last year](../2022-23/report.html)"


def hrefs_in_html(text: str) -> list[str]:
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(value or "" for name, value in attrs if name in ("href", "src"))

    Links().feed(text)
    return found


def hrefs_in_markdown(text: str) -> list[str]:
    """Every link a Markdown viewer would make of `text` (any target accepted)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda _url: True
    found = []
    for token in parser.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrGet("href") or "")
    return found


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_markdown_source_and_its_html_follow_one_rule(case: str) -> None:
    source, kept = HOSTILE[case]
    cleaned = without_refused_links(f"{source}\n\n{GOOD}\n")
    html = str(render_commentary_html(cleaned))
    for links in (hrefs_in_markdown(cleaned), hrefs_in_html(html)):
        assert links == ["https://gov.wales/guidance", "../2022-23/report.html"]
    assert kept in cleaned and kept in html


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The annual report in the three formats, with every hostile link in the commentary."""
    root = tmp_path_factory.mktemp("links")
    write_csv(small_rows(), root / "results.csv")
    notes = root / "commentary" / "2023-24"
    notes.mkdir(parents=True)
    text = "\n\n".join(source for source, _ in HOSTILE.values())
    (notes / "PM18.md").write_text(f"{text}\n\n{GOOD}\n", encoding="utf-8")
    definitions = load_definitions(check=False)
    written = {}
    for suffix in (".html", ".md", ".xlsx"):
        output = root / f"annual{suffix}"
        write_report(
            ReportRequest(
                results=root / "results.csv",
                template="annual_report",
                output=output,
                area=CARDIFF,
                year="2023-24",
                commentary=root / "commentary",
            ),
            definitions,
        )
        written[suffix] = output
    return written


def test_the_html_report_links_only_where_the_rule_allows(reports: dict[str, Path]) -> None:
    text = reports[".html"].read_text(encoding="utf-8")
    links = [href for href in hrefs_in_html(text) if not href.startswith("#")]
    assert "https://gov.wales/guidance" in links and "../2022-23/report.html" in links
    assert all(link_allowed(href) for href in links), links
    for _, kept in HOSTILE.values():
        assert kept in text


def test_the_markdown_report_links_only_where_the_rule_allows(reports: dict[str, Path]) -> None:
    text = reports[".md"].read_text(encoding="utf-8")
    links = hrefs_in_markdown(text)
    assert "https://gov.wales/guidance" in links and "../2022-23/report.html" in links
    assert all(link_allowed(href) for href in links), links
    for _, kept in HOSTILE.values():
        assert kept in text


def test_the_excel_report_holds_no_refused_link(reports: dict[str, Path]) -> None:
    """The workbook shows no commentary today; whatever it shows must follow the rule:
    no hyperlink to a refused target and no refused target in any cell."""
    with zipfile.ZipFile(io.BytesIO(reports[".xlsx"].read_bytes())) as book:
        parts = {name: book.read(name).decode("utf-8") for name in book.namelist()}
    relationships = "".join(t for n, t in parts.items() if n.endswith(".rels"))
    for scheme in ("javascript:", "vbscript:", "data:text", "file:"):
        assert scheme not in relationships.lower()
        assert not any(scheme in text.lower() for text in parts.values())
