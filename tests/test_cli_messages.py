"""What the command line says matches what it did: the interval header follows
--confidence, and counts are of what was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import CARDIFF, _row, small_rows, write_csv

RUNS: dict[str, tuple[str, ...]] = {
    f"compute {level}": (
        "compute", "sample_data", "-y", "2023-24", "-i", "PM18", "-a", "Cardiff",
        "--confidence", level,
    )
    for level in ("0.95", "0.998", "0.9")
}  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("messages")
    write_csv(small_rows(), root / "results.csv")
    # a measure with no figure in any year and no Wales row: its chart has nothing to key
    empty = _row(indicator="PM19", period="2023-24", area=CARDIFF, area_name="Cardiff",
                 numerator="", denominator="", value="", status="no_data")  # fmt: skip
    write_csv([*small_rows(), empty], root / "empty.csv")
    return root


@pytest.fixture(scope="module")
def runs(start_pm, folder: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    started = {name: start_pm(*args) for name, args in RUNS.items()}
    report = ("report", "-a", "Cardiff", "-y", "2023-24")
    started["pages 2"] = start_pm(
        *report, str(folder / "results.csv"), "-t", "indicator_page", "-i", "PM18", "-i", "PM27",
        "-o", str(folder / "two.html"),
    )  # fmt: skip
    started["exceptions"] = start_pm(
        *report, str(folder / "results.csv"), "-t", "exceptions", "-o", str(folder / "ex.md")
    )
    started["annual"] = start_pm(
        *report, str(folder / "results.csv"), "-t", "annual_report", "-o", str(folder / "a.md")
    )
    started["empty chart"] = start_pm(
        *report, str(folder / "empty.csv"), "-t", "indicator_page", "-o", str(folder / "e.html")
    )
    return started


@pytest.mark.parametrize(
    ("level", "header"), [("0.95", "95% CI"), ("0.998", "99.8% CI"), ("0.9", "90% CI")]
)
def test_the_interval_column_is_headed_by_the_confidence_asked_for(
    runs, level: str, header: str
) -> None:  # type: ignore[no-untyped-def]
    result = runs[f"compute {level}"].result()
    assert result.returncode == 0, result.stderr
    head = result.stdout.splitlines()[1]
    assert f" {header} " in head
    others = {"95% CI", "99.8% CI", "90% CI"} - {header}
    assert not any(other in result.stdout for other in others)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("pages 2", "Wrote the indicator pages for Cardiff, 2023-24 (2 measures)"),
        # PM18 is off target and PM27 close to target: one exception (PM18; PM27 is close)
        ("exceptions", "Wrote the exception report for Cardiff, 2023-24 (1 measure)"),
        ("annual", "Wrote the annual report for Cardiff, 2023-24 (3 measures)"),
    ],
)
def test_the_report_message_counts_the_measures_written(runs, name: str, said: str) -> None:  # type: ignore[no-untyped-def]
    result = runs[name].result()
    assert result.returncode == 0, result.stderr
    assert said in result.stderr


def test_the_report_names_missing_commentary_only_for_measures_it_shows(runs) -> None:  # type: ignore[no-untyped-def]
    result = runs["pages 2"].result()
    assert "2 measure(s) have no commentary: PM18, PM27" in result.stderr


def test_no_library_warning_reaches_the_user(runs, folder: Path) -> None:  # type: ignore[no-untyped-def]
    result = runs["empty chart"].result()
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "matplotlib" not in result.stderr
    assert "site-packages" not in result.stderr and ".py:" not in result.stderr
    assert (folder / "e.html").read_text(encoding="utf-8").count("<svg") >= 3
