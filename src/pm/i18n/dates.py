"""Dates and months as the language writes them (Welsh month names from Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt

from pm.i18n.active import current_language

_LOCALES = {"en": "en_GB", "cy": "cy"}


def _locale() -> str:
    return _LOCALES[current_language()]


def format_day(day: dt.date) -> str:
    """'31 March 2025' / '31 Mawrth 2025'."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=_locale())


def month_name(month: int) -> str:
    """'March' / 'Mawrth' (stand-alone form, as a heading or axis label)."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", context="stand-alone", locale=_locale())[month])


def month_year(day: dt.date) -> str:
    """'March 2025' / 'Mawrth 2025': a month of a monthly series."""
    from babel.dates import format_date

    return format_date(day, "LLLL y", locale=_locale())
