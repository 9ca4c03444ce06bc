"""The README's Python API example runs as written, prints what its `#>` lines say, and
its figure is the one `pm compute` shows for the same options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from inprocess import pm as run_pm

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def _example() -> str:
    """The ```python block of the README's "Python API" section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("\n## Python API\n") :]
    section = section[: section.index("\n## ", 1)]
    found = re.search(r"^```python\n(.*?)^```$", section, flags=re.MULTILINE | re.DOTALL)
    assert found, "the README's Python API section has no python block"
    return found.group(1)


@pytest.fixture(scope="module")
def printed() -> list[str]:
    """What the example prints, run from the project folder outside any workspace."""
    env = {k: v for k, v in os.environ.items() if k not in ("PM_WORKSPACE", "COLUMNS")}
    done = subprocess.run(
        [sys.executable, "-c", _example()],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # the API prints nothing of its own
    return done.stdout.splitlines()


def test_the_example_prints_what_the_readme_says(printed: list[str]) -> None:
    said = [line[3:] for line in _example().splitlines() if line.startswith("#> ")]
    assert said, "the example shows no output (#> lines)"
    assert [line.rstrip() for line in printed] == [line.rstrip() for line in said]


def test_the_example_figure_is_the_one_pm_compute_shows(
    printed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PM_WORKSPACE", raising=False)
    monkeypatch.chdir(REPO)
    _, indicator, period, area, numerator, denominator, value = printed[1].split()
    code, shown = run_pm("compute", "sample_data", "--year", period, "-i", indicator, "-a", area)
    assert code == 0, shown
    row = next(line for line in shown.splitlines() if f" {area} " in line)
    cells = [cell.strip() for cell in re.split(r"[│┃|]", row)[1:-1]]
    # Indicator, Period, Area, Breakdown (empty), Numerator, Denominator, Value, CI, Status
    assert cells[:7] == [indicator, period, area, "", numerator, denominator, f"{float(value):.1f}"]
    assert f"shows the same figure ({float(value):.1f})" in README.read_text(encoding="utf-8")
