"""A results table saved as JSON reads back with the very numbers pm wrote (pm compare and
pm plan on a .json results file used to see values rounded in the last digit)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pm.outputs import write_table
from pm.results_io import read_results


def test_json_results_read_back_at_full_precision(tmp_path: Path) -> None:
    values = [2.642857142857143, 4.285714285714286, 1 / 3, 0.1 + 0.2, 88.85]
    table = pd.DataFrame(
        {
            "indicator": "PM18",
            "period": "2023-24",
            "area": "W06000015",
            "breakdown": [f"b{n}" for n in range(len(values))],
            "numerator": 1,
            "denominator": 3,
            "value": values,
            "lower_ci": [v / 2 for v in values],
            "upper_ci": [v * 2 for v in values],
            "suppressed": False,
            "status": "ok",
        }
    )
    path = tmp_path / "results.json"
    write_table(table, path)
    back = read_results(path)
    for column in ("value", "lower_ci", "upper_ci"):
        assert back[column].tolist() == table[column].tolist(), column  # exactly equal
