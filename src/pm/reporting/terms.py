"""The titles a report shows (measures, quality standards, aspects, outcomes, frameworks,
areas) in the language being written.

In English a title is the definition's. In Welsh it is the official Welsh text where the
definitions hold one; else the council's translator's, from its Welsh file (`welsh.yaml`),
marked as the council's own as technical_guidance/welsh.md requires; else the English,
marked as English (`pm.i18n.Foreign`). pm never translates a title itself. Which text wins
is decided once, by `pm.definitions.welsh.welsh_terms`, the rule `pm show --language cy`
and `pm validate --language cy` use too.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from pm.definitions.loader import DefinitionSet
from pm.definitions.welsh import COUNCIL, CouncilTexts, WelshTerm, welsh_terms
from pm.i18n import N_, Foreign, current_language, gettext

COUNCIL_MARK = N_("the council's own translation")


class CouncilOwn(Foreign):
    """The council's own Welsh for a term with no official Welsh text: shown in Welsh, with
    a visible mark saying whose translation it is (a `Foreign` in Welsh, so every report,
    chart and workbook prints the mark as it prints the "(in English)" one)."""

    def __new__(cls, text: str, lang: str = "cy") -> CouncilOwn:
        return super().__new__(cls, text, lang)  # type: ignore[return-value]

    @property
    def mark(self) -> str:
        return f"({gettext(COUNCIL_MARK)})"

    def __html__(self) -> str:
        return Markup('{} <span class="council-mark">{}</span>').format(str(self), self.mark)


def english_only(text: str) -> str:
    """A text the definitions hold only in English (a description, who is counted): on a
    Welsh page, marked as English; an empty text stays empty."""
    if text and current_language() == "cy":
        return Foreign(text, "en")
    return text


class Terms:
    """The Welsh terms of one report's definitions, worked out when first asked for in
    Welsh (an English report never reads them)."""

    def __init__(self, definitions: DefinitionSet, council: CouncilTexts | None = None) -> None:
        self.definitions = definitions
        self.council = council or {}
        self._terms: dict[tuple[str, str, str], WelshTerm] | None = None

    def _welsh(self, group: str, key: str, field: str) -> WelshTerm | None:
        if self._terms is None:
            found = welsh_terms(self.definitions, self.council)
            self._terms = {(t.group, t.key, t.field): t for t in found}
        term = self._terms.get((group, key, field))
        return term if term is not None and term.welsh else None

    def text(self, group: str, key: str, field: str, english: str) -> str:
        """The term `field` (title_cy, short_title_cy, statement_cy) of `key` in `group`, in
        the language being written."""
        if current_language() != "cy" or not english:
            return english
        return _shown(self._welsh(group, key, field), english)

    def title(self, indicator_id: str, english: str) -> str:
        return self.text("indicators", indicator_id, "title_cy", english)

    def short_title(self, indicator_id: str, english: str) -> str:
        """The short title; in Welsh, where there is no Welsh short title, the Welsh title
        (official, else the council's) before the English one."""
        if current_language() != "cy":
            return english
        term = self._welsh("indicators", indicator_id, "short_title_cy") or self._welsh(
            "indicators", indicator_id, "title_cy"
        )
        return _shown(term, english)

    def reference(self, group: str, entry: Any, english_field: str = "title") -> str:
        """A reference entry's title (quality standard, aspect, framework) or statement
        (outcome) in the language being written."""
        english = getattr(entry, english_field)
        return self.text(group, entry.id, f"{english_field}_cy", english)

    def area_name(self, code: str, english: str) -> str:
        """A council's or Wales's name: its Welsh name from councils.yaml in Welsh."""
        if current_language() != "cy":
            return english
        reference = self.definitions.reference
        if reference.wales and code == reference.wales.code:
            return reference.wales.name_cy
        council = next((c for c in reference.councils if c.code == code), None)
        return council.name_cy if council else english_only(english)


def _shown(term: WelshTerm | None, english: str) -> str:
    if term is None or term.welsh is None:
        return Foreign(english, "en")
    return CouncilOwn(term.welsh) if term.origin == COUNCIL else term.welsh
