"""Values that must be refused (issue 14 §5): targets that are not finite numbers of the
right kind, results figures impossible for their indicator, the same figure twice, and an
indicator named twice on the command line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from engine_helpers import definitions

from pm.comparison.targets import load_targets
from pm.errors import InputError
from pm.reporting.results import read_results as read_for_report
from pm.results_io import read_results as read_for_compare

CARDIFF = "W06000015"

# ----------------------------------------------------------------------------- targets


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("{indicator: PM18, value: .nan}", "value: .nan is not a finite number"),
        ("{indicator: PM18, value: .NaN, tolerance: 5}", "value: .nan is not a finite number"),
        ("{indicator: PM18, value: .inf}", "value: .inf is not a finite number"),
        ("{indicator: PM18, value: -.inf}", "value: -.inf is not a finite number"),
        ("{indicator: PM18, value: yes}", "value: a yes/no answer"),
        ("{indicator: PM18, value: off}", "value: a yes/no answer"),
        ("{indicator: PM18, value: true}", "value: a yes/no answer"),
        ("{indicator: PM18, value: '95'}", "value: '95' is not a finite number"),
        ("{indicator: PM18, value: ninety}", "value: 'ninety' is not a finite number"),
        ("{indicator: PM18, range: [80, .nan]}", "range[1]: .nan is not a finite number"),
        ("{indicator: PM18, range: [yes, 90]}", "range[0]: a yes/no answer"),
        ("{indicator: PM18, range: ['80', 90]}", "range[0]: '80' is not a finite number"),
        ("{indicator: PM18, value: 95, tolerance: .inf}", "tolerance: .inf is not a finite"),
        ("{indicator: PM18, value: 95, tolerance: on}", "tolerance: a yes/no answer"),
        ("{indicator: PM18, value: 95, tolerance: '5'}", "tolerance: '5' is not a finite"),
        ("{indicator: PM18, value: 150}", "value 150 is out of reach: PM18 is a percentage"),
        ("{indicator: PM24, value: -5}", "value -5 is out of reach"),
        ("{indicator: PM24, range: [90, 101]}", "range 101 is out of reach"),
        ("{indicator: PM19, value: -1}", "value -1 is out of reach: PM19 is a rate, so its figures are 0 or more"),
    ],
)  # fmt: skip
def test_a_target_that_is_not_a_usable_number_is_refused_with_its_line(
    tmp_path: Path, entry: str, words: str
) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        f"# targets\ntargets:\n  - {{indicator: PM25, value: 60}}\n  - {entry}\n", encoding="utf-8"
    )
    found = [(p.line, p.code, p.message) for p in load_targets(path, definitions()).problems]
    assert any(line == 4 and code == "invalid-value" and words in m for line, code, m in found), (
        found
    )
    assert all(line == 4 for line, _, _ in found), found  # the good entry above is not blamed


def test_good_numbers_are_still_targets(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "targets:\n  - {indicator: PM18, value: 95, tolerance: 2.5}\n"
        "  - {indicator: PM24, range: [85, 100]}\n  - {indicator: PM19, value: 4.2, tolerance: 0}\n",
        encoding="utf-8",
    )
    targets = load_targets(path, definitions())
    assert targets.problems == []
    assert targets.lookup(definitions(), "PM18", CARDIFF, 2023).value == 95.0
    assert targets.lookup(definitions(), "PM24", CARDIFF, 2023).range == (85.0, 100.0)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, run_pm: Callable[..., object]) -> Path:
    folder = tmp_path_factory.mktemp("values")
    ids = ["-i", "PM18", "-i", "PM19", "-i", "PM21", "-i", "LOC05", "-i", "LOC06"]
    done = run_pm("compute", "sample_data", "--year", "2023-24", *ids, "-o", str(folder / "r.csv"))
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    return folder / "r.csv"


@pytest.mark.parametrize("command", ["validate", "compute", "compare"])
def test_every_command_reading_targets_refuses_them(
    command: str, results: Path, tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text(
        "targets:\n  - {indicator: PM18, value: .nan}\n  - {indicator: PM24, value: yes}\n",
        encoding="utf-8",
    )
    args = {
        "validate": ["validate", "--targets", str(targets)],
        "compute": ["compute", "sample_data", "--year", "2023-24", "-i", "PM18", "-t", str(targets),
                    "-o", str(tmp_path / "out.csv")],
        "compare": ["compare", str(results), "-t", str(targets), "-o", str(tmp_path / "out.csv")],
    }[command]  # fmt: skip
    done = run_pm(*args)
    assert done.returncode == 1, done.stderr  # type: ignore[attr-defined]
    printed = done.stdout + done.stderr  # type: ignore[attr-defined]
    assert re.search(
        r"targets\.yaml:2: invalid-value: .*value: \.nan is not a finite number", printed
    )
    assert re.search(r"targets\.yaml:3: invalid-value: .*value: a yes/no answer", printed)
    assert not (tmp_path / "out.csv").exists()


def test_a_definition_s_own_target_must_be_a_finite_number(
    tmp_path: Path, repo_root: Path, run_pm: Callable[..., object]
) -> None:
    text = (repo_root / "indicators" / "local" / "LOC01.yaml").read_text(encoding="utf-8")
    text = text.replace("id: LOC01", "id: MY02").replace("  value: 100\n", "  value: .nan\n", 1)
    (tmp_path / "MY02.yaml").write_text(text, encoding="utf-8")
    done = run_pm("validate", str(tmp_path / "MY02.yaml"))
    assert done.returncode == 1
    assert "target.value: .nan is not a finite number" in done.stdout  # type: ignore[attr-defined]


# --------------------------------------------------------------------- results read back


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write(rows: list[dict[str, str]], path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


IMPOSSIBLE = {
    "percentage above 100": ("PM18", {"value": "120.5"}, "value is 120.5; a percentage is between 0 and 100"),
    "negative percentage": ("PM18", {"value": "-50"}, "value is -50; a percentage's value cannot be negative"),
    "percentage interval above 100": ("PM18", {"upper_ci": "100.2"}, "upper_ci is 100.2"),
    "numerator above denominator": ("PM18", {"numerator": "900"}, "numerator 900 is larger than denominator"),
    "infinite percentage": ("PM18", {"value": "inf"}, "value is inf, not a finite number"),
    "infinite rate": ("PM19", {"value": "inf"}, "value is inf, not a finite number"),
    "negative rate": ("PM19", {"value": "-0.5"}, "a rate's value cannot be negative"),
    "negative mean": ("PM21", {"value": "-3"}, "a mean's value cannot be negative"),
    "negative median": ("LOC05", {"value": "-1"}, "a median's value cannot be negative"),
    "negative count": ("LOC06", {"numerator": "-7", "value": "-7"}, "a count's numerator cannot be negative"),
    "negative denominator": ("PM19", {"denominator": "-100"}, "denominator is -100"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(IMPOSSIBLE))
@pytest.mark.parametrize("reader", [read_for_report, read_for_compare], ids=["report", "compare"])
def test_figures_impossible_for_the_indicator_are_refused(
    case: str, reader: Callable[..., object], results: Path, tmp_path: Path
) -> None:
    indicator, changes, words = IMPOSSIBLE[case]
    rows = rows_of(results)
    position = next(
        i for i, r in enumerate(rows)
        if r["indicator"] == indicator and r["area"] == CARDIFF and r["status"] == "ok"
    )  # fmt: skip
    rows[position].update(changes)
    with pytest.raises(InputError) as refused:
        reader(write(rows, tmp_path / "odd.csv"), definitions())
    message = str(refused.value)
    assert (
        f"odd.csv: it holds figures impossible for their indicator: line {position + 2} " in message
    )
    assert words in message


def test_a_figure_given_twice_is_refused_naming_both_rows(results: Path, tmp_path: Path) -> None:
    rows = rows_of(results)
    first = next(i for i, r in enumerate(rows) if r["indicator"] == "PM18" and r["area"] == CARDIFF)
    other = next(
        i for i, r in enumerate(rows) if r["indicator"] == "LOC06" and r["area"] == CARDIFF
    )
    twice = [*rows, dict(rows[first], value="99.0"), dict(rows[other])]
    path = write(twice, tmp_path / "twice.csv")
    for reader in (read_for_report, read_for_compare):
        with pytest.raises(InputError) as refused:
            reader(path, definitions())
        message = str(refused.value)
        assert "twice.csv: the same figure appears more than once" in message
        assert f"PM18 {CARDIFF} 2023-24 (line {first + 2} and line {len(rows) + 2})" in message
        assert f"LOC06 {CARDIFF} 2023-24 (line {other + 2} and line {len(rows) + 3})" in message


def test_pm_compare_refuses_a_results_file_holding_a_row_twice(
    results: Path, tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    rows = rows_of(results)
    path = write([*rows, rows[5]], tmp_path / "twice.csv")
    done = run_pm("compare", str(path))
    assert done.returncode == 3
    assert "the same figure appears more than once" in done.stderr  # type: ignore[attr-defined]


# --------------------------------------------------------------- an indicator named twice


def test_an_indicator_named_twice_in_any_case_is_computed_once(
    tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    once = tmp_path / "once.csv"
    twice = tmp_path / "twice.csv"
    base = ["compute", "sample_data", "--year", "2023-24", "--compare"]
    assert run_pm(*base, "-i", "LOC01", "-o", str(once)).returncode == 0  # type: ignore[attr-defined]
    done = run_pm(*base, "-i", "LOC01", "-i", "loc01", "-i", "Loc01", "-o", str(twice))
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    assert twice.read_bytes() == once.read_bytes()
    done = run_pm("compute", "sample_data", "--year", "2023-24", "-i", "PM18", "-i", "pma18",
                  "-a", "Cardiff")  # fmt: skip
    assert done.stdout.count("PM18") == 1  # type: ignore[attr-defined]


def test_report_and_test_take_a_repeated_indicator_once(
    results: Path, tmp_path: Path, run_pm: Callable[..., object]
) -> None:
    page = tmp_path / "pages.md"
    done = run_pm("report", str(results), "-t", "indicator_page", "-a", "Cardiff",
                  "-i", "PM18", "-i", "pm18", "-i", "PMA18", "-o", str(page))  # fmt: skip
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    headings = [
        line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("## ")
    ]
    assert [h.split(":")[0] for h in headings] == ["## PM18"]
    once = run_pm("test", "LOC01", "-v")
    twice = run_pm("test", "LOC01", "loc01", "-v")
    assert once.stdout == twice.stdout  # type: ignore[attr-defined]
