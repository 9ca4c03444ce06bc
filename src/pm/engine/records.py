"""Record-level evaluation of one indicator for one period: which records count, and how.

This is the heart of the engine and of `pm explain`: every record the period rule touches
gets a role (numerator, denominator only, excluded with the reason) so any figure can be
reconciled by hand. Aggregation into figures happens in `aggregate.py`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from pm import calendar as cal
from pm.calendar import Period
from pm.data.reader import Extracts
from pm.definitions import expressions as ex
from pm.definitions.breakdowns import breakdowns_of
from pm.definitions.loader import DefinitionSet
from pm.definitions.models import Breakdown, Indicator, Related
from pm.definitions.rules import build_scope
from pm.definitions.vocab import CountUnit, IndicatorType, PeriodRule, PersonPick, UnknownValues
from pm.engine import keys
from pm.engine.evaluate import Context, OffCalendar, as_boolean, as_number, evaluate

ROLE_NUMERATOR = "numerator"
ROLE_DENOMINATOR = "denominator only"
ROLE_EXCLUDED = "excluded"
ROLE_NOT_COUNTED = "not counted"
ROLE_COUNTED = "counted"  # means, medians and counts: in the figure, no numerator/denominator split
OFF_CALENDAR = (
    "excluded: a date worked out for this record is off the calendar (add_days, add_months or "
    "add_working_days by more than 200 years, or by a part of a month)"
)


def _parse(text: str, scope: ex.Scope) -> ast.Expression:
    return ex.parse(text, scope).tree


class _Labels:
    """A text per record, kept as small integer codes while rules are applied.

    Setting a text on a million-row Arrow string column rewrites the column each time;
    codes are set in place and turned into text once, at the end."""

    def __init__(self, size: int, first: str) -> None:
        self.codes = np.zeros(size, dtype=np.int16)
        self.texts = [first]

    def set(self, rows: np.ndarray, text: str) -> None:
        if text not in self.texts:
            self.texts.append(text)
        self.codes[rows] = self.texts.index(text)

    def equals(self, text: str) -> np.ndarray:
        """Whether each record's text is `text`."""
        matches = np.array([t == text for t in self.texts], dtype=bool)
        return matches[self.codes]

    def starts_with(self, prefix: str) -> np.ndarray:
        matches = np.array([t.startswith(prefix) for t in self.texts], dtype=bool)
        return matches[self.codes]

    def among(self, texts: list[str]) -> np.ndarray:
        """Whether each record's text is one of `texts`."""
        matches = np.array([t in texts for t in self.texts], dtype=bool)
        return matches[self.codes]

    @classmethod
    def of_codes(cls, codes: np.ndarray, texts: list[str]) -> _Labels:
        """Labels already worked out as codes into `texts` (no code may be -1)."""
        labels = cls(0, "")
        labels.codes, labels.texts = codes, list(texts)
        return labels

    def series(self, index: pd.Index) -> pd.Series:
        import pyarrow as pa

        texts = pa.array(self.texts, type=pa.large_string())
        column = texts.take(pa.array(self.codes)).to_pandas()
        return pd.Series(column.array, index=index, dtype="str")


@dataclass
class RecordSet:
    """The records one indicator touched in one period, with their roles.

    Roles, reasons and breakdown labels are kept as small integer codes (`_Labels`): the
    figures group on the codes, and only `pm explain` turns them into text."""

    indicator: Indicator
    period: Period
    records: pd.DataFrame  # rows of the dataset in the period (all councils), with the
    # columns the rules read (every column for `pm explain`)
    rows: np.ndarray  # where each of those records sits in the dataset's frame
    frame: pd.DataFrame | None  # the dataset's frame (None when the dataset is missing)
    roles: _Labels
    reasons: _Labels
    numerator: pd.Series  # boolean: meets the numerator (counted records only)
    value: pd.Series  # Float64: per-record value for means, medians and value counts
    person: np.ndarray | None  # int64 per record: the person (council, id), to count people
    person_missing: np.ndarray | None  # where the council or the person id is empty
    labels: dict[str, _Labels] = field(default_factory=dict)  # the breakdowns asked for
    workings: dict[str, pd.Series] = field(default_factory=dict)
    dataset_present: bool = True
    # councils whose records had a date the calendar cannot hold (see OffCalendar); every
    # council when a fixed date or number did
    off_calendar: set[str] = field(default_factory=set)
    off_calendar_everywhere: bool = False

    @property
    def role(self) -> pd.Series:
        return self.roles.series(self.records.index)

    @property
    def reason(self) -> pd.Series:
        return self.reasons.series(self.records.index)

    @property
    def breakdowns(self) -> dict[str, pd.Series]:
        return {name: labels.series(self.records.index) for name, labels in self.labels.items()}

    @property
    def counted(self) -> np.ndarray:
        return self.roles.among([ROLE_NUMERATOR, ROLE_DENOMINATOR, ROLE_COUNTED])

    @cached_property
    def councils(self) -> keys.Codes:
        """Each record's council as a code (-1 where empty), and the councils' codes as text."""
        if self.frame is None:
            return keys.Codes(np.zeros(0, dtype=np.int64), [])
        found = keys.councils(self.frame)
        return keys.Codes(found.codes[self.rows], found.texts)


