"""The message catalogues hold exactly the words pm uses, each translated (issue 19).

A word used in the code or a template but missing from the catalogue would show in English
on a Welsh page; a word in the catalogue that nothing uses is dead weight for the translator.
`make catalogue` brings the catalogues up to date; the Welsh translator fills what is new.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from pm.i18n import Foreign, gettext, in_language, language
from pm.i18n.catalogue import catalogue_path, template_path
from pm.i18n.extract import used_messages

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")


def read(path):
    with path.open("rb") as source:
        return read_po(source)


def ids(catalog):
    return {(m.context, m.id) for m in catalog if m.id}


def used_ids():
    return set(used_messages().messages)


def test_every_used_word_is_in_each_catalogue_and_no_other():
    used = used_ids()
    for path in (template_path(), catalogue_path("en"), catalogue_path("cy")):
        held = ids(read(path))
        missing = sorted(str(m) for m in used - held)
        unused = sorted(str(m) for m in held - used)
        assert not missing, (
            f"{path.name}: used but not in the catalogue (make catalogue): {missing}"
        )
        assert not unused, f"{path.name}: in the catalogue but used nowhere: {unused}"


def test_every_welsh_word_is_translated():
    catalog = read(catalogue_path("cy"))
    empty = [
        m.id
        for m in catalog
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert not empty, f"Welsh catalogue: no translation yet for {empty}"
    assert not [m.id for m in catalog if m.id and m.fuzzy], "a fuzzy translation is not used"


def test_translations_keep_their_placeholders():
    for message in read(catalogue_path("cy")):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        welsh = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(english[-1]))
        for form in welsh:
            assert sorted(PLACEHOLDER.findall(form)) == wanted, (message.id, form)


def test_a_word_is_welsh_inside_a_welsh_stretch_and_english_outside():
    with language("cy"):
        assert gettext("On target") == "Ar y targed"  # worked out from locales/cy
    assert gettext("On target") == "On target"


def test_a_missing_welsh_title_is_english_and_says_so():
    with language("cy"):
        shown = in_language("Children assessed", None)
        assert isinstance(shown, Foreign) and shown.lang == "en"
        assert shown.__html__() == (
            '<span lang="en-GB">Children assessed</span> '
            '<span class="foreign-mark">(yn Saesneg)</span>'
        )
        assert in_language("Children assessed", "Plant a aseswyd") == "Plant a aseswyd"
    assert not isinstance(in_language("Children assessed", None), Foreign)


@pytest.mark.parametrize("code", ["xx", "fr"])
def test_only_english_and_welsh_are_written(code):
    with pytest.raises(ValueError), language(code):
        pass
