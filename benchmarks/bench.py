#!/usr/bin/env python3
"""The benchmark behind `make bench`: pm against DuckDB and the I/O floor, in one run.

    python benchmarks/bench.py [--sizes 1m 5m 10m] [--repeats 3] [--no-profile]
                               [--yardstick DIR | --no-yardstick]

For each size it generates the synthetic extracts once (cached under benchmarks/data/),
then times, on the same files and interleaved so that a change in the machine's load hits
every command alike:

- reading the CSVs alone into Arrow (the I/O floor);
- `pm compute` of all national measures for one year, and for four years;
- a hand-written DuckDB SQL script for PM18, PM24, PM27, PM28 and PM33 (the reference);
- the same five measures through `pm compute --indicator`;
- the workspace's yardstick (`../shared/perf`, or `--yardstick DIR`; see yardstick.py): its
  hand-written DuckDB SQL and pm's five measures on its data with text ids, pm cold and,
  once `pm compute` has `--cache`, warm.

Each command runs as its own process: the wall time is the median of the repeats, the peak
memory is the process's own maximum resident set size (from wait4). The DuckDB figures are
then checked against pm's, council by council and year by year, and `pm --help` and
`pm validate` are timed for start-up. Everything lands in benchmarks/RESULTS.md. The exit
code is 1 when either reference and pm disagree on any figure, 0 otherwise (a missed speed target is
reported, not fatal: the machine is shared and timings vary).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yardstick as yard

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"1m": 1.3, "5m": 6.5, "10m": 13.5}  # generator scale for about 1, 5 and 10 million records
SEED = 2024
YEARS = "2021-22:2024-25"
ONE_YEAR = "2024-25"
FIVE = ["PM18", "PM24", "PM27", "PM28", "PM33"]
FIVE_DATASETS = [
    "adult_protection_enquiries",
    "child_assessments",
    "cpr_registrations",
    "looked_after_placements",
]
WALES = "W92000004"
BIN = Path(sys.executable).parent
PM = str(BIN / "pm")
PY = sys.executable


# --------------------------------------------------------------------------- running


@dataclass
class Timing:
    name: str
    argv: list[str]
    records: int  # records in the files the command reads
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    last_stdout: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak_mb(self) -> float:
        return max(self.peaks_mb)

    @property
    def per_second(self) -> float:
        return self.records / self.wall if self.wall else 0.0


def run_once(argv: list[str]) -> tuple[float, float, float, str]:
    """Run one command; return its wall time (s), CPU time (user + system, s), its own peak
    RSS (MB) and its stdout.

    wait4 gives the rusage of this child alone, unlike RUSAGE_CHILDREN, which keeps the
    largest child seen so far."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(
            f"benchmark command failed ({process.returncode}): {' '.join(argv)}\n{stderr[-2000:]}"
        )
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


def time_all(timings: list[Timing], repeats: int) -> None:
    """Round-robin: every command once per round, so load changes spread evenly."""
    for round_number in range(repeats):
        for timing in timings:
            wall, cpu, peak, stdout = run_once(timing.argv)
            timing.walls.append(wall)
            timing.cpus.append(cpu)
            timing.peaks_mb.append(peak)
            timing.last_stdout = stdout
            print(
                f"  round {round_number + 1}/{repeats}  {timing.name:<38} {wall:8.2f} s "
                f"(CPU {cpu:6.2f} s) {peak:8.0f} MB",
                flush=True,
            )


# --------------------------------------------------------------------------- data


def ensure_data(data_root: Path, size: str) -> Path:
    """The extracts of one size, generated once and reused while scale and seed match."""
    folder = data_root / size
    log = folder / "generation_log.json"
    if log.is_file():
        found = json.loads(log.read_text(encoding="utf-8"))
        if found.get("scale") == SIZES[size] and found.get("seed") == SEED:
            return folder
    print(f"generating the {size} extracts (scale {SIZES[size]}) into {folder} ...", flush=True)
    partial = data_root / f".{size}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    subprocess.run(
        [
            PY,
            str(HERE / "generate.py"),
            str(partial),
            "--scale",
            str(SIZES[size]),
            "--years",
            YEARS,
            "--seed",
            str(SEED),
        ],
        check=True,
        cwd=ROOT,
    )
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def ensure_holidays(data_root: Path) -> Path:
    """Bank holidays of England and Wales for the SQL calendar, from the `holidays` package."""
    path = data_root / "bank_holidays.csv"
    if not path.is_file():
        import holidays

        found = holidays.country_holidays("GB", subdiv="WLS", years=range(1950, 2061))
        path.write_text("day\n" + "".join(f"{day}\n" for day in sorted(found)), encoding="utf-8")
    return path


