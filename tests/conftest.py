"""Shared fixtures: where the repository and the test fixtures are, and how to run `pm`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

REPO_ROOT = Path(__file__).resolve().parents[1]

# The cache of checked extracts: runs outside a workspace keep it in the user cache folder
# (platformdirs follows XDG_CACHE_HOME); the tests keep theirs in a folder of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="pm-tests-cache-")
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Hypothesis: reproducible in CI (set CI=1 or HYPOTHESIS_PROFILE=ci), default elsewhere.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


@pytest.fixture(scope="session", autouse=True)
def _no_workspace_from_the_shell() -> Iterator[None]:
    """A developer's `PM_WORKSPACE` would send every run, in this process or started from
    it, to their own workspace: removed for the session (before any module's fixtures run)
    and put back at the end."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PM_WORKSPACE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _no_workspace_from_another_test() -> Iterator[None]:
    """Each test starts outside any named workspace, unless it sets `PM_WORKSPACE` itself
    (with `monkeypatch.setenv`, undone after it). `pm --workspace DIR` run in this process
    sets the variable for the whole process, so whatever a test or a fixture left is removed
    before each test and after it."""
    os.environ.pop("PM_WORKSPACE", None)
    yield
    os.environ.pop("PM_WORKSPACE", None)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout (holds indicators/, technical_guidance/, README.md)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def pm18_text() -> str:
    """A valid definition (a frozen copy of PM18) to copy and break one edit at a time."""
    return (FIXTURES / "definitions" / "PM18.yaml").read_text(encoding="utf-8")


def _line_of(text: str, pattern: str) -> int:
    """1-based line of the only match of the regex `pattern` (multi-line mode) in `text`."""
    matches = list(re.finditer(pattern, text, flags=re.MULTILINE))
    assert len(matches) == 1, f"{pattern!r} matched {len(matches)} times in the fixture, not once"
    return text.count("\n", 0, matches[0].start()) + 1


def _replace_once(text: str, old: str, new: str) -> str:
    """`text` with its only `old` replaced by `new` (fails loudly if the fixture changed)."""
    assert text.count(old) == 1, f"{old!r} should occur once in the fixture"
    return text.replace(old, new)


@pytest.fixture(scope="session")
def line_of() -> Callable[[str, str], int]:
    return _line_of


@pytest.fixture(scope="session")
def replace_once() -> Callable[[str, str, str], str]:
    return _replace_once


def _plain_env() -> dict[str, str]:
    """The environment of a piped run: nothing asking for colour or a terminal width."""
    dropped = ("FORCE_COLOR", "TTY_COMPATIBLE", "PM_DEBUG", "COLUMNS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return env


class PmRun:
    """A `pm` command started in the background; `result()` waits for it."""

    def __init__(self, args: tuple[str, ...], cwd: Path) -> None:
        self.args = args
        self._out = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._err = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pm", *args],
            cwd=cwd,
            env=_plain_env(),
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=self._err,
            text=True,
        )
        self._result: subprocess.CompletedProcess[str] | None = None

    def result(self, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        if self._result is None:
            self.process.wait(timeout=timeout)
            outputs = []
            for stream in (self._out, self._err):
                stream.seek(0)
                outputs.append(stream.read())
                stream.close()
            self._result = subprocess.CompletedProcess(
                self.process.args, self.process.returncode, outputs[0], outputs[1]
            )
        return self._result

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def start_pm() -> Iterator[Callable[..., PmRun]]:
    """Start the real command line (`python -m pm ...`), output piped as in CI, without
    waiting: a module can start its independent runs together and read them as needed."""
    started: list[PmRun] = []

    def start(*args: str, cwd: Path | None = None) -> PmRun:
        run = PmRun(tuple(args), cwd or REPO_ROOT)
        started.append(run)
        return run

    yield start
    for run in started:
        run.stop()


@pytest.fixture(scope="session")
def run_pm(start_pm: Callable[..., PmRun]) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real command line and wait for it."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return start_pm(*args, cwd=cwd).result()

    return run
