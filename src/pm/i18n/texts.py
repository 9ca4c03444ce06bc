"""A text shown in another language than the page's, and how a report marks it.

A Welsh report shows an official Welsh title where one is held (or the council's own
translation); where neither is, it shows the English and says so, never silently:
`Foreign` carries the language the text is really in, and every report marks it wherever it
is printed. In HTML `escape()` (and so Jinja's autoescape, `~` and `_()` with variables) uses
`__html__`: `<span lang="en-GB">…</span>` for screen readers, then a visible "(in English)" in
the page's language. Markdown templates mark it in their `finalize`.
"""

from __future__ import annotations

from markupsafe import Markup

from pm.i18n.active import LANGUAGE_TAGS, N_, current_language, gettext

# What the visible mark says, by the language the text is really in.
MARKS = {"en": N_("in English"), "cy": N_("in Welsh")}


class Foreign(str):
    """`text`, written in `lang`, shown on a page in another language."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Foreign:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self):  # keep the kind and `lang` through copies and pickling
        return (type(self), (str(self), self.lang))

    @property
    def mark(self) -> str:
        """'(in English)', in the language being written."""
        return f"({gettext(MARKS[self.lang])})"

    def __html__(self) -> str:
        return Markup('<span lang="{}">{}</span> <span class="foreign-mark">{}</span>').format(
            LANGUAGE_TAGS[self.lang], str(self), self.mark
        )

    def plain(self) -> str:
        """The text with its mark, for places without markup (a chart, a workbook, an
        attribute)."""
        return f"{self} {self.mark}"

    # Case changes keep the kind and the mark (templates lower-case titles inside sentences).
    def lower(self) -> Foreign:
        return type(self)(str.lower(self), self.lang)

    def upper(self) -> Foreign:
        return type(self)(str.upper(self), self.lang)

    def capitalize(self) -> Foreign:
        return type(self)(str.capitalize(self), self.lang)

    def strip(self, chars: str | None = None) -> Foreign:
        return type(self)(str.strip(self, chars), self.lang)


def in_language(en: str, cy: str | None) -> str:
    """The text for the language being written: the Welsh where it is held, otherwise the
    English, marked as `Foreign` on a Welsh page."""
    if current_language() == "cy":
        return cy if cy else Foreign(en, "en")
    return en


def plain(text: object) -> str:
    """A text with no markup: a `Foreign` one carries its mark in words."""
    return text.plain() if isinstance(text, Foreign) else str(text)