def _period_mask(
    indicator: Indicator, frame: pd.DataFrame, context: Context, scope: ex.Scope
) -> pd.Series:
    spec = indicator.period
    rule = spec.rule
    index = frame.index

    def value(text: str | None) -> object:
        assert text is not None
        return evaluate(_parse(text, scope), context)

    period = context.period
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    if rule is PeriodRule.in_year:
        mask = as_boolean(cal.in_range(value(spec.date), start, end), index)
    elif rule is PeriodRule.follow_up:
        follow = cal.add_months(value(spec.date), spec.months)
        mask = as_boolean(cal.in_range(follow, start, end), index)
    elif rule is PeriodRule.snapshot:
        mask = as_boolean(
            cal.open_on(value(spec.start), value(spec.end), pd.Timestamp(period.snapshot_date)),
            index,
        )
    elif rule is PeriodRule.overlapping:
        mask = as_boolean(cal.overlaps(value(spec.start), value(spec.end), start, end), index)
    elif rule is PeriodRule.survey_year:
        assert spec.column is not None
        mask = as_boolean(frame[spec.column] == period.year_label, index)
    else:
        mask = pd.Series(True, index=index, dtype="boolean")
    return mask.fillna(False).astype(bool)


# Records in a period, shared by the indicators that place records the same way on the same
# dataset (the survey questions, PM29a/PM29b/PM32, ...): a few entries, newest kept. Each entry
# copies a column of the records only when an indicator first reads it.
_PERIOD_CACHE: dict[tuple[object, ...], _InPeriod] = {}
_PERIOD_CACHE_SIZE = 6


@dataclass
class _InPeriod:
    """The rows of a frame in a period, and the columns of those rows copied so far."""

    base: pd.DataFrame
    rows: np.ndarray  # positions in `base`
    whole: bool  # every row: the columns are used as they are, without a copy
    index: pd.Index
    columns: dict[str, pd.Series] = field(default_factory=dict)
    off_calendar: OffCalendar = field(default_factory=OffCalendar)  # rows of `base`

    def frame(self, names: list[str]) -> pd.DataFrame:
        """The records with the columns `names` (in that order), copying each column once."""
        for name in names:
            if name not in self.columns:
                column = self.base[name]
                self.columns[name] = (
                    column
                    if self.whole
                    else pd.Series(
                        column.array.take(self.rows), index=self.index, name=name, copy=False
                    )
                )
        columns = {name: self.columns[name] for name in names}
        return pd.DataFrame(columns, index=self.index, copy=False)  # copy-on-write guards them


def _records_in_period(
    indicator: Indicator, base: pd.DataFrame, context: Context, scope: ex.Scope
) -> _InPeriod:
    """The rows of `base` that the indicator's period rule places in the context's period."""
    spec = indicator.period
    key = (
        id(base),
        base.shape,
        tuple(base.columns),
        spec.rule,
        spec.date,
        spec.start,
        spec.end,
        spec.months,
        spec.column,
        context.period,
        tuple(sorted(context.parameters.items())),
    )
    found = _PERIOD_CACHE.get(key)
    if found is not None and found.base is base:  # the entry holds `base`: its id is not reused
        return found
    mask = _period_mask(indicator, base, context, scope).to_numpy(dtype=bool)
    whole = bool(mask.all())
    rows = np.arange(len(base), dtype=np.int64) if whole else np.flatnonzero(mask)
    index = base.index if whole else base.index[rows]
    entry = _InPeriod(base, rows, whole, index, off_calendar=context.off_calendar)
    while len(_PERIOD_CACHE) >= _PERIOD_CACHE_SIZE:
        _PERIOD_CACHE.pop(next(iter(_PERIOD_CACHE)))
    _PERIOD_CACHE[key] = entry
    return entry


