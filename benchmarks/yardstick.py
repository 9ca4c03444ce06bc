#!/usr/bin/env python3
"""The workspace's yardstick (`../shared/perf`): data with text ids and a hand-written DuckDB
SQL script for PM18, PM24, PM27, PM28 and PM33, used by `bench.py` beside its own reference.

Run on its own, it checks pm's figures against the yardstick's on one folder of extracts:

    python benchmarks/yardstick.py DATA [--yardstick ../shared/perf]

(it runs `ref_duckdb.py` and `pm compute` on DATA and compares every numerator and
denominator per council and year; exit code 1 when any differs).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIVE = ["PM18", "PM24", "PM27", "PM28", "PM33"]
YEARS = "2021-22:2024-25"
WALES = "W92000004"
BIN = Path(sys.executable).parent
PM = str(BIN / "pm")
PY = sys.executable


def default_yardstick() -> Path | None:
    """`../shared/perf` relative to the project, when it holds the two scripts."""
    folder = ROOT.parent / "shared" / "perf"
    return (
        folder if (folder / "ref_duckdb.py").is_file() and (folder / "gen.py").is_file() else None
    )


def ensure_data(yardstick: Path, data_root: Path, records: int) -> Path:
    """The yardstick's extracts of about `records` records, generated once and kept."""
    folder = data_root / f"yardstick-{records}"
    if (folder / "looked_after_placements.csv").is_file():
        return folder
    print(f"generating the yardstick's {records:,} records into {folder} ...", flush=True)
    partial = data_root / f".yardstick-{records}.partial"
    subprocess.run(
        [PY, str(yardstick / "gen.py"), f"{records:.0e}", str(partial)], check=True, cwd=ROOT
    )
    partial.rename(folder)
    return folder


def reference_argv(yardstick: Path, data: Path, out_csv: Path) -> list[str]:
    return [PY, str(yardstick / "ref_duckdb.py"), str(data), str(out_csv)]


def pm_argv(data: Path, out_csv: Path, extra: list[str] | None = None) -> list[str]:
    five = [a for code in FIVE for a in ("--indicator", code)]
    return [PM, "compute", str(data), "--year", YEARS, *five, "--output", str(out_csv)] + list(
        extra or []
    )


def cache_options() -> tuple[list[str], list[str]] | None:
    """The options that run `pm compute` cold and warm, when this checkout's pm has a cache
    of checked extracts (`--cache DIR`, `--no-cache`); None before it has one."""
    shown = subprocess.run([PM, "compute", "--help"], capture_output=True, text=True).stdout
    if "--no-cache" not in shown or "--cache" not in shown:
        return None
    cache = Path(tempfile.mkdtemp(prefix="pm-bench-cache-"))
    return ["--no-cache"], ["--cache", str(cache)]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _number(text: str | None) -> float | None:
    return float(text) if text not in ("", None) else None


def compare(reference_csv: Path, pm_csv: Path) -> tuple[int, list[str]]:
    """The yardstick's numerators and denominators (columns measure, period, la_code) against
    pm's, council by council and year by year; the mismatches."""
    ours = {
        (r["indicator"], r["period"], r["area"]): r
        for r in _rows(pm_csv)
        if r["indicator"] in FIVE and not r["breakdown"] and r["area"] != WALES
    }
    problems, checked, seen = [], 0, set()
    for row in _rows(reference_csv):
        key = (row["measure"], row["period"], row["la_code"])
        seen.add(key)
        mine = ours.get(key)
        if mine is None:
            problems.append(f"{' '.join(key)}: the yardstick has a figure, pm has no row")
            continue
        for column in ("numerator", "denominator"):
            theirs, found = _number(row[column]), _number(mine[column])
            checked += 1
            if theirs != found and not (theirs in (None, 0.0) and found in (None, 0.0)):
                problems.append(f"{' '.join(key)} {column}: yardstick {theirs:g}, pm {found}")
    for key, mine in ours.items():
        if key not in seen and _number(mine["denominator"]) not in (None, 0.0):
            problems.append(f"{' '.join(key)}: pm has denominator {mine['denominator']}, no row")
    return checked, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a folder of the yardstick's extracts")
    parser.add_argument("--yardstick", type=Path, default=default_yardstick())
    args = parser.parse_args(argv)
    if args.yardstick is None:
        parser.error("no ../shared/perf here: give --yardstick DIR")
    with tempfile.TemporaryDirectory(prefix="pm-yardstick-") as scratch:
        reference, ours = Path(scratch) / "reference.csv", Path(scratch) / "pm.csv"
        subprocess.run(reference_argv(args.yardstick, args.data, reference), check=True)
        subprocess.run(pm_argv(args.data, ours), check=True, capture_output=True)
        checked, problems = compare(reference, ours)
    print(f"{checked} numerators and denominators compared; {len(problems)} differ")
    for line in problems[:50]:
        print(f"  {line}")
    return 1 if problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
