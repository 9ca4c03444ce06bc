"""Issue 14 §7, user templates: a template that extends or includes itself, `range(10**9)`,
`{{ "a" * 2000000000 }}` or a loop without end was "an unexpected problem in pm" (or ran
for ever). Each is now the template's mistake, named by its file (as the user knows it) and
line, and rendering has limits (size, loop steps, calls, widths, numbers, time) that end in
one clear error; nothing is written."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from engine_helpers import run_pm
from report_helpers import CARDIFF, small_rows, write_csv

from pm.definitions.loader import load_definitions
from pm.errors import PmError
from pm.reporting.context import ReportScope, build_context
from pm.reporting.limits import Limits
from pm.reporting.render import render
from pm.reporting.results import published_results, read_results


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    definitions = load_definitions(check=False)
    results = write_csv(small_rows(), tmp_path_factory.mktemp("limits") / "results.csv")
    table = published_results(read_results(results))
    return build_context(table, definitions, ReportScope(area=CARDIFF, year="2023-24"), "mine")


def _refusal(
    context: dict,  # type: ignore[type-arg]
    templates: Path,
    files: dict[str, str],
    limits: Limits | None = None,
    kind: str = "html",
) -> str:
    templates.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (templates / name).write_text(text, encoding="utf-8")
    with pytest.raises(PmError) as raised:
        render(context, "mine", kind, templates, limits)
    message = str(raised.value)
    assert "\n" not in message
    assert str(templates.resolve()) not in message  # never a machine path
    return message


SELF = {
    "extends itself": ({"mine.html.j2": '{% extends "mine.html.j2" %}'}, ("mine.html.j2, line 1",)),
    "includes itself": (
        {"mine.html.j2": 'a\n{% include "mine.html.j2" %}'},
        ("mine.html.j2, line 2",),
    ),
    "includes another that includes it": (
        {
            "mine.html.j2": '{% include "_b.html.j2" %}',
            "_b.html.j2": 'b\n\n{% include "mine.html.j2" %}',
        },
        ("_b.html.j2, line 3", "mine.html.j2, line 1"),
    ),
    "a macro that calls itself": (
        {"mine.html.j2": "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}"},
        ("mine.html.j2, line 1",),
    ),
}


@pytest.mark.parametrize("case", SELF, ids=str)
def test_a_template_that_uses_itself_without_end_is_named_with_its_line(
    context: dict,  # type: ignore[type-arg]
    tmp_path: Path,
    case: str,
) -> None:
    files, where = SELF[case]
    message = _refusal(context, tmp_path / "T", files)
    assert any(f"T/{place}" in message for place in where)
    assert "itself without end" in message


# template text -> words the message must hold
LIMITED = {
    "range(10**9)": ("{% for i in range(10**9) %}{% endfor %}", "range() of 1,000,000,000"),
    "a * 2000000000": ('{{ "a" * 2000000000 }}', "2,000,000,000 characters"),
    "list * 10**8": ("{{ [1, 2] * 100000000 }}", "200,000,000 characters or items"),
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "loops ran more than",
    ),
    "a loop over a long text": ('{% for c in "a" * 3000000 %}{% endfor %}', "loops ran more"),
    "doubling through a namespace": (
        '{% set ns = namespace(s="ab") %}{% for i in range(40) %}'
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
        "a text of 8,388,608",
    ),
    "center filter": ('{{ "a"|center(2000000000) }}', "width for the center filter"),
    "indent filter": ('{{ "a b"|indent(2000000000) }}', "width for the indent filter"),
    "printf width": ('{{ "%0999999999d" % 1 }}', "field width of 999,999,999"),
    "printf width by star": ('{{ "%*d" % (999999999, 1) }}', "field width of 999,999,999"),
    "format filter width": ('{{ "%0999999999d"|format(1) }}', "field width of 999,999,999"),
    "str.format width": ('{{ "{:>999999999}".format(1) }}', "field width of 999,999,999"),
    "ljust": ('{{ "a".ljust(999999999) }}', "text width of 999,999,999"),
    "replace": ('{{ ("a" * 1000000)|replace("a", "b" * 1000) }}', "replaced text"),
    "join": ('{{ (["a" * 1000000] * 100)|join }}', "joined text of 100,000,000"),
    "slice": ("{{ [1]|slice(1000000000)|list|length }}", "number of slices"),
    "a power": ("{{ 2 ** 1000000 }}", "digits"),
    "squaring in a loop": (
        "{% set ns = namespace(x=3) %}{% for i in range(30) %}"
        "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x > 1 }}",
        "digits",
    ),
}


@pytest.mark.parametrize("case", LIMITED, ids=str)
def test_a_template_beyond_the_limits_is_stopped_with_a_clear_error(
    context: dict,  # type: ignore[type-arg]
    tmp_path: Path,
    case: str,
) -> None:
    text, words = LIMITED[case]
    message = _refusal(context, tmp_path / "T", {"mine.html.j2": text})
    assert "T/mine.html.j2, line 1" in message
    assert words in message


def test_the_report_size_is_limited(context: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    text = '{% for i in range(1000) %}{{ "x" * 100 }}{% endfor %}'
    message = _refusal(context, tmp_path / "T", {"mine.html.j2": text}, Limits(output_chars=5000))
    assert "the report grew beyond 5,000 characters" in message


def test_the_time_is_limited(context: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    text = "{% for i in range(5000) %}{{ i }}{% endfor %}"
    message = _refusal(context, tmp_path / "T", {"mine.html.j2": text}, Limits(seconds=-1))
    assert "took longer than -1 seconds" in message


def test_the_number_of_calls_is_limited(context: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    text = (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}"
        "{{ f(60) }}"
    )
    message = _refusal(context, tmp_path / "T", {"mine.html.j2": text}, Limits(calls=2000))
    assert "more than 2,000 calls" in message


MISTAKES = {
    "undefined variable": ("a\n{{ nothing_here }}", "line 2: 'nothing_here' is undefined"),
    "undefined filter": ("{{ 1 | nofilter }}", "line 1: No filter named 'nofilter'"),
    "syntax error": ("a\nb\n{% for %}", "line 3: Expected an expression"),
    "a missing parent": ('{% extends "nope.html.j2" %}', "cannot include or extend 'nope.html.j2'"),
    "division by zero": ("{{ 1 / 0 }}", "line 1: division by zero"),
    "a float too large": ("{{ 1.5 ** 100000 }}", "a number too large to work out"),
    "python internals": ('{{ "".__class__ }}', "may not do"),
}


@pytest.mark.parametrize("case", MISTAKES, ids=str)
def test_a_template_mistake_names_the_template_file_and_line(
    context: dict,  # type: ignore[type-arg]
    tmp_path: Path,
    case: str,
) -> None:
    text, words = MISTAKES[case]
    message = _refusal(context, tmp_path / "T", {"mine.html.j2": text})
    assert "T/mine.html.j2" in message
    assert words in message


def test_a_markdown_template_has_the_same_limits(context: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    message = _refusal(context, tmp_path / "T", {"mine.md.j2": '{{ "a" * 2000000000 }}'}, kind="md")
    assert "T/mine.md.j2, line 1" in message


def test_an_ordinary_user_template_still_renders(context: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    templates = tmp_path / "T"
    templates.mkdir()
    (templates / "mine.html.j2").write_text(
        "{% for m in measures %}{{ m.id }};{% endfor %}", encoding="utf-8"
    )
    text = render(context, "mine", "html", templates)
    assert context["measures"]
    assert text.split(";")[:-1] == [m["id"] for m in context["measures"]]


# --- the command line: one line, exit 1, nothing written, the earlier report kept --------------


@pytest.mark.parametrize(
    "body",
    [
        '{% extends "mine.html.j2" %}',
        "{% for i in range(10**9) %}{% endfor %}",
        '{{ "a" * 2000000000 }}',
        "{{ nothing_here }}",
    ],
)
def test_the_command_line_names_the_template_and_writes_nothing(tmp_path: Path, body: str) -> None:
    results = write_csv(small_rows(), tmp_path / "results.csv")
    (tmp_path / "T").mkdir()
    (tmp_path / "T" / "mine.html.j2").write_text(body, encoding="utf-8")
    earlier = tmp_path / "out" / "mine.html"
    earlier.parent.mkdir()
    earlier.write_text("the earlier report", encoding="utf-8")
    before = hashlib.sha256(earlier.read_bytes()).hexdigest()
    args = ["report", str(results), "-t", "mine", "--templates", "T", "-a", "Cardiff"]
    done = run_pm([*args, "-y", "2023-24", "-o", "out/mine.html"], cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    [line] = [text for text in done.stderr.splitlines() if text.startswith("error:")]
    assert line.startswith("error: T/mine.html.j2")
    assert "unexpected problem" not in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(earlier.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["mine.html"]
