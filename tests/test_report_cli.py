"""`pm report` through the real command line: formats by extension, inputs it accepts,
the messages and exit codes of the mistakes a user can make, and nothing left behind."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from report_helpers import COLUMNS, small_rows, write_csv

from pm.engine.compute import RESULT_COLUMNS

BASIC = RESULT_COLUMNS  # a results file written without --compare


class Runs:
    def __init__(self, root: Path, results: dict[str, subprocess.CompletedProcess[str]]) -> None:
        self.root, self.results = root, results


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, start_pm: Callable) -> Runs:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("report_cli")
    full = write_csv(small_rows(), root / "results.csv")
    basic = write_csv(
        small_rows(), root / "basic.csv", columns=BASIC
    )  # before the comparison layer
    pd.read_csv(full, dtype=str, keep_default_na=False).to_parquet(root / "results.parquet")
    (root / "notes" / "2023-24").mkdir(parents=True)
    (root / "notes" / "2023-24" / "PM18.md").write_text(
        "Better than last year.\n", encoding="utf-8"
    )
    (root / "mine").mkdir()
    (root / "mine" / "scorecard.md.j2").write_text(
        "My scorecard for {{ report.area_name }}\n", encoding="utf-8"
    )
    (root / "mine" / "bad.html.j2").write_text(
        "{% for m in measures %}\n{{ m.nothing }}\n{% endfor %}", encoding="utf-8"
    )
    out = root / "out"
    commands = {
        "html": (
            str(full),
            "-t",
            "annual_report",
            "-o",
            str(out / "annual.html"),
            "--area",
            "Cardiff",
            "--year",
            "2023-24",
            "--commentary",
            str(root / "notes"),
        ),
        "draft": (
            str(full),
            "-t",
            "annual_report",
            "-o",
            str(out / "draft.html"),
            "--area",
            "Cardiff",
            "--commentary",
            str(root / "notes"),
            "--draft",
        ),
        "draft_md": (
            str(full),
            "-t",
            "annual_report",
            "-o",
            str(out / "draft.md"),
            "--area",
            "Cardiff",
            "--commentary",
            str(root / "notes"),
            "--draft",
        ),
        "md": (
            str(full),
            "-t",
            "annual-report",
            "-o",
            str(out / "annual.md"),
            "--area",
            "caerdydd",
        ),
        "xlsx": (
            str(full),
            "-t",
            "exceptions",
            "-o",
            str(out / "exceptions.xlsx"),
            "--area",
            "W06000015",
        ),
        "parquet": (
            str(root / "results.parquet"),
            "-t",
            "scorecard",
            "-o",
            str(out / "parquet.html"),
            "-a",
            "Cardiff",
        ),
        "basic": (
            str(basic),
            "-t",
            "annual_report",
            "-o",
            str(out / "basic.html"),
            "-a",
            "Cardiff",
        ),
        "basic_exceptions": (
            str(basic),
            "-t",
            "exceptions",
            "-o",
            str(out / "basic-exceptions.md"),
            "-a",
            "Cardiff",
        ),
        "override": (
            str(full),
            "-t",
            "scorecard",
            "-o",
            str(out / "mine.md"),
            "-a",
            "Cardiff",
            "--templates",
            str(root / "mine"),
        ),
        "pages": (
            str(full),
            "-t",
            "indicator_page",
            "-o",
            str(out / "pm18.md"),
            "-a",
            "Cardiff",
            "-i",
            "pma18",
        ),
        "some_pages": (
            str(full),
            "-t",
            "indicator_page",
            "-o",
            str(out / "some-pages.md"),
            "-a",
            "Cardiff",
            "-i",
            "PM18",
            "-i",
            "PM24",
        ),
        "no_pages": (
            str(full),
            "-t",
            "indicator_page",
            "-o",
            str(out / "no-pages.md"),
            "-a",
            "Cardiff",
            "-i",
            "PM24",
            "-i",
            "PM19",
        ),
        "no_area": (str(full), "-t", "scorecard", "-o", str(out / "no-area.html")),
        "bad_area": (
            str(full),
            "-t",
            "scorecard",
            "-o",
            str(out / "bad-area.html"),
            "-a",
            "Atlantis",
        ),
        "bad_year": (
            str(full),
            "-t",
            "scorecard",
            "-o",
            str(out / "bad-year.html"),
            "-a",
            "Cardiff",
            "-y",
            "2019-20",
        ),
        "bad_suffix": (
            str(full),
            "-t",
            "scorecard",
            "-o",
            str(out / "report.pdf"),
            "-a",
            "Cardiff",
        ),
        "no_file": (
            str(root / "missing.csv"),
            "-t",
            "scorecard",
            "-o",
            str(out / "x.html"),
            "-a",
            "Cardiff",
        ),
        "no_template": (str(full), "-t", "annual", "-o", str(out / "x.html"), "-a", "Cardiff"),
        "bad_template": (
            str(full),
            "-t",
            "bad",
            "-o",
            str(out / "bad.html"),
            "-a",
            "Cardiff",
            "--templates",
            str(root / "mine"),
        ),
        "own_xlsx": (
            str(full),
            "-t",
            "bad",
            "-o",
            str(out / "bad.xlsx"),
            "-a",
            "Cardiff",
            "--templates",
            str(root / "mine"),
        ),
        "no_notes": (
            str(full),
            "-t",
            "scorecard",
            "-o",
            str(out / "n.html"),
            "-a",
            "Cardiff",
            "--commentary",
            str(root / "nope"),
        ),
        "help": ("--help",),
    }
    started = {name: start_pm("report", *args) for name, args in commands.items()}
    return Runs(root, {name: run.result() for name, run in started.items()})


def ok(runs: Runs, name: str) -> subprocess.CompletedProcess[str]:
    result = runs.results[name]
    assert result.returncode == 0, f"{name}: exit {result.returncode}\n{result.stderr}"
    return result


def test_html_report_with_commentary(runs: Runs) -> None:
    result = ok(runs, "html")
    html = (runs.root / "out" / "annual.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<p>Better than last year.</p>" in html
    assert "Wrote the annual report for Cardiff, 2023-24 (3 measures)" in result.stderr
    assert "2 measure(s) have no commentary: PM21, PM27" in result.stderr
    assert "run with --draft to mark them" in result.stderr
    # A report to publish has no "no commentary yet" boxes and no list of them.
    assert "No commentary yet" not in html and "Measures without commentary" not in html


@pytest.mark.parametrize(("name", "suffix"), [("draft", "html"), ("draft_md", "md")])
def test_a_draft_marks_missing_commentary_naming_the_file_without_a_machine_path(
    runs: Runs, name: str, suffix: str
) -> None:
    result = ok(runs, name)
    text = (runs.root / "out" / f"draft.{suffix}").read_text(encoding="utf-8")
    assert text.count("No commentary yet") == 2  # PM21 and PM27; PM18 has commentary
    assert "Measures without commentary" in text
    assert "notes/2023-24/PM21.md" in text and "notes/2023-24/PM27.md" in text
    assert str(runs.root) not in text and "/tmp" not in text
    assert "marked in the report" in result.stderr


def test_markdown_by_extension_with_a_welsh_name_and_the_latest_year(runs: Runs) -> None:
    ok(runs, "md")
    text = (runs.root / "out" / "annual.md").read_text(encoding="utf-8")
    assert text.startswith("# Performance against the quality standards: Cardiff (Caerdydd)")
    assert "reporting year 2023-24" in text  # the latest year in the results
    assert (
        "| **PM18** Adult protection enquiries completed within 7 working days (%) · "
        "*former national measure, reported locally* | 88.9 |" in text  # 2016 code, in 2023-24
    )


def test_excel_by_extension(runs: Runs) -> None:
    ok(runs, "xlsx")
    workbook = openpyxl.load_workbook(runs.root / "out" / "exceptions.xlsx")
    assert workbook.sheetnames == ["About", "Exceptions"]
    rows = list(workbook["Exceptions"].iter_rows(values_only=True))
    assert rows[1][0] == "PM18" and rows[1][6] == 88.9
    assert "Off target" in rows[1][7] and "Worse" not in rows[1][7]


def test_parquet_results_are_read(runs: Runs) -> None:
    ok(runs, "parquet")
    assert ">88.9<" in (runs.root / "out" / "parquet.html").read_text(encoding="utf-8")


def test_results_without_comparison_columns_show_not_available(runs: Runs) -> None:
    result = ok(runs, "basic")
    html = (runs.root / "out" / "basic.html").read_text(encoding="utf-8")
    assert "Not available" in html and "On target</li>" not in html
    assert ">87.6<" in html and ">85.0<" in html  # last year and Wales, from the table's own rows
    assert "no bands or comparisons yet" in result.stderr
    ok(runs, "basic_exceptions")
    assert "no exception can be found yet" in (runs.root / "out" / "basic-exceptions.md").read_text(
        encoding="utf-8"
    )


def test_a_user_template_replaces_the_shipped_one(runs: Runs) -> None:
    ok(runs, "override")
    assert (runs.root / "out" / "mine.md").read_text(
        encoding="utf-8"
    ) == "My scorecard for Cardiff\n"


def test_indicator_pages_for_one_indicator_by_alias(runs: Runs) -> None:
    ok(runs, "pages")
    text = (runs.root / "out" / "pm18.md").read_text(encoding="utf-8")
    assert text.count("\n## ") == 1 and "## PM18:" in text


def test_an_indicator_without_figures_is_named_and_left_out(runs: Runs) -> None:
    result = ok(runs, "some_pages")
    text = (runs.root / "out" / "some-pages.md").read_text(encoding="utf-8")
    assert text.count("\n## ") == 1 and "## PM18:" in text
    assert "no figures for PM24 in these results for Cardiff, 2023-24: left out" in result.stderr


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("no_area", 2, "say which council the report is for with --area"),
        ("bad_area", 2, "'Atlantis' is not a Welsh council"),
        ("bad_year", 3, "has no results for 2019-20; it holds 2022-23, 2023-24"),
        ("bad_suffix", 2, "cannot write a '.pdf' report: name the output .html, .md or .xlsx"),
        ("no_file", 3, "missing.csv: no such results file"),
        ("no_template", 2, "there is no 'annual' template for .html reports"),
        ("bad_template", 1, "bad.html.j2, line 2:"),
        ("own_xlsx", 2, "there is no Excel layout for 'bad'"),
        ("no_notes", 3, "nope: no such commentary folder"),
        ("no_pages", 3, "has no figures for PM24, PM19 for Cardiff in 2023-24"),
    ],
)
def test_mistakes_give_one_line_and_the_right_exit_code(
    runs: Runs, name: str, code: int, message: str
) -> None:
    result = runs.results[name]
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_failed_runs_leave_no_file(runs: Runs) -> None:
    written = sorted(p.name for p in (runs.root / "out").iterdir())
    assert written == sorted(
        [
            "annual.html",
            "annual.md",
            "draft.html",
            "draft.md",
            "exceptions.xlsx",
            "parquet.html",
            "basic.html",
            "basic-exceptions.md",
            "mine.md",
            "pm18.md",
            "some-pages.md",
        ]
    )


def test_help_lists_the_templates_and_formats(runs: Runs) -> None:
    text = ok(runs, "help").stdout
    for word in (
        "annual_report",
        "scorecard",
        "indicator_page",
        "exceptions",
        ".html",
        ".md",
        ".xlsx",
        "--commentary",
    ):
        assert word in text


def test_fixture_has_every_comparison_column() -> None:
    assert set(COLUMNS) - set(BASIC) >= {"band", "benchmark_value", "quartile", "trend", "source"}
