"""People across records: how many related records each record's person has, and which
record stands for a person counted once."""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd

from pm.data.reader import Extracts
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.models import Related
from pm.engine import keys
from pm.engine.evaluate import Context, as_boolean, evaluate


def columns_read(tree: ast.AST | None, alias: str) -> tuple[set[str], set[str]]:
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
    compiled: CompiledIndicator,
    related: Related,
    base: pd.DataFrame,
    population: np.ndarray,
    person_column: str,
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
    indicator = compiled.indicator
    match = compiled.related_match(related.name) if related.match else None
    tree = match.tree if match is not None else None
    theirs_frame = other.frame
    if theirs_frame is base and key == person_column:  # the person's runs, found once
        mine, theirs = keys.join_same_people(base, person_column, population)
    else:
        left = base[["la_code", person_column]].take(population)
        left_keys, right_keys = keys.joint_person_keys(left, person_column, theirs_frame, key)
        right_order = keys.stable_order(right_keys)
        mine, theirs = keys.join_pairs(left_keys, right_keys[right_order], right_order)
    if related.dataset == indicator.dataset:
        itself = base.index.to_numpy()[population[mine]] == theirs_frame.index.to_numpy()[theirs]
        mine, theirs = mine[~itself], theirs[~itself]
    if not len(mine):
        return zero
    if tree is not None:
        own, read = columns_read(tree, related.name)
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


def one_per_person(
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
    picked = group_ends(person[order], latest)
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
    return order[group_ends(person[order], latest)]


def group_ends(grouped: np.ndarray, last: bool) -> np.ndarray:
    """Where each run of equal values in `grouped` ends (`last`) or starts."""
    change = grouped[1:] != grouped[:-1]
    return np.r_[change, True] if last else np.r_[True, change]
