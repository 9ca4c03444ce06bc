"""The README runs as written: every `pm ...` command in its `sh` code blocks is run, in
order, from where the README says (the project folder, or wherever a `cd` in the block
leads), in a temporary copy of the project so the shipped files are never changed. Each
must exit 0, or the code its line documents with a comment such as `# exit 1`.

The README is read when the test runs, so a command added or changed there is checked
without touching this file. Lines that are not pm commands (`make demo`, `source ...`) are
the set-up the README describes; the test has already done it (pm is installed).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
LEFT_OUT_OF_THE_COPY = {".venv", ".git", "out", ".pytest_cache", ".ruff_cache", "__pycache__"}
DOCUMENTED_EXIT = re.compile(r"#.*\bexit (?:code )?(\d+)\b")


@dataclass(frozen=True)
class Command:
    """One pm command of the README: where it is, the folder it runs in, what it expects."""

    line: int
    text: str
    folder: str  # relative to the project
    args: tuple[str, ...]
    exit_code: int

    def __str__(self) -> str:
        return f"README.md line {self.line}: {self.text} (in {self.folder or '.'})"


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """The sh code blocks: (line of the first command, its lines)."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        fence = line.strip()
        if current is None and re.fullmatch(r"```(sh|bash|shell|console)", fence):
            current, start = [], number + 1
        elif current is not None and fence == "```":
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def readme_commands(text: str) -> list[Command]:
    """Every pm command of the README's sh blocks, with the folder a `cd` before it leads to."""
    commands = []
    for start, lines in _blocks(text):
        folder = Path()
        joined: list[tuple[int, str]] = []
        pending, first = "", 0
        for offset, line in enumerate(lines):
            if not pending:
                first = start + offset
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            joined.append((first, pending + line))
            pending = ""
        for number, line in joined:
            words = shlex.split(line, comments=True)
            if not words:
                continue
            if words[0] == "cd":
                folder = folder / words[1]
                continue
            if words[0] != "pm":
                continue  # make demo, source .venv/bin/activate: the set-up, done by the test
            documented = DOCUMENTED_EXIT.search(line)
            commands.append(
                Command(
                    line=number,
                    text=" ".join(words),
                    folder=folder.as_posix() if folder != Path() else "",
                    args=tuple(words[1:]),
                    exit_code=int(documented.group(1)) if documented else 0,
                )
            )
    return commands


def _copy_of_the_project(target: Path) -> Path:
    def ignored(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        left_out = {n for n in names if n in LEFT_OUT_OF_THE_COPY or n.endswith(".egg-info")}
        if here == REPO / "benchmarks":
            left_out.add("data")  # generated benchmark extracts, gigabytes
        return left_out

    shutil.copytree(REPO, target, ignore=ignored, symlinks=True)
    return target


def _environment() -> dict[str, str]:
    dropped = ("FORCE_COLOR", "TTY_COMPATIBLE", "PM_DEBUG", "COLUMNS", "PM_WORKSPACE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


COMMANDS = readme_commands(README.read_text(encoding="utf-8"))


def test_the_readme_has_commands_in_several_places() -> None:
    assert len(COMMANDS) >= 20, "README.md should show how to use pm with pm ... commands"
    assert {c.args[0] for c in COMMANDS} >= {"compute", "compare", "report", "explain", "list"}
    assert any(c.folder for c in COMMANDS), "a workspace example runs after a cd"


@pytest.fixture(scope="module")
def ran(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[Command, subprocess.CompletedProcess[str]]:
    """Every README command, in order, in one copy of the project (later commands use what
    earlier ones wrote, as a reader following the README would)."""
    project = _copy_of_the_project(tmp_path_factory.mktemp("readme") / "pm")
    before = {p.relative_to(project): p.read_bytes() for p in (project / "sample_data").iterdir()}
    results = {}
    for command in COMMANDS:
        results[command] = subprocess.run(
            [sys.executable, "-m", "pm", *command.args],
            cwd=project / command.folder,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
        )
    after = {p.relative_to(project): p.read_bytes() for p in (project / "sample_data").iterdir()}
    assert after == before, "a README command changed the shipped sample data"
    return results


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_every_readme_command_runs_as_written(ran, command: Command) -> None:  # type: ignore[no-untyped-def]
    result = ran[command]
    assert result.returncode == command.exit_code, (
        f"{command} exited {result.returncode}, expected {command.exit_code}:\n{result.stderr}"
    )
    assert "Traceback" not in result.stderr


def test_the_parser_follows_cd_continuations_comments_and_documented_exit_codes() -> None:
    text = "\n".join(
        [
            "```sh",
            "make demo                       # set up",
            "pm list --qs QS3                # only QS3",
            "pm init powys --council Powys",
            "cd powys",
            "pm validate                     # exit 1 while the targets are wrong",
            "pm audit-sample x --data d \\",
            "    --size 20 --seed 1",
            "```",
            "```yaml",
            "pm: not a command",
            "```",
            "```sh",
            "pm show PM18",
            "```",
        ]
    )
    found = [(c.line, c.folder, c.args, c.exit_code) for c in readme_commands(text)]
    assert found == [
        (3, "", ("list", "--qs", "QS3"), 0),
        (4, "", ("init", "powys", "--council", "Powys"), 0),
        (6, "powys", ("validate",), 1),
        (7, "powys", ("audit-sample", "x", "--data", "d", "--size", "20", "--seed", "1"), 0),
        (14, "", ("show", "PM18"), 0),
    ]


def test_the_targets_file_the_readme_shows_is_the_one_shipped() -> None:
    """The README's `# targets.yaml` block is the project's targets.yaml, which its
    commands use, so the example a reader copies is the one that was run."""
    import yaml

    text = README.read_text(encoding="utf-8")
    shown = re.search(r"```yaml\n# targets.yaml\n(.*?)```", text, flags=re.S)
    assert shown is not None, "README.md shows no '# targets.yaml' block"
    shipped = yaml.safe_load((REPO / "targets.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(shown.group(1)) == shipped
    assert len(shipped["targets"]) >= 3
