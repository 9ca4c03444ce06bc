"""Coverage: which councils the extracts hold records for, the dates those records span,
and whether they cover a reporting period fully, partly or not at all.

A council analyst holds their own council's records and nobody else's. A council with no
records in a dataset an indicator counts from therefore has no figure for it (never 0,
whatever the population or reference tables say); a period the records only partly span
(an extract that starts in February covers the year before only partly) is `partial`, kept
for analysts but never used as a previous value, in a trend or in a comparison; and a Wales
figure is computed only when every council is covered.

Each dataset has an event date (`event_date` in its data-item specification, else its first
required date column). Per council, the records' earliest and latest event dates are the
span of the extract. A period is covered in full when the span reaches both ends of the
window of event dates the indicator's period rule reads (the year itself, or the year moved
back by a follow-up such as `add_months(contact_date, 6)`), give or take a slack for the
quiet days at either end: the larger of two weeks and three times the 90th percentile of the
gaps between the council's dated days, so that a sparse dataset is not called partial
because its first record of the year came late.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pm.calendar import Period
from pm.data.reader import Dataset, Extracts
from pm.definitions.models import Indicator
from pm.definitions.vocab import ColumnType, PeriodRule
from pm.engine import keys

FULL, PARTIAL, NONE = "full", "partial", "none"
_RANK = {NONE: 0, PARTIAL: 1, FULL: 2}
MIN_SLACK_DAYS = 14
GAP_FACTOR = 3
GAP_PERCENTILE = 90
SINGLE_DAY_SLACK = 366  # one dated day says nothing about gaps: allow a year either side
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Span:
    """Records in one dataset (of one council, or of all): how many, the event dates they
    span, on how many days, and the quiet spell at either end that their gaps allow."""

    records: int
    earliest: dt.date | None = None
    latest: dt.date | None = None
    slack_days: int = 0
    dated_days: int = 0

    def covers(self, start: dt.date, end: dt.date) -> str:
        """`full`, `partial` or `none` for a window of event dates (both ends inclusive)."""
        if self.records == 0:
            return NONE
        if self.earliest is None or self.latest is None:
            return FULL  # an undated table (population): records are all it can say
        if start == end:  # a snapshot day: the records must reach it, else nothing is known
            inside = self.earliest <= start and (start - self.latest).days <= self.slack_days
            return FULL if inside else NONE
        if self.earliest > end or self.latest < start:
            return NONE
        late_start = (self.earliest - start).days
        early_end = (end - self.latest).days
        return FULL if max(late_start, early_end) <= self.slack_days else PARTIAL


NO_RECORDS = Span(0)


@dataclass(frozen=True)
class DatasetCoverage:
    """Every council's span in one dataset, and the span of the whole file."""

    dataset: str
    event_date: str | None
    councils: dict[str, Span]
    whole: Span = NO_RECORDS

    def span(self, council: str) -> Span:
        return self.councils.get(council, NO_RECORDS)

    def verdict(self, council: str, start: dt.date, end: dt.date) -> str:
        """How well the council's records cover a window of event dates.

        A council's own dates decide, except where they fall short of the window only by a
        spell the council's sparse records explain: in a file holding several councils, a
        small council with a record every few months is covered as far as the file is,
        unless a quiet spell that long would happen by chance less than once in a thousand
        (its records taken as spread at random over the file's dates)."""
        own = self.span(council)
        found = own.covers(start, end)
        whole = self.whole
        if found == FULL or own.records == 0 or own.earliest is None or whole.earliest is None:
            return found
        assert own.latest is not None and whole.latest is not None
        if own.earliest > end:
            return NONE
        short_start = (own.earliest - max(start, whole.earliest)).days
        short_end = (min(end, whole.latest) - own.latest).days
        if max(short_start, short_end) > _chance_spell(own, whole):
            return found
        return whole.covers(start, end)

    def describe(self) -> dict[str, object]:
        """For the manifest: the event date and, per council, records and dates."""
        return {
            "event_date": self.event_date,
            "councils": {
                code: {
                    "records": span.records,
                    "earliest": span.earliest.isoformat() if span.earliest else None,
                    "latest": span.latest.isoformat() if span.latest else None,
                }
                for code, span in sorted(self.councils.items())
            },
        }


CHANCE = 1 / 1000


def _chance_spell(own: Span, whole: Span) -> float:
    """The longest spell without records that a council's records, spread at random over
    the file's dates, would leave more often than once in a thousand."""
    assert whole.earliest is not None and whole.latest is not None
    days = (whole.latest - whole.earliest).days + 1
    if own.dated_days == 0:
        return 0.0
    rate = own.dated_days / days
    return float(np.log(1 / CHANCE) / rate)