def _names_in(tree: ast.AST) -> set[str]:
    """Every plain name an expression mentions: its columns, and maybe parameters."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _columns_needed(
    indicator: Indicator,
    chosen: list[Breakdown],
    scope: ex.Scope,
    base: pd.DataFrame,
) -> list[str]:
    """The columns of `base` the indicator's rules read on its records, in the frame's order.

    The period rule reads the whole frame, related records are joined from the frame, and
    councils, people and the breakdowns by a text column use the frame's codes (`keys`): none
    of those need the records' own copy. Every name a rule mentions is kept, so a column is
    never mistaken for a parameter or a period value of the same name."""
    texts = list(indicator.population.include) + [e.when for e in indicator.population.exclude]
    texts += [indicator.numerator.rule] if indicator.numerator and indicator.numerator.rule else []
    texts += [indicator.value.expression] if indicator.value is not None else []
    texts += [b.expression for b in chosen if _text_column(b, scope, base) is None]
    used: set[str] = set()
    for text in texts:
        used |= _names_in(_parse(text, scope))
    return [c for c in base.columns if c in used]


def _columns_read(tree: ast.AST | None, alias: str) -> tuple[set[str], set[str]]:
    """Names a match rule reads: plain names (the record's own columns, among parameters and
    period values) and `alias.column` attributes (the related record's columns)."""
    own: set[str] = set()
    theirs: set[str] = set()
    if tree is None:
        return own, theirs
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == alias:
                theirs.add(node.attr)
        elif isinstance(node, ast.Name) and node.id != alias:
            own.add(node.id)
    return own, theirs


def related_counts(
    indicator: Indicator,
    related: Related,
    base: pd.DataFrame,
    population: np.ndarray,
    person_column: str,
    definitions: DefinitionSet,
    extracts: Extracts,
    context: Context,
) -> np.ndarray:
    """For each population record (`population`: positions in `base`), how many related
    records match (never itself).

    Records are paired on council and person by integer keys (`keys`), not by joining text
    columns, and only the columns the match rule reads are copied for the pairs."""
    zero = np.zeros(len(population), dtype=np.int64)
    other = extracts.datasets.get(related.dataset)
    if other is None or not len(population):
        return zero
    key = related.key or other.spec.person_id
    assert key is not None
    prefix = f"{related.name}."
    tree = None
    if related.match:
        scope = build_scope(indicator, definitions, match_of=related.name)
        assert scope is not None
        tree = _parse(related.match, scope)
    theirs_frame = other.frame
    if theirs_frame is base and key == person_column:
        left_keys = keys.person_keys(base, person_column)[0][population]
        sorted_right, right_order = keys.sorted_person_keys(base, key)
    else:
        left = base[["la_code", person_column]].take(population)
        left_keys, right_keys = keys.joint_person_keys(left, person_column, theirs_frame, key)
        right_order = np.argsort(right_keys, kind="stable")
        sorted_right = right_keys[right_order]
    mine, theirs = keys.join_pairs(left_keys, sorted_right, right_order)
    if related.dataset == indicator.dataset:
        itself = base.index.to_numpy()[population[mine]] == theirs_frame.index.to_numpy()[theirs]
        mine, theirs = mine[~itself], theirs[~itself]
    if not len(mine):
        return zero
    if tree is not None:
        own, read = _columns_read(tree, related.name)
        pairs = {c: base[c].array.take(population[mine]) for c in sorted(own) if c in base.columns}
        pairs |= {
            f"{prefix}{c}": theirs_frame[c].array.take(theirs)
            for c in sorted(read)
            if c in theirs_frame.columns
        }
        merged = pd.DataFrame(pairs, index=pd.RangeIndex(len(mine)))
        match_context = Context(
            frame=merged,
            period=context.period,
            parameters=context.parameters,
            prefixed={related.name: prefix},
        )
        hit = as_boolean(evaluate(tree, match_context), merged.index)
        if match_context.off_calendar:  # a pair's date went off the calendar
            context.off_calendar.everywhere = True
        mine = mine[hit.fillna(False).to_numpy(dtype=bool)]
    return np.bincount(mine, minlength=len(population)).astype(np.int64)


def _band_codes(breakdown: Breakdown, values: object, index: pd.Index) -> _Labels:
    """Breakdown values as labels; numbers placed in bands; empty as 'unknown'."""
    if not isinstance(values, pd.Series):
        values = pd.Series(values, index=index)
    if breakdown.bands:
        number = values.astype("Float64")
        labels = _Labels(len(index), "unknown")
        for band in breakdown.bands:
            inside = number.notna()
            if band.min is not None:
                inside &= number >= band.min
            if band.max is not None:
                inside &= number <= band.max
            labels.set(
                inside.fillna(False).to_numpy(dtype=bool) & labels.equals("unknown"), band.label
            )
        return labels
    text = values.astype("str").fillna("unknown").astype("str")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    return _Labels.of_codes(np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])


