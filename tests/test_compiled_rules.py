"""Rules are compiled once per run: each indicator's rules are parsed and checked once,
whatever the number of periods, and validation, compute and explain read the same compiled
indicator. The rule language's functions are one registry that the parser, the checker and
the evaluator all read; what a run works out is dropped with the run."""

from __future__ import annotations

import ast
import datetime as dt
import gc
import re
import weakref
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from engine_helpers import CARDIFF, REPO_ROOT, definitions, read, write_extracts
from test_engine_golden import PM18_ROWS

from pm.calendar import parse_period, parse_year_range
from pm.definitions import expressions as ex
from pm.definitions import functions as fn
from pm.definitions.compiled import compile_indicator
from pm.definitions.expressions import parse
from pm.definitions.scope import Scope
from pm.engine import evaluate as engine_evaluate
from pm.engine import in_period
from pm.engine.compute import compute
from pm.engine.evaluate import Context, evaluate

# --------------------------------------------------------------------------- one registry

FRAME = pd.DataFrame(
    {
        "start": pd.to_datetime(["2023-06-01", "2023-12-29", None]),
        "end": pd.to_datetime(["2023-06-12", "2024-01-02", "2024-01-02"]),
        "born": pd.to_datetime(["1950-06-02", "2000-01-01", "1990-05-05"]),
        "at": pd.to_datetime(["2023-06-01 08:00", "2023-06-01 09:30", None]).tz_localize(
            "Europe/London"
        ),
        "later": pd.to_datetime(["2023-06-01 10:00", "2023-06-02 09:30", None]).tz_localize(
            "Europe/London"
        ),
        "n": pd.array([1, 2, None], dtype="Float64"),
        "code": pd.array(["a", None, "c"], dtype="str"),
    }
)
SCOPE = Scope(
    columns={
        "start": ex.DATE,
        "end": ex.DATE,
        "born": ex.DATE,
        "at": ex.DATETIME,
        "later": ex.DATETIME,
        "n": ex.NUMBER,
        "code": ex.TEXT,
    },
    dataset="t",
    related={"others": {"start": ex.DATE}},
)
# Each function called on FRAME (and on `others`: 0, 2 and 1 related records), with its
# result worked out by hand. 1 Jun 2023 (Thu) to 12 Jun: 2, 5, 6, 7, 8, 9, 12 Jun are 7
# working days; 29 Dec 2023 (Fri) to 2 Jan 2024: 30, 31 Dec are a weekend and 1 Jan a bank
# holiday, so 1. The period is 2023-24 (1 April 2023 to 31 March 2024).
CASES: dict[str, tuple[str, list[object]]] = {
    "working_days": ("working_days(start, end)", [7, 1, None]),
    "days_between": ("days_between(start, end)", [11, 4, None]),
    "hours_between": ("hours_between(at, later)", [2.0, 24.0, None]),
    "months_between": ("months_between(born, end)", [876, 288, 403]),
    "age_at": ("age_at(born, end)", [73, 24, 33]),
    "add_months": (
        "add_months(start, n)",
        [dt.date(2023, 7, 1), dt.date(2024, 2, 29), None],
    ),
    "add_days": ("add_days(start, n)", [dt.date(2023, 6, 2), dt.date(2023, 12, 31), None]),
    "add_working_days": (
        "add_working_days(start, n)",
        [dt.date(2023, 6, 2), dt.date(2024, 1, 3), None],
    ),
    "in_period": ("in_period(end)", [True, True, True]),
    "open_on": ("open_on(start, end, date('2023-12-31'))", [False, True, None]),
    "overlaps_period": ("overlaps_period(start, end)", [True, True, None]),
    "is_missing": ("is_missing(code)", [False, True, False]),
    "known": ("known(code)", [True, False, True]),
    "exists": ("exists(others)", [False, True, True]),
    "count": ("count(others)", [0.0, 2.0, 1.0]),
    "date": ("date('2024-02-29')", [dt.date(2024, 2, 29)] * 3),
    "year_of": ("year_of(start)", [2023, 2023, None]),
}


