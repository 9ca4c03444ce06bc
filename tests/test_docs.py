"""The README documents every command and starts with the two commands a newcomer needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pm.cli import app as cli

cli._register()
COMMANDS = sorted(
    (info.name or info.callback.__name__.replace("_", "-"))  # type: ignore[union-attr]
    for info in cli.app.registered_commands
)
README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_app_registers_the_core_commands() -> None:
    assert {"validate", "list", "show", "guidance"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_mentions_every_command(command: str) -> None:
    assert f"pm {command}" in README.read_text(encoding="utf-8"), (
        f"README.md does not mention 'pm {command}'"
    )


def test_readme_begins_with_make_demo_and_make_test() -> None:
    # A command line is the command alone, after an optional '$ ' prompt, before a '# ...'
    lines = README.read_text(encoding="utf-8").splitlines()[:25]
    commands = [re.sub(r"\s+#.*$", "", line).strip().removeprefix("$").strip() for line in lines]
    assert "make demo" in commands, "README.md should show 'make demo' in its first 25 lines"
    assert "make test" in commands, "README.md should show 'make test' in its first 25 lines"
    assert commands.index("make demo") < commands.index("make test")
