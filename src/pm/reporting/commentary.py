"""Analysts' commentary: one Markdown file per indicator and year, rendered safely.

Files live at `<folder>/<year>/<INDICATOR>.md` (for example `commentary/2023-24/PM18.md`).
Commentary is text written by people, so it is never run as a template and never passed
through as HTML: raw HTML and template syntax show literally, and images (which would reach
outside a self-contained report) are turned off.

Links follow one rule in every format (HTML, Markdown, Excel): a link is kept only when it
goes to a web page (`http:`, `https:`), an e-mail address (`mailto:`), or is relative (a
page or anchor beside the report). Any other (`javascript:`, `data:`, `vbscript:`,
`file:`, ...) is dropped and its text kept. The commentary every format receives has
already been through the rule (`Commentary.markdown`), and the HTML renderer applies it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from pm.errors import InputError
from pm.i18n import Foreign, current_language


class MarkdownText(str):
    """Text that is already Markdown: a Markdown template prints it without escaping."""


@dataclass(frozen=True)
class Commentary:
    """One measure's commentary, as Markdown source and as safe HTML."""

    path: str
    markdown: str
    html: Markup


ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def link_allowed(href: str) -> bool:
    """The link rule of every report format: web pages, e-mail addresses and relative links
    only. Spaces and control characters are ignored first, as browsers ignore them."""
    scheme = _SCHEME.match(_INVISIBLE.sub("", href).lower())
    return scheme is None or scheme.group(1) in ALLOWED_SCHEMES


def _drop_links(state) -> None:  # type: ignore[no-untyped-def]
    """Core rule: a link the rule refuses loses its link, and keeps its text."""
    for token in state.tokens:
        if not token.children:
            continue
        kept, dropping = [], []
        for child in token.children:
            if child.type == "link_open":
                refused = not link_allowed(child.attrGet("href") or "")
                dropping.append(refused)
                if refused:
                    continue
            elif child.type == "link_close" and dropping and dropping.pop():
                continue
            kept.append(child)
        token.children = kept


@cache
def _parser(drop_refused: bool = True):  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.disable("image")
    parser.validateLink = lambda _url: True  # every link is parsed; the rule is _drop_links
    if drop_refused:
        parser.core.ruler.push("drop_links", _drop_links)
    return parser


def render_commentary_html(markdown: str) -> Markup:
    """Commentary Markdown as HTML; any HTML or template syntax in it stays visible text,
    and only links the rule allows are links."""
    return Markup(_parser().render(markdown))


def refused_links(markdown: str) -> list[str]:
    """The link targets in `markdown` that the rule refuses."""
    found = []
    for token in _parser(drop_refused=False).parse(markdown):
        for child in token.children or []:
            if child.type == "link_open" and not link_allowed(child.attrGet("href") or ""):
                found.append(child.attrGet("href") or "")
    return found


_TEXT = r"(?:[^\[\]\\\n]|\\.|\[(?:[^\[\]\\\n]|\\.)*\])*"  # one level of [ ] inside
_INLINE_LINK = re.compile(
    r"\[(" + _TEXT + r")\]"  # [text]
    r"\(\s*(<[^<>\n]*>|(?:[^\s()]|\((?:[^\s()])*\))*)"  # (destination
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"  # "title")
)
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^<>\n]*>|\S+).*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>")
_BRACKETS = re.compile(r"([\[\]<>])")


def _as_parsed(destination: str) -> str:
    """A link destination as Markdown reads it: entities decoded, backslashes dropped."""
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", destination.strip("<>")))


def without_refused_links(markdown: str) -> str:
    """Commentary Markdown with every link the rule refuses turned into its text (a link
    definition the rule refuses is removed). Markdown too tangled for that loses the power
    to make links at all: its brackets are escaped, so everything shows as written."""
    if not refused_links(markdown):
        return markdown

    def inline(match: re.Match[str]) -> str:
        return match.group(0) if link_allowed(_as_parsed(match.group(2))) else match.group(1)

    removed: list[str] = []

    def definition(match: re.Match[str]) -> str:
        if link_allowed(_as_parsed(match.group(2))):
            return match.group(0)
        removed.append(match.group(1).strip())
        return ""

    def autolink(match: re.Match[str]) -> str:
        return match.group(0) if link_allowed(match.group(1)) else match.group(1)

    cleaned = _INLINE_LINK.sub(inline, markdown)
    cleaned = _AUTOLINK.sub(autolink, _DEFINITION.sub(definition, cleaned))
    for label in removed:  # [text][label], [label][] and [label] that used a removed one
        named = r"\s*" + re.escape(label) + r"\s*"
        cleaned = re.sub(r"\[(" + _TEXT + r")\]\[" + named + r"\]", r"\1", cleaned, flags=re.I)
        cleaned = re.sub(r"\[(" + named + r")\](?:\[\])?(?![(:])", r"\1", cleaned, flags=re.I)
    if refused_links(cleaned):
        cleaned = _BRACKETS.sub(r"\\\1", markdown)
    return cleaned


