"""The validation summary of a return: what a performance officer checks before sending it.

- `framework`: the year is one of the framework's years (a year outside them never gets
  this far: the return is refused);
- `present`: every measure of the framework has a figure for the year (a withheld figure
  is present, shown empty);
- `parts`: the parts of a count add up to its total, and every part with records has a
  published code where the definition gives codes;
- `change`: each measure's value against last year's, when the extracts hold last year: a
  change of more than `change_limit` per cent up or down is a warning to look at.

Checks are worked out on the full-precision figures; their words never show a figure the
return withholds. The `detail` is written in the language being written (`pm.i18n`): the
return is made inside `with language(code)` for each language asked for; the `check` and
`result` columns are codes, the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pm.definitions.frameworks import STATUS_WORDS, FrameworkStatus, status_for
from pm.definitions.models import Indicator
from pm.definitions.reference import Framework
from pm.engine.rounding import format_number
from pm.i18n import _
from pm.returns.framework import parts_of
from pm.returns.layout import NO_DATA, value_decimals

PASS, WARNING, FAIL, NOT_CHECKED = "pass", "warning", "fail", "not checked"
RESULTS = (PASS, WARNING, FAIL, NOT_CHECKED)
CHECK_COLUMNS = ["check", "code", "indicator", "part", "result", "detail"]
DEFAULT_CHANGE_LIMIT = 50.0
_SAID = {PASS: "passed", WARNING: "to look at", FAIL: "failed", NOT_CHECKED: "not checked"}


@dataclass(frozen=True)
class Check:
    check: str
    code: str
    indicator: str
    part: str
    result: str
    detail: str


@dataclass(frozen=True)
class Year:
    """One year of a return: its label, its lines (full precision) and its published rows,
    in the same order."""

    label: str
    lines: pd.DataFrame
    published: pd.DataFrame


def framework_check(framework: Framework, year: str) -> Check:
    status = status_for(framework, year)
    if status is FrameworkStatus.local:
        detail = _("%(framework)s: local indicators, no national years apply") % {
            "framework": framework.id
        }
    else:
        detail = _("%(year)s is one of the years of %(framework)s (%(years)s): %(status)s") % {
            "year": year,
            "framework": framework.id,
            "years": framework.years,
            "status": _(STATUS_WORDS[status]),
        }
    return Check("framework", "", "", "", PASS, detail)


def presence_checks(this: Year, measures: list[Indicator]) -> list[Check]:
    """A figure for every measure: withheld counts as present; no data or an error does not."""
    checks = []
    totals = _totals(this)
    for indicator in measures:
        line, row = totals[indicator.id]
        status = str(line["status"])
        where = {"dataset": indicator.dataset, "year": this.label, "status": status}
        if line["withheld"]:
            result, detail = PASS, _("present (withheld by disclosure control: shown empty)")
        elif status == NO_DATA and line["coverage"] == "none":
            result = FAIL
            detail = _("missing: no records of this council in %(dataset)s for %(year)s") % where
        elif status == NO_DATA:
            result = FAIL
            detail = _("missing: nothing to count in %(dataset)s for %(year)s") % where
        elif status.startswith("error:"):
            result = FAIL
            detail = _("no figure: %(status)s (run pm compute for the reason)") % where
        else:
            result, detail = PASS, _("present")
        checks.append(Check("present", str(row["code"]), indicator.id, "", result, detail))
    return checks


def parts_checks(this: Year, measures: list[Indicator]) -> list[Check]:
    """Per measure and parts breakdown: the parts add up to the total, all with codes."""
    checks = []
    lines = this.lines
    totals = _totals(this)
    for indicator in measures:
        line, row = totals[indicator.id]
        for breakdown in parts_of(indicator):
            parts = lines[
                (lines["indicator"] == indicator.id)
                & lines["part"].str.startswith(f"{breakdown.name}=")
            ]
            result, detail = _parts_verdict(line, parts, bool(breakdown.part_codes))
            checks.append(
                Check("parts", str(row["code"]), indicator.id, breakdown.name, result, detail)
            )
    return checks


def _parts_verdict(total: pd.Series, parts: pd.DataFrame, coded: bool) -> tuple[str, str]:
    if total["status"] == NO_DATA or str(total["status"]).startswith("error:"):
        return NOT_CHECKED, _("no total to add up to")
    figures = pd.to_numeric(parts["numerator"], errors="coerce").fillna(0.0)
    whole = float(total["numerator"])
    added = float(figures.sum())
    hidden = bool(total["withheld"]) or bool(parts["withheld"].any())
    uncoded = parts[(parts["code"] == "") & (figures > 0)] if coded else parts.iloc[0:0]
    said = {"count": len(parts), "added": format_number(added, 0), "total": format_number(whole, 0)}
    if added != whole and hidden:
        return FAIL, _(
            "the %(count)s parts do not add up to the total (a record in two parts?)"
        ) % said
    if added != whole:
        return FAIL, _(
            "the %(count)s parts do not add up to the total: %(added)s against %(total)s "
            "(a record in two parts?)"
        ) % said
    if len(uncoded):
        said["names"] = ", ".join(label.split("=", 1)[1] for label in uncoded["part"])
        return PASS, _(
            "the %(count)s parts add up to the total; those without a published code "
            "(%(names)s) are reported by pm's name"
        ) % said
    return PASS, _("the %(count)s parts add up to the total") % said


def change_checks(
    this: Year, last: Year | None, measures: list[Indicator], change_limit: float
) -> list[Check]:
    """Each measure's value against last year's; `last` is None when the extracts do not
    hold last year for this council (one line says so)."""
    if last is None:
        return [
            Check(
                "change",
                "",
                "",
                "",
                NOT_CHECKED,
                _("the extracts hold no records of this council for last year: no change checked"),
            )
        ]
    checks = []
    now, before = _totals(this), _totals(last)
    for indicator in measures:
        (line, row), (old, old_row) = now[indicator.id], before[indicator.id]
        result, detail = _change_verdict(
            line, row, old, old_row, indicator, change_limit, last.label
        )
        checks.append(Check("change", str(row["code"]), indicator.id, "", result, detail))
    return checks


def _change_verdict(
    line: pd.Series, row: pd.Series, old: pd.Series, old_row: pd.Series,
    indicator: Indicator, change_limit: float, last: str,
) -> tuple[str, str]:  # fmt: skip
    if line["withheld"] or old["withheld"]:
        return NOT_CHECKED, _("a figure is withheld by disclosure control")
    if row["status"] != "ok":
        return NOT_CHECKED, _("no figure this year")
    if old_row["status"] != "ok":
        return NOT_CHECKED, _("no figure for %(year)s") % {"year": last}
    if "partial" in (line["coverage"], old["coverage"]):
        return NOT_CHECKED, _("the extracts cover only part of one of the years")
    now, before = float(line["value"]), float(old["value"])
    places = value_decimals(indicator)
    moved = _("%(last)s: %(before)s, now %(now)s") % {
        "last": last,
        "before": format_number(old_row["value"], places),
        "now": format_number(row["value"], places),
    }
    if before == 0:
        if now == 0:
            return PASS, _("unchanged (%(moved)s)") % {"moved": moved}
        return WARNING, _("up from 0 (%(moved)s)") % {"moved": moved}
    change = (now - before) / abs(before) * 100
    said = {"change": format_number(abs(change), 0), "moved": moved}
    words = (
        _("up %(change)s%% (%(moved)s)") if change > 0 else _("down %(change)s%% (%(moved)s)")
    ) % said
    if abs(change) > change_limit:
        return WARNING, _("%(words)s: more than %(limit)s%% — check before sending") % {
            "words": words,
            "limit": format_number(change_limit, 0),
        }
    return PASS, words


def holds_figures(year: Year) -> bool:
    """Whether the extracts hold a figure of any measure for the year."""
    totals = year.lines[year.lines["part"] == ""]
    return bool(((totals["coverage"] != "none") & (totals["status"] != NO_DATA)).any())


def _totals(year: Year) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Each measure's total line and published row."""
    found = {}
    for position in range(len(year.lines)):
        line = year.lines.iloc[position]
        if not line["part"]:
            found[str(line["indicator"])] = (line, year.published.iloc[position])
    return found


def all_checks(
    framework: Framework,
    this: Year,
    last: Year | None,
    measures: list[Indicator],
    change_limit: float = DEFAULT_CHANGE_LIMIT,
) -> pd.DataFrame:
    """The validation summary, one row per check, in the order they are listed above."""
    checks = [
        framework_check(framework, this.label),
        *presence_checks(this, measures),
        *parts_checks(this, measures),
        *change_checks(this, last, measures, change_limit),
    ]
    return pd.DataFrame([c.__dict__ for c in checks], columns=CHECK_COLUMNS)


def summary(checks: pd.DataFrame) -> str:
    """One line: how many checks passed, warned, failed or could not be made."""
    counts = checks["result"].value_counts()
    said = [f"{counts.get(r, 0)} {_SAID[r]}" for r in RESULTS if counts.get(r, 0)]
    return f"Validation: {', '.join(said)} ({len(checks)} checks)"
