"""`pm.explain`: the trail behind one figure as a Python call — the same table and figure
line the command gives, written to the same bytes, and mistakes raised as pm's errors with
nothing printed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from engine_helpers import CARDIFF, compute_folder, row, run_pm, write_extracts
from test_cli_explain import PM18_ROLES
from test_engine_golden import PM18_ROWS

import pm
from pm.api.explaining import explain_run
from pm.cells import csv_bytes
from pm.errors import PmError, UsageError


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api_explain")
    return write_extracts(root / "data", {"adult_protection_enquiries": PM18_ROWS})


@pytest.fixture(autouse=True)
def outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)


def _roles(trail) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    roles: dict[str, set[str]] = {}
    for role, record in zip(trail["role"], trail["enquiry_id"], strict=True):
        roles.setdefault(role, set()).add(record)
    return roles


def test_the_trail_lists_each_record_with_its_role_and_prints_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trail = pm.explain("PM18", data=data, year="2023-24", area="Cardiff")
    assert _roles(trail) == PM18_ROLES
    assert len(trail) == sum(len(ids) for ids in PM18_ROLES.values())
    assert capsys.readouterr() == ("", "")


def test_the_figure_line_is_the_figure_pm_compute_gives(data: Path) -> None:
    explained = explain_run("pm18", data=str(data), year="2023-24", area=CARDIFF)
    figure = row(compute_folder(data, ["PM18"]), "PM18", CARDIFF)
    assert explained.figure.startswith(
        f"PM18 2023-24 Cardiff: numerator {figure['numerator']}, "
        f"denominator {figure['denominator']}, value "
    )
    assert explained.output is None and explained.notes == []


def test_the_api_gives_what_the_command_prints_and_writes(data: Path, tmp_path: Path) -> None:
    args = ["explain", "PM18", "--data", data, "--year", "2023-24", "--area", "Cardiff"]
    printed = run_pm(args)
    assert printed.returncode == 0, printed.stderr
    explained = explain_run("PM18", data=data, year="2023-24", area="Cardiff")
    figure, _, table = printed.stdout.partition("\n")
    assert figure == explained.figure
    assert table.encode("utf-8") == csv_bytes(explained.trail)
    written = run_pm([*args, "--output", tmp_path / "cli.csv"])
    assert written.returncode == 0, written.stderr
    assert written.stderr.splitlines() == [
        explained.figure,
        f"Wrote {len(explained.trail):,} records to {tmp_path / 'cli.csv'} "
        "(contains person identifiers)",
    ]
    pm.explain("PM18", data=data, year="2023-24", area="Cardiff", output=tmp_path / "api.csv")
    assert (tmp_path / "api.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()
    assert stat.S_IMODE((tmp_path / "api.csv").stat().st_mode) == 0o600


def test_a_workspace_gives_the_data_folder_and_the_council(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    write_extracts(folder / "data", {"adult_protection_enquiries": PM18_ROWS})
    (folder / "pm.yaml").write_text("council: Cardiff\n", encoding="utf-8")
    explained = explain_run("PM18", period="2023-24", workspace=folder)
    assert explained.figure.startswith("PM18 2023-24 Cardiff: ")
    assert _roles(explained.trail) == PM18_ROLES
    with pytest.raises(PmError, match="the extract"):  # an input is never replaced
        pm.explain(
            "PM18",
            year="2023-24",
            workspace=str(folder),
            output=folder / "data" / "adult_protection_enquiries.csv",
        )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"area": "Cardiff"}, "give one period: --year 2023-24 or --period '2023-24 Q2'"),
        ({"year": "2023-24", "period": "2023-24 Q2"}, "give one period"),
        ({"year": "2023-24", "area": "Cardiff"}, "say where the extracts are"),
        ({"year": "2023-24", "data": "DATA"}, "say which council: --area Cardiff"),
        (
            {"year": "2023-24", "data": "DATA", "area": "Cardiff", "output": "trail.txt"},
            "cannot tell the format from '.txt'",
        ),
    ],
)
def test_mistakes_raise_usage_errors_and_print_nothing(
    data: Path, options: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    given = {k: data if v == "DATA" else v for k, v in options.items()}
    with pytest.raises(UsageError) as raised:
        pm.explain("PM18", **given)  # type: ignore[arg-type]
    assert message in str(raised.value)
    assert capsys.readouterr() == ("", "")
    assert not Path("trail.txt").exists()


def test_an_unknown_indicator_is_a_pm_error(data: Path) -> None:
    with pytest.raises(PmError, match="PM999"):
        pm.explain("PM999", data=data, year="2023-24", area="Cardiff")