def dataset_coverage(dataset: Dataset) -> DatasetCoverage:
    """The councils of one dataset and their spans, worked out once per frame."""
    frame = dataset.frame
    column = dataset.spec.event_column
    return keys.memo(frame, ("coverage", column), lambda: _measure(dataset, column))


def _measure(dataset: Dataset, column: str | None) -> DatasetCoverage:
    frame = dataset.frame
    councils = keys.councils(frame)
    codes = councils.codes
    present = codes >= 0
    records = np.bincount(codes[present], minlength=len(councils.texts))
    spec = dataset.spec.column(column) if column is not None else None
    if spec is None or column not in frame.columns:
        spans = {
            code: Span(int(count))
            for code, count in zip(councils.texts, records.tolist(), strict=True)
            if count
        }
        return DatasetCoverage(dataset.name, None, spans)
    labels = spec.type is ColumnType.year_label
    if labels:
        days, known = _year_starts(frame[column])
    else:
        days, known = _days(frame[column], dataset.spec.time_zone)
    spans = {}
    grid = _dated_days(codes, days, known, len(councils.texts))
    for index, code in enumerate(councils.texts):
        count = int(records[index])
        if not count:
            continue
        offsets = np.flatnonzero(grid.rows[index]) if grid is not None else np.zeros(0, int)
        if not len(offsets):
            spans[code] = Span(count)
            continue
        assert grid is not None
        first, last = grid.low + int(offsets[0]), grid.low + int(offsets[-1])
        if labels:  # a survey year is there or not: from 1 April of the first to 31 March
            spans[code] = Span(count, _date(first), _year_end(_date(last)), 0, len(offsets))
            continue
        spans[code] = _dated_span(count, offsets, grid.low)
    whole = NO_RECORDS
    if grid is not None:
        offsets = np.flatnonzero(grid.rows.any(axis=0))
        whole = _dated_span(int(records.sum()), offsets, grid.low)
        if labels:
            whole = Span(
                whole.records, whole.earliest, _year_end(whole.latest), 0, whole.dated_days
            )
    return DatasetCoverage(dataset.name, column, spans, whole)


def _dated_span(records: int, offsets: np.ndarray, low: int) -> Span:
    """The span of records dated on the days `low + offsets` (sorted, distinct)."""
    if len(offsets) < 2:
        slack = SINGLE_DAY_SLACK
    else:
        gap = float(np.percentile(np.diff(offsets), GAP_PERCENTILE))
        slack = max(MIN_SLACK_DAYS, int(np.ceil(GAP_FACTOR * gap)))
    first, last = low + int(offsets[0]), low + int(offsets[-1])
    return Span(records, _date(first), _date(last), slack, len(offsets))


def _year_end(first_day: dt.date | None) -> dt.date | None:
    """31 March of the financial year starting on `first_day` (1 April)."""
    return (
        None
        if first_day is None
        else first_day.replace(year=first_day.year + 1) - dt.timedelta(days=1)
    )


@dataclass(frozen=True)
class _Grid:
    """Councils × days: whether a council has a record on a day (days from `low`)."""

    low: int
    rows: np.ndarray


def _dated_days(
    codes: np.ndarray, days: np.ndarray, known: np.ndarray, councils: int
) -> _Grid | None:
    """Counting into a council × day grid finds every council's dated days in one pass,
    without sorting millions of dates. Records without a council (code -1) or a day (not
    `known`) are counted in one cell past the grid, not copied out first; the cell numbers
    are int32 where the grid allows (half the memory traffic of int64). Every day number is
    a real day, those before 1970 included: only `known` says which records have none
    (their day numbers are filled with 0, so that no arithmetic on them overflows)."""
    dated = (codes >= 0) & known
    if not dated.any():
        return None
    low = int(np.min(days, where=dated, initial=np.iinfo(np.int64).max))
    high = int(np.max(days, where=dated, initial=np.iinfo(np.int64).min))
    width = high - low + 1
    size = councils * width
    kind = np.int32 if size < np.iinfo(np.int32).max else np.int64
    cells = codes.astype(kind) * kind(width)
    cells += (days - low).astype(kind)  # an undated record's cell is overwritten below
    cells[~dated] = size
    counts = np.bincount(cells, minlength=size + 1)[:size]
    return _Grid(low, counts.reshape(councils, width) > 0)