def count_records(path: Path) -> int:
    """Data rows of a CSV file (lines less the header); the extracts hold no quoted newlines."""
    lines = 0
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 24), b""):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


def warm(folder: Path) -> None:
    """Read every file once so that the first timed command does not pay for the disk."""
    for path in folder.glob("*.csv"):
        with path.open("rb") as stream:
            while stream.read(1 << 24):
                pass


# --------------------------------------------------------------------------- checks


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def as_number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def compare(duck_csv: Path, pm_csv: Path) -> tuple[int, list[str]]:
    """Council-by-year numerators and denominators of DuckDB against pm's; the mismatches."""
    pm_rows = {
        (r["indicator"], r["period"], r["area"]): r
        for r in read_rows(pm_csv)
        if r["indicator"] in FIVE and not r["breakdown"] and r["area"] != WALES
    }
    problems = []
    checked = 0
    duck_keys = set()
    for row in read_rows(duck_csv):
        key = (row["indicator"], row["period"], row["area"])
        duck_keys.add(key)
        mine = pm_rows.get(key)
        if mine is None:
            problems.append(f"{' '.join(key)}: DuckDB has a figure, pm has no row")
            continue
        for column in ("numerator", "denominator"):
            theirs, ours = as_number(row[column]), as_number(mine[column])
            checked += 1
            if theirs != ours and not (theirs in (None, 0.0) and ours in (None, 0.0)):
                problems.append(f"{' '.join(key)} {column}: DuckDB {theirs:g}, pm {ours}")
    for key, mine in pm_rows.items():
        if key not in duck_keys and as_number(mine["denominator"]) not in (None, 0.0):
            problems.append(
                f"{' '.join(key)}: pm has denominator {mine['denominator']}, DuckDB no row"
            )
    return checked, problems


# --------------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    size: str
    records: int
    arrow_bytes: int
    timings: dict[str, Timing]
    checked: int
    mismatches: list[str]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    yard_records: int = 0  # records of the yardstick's data (0: no yardstick)
    yard_checked: int = 0
    yard_mismatches: list[str] = field(default_factory=list)


def bench_size(
    size: str,
    data_root: Path,
    holidays_csv: Path,
    repeats: int,
    work: Path,
    yardstick: Path | None = None,
) -> SizeResult:
    folder = ensure_data(data_root, size)
    files = {p.stem: count_records(p) for p in folder.glob("*.csv")}
    total = sum(files.values())
    five_records = sum(files[name] for name in FIVE_DATASETS)
    out = work / size
    out.mkdir(parents=True, exist_ok=True)
    five_args = [a for code in FIVE for a in ("--indicator", code)]
    timings = [
        Timing("read the CSVs (I/O floor)", [PY, str(HERE / "read_csvs.py"), str(folder)], total),
        Timing(
            "pm compute, all, one year",
            [PM, "compute", str(folder), "--year", ONE_YEAR, "--output", str(out / "all-1y.csv")],
            total,
        ),
        Timing(
            "pm compute, all, four years",
            [PM, "compute", str(folder), "--year", YEARS, "--output", str(out / "all-4y.csv")],
            total,
        ),
        Timing(
            "DuckDB SQL, five measures, 4 years",
            [
                PY,
                str(HERE / "duckdb_reference.py"),
                str(folder),
                str(out / "duckdb.csv"),
                "--holidays",
                str(holidays_csv),
                "--years",
                YEARS,
            ],
            five_records,
        ),
        Timing(
            "pm compute, five measures, 4 years",
            [
                PM,
                "compute",
                str(folder),
                "--year",
                YEARS,
                *five_args,
                "--output",
                str(out / "five.csv"),
            ],
            five_records,
        ),
    ]
    yard_data = yard_records = None
    if yardstick is not None:
        yard_data = yard.ensure_data(yardstick, data_root, YARD_RECORDS[size])
        yard_records = sum(count_records(p) for p in yard_data.glob("*.csv"))
        timings += yardstick_timings(yardstick, yard_data, yard_records, out)
        warm(yard_data)
    print(f"\n== {size}: {total:,} records in {len(files)} files ({folder})", flush=True)
    warm(folder)
    load_before = os.getloadavg()
    time_all(timings, repeats)
    load_after = os.getloadavg()
    arrow_bytes = json.loads(timings[0].last_stdout)["arrow_bytes"]
    checked, mismatches = compare(out / "duckdb.csv", out / "five.csv")
    print(f"  DuckDB vs pm: {checked} figures compared, {len(mismatches)} differ", flush=True)
    for line in mismatches[:20]:
        print(f"    {line}", flush=True)
    result = SizeResult(
        size,
        total,
        arrow_bytes,
        {t.name: t for t in timings},
        checked,
        mismatches,
        load_before,
        load_after,
    )
    if yard_data is not None and yard_records is not None:
        result.yard_records = yard_records
        result.yard_checked, result.yard_mismatches = yard.compare(
            out / "yardstick.csv", out / "yard-pm.csv"
        )
        print(
            f"  yardstick vs pm: {result.yard_checked} figures compared, "
            f"{len(result.yard_mismatches)} differ",
            flush=True,
        )
    return result


