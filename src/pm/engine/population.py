"""Who is in an indicator's population for a period: the records its include and exclude
rules keep, how many related records each has, and, where people are counted once, which
of a person's records stands for them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pm.data.reader import Extracts
from pm.definitions.compiled import CompiledIndicator
from pm.definitions.models import DatasetSpec, Indicator
from pm.definitions.vocab import CountUnit, PersonPick
from pm.engine import keys
from pm.engine.evaluate import Context, as_boolean, evaluate
from pm.engine.labels import Labels
from pm.engine.related import one_per_person, related_counts


def population_reasons(compiled: CompiledIndicator, context: Context) -> Labels:
    """Per record, why it is left out of the population ("" where it is in): the first
    include rule it does not meet, or the first exclusion that applies."""
    index = context.frame.index
    reason = Labels(len(index), "")
    indicator = compiled.indicator
    for rule, text in zip(compiled.include, indicator.population.include, strict=True):
        meets = as_boolean(evaluate(rule.tree, context), index).fillna(False).to_numpy(dtype=bool)
        fresh = (~meets) & reason.equals("")
        reason.set(fresh, f"does not meet: {' '.join(text.split())}")
    for rule, exclusion in zip(compiled.exclude, indicator.population.exclude, strict=True):
        hit = as_boolean(evaluate(rule.tree, context), index).fillna(False).to_numpy(dtype=bool)
        fresh = hit & reason.equals("")
        reason.set(fresh, f"excluded: {exclusion.reason}")
    return reason


@dataclass
class People:
    """Each record's person as an integer key, where the indicator counts people."""

    column: str | None  # the person column (the counting's own, or the dataset's person id)
    person: np.ndarray | None = None  # int64 per record
    missing: np.ndarray | None = None  # where the council or the person id is empty

    @classmethod
    def of(
        cls, indicator: Indicator, spec: DatasetSpec, base: pd.DataFrame, rows: np.ndarray
    ) -> People:
        counting = indicator.counting
        column = counting.person or spec.person_id
        people = cls(column)
        if column is not None and counting.unit is CountUnit.person:
            # People are added up in the order of their text key only where a sum of values
            # could depend on it; a count does not, and any numbering will do.
            ordered = counting.pick is PersonPick.any and indicator.value is not None
            numbering = keys.ordered_person_keys if ordered else keys.person_keys
            all_people, all_missing = numbering(base, column)
            people.person, people.missing = all_people[rows], all_missing[rows]
        return people

    def pick(
        self,
        indicator: Indicator,
        spec: DatasetSpec,
        base: pd.DataFrame,
        rows: np.ndarray,
        population: np.ndarray,
        reason: Labels,
    ) -> None:
        """Where a person is counted once, by their earliest or latest record, the others
        are marked "not counted"."""
        counting = indicator.counting
        if not (
            counting.unit is CountUnit.person
            and counting.pick is not PersonPick.any
            and len(population)
        ):
            return
        assert self.person is not None and self.missing is not None and counting.by is not None
        in_base = rows[population]
        record_id = spec.record_id
        chosen_rows = population[
            one_per_person(
                np.where(self.missing[population], -1, self.person[population]),
                base[counting.by].take(in_base),
                base[record_id].take(in_base) if record_id else None,
                latest=counting.pick is PersonPick.latest,
            )
        ]
        others = np.zeros(len(reason.codes), dtype=bool)
        others[population] = True
        others[chosen_rows] = False
        word = "earliest" if counting.pick is PersonPick.earliest else "latest"
        reason.set(others, f"not counted: the person is counted once, by their {word} record")


def related_counts_of(
    compiled: CompiledIndicator,
    base: pd.DataFrame,
    rows: np.ndarray,
    population: np.ndarray,
    people: People,
    extracts: Extracts,
    context: Context,
) -> dict[str, pd.Series]:
    """Per record, how many records of each related set its person has (0 outside the
    population)."""
    index = context.frame.index
    counts: dict[str, pd.Series] = {}
    for related in compiled.indicator.related:
        assert people.column is not None
        found = np.zeros(len(index), dtype=np.int64)
        found[population] = related_counts(
            compiled,
            related,
            base,
            rows[population],
            people.column,
            extracts,
            context,
        )
        counts[related.name] = pd.Series(pd.array(found, dtype="Int64"), index=index)
    return counts
