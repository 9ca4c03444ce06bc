"""targets.yaml and pm.yaml: every mistake reported with file, line and what to change, and
nothing banded while a file has one."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_helpers import definitions, digests, run_pm

from pm.comparison.setup import check_workspace
from pm.comparison.targets import load_targets
from pm.workspace import load_workspace

GOOD = "targets:\n  - {indicator: PM18, value: 95, tolerance: 5}\n"


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str, str]]:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.code, p.message) for p in sorted(load_targets(path, definitions()).problems)]


@pytest.mark.parametrize(
    ("text", "line", "code", "words"),
    [
        (
            "targets:\n  - {indicator: PM99, value: 1}\n",
            2,
            "unknown-indicator",
            "no indicator 'PM99'. Did you mean 'PM19'?",
        ),
        (
            "targets:\n  - {indicator: PM18, council: Narnia, value: 1}\n",
            2,
            "unknown-council",
            "'Narnia' is not a Welsh council",
        ),
        (
            "targets:\n  - {indicator: PM18, council: Wales, value: 1}\n",
            2,
            "unknown-council",
            "'Wales' is not a Welsh council",
        ),
        (
            "targets:\n  - indicator: PM18\n    year: 2023\n    value: 1\n",
            3,
            "invalid-period",
            "write it like 2023-24",
        ),
        (
            "targets:\n  - {indicator: PM18, year: 2023-24 Q2, value: 1}\n",
            2,
            "invalid-period",
            "not a financial year",
        ),
        (
            "targets:\n  - {indicator: PM21, value: 1}\n",
            2,
            "target-not-bandable",
            "PM21 is a contextual measure",
        ),
        (
            GOOD + "  - {indicator: PM18, value: 90}\n",
            3,
            "duplicate-entry",
            "a target for PM18 is already given above",
        ),
        (
            "targets:\n  - {indicator: PM18, value: 95, tolerence: 5}\n",
            2,
            "unknown-key",
            "Did you mean 'tolerance'?",
        ),
        (
            "targets:\n  - {indicator: PM18}\n",
            2,
            "invalid-value",
            "give a target 'value' or a 'range'",
        ),
        (
            "targets:\n  - {indicator: PM18, range: [90, 80]}\n",
            2,
            "invalid-value",
            "written [lower, upper]",
        ),
        (
            "targets:\n  - {indicator: PM18, value: 95, tolerance: -1}\n",
            2,
            "invalid-value",
            "tolerance",
        ),
        (
            "targets:\n  - {indicator: PM18, value: 95, tolerance_unit: pct}\n",
            2,
            "invalid-choice",
            "'pct' is not allowed",
        ),
        ("targets:\n  - {value: 95}\n", 2, "missing-key", "'indicator' is required"),
        ("targets:\n  - PM18\n", 2, "invalid-value", "each target is a mapping"),
        ("targets: PM18\n", 1, "invalid-value", "'targets' must be a list"),
        ("targest:\n  - {indicator: PM18, value: 95}\n", 1, "unknown-key", "unknown key 'targest'"),
        ("- a\n- b\n", 1, "yaml-not-mapping", "a targets file holds a list under 'targets:'"),
        ("targets:\n  - {indicator: PM18, value: 95\n", 3, "yaml-syntax", "expected ',' or '}'"),
        ("targets:\n  - !!python/object:os.system {indicator: PM18}\n", 2, "yaml-unsafe-tag", ""),
    ],
)
def test_each_mistake_has_its_line_code_and_advice(
    tmp_path: Path, text: str, line: int, code: str, words: str
) -> None:
    found = problems_of(tmp_path, text)
    assert any(p[0] == line and p[1] == code and words in p[2] for p in found), found


def test_every_entry_is_checked_not_only_the_first(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path,
        "targets:\n  - {indicator: PM99, value: 1}\n  - {indicator: PM18, council: Narnia, value: 1}\n",
    )
    assert [(p[0], p[1]) for p in found] == [(2, "unknown-indicator"), (3, "unknown-council")]


def test_a_good_file_has_no_problems_and_accepts_names(tmp_path: Path) -> None:
    text = (
        GOOD
        + "  - {indicator: PM18, council: Caerdydd, year: 2023-24, value: 97}\n  - {indicator: PM19, range: [3, 5]}\n"
    )
    assert problems_of(tmp_path, text) == []
    targets = load_targets(tmp_path / "targets.yaml", definitions())
    assert (
        targets.lookup(definitions(), "PM18", "W06000015", 2023).value == 97
    )  # Welsh name accepted
    assert targets.lookup(definitions(), "PM18", "W06000015", 2022).value == 95


def test_workspace_mistakes_are_located(tmp_path: Path) -> None:
    (tmp_path / "pm.yaml").write_text(
        "council: Cardiff\ncomparator_group: urban\ncomparator_groups:\n  cities: [Cardiff, Swansea, Atlantis]\n",
        encoding="utf-8",
    )
    found = sorted(check_workspace(load_workspace(tmp_path), definitions()))
    assert [(p.line, p.code) for p in found] == [(2, "invalid-choice"), (4, "unknown-council")]
    assert "'Atlantis' is not a Welsh council" in found[1].message


def test_workspace_unknown_key_is_located(tmp_path: Path) -> None:
    (tmp_path / "pm.yaml").write_text("council: Cardiff\ncomparator_grups: {}\n", encoding="utf-8")
    found = check_workspace(load_workspace(tmp_path), definitions())
    assert [(p.line, p.code) for p in found] == [(2, "unknown-key")]
    assert "Did you mean 'comparator_groups'?" in found[0].message


def test_cli_refuses_to_band_with_a_broken_targets_file(tmp_path: Path, repo_root: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(
        "indicator,period,area,area_name,breakdown,numerator,denominator,value,lower_ci,upper_ci,unit,records,suppressed,status\n"
        "PM18,2023-24,W06000015,Cardiff,,9,10,90,59.6,98.2,%,10,False,ok\n",
        encoding="utf-8",
    )
    (tmp_path / "targets.yaml").write_text(
        "targets:\n  - {indicator: PM18, value: 95}\n  - {indicator: PM18, valu: 9}\n",
        encoding="utf-8",
    )
    before = digests(tmp_path)
    done = run_pm(
        [
            "compare",
            results,
            "--targets",
            tmp_path / "targets.yaml",
            "--output",
            tmp_path / "out.csv",
        ],
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert (
        "targets.yaml:3: unknown-key: target 2: unknown key 'valu'. Did you mean 'value'?"
        in done.stderr
    )
    assert "nothing was compared" in done.stderr
    assert "Traceback" not in done.stderr
    assert digests(tmp_path) == before  # no output written, inputs untouched
    checked = run_pm(["validate", "--targets", tmp_path / "targets.yaml"], cwd=tmp_path)
    assert checked.returncode == 1 and "targets.yaml:3: unknown-key" in checked.stdout
