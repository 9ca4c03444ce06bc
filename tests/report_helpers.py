"""Results tables for the report tests: a small hand-written one with every comparison
column (and planted traps), and the real sample-data results with comparisons added.

The small table's comparison columns are written by hand; the sample results go through the
real comparison layer (`pm compute --compare`).
"""

from __future__ import annotations

import csv
import functools
import subprocess
import sys
import tempfile
from pathlib import Path

from pm.comparison import COMPARE_COLUMNS
from pm.engine.compute import RESULT_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[1]
CARDIFF, SWANSEA, NEWPORT, WALES = "W06000015", "W06000011", "W06000022", "W92000004"

COLUMNS = [*RESULT_COLUMNS, *COMPARE_COLUMNS]  # the table pm compute --compare writes

# The planted figures: withheld by disclosure control, so they must appear nowhere.
HIDDEN_TEXTS = ["42.9", "42.86", "15.8", "74.9", "611.8", "611.75", "2,447", "2447"]
SCRIPT = "<script>alert('pm')</script>"


def _row(**fields: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(COLUMNS, "")
    row.update(breakdown="", unit="%", suppressed=False, status="ok", source="computed")
    row.update(fields)
    return row


def small_rows() -> list[dict[str, object]]:
    """Three measures, three councils and Wales, two years, each figure chosen by hand."""
    rows = [
        # PM18: higher is better, target 95, close from 90.
        _row(
            indicator="PM18",
            period="2022-23",
            area=CARDIFF,
            area_name="Cardiff",
            numerator=3610,
            denominator=4120,
            value=87.62135922330097,
            lower_ci=86.58,
            upper_ci=88.59,
            records=4120,
        ),
        _row(
            indicator="PM18",
            period="2023-24",
            area=CARDIFF,
            area_name="Cardiff",
            numerator=36696,
            denominator=41300,
            value=88.85,
            lower_ci=88.54,
            upper_ci=89.15,
            records=41300,
            polarity="higher",
            target=95,
            close_limit=90,
            band="off_target",
            previous_period="2022-23",
            previous_value=87.62135922330097,
            change=1.2286407766990,
            direction="improved",
            change_significant=True,
            benchmark_area=WALES,
            benchmark_value=85.04,
            benchmark_comparison="better",
            comparator_group="Cities " + SCRIPT,
            comparator_value=86.45,
            comparator_comparison="better",
            rank=1,
            rank_of=3,
            quartile=1,
            lower_quartile=80.1,
            upper_quartile=88.2,
            quartile_band="top_quartile",
        ),
        _row(
            indicator="PM18",
            period="2023-24",
            area=SWANSEA,
            area_name="Swansea " + SCRIPT,
            numerator=200,
            denominator=250,
            value=80.0,
            lower_ci=74.6,
            upper_ci=84.5,
            records=250,
        ),
        _row(
            indicator="PM18",
            period="2023-24",
            area=NEWPORT,
            area_name="Newport",
            numerator=180,
            denominator=220,
            value=81.81818181818181,
            lower_ci=76.2,
            upper_ci=86.3,
            records=220,
        ),
        _row(
            indicator="PM18",
            period="2022-23",
            area=WALES,
            area_name="Wales",
            numerator=8000,
            denominator=9500,
            value=84.21052631578948,
            lower_ci=83.46,
            upper_ci=84.93,
            records=9500,
        ),
        _row(
            indicator="PM18",
            period="2023-24",
            area=WALES,
            area_name="Wales",
            numerator=37076,
            denominator=43598,
            value=85.04,
            lower_ci=84.7,
            upper_ci=85.37,
            records=43598,
        ),
        # PM27: lower is better; Newport's 2023-24 figure is withheld (3 of 7).
        _row(
            indicator="PM27",
            period="2023-24",
            area=CARDIFF,
            area_name="Cardiff",
            numerator=12,
            denominator=150,
            value=8.0,
            lower_ci=4.63,
            upper_ci=13.49,
            records=150,
            polarity="lower",
            target=6,
            close_limit=8,
            band="close_to_target",
            previous_period="2022-23",
            previous_value="",
            direction="",
            benchmark_area=WALES,
            benchmark_value=7.25,
            benchmark_comparison="similar",
            rank=2,
            rank_of=2,
            quartile="",
            quartile_band="",
            lower_quartile=42.857142857142854,
            upper_quartile="",
        ),
        _row(
            indicator="PM27",
            period="2023-24",
            area=NEWPORT,
            area_name="Newport",
            numerator=3,
            denominator=7,
            value=42.857142857142854,
            lower_ci=15.818,
            upper_ci=74.946,
            records=7,
            suppressed=True,
            status="suppressed:small_numerator",
            band="off_target",
            rank=3,
            rank_of=3,
            quartile=4,
            quartile_band="bottom_quartile",
            direction="declined",
        ),
        _row(
            indicator="PM27",
            period="2023-24",
            area=SWANSEA,
            area_name="Swansea " + SCRIPT,
            numerator=10,
            denominator=160,
            value=6.25,
            lower_ci=3.43,
            upper_ci=11.12,
            records=160,
        ),
        _row(
            indicator="PM27",
            period="2023-24",
            area=WALES,
            area_name="Wales",
            numerator=25,
            denominator=317,
            value=7.886435331230284,
            lower_ci=5.4,
            upper_ci=11.4,
            records=317,
        ),
        # PM21: contextual (days); Cardiff's 2022-23 mean is withheld (4 placements).
        _row(
            indicator="PM21",
            period="2022-23",
            area=CARDIFF,
            area_name="Cardiff",
            numerator=2447,
            denominator=4,
            value=611.75,
            unit="days",
            records=4,
            suppressed=True,
            status="suppressed:few_records",
        ),
        _row(
            indicator="PM21",
            period="2023-24",
            area=CARDIFF,
            area_name="Cardiff",
            numerator=24066,
            denominator=40,
            value=601.65,
            lower_ci=540.2,
            upper_ci=663.1,
            unit="days",
            records=40,
            polarity="none",
            band="",
            previous_period="2022-23",
            previous_value=611.75,
            change=-10.1,
            direction="decreased",
            benchmark_area=WALES,
            benchmark_value=590.0,
            benchmark_comparison="similar",
        ),
        _row(
            indicator="PM21",
            period="2023-24",
            area=WALES,
            area_name="Wales",
            numerator=236000,
            denominator=400,
            value=590.0,
            lower_ci=570.0,
            upper_ci=610.0,
            unit="days",
            records=400,
        ),
    ]
    return rows


def write_csv(rows: list[dict[str, object]], path: Path, columns: list[str] | None = None) -> Path:
    columns = columns or COLUMNS
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(
            stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: ("true" if v is True else "false" if v is False else v) for k, v in row.items()}
            )
    return path


