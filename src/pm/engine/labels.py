"""Texts per record kept as small integer codes: roles, reasons and breakdown labels.

Setting a text on a million-row column rewrites it each time; codes are set in place and
turned into text once, for `pm explain`. A breakdown by a text column takes the dataset's
own codes (`keys`), worked out once per dataset; other breakdowns are evaluated.
"""

from __future__ import annotations

import ast

import numpy as np
import pandas as pd

from pm.definitions.compiled import CompiledRule
from pm.definitions.models import Breakdown
from pm.engine import keys
from pm.engine.evaluate import Context, evaluate


class Labels:
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
        if self.texts.count(text) == 1:  # the usual case: one code to compare with
            return self.codes == self.texts.index(text)
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
    def of_codes(cls, codes: np.ndarray, texts: list[str]) -> Labels:
        """Labels already worked out as codes into `texts` (no code may be -1)."""
        labels = cls(0, "")
        labels.codes, labels.texts = codes, list(texts)
        return labels

    def series(self, index: pd.Index) -> pd.Series:
        import pyarrow as pa

        texts = pa.array(self.texts, type=pa.large_string())
        column = texts.take(pa.array(self.codes)).to_pandas()
        return pd.Series(column.array, index=index, dtype="str")


def band_codes(breakdown: Breakdown, values: object, index: pd.Index) -> Labels:
    """Breakdown values as labels; numbers placed in bands; empty as 'unknown'."""
    if not isinstance(values, pd.Series):
        values = pd.Series(values, index=index)
    if breakdown.bands:
        number = values.astype("Float64")
        labels = Labels(len(index), "unknown")
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
    return Labels.of_codes(np.asarray(codes, dtype=np.int64), [str(u) for u in uniques])


def text_column(breakdown: Breakdown, rule: CompiledRule, base: pd.DataFrame) -> str | None:
    """The column a breakdown is, when it is just a text column (no bands, no arithmetic)."""
    if breakdown.bands:
        return None
    node = rule.tree.body
    if not isinstance(node, ast.Name) or node.id not in base.columns:
        return None
    dtype = base[node.id].dtype
    text = isinstance(dtype, pd.StringDtype | pd.CategoricalDtype) or dtype == np.dtype(object)
    return node.id if text else None


def breakdown_labels(
    breakdown: Breakdown,
    rule: CompiledRule,
    base: pd.DataFrame,
    rows: np.ndarray,
    context: Context,
) -> Labels:
    """A breakdown's label per record: a text column's codes are the frame's own, worked out
    once per dataset; anything else is evaluated on the records."""
    column = text_column(breakdown, rule, base)
    if column is None:
        return band_codes(breakdown, evaluate(rule.tree, context), context.frame.index)
    found = keys.text_codes(base, column)
    codes, texts = found.codes[rows], list(found.texts)
    empty = codes < 0
    if empty.any():
        if "unknown" not in texts:
            texts.append("unknown")
        codes = np.where(empty, texts.index("unknown"), codes)
    return Labels.of_codes(codes, texts)