YARD_RECORDS = {"1m": 1_000_000, "5m": 5_000_000, "10m": 10_000_000}
YARD_REF = "yardstick DuckDB SQL, five measures, 4 years"
YARD_COLD = "pm compute, yardstick data, five measures, cold"
YARD_WARM = "pm compute, yardstick data, five measures, warm"


def yardstick_timings(yardstick: Path, data: Path, records: int, out: Path) -> list[Timing]:
    """The yardstick's SQL and pm on the yardstick's data (text ids). When pm has a cache
    of checked extracts, pm runs cold (`--no-cache`) and warm (a cache filled by one untimed
    run before the rounds); otherwise only cold."""
    options = yard.cache_options()
    cold, warm_options = options if options else ([], None)
    timings = [
        Timing(YARD_REF, yard.reference_argv(yardstick, data, out / "yardstick.csv"), records),
        Timing(YARD_COLD, yard.pm_argv(data, out / "yard-pm.csv", cold), records),
    ]
    if warm_options is not None:
        warm_argv = yard.pm_argv(data, out / "yard-pm-warm.csv", warm_options)
        run_once(warm_argv)  # fills the cache
        timings.append(Timing(YARD_WARM, warm_argv, records))
    return timings


# --------------------------------------------------------------------------- start-up and profile


def bench_startup(repeats: int) -> list[Timing]:
    timings = [
        Timing("pm --help", [PM, "--help"], 0),
        Timing("pm validate (all shipped definitions)", [PM, "validate"], 0),
    ]
    print("\n== start-up", flush=True)
    time_all(timings, repeats)
    return timings


def profile(folder: Path, work: Path, top: int = 25) -> str:
    """cProfile of `pm compute` (all national measures, one year): where the time goes."""
    stats_file = work / "compute.prof"
    code = (
        "import cProfile, sys\n"
        "from pm.cli.app import main\n"
        f"sys.argv = ['pm', 'compute', {str(folder)!r}, '--year', {ONE_YEAR!r}, "
        f"'--output', {str(work / 'profiled.csv')!r}]\n"
        "profiler = cProfile.Profile()\n"
        "try:\n"
        "    profiler.runcall(main)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"profiler.dump_stats({str(stats_file)!r})\n"
    )
    print(f"\n== profiling pm compute on {folder.name}", flush=True)
    subprocess.run([PY, "-c", code], check=True, cwd=ROOT, capture_output=True)
    import pstats

    stats = pstats.Stats(str(stats_file))
    rows = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((cumulative, own, calls, _short(filename), line, name))
    total = max(r[0] for r in rows)
    lines = [f"Total {total:.1f} s under cProfile (which adds overhead to many small calls).", ""]
    lines += [
        "Top pm functions by cumulative time:",
        "",
        "| cumulative s | own s | calls | function |",
        "|---:|---:|---:|---|",
    ]
    ours = sorted((r for r in rows if r[3].startswith("pm/")), reverse=True)[:top]
    lines += [f"| {c:.2f} | {o:.2f} | {n} | `{f}:{ln} {nm}` |" for c, o, n, f, ln, nm in ours]
    lines += ["", "Top functions by own time (any library):", ""]
    lines += ["| own s | cumulative s | calls | function |", "|---:|---:|---:|---|"]
    own_top = sorted(rows, key=lambda r: r[1], reverse=True)[:top]
    lines += [f"| {o:.2f} | {c:.2f} | {n} | `{f}:{ln} {nm}` |" for c, o, n, f, ln, nm in own_top]
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename if filename.startswith("<") else Path(filename).name