def _text_column(breakdown: Breakdown, scope: ex.Scope, base: pd.DataFrame) -> str | None:
    """The column a breakdown is, when it is just a text column (no bands, no arithmetic)."""
    if breakdown.bands:
        return None
    node = _parse(breakdown.expression, scope).body
    if not isinstance(node, ast.Name) or node.id not in base.columns:
        return None
    dtype = base[node.id].dtype
    text = isinstance(dtype, pd.StringDtype | pd.CategoricalDtype) or dtype == np.dtype(object)
    return node.id if text else None


def _breakdown_labels(
    breakdown: Breakdown,
    scope: ex.Scope,
    base: pd.DataFrame,
    rows: np.ndarray,
    context: Context,
) -> _Labels:
    """A breakdown's label per record: a text column's codes are the frame's own, worked out
    once per dataset; anything else is evaluated on the records."""
    column = _text_column(breakdown, scope, base)
    if column is None:
        index = context.frame.index
        return _band_codes(breakdown, evaluate(_parse(breakdown.expression, scope), context), index)
    found = keys.text_codes(base, column)
    codes, texts = found.codes[rows], list(found.texts)
    empty = codes < 0
    if empty.any():
        if "unknown" not in texts:
            texts.append("unknown")
        codes = np.where(empty, texts.index("unknown"), codes)
    return _Labels.of_codes(codes, texts)


def _function_calls(tree: ast.AST) -> list[ast.Call]:
    """Calendar calls worth showing in the trail, e.g. working_days(a, b)."""
    shown = {
        "working_days",
        "days_between",
        "hours_between",
        "months_between",
        "age_at",
        "add_months",
        "add_working_days",
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in shown
    ]


def parameter_values(
    indicator: Indicator, overrides: dict[str, float] | None = None
) -> dict[str, float]:
    """The definition's parameters, with a test's or user's overrides; whole numbers as ints
    so that month and day arithmetic takes them."""
    values: dict[str, float] = {name: p.value for name, p in indicator.parameters.items()}
    values.update(overrides or {})
    return {name: int(v) if float(v).is_integer() else float(v) for name, v in values.items()}


def _absent(indicator: Indicator, period: Period) -> RecordSet:
    """The record set of an indicator whose dataset was not given."""
    return RecordSet(
        indicator,
        period,
        pd.DataFrame(columns=["la_code"]),
        np.zeros(0, dtype=np.int64),
        None,
        _Labels(0, ROLE_EXCLUDED),
        _Labels(0, ""),
        pd.Series(dtype="boolean"),
        pd.Series(dtype="Float64"),
        None,
        None,
        dataset_present=False,
    )


