"""Repeated record ids (or unique keys) among a dataset's valid records: the first is kept,
the others become findings. Only the key columns are looked at, as integer codes (text ids
read from their bytes, `pm.data.text_codes`); an extract in key order is cleared in one
pass, others by hashing one integer per record."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pm.data.findings import Finding
from pm.data.text_codes import rising
from pm.data.typed_file import LINE, SOURCE, TypedFile
from pm.definitions.models import DatasetSpec


def repeated(
    typed_files: list[TypedFile], keeps: list[np.ndarray], key: list[str]
) -> list[np.ndarray]:
    """Per file, the valid records whose key an earlier valid record already holds."""
    valid = [np.flatnonzero(keep) for keep in keeps]
    keys: pd.Series | pd.DataFrame
    if len(typed_files) == 1:
        codes = typed_files[0].key_codes(key, valid[0])
        combined = _one_code(codes)
        if combined is not None and rising(combined):  # in key order: nothing repeats
            return [np.zeros(len(typed_files[0]), dtype=bool)]
        keys = pd.Series(combined) if combined is not None else pd.DataFrame(dict(enumerate(codes)))
    else:  # parts of one extract: codes differ between files, so the typed values are compared
        keys = pd.concat(
            [
                pd.DataFrame({k: typed_file.column(k, rows) for k in key})
                for typed_file, rows in zip(typed_files, valid, strict=True)
            ],
            ignore_index=True,
        )
    repeats = keys.duplicated(keep="first").to_numpy()
    doubled_per_file = []
    offset = 0
    for typed_file, rows in zip(typed_files, valid, strict=True):
        doubled = np.zeros(len(typed_file), dtype=bool)
        doubled[rows[repeats[offset : offset + len(rows)]]] = True
        offset += len(rows)
        doubled_per_file.append(doubled)
    return doubled_per_file


def _one_code(codes: list[np.ndarray]) -> np.ndarray | None:
    """The key's integer codes folded into one int64 per record (mixed radix), so that
    repeats are found by hashing one number; None when the ranges do not fit in 63 bits."""
    combined = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    span = 1
    for part in codes:
        if not len(part):
            return combined
        low, high = int(part.min()), int(part.max())
        width = high - low + 1
        if span * width >= 2**62:
            return None
        shifted = part.astype(np.int64)  # one temporary, worked in place
        shifted -= low
        shifted *= span
        combined += shifted
        span *= width
    return combined


def duplicate_findings(
    name: str, spec: DatasetSpec, doubles: pd.DataFrame, key: list[str]
) -> list[Finding]:
    """One finding per repeated record, read column by column (not row by row: a large
    extract can repeat thousands of ids)."""
    shown_column = spec.record_id or key[-1]
    columns = {c: [str(v) for v in doubles[c].tolist()] for c in {*key, "la_code", SOURCE}}
    shown = [columns[k] for k in key if k != "la_code"]
    values = [" / ".join(parts) for parts in zip(*shown, strict=True)]
    record_ids = columns[spec.record_id] if spec.record_id else [""] * len(doubles)
    return [
        Finding(name, source, int(line), shown_column, "duplicate_id", value, record_id, la_code)
        for source, line, value, record_id, la_code in zip(
            columns[SOURCE],
            doubles[LINE].tolist(),
            values,
            record_ids,
            columns["la_code"],
            strict=True,
        )
    ]
