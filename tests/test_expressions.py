"""The rule language: what it accepts, what it refuses (with which code), and that any text
at all gives either a checked expression or an ExpressionError, never another exception."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pm.definitions.expressions import (
    ANY,
    BOOLEAN,
    DATE,
    DATETIME,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    NUMBER,
    PERIOD_VALUES,
    RELATED,
    TEXT,
    Expression,
    ExpressionError,
    Scope,
    parse,
)
from pm.definitions.problems import CATALOGUE

SCOPE = Scope(
    columns={
        "report_received_date": DATE,
        "enquiry_completed_date": DATE,
        "start_time": DATETIME,
        "end_time": DATETIME,
        "age": NUMBER,
        "outcome": TEXT,
        "sex": TEXT,
        "team": TEXT,
        "flag": BOOLEAN,
    },
    dataset="contacts",
    parameters={"timescale": NUMBER},
    related={"reviews": {"review_date": DATE, "outcome": TEXT}},
    codes={"outcome": ["advice", "assessment", "signposted"], "sex": ["F", "M"]},
    related_codes={"reviews": {"outcome": ["closed", "open"]}},
)
MATCH_SCOPE = dataclasses.replace(SCOPE, related_columns_allowed=frozenset({"reviews"}))

# One sample argument of each kind a function can take.
SAMPLE = {
    DATE: "report_received_date",
    DATETIME: "start_time",
    NUMBER: "3",
    TEXT: "'2024-01-31'",
    BOOLEAN: "flag",
    ANY: "outcome",
    RELATED: "reviews",
}
OUTPUT_KINDS = {DATE, DATETIME, NUMBER, TEXT, BOOLEAN}
OUTPUT_KINDS |= {f"list:{kind}" for kind in (NUMBER, TEXT, BOOLEAN)}


def code_of(text: str, scope: Scope = SCOPE) -> str:
    with pytest.raises(ExpressionError) as caught:
        parse(text, scope)
    assert caught.value.code in CATALOGUE
    assert caught.value.message.strip()
    return caught.value.code


# --------------------------------------------------------------------------- accepted


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("age >= 18", BOOLEAN),
        ("18 <= age < 65", BOOLEAN),
        ("report_received_date <= enquiry_completed_date <= period_end", BOOLEAN),
        ("age > 1 and not flag or sex == 'F'", BOOLEAN),
        ("(age > 1 or flag) and outcome != 'advice'", BOOLEAN),
        ("outcome in ['advice', 'assessment']", BOOLEAN),
        ("outcome not in ('advice',)", BOOLEAN),
        ("age in [1, 2, 3.5]", BOOLEAN),
        ("'F' == sex", BOOLEAN),
        ("age + 1 * 2 - 3 / 4", NUMBER),
        ("-age < +timescale", BOOLEAN),
        ("flag", BOOLEAN),
        ("flag == True", BOOLEAN),
        ("report_received_date", DATE),
        ("start_time < end_time", BOOLEAN),
        ("report_received_date < start_time", BOOLEAN),
        ("report_received_date >= date('2023-04-01')", BOOLEAN),
        ("team == 'any text at all'", BOOLEAN),
        ("working_days(report_received_date, enquiry_completed_date) <= timescale", BOOLEAN),
        ("count(reviews) >= 2 and exists(reviews)", BOOLEAN),
        ("add_months(report_received_date, 3) <= period_end", BOOLEAN),
    ],
)
def test_accepted_forms(text: str, kind: str) -> None:
    parsed = parse(text, SCOPE)
    assert isinstance(parsed, Expression)
    assert parsed.kind == kind
    assert parsed.text == text


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_accepts_its_argument_kinds(name: str) -> None:
    function = FUNCTIONS[name]
    arguments = ", ".join(SAMPLE[kind] for kind in function.arguments)
    assert parse(f"{name}({arguments})", SCOPE).kind == function.result


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_refuses_one_argument_too_many(name: str) -> None:
    arguments = [SAMPLE[kind] for kind in FUNCTIONS[name].arguments]
    arguments.append(arguments[-1])
    assert code_of(f"{name}({', '.join(arguments)})") == "expression-arguments"


@pytest.mark.parametrize("name", sorted(PERIOD_VALUES))
def test_period_values_have_their_kind(name: str) -> None:
    assert parse(name, SCOPE).kind == PERIOD_VALUES[name][0]


def test_names_used_are_recorded() -> None:
    parsed = parse("working_days(report_received_date, period_end) <= timescale and age > 1", SCOPE)
    assert parsed.columns == {"report_received_date", "age"}
    assert parsed.parameters == {"timescale"}
    assert parsed.related == frozenset()
    assert parse("exists(reviews)", SCOPE).related == {"reviews"}


def test_related_column_is_allowed_inside_its_match_rule() -> None:
    text = "reviews.review_date >= report_received_date and reviews.outcome == 'closed'"
    parsed = parse(text, MATCH_SCOPE)
    assert parsed.kind == BOOLEAN
    assert parsed.related == {"reviews"}


def test_related_column_is_refused_outside_a_match_rule() -> None:
    assert code_of("reviews.review_date >= report_received_date") == "expression-forbidden"


def test_unknown_related_column_in_a_match_rule() -> None:
    assert code_of("reviews.reveiw_date > period_start", MATCH_SCOPE) == "unknown-column"


def test_related_code_value_is_checked() -> None:
    assert code_of("reviews.outcome == 'clsoed'", MATCH_SCOPE) == "unknown-code"


def test_whitespace_and_line_breaks_are_allowed() -> None:
    assert parse("age > 1\n  and\n  flag", SCOPE).kind == BOOLEAN


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # outside the language
        ("age.__class__", "expression-forbidden"),
        ("x.__class__", "expression-forbidden"),
        ("outcome.upper() == 'A'", "expression-forbidden"),
        ("__import__('os').system('x')", "expression-forbidden"),
        ("__import__('os')", "expression-forbidden"),
        ("__builtins__", "expression-forbidden"),
        ("_private > 1", "expression-forbidden"),
        ("lambda: 1", "expression-forbidden"),
        ("(lambda: True)()", "expression-forbidden"),
        ("[a for a in [1]]", "expression-forbidden"),
        ("any(x for x in [1])", "expression-unknown-function"),
        ("{1: 2}", "expression-forbidden"),
        ("{1, 2}", "expression-forbidden"),
        ("outcome[0] == 'a'", "expression-forbidden"),
        ("outcome[1:] == 'a'", "expression-forbidden"),
        ("enquiry_completed_date is None", "expression-forbidden"),
        ("enquiry_completed_date is not None", "expression-forbidden"),
        ("is_missing(None)", "expression-forbidden"),
        ("flag & flag", "expression-forbidden"),
        ("flag | flag", "expression-forbidden"),
        ("~age > 1", "expression-forbidden"),
        ("age ** 2 > 1", "expression-forbidden"),
        ("age % 2 == 0", "expression-forbidden"),
        ("age // 2 == 0", "expression-forbidden"),
        ("f'{age}' == '1'", "expression-forbidden"),
        ("(x := 1) > 0", "expression-forbidden"),
        ("1 if flag else 2", "expression-forbidden"),
        ("known(*outcome)", "expression-forbidden"),
        ("outcome in [sex]", "expression-forbidden"),
        ("age > ...", "expression-forbidden"),
        ("age > 1j", "expression-forbidden"),
        # functions
        ("eval('1')", "expression-unknown-function"),
        ("open('x')", "expression-unknown-function"),
        ("workingdays(report_received_date, period_end) > 1", "expression-unknown-function"),
        ("working_days(report_received_date, b=period_end) > 1", "expression-arguments"),
        ("working_days(report_received_date) > 1", "expression-arguments"),
        ("known() ", "expression-arguments"),
        ("date(1) < period_end", "expression-arguments"),
        ("date('2024-02-30') < period_end", "expression-arguments"),
        ("working_days > 1", "expression-arguments"),
        ("reviews", "expression-arguments"),
        ("exists(nope)", "unknown-related"),
        ("exists(age)", "unknown-related"),
        # kinds
        ("report_received_date > 5", "expression-type"),
        ("5 < report_received_date", "expression-type"),
        ("report_received_date + 1 > period_end", "expression-type"),
        ("report_received_date - enquiry_completed_date > 7", "expression-type"),
        ("age == 'x'", "expression-type"),
        ("flag and age", "expression-type"),
        ("not age", "expression-type"),
        ("-outcome == 'a'", "expression-type"),
        ("'a' in outcome", "expression-type"),
        ("age in ['a', 'b']", "expression-type"),
        ("outcome in ['a', 1]", "expression-type"),
        ("outcome == ['advice']", "expression-type"),
        # names and codes
        ("nosuch > 1", "unknown-column"),
        ("outcome == 'advise'", "unknown-code"),
        ("'advise' != outcome", "unknown-code"),
        ("outcome in ['advice', 'advise']", "unknown-code"),
        ("sex == 'f'", "unknown-code"),
        # syntax
        ("", "expression-syntax"),
        ("   ", "expression-syntax"),
        ("age >", "expression-syntax"),
        ("age > 1;", "expression-syntax"),
        ("import os", "expression-syntax"),
        ("outcome in []", "expression-syntax"),
        ("a\x00b", "expression-syntax"),
    ],
)
def test_refused_forms_have_their_code(text: str, code: str) -> None:
    assert code_of(text) == code


def test_wrong_argument_kind_is_an_arguments_problem() -> None:
    # The catalogue: expression-arguments is "a function is called with the wrong number
    # or kind of arguments"; expression-type is for comparing or combining values.
    assert code_of("working_days(age, enquiry_completed_date) > 1") == "expression-arguments"
    text = "add_days(report_received_date, period_end) < period_end"
    assert code_of(text) == "expression-arguments"


def test_unknown_code_suggests_the_nearest_code() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("outcome == 'advise'", SCOPE)
    assert caught.value.code == "unknown-code"
    assert "did you mean 'advice'?" in caught.value.message
    assert "advice, assessment, signposted" in caught.value.message


def test_unknown_column_suggests_the_nearest_name() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse("timescal > 1", SCOPE)
    assert caught.value.code == "unknown-column"
    assert "did you mean 'timescale'?" in caught.value.message
    assert "contacts" in caught.value.message


def test_too_long_is_refused_just_past_the_limit() -> None:
    at_limit = "flag or " * ((MAX_LENGTH - 4) // 8) + "flag"
    assert len(at_limit) <= MAX_LENGTH
    assert parse(at_limit, SCOPE).kind == BOOLEAN
    too_long = at_limit + " or flag" * 2
    assert len(too_long) > MAX_LENGTH
    assert code_of(too_long) == "expression-too-long"


def test_too_deep_is_refused() -> None:
    assert code_of("not " * (MAX_DEPTH + 5) + "flag") == "expression-too-long"
    assert code_of("-" * (MAX_DEPTH + 5) + "age > 0") == "expression-too-long"


def test_shallow_nesting_is_fine() -> None:
    assert parse("not " * 10 + "flag", SCOPE).kind == BOOLEAN


# --------------------------------------------------------------------------- fuzzing

TOKENS = [
    *SCOPE.columns,
    *SCOPE.parameters,
    *PERIOD_VALUES,
    *FUNCTIONS,
    "reviews",
    "reviews.outcome",
    "nosuch",
    "__import__",
    "__class__",
    "_x",
    "os",
    "system",
    "eval",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ".",
    ":",
    ":=",
    ";",
    "*",
    "**",
    "+",
    "-",
    "/",
    "//",
    "%",
    "@",
    "&",
    "|",
    "^",
    "~",
    "<",
    "<=",
    ">",
    ">=",
    "==",
    "!=",
    "=",
    "<<",
    ">>",
    "and",
    "or",
    "not",
    "in",
    "is",
    "None",
    "True",
    "False",
    "lambda",
    "if",
    "else",
    "for",
    "yield",
    "await",
    "import",
    "...",
    "0",
    "1",
    "7",
    "-1",
    "1.5",
    "1e400",
    "1j",
    "0x10",
    "'advice'",
    "'advise'",
    "'F'",
    "'2024-01-31'",
    "'2024-02-30'",
    '"x"',
    "f'{age}'",
    "b'x'",
    "'''",
    "\\",
    "#",
    "\n",
    "\t",
    "\x00",
    "é",
    "ｘ",
]


def token_soup() -> st.SearchStrategy[str]:
    joiner = st.sampled_from([" ", "", "  "])
    return st.tuples(st.lists(st.sampled_from(TOKENS), max_size=25), joiner).map(
        lambda parts: parts[1].join(parts[0])
    )


def must_be_expression_or_expression_error(text: str, scope: Scope) -> None:
    try:
        parsed = parse(text, scope)
    except ExpressionError as problem:
        assert problem.code in CATALOGUE
        return
    assert isinstance(parsed, Expression)
    assert parsed.kind in OUTPUT_KINDS


FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Python's parser warns (SyntaxWarning) on text such as '1and'; a warning is not a failure.
@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(st.text(max_size=200))
@example("(" * 200 + "age" + ")" * 200)
@example("-" * 5000 + "1")
@example("[" * 300)
@example("age" + " < age" * 160)
@example("9" * 999)
@example("'\\N{BOGUS}'")
@example("\x00")
def test_random_text_gives_an_expression_or_an_expression_error(text: str) -> None:
    must_be_expression_or_expression_error(text, SCOPE)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
@FUZZ
@given(token_soup(), st.booleans())
def test_expression_like_token_soup_gives_an_expression_or_an_expression_error(
    text: str, in_match_rule: bool
) -> None:
    must_be_expression_or_expression_error(text, MATCH_SCOPE if in_match_rule else SCOPE)
