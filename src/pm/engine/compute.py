"""`compute`: definitions + extracts + periods → the results table (data contract §5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pm.calendar import Period
from pm.data.reader import Extracts
from pm.definitions.breakdowns import TEAM, breakdowns_of
from pm.definitions.definition_set import DefinitionSet
from pm.definitions.frameworks import indicator_status
from pm.definitions.models import Indicator
from pm.definitions.vocab import IndicatorType, MeasureKind
from pm.engine import coverage, disclosure, statistics
from pm.engine.aggregate import WALES, external_denominator, figures
from pm.engine.prepared import Prepared
from pm.engine.records import RecordSet, evaluate_records, parameter_values
from pm.engine.schema import RESULT_COLUMNS
from pm.memory import give_back_freed_memory

DATE_OUT_OF_RANGE = "error:date_out_of_range"


@dataclass
class ComputeOptions:
    confidence: float = 0.95
    breakdowns: list[str] = field(default_factory=list)  # names, or ["all"]
    areas: list[str] = field(default_factory=list)  # empty: all councils and Wales
    team: str | None = None  # a team view: only the rows `team=<this>` (any case)
    rules: disclosure.DisclosureRules = field(default_factory=disclosure.DisclosureRules)
    # Leave out what the extracts do not cover (engine/coverage.py); off only for the worked
    # cases inside definitions, whose few rows test the rules, not an extract.
    coverage: bool = True


def unit_of(indicator: Indicator) -> str:
    if indicator.unit:
        return indicator.unit
    if indicator.type is IndicatorType.percentage:
        return "%"
    if indicator.type is IndicatorType.rate:
        return f"per {indicator.effective_multiplier:,.0f}"
    if indicator.value is not None:
        return indicator.value.unit
    return ""


def _rules_for(
    indicator: Indicator, base: disclosure.DisclosureRules
) -> disclosure.DisclosureRules:
    overrides = indicator.disclosure
    if overrides is None:
        return base
    return disclosure.DisclosureRules(
        min_count=overrides.min_count if overrides.min_count is not None else base.min_count,
        min_records_for_average=overrides.min_records_for_average
        if overrides.min_records_for_average is not None
        else base.min_records_for_average,
        min_survey_responses=overrides.min_responses
        if overrides.min_responses is not None
        else base.min_survey_responses,
        round_counts_to=overrides.round_counts_to or base.round_counts_to,
        secondary=base.secondary,
    )


def finish(table: pd.DataFrame, indicator: Indicator, options: ComputeOptions) -> pd.DataFrame:
    """Values, intervals, input checks, status and disclosure flags for one indicator's rows."""
    kind = indicator.type
    stat_kind = "ratio" if kind is IndicatorType.ratio else kind.value
    multiplier = indicator.effective_multiplier
    numerator = table["numerator"].to_numpy(dtype="float64")
    denominator = table["denominator"].to_numpy(dtype="float64")
    records = table["records"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind is IndicatorType.median:
            value = table["median"].to_numpy(dtype="float64")
        elif kind is IndicatorType.count:
            value = numerator.copy()
        elif kind is IndicatorType.mean:
            value = numerator / denominator
        else:
            value = numerator / denominator * multiplier
    overflowed = np.isinf(value)  # a value beyond what a float holds, or a median too large
    value = np.where(np.isfinite(value), value, np.nan)
    sd = None
    if kind is IndicatorType.mean:
        sd = statistics.sample_sd_from_sums(
            numerator, table["sum_of_squares"].to_numpy(dtype="float64"), denominator
        )
    lower, upper = statistics.interval_for(
        stat_kind, numerator, denominator, multiplier, options.confidence, sd=sd
    )
    if kind is IndicatorType.mean:
        lower, upper = statistics.mean_interval(value, sd, denominator, options.confidence)
    errors = (
        statistics.check_inputs(stat_kind, numerator, denominator)
        if kind is not IndicatorType.median
        else np.full(len(table), "", dtype=object)
    )
    errors = np.where(overflowed & (denominator != 0), statistics.NUMBER_TOO_LARGE, errors)
    if kind in (IndicatorType.count, IndicatorType.median):
        no_data = records == 0  # no records: nothing was counted (data contract §5)
        errors = np.where(no_data, "", errors)
    else:
        no_data = (denominator == 0) | np.isnan(denominator)
        errors = np.where(no_data, "", errors)
    rules = _rules_for(indicator, options.rules)
    suppressed, reason = disclosure.primary_suppression(
        stat_kind,
        numerator,
        denominator if kind is not IndicatorType.median else None,
        n_records=records,
        rules=rules,
        is_survey=indicator.kind is MeasureKind.qualitative,
    )
    status = np.where(
        errors != "",
        np.char.add("error:", errors.astype(str)),
        np.where(
            no_data,
            "no_data",
            np.where(suppressed, np.char.add("suppressed:", reason.astype(str)), "ok"),
        ),
    )
    bad = (errors != "") | no_data
    # Numbers too large to have been added up exactly are not shown at all.
    unknown = errors == statistics.NUMBER_TOO_LARGE
    table = table.assign(
        numerator=np.where(unknown, np.nan, numerator),
        denominator=np.where(unknown, np.nan, denominator),
        value=np.where(bad, np.nan, value),
        lower_ci=np.where(bad, np.nan, lower),
        upper_ci=np.where(bad, np.nan, upper),
        suppressed=suppressed & ~bad,
        status=status,
    )
    return table


def _only_what_is_covered(
    table: pd.DataFrame,
    indicator: Indicator,
    extracts: Extracts,
    period: Period,
    areas: list[str],
    options: ComputeOptions,
) -> pd.DataFrame:
    """The `coverage` of each row, and no figure where the extracts do not cover it: a
    council without records in a dataset the indicator counts (whatever the population
    says), and Wales unless every council is covered. Never a 0 for what is not there."""
    if not options.coverage:
        return table.assign(coverage=coverage.FULL)
    per_council = coverage.indicator_coverage(indicator, extracts, period, areas)
    per_council[WALES] = coverage.wales_coverage(per_council)
    words = table["area"].astype("str").map(per_council).fillna(coverage.NONE)
    absent = (words == coverage.NONE).to_numpy(dtype=bool)
    table = table.assign(coverage=words.to_numpy(dtype=object))
    if absent.any():
        for column in ("numerator", "denominator", "value", "lower_ci", "upper_ci", "records"):
            table[column] = table[column].where(~absent)
        table["suppressed"] = table["suppressed"].to_numpy(dtype=bool) & ~absent
        table["status"] = np.where(absent, "no_data", table["status"].to_numpy(dtype=object))
    return table


def _protect_lone_cells(table: pd.DataFrame, options: ComputeOptions) -> pd.DataFrame:
    """Secondary suppression in both directions of the table: a lone hidden council could be
    recovered by subtracting the others from the Wales figure, and a lone hidden category of
    a breakdown (a team, an age band) by subtracting the others from its council's figure.
    Repeated until nothing changes, since protecting one direction can expose the other."""
    if not options.rules.secondary or not table["suppressed"].any():
        return table
    first_hidden = table["suppressed"].to_numpy(dtype=bool)
    # A row the extracts do not cover shows nothing: counted as hidden here, so that a
    # Wales total left empty for want of councils is not taken for a shown total.
    absent = (
        (table["coverage"] == coverage.NONE).to_numpy(dtype=bool)
        if "coverage" in table.columns
        else np.zeros(len(table), dtype=bool)
    )
    hidden = first_hidden | absent
    values = table["numerator"].to_numpy(dtype="float64", na_value=np.nan)
    breakdown = table["breakdown"].astype("str").fillna("").to_numpy(dtype=object)
    names = np.array([label.split("=", 1)[0] if label else "" for label in breakdown])
    whole = breakdown == ""
    wales = (table["area"] == WALES).to_numpy(dtype=bool)
    # across councils: each breakdown row (and the whole population) adds up to Wales
    across, _ = pd.factorize(breakdown)
    # within a council: the categories of one breakdown add up to the council's whole row
    areas, _ = pd.factorize(table["area"].to_numpy(dtype=object))
    within = [
        (rows, areas[rows])
        for name in sorted(set(names) - {""})
        for rows in [np.flatnonzero(whole | (names == name))]
    ]
    for _ in range(20):
        before = hidden.copy()
        hidden |= disclosure.lone_cell_complements(across, hidden, wales, values)
        for rows, groups in within:
            part = hidden[rows]
            part |= disclosure.lone_cell_complements(groups, part, whole[rows], values[rows])
            hidden[rows] = part
        if (hidden == before).all():
            break
    # An error whose numbers are left empty (number_too_large, date_out_of_range) shows
    # nothing, so it already protects its neighbours: it keeps its status.
    status = table["status"].astype("str").to_numpy(dtype=object)
    error = np.array([s.startswith("error:") for s in status], dtype=bool)
    shows_nothing = error & np.isnan(values)
    newly = hidden & ~first_hidden & ~absent & ~shows_nothing
    status = np.where(newly, "suppressed:secondary", status)
    return table.assign(suppressed=(first_hidden | newly) & ~absent, status=status)


def _off_calendar(table: pd.DataFrame, record_set: RecordSet) -> pd.DataFrame:
    """The figures of the councils (and Wales) with a record whose date arithmetic left the
    calendar: error:date_out_of_range, with no numbers, rather than a figure that silently
    lacks those records."""
    if not (record_set.off_calendar or record_set.off_calendar_everywhere):
        return table
    areas = table["area"].astype("str")
    hit = (
        np.ones(len(table), dtype=bool)
        if record_set.off_calendar_everywhere
        else (areas.isin(record_set.off_calendar) | (areas == WALES)).to_numpy(dtype=bool)
    )
    return table.assign(
        numerator=table["numerator"].mask(hit),
        denominator=table["denominator"].mask(hit),
        value=table["value"].mask(hit),
        lower_ci=table["lower_ci"].mask(hit),
        upper_ci=table["upper_ci"].mask(hit),
        suppressed=table["suppressed"].to_numpy(dtype=bool) & ~hit,
        status=np.where(hit, DATE_OUT_OF_RANGE, table["status"].to_numpy(dtype=object)),
    )


def _teams_of_their_council(part: pd.DataFrame, record_set: RecordSet) -> pd.DataFrame:
    """Team rows only where the council has that team, and no Wales row: team names are the
    council's own, so a Wales total of teams that share a name would mean nothing."""
    labels = record_set.labels[TEAM]
    councils = record_set.councils
    known = councils.codes >= 0
    width = len(labels.texts)
    pairs = np.unique(  # int64 first: codes are small types, whose products would wrap
        councils.codes[known].astype(np.int64) * width + labels.codes[known].astype(np.int64)
    )
    present = {(councils.texts[p // width], labels.texts[p % width]) for p in pairs.tolist()}
    keep = np.array(
        [
            (area, label) in present
            for area, label in zip(part["area"], part["breakdown"].astype("str"), strict=True)
        ],
        dtype=bool,
    )  # an array, not a list: an empty list would select no columns rather than no rows
    return part[keep]


def compute_indicator(
    indicator: Indicator,
    definitions: DefinitionSet,
    extracts: Extracts,
    period: Period,
    options: ComputeOptions,
    *,
    parameters: dict[str, float] | None = None,
    prepared: Prepared | None = None,
) -> pd.DataFrame:
    """Every council, Wales and breakdown row of one indicator for one period.

    `prepared` holds what the run works out once (the compiled rules, the records in each
    period); a run of its own when not given."""
    prepared = prepared or Prepared(definitions)
    compiled = prepared.indicator(indicator)
    values = parameter_values(indicator, parameters)
    spec = definitions.datasets.get(indicator.dataset)
    team_view = options.team is not None
    asked = [
        b.name
        for b in breakdowns_of(indicator, spec)
        if b.default or "all" in options.breakdowns or b.name in options.breakdowns
    ]
    record_set = evaluate_records(
        compiled,
        extracts,
        period,
        prepared,
        parameters=values,
        breakdowns={TEAM} if team_view else set(asked),
    )
    areas = sorted(definitions.reference.council_codes)
    denominators = external_denominator(compiled, extracts, record_set, values)
    if team_view and TEAM not in record_set.labels:
        return pd.DataFrame(columns=RESULT_COLUMNS)  # no team column: nothing for a team view
    wanted = [TEAM] if team_view else [name for name in asked if name in record_set.labels]
    # The whole-population rows are made even for a team view: they are the totals that
    # secondary suppression protects the team cells against, and are dropped afterwards.
    parts = [figures(record_set, None, denominators, areas)]
    for name in wanted:
        part = figures(record_set, name, None if denominators is None else denominators, areas)
        if name == TEAM:
            part = _teams_of_their_council(part, record_set)
        part["breakdown"] = name + "=" + part["breakdown"].astype("str")
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table = finish(table, indicator, options)
    table = _only_what_is_covered(table, indicator, extracts, period, areas, options)
    table = _off_calendar(table, record_set)
    table = _protect_lone_cells(table, options)
    if team_view:
        assert options.team is not None
        wanted_label = f"{TEAM}={options.team}".casefold()
        table = table[table["breakdown"].str.casefold() == wanted_label].reset_index(drop=True)
    if not record_set.dataset_present:
        table["status"] = "no_data"
        table["value"] = np.nan
        table["suppressed"] = False
    names = {code: definitions.reference.council_name(code) for code in [*areas, WALES]}
    table = table.assign(
        indicator=indicator.id,
        period=period.label,
        area_name=table["area"].map(names),
        unit=unit_of(indicator),
        framework_status=indicator_status(indicator, definitions.reference, period).value,
    )
    if options.areas:
        table = table[table["area"].isin(options.areas)]
    return table


def compute(
    definitions: DefinitionSet,
    extracts: Extracts,
    periods: Iterable[Period],
    indicator_ids: list[str] | None = None,
    options: ComputeOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The results table: one row per indicator × period × area × breakdown, in a stable order."""
    options = options or ComputeOptions()
    chosen = [definitions.indicators[i] for i in (indicator_ids or sorted(definitions.indicators))]
    prepared = Prepared(definitions)  # each indicator compiled once, whatever the periods
    parts = []
    for period in sorted(set(periods)):
        for indicator in chosen:
            parts.append(
                compute_indicator(
                    indicator, definitions, extracts, period, options, prepared=prepared
                )
            )
            give_back_freed_memory()  # the measure's temporaries: not added to the next's
            if progress:
                progress(indicator.id)
    if not parts:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    from pm.definitions.ordering import indicator_sort_key as _sort_key

    order = {i.id: n for n, i in enumerate(sorted(chosen, key=lambda i: _sort_key(i.id)))}
    period_order = {p.label: n for n, p in enumerate(sorted(set(periods)))}
    table["__i"] = table["indicator"].map(order)
    table["__p"] = table["period"].map(period_order)
    table["__wales"] = table["area"] == WALES
    table = table.sort_values(["__i", "__p", "__wales", "area", "breakdown"], kind="stable")
    table = table.drop(columns=["__i", "__p", "__wales"]).reset_index(drop=True)
    for column in ("numerator", "denominator", "records"):
        values = table[column]
        whole = values.dropna()
        if (whole == whole.round()).all():
            table[column] = values.round().astype("Int64")
    return table[RESULT_COLUMNS]
