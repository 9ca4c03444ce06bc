#!/usr/bin/env python3
"""The yardstick against pm on one folder of its data, side by side, without the rest of
`make bench`: for checking one change quickly.

    python benchmarks/side_by_side.py YARD [--repeats 3] [--yardstick ../shared/perf]

Round-robin, each command a fresh process: the yardstick's DuckDB script, `pm compute` of
its five measures cold (`--no-cache`) and warm (a scratch cache filled by one untimed run),
and `pm --help`. Prints per command the median wall time, the median CPU time (user +
system, all threads), the peak resident memory and the ratio to the yardstick's wall time,
with the load average before and after. Then checks every figure against the yardstick's
(exit code 1 when any differs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import yardstick as yard
from bench import PM, Timing, run_once, time_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--yardstick", type=Path, default=yard.default_yardstick())
    parser.add_argument("--no-help", action="store_true", help="do not time pm --help")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout's src folder: its pm is timed cold and warm in the same rounds",
    )
    args = parser.parse_args(argv)
    if args.yardstick is None:
        parser.error("no yardstick found: give --yardstick DIR")
    with tempfile.TemporaryDirectory(prefix="pm-side-") as scratch:
        out = Path(scratch)
        cache = out / "cache"
        ref = Timing(
            "yardstick (DuckDB)", yard.reference_argv(args.yardstick, args.data, out / "y.csv"), 0
        )
        cold = Timing("pm cold", yard.pm_argv(args.data, out / "cold.csv", ["--no-cache"]), 0)
        warm_argv = yard.pm_argv(args.data, out / "warm.csv", ["--cache", str(cache)])
        warm = Timing("pm warm", warm_argv, 0)
        timings = [ref, cold, warm] + (
            [] if args.no_help else [Timing("pm --help", [PM, "--help"], 0)]
        )
        fills = [warm_argv]
        if args.baseline is not None:
            env = ["env", f"PYTHONPATH={args.baseline.resolve()}"]
            base_cold = yard.pm_argv(args.data, out / "base-cold.csv", ["--no-cache"])
            base_warm = yard.pm_argv(args.data, out / "base-warm.csv", ["--cache", str(out / "bc")])
            timings += [
                Timing("baseline cold", env + base_cold, 0),
                Timing("baseline warm", env + base_warm, 0),
            ]
            fills.append(env + base_warm)
        before = os.getloadavg()
        for argv in fills:
            run_once(argv)  # fills the cache
        time_all(timings, args.repeats)
        after = os.getloadavg()
        print(f"\nload average before {_load(before)}, after {_load(after)}")
        print(f"{'command':<22} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'× yardstick':>11}")
        for timing in timings:
            ratio = timing.wall / ref.wall
            print(
                f"{timing.name:<22} {timing.wall:7.2f} {timing.cpu:7.2f} "
                f"{timing.peak_mb:9.0f} {ratio:10.2f}×   runs {', '.join(f'{w:.2f}' for w in timing.walls)}"
            )
        differ = 0
        compared = ["cold.csv", "warm.csv"]
        compared += ["base-cold.csv", "base-warm.csv"] if args.baseline is not None else []
        for name in compared:
            agree, mismatches = yard.compare(out / "y.csv", out / name)
            differ += len(mismatches)
            print(f"{name}: {agree} figures agree, {len(mismatches)} differ {mismatches[:5]}")
    return 1 if differ else 0


def _load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    sys.exit(main())
