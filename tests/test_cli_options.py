"""Every option of every command has its own name: a short option given to two options
of one command silently goes to the last one (`pm compute -t` once meant --targets while its
help said --team)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import typer

from pm.cli.app import _register, app


def _commands() -> dict[str, Any]:
    _register()
    group = typer.main.get_command(app)
    commands = {f"pm {name}": command for name, command in group.commands.items()}
    assert "pm compute" in commands and "pm report" in commands
    return {"pm": group, **commands}


def test_no_command_gives_one_option_name_to_two_options() -> None:
    clashes = {}
    for name, command in _commands().items():
        counts = Counter(
            flag
            for param in command.params
            if getattr(param, "param_type_name", "") == "option"
            for flag in [*param.opts, *param.secondary_opts]
        )
        doubled = sorted(flag for flag, n in counts.items() if n > 1)
        if doubled:
            clashes[name] = doubled
    assert clashes == {}


def test_compute_short_t_is_the_targets_file_as_in_compare_and_validate() -> None:
    commands = _commands()
    for name in ("pm compute", "pm compare", "pm validate"):
        owner = [p.name for p in commands[name].params if "-t" in getattr(p, "opts", [])]
        assert owner == ["targets"], name