def _days(values: pd.Series, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Each value's day as days since 1970 (below zero before 1970), and which values have
    one: a separate mask, since every number, -1 (31 December 1969) included, is a real day.
    Date-times by the local clock."""
    if values.dtype == np.dtype("datetime64[s]"):  # how extracts are read: seconds to days
        stamps = values.to_numpy()  # floor division, as a cast to days does, without a copy
        return _filled(stamps.view(np.int64) // 86400, ~np.isnat(stamps))
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(zone).dt.tz_localize(None)
    stamps = pd.to_datetime(values, errors="coerce").to_numpy(dtype="datetime64[D]")
    return _filled(stamps.astype(np.int64), ~np.isnat(stamps))


def _year_starts(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A financial-year label's first day (1 April) as days since 1970, and which values
    hold a label (a year before 1970 starts on a day below zero)."""
    text = values.astype("str")
    start_year = pd.to_numeric(text.str.slice(0, 4), errors="coerce").to_numpy(dtype="float64")
    known = ~np.isnan(start_year)
    months = (np.where(known, start_year, 1970).astype("int64") - 1970) * 12 + 3  # April
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype("int64")
    return _filled(first, known)


def _filled(days: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers (a new array, changed in place) with 0 where `known` is False: whatever
    stood there (NaT's number) is no day, and 0 is as good as any real one."""
    if not known.all():
        np.putmask(days, ~known, 0)
    return days, known


def _date(days: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=days)


def run_coverage(extracts: Extracts) -> dict[str, DatasetCoverage]:
    """The coverage of every dataset a run read, by dataset name."""
    return {name: dataset_coverage(extracts.datasets[name]) for name in sorted(extracts.datasets)}


# ------------------------------------------------------------------ per indicator and period

_SHIFTS = {"add_months": "months", "add_days": "days", "add_working_days": "working_days"}


def event_window(indicator: Indicator, period: Period) -> tuple[dt.date, dt.date]:
    """The event dates an indicator's period rule reads for `period`: the period itself, its
    last day for a snapshot, or the period moved back by a follow-up written in the rule's
    date (`add_months(reablement_end_date, follow_up_months)` reads the year six months
    earlier)."""
    rule = indicator.period
    if rule.rule is PeriodRule.snapshot:
        return period.snapshot_date, period.snapshot_date
    start, end = period.start, period.end
    months = rule.months if rule.rule is PeriodRule.follow_up else 0
    days = 0
    if rule.rule is PeriodRule.in_year and rule.date:
        unit, amount = _shift_of(rule.date, indicator)
        if unit == "months":
            months += amount
        elif unit == "days":
            days += amount
        elif unit == "working_days":
            days += int(np.ceil(amount * 7 / 5))
    if months or days:
        offset = pd.DateOffset(months=int(months), days=int(days))
        start = (pd.Timestamp(start) - offset).date()
        end = (pd.Timestamp(end) - offset).date()
    return start, end


def _shift_of(text: str, indicator: Indicator) -> tuple[str | None, int]:
    """How far a period date such as `add_months(contact_date, follow_up_months)` lies after
    the record's own date: ('months', 6). Other dates are not moved."""
    try:
        body = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None, 0
    if not (isinstance(body, ast.Call) and isinstance(body.func, ast.Name)):
        return None, 0
    unit = _SHIFTS.get(body.func.id)
    if unit is None or len(body.args) != 2:
        return None, 0
    amount_node = body.args[1]
    if isinstance(amount_node, ast.Constant) and isinstance(amount_node.value, int | float):
        amount = amount_node.value
    elif isinstance(amount_node, ast.Name) and amount_node.id in indicator.parameters:
        amount = indicator.parameters[amount_node.id].value
    else:
        return None, 0
    return unit, int(amount)


def datasets_counted(indicator: Indicator) -> list[str]:
    """The datasets whose records an indicator counts: its own and its related ones. The
    denominator's table (population) is reference data and says nothing about coverage."""
    return [
        indicator.dataset,
        *sorted({r.dataset for r in indicator.related} - {indicator.dataset}),
    ]


def indicator_coverage(
    indicator: Indicator, extracts: Extracts, period: Period, councils: list[str]
) -> dict[str, str]:
    """Per council: `full`, `partial` or `none` for this indicator and period, the least
    covered of the datasets it counts (its own dataset over the rule's window of event
    dates, related ones over the period)."""
    found = {code: FULL for code in councils}
    for position, name in enumerate(datasets_counted(indicator)):
        dataset = extracts.datasets.get(name)
        if dataset is None:
            return {code: NONE for code in councils}
        coverage = dataset_coverage(dataset)
        start, end = (
            event_window(indicator, period) if position == 0 else (period.start, period.end)
        )
        for code in councils:
            here = coverage.verdict(code, start, end)
            if _RANK[here] < _RANK[found[code]]:
                found[code] = here
    return found


def wales_coverage(per_council: dict[str, str]) -> str:
    """Wales is covered only as well as its least covered council."""
    if not per_council:
        return NONE
    return min(per_council.values(), key=lambda word: _RANK[word])