def _one_per_person(
    person: np.ndarray, by: pd.Series, tie: pd.Series | None, latest: bool
) -> np.ndarray:
    """Which of the records (positions) stands for each person: the earliest or latest by
    `by`, then by `tie`, as a stable sort would place them; empty values come first for the
    latest and last for the earliest, so a record with a date wins over one without.

    `tie` (text ids, slow to sort) is ranked only among the records that tie on person and
    `by` with the one that would be picked: elsewhere it cannot change the pick."""
    missing_rank = -1 if latest else np.iinfo(np.int64).max

    def placed(ranks: np.ndarray) -> np.ndarray:
        return np.where(ranks < 0, missing_rank, ranks)

    by_rank = placed(keys.sort_ranks(by))
    order = np.lexsort([by_rank, person])
    picked = _group_ends(person[order], latest)
    if tie is None:
        return order[picked]
    in_order_person, in_order_by = person[order], by_rank[order]
    same = np.r_[
        False,
        (in_order_person[1:] == in_order_person[:-1]) & (in_order_by[1:] == in_order_by[:-1]),
    ]
    run = np.cumsum(~same) - 1  # runs of records sharing person and `by`
    winners = run[picked]
    contested = np.isin(run, winners[np.bincount(run)[winners] > 1])
    if not contested.any():
        return order[picked]
    rows = order[contested]
    tie_rank = np.zeros(len(person), dtype=np.int64)
    tie_rank[rows] = placed(keys.sort_ranks(tie.iloc[rows]))
    order = np.lexsort([tie_rank, by_rank, person])
    return order[_group_ends(person[order], latest)]


def _group_ends(grouped: np.ndarray, last: bool) -> np.ndarray:
    """Where each run of equal values in `grouped` ends (`last`) or starts."""
    change = grouped[1:] != grouped[:-1]
    return np.r_[change, True] if last else np.r_[True, change]