def markdown_for_markdown_report(markdown: str) -> MarkdownText:
    """Commentary to paste into a Markdown report: its Markdown kept, raw HTML made inert."""
    return MarkdownText(str(escape(markdown)).replace("&#39;", "'").replace("&#34;", '"').strip())


def read_commentary(folder: Path | None, year: str, indicator_id: str) -> Commentary | None:
    """The commentary for one measure and year, or None when nobody has written it."""
    return read_commentary_file(folder, year, f"{indicator_id}.md")


def read_commentary_file(folder: Path | None, year: str, relative: str) -> Commentary | None:
    """The commentary file `<folder>/<year>/<relative>` (a measure's, or a section of the
    Director's report such as `directors_report/people/how_do_we_know.md`), or None when
    nobody has written it."""
    if folder is None:
        return None
    path = folder / year / relative
    if not path.is_file():
        return None
    from pm.guard import note_read

    note_read(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as problem:
        raise InputError(
            f"{path}: cannot read this commentary file as UTF-8 text ({problem})"
        ) from None
    if not text.strip():
        return None
    text = without_refused_links(text)
    return Commentary(str(path), text, render_commentary_html(text))


def check_folder(folder: Path | None) -> None:
    if folder is not None and not folder.is_dir():
        raise InputError(
            f"{folder}: no such commentary folder; it should hold one folder per year, "
            "such as 2023-24/PM18.md"
        )


def in_language_file(relative: str, code: str) -> str:
    """The file of a commentary in `code`: `PM18.md` in English, `PM18.cy.md` in Welsh
    (beside it, so a translator finds the one to translate)."""
    if code == "en":
        return relative
    stem = relative.removesuffix(".md")
    return f"{stem}.{code}.md"


def commentary_fields(
    folder: Path | None, year: str, relative: str, shown_folder: str
) -> dict[str, object]:
    """A commentary as a template sees it, in the language being written.

    `commentary` (HTML), `commentary_markdown` and `commentary_plain` (its Markdown as
    written, for a workbook) are the file in the page's language;
    on a Welsh page with no Welsh file they are the English one, inside `lang="en-GB"` and
    followed by the visible "(in English)" mark (a council's English words are not left
    out, nor shown as Welsh). `commentary_written` says whether the page's own language was
    found, and `commentary_file` names that file (the one a draft asks for), relative to the
    workspace: a report never shows a path on someone's machine."""
    code = current_language()
    file = in_language_file(relative, code)
    found = read_commentary_file(folder, year, file)
    html: Markup | None = found.html if found else None
    markdown = markdown_for_markdown_report(found.markdown) if found else None
    plain = found.markdown.strip() if found else ""
    if found is None and code != "en":
        english = read_commentary_file(folder, year, relative)
        if english is not None:
            html, markdown = _marked_english(english)
            plain = Foreign(english.markdown.strip(), "en").plain()
    return {
        "commentary": html,
        "commentary_markdown": markdown,
        "commentary_plain": plain,
        "commentary_written": found is not None,
        "commentary_file": f"{shown_folder}/{year}/{file}",
    }


def _marked_english(english: Commentary) -> tuple[Markup, MarkdownText]:
    """An English commentary on a page in another language: its language set for screen
    readers, and a visible mark in the page's language after it."""
    mark = Foreign("", "en").mark
    html = Markup(
        '<div lang="en-GB" class="foreign">{}</div><p class="foreign-mark">{}</p>'
    ).format(english.html, mark)
    markdown = MarkdownText(f"{markdown_for_markdown_report(english.markdown)}\n\n_{mark}_")
    return html, markdown
