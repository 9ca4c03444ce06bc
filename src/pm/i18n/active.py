"""Which language the words are being written in, and the lookup of one word in it.

The language is a context variable, so a report built in Welsh inside `with language("cy")`
gets Welsh band words from the same code that gives English ones elsewhere, without a
translator object handed through every function.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("en", "cy")
# The `lang` attribute of each language in HTML (BCP 47): Welsh, and British English.
LANGUAGE_TAGS = {"en": "en-GB", "cy": "cy"}

# What a report may be written in: one language, or both (Welsh first, as councils publish).
REPORT_LANGUAGES = {"en": ("en",), "cy": ("cy",), "both": ("cy", "en")}

_ACTIVE: ContextVar[str] = ContextVar("pm_language", default="en")
# The council's translator's own Welsh for some of pm's fixed words (its welsh.yaml `words:`),
# used before the catalogue's while a report of that council is written.
_OWN_WELSH: ContextVar[Mapping[str, str] | None] = ContextVar("pm_own_welsh", default=None)


@contextmanager
def language(code: str) -> Iterator[str]:
    """Write in `code` ('en' or 'cy') until the block ends."""
    if code not in LANGUAGES:
        raise ValueError(f"pm writes en or cy, not {code!r}")
    token = _ACTIVE.set(code)
    try:
        yield code
    finally:
        _ACTIVE.reset(token)


@contextmanager
def own_welsh(words: Mapping[str, str]) -> Iterator[None]:
    """Use the council's own Welsh for these words (English → Welsh) until the block ends."""
    token = _OWN_WELSH.set(dict(words))
    try:
        yield
    finally:
        _OWN_WELSH.reset(token)


def current_language() -> str:
    return _ACTIVE.get()


def gettext(message: str) -> str:
    """`message` (English, as written in the code) in the current language."""
    code = _ACTIVE.get()
    if code == "en":
        return message
    own = (_OWN_WELSH.get() or {}).get(message) if code == "cy" else None
    if own:
        return own
    from pm.i18n.catalogue import translations

    return translations(code).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language (Welsh has six forms)."""
    code = _ACTIVE.get()
    if code == "en":
        return singular if n == 1 else plural
    from pm.i18n.catalogue import translations

    return translations(code).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the usual gettext name, which Babel's extractor knows
    """Mark `message` for the catalogue without translating it now (a word in a table built
    at import time): the code that shows it passes it through `_()` then."""
    return message


_ = gettext


def pgettext(context: str, message: str) -> str:
    """`message` in the current language where the same English word needs two Welsh ones
    (`context` tells the translator which is meant)."""
    code = _ACTIVE.get()
    if code == "en":
        return message
    from pm.i18n.catalogue import translations

    return translations(code).pgettext(context, message)
