"""`pm validate`, `pm --version` and usage errors, run as the real command line.

The module writes its broken folders once and starts every run together; each test reads
the run it needs.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import pm
from pm.definitions.loader import load_definitions
from pm.definitions.problems import CATALOGUE

ANSI = "\x1b["
PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+): (?P<code>[a-z-]+): (?P<message>\S.*)$"
)
MALFORMED = "id: PM99\ntitle: [unclosed\nkind: quantitative\n"


@pytest.fixture(scope="module")
def folders(tmp_path_factory, pm18_text: str, replace_once) -> dict[str, Path]:
    """broken/defs: PM18 with a misspelt polarity and a malformed file beside it;
    verbatim/PM18.yaml: problems whose messages hold brackets."""
    root = tmp_path_factory.mktemp("validate")
    broken = root / "broken"
    (broken / "defs").mkdir(parents=True)
    text = replace_once(pm18_text, "polarity: higher\n", "polarity: hihger\n")
    (broken / "defs" / "PM18.yaml").write_text(text, encoding="utf-8")
    (broken / "defs" / "AAA_malformed.yaml").write_text(MALFORMED, encoding="utf-8")

    verbatim = root / "verbatim"
    verbatim.mkdir()
    text = replace_once(pm18_text, "  value: 95\n", "  range: [96, 90]\n")
    text = replace_once(text, "decimals: 1\n", "decimals: 1\nx[/b]: 1\n")
    (verbatim / "PM18.yaml").write_text(text, encoding="utf-8")
    return {"broken": broken, "verbatim": verbatim}


@pytest.fixture(scope="module")
def runs(start_pm, folders: dict[str, Path]) -> dict[str, object]:
    broken = folders["broken"]
    return {
        "shipped": start_pm("validate"),
        "text": start_pm("validate", "defs", cwd=broken),
        "json": start_pm("validate", "defs", "--format", "json", cwd=broken),
        "csv": start_pm("validate", "defs", "--format", "csv", cwd=broken),
        "verbatim": start_pm("validate", "PM18.yaml", cwd=folders["verbatim"]),
        "codes": start_pm("validate", "--codes"),
        "version": start_pm("--version"),
        "unknown": start_pm("frobnicate"),
    }


@pytest.fixture
def run(runs):  # type: ignore[no-untyped-def]
    """The finished run, by name."""
    return lambda name: runs[name].result()


def test_validate_passes_on_the_shipped_definitions(run) -> None:
    result = run("shipped")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"All \d+ definitions in \d+ file\(s\) are valid\.", result.stdout)
    assert "Traceback" not in result.stderr


def test_validate_names_file_line_and_code_of_each_problem_and_exits_1(
    run, folders: dict[str, Path], line_of
) -> None:
    result = run("text")

    assert result.returncode == 1, result.stdout + result.stderr
    assert ANSI not in result.stdout + result.stderr
    found = [m.groupdict() for m in map(PROBLEM_LINE.match, result.stdout.splitlines()) if m]
    pm18 = (folders["broken"] / "defs" / "PM18.yaml").read_text(encoding="utf-8")
    assert {(f["file"], int(f["line"]), f["code"]) for f in found} == {
        (str(Path("defs") / "PM18.yaml"), line_of(pm18, r"^polarity:"), "invalid-choice"),
        (str(Path("defs") / "AAA_malformed.yaml"), 3, "yaml-syntax"),
    }
    assert "'hihger' is not allowed for polarity" in result.stdout
    assert "2 problem(s) in 2 file(s)." in result.stdout


def test_validate_prints_problem_messages_verbatim(run) -> None:
    # Messages hold user text and brackets: they must be printed as they are, never read as
    # console markup (which drops '[lower, upper]' and crashes on a key such as 'x[/b]').
    result = run("verbatim")
    assert "Traceback" not in result.stderr, result.stderr[-300:]
    assert result.returncode == 1
    assert "a target range is written [lower, upper]" in result.stdout
    assert "unknown key 'x[/b]'" in result.stdout


def test_validate_json_equals_the_library_result(
    run, folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)

    monkeypatch.chdir(folders["broken"])  # the library shows paths relative to the working folder
    library = load_definitions([Path("defs")])
    assert payload["problems"] == [p.as_dict() for p in library.sorted_problems()]
    assert payload["valid"] is False
    assert payload["files_checked"] == library.files_checked == 2
    assert payload["indicators"] == len(library.indicators)


def test_validate_csv_has_a_header_and_one_row_per_problem(run) -> None:
    result = run("csv")
    assert result.returncode == 1
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["file", "line", "code", "severity", "message"]
    assert sorted(row[2] for row in rows[1:]) == ["invalid-choice", "yaml-syntax"]
    assert all(row[1].isdigit() and row[3] == "error" and row[4] for row in rows[1:])


def test_validate_codes_lists_every_catalogue_code(run) -> None:
    result = run("codes")
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert listed == list(CATALOGUE)
    for code, title in CATALOGUE.items():
        assert re.search(rf"^{re.escape(code)}\s+{re.escape(title)}$", result.stdout, re.MULTILINE)


def test_version_prints_the_package_version(run) -> None:
    result = run("version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"pm {pm.__version__}"


def test_unknown_command_exits_2_without_a_traceback(run) -> None:
    result = run("unknown")
    assert result.returncode == 2
    assert "frobnicate" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