def evaluate_records(
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    period: Period,
    *,
    parameters: dict[str, float] | None = None,
    workings: bool = False,
    breakdowns: set[str] | None = None,
) -> RecordSet:
    """Run the definition's rules over every record of its dataset for one period.

    `breakdowns` names the breakdowns to label (all when None). The records carry only the
    columns the rules read, unless `workings` (for `pm explain`) asks for every column and
    the intermediate values of the calendar functions."""
    values = parameter_values(indicator, parameters)
    dataset = extracts.datasets.get(indicator.dataset)
    scope = build_scope(indicator, definitions)
    assert scope is not None, f"dataset {indicator.dataset} has no specification"
    if dataset is None:
        return _absent(indicator, period)
    base = dataset.frame
    chosen = [
        b
        for b in breakdowns_of(indicator, dataset.spec)
        if breakdowns is None or b.name in breakdowns
    ]
    in_period = _records_in_period(
        indicator, base, Context(frame=base, period=period, parameters=values), scope
    )
    names = list(base.columns) if workings else _columns_needed(indicator, chosen, scope, base)
    records = in_period.frame(names)
    rows = in_period.rows
    index = records.index
    off_calendar = OffCalendar()
    context = Context(frame=records, period=period, parameters=values, off_calendar=off_calendar)
    reason = _Labels(len(index), "")

    for text in indicator.population.include:
        meets = (
            as_boolean(evaluate(_parse(text, scope), context), index)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
        fresh = (~meets) & reason.equals("")
        reason.set(fresh, f"does not meet: {' '.join(text.split())}")
    for exclusion in indicator.population.exclude:
        hit = (
            as_boolean(evaluate(_parse(exclusion.when, scope), context), index)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
        fresh = hit & reason.equals("")
        reason.set(fresh, f"excluded: {exclusion.reason}")

    counting = indicator.counting
    person_column = counting.person or dataset.spec.person_id
    person = person_missing = None
    if person_column is not None and counting.unit is CountUnit.person:
        # People are added up in the order of their text key only where a sum of values
        # could depend on it; a count does not, and any numbering will do.
        ordered = counting.pick is PersonPick.any and indicator.value is not None
        numbering = keys.ordered_person_keys if ordered else keys.person_keys
        all_people, all_missing = numbering(base, person_column)
        person, person_missing = all_people[rows], all_missing[rows]

    population = np.flatnonzero(reason.equals(""))  # positions among the records
    counts: dict[str, pd.Series] = {}
    for related in indicator.related:
        assert person_column is not None
        found = np.zeros(len(index), dtype=np.int64)
        found[population] = related_counts(
            indicator,
            related,
            base,
            rows[population],
            person_column,
            definitions,
            extracts,
            context,
        )
        counts[related.name] = pd.Series(pd.array(found, dtype="Int64"), index=index)
    context = Context(
        frame=records,
        period=period,
        parameters=values,
        related_counts=counts,
        off_calendar=off_calendar,
    )

    if (
        counting.unit is CountUnit.person
        and counting.pick is not PersonPick.any
        and len(population)
    ):
        assert person is not None and person_missing is not None and counting.by is not None
        in_base = rows[population]
        record_id = dataset.spec.record_id
        chosen_rows = population[
            _one_per_person(
                np.where(person_missing[population], -1, person[population]),
                base[counting.by].take(in_base),
                base[record_id].take(in_base) if record_id else None,
                latest=counting.pick is PersonPick.latest,
            )
        ]
        others = np.zeros(len(index), dtype=bool)
        others[population] = True
        others[chosen_rows] = False
        word = "earliest" if counting.pick is PersonPick.earliest else "latest"
        reason.set(others, f"not counted: the person is counted once, by their {word} record")

    counted = reason.equals("")
    numerator = pd.Series(pd.NA, index=index, dtype="boolean")
    value = pd.Series(pd.NA, index=index, dtype="Float64")
    rule = indicator.numerator.rule if indicator.numerator else None
    if rule:
        numerator = as_boolean(evaluate(_parse(rule, scope), context), index)
    if indicator.value is not None:
        value = as_number(evaluate(_parse(indicator.value.expression, scope), context), index)
    reason.set(off_calendar.marked(len(index)), OFF_CALENDAR)

    unknown = np.zeros(len(index), dtype=bool)
    if rule:
        unknown |= numerator.isna().to_numpy()
    if indicator.value is not None:
        unknown |= value.isna().to_numpy()
    unknown &= counted
    if indicator.unknown_values is UnknownValues.not_met:
        numerator = numerator.fillna(False)
        if indicator.value is not None:
            reason.set(
                unknown & value.isna().to_numpy(),
                "excluded: the value could not be worked out (a date is empty)",
            )
    else:
        reason.set(unknown, "excluded: unknown (a value the rule needs is empty)")
    counted = reason.equals("")

    role = _Labels(len(index), ROLE_EXCLUDED)
    splits = indicator.type in (
        IndicatorType.percentage,
        IndicatorType.rate,
        IndicatorType.ratio,
    ) or (indicator.type is IndicatorType.count and bool(rule))
    if splits:
        meets = (
            numerator.fillna(False).to_numpy(dtype=bool)
            if rule
            else np.ones(len(index), dtype=bool)
        )
        role.set(counted & meets, ROLE_NUMERATOR)
        role.set(counted & ~meets, ROLE_DENOMINATOR)
    else:
        role.set(counted, ROLE_COUNTED)
    role.set(reason.starts_with("not counted"), ROLE_NOT_COUNTED)

    labels = {b.name: _breakdown_labels(b, scope, base, rows, context) for b in chosen}
    off_councils = _councils_of(base, rows[off_calendar.marked(len(index))])
    off_councils |= _councils_of(base, np.flatnonzero(in_period.off_calendar.marked(len(base))))
    shown: dict[str, pd.Series] = {}
    if workings:
        trees = [
            _parse(t, scope)
            for t in ([rule] if rule else [])
            + ([indicator.value.expression] if indicator.value else [])
        ]
        for tree in trees:
            for call in _function_calls(tree):
                result = evaluate(call, context)
                shown[ast.unparse(call)] = (
                    result if isinstance(result, pd.Series) else pd.Series(result, index=index)
                )
        for name, found_counts in counts.items():
            shown[f"count({name})"] = found_counts
    return RecordSet(
        indicator=indicator,
        period=period,
        records=records,
        rows=rows,
        frame=base,
        roles=role,
        reasons=reason,
        numerator=numerator.fillna(False)
        if rule
        else pd.Series(True, index=index, dtype="boolean"),
        value=value,
        person=person,
        person_missing=person_missing,
        labels=labels,
        workings=shown,
        off_calendar=off_councils,
        off_calendar_everywhere=off_calendar.everywhere or in_period.off_calendar.everywhere,
    )


def _councils_of(base: pd.DataFrame, positions: np.ndarray) -> set[str]:
    """The council codes of some records of `base` (their positions)."""
    if not len(positions):
        return set()
    return {str(code) for code in base["la_code"].take(positions).dropna().unique()}