def _plain(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _evaluated(text: str) -> list[object]:
    context = Context(
        frame=FRAME,
        period=parse_period("2023-24"),
        related_counts={"others": pd.Series(pd.array([0, 2, 1], dtype="Int64"))},
    )
    value = evaluate(parse(text, SCOPE).tree, context)
    if not isinstance(value, pd.Series):
        value = pd.Series([value] * len(FRAME))
    return [_plain(v) for v in value.astype(object).tolist()]


def test_the_parser_the_checker_and_the_evaluator_read_one_registry() -> None:
    assert ex.FUNCTIONS is fn.FUNCTIONS
    assert not hasattr(engine_evaluate, "_FUNCTIONS")
    assert set(CASES) == set(fn.FUNCTIONS)
    for name, (text, expected) in CASES.items():
        assert parse(text, SCOPE).kind == fn.FUNCTIONS[name].result, name  # the checker's view
        assert _evaluated(text) == expected, name  # the evaluator's view


def test_a_function_added_to_the_registry_is_parsed_checked_evaluated_and_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Adding a function is one entry: nothing else to edit for the parser, the checker,
    the evaluator or `pm explain`'s workings."""
    entry = fn.Function(
        (ex.NUMBER,), ex.NUMBER, "twice the number", lambda run, n: n * 2, shown=True
    )
    monkeypatch.setitem(fn.FUNCTIONS, "twice", entry)
    assert parse("twice(n) > 3", SCOPE).kind == ex.BOOLEAN
    with pytest.raises(ex.ExpressionError, match="argument 1 of twice"):
        parse("twice(code)", SCOPE)
    assert _evaluated("twice(n)") == [2.0, 4.0, None]
    from pm.definitions.compiled import compile_rule

    rule = compile_rule(("numerator", "rule"), "twice(n) > days_between(start, end)", SCOPE, None)
    assert [ast.unparse(c) for c in rule.shown_calls()] == ["twice(n)", "days_between(start, end)"]


def test_explain_shows_the_calls_of_the_functions_the_registry_marks_as_shown() -> None:
    shown = {name for name, function in fn.FUNCTIONS.items() if function.shown}
    assert shown == {
        "working_days",
        "days_between",
        "hours_between",
        "months_between",
        "age_at",
        "add_months",
        "add_working_days",
    }


def test_the_readme_lists_every_function_of_the_language() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"pm's functions:(.*?)\.\n", readme, flags=re.S)
    assert listed is not None
    assert re.findall(r"`(\w+)`", listed.group(1)) == list(fn.FUNCTIONS)


# --------------------------------------------------------------------------- compiled once


def _folder(tmp_path: Path) -> Path:
    return write_extracts(tmp_path / "data", {"adult_protection_enquiries": PM18_ROWS})


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    calls: list[object] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("years", ["2023-24", "2021-22:2024-25"])
def test_a_compute_parses_each_rule_once_whatever_the_periods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, years: str
) -> None:
    import pm.definitions.compiled as compiled_module
    import pm.engine.prepared as prepared_module

    defs = definitions()
    ids = ["PM18", "PM19", "LOC01"]
    extracts = read(_folder(tmp_path), ["adult_protection_enquiries", "iaa_contacts"])
    rules = 0  # every rule of the three, the implicit team breakdown included
    for i in ids:
        once = compile_indicator(defs.indicators[i], defs)
        rules += len(once.rules) + len(
            set(once.breakdowns) - {b.name for b in once.indicator.breakdowns}
        )
    compiled = _counting(monkeypatch, prepared_module, "compile_indicator")
    parsed = _counting(monkeypatch, compiled_module.ex, "parse")
    periods = parse_year_range(years)
    table = compute(defs, extracts, periods, ids)
    assert set(table["period"]) == {p.label for p in periods}
    assert [indicator.id for indicator in compiled] == ids  # type: ignore[attr-defined]
    assert rules > len(ids)
    assert len(parsed) == rules


def test_validation_and_explain_compile_each_indicator_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pm.definitions.rules as rules_module
    import pm.engine.prepared as prepared_module
    from pm.definitions.rules import check_definitions
    from pm.engine.trail import explain

    defs = definitions()
    checked = _counting(monkeypatch, rules_module, "compile_indicator")
    assert check_definitions(defs) == []
    assert len(checked) == len(defs.indicators)
    compiled = _counting(monkeypatch, prepared_module, "compile_indicator")
    extracts = read(_folder(tmp_path), ["adult_protection_enquiries"])
    trail = explain(defs.indicators["PM18"], defs, extracts, parse_period("2023-24"), CARDIFF)
    assert len(trail) and len(compiled) == 1


def test_a_rule_that_does_not_parse_keeps_its_problem_and_place() -> None:
    defs = definitions()
    indicator = defs.indicators["PM18"]
    broken = indicator.model_copy(
        update={"numerator": indicator.numerator.model_copy(update={"rule": "working_dayz(a)"})}
    )
    compiled = compile_indicator(broken, defs)
    rule = compiled.rule("numerator", "rule")
    assert rule.error is not None and rule.error.code == "expression-unknown-function"
    with pytest.raises(ex.ExpressionError, match="working_dayz"):
        rule.tree  # noqa: B018
    assert all(r.error is None for r in compiled.rules.values() if r is not rule)
    assert len(compiled.rules) > 1


# --------------------------------------------------------------------------- owned by the run


def test_no_module_keeps_a_run_s_extracts_after_the_run(tmp_path: Path) -> None:
    """Two runs in one process (a notebook) share nothing: once a run is over, nothing of
    pm's holds its dataset frames (the period cache belongs to the run)."""
    assert not hasattr(in_period, "_PERIOD_CACHE")
    defs = definitions()
    folder = _folder(tmp_path)
    first = read(folder, ["adult_protection_enquiries"])
    frame = weakref.ref(first.datasets["adult_protection_enquiries"].frame)
    once = compute(defs, first, parse_year_range("2022-23:2023-24"), ["PM18", "PM19"])
    del first
    gc.collect()
    assert frame() is None
    again = compute(
        defs,
        read(folder, ["adult_protection_enquiries"]),
        parse_year_range("2022-23:2023-24"),
        ["PM18", "PM19"],
    )
    pd.testing.assert_frame_equal(once, again)
