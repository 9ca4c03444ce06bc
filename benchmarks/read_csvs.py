#!/usr/bin/env python3
"""The I/O floor of `make bench`: read every CSV of an extract folder into Arrow, nothing else.

    python benchmarks/read_csvs.py DATA_DIR

Uses the pyarrow CSV reader with its defaults (both cores, types inferred, so dates come back
as dates and counts as integers). Prints one JSON line: files, records and the size of the
tables in memory (Arrow buffers), which is the yardstick of the memory target.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    import pyarrow.csv as pacsv

    folder = Path((argv or sys.argv[1:])[0])
    files = sorted(folder.glob("*.csv"))
    rows = 0
    arrow_bytes = 0
    for path in files:
        table = pacsv.read_csv(path)
        rows += table.num_rows
        arrow_bytes += table.nbytes
    print(json.dumps({"files": len(files), "records": rows, "arrow_bytes": arrow_bytes}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
