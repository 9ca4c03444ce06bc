"""`Dataset`: the valid records of one extract as a run reads them (from its files, or from
the cache of checked extracts), in a module of its own so both readers can make one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pm.definitions.models import DatasetSpec


@dataclass
class Dataset:
    """The valid records of one dataset, with where each came from."""

    name: str
    spec: DatasetSpec
    frame: pd.DataFrame
    files: list[Path]
    rows_read: int
    from_cache: bool = False  # loaded from the cache of checked extracts (pm.data.cache)
