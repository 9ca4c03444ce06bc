"""The fixed words a report says about a measure, in the language being written: its
Results-Based Accountability question, polarity, type, unit, status, rank in its group and
why it is an exception.

Each is one message of the catalogue (`N_` in the tables, translated when shown), a whole
sentence with named placeholders where a figure or a name goes in, so that the Welsh can
order and mutate its words as Welsh does. `pm show` keeps its own English words
(pm.definitions.describe): the command line stays English.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from pm.definitions.models import Indicator
from pm.definitions.vocab import IndicatorType, Polarity, RbaQuestion
from pm.i18n import N_, Foreign, _, current_language, pgettext, plain

RBA_QUESTIONS = {
    RbaQuestion.how_much: N_("How much did we do?"),
    RbaQuestion.how_well: N_("How well did we do it?"),
    RbaQuestion.better_off: N_("Is anyone better off?"),
}
OTHER_MEASURES = N_("Other measures")

POLARITY_WORDS = {
    Polarity.higher: N_("Higher is better"),
    Polarity.lower: N_("Lower is better"),
    Polarity.none: N_("Contextual: neither higher nor lower is better, so it is not banded"),
}

# Units a report can say in Welsh, as written after a number: the generic ones (time, and
# the nouns of a count); any other unit a definition names is shown in English, marked.
UNITS = {
    "%": "%",
    "days": N_("days"),
    "working days": N_("working days"),
    "weeks": N_("weeks"),
    "months": N_("months"),
    "years": N_("years"),
    "hours": N_("hours"),
    "people": N_("people"),
    "children": N_("children"),
    "assessments": N_("assessments"),
    "contacts": N_("contacts"),
    "enquiries": N_("enquiries"),
    "packages": N_("packages"),
    "reports": N_("reports"),
    "visits": N_("visits"),
    "records": N_("records"),
    "leavers per 100 staff a year": N_("leavers per 100 staff a year"),
    "per 1,000 population aged 75 or over": N_("per 1,000 population aged 75 or over"),
}
_PER = re.compile(r"^per ([\d,]+)$")  # a rate's unit as pm works it out: "per 1,000"

STATUS_WORDS = {
    "withheld": N_("Withheld to protect confidentiality (small numbers)"),
    "no_data": N_("No data for this period"),
    "error": N_("Could not be calculated"),
}


def rba_question(question: RbaQuestion | str) -> str:
    return _(RBA_QUESTIONS[RbaQuestion(question)])


def polarity_words(polarity: Polarity) -> str:
    return _(POLARITY_WORDS[polarity])


def unit_words(unit: str) -> str:
    """A unit as the page writes it: '%' as it is, a known unit in the page's language,
    any other in English (marked on a Welsh page)."""
    known = UNITS.get(unit.strip())
    if known is not None:
        return _(known) if known != "%" else known
    per = _PER.match(unit.strip())
    if per:
        return _("per %(number)s") % {"number": per.group(1)}
    if unit and current_language() == "cy":
        return Foreign(unit, "en")
    return unit


def unit_noun(unit: str) -> str:
    """A unit as a noun standing alone ('total days'): Welsh puts the plural here
    ('diwrnodau') where after a number it puts the singular ('12 diwrnod')."""
    nouns = {
        "days": pgettext("a unit standing alone", "days"),
        "working days": pgettext("a unit standing alone", "working days"),
        "weeks": pgettext("a unit standing alone", "weeks"),
        "months": pgettext("a unit standing alone", "months"),
        "years": pgettext("a unit standing alone", "years"),
        "hours": pgettext("a unit standing alone", "hours"),
    }
    return nouns.get(unit.strip()) or unit_words(unit)


def type_words(indicator: Indicator) -> str:
    """How the figure is worked out, in words: 'Percentage (numerator ÷ denominator × 100)'."""
    kind = indicator.type
    if kind is IndicatorType.percentage:
        return _("Percentage (numerator ÷ denominator × 100)")
    if kind is IndicatorType.rate:
        per = f"{indicator.effective_multiplier:,.0f}"
        return _("Rate per %(per)s (numerator ÷ denominator × %(per)s)") % {"per": per}
    unit = indicator.value.unit if indicator.value and indicator.value.unit else ""
    if kind is IndicatorType.mean:
        if not unit:
            return _("Mean (sum ÷ number of records)")
        return composed(_("Mean %(unit)s (sum ÷ number of records)"), unit=unit_noun(unit))
    if kind is IndicatorType.median:
        return composed(_("Median %(unit)s"), unit=unit_noun(unit)) if unit else _("Median")
    if kind is IndicatorType.count:
        return _("Count")
    return _("Ratio (numerator ÷ denominator)")


def status_words(status: str, suppressed: bool) -> str:
    if suppressed:
        return _(STATUS_WORDS["withheld"])
    if status == "no_data":
        return _(STATUS_WORDS["no_data"])
    if status.startswith("error"):
        return _(STATUS_WORDS["error"])
    return ""


def significance_words(significant: bool | None) -> str:
    """Whether the change since last year is statistically significant ('' when unknown)."""
    if significant is None:
        return ""
    return _("significant") if significant else _("not significant")


def rank_words(rank: int | None, of: int | None) -> str:
    """'2 of 3': the council's place in its group, with no ordinal (Welsh ordinals change
    with the number and the noun; '2 o 3' needs none)."""
    if rank is None or of is None:
        return ""
    return _("%(rank)s of %(of)s") % {"rank": rank, "of": of}


def exception_reasons(measure: dict) -> list[str]:  # type: ignore[type-arg]
    """Why a measure belongs in the exceptions report (empty when it does not)."""
    reasons = []
    if measure["band"]["code"] == "off_target":
        reasons.append(_("Off target"))
    if measure["benchmark"]["code"] == "worse":
        reasons.append(_("Worse than Wales"))
    if measure["comparator"]["code"] == "worse":
        group = measure["comparator_group"]
        if group:
            reasons.append(composed(_("Worse than %(group)s"), group=group))
        else:
            reasons.append(_("Worse than similar councils"))
    if measure["direction"]["code"] == "declined":
        reasons.append(_("Declined since last year"))
    if measure["trend"]["code"] == "worsening":
        reasons.append(_("Worsening trend"))
    return reasons


class Composed(str):
    """A sentence of the page's language with texts put in that may be marked (`Foreign`):
    as text it carries their marks in words; in HTML each keeps its `lang` and mark."""

    html: Markup

    def __new__(cls, text: str, html: Markup) -> Composed:
        made = super().__new__(cls, text)
        made.html = html
        return made

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Composed, (str(self), self.html))

    def __html__(self) -> Markup:
        return self.html


def composed(message: str, **values: object) -> str:
    """`message` (already translated, with `%(name)s` placeholders) with `values` put in;
    a plain `str` unless a value is marked, then a `Composed` that keeps the marks."""
    marked = any(isinstance(v, Foreign | Composed) for v in values.values())
    text = message % {k: plain(v) for k, v in values.items()}
    if not marked:
        return text
    return Composed(text, Markup(escape(message)) % values)
