"""The fixed words of reports, charts, workbooks and the return, in English or Welsh.

Every fixed word a published output shows is written in English in the code or template and
looked up in the message catalogue of the language being written (`locales/<language>/
LC_MESSAGES/pm.po`, read with Babel). Code marks its words with `_()` (translated where they
are used) or `N_()` (words kept in a table at import time, translated when shown); templates
use `{{ _("...") }}`. The language is set for a stretch of work with `language("cy")`; outside
one, everything is English. pm's own command-line messages stay English.

`tests/test_catalogue.py` keeps the catalogue and the code in step: a word used but not in the
catalogue, or in the catalogue but used nowhere, fails it (`make catalogue` brings the
catalogue up to date with the code, for a translator to fill in).
"""

from pm.i18n.active import (
    LANGUAGE_TAGS,
    LANGUAGES,
    N_,
    REPORT_LANGUAGES,
    _,
    current_language,
    gettext,
    language,
    ngettext,
    own_welsh,
    pgettext,
)
from pm.i18n.dates import format_day, month_name, month_year
from pm.i18n.texts import Foreign, in_language, plain

__all__ = [
    "Foreign",
    "LANGUAGES",
    "LANGUAGE_TAGS",
    "N_",
    "REPORT_LANGUAGES",
    "_",
    "current_language",
    "format_day",
    "gettext",
    "in_language",
    "language",
    "month_name",
    "month_year",
    "ngettext",
    "own_welsh",
    "pgettext",
    "plain",
]
