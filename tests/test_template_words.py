"""Every word a shipped report template writes comes from the catalogue (issue 19).

A word typed into a template's text, or a string of words printed from an expression,
would stay English on a Welsh page. Two checks, each tried on planted mistakes first:

- the template's text, with comments, `{{ }}` and `{% %}` taken out, and in HTML the tags,
  entities and `<code>` elements (commands and file names, never translated) too, holds no
  letter at all;
- a string literal in an expression that reads as words (a capital then a small letter, or
  two letters with a space between them), or that is printed as it stands, is an argument of
  `_()`, `gettext`, `ngettext` or `pgettext`. Codes compared with (`m.unit == "%"`), filter
  and attribute names pass; CSS classes printed into an attribute are listed in ALLOWED.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from pm import resources
from pm.reporting.render import environment

TEMPLATES = resources.templates_dir()
TRANSLATING = {"_", "gettext", "ngettext", "pgettext"}

# Literals that are not words to translate, each with why.
ALLOWED = {
    " is-context",  # a CSS class
    " with-group",  # a CSS class
    "scorecard-page",  # a CSS class (the block body_class)
    "Cymraeg",  # a language's own name, on the link to its part: never translated
    "English",  # likewise
}

_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_CODE_ELEMENT = re.compile(r"<code>.*?</code>", re.S)
_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|\w+);")
_WORDY = re.compile(r"[A-Z][a-z]|[A-Za-z] [A-Za-z]")
_WORDED_ATTRIBUTES = re.compile(r'\s(?:alt|title|aria-label|placeholder)="([^"]*)"')


def text_words(source: str, html: bool) -> list[str]:
    """The runs of letters left in a template's own text."""
    text = _COMMENT.sub("", source)
    if html:  # words in attributes that are read out are words too
        worded = [_CODE.sub(" ", value) for value in _WORDED_ATTRIBUTES.findall(text)]
        text = _CODE.sub(" ", text)
        text = _CODE_ELEMENT.sub(" ", text)
        text = _TAG.sub(" ", text) + " " + " ".join(worded)
        text = _ENTITY.sub(" ", text)
    else:
        text = _CODE.sub(" ", text)
    return re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)*", text)


def literal_words(env: jinja2.Environment, source: str) -> list[str]:
    """The string literals of the template's expressions that should have been translated."""
    tree = env.parse(source)
    translated: set[int] = set()
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in TRANSLATING:
            translated.update(id(arg) for arg in call.args if isinstance(arg, nodes.Const))
    printed = _printed_constants(tree)
    found = []
    for const in tree.find_all(nodes.Const):
        value = const.value
        if not isinstance(value, str) or id(const) in translated or value in ALLOWED:
            continue
        if not re.search(r"[A-Za-z]", value):
            continue
        if _WORDY.search(value) or id(const) in printed:
            found.append(value)
    return found


def _printed_constants(tree: nodes.Node) -> set[int]:
    """Constants an `{{ }}` prints as they stand (directly, as a branch of `x if y else z`,
    or joined with `~`)."""
    printed: set[int] = set()

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Const):
            printed.add(id(node))
        elif isinstance(node, nodes.CondExpr):
            walk(node.expr1)
            if node.expr2 is not None:
                walk(node.expr2)
        elif isinstance(node, nodes.Concat):
            for part in node.nodes:
                walk(part)

    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if not isinstance(child, nodes.TemplateData):
                walk(child)
    return printed


def problems(folder: Path) -> list[str]:
    """What each template in `folder` writes that is not from the catalogue."""
    found = []
    for path in sorted(folder.glob("*.j2")):
        html = ".html." in path.name
        env = environment("html" if html else "md", None)
        source = path.read_text(encoding="utf-8")
        for word in text_words(source, html):
            found.append(f"{path.name}: text {word!r}")
        for literal in literal_words(env, source):
            found.append(f"{path.name}: literal {literal!r}")
    return found


def test_the_shipped_templates_write_no_word_outside_the_catalogue() -> None:
    templates = sorted(p.name for p in TEMPLATES.glob("*.j2"))
    assert len(templates) == 14  # five reports in two formats, two frames, two macro files
    assert problems(TEMPLATES) == []


PLANTED = {
    "a word in the text": ("t.html.j2", "<p>Band: {{ m.band }}</p>", ["text 'Band'"]),
    "a word in a read-out attribute": (
        "t.html.j2",
        '<img alt="Trend chart" src="x">',
        ["text 'Trend'", "text 'chart'"],
    ),
    "a word in Markdown": ("t.md.j2", "| Value | {{ x }} |", ["text 'Value'"]),
    "a printed literal": ("t.html.j2", '{{ "Not available" }}', ["literal 'Not available'"]),
    "a lower-case word printed": (
        "t.md.j2",
        '{{ "aspect" if n == 1 else "aspects" }}',
        ["literal 'aspect'", "literal 'aspects'"],
    ),
    "words joined with ~": ("t.html.j2", '{{ "Measures for " ~ x }}', ["literal 'Measures for '"]),
    "words given to a macro": ("t.html.j2", '{{ ui.head("Scorecard") }}', ["literal 'Scorecard'"]),
    "words as a placeholder's value": (
        "t.html.j2",
        '{{ _("Since %(year)s", year="last year") }}',
        ["literal 'last year'"],
    ),
}


@pytest.mark.parametrize("case", PLANTED, ids=str)
def test_a_planted_word_is_found(tmp_path: Path, case: str) -> None:
    name, source, expected = PLANTED[case]
    (tmp_path / name).write_text(source, encoding="utf-8")
    assert problems(tmp_path) == [f"{name}: {problem}" for problem in expected]


def test_translated_words_codes_and_code_elements_pass(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text(
        '<p class="legend">{{ _("Key:") }} {{ ngettext("%(num)s measure", "%(num)s measures", n) }}'
        '{{ pgettext("band", "Close") }}{% if m.unit == "%" %}%{% endif %}'
        '{{ pages|selectattr("measure.id", "equalto", m.id)|first }}'
        "<code>pm show {{ m.id }}</code>&nbsp;–</p>",
        encoding="utf-8",
    )
    (tmp_path / "t.md.j2").write_text(
        '| {{ _("Value") }} |\n|---|--:|\n**{{ _("Why:") }}** {{ x|join("; ") }}\n',
        encoding="utf-8",
    )
    assert problems(tmp_path) == []
