"""`pm.audit_sample`: the sample drawn as a Python call — the same cases and the same file
bytes as `pm audit-sample`, warnings handed to a callback, mistakes raised as pm's errors
with nothing printed."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pandas as pd
import pytest
from engine_helpers import run_pm

import pm
from pm.api.auditing import audit_sample_run, default_output
from pm.errors import UsageError

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
OPTIONS = {"size": 12, "seed": 2024, "stratify": "team", "area": "Cardiff", "year": "2023-24"}


@pytest.fixture(autouse=True)
def outside_any_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_same_file_as_the_command_and_the_same_cases_returned(tmp_path: Path) -> None:
    args = ["audit-sample", "safeguarding_referrals", "--data", SAMPLE, "--size", "12",
            "--stratify", "team", "--seed", "2024", "--area", "Cardiff", "--year", "2023-24"]  # fmt: skip
    done = run_pm(args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    by_cli = tmp_path / default_output("safeguarding_referrals", 2024)
    heard: list[str] = []
    table = pm.audit_sample(
        "Safeguarding_Referrals",
        data=SAMPLE,
        output=tmp_path / "api.csv",
        warn=heard.append,
        **OPTIONS,
    )
    written = tmp_path / "api.csv"
    assert written.read_bytes() == by_cli.read_bytes()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    listed = pd.read_csv(io.StringIO(by_cli.read_text("utf-8")), skiprows=1, dtype="str")
    assert len(table) == 12
    assert table["person_id"].tolist() == listed["person_id"].tolist()
    assert set(table["area_name"]) == {"Cardiff"}
    warned = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert heard and warned[: len(heard)] == [f"warning: {h}" for h in heard]  # same order
    assert "Wrote 12 case(s) of" in done.stderr


def test_without_output_nothing_is_written_or_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heard: list[str] = []
    first = pm.audit_sample(
        "safeguarding_referrals", data=str(SAMPLE), warn=heard.append, **OPTIONS
    )
    again = pm.audit_sample("safeguarding_referrals", data=SAMPLE, **OPTIONS)
    assert first.equals(again)  # the same seed, data and options: the same sample
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr() == ("", "")
    assert heard == [  # the sample data holds a few broken records on purpose
        f"{heard[0].split()[0]} record(s) of safeguarding_referrals have data-quality problems "
        "and cannot be drawn (run pm compute to list them)"
    ]


def test_warnings_go_to_the_callback_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    heard: list[str] = []
    drawn = audit_sample_run(
        "safeguarding_referrals", size=100_000, seed=1, data=SAMPLE, area=["Cardiff"],
        warn=heard.append,
    )  # fmt: skip
    assert drawn.sample.whole_population and len(drawn.table) == drawn.sample.population
    assert heard and "the whole population is listed" in heard[-1]
    assert drawn.output is None and drawn.name_warning() is None
    assert capsys.readouterr() == ("", "")


def test_a_file_whose_name_hides_personal_data_gets_a_warning(tmp_path: Path) -> None:
    drawn = audit_sample_run(
        "safeguarding_referrals", size=3, seed=1, data=SAMPLE, output=tmp_path / "ids.csv"
    )
    assert drawn.output == tmp_path / "ids.csv"
    assert drawn.name_warning() == (
        "ids.csv holds personal data: a name saying so (OFFICIAL-SENSITIVE_…) helps keep it safe"
    )
    assert drawn.written() == f"Wrote 3 case(s) of {drawn.sample.population:,} to {drawn.output}"


@pytest.mark.parametrize(
    ("dataset", "options", "message"),
    [
        ("referrals", {}, "'referrals' is not a dataset"),
        ("safeguarding_referrals", {"size": 0}, "--size must be 1 or more"),
        ("safeguarding_referrals", {"stratify": "squad"}, "'squad' is not a column"),
        ("safeguarding_referrals", {"data": None}, "say where the extracts are"),
        ("safeguarding_referrals", {"year": "2030-31"}, "nothing to draw"),
    ],
)
def test_mistakes_raise_usage_errors_and_print_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    dataset: str,
    options: dict[str, object],
    message: str,
) -> None:
    given: dict[str, object] = {"size": 3, "seed": 1, "data": SAMPLE, **options}
    with pytest.raises(UsageError) as raised:
        pm.audit_sample(dataset, output=tmp_path / "sample.csv", **given)  # type: ignore[arg-type]
    assert message in str(raised.value)
    assert capsys.readouterr() == ("", "")
    assert list(tmp_path.iterdir()) == []
