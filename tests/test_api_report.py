"""`pm.report`: the report a notebook writes is the file `pm report` writes, with the same
lines to show; mistakes raise pm's own errors; nothing is printed, nothing exits."""

from __future__ import annotations

from pathlib import Path

import pytest
from inprocess import pm
from report_helpers import small_rows, write_csv

import pm as pm_api
from pm.errors import PmError, UsageError


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hand-made results table in a folder outside any workspace (the current folder)."""
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    notes = tmp_path / "notes" / "2023-24"
    notes.mkdir(parents=True)
    (notes / "PM18.md").write_text("Better than last year.\n", encoding="utf-8")
    return write_csv(small_rows(), tmp_path / "results.csv")


@pytest.mark.parametrize(
    ("template", "suffix"),
    [("scorecard", ".md"), ("annual_report", ".html"), ("indicator_page", ".md")],
)
def test_the_api_writes_what_the_command_writes(
    results: Path, template: str, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = pm(
        "report", results, "-t", template, "-o", f"cli{suffix}", "--area", "Cardiff",
        "--year", "2023-24", "--commentary", "notes",
    )  # fmt: skip
    assert code == 0, said
    capsys.readouterr()
    written = pm_api.report(
        results,
        template=template,
        output=f"api{suffix}",
        area="Cardiff",
        year="2023-24",
        commentary="notes",
    )
    assert capsys.readouterr() == ("", "")  # the API prints nothing
    assert written.path == Path(f"api{suffix}")
    assert Path(f"api{suffix}").read_bytes() == Path(f"cli{suffix}").read_bytes()
    assert written.summary.replace(f"api{suffix}", f"cli{suffix}") in " ".join(said.split())
    for note in written.notes:  # each note is a warning the command prints
        assert " ".join(note.split()[:6]) in " ".join(said.split())
    assert written.area_name == "Cardiff" and written.year == "2023-24"


def test_notes_name_what_is_missing(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    written = pm_api.report(
        results, template="indicator_page", output="pages.md", area="Cardiff",
        year="2023-24", indicators="PM18", draft=True,
    )  # fmt: skip
    assert capsys.readouterr() == ("", "")
    assert written.summary.startswith("Wrote the indicator pages for Cardiff, 2023-24 (")
    assert written.without_commentary == ["PM18"] or all(
        "commentary" not in note or "marked in the report" in note for note in written.notes
    )
    listed = pm_api.report(
        results, template="indicator_page", output="two.md", area="Cardiff",
        year="2023-24", indicators=["PM18", "pm18"],
    )  # fmt: skip
    assert listed.measures == written.measures  # one indicator, named twice in any case


def test_mistakes_raise_pm_errors_and_print_nothing(
    results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="is one of the inputs"):
        pm_api.report(results, template="scorecard", output=results, area="Cardiff")
    with pytest.raises(UsageError):
        pm_api.report(results, template="scorecard", output="r.pdf", area="Cardiff")
    with pytest.raises(PmError):
        pm_api.report(results, template="nonesuch", output="r.md", area="Cardiff")
    with pytest.raises(UsageError):
        pm_api.report(results, template="scorecard", output="r.md", area="Atlantis")
    assert capsys.readouterr() == ("", "")
    assert not Path("r.md").exists() and not Path("r.pdf").exists()


def test_the_workspace_gives_the_council(
    results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "pm.yaml").write_text("council: Cardiff\n", encoding="utf-8")
    written = pm_api.report(
        results, template="scorecard", output="ws.md", year="2023-24", workspace=ws
    )
    assert written.area_name == "Cardiff"
    assert capsys.readouterr() == ("", "")
