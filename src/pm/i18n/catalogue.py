"""Reading the message catalogues: `locales/<language>/LC_MESSAGES/pm.po`, through Babel.

The catalogues are kept as text (.po), which reviewers and translators read and git diffs;
each is compiled in memory the first time a run needs it, so no binary file is kept in step
with its source.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from pm import resources

DOMAIN = "pm"


def catalogue_path(code: str) -> Path:
    return resources.locales_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path() -> Path:
    """The catalogue template: every message the code and templates use, untranslated."""
    return resources.locales_dir() / f"{DOMAIN}.pot"


@cache
def translations(code: str):  # -> babel.support.Translations (Babel imported only when needed)
    """The compiled catalogue of `code`; a message missing from it reads in English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with catalogue_path(code).open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def plain_messages(code: str) -> dict[str, str]:
    """`code`'s words that stand alone (no context, no plural forms): English → translation.
    A council may give its own Welsh for any of these (welsh.yaml `words:`)."""
    from babel.messages.pofile import read_po

    with catalogue_path(code).open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and not m.context and isinstance(m.string, str)
    }
