"""The messages the code and templates use, and bringing the catalogues up to date with them.

`python -m pm.i18n.extract` (`make catalogue`) rewrites `locales/pm.pot` from the code and the
templates and merges it into each language's catalogue: new words appear there untranslated
for the translator, words no longer used are dropped. `tests/test_catalogue.py` uses
`used_messages` to check the catalogues hold exactly the words in use, each translated.
`python -m pm.i18n.extract --fill cy words.tsv` writes a list of translations into the
Welsh catalogue. Works in a source checkout (it reads `src/pm` and `templates/`).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pm import resources
from pm.i18n.active import LANGUAGES
from pm.i18n.catalogue import DOMAIN, catalogue_path, template_path

# The names the code and templates translate with (Babel's defaults cover them: _, N_,
# gettext, ngettext, pgettext).
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


@dataclass
class Used:
    """Messages keyed by (context, id), with the files that use each (relative paths)."""

    messages: dict[tuple[str | None, str | tuple[str, ...]], set[str]] = field(default_factory=dict)

    def add(self, context: str | None, message: str | tuple[str, ...], where: str) -> None:
        self.messages.setdefault((context, message), set()).add(where)


def source_files(root: Path) -> list[tuple[str, Path]]:
    """(extraction method, file) for every file that may hold a word for the catalogue."""
    files = [("python", p) for p in sorted((root / "src" / "pm").rglob("*.py"))]
    files += [("jinja2.ext:babel_extract", p) for p in sorted((root / "templates").glob("*.j2"))]
    return files


def used_messages(root: Path | None = None) -> Used:
    from babel.messages.extract import extract_from_file

    root = root or resources.shipped_root()
    used = Used()
    for method, path in source_files(root):
        options = JINJA_OPTIONS if method != "python" else None
        for _line, message, _comments, context in extract_from_file(method, path, options=options):
            used.add(context, message, path.relative_to(root).as_posix())
    return used


def template_catalog(used: Used):
    from babel.messages.catalog import Catalog

    catalog = Catalog(domain=DOMAIN, project="pm", fuzzy=False, header_comment=_HEADER_COMMENT)
    for (context, message), places in sorted(used.messages.items(), key=_sort_key):
        catalog.add(message, context=context, locations=[(p, None) for p in sorted(places)])
    return catalog


def update_catalogues(root: Path | None = None) -> list[Path]:
    """Rewrite the template and merge it into every language's catalogue; the files written."""
    from babel.messages.pofile import read_po

    template = template_catalog(used_messages(root))
    written = [_write(template_path(), template)]
    for code in LANGUAGES:
        path = catalogue_path(code)
        if path.exists():
            with path.open("rb") as source:
                catalog = read_po(source, locale=code, domain=DOMAIN)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=code, domain=DOMAIN, project="pm")
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        catalog.header_comment = _LANGUAGE_HEADER.get(code, _HEADER_COMMENT)
        written.append(_write(path, catalog))
    return written


def fill(code: str, translations_file: Path) -> int:
    """Write a translator's words into `code`'s catalogue: one `English<TAB>translation` per
    line (`context|English` for a word with a context); the number of words filled. A word
    the catalogue does not hold is refused, so a list cannot drift from the code."""
    from babel.messages.pofile import read_po

    path = catalogue_path(code)
    with path.open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    filled = 0
    for number, line in enumerate(translations_file.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        english, _tab, translated = line.partition("\t")
        context, _bar, english = english.rpartition("|") if "|" in english else ("", "", english)
        message = catalog.get(english, context=context or None)
        if message is None or not translated.strip():
            raise SystemExit(f"{translations_file}:{number}: {english!r} is not in the catalogue")
        if isinstance(message.id, tuple):  # a plural: each form after a tab, or one for all
            forms = [form.strip() for form in translated.split("\t")]
            message.string = tuple(forms * catalog.num_plurals if len(forms) == 1 else forms)
        else:
            message.string = translated.strip()
        filled += 1
    _write(path, catalog)
    return filled


def _write(path: Path, catalog) -> Path:
    from babel.messages.pofile import write_po

    catalog.project, catalog.version = "pm", ""
    catalog.msgid_bugs_address = "the pm project's issues"
    catalog.creation_date = catalog.revision_date = _FIXED_DATE
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def _sort_key(item):
    (context, message), _places = item
    return (message if isinstance(message, str) else message[0], context or "")


_HEADER_COMMENT = """\
# The fixed words of pm's reports, charts, workbooks and data return.
# Made by `make catalogue` from the code and templates; translate in <language>/LC_MESSAGES/pm.po."""

_LANGUAGE_HEADER = {
    "en": _HEADER_COMMENT
    + "\n# English: an empty msgstr shows the msgid itself, which is the English.",
    "cy": _HEADER_COMMENT
    + """
# Welsh: pm's own first translation of its fixed words, to be checked by the council's translator
# (a council may keep its own copy: see technical_guidance/welsh.md). The official Welsh titles
# of measures, standards and outcomes are not here: they are in the definitions, with sources.""",
}

# A fixed date keeps the files byte-identical from run to run (git has the real history).
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fill"]:  # python -m pm.i18n.extract --fill cy words.tsv
        print(f"{fill(sys.argv[2], Path(sys.argv[3]))} words filled")
        sys.exit(0)
    for written in update_catalogues():
        print(written.relative_to(resources.shipped_root()).as_posix())
    sys.exit(0)
