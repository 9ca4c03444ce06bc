"""Analysts' commentary: one Markdown file per indicator and year, rendered safely.

Files live at `<folder>/<year>/<INDICATOR>.md` (for example `commentary/2023-24/PM18.md`).
Commentary is text written by people, so it is never run as a template and never passed
through as HTML: raw HTML and template syntax show literally, images (which would reach
outside a self-contained report) are turned off, and links keep markdown-it's safe-link
check (no `javascript:` links).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

from pm.errors import InputError


class MarkdownText(str):
    """Text that is already Markdown: a Markdown template prints it without escaping."""


@dataclass(frozen=True)
class Commentary:
    """One measure's commentary, as Markdown source and as safe HTML."""

    path: str
    markdown: str
    html: Markup


@cache
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable("table")
    parser.disable("image")
    return parser


def render_commentary_html(markdown: str) -> Markup:
    """Commentary Markdown as HTML; any HTML or template syntax in it stays visible text."""
    return Markup(_parser().render(markdown))


def markdown_for_markdown_report(markdown: str) -> MarkdownText:
    """Commentary to paste into a Markdown report: its Markdown kept, raw HTML made inert."""
    return MarkdownText(str(escape(markdown)).replace("&#39;", "'").replace("&#34;", '"').strip())


def read_commentary(folder: Path | None, year: str, indicator_id: str) -> Commentary | None:
    """The commentary for one measure and year, or None when nobody has written it."""
    if folder is None:
        return None
    path = folder / year / f"{indicator_id}.md"
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
    return Commentary(str(path), text, render_commentary_html(text))


def check_folder(folder: Path | None) -> None:
    if folder is not None and not folder.is_dir():
        raise InputError(
            f"{folder}: no such commentary folder; it should hold one folder per year, "
            "such as 2023-24/PM18.md"
        )
