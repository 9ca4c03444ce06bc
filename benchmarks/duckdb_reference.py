#!/usr/bin/env python3
"""Run the DuckDB reference (benchmarks/reference.sql) over a folder of extracts.

    python benchmarks/duckdb_reference.py DATA_DIR OUT.csv --holidays bank_holidays.csv \
        --years 2021-22:2024-25

Writes one row per measure, year and council (indicator, period, area, numerator,
denominator). This is the yardstick of `make bench`: a hand-written SQL script on an engine
built for this kind of work, using both cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

SQL = Path(__file__).with_name("reference.sql")


def _quoted(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--holidays", type=Path, required=True)
    parser.add_argument("--years", default="2021-22:2024-25")
    args = parser.parse_args(argv)

    first, _, last = args.years.partition(":")
    filled = {
        "{data}": _quoted(args.data_dir),
        "{holidays}": _quoted(args.holidays),
        "{out}": _quoted(args.out),
        "{first_year}": str(int(first[:4])),
        "{last_year}": str(int((last or first)[:4])),
    }
    script = SQL.read_text(encoding="utf-8")
    for placeholder, value in filled.items():
        script = script.replace(placeholder, value)

    import duckdb

    connection = duckdb.connect()
    connection.execute(script)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
