#!/usr/bin/env python3
"""Generate a synthetic extract set for benchmarks (a thin wrapper of pm.sample_data.generate).

    python benchmarks/generate.py OUT_DIR --scale 13.5 --years 2021-22:2024-25 --seed 2024

Prints the rows written, the wall time and the peak memory (resident set size) as one JSON
line on stdout, for the benchmark harness. Over four years, scale 1.3 gives about 1 million
records, 6.5 about 5 million and 13.5 about 10 million (about 20 s and 550 MB peak memory
on a 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--years", default="2021-22:2024-25")
    parser.add_argument("--scale", type=float, default=13.5)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--local",
        action="store_true",
        help="also write the local datasets (the benchmark times national measures)",
    )
    args = parser.parse_args(argv)

    from pm.errors import PmError
    from pm.sample_data import generate, parse_years

    started = time.perf_counter()
    try:
        log = generate(
            args.out_dir,
            parse_years(args.years),
            scale=args.scale,
            seed=args.seed,
            include_local=args.local,
        )
    except PmError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return problem.exit_code
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "out_dir": str(args.out_dir),
                "years": log.years,
                "scale": log.scale,
                "seed": log.seed,
                "rows": log.total_rows,
                "faults": len(log.faults),
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak_kib / 1024, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