# --------------------------------------------------------------------------- report


def machine() -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    versions = []
    for name in ("pm", "pandas", "pyarrow", "numpy", "duckdb"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            versions.append(f"{name} (not installed)")
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; " + ", ".join(versions),
    ]


def status(ok: bool) -> str:
    return "met" if ok else "**missed**"


def over(measured: float, limit: float) -> str:
    """How far past its limit a ratio is, in words a reader takes in at once."""
    times = measured / limit
    return (
        f"{(times - 1) * 100:.1f}% over the limit" if times < 2 else f"{times:.1f} times the limit"
    )


def targets(results: list[SizeResult], startup: list[Timing]) -> list[str]:
    lines = ["| target | measured | status |", "|---|---|---|"]
    largest = results[-1]
    t = largest.timings
    lines += _yardstick_targets(largest)
    ratio = (
        t["pm compute, five measures, 4 years"].wall / t["DuckDB SQL, five measures, 4 years"].wall
    )
    lines.append(
        f"| five measures through pm ≤ 2× own DuckDB reference ({largest.size}) | {ratio:.2f}× | "
        f"{status(ratio <= 2)}{'' if ratio <= 2 else f' ({over(ratio, 2)})'} |"
    )
    floor = t["read the CSVs (I/O floor)"].wall
    one_year = t["pm compute, all, one year"].wall / floor
    lines.append(
        f"| all measures, one year ≤ 3× reading the CSVs ({largest.size}) | {one_year:.2f}× | "
        f"{status(one_year <= 3)}{'' if one_year <= 3 else f' ({over(one_year, 3)})'} |"
    )
    if len(results) > 1:
        small = results[0]
        for name in ("pm compute, all, one year", "pm compute, five measures, 4 years"):
            first = small.timings[name].wall / small.timings[name].records
            last = largest.timings[name].wall / largest.timings[name].records
            growth = last / first - 1
            lines.append(
                f"| time per record {small.size} → {largest.size} grows < 20% ({name}) | "
                f"{growth * 100:+.0f}% | {status(growth < 0.2)} |"
            )
    arrow_mb = largest.arrow_bytes / 2**20
    peak = max(v.peak_mb for k, v in t.items() if k.startswith("pm "))
    lines.append(
        f"| peak memory < 2× Arrow size ({largest.size}: Arrow {arrow_mb:,.0f} MB) | "
        f"{peak:,.0f} MB = {peak / arrow_mb:.2f}× | {status(peak < 2 * arrow_mb)} |"
    )
    for timing, limit, shown in (
        (startup[0], 0.2, "`pm --help`"),
        (startup[1], 1.0, "`pm validate`"),
    ):
        lines.append(
            f"| {shown} < {limit:g} s | {timing.wall:.2f} s wall, {timing.cpu:.2f} s CPU | "
            f"{status(timing.wall < limit)}"
            + ("" if timing.wall < limit or timing.cpu >= limit else " (met in CPU time)")
            + " |"
        )
    return lines