# The measures of a council reporting the 2016 code and its own indicators (the 46 the
# one-page scorecard was designed around): the sample data also holds the 2020 metrics.
SAMPLE_MEASURES = ["--framework", "wales-2016", "--framework", "local"]


@functools.cache
def sample_results() -> Path:
    """`pm compute` on the bundled sample data, all four years (computed once per test run)."""
    folder = Path(tempfile.mkdtemp(prefix="pm-report-sample-"))
    output = folder / "results.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pm",
            "compute",
            "sample_data",
            "--year",
            "2021-22:2024-25",
            *SAMPLE_MEASURES,
            "--output",
            str(output),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return output


@functools.cache
def compared_sample_results() -> Path:
    """`pm compute --compare` on the sample data: the real comparison layer, end to end."""
    output = sample_results().with_name("compared.csv")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pm",
            "compute",
            "sample_data",
            "--year",
            "2021-22:2024-25",
            *SAMPLE_MEASURES,
            "--compare",
            "--output",
            str(output),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return output


def rendered_sample(template: str, suffix: str, area: str = CARDIFF, year: str = "2024-25") -> Path:
    """A report of the compared sample results (rendered once per test run)."""
    from pm.definitions.loader import load_definitions
    from pm.reporting.build import ReportRequest, write_report

    results = compared_sample_results()
    output = results.with_name(f"{template}-{area}-{year}{suffix}")
    write_report(
        ReportRequest(results=results, template=template, output=output, area=area, year=year),
        load_definitions(check=False),
    )
    return output


@functools.cache
def workspace_sample_results() -> Path:
    """`pm compute --compare` through the sample workspace: Cardiff with its comparator
    group 'cities' and its targets, as `make demo` computes it."""
    output = sample_results().with_name("workspace-compared.csv")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pm",
            "--workspace",
            "sample_workspace",
            "compute",
            "sample_data",
            "--year",
            "2021-22:2024-25",
            *SAMPLE_MEASURES,
            "--compare",
            "--output",
            str(output),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return output


def rendered_workspace_sample(template: str, suffix: str, year: str = "2024-25") -> Path:
    """A report of the sample workspace's results, with its comparator groups."""
    from pm.definitions.loader import load_definitions
    from pm.reporting.build import ReportRequest, write_report

    results = workspace_sample_results()
    output = results.with_name(f"workspace-{template}-{year}{suffix}")
    cities = (CARDIFF, SWANSEA, NEWPORT)
    write_report(
        ReportRequest(
            results=results,
            template=template,
            output=output,
            area=CARDIFF,
            year=year,
            comparator_groups={"cities": cities},
        ),
        load_definitions(check=False),
    )
    return output


@functools.cache
def demo_workspace_results() -> Path:
    """`pm compute --compare` through the sample workspace with the measures its pm.yaml
    names (wales-2020, local, and the former PM18-PM33 it keeps), as `make demo` does."""
    output = sample_results().with_name("demo-workspace-compared.csv")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pm",
            "--workspace",
            "sample_workspace",
            "compute",
            "sample_data",
            "--year",
            "2023-24:2024-25",
            "--compare",
            "--output",
            str(output),
        ],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return output


def rendered_demo_scorecard(language: str, suffix: str = ".html") -> Path:
    """The sample workspace's own scorecard for 2024-25, in one language ('en' or 'cy')."""
    from pm.definitions.loader import load_definitions
    from pm.reporting.build import ReportRequest, write_report

    results = demo_workspace_results()
    output = results.with_name(f"demo-scorecard-{language}{suffix}")
    write_report(
        ReportRequest(
            results=results,
            template="scorecard",
            output=output,
            area=CARDIFF,
            year="2024-25",
            comparator_groups={"cities": (CARDIFF, SWANSEA, NEWPORT)},
            languages=(language,),
        ),
        load_definitions(check=False),
    )
    return output