def write_results(
    path: Path,
    results: list[SizeResult],
    startup: list[Timing],
    repeats: int,
    profile_text: str | None,
    notes: str,
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {now}; do not edit by hand (notes go in "
        "`benchmarks/NOTES.md`, which is copied in at the end).",
        "",
        "## Machine and versions",
        "",
        *machine(),
        f"- Each figure: median wall time of {repeats} runs, each command a fresh process "
        "(start-up included), run round-robin; peak memory is the largest resident set "
        "size of the process over the runs.",
        "- The machine is shared with other work: compare figures within a size (one run), "
        "not across runs. Load average (1, 5, 15 min) is given before and after each size; "
        "on 2 cores, a load above 2 means the commands waited for a core, and their wall "
        "times grew with it. CPU time (user + system, all threads) is given beside the wall "
        "time because it hardly depends on the load.",
        "",
        "## Commands",
        "",
        "```",
        "python benchmarks/read_csvs.py DATA                           # I/O floor: every CSV into Arrow",
        f"pm compute DATA --year {ONE_YEAR} --output OUT.csv              # all national measures, one year",
        f"pm compute DATA --year {YEARS} --output OUT.csv      # all national measures, four years",
        f"python benchmarks/duckdb_reference.py DATA OUT.csv --holidays H --years {YEARS}",
        f"pm compute DATA --year {YEARS} -i PM18 -i PM24 -i PM27 -i PM28 -i PM33 --output OUT.csv",
        "python ../shared/perf/ref_duckdb.py YARD OUT.csv                 # the yardstick",
        f"pm compute YARD --year {YEARS} -i PM18 -i PM24 -i PM27 -i PM28 -i PM33 --output OUT.csv",
        "```",
        "",
        "Two references: **own DuckDB reference** is `benchmarks/reference.sql` on the project's "
        "generated data (digit ids, data-quality errors of every kind); **the yardstick** is "
        "the workspace's hand-written DuckDB script `../shared/perf/ref_duckdb.py` on its own "
        "data (YARD, `../shared/perf/gen.py N`, text ids such as `P0031388`), the reference "
        "of issue 17. pm runs cold on the yardstick's data (`--no-cache` when pm has a cache) "
        "and, when pm has `--cache`, warm too (the cache filled by one untimed run).",
        "",
        "DATA is `benchmarks/data/<size>/`, made by `benchmarks/generate.py` (seed "
        f"{SEED}, years {YEARS}, scales {', '.join(f'{k}: {v}' for k, v in SIZES.items())}). "
        "The five-measure commands read 4 of the 15 files; records/s counts the records "
        "in the files each command reads.",
        "",
    ]
    for result in results:
        lines += [
            f"## {result.size}: {result.records:,} records",
            "",
            f"Arrow size in memory: {result.arrow_bytes / 2**20:,.0f} MB. Load average before "
            f"{_load(result.load_before)}, after {_load(result.load_after)}.",
            "",
            "| command | wall s (median) | runs (wall s) | CPU s (median) | peak MB | records | records/s |",
            "|---|---:|---|---:|---:|---:|---:|",
        ]
        for timing in result.timings.values():
            runs = ", ".join(f"{w:.2f}" for w in timing.walls)
            lines.append(
                f"| {timing.name} | {timing.wall:.2f} | {runs} | {timing.cpu:.2f} | "
                f"{timing.peak_mb:,.0f} | {timing.records:,} | {timing.per_second:,.0f} |"
            )
        t = result.timings
        duck = t["DuckDB SQL, five measures, 4 years"].wall
        floor = t["read the CSVs (I/O floor)"].wall
        lines += [
            "",
            f"Ratios: five measures pm ÷ DuckDB = {t['pm compute, five measures, 4 years'].wall / duck:.2f}; "
            f"all measures one year ÷ I/O floor = {t['pm compute, all, one year'].wall / floor:.2f}; "
            f"four years ÷ one year = {t['pm compute, all, four years'].wall / t['pm compute, all, one year'].wall:.2f}.",
            "",
            f"Check: {result.checked} numerators and denominators (5 measures × 22 councils × 4 years) "
            f"compared between DuckDB and pm: "
            + ("all equal." if not result.mismatches else f"**{len(result.mismatches)} differ**:"),
            "",
        ]
        lines += [f"- {m}" for m in result.mismatches[:50]]
        if result.mismatches:
            lines.append("")
        lines += _yardstick_lines(result)
    lines += [
        "## Start-up",
        "",
        "| command | wall s (median) | runs (wall s) | CPU s (median) | peak MB |",
        "|---|---:|---|---:|---:|",
    ]
    for timing in startup:
        runs = ", ".join(f"{w:.2f}" for w in timing.walls)
        shown = " ".join(["pm", *timing.argv[1:]])
        lines.append(
            f"| `{shown}` | {timing.wall:.2f} | {runs} | {timing.cpu:.2f} | {timing.peak_mb:,.0f} |"
        )
    lines += ["", "## Targets", "", *targets(results, startup), ""]
    if profile_text:
        lines += [
            f"## Profile: `pm compute`, all measures, one year, {results[-1].size}",
            "",
            profile_text,
            "",
        ]
    if notes:
        lines += ["## Notes", "", notes.strip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _yardstick_lines(result: SizeResult) -> list[str]:
    """Ratios to the yardstick and its check, for a size that ran it."""
    t = result.timings
    if YARD_REF not in t:
        return []
    reference = t[YARD_REF]
    ratios = [f"pm cold ÷ yardstick = {t[YARD_COLD].wall / reference.wall:.2f}"]
    if YARD_WARM in t:
        ratios.append(f"pm warm ÷ yardstick = {t[YARD_WARM].wall / reference.wall:.2f}")
    lines = [
        f"Yardstick ({result.yard_records:,} records with text ids, from `../shared/perf/gen.py`): "
        + "; ".join(ratios)
        + f"; peak memory pm {t[YARD_COLD].peak_mb:,.0f} MB, yardstick {reference.peak_mb:,.0f} MB.",
        "",
        f"Check: {result.yard_checked} numerators and denominators compared between the "
        "yardstick and pm: "
        + (
            "all equal."
            if not result.yard_mismatches
            else f"**{len(result.yard_mismatches)} differ**:"
        ),
        "",
    ]
    lines += [f"- {m}" for m in result.yard_mismatches[:50]]
    return lines + ([""] if result.yard_mismatches else [])


def _yardstick_targets(largest: SizeResult) -> list[str]:
    """Issue 17's targets against the yardstick, at the largest size."""
    t = largest.timings
    if YARD_REF not in t:
        return ["| against the yardstick | not run (no ../shared/perf; give --yardstick) | - |"]
    reference = t[YARD_REF].wall
    cold = t[YARD_COLD].wall / reference
    peak_mib = t[YARD_COLD].peak_mb
    lines = [
        f"| cold ≤ 2.0× the yardstick ({largest.size}) | {cold:.2f}× | "
        f"{status(cold <= 2)}{'' if cold <= 2 else f' ({over(cold, 2)})'} |",
        f"| peak memory cold ≤ 1,000 MiB ({largest.size}) | {peak_mib:,.0f} MiB | "
        f"{status(peak_mib <= 1000)} |",
    ]
    if YARD_WARM in t:
        warm_ratio = t[YARD_WARM].wall / reference
        lines.append(
            f"| warm ≤ 0.7× the yardstick ({largest.size}) | {warm_ratio:.2f}× | "
            f"{status(warm_ratio <= 0.7)} |"
        )
    else:
        lines.append("| warm ≤ 0.7× the yardstick | not run: this pm has no --cache yet | - |")
    return lines


def _load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    parser.add_argument(
        "--yardstick",
        type=Path,
        default=yard.default_yardstick(),
        help="folder of the workspace's yardstick (gen.py, ref_duckdb.py); "
        "default ../shared/perf when present",
    )
    parser.add_argument("--no-yardstick", action="store_true", help="time only the own reference")
    args = parser.parse_args(argv)

    sizes = sorted(args.sizes, key=list(SIZES).index)
    args.data.mkdir(parents=True, exist_ok=True)
    holidays_csv = ensure_holidays(args.data)
    for size in sizes:  # generate everything first, so the timings are not interleaved with it
        ensure_data(args.data, size)
    with tempfile.TemporaryDirectory(prefix="pm-bench-") as scratch:
        work = Path(scratch)
        yardstick = None if args.no_yardstick else args.yardstick
        results = [
            bench_size(size, args.data, holidays_csv, args.repeats, work, yardstick)
            for size in sizes
        ]
        startup = bench_startup(max(args.repeats, 5))
        profile_text = None if args.no_profile else profile(args.data / sizes[-1], work)
    notes_file = HERE / "NOTES.md"
    notes = notes_file.read_text(encoding="utf-8") if notes_file.is_file() else ""
    write_results(args.results, results, startup, args.repeats, profile_text, notes)
    print(f"\nWrote {args.results}")
    differ = sum(len(r.mismatches) + len(r.yard_mismatches) for r in results)
    if differ:
        print(f"DuckDB and pm disagree on {differ} figure(s): see {args.results}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
